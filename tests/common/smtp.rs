//! A real SMTP server for tests: `tests/support/smtp_server.py` (aiosmtpd) on 127.0.0.1 with a port the
//! OS picks, STARTTLS or implicit TLS with a test CA, optional AUTH, and faults chosen by the recipient's
//! local part (see the script's header). Ready when it prints its port; stopped when dropped.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reach::outbound::smtp::{Security, SmtpEndpoint};
use tempfile::TempDir;

/// How the server secures connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerTls {
    Starttls,
    Implicit,
    /// No STARTTLS offered: to test "TLS required but unavailable" and plaintext to loopback.
    Off,
}

#[derive(Debug, Clone)]
pub struct SmtpOptions {
    pub tls: ServerTls,
    /// Username and password the server requires (AUTH PLAIN/LOGIN; any other password gets 535).
    pub auth: Option<(String, String)>,
    /// Greets every connection with 421 and closes it, as a server at its connection limit does.
    pub busy: bool,
    /// Offers PIPELINING (RFC 2920), as real servers do.
    pub pipelining: bool,
}

impl Default for SmtpOptions {
    fn default() -> SmtpOptions {
        SmtpOptions { tls: ServerTls::Starttls, auth: None, busy: false, pipelining: true }
    }
}

impl SmtpOptions {
    pub fn with_auth(mut self, username: &str, password: &str) -> SmtpOptions {
        self.auth = Some((username.into(), password.into()));
        self
    }
    pub fn tls(mut self, tls: ServerTls) -> SmtpOptions {
        self.tls = tls;
        self
    }
}

/// One message as the server stored it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    /// Which connection (1, 2, …) carried it: connection reuse shows as one number for many mails.
    pub connection: u64,
    /// The bytes as received (after the SMTP dot-unstuffing).
    pub raw: Vec<u8>,
}

pub struct SmtpServer {
    child: Child,
    dir: TempDir,
    pub host: String,
    pub port: u16,
    pub ca_pem: Vec<u8>,
    options: SmtpOptions,
}

impl SmtpServer {
    pub fn start(options: SmtpOptions) -> SmtpServer {
        let dir = tempfile::tempdir().expect("temp dir for the SMTP server");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let stderr = fs::File::create(dir.path().join("server.log")).expect("server log file");
        let mut command = Command::new(python());
        command.arg(&script).arg("--maildir").arg(dir.path().join("mail"));
        match options.tls {
            ServerTls::Starttls => {}
            ServerTls::Implicit => {
                command.arg("--implicit-tls");
            }
            ServerTls::Off => {
                command.arg("--no-tls");
            }
        }
        if options.busy {
            command.arg("--busy");
        }
        if !options.pipelining {
            command.arg("--no-pipelining");
        }
        if let Some((user, password)) = &options.auth {
            command.arg("--require-auth").arg(user).arg(password);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("python3 runs the test SMTP server (scripts/bootstrap.sh installs python3-aiosmtpd)");

        // The server prints its ready line only once it listens: reading it is the readiness probe.
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line).expect("read ready line");
        if line.trim().is_empty() {
            let _ = child.kill();
            let _ = child.wait();
            let log = fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
            panic!("the test SMTP server did not start:\n{log}");
        }
        let ready: serde_json::Value = serde_json::from_str(&line).expect("ready line is JSON");
        let port = ready["port"].as_u64().expect("port in ready line") as u16;
        let ca_pem = fs::read(ready["ca_pem"].as_str().expect("ca_pem in ready line")).expect("CA certificate");
        SmtpServer { child, dir, host: "127.0.0.1".into(), port, ca_pem, options }
    }

    /// An endpoint for this server: the matching security, its credentials, its CA, 2 s timeouts.
    pub fn endpoint(&self) -> SmtpEndpoint {
        let security = match self.options.tls {
            ServerTls::Starttls => Security::Starttls,
            ServerTls::Implicit => Security::Tls,
            ServerTls::Off => Security::None,
        };
        SmtpEndpoint {
            host: self.host.clone(),
            port: self.port,
            security,
            username: self.options.auth.as_ref().map(|(u, _)| u.clone()),
            password: self.options.auth.as_ref().map(|(_, p)| p.as_str().into()),
            hello_name: "sender.example".into(),
            extra_root_pem: Some(self.ca_pem.clone()),
            timeout: Duration::from_secs(2),
        }
    }

    /// Every message stored so far, in the order received.
    pub fn received(&self) -> Vec<ReceivedMail> {
        let folder = self.maildir();
        let mut numbers: Vec<u64> = fs::read_dir(&folder)
            .map(|entries| entries.filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".eml")?.parse().ok()).collect())
            .unwrap_or_default();
        numbers.sort_unstable();
        numbers
            .into_iter()
            .map(|n| {
                let meta: serde_json::Value =
                    serde_json::from_slice(&fs::read(folder.join(format!("{n}.json"))).expect("envelope file")).expect("envelope JSON");
                ReceivedMail {
                    envelope_from: meta["mail_from"].as_str().unwrap_or_default().to_string(),
                    envelope_to: meta["rcpt_tos"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                        .unwrap_or_default(),
                    connection: meta["connection"].as_u64().unwrap_or_default(),
                    raw: fs::read(folder.join(format!("{n}.eml"))).expect("message file"),
                }
            })
            .collect()
    }

    /// The messages whose envelope names `address` as a recipient.
    pub fn received_to(&self, address: &str) -> Vec<ReceivedMail> {
        self.received().into_iter().filter(|m| m.envelope_to.iter().any(|t| t.eq_ignore_ascii_case(address))).collect()
    }

    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Debian's Python, where python3-aiosmtpd is installed, even when another python3 comes first on PATH.
fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("REACH_TEST_PYTHON") {
        return python.into();
    }
    let debian = PathBuf::from("/usr/bin/python3");
    if debian.exists() {
        debian
    } else {
        "python3".into()
    }
}
