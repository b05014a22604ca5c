//! A real IMAP server for tests: Debian's Dovecot started per test on a free 127.0.0.1 port with its
//! config, state, log and Maildir in a temp folder; plaintext, STARTTLS (required before sign-in) or
//! implicit TLS with a test CA made by the openssl command; IDLE on or off. Ready once it greets a
//! connection; stopped with `doveadm stop` when dropped. Dovecot runs as root (the mail belongs to
//! `nobody`), as on the machines these tests run on. `DroppingProxy` (tests/common/tcp_proxy.rs) cuts or
//! stalls a connection to it.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use reach::inbound::imap::{ImapEndpoint, Security};
use tempfile::TempDir;

/// How the server secures connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plaintext only (no STARTTLS offered): loopback tests and "STARTTLS unavailable".
    None,
    /// STARTTLS offered and required before sign-in.
    Starttls,
    /// TLS from the first byte (port 993 style).
    Implicit,
}

#[derive(Debug, Clone)]
pub struct DovecotOptions {
    pub tls: Tls,
    /// `false` leaves IDLE out of the capabilities (`imap_capability`).
    pub idle: bool,
}

impl Default for DovecotOptions {
    fn default() -> DovecotOptions {
        DovecotOptions { tls: Tls::None, idle: true }
    }
}

pub struct DovecotServer {
    dir: TempDir,
    conf: PathBuf,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    /// The test CA (empty without TLS).
    pub ca_pem: Vec<u8>,
    options: DovecotOptions,
}

/// The folder configured with SPECIAL-USE \Sent unless a test names another.
pub const SENT: &str = "Sent";

static INSTANCES: AtomicU64 = AtomicU64::new(0);

impl DovecotServer {
    pub fn start(options: DovecotOptions) -> DovecotServer {
        DovecotServer::start_with_sent_folder(options, SENT)
    }

    /// As `start`, with SPECIAL-USE \Sent on a folder of this name (a provider that localizes it).
    pub fn start_with_sent_folder(options: DovecotOptions, sent_folder: &str) -> DovecotServer {
        let dir = tempfile::Builder::new().prefix("reach-dovecot").tempdir().expect("temp dir for Dovecot");
        // The mail processes run as nobody and must reach the Maildir below this folder.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("open the temp dir to nobody");
        for sub in ["run", "state", "mail"] {
            fs::create_dir(dir.path().join(sub)).expect("Dovecot folder");
        }
        let (uid, gid) = nobody();
        std::os::unix::fs::chown(dir.path().join("mail"), Some(uid), Some(gid)).expect("give the Maildir to nobody");
        let ca_pem = match options.tls {
            Tls::None => Vec::new(),
            Tls::Starttls | Tls::Implicit => make_certificates(&dir.path().join("tls")),
        };
        let port = free_port();
        let conf = dir.path().join("dovecot.conf");
        fs::write(&conf, config(dir.path(), port, &options, sent_folder)).expect("write dovecot.conf");
        let log = fs::File::create(dir.path().join("start.log")).expect("start log");
        let status = Command::new("dovecot")
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .status()
            .expect("dovecot runs (scripts/bootstrap.sh installs dovecot-imapd)");
        let server = DovecotServer {
            dir,
            conf,
            host: "127.0.0.1".into(),
            port,
            user: "reach@example.test".into(),
            password: "imap-secret-Pw1".into(),
            ca_pem,
            options,
        };
        if !status.success() {
            panic!("dovecot did not start:\n{}", server.logs());
        }
        server.wait_until_listening();
        // Creates the user's Maildir and the auto-created folders before any test looks at them.
        server.doveadm(&["mailbox", "list", "-u", &server.user], None);
        server
    }

    /// An endpoint for this server: the matching security, its credentials, its CA, 5 s timeouts.
    pub fn endpoint(&self) -> ImapEndpoint {
        let security = match self.options.tls {
            Tls::None => Security::None,
            Tls::Starttls => Security::Starttls,
            Tls::Implicit => Security::Tls,
        };
        ImapEndpoint {
            host: self.host.clone(),
            port: self.port,
            security,
            username: self.user.clone(),
            password: self.password.as_str().into(),
            extra_root_pem: (!self.ca_pem.is_empty()).then(|| self.ca_pem.clone()),
            timeout: Duration::from_secs(5),
        }
    }

    /// Delivers a message into `folder` now (`doveadm save`).
    pub fn deliver(&self, folder: &str, raw: &[u8]) {
        self.doveadm(&["save", "-u", &self.user, "-m", folder], Some(raw));
    }

    /// Something that delivers from another thread while a test awaits the server.
    pub fn deliverer(&self) -> Deliverer {
        Deliverer { conf: self.conf.clone(), user: self.user.clone() }
    }

    /// Delivers a message into `folder` as if it had arrived at `received` (its INTERNALDATE): a Maildir
    /// file with that modification time, then `doveadm force-resync`.
    pub fn deliver_received(&self, folder: &str, raw: &[u8], received: SystemTime) {
        // Opening the folder makes Dovecot create its Maildir (INBOX is created lazily).
        self.status(folder, "messages");
        let n = INSTANCES.fetch_add(1, Ordering::Relaxed);
        let secs = received.duration_since(SystemTime::UNIX_EPOCH).expect("a date after 1970").as_secs();
        let path = self.maildir(folder).join("cur").join(format!("{secs}.M{n}P{}.reach-test:2,", std::process::id()));
        fs::write(&path, raw).expect("write the Maildir file");
        let file = fs::File::options().write(true).open(&path).expect("open the Maildir file");
        file.set_times(fs::FileTimes::new().set_modified(received).set_accessed(received)).expect("set its date");
        let (uid, gid) = nobody();
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).expect("give the message to nobody");
        self.doveadm(&["force-resync", "-u", &self.user, folder], None);
    }

    /// Gives `folder` a new UIDVALIDITY, as a server does after rebuilding its index.
    pub fn change_uidvalidity(&self, folder: &str) {
        let current = self.status(folder, "uidvalidity");
        let next = (current + 1).to_string();
        self.doveadm(&["mailbox", "update", "-u", &self.user, "--uid-validity", &next, folder], None);
        assert_eq!(self.status(folder, "uidvalidity"), current + 1, "Dovecot took the new UIDVALIDITY");
    }

    /// Creates a folder (a mail app's filter target, a Sent folder under another name).
    pub fn create_folder(&self, folder: &str) {
        self.doveadm(&["mailbox", "create", "-u", &self.user, folder], None);
    }

    /// How many messages `folder` holds.
    pub fn message_count(&self, folder: &str) -> u64 {
        self.status(folder, "messages")
    }

    /// The flags of the message with this UID, as doveadm prints them ("\Seen \Answered", or "").
    pub fn flags(&self, folder: &str, uid: u32) -> String {
        let out = self.doveadm(&["fetch", "-u", &self.user, "flags", "mailbox", folder, "uid", &uid.to_string()], None);
        out.lines().find_map(|l| l.strip_prefix("flags:")).unwrap_or_default().trim().to_string()
    }

    /// Dovecot's log, for failure messages.
    pub fn logs(&self) -> String {
        let mut text = fs::read_to_string(self.dir.path().join("start.log")).unwrap_or_default();
        text.push_str(&fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default());
        text
    }

    fn maildir(&self, folder: &str) -> PathBuf {
        let home = self.dir.path().join("mail").join(&self.user);
        if folder.eq_ignore_ascii_case("INBOX") {
            home
        } else {
            home.join(format!(".{}", folder.replace('/', ".")))
        }
    }

    fn status(&self, folder: &str, field: &str) -> u64 {
        let out = self.doveadm(&["-f", "flow", "mailbox", "status", "-u", &self.user, field, folder], None);
        let prefix = format!("{field}=");
        let value = out
            .split_whitespace()
            .find_map(|token| token.strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("doveadm status gave {out:?}"));
        value.parse().unwrap_or_else(|_| panic!("doveadm status gave {out:?}"))
    }

    fn doveadm(&self, args: &[&str], stdin: Option<&[u8]>) -> String {
        let mut child = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .args(args)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("doveadm runs");
        if let Some(bytes) = stdin {
            let mut input = child.stdin.take().expect("piped stdin");
            let bytes = bytes.to_vec();
            // Written from a thread so a large message cannot deadlock against doveadm's output.
            thread::spawn(move || {
                let _ = input.write_all(&bytes);
            });
        }
        let out = child.wait_with_output().expect("doveadm finishes");
        assert!(out.status.success(), "doveadm {args:?} failed: {}\n{}", String::from_utf8_lossy(&out.stderr), self.logs());
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Probes until a connection is accepted (and greeted, without TLS); never a fixed sleep.
    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(mut stream) = TcpStream::connect((self.host.as_str(), self.port)) {
                if self.options.tls == Tls::Implicit {
                    return;
                }
                stream.set_read_timeout(Some(Duration::from_secs(5))).expect("read timeout");
                let mut line = String::new();
                if BufReader::new(&mut stream).read_line(&mut line).is_ok() && line.starts_with("* OK") {
                    let _ = stream.write_all(b"a LOGOUT\r\n");
                    return;
                }
            }
            if Instant::now() > deadline {
                panic!("Dovecot did not accept connections on port {}:\n{}", self.port, self.logs());
            }
            thread::yield_now();
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for DovecotServer {
    fn drop(&mut self) {
        let _ = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn config(dir: &Path, port: u16, options: &DovecotOptions, sent: &str) -> String {
    let d = dir.display();
    let (imap_port, imaps_port) = match options.tls {
        Tls::Implicit => (0, port),
        Tls::None | Tls::Starttls => (port, 0),
    };
    let ssl = match options.tls {
        Tls::None => "ssl = no".to_string(),
        Tls::Starttls => format!("ssl = required\nssl_cert = <{d}/tls/server.pem\nssl_key = <{d}/tls/server.key"),
        Tls::Implicit => format!("ssl = yes\nssl_cert = <{d}/tls/server.pem\nssl_key = <{d}/tls/server.key"),
    };
    let capability = if options.idle {
        String::new()
    } else {
        "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ NAMESPACE UIDPLUS CHILDREN \
         UNSELECT SPECIAL-USE\n"
            .to_string()
    };
    format!(
        r#"protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
instance_name = reach-test-{port}
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{d}/mail/%u
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
log_path = {d}/dovecot.log
{capability}namespace inbox {{
  inbox = yes
  separator = /
  mailbox "{sent}" {{
    special_use = \Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \Drafts
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \Trash
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
passdb {{
  driver = static
  args = password=imap-secret-Pw1
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={d}/mail/%u
}}
first_valid_uid = 0
"#
    )
}

/// A CA and a certificate for 127.0.0.1/localhost signed by it; returns the CA's PEM.
fn make_certificates(folder: &Path) -> Vec<u8> {
    fs::create_dir_all(folder).expect("tls folder");
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(folder).output().expect("the openssl command runs");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    let mut args = vec!["req", "-x509"];
    args.extend(ec);
    args.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Reach test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(&args);
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend(["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
    openssl(&args);
    fs::write(
        folder.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n\
         extendedKeyUsage=serverAuth\n",
    )
    .expect("extensions file");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
    fs::read(folder.join("ca.pem")).expect("CA certificate")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("its address").port()
}

/// The uid and gid of nobody/nogroup, read from the system's files.
fn nobody() -> (u32, u32) {
    let field = |file: &str, name: &str| -> u32 {
        fs::read_to_string(file)
            .ok()
            .and_then(|text| {
                text.lines().find_map(|l| {
                    let parts: Vec<&str> = l.split(':').collect();
                    (parts.first() == Some(&name)).then(|| parts.get(2)?.parse().ok()).flatten()
                })
            })
            .unwrap_or(65534)
    };
    (field("/etc/passwd", "nobody"), field("/etc/group", "nogroup"))
}

/// Delivers into the server's mailbox from any thread (`doveadm save`).
#[derive(Debug, Clone)]
pub struct Deliverer {
    conf: PathBuf,
    user: String,
}

impl Deliverer {
    pub fn deliver(&self, folder: &str, raw: &[u8]) {
        let mut child = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .args(["save", "-u", &self.user, "-m", folder])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("doveadm runs");
        child.stdin.take().expect("piped stdin").write_all(raw).expect("message to doveadm");
        let out = child.wait_with_output().expect("doveadm finishes");
        assert!(out.status.success(), "doveadm save failed: {}", String::from_utf8_lossy(&out.stderr));
    }
}
