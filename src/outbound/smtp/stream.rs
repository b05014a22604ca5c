//! The byte stream under an SMTP session: TCP (and implicit TLS, opened here), recording the server's
//! greeting, which lettre reads and discards before we could see it.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::transport::smtp::client::{AsyncTokioStream, Certificate, TlsParameters, TlsParametersBuilder};
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::ClientConfig;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::{Security, SmtpEndpoint, SmtpFailure};
use crate::net_connect::{connect_tcp as connect, ConnectError};
use crate::net_tls::{self, TlsSetupError};

/// The greeting is one reply; a few lines at most. Anything past this is the EHLO answer or later.
const GREETING_LIMIT: usize = 2048;

/// A stream that keeps a copy of the first bytes the server sends.
pub(super) struct Recorded<S> {
    inner: S,
    peer: SocketAddr,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl<S> Recorded<S> {
    pub(super) fn new(inner: S, peer: SocketAddr) -> (Recorded<S>, Arc<Mutex<Vec<u8>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        (Recorded { inner, peer, seen: seen.clone() }, seen)
    }
}

impl<S> fmt::Debug for Recorded<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorded").field("peer", &self.peer).finish()
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Recorded<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            let room = GREETING_LIMIT.saturating_sub(seen.len());
            let fresh = &buf.filled()[before..];
            seen.extend_from_slice(&fresh[..fresh.len().min(room)]);
        }
        poll
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Recorded<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl<S: AsyncRead + AsyncWrite + Send + Sync + Unpin> AsyncTokioStream for Recorded<S> {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}

/// The text of the first reply in `bytes` (the greeting), its lines joined with a space.
pub(super) fn first_reply_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = Vec::new();
    for line in text.split("\r\n") {
        let (head, rest) = line.split_at(line.len().min(4));
        lines.push(rest.trim().to_string());
        if head.len() < 4 || head.ends_with(' ') {
            break;
        }
    }
    lines.retain(|l| !l.is_empty());
    lines.join(" ")
}

pub(super) use crate::net_connect::bare_host;

/// Opens TCP to the first address that answers (see `net_connect`).
pub(super) async fn connect_tcp(endpoint: &SmtpEndpoint) -> Result<(TcpStream, SocketAddr), SmtpFailure> {
    let loopback_only = endpoint.security == Security::None;
    connect(&endpoint.host, endpoint.port, endpoint.timeout, loopback_only).await.map_err(|e| match e {
        ConnectError::Timeout(stage) => SmtpFailure::Timeout { stage },
        ConnectError::Failed(detail) => SmtpFailure::Connect { host: endpoint.host.clone(), port: endpoint.port, detail },
    })
}

/// The TLS handshake of implicit TLS (port 465 style).
pub(super) async fn implicit_tls(
    endpoint: &SmtpEndpoint,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, SmtpFailure> {
    let config = rustls_config(endpoint.extra_root_pem.as_deref())?;
    let name = ServerName::try_from(bare_host(&endpoint.host).to_string())
        .map_err(|_| SmtpFailure::InvalidEndpoint(format!("\"{}\" is not a valid server name", endpoint.host)))?;
    tokio::time::timeout(endpoint.timeout, TlsConnector::from(config).connect(name, tcp))
        .await
        .map_err(|_| SmtpFailure::Timeout { stage: "setting up the secure connection" })?
        .map_err(|e| SmtpFailure::Tls { detail: e.to_string() })
}

/// TLS parameters for STARTTLS: the public roots plus the endpoint's own CA, as for implicit TLS.
pub(super) fn starttls_parameters(endpoint: &SmtpEndpoint) -> Result<TlsParameters, SmtpFailure> {
    let mut builder = TlsParametersBuilder::new(bare_host(&endpoint.host).to_string());
    if let Some(pem) = &endpoint.extra_root_pem {
        parse_pem(pem)?;
        let cert = Certificate::from_pem(pem)
            .map_err(|e| SmtpFailure::InvalidEndpoint(format!("the extra root certificate is not a valid PEM certificate: {e}")))?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build_rustls().map_err(|e| SmtpFailure::Tls { detail: e.to_string() })
}

/// The certificates of a PEM file; an empty or broken one is refused.
pub(super) fn parse_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, SmtpFailure> {
    net_tls::parse_pem(pem).map_err(|e| SmtpFailure::InvalidEndpoint(e.to_string()))
}

fn rustls_config(extra_root_pem: Option<&[u8]>) -> Result<Arc<ClientConfig>, SmtpFailure> {
    net_tls::client_config(extra_root_pem).map_err(|e| match e {
        TlsSetupError::BadExtraRoot(m) => SmtpFailure::InvalidEndpoint(m),
        TlsSetupError::Config(detail) => SmtpFailure::Tls { detail },
    })
}

pub(super) fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_greeting_is_the_first_reply_only() {
        let bytes = b"220-mx.example.com ESMTP\r\n220 ready\r\n250-mx.example.com\r\n250 8BITMIME\r\n";
        assert_eq!(first_reply_text(bytes), "mx.example.com ESMTP ready", "EHLO lines are not part of the greeting");
    }

    #[test]
    fn an_ipv6_literal_loses_its_brackets() {}
}
