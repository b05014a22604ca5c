//! A TCP proxy for fault tests: forwards to a server on 127.0.0.1 and cuts (or stalls) the connection
//! after a number of bytes from the server, or rewrites the server's greeting.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A TCP proxy to a server that cuts every connection once `cut_after` bytes have come from the server,
/// as a network that drops in the middle of an answer does; or, made with `stalling`, keeps it open and
/// silent from then on, as a server that hangs does.
pub struct DroppingProxy {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl DroppingProxy {
    pub fn start(upstream_port: u16, cut_after: usize) -> DroppingProxy {
        DroppingProxy::run(upstream_port, cut_after, false, None)
    }

    pub fn stalling(upstream_port: u16, silent_after: usize) -> DroppingProxy {
        DroppingProxy::run(upstream_port, silent_after, true, None)
    }

    /// Forwards everything, replacing `from` with `to` in the server's first packet (its greeting): a
    /// server announcing other capabilities.
    pub fn rewriting_greeting(upstream_port: u16, from: &str, to: &str) -> DroppingProxy {
        DroppingProxy::run(upstream_port, usize::MAX, false, Some((from.to_string(), to.to_string())))
    }

    fn run(upstream_port: u16, cut_after: usize, stall: bool, rewrite: Option<(String, String)>) -> DroppingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("proxy port");
        let port = listener.local_addr().expect("proxy address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream_port)) else { continue };
                let (client_in, server_out) = (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
                thread::spawn(move || {
                    let _ = std::io::copy(&mut &client_in, &mut &server_out);
                });
                let stopped = stopped.clone();
                let rewrite = rewrite.clone();
                thread::spawn(move || {
                    forward_until(&server, &client, cut_after, rewrite);
                    if stall {
                        // Silent but open until the proxy is dropped.
                        while !stopped.load(Ordering::SeqCst) {
                            thread::park_timeout(Duration::from_millis(50));
                        }
                    }
                    let _ = client.shutdown(Shutdown::Both);
                    let _ = server.shutdown(Shutdown::Both);
                });
            }
        });
        DroppingProxy { port, stop }
    }
}

fn forward_until(server: &TcpStream, client: &TcpStream, cut_after: usize, mut rewrite: Option<(String, String)>) {
    let mut passed = 0;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let room = cut_after - passed;
        if room == 0 {
            break;
        }
        let take = room.min(buf.len());
        let n = match (&*server).read(&mut buf[..take]) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = match rewrite.take() {
            Some((from, to)) => String::from_utf8_lossy(&buf[..n]).replace(&from, &to).into_bytes(),
            None => buf[..n].to_vec(),
        };
        if (&*client).write_all(&chunk).is_err() {
            break;
        }
        passed += n;
    }
}

impl Drop for DroppingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}
