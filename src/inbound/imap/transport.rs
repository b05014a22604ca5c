//! The byte stream under an IMAP session: TCP, then TLS (implicit or after STARTTLS), with a deadline on
//! silence: a read or a write that makes no progress for the endpoint's timeout fails with `TimedOut`, so
//! a server that stops answering mid-command never hangs the sync, while a large message that keeps
//! arriving is never cut short. IDLE lifts the deadline while it waits.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::{ImapEndpoint, ImapFailure, Security};
use crate::net_connect::{connect_tcp, ConnectError};
use crate::net_tls::{self, TlsSetupError};
use crate::outbound::smtp::is_loopback_host;

enum Inner {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// TCP or TLS, with a deadline on silence.
pub(crate) struct Transport {
    inner: Inner,
    silence: Option<Duration>,
    read_deadline: Option<Pin<Box<Sleep>>>,
    write_deadline: Option<Pin<Box<Sleep>>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.inner {
            Inner::Plain(_) => "plain",
            Inner::Tls(_) => "tls",
        };
        f.debug_struct("Transport").field("kind", &kind).field("silence", &self.silence).finish()
    }
}

impl Transport {
    fn new(inner: Inner, silence: Duration) -> Transport {
        Transport { inner, silence: Some(silence), read_deadline: None, write_deadline: None }
    }

    pub(crate) fn is_tls(&self) -> bool {
        matches!(self.inner, Inner::Tls(_))
    }

    /// `None` waits for the server as long as it takes (IDLE); `Some` fails a silent read or write.
    pub(crate) fn set_silence_limit(&mut self, limit: Option<Duration>) {
        self.silence = limit;
        self.read_deadline = None;
        self.write_deadline = None;
    }

    /// The TLS handshake over this plain connection (after the server accepted STARTTLS).
    pub(crate) async fn upgrade(self, endpoint: &ImapEndpoint) -> Result<Transport, ImapFailure> {
        let silence = self.silence.unwrap_or(endpoint.timeout);
        match self.inner {
            Inner::Plain(tcp) => Ok(Transport::new(Inner::Tls(Box::new(handshake(endpoint, tcp).await?)), silence)),
            Inner::Tls(_) => Err(ImapFailure::Protocol { detail: "the connection is already secured".into() }),
        }
    }
}

/// Polls the deadline of a pending operation: armed on the first `Pending`, cleared by any progress.
fn silence_expired(deadline: &mut Option<Pin<Box<Sleep>>>, limit: Option<Duration>, cx: &mut Context<'_>) -> bool {
    let Some(limit) = limit else { return false };
    let sleep = deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
    sleep.as_mut().poll(cx).is_ready()
}

/// An I/O poll bounded by the silence limit: progress clears the deadline, a wait past it is a timeout.
fn bounded<T>(
    poll: Poll<io::Result<T>>,
    deadline: &mut Option<Pin<Box<Sleep>>>,
    limit: Option<Duration>,
    cx: &mut Context<'_>,
) -> Poll<io::Result<T>> {
    match poll {
        Poll::Ready(r) => {
            *deadline = None;
            Poll::Ready(r)
        }
        Poll::Pending if silence_expired(deadline, limit, cx) => {
            *deadline = None;
            Poll::Ready(Err(timed_out()))
        }
        Poll::Pending => Poll::Pending,
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "the server sent nothing within the time limit")
}

impl AsyncRead for Transport {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = match &mut this.inner {
            Inner::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        };
        bounded(poll, &mut this.read_deadline, this.silence, cx)
    }
}

impl AsyncWrite for Transport {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = match &mut this.inner {
            Inner::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        };
        bounded(poll, &mut this.write_deadline, this.silence, cx)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = match &mut this.inner {
            Inner::Plain(s) => Pin::new(s).poll_flush(cx),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        };
        bounded(poll, &mut this.write_deadline, this.silence, cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().inner {
            Inner::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

pub(crate) use crate::net_connect::bare_host;

/// TCP to the first address that answers (see `net_connect`), then TLS at once for implicit TLS.
pub(crate) async fn connect(endpoint: &ImapEndpoint) -> Result<Transport, ImapFailure> {
    let loopback_only = endpoint.security == Security::None;
    let (tcp, _) = connect_tcp(&endpoint.host, endpoint.port, endpoint.timeout, loopback_only).await.map_err(|e| match e {
        ConnectError::Timeout(stage) => ImapFailure::Timeout { stage: stage.into() },
        ConnectError::Failed(detail) => ImapFailure::Connect { host: endpoint.host.clone(), port: endpoint.port, detail },
    })?;
    let inner = match endpoint.security {
        Security::Tls => Inner::Tls(Box::new(handshake(endpoint, tcp).await?)),
        Security::Starttls | Security::None => Inner::Plain(tcp),
    };
    Ok(Transport::new(inner, endpoint.timeout))
}

async fn handshake(endpoint: &ImapEndpoint, tcp: TcpStream) -> Result<TlsStream<TcpStream>, ImapFailure> {
    let config = net_tls::client_config(endpoint.extra_root_pem.as_deref()).map_err(|e| match e {
        TlsSetupError::BadExtraRoot(m) => ImapFailure::InvalidEndpoint(m),
        TlsSetupError::Config(detail) => ImapFailure::Tls { detail },
    })?;
    let name = ServerName::try_from(bare_host(&endpoint.host).to_string())
        .map_err(|_| ImapFailure::InvalidEndpoint(format!("\"{}\" is not a valid server name", endpoint.host)))?;
    tokio::time::timeout(endpoint.timeout, TlsConnector::from(config).connect(name, tcp))
        .await
        .map_err(|_| ImapFailure::Timeout { stage: "setting up the secure connection".into() })?
        .map_err(|e| ImapFailure::Tls { detail: e.to_string() })
}

/// Plaintext is refused before any connection to a host that is not this computer.
pub(crate) fn plaintext_allowed(host: &str) -> bool {
    is_loopback_host(host)
}
