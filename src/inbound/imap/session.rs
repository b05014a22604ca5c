//! Opening a session (greeting, STARTTLS, sign-in, capabilities), IDLE and logging out.

use std::time::Duration;

use async_imap::imap_proto::{Capability, Response, ResponseCode, Status};
use async_imap::Client;
use secrecy::ExposeSecret;
use tokio::io::AsyncWriteExt;

use super::command::{outcome_text, server_words, shorten, CommandError};
use super::transport::{self, Transport};
use super::{check_endpoint, IdleEnd, ImapEndpoint, ImapFailure, ImapReport, Security};

/// One signed-in connection to an IMAP server.
pub struct ImapSession {
    pub(super) inner: async_imap::Session<Transport>,
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) timeout: Duration,
    pub(super) greeting: String,
    pub(super) capabilities: Vec<String>,
    /// The folder last examined, if any.
    pub(super) selected: Option<String>,
    /// The server reported a change in the examined folder since the last look (EXISTS, EXPUNGE).
    pub(super) news: bool,
}

impl std::fmt::Debug for ImapSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapSession").field("host", &self.host).field("port", &self.port).field("selected", &self.selected).finish()
    }
}

/// "Test connection": signs in, lists the folders and logs out.
pub async fn test_connection(endpoint: &ImapEndpoint) -> Result<ImapReport, ImapFailure> {
    let mut session = ImapSession::open(endpoint).await?;
    let folders = session.list_folders().await?.into_iter().map(|f| f.name).collect();
    let report = ImapReport {
        greeting: session.greeting.clone(),
        capabilities: session.capabilities.clone(),
        tls: session.inner.get_ref().is_tls(),
        authenticated: true,
        folders,
    };
    session.logout().await;
    Ok(report)
}

/// The PLAIN mechanism (RFC 4616) for servers that disable LOGIN.
struct Plain<'a> {
    username: &'a str,
    password: &'a str,
}

impl async_imap::Authenticator for Plain<'_> {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        format!("\0{}\0{}", self.username, self.password).into_bytes()
    }
}

impl ImapSession {
    /// Connect (every stage under endpoint.timeout), TLS or STARTTLS (refused when not offered), LOGIN
    /// (AUTHENTICATE PLAIN where LOGIN is disabled), CAPABILITY.
    pub async fn open(endpoint: &ImapEndpoint) -> Result<ImapSession, ImapFailure> {
        check_endpoint(endpoint)?;
        let (host, port) = (endpoint.host.clone(), endpoint.port);
        let fail = |stage: &str| {
            let (host, port) = (host.clone(), port);
            let stage = stage.to_string();
            move |e: CommandError| e.failure(&host, port, &stage)
        };

        let mut client = Client::new(transport::connect(endpoint).await?);
        let (greeting, mut capabilities) = read_greeting(&mut client, endpoint).await?;
        if capabilities.is_empty() {
            capabilities = pre_login_capabilities(&mut client).await.map_err(fail("asking for its capabilities"))?;
        }
        if endpoint.security == Security::Starttls {
            if !has(&capabilities, "STARTTLS") {
                return Err(ImapFailure::TlsUnavailable { host: endpoint.host.clone() });
            }
            client.run_command_and_check_ok("STARTTLS", None).await.map_err(|e| fail("starting TLS")(e.into()))?;
            client = Client::new(client.into_inner().upgrade(endpoint).await?);
            // RFC 3501 6.2.1: what was learnt before TLS is forgotten.
            capabilities = pre_login_capabilities(&mut client).await.map_err(fail("asking for its capabilities"))?;
        }

        let username = endpoint.username.as_str();
        let password = endpoint.password.expose_secret();
        let signed_in = if !has(&capabilities, "LOGINDISABLED") {
            client.login_with_capabilities(username, password).await
        } else if has(&capabilities, "AUTH=PLAIN") {
            client.authenticate("PLAIN", Plain { username, password }).await.map(|s| (s, None))
        } else {
            let offered: Vec<&str> = capabilities.iter().filter(|c| c.starts_with("AUTH=")).map(String::as_str).collect();
            return Err(ImapFailure::Protocol {
                detail: format!(
                    "the server offers no sign-in method this app supports (LOGIN or PLAIN) on this connection; \
                     it offers: {}",
                    if offered.is_empty() { "none".to_string() } else { offered.join(" ") }
                ),
            });
        };
        let (inner, after_login) = signed_in.map_err(|(e, _client)| sign_in_failure(e, &host, port))?;

        let mut session = ImapSession {
            inner,
            host: host.clone(),
            port,
            timeout: endpoint.timeout,
            greeting,
            capabilities: Vec::new(),
            selected: None,
            news: false,
        };
        session.capabilities = match after_login {
            Some(caps) => caps.iter().map(capability_name_of).collect(),
            None => session.capability().await?,
        };
        Ok(session)
    }

    /// The server announces IDLE (RFC 2177); without it the caller polls.
    pub fn has_idle(&self) -> bool {
        has(&self.capabilities, "IDLE")
    }

    /// The capabilities after sign-in, as the server names them.
    pub fn capabilities(&self) -> &[String] {
        &self.capabilities
    }

    async fn capability(&mut self) -> Result<Vec<String>, ImapFailure> {
        let mut found = Vec::new();
        self.command("CAPABILITY", |r| {
            if let Response::Capabilities(caps) = r {
                found.extend(caps.iter().map(capability_name));
            }
        })
        .await
        .map_err(|e| self.failure(e, "asking for its capabilities"))?;
        Ok(found)
    }

    pub(super) fn failure(&self, e: CommandError, stage: &str) -> ImapFailure {
        e.failure(&self.host, self.port, stage)
    }

    /// IDLE on the examined folder until the server reports new data or `wait` passes; DONE is sent with a
    /// timeout. Consumes and returns the session (async-imap's IDLE handle owns it).
    pub async fn idle(mut self, wait: Duration) -> Result<(ImapSession, IdleEnd), ImapFailure> {
        if self.news {
            // A change came in with an earlier answer: no need to wait for it.
            self.news = false;
            return Ok((self, IdleEnd::NewData));
        }
        let (host, port, timeout) = (self.host.clone(), self.port, self.timeout);
        let fail = |e: async_imap::error::Error, stage: &str| CommandError::from(e).failure(&host, port, stage);
        let ImapSession { inner, greeting, capabilities, selected, .. } = self;
        let mut handle = inner.idle();
        handle.init().await.map_err(|e| fail(e, "starting IDLE"))?;
        // Waiting is not silence: the deadline on silence is lifted while the server has nothing to say.
        handle.as_mut().set_silence_limit(None);
        let ended = {
            let (wait_for_news, _stop) = handle.wait_with_timeout(wait);
            match tokio::time::timeout(wait, wait_for_news).await {
                Err(_) => Ok(IdleEnd::Timeout),
                Ok(Ok(async_imap::extensions::idle::IdleResponse::Timeout)) => Ok(IdleEnd::Timeout),
                Ok(Ok(async_imap::extensions::idle::IdleResponse::NewData(_))) => Ok(IdleEnd::NewData),
                // The stop source is still held: the stream ended because the connection closed.
                Ok(Ok(async_imap::extensions::idle::IdleResponse::ManualInterrupt)) => {
                    Err(CommandError::Closed.failure(&host, port, "waiting for new mail"))
                }
                Ok(Err(e)) => Err(fail(e, "waiting for new mail")),
            }
        };
        handle.as_mut().set_silence_limit(Some(timeout));
        let ended = ended?;
        let inner = tokio::time::timeout(timeout, handle.done())
            .await
            .map_err(|_| ImapFailure::Timeout { stage: "ending IDLE".into() })?
            .map_err(|e| fail(e, "ending IDLE"))?;
        let session = ImapSession { inner, host, port, timeout, greeting, capabilities, selected, news: false };
        Ok((session, ended))
    }

    /// LOGOUT, bounded by the timeout; a server that does not answer is simply left.
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(self.timeout, self.inner.logout()).await;
    }
}

async fn read_greeting(client: &mut Client<Transport>, endpoint: &ImapEndpoint) -> Result<(String, Vec<String>), ImapFailure> {
    let stage = "reading the server's greeting";
    let response = client
        .read_response()
        .await
        .map_err(|e| CommandError::Io(e).failure(&endpoint.host, endpoint.port, stage))?
        .ok_or_else(|| CommandError::Closed.failure(&endpoint.host, endpoint.port, stage))?;
    match response.parsed() {
        Response::Data { status: Status::Ok | Status::PreAuth, outcome } => {
            let caps = match &outcome.code {
                Some(ResponseCode::Capabilities(caps)) => caps.iter().map(capability_name).collect(),
                _ => Vec::new(),
            };
            Ok((outcome_text(outcome.information.as_deref()), caps))
        }
        Response::Data { status: Status::Bye, outcome } => Err(ImapFailure::Connect {
            host: endpoint.host.clone(),
            port: endpoint.port,
            detail: format!("the server is not taking connections now ({})", outcome_text(outcome.information.as_deref())),
        }),
        other => Err(ImapFailure::Protocol { detail: shorten(&format!("an unexpected greeting: {other:?}")) }),
    }
}

/// CAPABILITY before sign-in. async-imap keeps its command helpers for signed-in sessions, so this one
/// is written by hand with a tag of its own.
async fn pre_login_capabilities(client: &mut Client<Transport>) -> Result<Vec<String>, CommandError> {
    const TAG: &str = "R0";
    let stream = client.get_mut();
    stream.write_all(format!("{TAG} CAPABILITY\r\n").as_bytes()).await?;
    stream.flush().await?;
    let mut found = Vec::new();
    loop {
        let Some(response) = client.read_response().await? else { return Err(CommandError::Closed) };
        match response.parsed() {
            Response::Capabilities(caps) => found.extend(caps.iter().map(capability_name)),
            Response::Done { tag, status, outcome } if tag.0 == TAG => {
                return match status {
                    Status::Ok => Ok(found),
                    _ => Err(CommandError::Refused { text: outcome_text(outcome.information.as_deref()), try_create: false }),
                };
            }
            _ => {}
        }
    }
}

fn sign_in_failure(e: async_imap::error::Error, host: &str, port: u16) -> ImapFailure {
    match e {
        async_imap::error::Error::No(text) => ImapFailure::AuthRejected { detail: shorten(&server_words(&text)) },
        other => CommandError::from(other).failure(host, port, "signing in"),
    }
}

fn capability_name(c: &Capability<'_>) -> String {
    match c {
        Capability::Imap4rev1 => "IMAP4rev1".to_string(),
        Capability::Auth(mechanism) => format!("AUTH={mechanism}"),
        Capability::Atom(atom) => atom.to_string(),
    }
}

fn capability_name_of(c: &async_imap::types::Capability) -> String {
    match c {
        async_imap::types::Capability::Imap4rev1 => "IMAP4rev1".to_string(),
        async_imap::types::Capability::Auth(mechanism) => format!("AUTH={mechanism}"),
        async_imap::types::Capability::Atom(atom) => atom.clone(),
    }
}

fn has(capabilities: &[String], name: &str) -> bool {
    capabilities.iter().any(|c| c.eq_ignore_ascii_case(name))
}
