//! One tagged command and its answer, read response by response until the server's tagged completion.
//! async-imap's own stream helpers end quietly on a closed connection or a tagged NO; here a command
//! either completes with OK or fails, so a dropped connection is never taken for the end of the answer.

use std::io;

use async_imap::imap_proto::{MailboxDatum, Response, ResponseCode, Status};
use tokio::io::AsyncWriteExt;

use super::session::ImapSession;
use super::ImapFailure;

/// How a command failed, before it is put in the user's words with the stage it failed at.
#[derive(Debug)]
pub(super) enum CommandError {
    Io(io::Error),
    /// The server closed the connection before completing the command.
    Closed,
    /// A tagged NO or BAD: the server's text, and whether it said TRYCREATE (the folder does not exist).
    Refused {
        text: String,
        try_create: bool,
    },
    Client(String),
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> CommandError {
        CommandError::Io(e)
    }
}

impl From<async_imap::error::Error> for CommandError {
    fn from(e: async_imap::error::Error) -> CommandError {
        use async_imap::error::Error;
        match e {
            Error::Io(e) => CommandError::Io(e),
            Error::ConnectionLost => CommandError::Closed,
            Error::No(text) | Error::Bad(text) => CommandError::Refused { text: server_words(&text), try_create: false },
            Error::Validate(_) => CommandError::Client("a value contains a character IMAP cannot carry".into()),
            other => CommandError::Client(shorten(&other.to_string())),
        }
    }
}

impl CommandError {
    /// The user's version of this error: `stage` says what was being done ("fetching messages").
    pub(super) fn failure(self, host: &str, port: u16, stage: &str) -> ImapFailure {
        match self {
            CommandError::Io(e) if e.kind() == io::ErrorKind::TimedOut => ImapFailure::Timeout { stage: stage.into() },
            CommandError::Io(e) if is_disconnect(&e) => {
                ImapFailure::Connect { host: host.into(), port, detail: format!("the connection was closed while {stage}") }
            }
            CommandError::Io(e) if e.kind() == io::ErrorKind::Other => {
                ImapFailure::Protocol { detail: format!("while {stage}: {}", shorten(&e.to_string())) }
            }
            CommandError::Io(e) => ImapFailure::Connect { host: host.into(), port, detail: format!("{e} while {stage}") },
            CommandError::Closed => {
                ImapFailure::Connect { host: host.into(), port, detail: format!("the connection was closed while {stage}") }
            }
            CommandError::Refused { text, .. } => {
                ImapFailure::Protocol { detail: format!("the server refused {stage}: {}", shorten(&text)) }
            }
            CommandError::Client(detail) => ImapFailure::Protocol { detail: format!("while {stage}: {detail}") },
        }
    }
}

fn is_disconnect(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::NotConnected
    )
}

/// Server text is shown to the user; a runaway one (a parse error quoting a whole message) is cut.
pub(super) fn shorten(text: &str) -> String {
    const LIMIT: usize = 300;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    format!("{cut}…")
}

/// The server's own words out of async-imap's `code: …, info: Some("…")` rendering of a NO or BAD.
pub(super) fn server_words(rendered: &str) -> String {
    let Some(start) = rendered.find("info: Some(\"") else { return rendered.to_string() };
    let rest = &rendered[start + "info: Some(\"".len()..];
    match rest.rfind("\")") {
        Some(end) => rest[..end].replace("\\\"", "\""),
        None => rest.to_string(),
    }
}

/// The text and response code of a completion, owned.
pub(super) fn outcome_text(information: Option<&str>) -> String {
    information.unwrap_or("").trim().to_string()
}

impl ImapSession {
    /// Sends `command` and reads until its tagged completion; `on_response` sees every response, the
    /// completion included (APPENDUID is a code on it). Untagged EXISTS/RECENT/EXPUNGE are remembered:
    /// IDLE then returns at once instead of waiting for news it already missed.
    pub(super) async fn command(&mut self, command: &str, mut on_response: impl FnMut(&Response<'_>)) -> Result<(), CommandError> {
        let tag = self.inner.run_command(command).await?;
        self.read_until_done(&tag, &mut on_response, None).await
    }

    /// APPEND-like commands: `command` ends with a `{n}` literal announcement; `literal` follows once the
    /// server invites it.
    pub(super) async fn command_with_literal(
        &mut self,
        command: &str,
        literal: &[u8],
        mut on_response: impl FnMut(&Response<'_>),
    ) -> Result<(), CommandError> {
        let tag = self.inner.run_command(command).await?;
        self.read_until_done(&tag, &mut on_response, Some(literal)).await
    }

    async fn read_until_done(
        &mut self,
        tag: &async_imap::imap_proto::RequestId,
        on_response: &mut impl FnMut(&Response<'_>),
        mut literal: Option<&[u8]>,
    ) -> Result<(), CommandError> {
        loop {
            let Some(response) = self.inner.read_response().await? else {
                return Err(CommandError::Closed);
            };
            let parsed = response.parsed();
            match parsed {
                Response::Continue(_) => {
                    if let Some(bytes) = literal.take() {
                        let stream = self.inner.get_mut();
                        stream.write_all(bytes).await?;
                        stream.write_all(b"\r\n").await?;
                        stream.flush().await?;
                    }
                    continue;
                }
                Response::Done { tag: done, status, outcome } if done == tag => {
                    on_response(parsed);
                    return match status {
                        Status::Ok => Ok(()),
                        _ => Err(CommandError::Refused {
                            text: outcome_text(outcome.information.as_deref()),
                            try_create: matches!(outcome.code, Some(ResponseCode::TryCreate)),
                        }),
                    };
                }
                Response::Data { status: Status::Bye, outcome } => {
                    let text = outcome_text(outcome.information.as_deref());
                    return Err(CommandError::Io(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        format!("the server ended the session ({text})"),
                    )));
                }
                Response::MailboxData(MailboxDatum::Exists(_) | MailboxDatum::Recent(_)) | Response::Expunge(_) => {
                    self.news = true;
                }
                _ => {}
            }
            on_response(parsed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_words_are_taken_out_of_the_rendered_refusal() {
        let rendered = r#"code: Some(AuthenticationFailed), info: Some("Authentication failed.")"#;
        assert_eq!(server_words(rendered), "Authentication failed.", "the user reads the server, not Rust's Debug");
        assert_eq!(server_words("plain words"), "plain words", "text without the wrapper is kept as it is");
    }

    #[test]
    fn a_runaway_server_text_is_cut() {
        let long = "x".repeat(10_000);
        assert!(shorten(&long).chars().count() <= 301, "a parse error may quote a whole message");
    }

    #[test]
    fn a_closed_connection_and_a_silent_server_are_transient_failures() {
        let closed = CommandError::Closed.failure("h", 1, "fetching messages");
        assert!(closed.is_transient(), "a dropped connection is retried: {closed}");
        let silent = CommandError::Io(io::Error::new(io::ErrorKind::TimedOut, "x")).failure("h", 1, "fetching messages");
        assert!(matches!(silent, ImapFailure::Timeout { .. }), "silence is a timeout: {silent}");
    }
}
