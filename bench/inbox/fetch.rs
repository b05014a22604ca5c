//! The IMAP half of the inbox benchmark: a folder fetched as a first sync does it (EXAMINE, UID SEARCH
//! SINCE the window, UID FETCH in chunks of 200 with BODY.PEEK[]), each message parsed with mail-parser
//! and its sender, subject and text read: the same work as `bench/inbox/imaplib_reference.py`, whose
//! figures it prints in the same JSON shape:
//! {"messages", "bytes", "seconds", "messages_per_s", "mb_per_s", "peak_rss_mb"}.
//!
//!   cargo run --release --example bench_imap_fetch -- --port P --user U --password PW [--folder INBOX]
//!       [--chunk 200] [--days 30]
//!
//! Plaintext to 127.0.0.1 (the bench Dovecot of bench/inbox/dovecot.py).

use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use reach::inbound::imap::{ImapEndpoint, ImapSession, Security};

struct Args {
    host: String,
    port: u16,
    user: String,
    password: String,
    folder: String,
    chunk: usize,
    days: u64,
}

fn args() -> Args {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 0,
        user: String::new(),
        password: String::new(),
        folder: "INBOX".into(),
        chunk: 200,
        days: 30,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => args.host = value,
            "--port" => args.port = value.parse().expect("--port is a number"),
            "--user" => args.user = value,
            "--password" => args.password = value,
            "--folder" => args.folder = value,
            "--chunk" => args.chunk = value.parse().expect("--chunk is a number"),
            "--days" => args.days = value.parse().expect("--days is a number"),
            other => panic!("unknown option {other}"),
        }
    }
    assert!(args.port != 0 && !args.user.is_empty(), "--port, --user and --password are required");
    args
}

/// The most memory the process has held (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = args();
    let endpoint = ImapEndpoint {
        host: args.host,
        port: args.port,
        security: Security::None,
        username: args.user,
        password: args.password.as_str().into(),
        extra_root_pem: None,
        timeout: Duration::from_secs(30),
    };
    let started = Instant::now();
    let mut session = ImapSession::open(&endpoint).await.unwrap_or_else(|e| panic!("{e}"));
    session.examine(&args.folder).await.unwrap_or_else(|e| panic!("{e}"));
    let since = chrono::Utc::now().date_naive() - chrono::Days::new(args.days);
    let uids = session.new_uids(None, since).await.unwrap_or_else(|e| panic!("{e}"));
    let parser = MessageParser::default();
    let (mut messages, mut bytes, mut seen) = (0usize, 0usize, 0usize);
    for chunk in uids.chunks(args.chunk) {
        for fetched in session.fetch(chunk).await.unwrap_or_else(|e| panic!("{e}")) {
            bytes += fetched.raw.len();
            messages += 1;
            if let Some(message) = parser.parse(&fetched.raw) {
                let from = message.from().and_then(|a| a.first()).and_then(|a| a.address()).map(str::len);
                let subject = message.subject().map(str::len);
                let text = message.body_text(0).map(|t| t.len()).or_else(|| message.body_html(0).map(|h| h.len()));
                seen += from.unwrap_or(0) + subject.unwrap_or(0) + text.unwrap_or(0);
            }
        }
    }
    session.logout().await;
    let seconds = started.elapsed().as_secs_f64();
    // `seen` keeps the reads from being optimized away.
    assert!(messages == 0 || seen > 0, "the messages were read");
    println!(
        "{{\"messages\": {messages}, \"bytes\": {bytes}, \"seconds\": {:.3}, \"messages_per_s\": {:.1}, \"mb_per_s\": {:.2}, \"peak_rss_mb\": {:.1}}}",
        seconds,
        messages as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        peak_rss_mb()
    );
}
