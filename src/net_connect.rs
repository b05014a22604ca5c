//! Opening TCP to a mail server, shared by SMTP and IMAP: the name resolved under the time limit, then the
//! first address that answers. For plaintext only loopback addresses are tried, so a name that resolves
//! elsewhere cannot carry a password in the clear.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;

/// The host without the brackets of an IPv6 literal.
pub(crate) fn bare_host(host: &str) -> &str {
    let host = host.trim();
    host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host)
}

/// Why no connection was opened; each protocol words it in its own failure type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConnectError {
    /// The stage that ran out of time.
    Timeout(&'static str),
    /// What the resolver or the last address said.
    Failed(String),
}

/// TCP (with Nagle off: mail protocols are conversations of small writes) to the first address of `host`
/// that answers; `loopback_only` for plaintext.
pub(crate) async fn connect_tcp(
    host: &str,
    port: u16,
    timeout: Duration,
    loopback_only: bool,
) -> Result<(TcpStream, SocketAddr), ConnectError> {
    let addrs = tokio::time::timeout(timeout, tokio::net::lookup_host((bare_host(host), port)))
        .await
        .map_err(|_| ConnectError::Timeout("looking up the server's address"))?
        .map_err(|e| ConnectError::Failed(format!("the name could not be resolved ({e})")))?;
    let addrs: Vec<SocketAddr> = addrs.filter(|a| !loopback_only || a.ip().is_loopback()).collect();
    if addrs.is_empty() {
        return Err(ConnectError::Failed("the name resolves to no usable address".into()));
    }
    let mut last = String::new();
    let mut timed_out = true;
    for addr in addrs {
        match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                let _ = stream.set_nodelay(true);
                return Ok((stream, addr));
            }
            Ok(Err(e)) => {
                timed_out = false;
                last = e.to_string();
            }
            Err(_) => last = format!("no answer within {} s", timeout.as_secs_f64()),
        }
    }
    if timed_out {
        return Err(ConnectError::Timeout("connecting"));
    }
    Err(ConnectError::Failed(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_is_given_bare_to_the_resolver_and_tls() {
        assert_eq!(bare_host("[::1]"), "::1", "the resolver and TLS want the bare address");
        assert_eq!(bare_host(" smtp.example.com "), "smtp.example.com", "stray spaces are not part of a host");
    }
}
