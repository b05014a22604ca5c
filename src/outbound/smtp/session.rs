//! One SMTP connection: opening it (TLS, AUTH) and sending messages on it, each failure told by stage.

use std::error::Error as _;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use lettre::Address;
use secrecy::ExposeSecret;

use super::stream::{self, Recorded};
use super::{check_endpoint, ConnectionReport, Security, SendOutcome, ServerReply, SmtpEndpoint, SmtpFailure};

/// An open connection to one server, reused for many messages.
pub struct SmtpSession {
    conn: AsyncSmtpConnection,
    timeout: Duration,
    host: String,
    greeting: String,
    tls: bool,
    authenticated: bool,
    /// Set once the connection is in a state where no further command can be trusted.
    broken: bool,
    /// The server takes MAIL, RCPT and DATA in one write (RFC 2920).
    pipelining: bool,
}

impl std::fmt::Debug for SmtpSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSession")
            .field("host", &self.host)
            .field("tls", &self.tls)
            .field("authenticated", &self.authenticated)
            .field("usable", &self.is_usable())
            .finish()
    }
}

/// How one command ended when it did not succeed.
enum Step {
    /// The server answered with a negative reply; the connection is still in step.
    Reply(ServerReply),
    /// Not sent, because an earlier command of the same mail failed.
    Skipped,
    /// No reply could be read: the connection is gone or out of step.
    Lost(String),
    TimedOut,
}

impl SmtpSession {
    /// Connects, greets (EHLO), secures the connection (STARTTLS when asked; refused if the server does
    /// not offer it), greets again, and signs in (PLAIN or LOGIN) when a username is set.
    pub async fn open(endpoint: &SmtpEndpoint) -> Result<SmtpSession, SmtpFailure> {
        Ok(SmtpSession::open_reporting(endpoint, false).await?.0)
    }

    async fn open_reporting(endpoint: &SmtpEndpoint, list_capabilities: bool) -> Result<(SmtpSession, Vec<String>), SmtpFailure> {
        check_endpoint(endpoint)?;
        let client_id = ClientId::Domain(endpoint.hello_name.clone());
        let (tcp, peer) = stream::connect_tcp(endpoint).await?;
        let (transport, seen): (Box<dyn AsyncTokioStream>, _) = if endpoint.security == Security::Tls {
            let tls = stream::implicit_tls(endpoint, tcp).await?;
            let (recorded, seen) = Recorded::new(tls, peer);
            (Box::new(recorded), seen)
        } else {
            let (recorded, seen) = Recorded::new(tcp, peer);
            (Box::new(recorded), seen)
        };

        let opening = AsyncSmtpConnection::connect_with_transport(transport, &client_id);
        let conn = match tokio::time::timeout(endpoint.timeout, opening).await {
            Err(_) => return Err(SmtpFailure::Timeout { stage: "waiting for the server's greeting" }),
            Ok(Err(e)) => return Err(opening_failure(e, endpoint)),
            Ok(Ok(conn)) => conn,
        };
        let mut session = SmtpSession {
            conn,
            timeout: endpoint.timeout,
            host: endpoint.host.clone(),
            greeting: greeting_of(&seen),
            tls: endpoint.security == Security::Tls,
            authenticated: false,
            broken: false,
            pipelining: false,
        };

        if endpoint.security == Security::Starttls {
            session.starttls(endpoint, &client_id).await?;
        }
        if let Some(username) = &endpoint.username {
            session.authenticate(username, endpoint).await?;
        }
        // lettre keeps only the extensions it knows; PIPELINING is read from the (secured) greeting's list.
        let capabilities = session.capabilities(&client_id).await?;
        session.pipelining = capabilities.iter().any(|c| c.trim().eq_ignore_ascii_case("PIPELINING"));
        Ok((session, if list_capabilities { capabilities } else { Vec::new() }))
    }

    async fn starttls(&mut self, endpoint: &SmtpEndpoint, client_id: &ClientId) -> Result<(), SmtpFailure> {
        if !self.conn.server_info().supports_feature(Extension::StartTls) {
            return Err(SmtpFailure::TlsUnavailable { host: self.host.clone() });
        }
        let parameters = stream::starttls_parameters(endpoint)?;
        match tokio::time::timeout(self.timeout, self.conn.starttls(parameters, client_id)).await {
            Err(_) => Err(SmtpFailure::Timeout { stage: "setting up the secure connection" }),
            Ok(Err(e)) => match reply_of(&e) {
                Some(reply) if reply.code == 454 => Err(SmtpFailure::TlsUnavailable { host: self.host.clone() }),
                Some(reply) if reply.code / 100 == 4 => Err(SmtpFailure::Busy(reply)),
                Some(reply) => Err(SmtpFailure::Protocol(format!("STARTTLS was answered with {reply}"))),
                None => Err(SmtpFailure::Tls { detail: describe(&e) }),
            },
            Ok(Ok(())) => {
                self.tls = true;
                Ok(())
            }
        }
    }

    /// The extensions the server lists after the (secured) greeting, as it words them.
    async fn capabilities(&mut self, client_id: &ClientId) -> Result<Vec<String>, SmtpFailure> {
        match self.command(Ehlo::new(client_id.clone())).await {
            Ok(response) => Ok(response.message().skip(1).map(str::to_string).collect()),
            Err(Step::Reply(reply)) => Err(SmtpFailure::Protocol(format!("EHLO was answered with {reply}"))),
            Err(Step::Lost(detail)) => Err(SmtpFailure::Protocol(format!("the server closed the connection ({detail})"))),
            Err(Step::Skipped) => Err(SmtpFailure::Protocol("EHLO was not sent".into())),
            Err(Step::TimedOut) => Err(SmtpFailure::Timeout { stage: "listing the server's capabilities" }),
        }
    }

    async fn authenticate(&mut self, username: &str, endpoint: &SmtpEndpoint) -> Result<(), SmtpFailure> {
        const MECHANISMS: [Mechanism; 2] = [Mechanism::Plain, Mechanism::Login];
        let info = self.conn.server_info();
        if info.get_auth_mechanism(&MECHANISMS).is_none() {
            let offered: Vec<String> = [Mechanism::Plain, Mechanism::Login, Mechanism::Xoauth2]
                .into_iter()
                .filter(|m| info.supports_auth_mechanism(*m))
                .map(|m| m.to_string())
                .collect();
            let offered = if offered.is_empty() { "none".to_string() } else { offered.join(", ") };
            return Err(SmtpFailure::AuthUnsupported { offered });
        }
        let password = endpoint.password.as_ref().map(|p| p.expose_secret().to_string()).unwrap_or_default();
        let credentials = Credentials::new(username.to_string(), password);
        match tokio::time::timeout(self.timeout, self.conn.auth(&MECHANISMS, &credentials)).await {
            Err(_) => Err(SmtpFailure::Timeout { stage: "signing in" }),
            Ok(Err(e)) => match reply_of(&e) {
                Some(reply) if reply.code / 100 == 4 => Err(SmtpFailure::Busy(reply)),
                Some(reply) => Err(SmtpFailure::AuthRejected(reply)),
                None => Err(SmtpFailure::Protocol(format!("signing in failed: {}", describe(&e)))),
            },
            Ok(Ok(_)) => {
                self.authenticated = true;
                Ok(())
            }
        }
    }

    /// MAIL FROM, RCPT TO, DATA and the message bytes (already CRLF, as `build_message` makes them).
    /// Every failure is classified by the stage it happened at; nothing panics.
    pub async fn send(&mut self, from: &str, to: &str, message: &[u8]) -> SendOutcome {
        if !self.is_usable() {
            return SendOutcome::NotSent { detail: "the connection to the server was closed before this message".into() };
        }
        if !from.is_ascii() || !to.is_ascii() {
            // Would need SMTPUTF8, which few servers take; the policy gate blocks these addresses earlier.
            return SendOutcome::NotSent { detail: format!("{from} → {to}: only ASCII addresses can be sent to") };
        }
        let (from, to) = match (from.parse::<Address>(), to.parse::<Address>()) {
            (Err(e), _) => return SendOutcome::NotSent { detail: format!("the sender address {from:?} is not valid: {e}") },
            (_, Err(e)) => return SendOutcome::NotSent { detail: format!("the recipient address {to:?} is not valid: {e}") },
            (Ok(from), Ok(to)) => (from, to),
        };
        let mut parameters = Vec::new();
        if !message.is_ascii() {
            if !self.conn.server_info().supports_feature(Extension::EightBitMime) {
                return SendOutcome::NotSent { detail: "the message has 8-bit data and the server takes only 7-bit".into() };
            }
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }

        let (mail, rcpt) = (Mail::new(Some(from), parameters), Rcpt::new(to, Vec::new()));
        let replies = if self.pipelining {
            // One write, then the three replies in order; every reply is read so the connection stays in step.
            let first = self.command(format!("{mail}{rcpt}{Data}")).await;
            let rcpt = self.next_reply(&first).await;
            let data = self.next_reply(&rcpt).await;
            [first, rcpt, data]
        } else {
            let first = self.command(mail).await;
            let rcpt = if first.is_ok() { self.command(rcpt).await } else { Err(Step::Skipped) };
            let data = if rcpt.is_ok() { self.command(Data).await } else { Err(Step::Skipped) };
            [first, rcpt, data]
        };
        let [first, rcpt, data] = replies;
        if (first.is_err() || rcpt.is_err()) && data.is_ok() {
            // The server took DATA after refusing the envelope: it now waits for a message this session
            // will not send, so the connection is closed rather than reset.
            self.broken = true;
        }
        if let Err(step) = first {
            return self.refused_before_data(step, "MAIL FROM", SendOutcome::SenderRejected).await;
        }
        if let Err(step) = rcpt {
            return self.refused_before_data(step, "RCPT TO", rejected).await;
        }
        if let Err(step) = data {
            return self.refused_before_data(step, "DATA", rejected).await;
        }

        // The data ends with CRLF.CRLF; a message's own final CRLF would add an empty line.
        let message = message.strip_suffix(b"\r\n").unwrap_or(message);
        let handed = match std::str::from_utf8(message) {
            // The text, dot-stuffed and ended, in one write: lettre writes the end apart, one more packet and
            // one more wake-up of the server per mail.
            Ok(text) => tokio::time::timeout(self.timeout, self.conn.command(DataText(text))).await,
            Err(_) => tokio::time::timeout(self.timeout, self.conn.message(message)).await,
        };
        match handed {
            Ok(Ok(response)) => SendOutcome::Accepted(reply_from(&response)),
            Ok(Err(e)) => match reply_of(&e) {
                Some(reply) => {
                    self.broken |= reply.code == 421;
                    if reply.code / 100 == 4 {
                        SendOutcome::Deferred(reply)
                    } else {
                        rejected(reply)
                    }
                }
                None => {
                    self.broken = true;
                    SendOutcome::Unknown {
                        evidence: format!(
                            "the message data was sent, then the connection failed before the server's final reply ({})",
                            describe(&e)
                        ),
                    }
                }
            },
            Err(_) => {
                self.broken = true;
                SendOutcome::Unknown {
                    evidence: format!(
                        "the message data was sent and the server gave no final reply within {}",
                        stream::seconds(self.timeout)
                    ),
                }
            }
        }
    }

    /// A failure before the message data: the server refused (the transaction is reset so the connection
    /// can take the next message), or the connection was lost and nothing of the message went out.
    async fn refused_before_data(&mut self, step: Step, stage: &str, permanent: fn(ServerReply) -> SendOutcome) -> SendOutcome {
        match step {
            Step::Reply(reply) => {
                if reply.code == 421 || self.broken {
                    self.broken = true;
                } else {
                    self.reset().await;
                }
                if reply.code / 100 == 4 {
                    SendOutcome::Deferred(reply)
                } else {
                    permanent(reply)
                }
            }
            Step::Lost(detail) => SendOutcome::NotSent { detail: format!("the connection was lost at {stage}: {detail}") },
            Step::Skipped => SendOutcome::NotSent { detail: format!("{stage} was not sent") },
            Step::TimedOut => {
                SendOutcome::NotSent { detail: format!("the server did not answer {stage} within {}", stream::seconds(self.timeout)) }
            }
        }
    }

    async fn reset(&mut self) {
        if self.command(Rset).await.is_err() {
            self.broken = true;
        }
    }

    /// One command and its reply, within the timeout. A lost or timed-out command breaks the session:
    /// a late reply would otherwise be read as the answer to the next command.
    async fn command<C: std::fmt::Display>(&mut self, command: C) -> Result<Response, Step> {
        let result = with_timeout(self.timeout, self.conn.command(command)).await;
        if matches!(result, Err(Step::Lost(_) | Step::TimedOut)) {
            self.broken = true;
        }
        result
    }

    /// The next pipelined reply; after a lost or timed-out one, nothing more can be read in step.
    async fn next_reply(&mut self, previous: &Result<Response, Step>) -> Result<Response, Step> {
        if matches!(previous, Err(Step::Lost(_) | Step::TimedOut | Step::Skipped)) {
            return Err(Step::Skipped);
        }
        let result = with_timeout(self.timeout, self.conn.read_response()).await;
        if matches!(result, Err(Step::Lost(_) | Step::TimedOut)) {
            self.broken = true;
        }
        result
    }

    /// Whether the connection can take another message.
    pub fn is_usable(&self) -> bool {
        !self.broken && !self.conn.has_broken()
    }

    /// The server's greeting line(s), as it sent them.
    pub fn greeting(&self) -> &str {
        &self.greeting
    }

    /// Says goodbye (QUIT) when the connection is still in step; either way the socket closes on drop.
    pub async fn close(mut self) {
        if self.is_usable() {
            let _ = tokio::time::timeout(self.timeout, self.conn.quit()).await;
        }
    }
}

/// A message's text as the data phase sends it: every line that starts with a dot gets one more (RFC 5321
/// 4.5.2), then CRLF.CRLF ends it.
struct DataText<'a>(&'a str);

impl std::fmt::Display for DataText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, line) in self.0.split("\r\n").enumerate() {
            if i > 0 {
                f.write_str("\r\n")?;
            }
            if line.starts_with('.') {
                f.write_str(".")?;
            }
            f.write_str(line)?;
        }
        f.write_str("\r\n.\r\n")
    }
}

/// "Test connection": a real greeting, STARTTLS and sign-in; returns what the server said.
pub async fn test_connection(endpoint: &SmtpEndpoint) -> Result<ConnectionReport, SmtpFailure> {
    let (session, capabilities) = SmtpSession::open_reporting(endpoint, true).await?;
    let report =
        ConnectionReport { greeting: session.greeting.clone(), capabilities, tls: session.tls, authenticated: session.authenticated };
    session.close().await;
    Ok(report)
}

fn rejected(reply: ServerReply) -> SendOutcome {
    let hard = reply.is_hard_bounce();
    SendOutcome::Rejected { reply, hard }
}

async fn with_timeout<T>(timeout: Duration, fut: impl Future<Output = Result<T, lettre::transport::smtp::Error>>) -> Result<T, Step> {
    match tokio::time::timeout(timeout, fut).await {
        Err(_) => Err(Step::TimedOut),
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(match reply_of(&e) {
            Some(reply) => Step::Reply(reply),
            None => Step::Lost(describe(&e)),
        }),
    }
}

/// The server's reply carried by a lettre error, when the error is a negative reply.
fn reply_of(e: &lettre::transport::smtp::Error) -> Option<ServerReply> {
    let code = e.status()?;
    let text = e.source().map(|s| s.to_string()).unwrap_or_default();
    Some(ServerReply { code: code.into(), text })
}

fn reply_from(response: &Response) -> ServerReply {
    ServerReply { code: response.code().into(), text: response.message().collect::<Vec<_>>().join(" ") }
}

/// An error with its causes, for the user ("network error: connection reset by peer").
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn opening_failure(e: lettre::transport::smtp::Error, endpoint: &SmtpEndpoint) -> SmtpFailure {
    match reply_of(&e) {
        Some(reply) if reply.code / 100 == 4 => SmtpFailure::Busy(reply),
        Some(reply) => SmtpFailure::Protocol(format!("the server refused the connection: {reply}")),
        None => SmtpFailure::Connect {
            host: endpoint.host.clone(),
            port: endpoint.port,
            detail: format!("no SMTP greeting ({})", describe(&e)),
        },
    }
}

fn greeting_of(seen: &Arc<Mutex<Vec<u8>>>) -> String {
    let bytes = seen.lock().unwrap_or_else(|e| e.into_inner());
    stream::first_reply_text(&bytes)
}

#[cfg(test)]
mod tests {
    use super::DataText;

    #[test]
    fn the_data_is_dot_stuffed_and_ended_in_one_piece() {
        let text = DataText("Subject: x\r\n\r\n.hidden line\r\nlast.").to_string();
        assert_eq!(text, "Subject: x\r\n\r\n..hidden line\r\nlast.\r\n.\r\n");
        assert_eq!(DataText(".").to_string(), "..\r\n.\r\n", "a lone dot is not the end");
    }
}
