//! Reading a mailbox over IMAP against a real Dovecot on 127.0.0.1: sign-in and TLS, the first sync's
//! window, UIDs after the last one seen, a changed UIDVALIDITY, IDLE, a server without IDLE, a connection
//! dropped mid-FETCH, the Sent folder (APPEND and the Message-ID lookup) and a 30 MB message.

mod common;

use std::time::{Duration, Instant, SystemTime};

use chrono::Utc;
use common::imap::{DovecotOptions, DovecotServer, Tls};
use common::smtp::{SmtpOptions, SmtpServer};
use common::tcp_proxy::DroppingProxy;
use reach::inbound::imap::{test_connection, IdleEnd, ImapFailure, ImapSession, Security};
use reach::outbound::smtp::{SendOutcome, SmtpSession};

fn message(n: u32, subject: &str) -> Vec<u8> {
    format!(
        "From: Lead {n} <lead{n}@customer.example>\r\nTo: <ana@sender.example>\r\nSubject: {subject}\r\n\
         Message-ID: <reply-{n}@customer.example>\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\n\r\nReply number {n}.\r\n"
    )
    .into_bytes()
}

fn subject_of(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    text.lines().find_map(|l| l.strip_prefix("Subject: ")).unwrap_or_default().trim().to_string()
}

async fn open(server: &DovecotServer) -> ImapSession {
    ImapSession::open(&server.endpoint()).await.unwrap_or_else(|e| panic!("the session opens: {e}\n{}", server.logs()))
}

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

#[tokio::test]
async fn test_connection_signs_in_and_shows_the_greeting_capabilities_and_folders() {
    let server = DovecotServer::start(DovecotOptions::default());
    let report = test_connection(&server.endpoint()).await.expect("a plain sign-in to loopback succeeds");
    assert!(report.authenticated, "LOGIN was accepted: {report:?}");
    assert!(!report.tls, "the connection was plaintext to loopback: {report:?}");
    assert!(report.greeting.contains("Dovecot"), "the greeting is the server's own words: {report:?}");
    assert!(report.capabilities.iter().any(|c| c == "IDLE"), "Dovecot announces IDLE after sign-in: {report:?}");
    for folder in ["INBOX", "Sent"] {
        assert!(report.folders.iter().any(|f| f == folder), "{folder} is listed: {report:?}");
    }
}

#[tokio::test]
async fn a_wrong_password_is_an_auth_failure_that_never_shows_the_password() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut endpoint = server.endpoint();
    endpoint.password = "wrong-Password-9876".into();
    let err = ImapSession::open(&endpoint).await.expect_err("Dovecot refuses a wrong password");
    assert!(err.is_auth(), "a refused sign-in pauses the account rather than retrying: {err:?}");
    assert!(!err.is_transient(), "a wrong password does not fix itself: {err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("wrong-Password-9876"), "the password must not reach logs or the screen: {text}");
    }
    assert!(err.to_string().contains("username or password"), "the user is told what to check: {err}");
}

#[tokio::test]
async fn a_server_that_disables_login_is_signed_in_with_authenticate_plain() {
    let server = DovecotServer::start(DovecotOptions::default());
    // Dovecot's greeting lists its capabilities; the proxy makes it say LOGIN is disabled.
    let proxy = DroppingProxy::rewriting_greeting(server.port, "IMAP4rev1 ", "IMAP4rev1 LOGINDISABLED ");
    let mut endpoint = server.endpoint();
    endpoint.port = proxy.port;
    let report = test_connection(&endpoint).await.unwrap_or_else(|e| panic!("AUTHENTICATE PLAIN signs in: {e}\n{}", server.logs()));
    assert!(report.authenticated, "signed in without the LOGIN command: {report:?}");

    let mut wrong = endpoint.clone();
    wrong.password = "wrong-Password-9876".into();
    let err = ImapSession::open(&wrong).await.expect_err("a wrong password fails AUTHENTICATE too");
    assert!(err.is_auth(), "the same auth failure as with LOGIN: {err:?}");
}

#[tokio::test]
async fn a_server_that_accepts_but_never_greets_fails_with_a_timeout() {
    // The kernel completes the TCP handshake for a listener that never accepts: a server that hangs.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let server = DovecotServer::start(DovecotOptions::default());
    let mut endpoint = server.endpoint();
    endpoint.port = port;
    endpoint.timeout = Duration::from_secs(1);
    let started = Instant::now();
    let err = ImapSession::open(&endpoint).await.expect_err("no greeting, no session");
    assert!(matches!(&err, ImapFailure::Timeout { stage } if stage.contains("greeting")), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(4), "given up after the time limit: {:?}", started.elapsed());
    drop(listener);
}

#[tokio::test]
async fn plaintext_to_a_host_other_than_this_computer_is_refused_before_connecting() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut endpoint = server.endpoint();
    // TEST-NET-1: a connection attempt would hang until the timeout, so a quick answer proves none was made.
    endpoint.host = "192.0.2.1".into();
    endpoint.security = Security::None;
    let started = Instant::now();
    let err = ImapSession::open(&endpoint).await.expect_err("a password must not travel in the clear");
    assert!(matches!(err, ImapFailure::InvalidEndpoint(_)), "refused as a setting, not a network fault: {err:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "refused before any connection attempt");
}

#[tokio::test]
async fn starttls_with_the_test_ca_secures_the_session_before_signing_in() {
    let server = DovecotServer::start(DovecotOptions { tls: Tls::Starttls, ..DovecotOptions::default() });
    let report = test_connection(&server.endpoint()).await.unwrap_or_else(|e| panic!("STARTTLS works: {e}\n{}", server.logs()));
    assert!(report.tls, "the session ran over TLS: {report:?}");
    assert!(report.authenticated, "the server (which requires TLS first) accepted the sign-in: {report:?}");
}

#[tokio::test]
async fn starttls_is_refused_when_the_server_does_not_offer_it() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut endpoint = server.endpoint();
    endpoint.security = Security::Starttls;
    let err = ImapSession::open(&endpoint).await.expect_err("no STARTTLS means no secure session");
    assert!(matches!(err, ImapFailure::TlsUnavailable { .. }), "the password is not sent in the clear: {err:?}");
}

#[tokio::test]
async fn implicit_tls_trusts_the_extra_ca_and_refuses_an_unknown_certificate() {
    let server = DovecotServer::start(DovecotOptions { tls: Tls::Implicit, ..DovecotOptions::default() });
    let report = test_connection(&server.endpoint()).await.unwrap_or_else(|e| panic!("TLS works: {e}\n{}", server.logs()));
    assert!(report.tls && report.authenticated, "implicit TLS with the test CA: {report:?}");

    let mut untrusted = server.endpoint();
    untrusted.extra_root_pem = None;
    let err = ImapSession::open(&untrusted).await.expect_err("a certificate from an unknown CA is refused");
    assert!(matches!(err, ImapFailure::Tls { .. }), "a certificate problem is a TLS failure: {err:?}");
}

#[tokio::test]
async fn the_first_sync_fetches_only_the_window_back() {
    let server = DovecotServer::start(DovecotOptions::default());
    let sixty_days_ago = SystemTime::now() - Duration::from_secs(60 * 86_400);
    server.deliver_received("INBOX", &message(1, "old one"), sixty_days_ago);
    server.deliver_received("INBOX", &message(2, "old two"), sixty_days_ago);
    server.deliver("INBOX", &message(3, "recent three"));
    server.deliver("INBOX", &message(4, "recent four"));
    assert_eq!(server.message_count("INBOX"), 4, "the mailbox holds old and recent mail");

    let mut session = open(&server).await;
    let status = session.examine("INBOX").await.expect("INBOX opens");
    assert_eq!(status.exists, 4, "EXAMINE counts every message");
    let since = today() - chrono::Days::new(30);
    let uids = session.new_uids(None, since).await.expect("UID SEARCH SINCE");
    assert_eq!(uids.len(), 2, "only the last 30 days are fetched on a first sync: {uids:?}");
    let fetched = session.fetch(&uids).await.expect("UID FETCH");
    let subjects: Vec<String> = fetched.iter().map(|m| subject_of(&m.raw)).collect();
    assert_eq!(subjects, ["recent three", "recent four"], "the recent messages, in UID order");
    for m in &fetched {
        assert_eq!(m.size as usize, m.raw.len(), "RFC822.SIZE is the size of the bytes fetched");
        let date = m.internal_date.expect("INTERNALDATE is read");
        assert!((Utc::now() - date).num_hours().abs() < 2, "a recent INTERNALDATE: {date}");
        assert!(m.raw.starts_with(b"From: Lead"), "the whole message, headers first");
    }
    session.logout().await;
}

#[tokio::test]
async fn fetching_never_marks_a_message_seen() {
    let server = DovecotServer::start(DovecotOptions::default());
    server.deliver("INBOX", &message(1, "unread"));
    let mut session = open(&server).await;
    session.examine("INBOX").await.expect("INBOX opens");
    let uids = session.new_uids(None, today()).await.expect("search");
    let fetched = session.fetch(&uids).await.expect("fetch");
    assert_eq!(fetched.len(), 1, "the message is fetched");
    session.logout().await;
    assert!(!server.flags("INBOX", fetched[0].uid).contains("\\Seen"), "the user still sees the reply as unread");
}

#[tokio::test]
async fn new_uids_after_a_uid_returns_only_newer_ones_and_nothing_when_none_is_newer() {
    let server = DovecotServer::start(DovecotOptions::default());
    for n in 1..=3 {
        server.deliver("INBOX", &message(n, "first batch"));
    }
    let mut session = open(&server).await;
    session.examine("INBOX").await.expect("INBOX opens");
    let all = session.new_uids(None, today()).await.expect("search");
    assert_eq!(all.len(), 3, "three messages so far: {all:?}");
    let last = *all.last().expect("a last UID");
    let none = session.new_uids(Some(last), today()).await.expect("search after the last UID");
    assert!(none.is_empty(), "UID n+1:* answers the last message too; it is not new: {none:?}");

    server.deliver("INBOX", &message(4, "second batch"));
    // The session stays open with INBOX examined, as a poll between IDLEs keeps it.
    let newer = session.new_uids(Some(last), today()).await.expect("search after the last UID");
    assert_eq!(newer.len(), 1, "only the new message: {newer:?}");
    assert!(newer[0] > last, "its UID is above the last one seen");
    let fetched = session.fetch(&newer).await.expect("fetch");
    assert_eq!(subject_of(&fetched[0].raw), "second batch", "the new message itself");
    session.logout().await;
}

#[tokio::test]
async fn a_changed_uidvalidity_shows_in_examine() {
    let server = DovecotServer::start(DovecotOptions::default());
    server.deliver("INBOX", &message(1, "before"));
    let mut session = open(&server).await;
    let before = session.examine("INBOX").await.expect("INBOX opens");
    assert!(before.uid_next.is_some(), "Dovecot reports UIDNEXT: {before:?}");
    session.logout().await;

    server.change_uidvalidity("INBOX");
    let mut session = open(&server).await;
    let after = session.examine("INBOX").await.expect("INBOX opens");
    assert_ne!(after.uid_validity, before.uid_validity, "the sync sees it must resync the folder");
    session.logout().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_wakes_on_a_delivery_and_times_out_when_nothing_comes() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut session = open(&server).await;
    assert!(session.has_idle(), "Dovecot offers IDLE");
    session.examine("INBOX").await.expect("INBOX opens");

    let started = Instant::now();
    let (session, ended) = session.idle(Duration::from_secs(2)).await.expect("IDLE with nothing new");
    assert_eq!(ended, IdleEnd::Timeout, "nothing came");
    assert!(started.elapsed() >= Duration::from_secs(2), "the wait lasted as asked: {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(8), "DONE ended IDLE promptly: {:?}", started.elapsed());

    let mut session = session;
    session.examine("INBOX").await.expect("the session is usable after IDLE");
    assert!(session.new_uids(None, today()).await.expect("search").is_empty(), "nothing delivered yet");
    let deliverer = server.deliverer();
    let delivery = tokio::task::spawn_blocking(move || deliverer.deliver("INBOX", &message(1, "while idle")));
    let started = Instant::now();
    let (mut session, ended) = session.idle(Duration::from_secs(30)).await.expect("IDLE until the delivery");
    delivery.await.expect("the delivery ran");
    assert_eq!(ended, IdleEnd::NewData, "the delivery woke IDLE");
    assert!(started.elapsed() < Duration::from_secs(20), "woken by the server, not by the wait: {:?}", started.elapsed());
    // The same session, the folder still examined: new_uids sees what came in.
    let uids = session.new_uids(None, today()).await.expect("search");
    assert_eq!(uids.len(), 1, "the delivered message is there");
    session.logout().await;
}

#[tokio::test]
async fn idle_returns_at_once_when_new_mail_was_reported_during_an_earlier_command() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut session = open(&server).await;
    session.examine("INBOX").await.expect("INBOX opens");
    server.deliver("INBOX", &message(1, "between commands"));
    // Dovecot reports the new message (EXISTS) with the answer to new_uids' NOOP…
    let uids = session.new_uids(None, today()).await.expect("search");
    assert_eq!(uids.len(), 1, "the search sees it");
    // …so IDLE would otherwise wait for news it has already been told.
    let started = Instant::now();
    let (session, ended) = session.idle(Duration::from_secs(20)).await.expect("IDLE");
    assert_eq!(ended, IdleEnd::NewData, "the change already reported is not lost");
    assert!(started.elapsed() < Duration::from_secs(2), "no wait: {:?}", started.elapsed());
    session.logout().await;
}

#[tokio::test]
async fn a_server_without_idle_is_reported_as_such() {
    let server = DovecotServer::start(DovecotOptions { idle: false, ..DovecotOptions::default() });
    let session = open(&server).await;
    assert!(!session.has_idle(), "the sync must poll this server: {:?}", session.capabilities());
    session.logout().await;
}

#[tokio::test]
async fn a_connection_dropped_mid_fetch_is_an_error_not_a_partial_answer() {
    let server = DovecotServer::start(DovecotOptions::default());
    let body = "x".repeat(76) + "\r\n";
    for n in 1..=3 {
        let mut raw = message(n, "large");
        raw.extend(body.repeat(4000).into_bytes()); // about 310 KB each
        server.deliver("INBOX", &raw);
    }
    // Sign-in and EXAMINE take a few hundred bytes; the cut falls inside the second message.
    let proxy = DroppingProxy::start(server.port, 500_000);
    let mut endpoint = server.endpoint();
    endpoint.port = proxy.port;
    let mut session = ImapSession::open(&endpoint).await.expect("the session opens through the proxy");
    session.examine("INBOX").await.expect("INBOX opens");
    let uids = session.new_uids(None, today()).await.expect("search");
    assert_eq!(uids.len(), 3, "three large messages");
    let err = session.fetch(&uids).await.expect_err("the cut connection fails the whole fetch");
    assert!(err.is_transient(), "a dropped connection is retried later: {err:?}");
    assert!(err.to_string().contains("fetching messages"), "the user is told what was interrupted: {err}");
}

#[tokio::test]
async fn a_server_that_goes_silent_mid_fetch_fails_with_a_timeout() {
    let server = DovecotServer::start(DovecotOptions::default());
    let body = "y".repeat(76) + "\r\n";
    let mut raw = message(1, "large");
    raw.extend(body.repeat(4000).into_bytes());
    server.deliver("INBOX", &raw);
    let proxy = DroppingProxy::stalling(server.port, 100_000);
    let mut endpoint = server.endpoint();
    endpoint.port = proxy.port;
    endpoint.timeout = Duration::from_secs(1);
    let mut session = ImapSession::open(&endpoint).await.expect("the session opens through the proxy");
    session.examine("INBOX").await.expect("INBOX opens");
    let uids = session.new_uids(None, today()).await.expect("search");
    let started = Instant::now();
    let err = session.fetch(&uids).await.expect_err("a silent server cannot hang the sync");
    assert!(matches!(err, ImapFailure::Timeout { .. }), "silence is a timeout: {err:?}");
    assert!(err.is_transient(), "retried later: {err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "given up after the time limit: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_message_appended_to_sent_is_found_by_its_message_id() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut session = open(&server).await;
    let sent = session.sent_folder().await.expect("LIST").expect("a Sent folder exists");
    assert_eq!(sent, "Sent", "the \\Sent folder of the account");
    let raw = b"From: <ana@sender.example>\r\nTo: <lead@customer.example>\r\nSubject: Hello\r\n\
        Message-ID: <attempt-42@sender.example>\r\n\r\nHello there.\r\n";
    let uid = session.append(&sent, raw).await.expect("APPEND").expect("Dovecot answers APPENDUID");
    assert_eq!(server.message_count("Sent"), 1, "the message is in Sent");
    assert!(server.flags("Sent", uid).contains("\\Seen"), "a sent message is not shown as unread");

    let found = session.find_message_id(&sent, "<attempt-42@sender.example>").await.expect("search").expect("found");
    assert_eq!(found.uid, uid, "the appended message, by the UID APPEND reported");
    assert_eq!(found.raw, raw.to_vec(), "the message as it was sent");
    let bare = session.find_message_id(&sent, "attempt-42@sender.example").await.expect("search");
    assert!(bare.is_some(), "an id without angle brackets is the same id");
    let missing = session.find_message_id(&sent, "<attempt-4@sender.example>").await.expect("search");
    assert!(missing.is_none(), "a shorter id that is a substring is another message");

    let err = session.append("No Such Folder", raw).await.expect_err("APPEND to a missing folder");
    assert!(matches!(err, ImapFailure::FolderMissing { .. }), "named as a missing folder: {err:?}");
    session.logout().await;
}

#[tokio::test]
async fn sent_folder_finds_the_special_use_folder_whatever_its_name() {
    let server = DovecotServer::start_with_sent_folder(DovecotOptions::default(), "Gesendete Elemente");
    let mut session = open(&server).await;
    let folders = session.list_folders().await.expect("LIST");
    let sent = folders.iter().find(|f| f.name == "Gesendete Elemente").expect("the folder is listed");
    assert_eq!(sent.special_use, Some(reach::inbound::imap::SpecialUse::Sent), "LIST carries \\Sent: {folders:?}");
    assert_eq!(session.sent_folder().await.expect("LIST").as_deref(), Some("Gesendete Elemente"), "found by \\Sent, not by name");
    session.logout().await;
}

#[tokio::test]
async fn examining_a_missing_folder_names_it() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut session = open(&server).await;
    let err = session.examine("Archive/2019").await.expect_err("no such folder");
    assert!(matches!(&err, ImapFailure::FolderMissing { name } if name == "Archive/2019"), "{err:?}");
    assert!(session.fetch(&[1]).await.is_err(), "nothing is examined after a failed EXAMINE");
    session.examine("INBOX").await.expect("the session is still usable");
    session.logout().await;
}

#[tokio::test]
async fn a_30_mb_message_is_fetched_whole() {
    let server = DovecotServer::start(DovecotOptions::default());
    let mut raw = b"From: <lead@customer.example>\r\nTo: <ana@sender.example>\r\nSubject: big attachment\r\n\
        Message-ID: <big@customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\
        Content-Transfer-Encoding: base64\r\n\r\n"
        .to_vec();
    let line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
    while raw.len() < 30 * 1024 * 1024 {
        raw.extend_from_slice(line);
    }
    server.deliver("INBOX", &raw);
    let mut session = open(&server).await;
    session.examine("INBOX").await.expect("INBOX opens");
    let uids = session.new_uids(None, today()).await.expect("search");
    let started = Instant::now();
    let fetched = session.fetch(&uids).await.expect("a 30 MB message is within the read limits");
    assert_eq!(fetched.len(), 1, "one message");
    assert_eq!(fetched[0].raw.len(), raw.len(), "every byte arrived");
    assert!(fetched[0].raw == raw, "the bytes are the message as delivered");
    assert!(started.elapsed() < Duration::from_secs(60), "fetched in reasonable time: {:?}", started.elapsed());
    session.logout().await;
}

#[tokio::test]
async fn mail_sent_through_the_test_smtp_server_is_read_back_over_imap() {
    let smtp = SmtpServer::start(SmtpOptions::default());
    let mut sender = SmtpSession::open(&smtp.endpoint()).await.expect("the SMTP session opens");
    let raw = b"From: <ana@sender.example>\r\nTo: <lead@customer.example>\r\nSubject: Round trip\r\n\
        Message-ID: <round-trip-1@sender.example>\r\n\r\nHello over SMTP.\r\n";
    let outcome = sender.send("ana@sender.example", "lead@customer.example", raw).await;
    assert!(matches!(outcome, SendOutcome::Accepted(_)), "the SMTP server took the message: {outcome:?}");
    sender.close().await;
    let received = smtp.received_to("lead@customer.example");
    assert_eq!(received.len(), 1, "one message arrived");

    let imap = DovecotServer::start(DovecotOptions::default());
    imap.deliver("INBOX", &received[0].raw);
    let mut session = open(&imap).await;
    session.examine("INBOX").await.expect("INBOX opens");
    let uids = session.new_uids(None, today()).await.expect("search");
    let fetched = session.fetch(&uids).await.expect("fetch");
    assert_eq!(fetched.len(), 1, "the delivered message is read back");
    let text = String::from_utf8_lossy(&fetched[0].raw);
    assert!(text.contains("Message-ID: <round-trip-1@sender.example>"), "the same message, by its id: {text}");
    assert!(text.contains("Hello over SMTP."), "with its body: {text}");
    session.logout().await;
}
