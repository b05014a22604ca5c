//! The SMTP transport against a real server (aiosmtpd on 127.0.0.1): TLS, sign-in, connection reuse, every
//! fault code and where each failure leaves a message, and the built message as the server received it.

mod common;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use common::smtp::{ServerTls, SmtpOptions, SmtpServer};
use mail_parser::MessageParser;
use reach::outbound::message::{build_message, new_message_id, ListUnsubscribe, OutgoingMail};
use reach::outbound::smtp::{test_connection, Security, SendOutcome, ServerReply, SmtpEndpoint, SmtpFailure, SmtpSession};
use rstest::rstest;

const FROM: &str = "ana@sender.example";
const PASSWORD: &str = "correct horse battery";

fn message(to: &str) -> Vec<u8> {
    format!("From: <{FROM}>\r\nTo: <{to}>\r\nSubject: test\r\nMessage-ID: <{to}.1@sender.example>\r\n\r\nHello.\r\n").into_bytes()
}

async fn session(server: &SmtpServer) -> SmtpSession {
    SmtpSession::open(&server.endpoint()).await.expect("the session opens against the test server")
}

#[tokio::test]
async fn test_connection_shows_the_greeting_and_signs_in_over_starttls() {
    let server = SmtpServer::start(SmtpOptions::default().with_auth("ana", PASSWORD));
    let report = test_connection(&server.endpoint()).await.expect("a real EHLO, STARTTLS and AUTH succeed");
    assert!(report.greeting.contains("Reach test SMTP"), "the greeting is the server's own words: {report:?}");
    assert!(report.tls, "STARTTLS was used");
    assert!(report.authenticated, "the credentials were accepted");
    assert!(
        report.capabilities.iter().any(|c| c.starts_with("AUTH") && c.contains("PLAIN")),
        "the capabilities are those listed after STARTTLS, where AUTH is offered: {report:?}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_as_an_authentication_failure_without_the_password() {
    let server = SmtpServer::start(SmtpOptions::default().with_auth("ana", PASSWORD));
    let mut endpoint = server.endpoint();
    endpoint.password = Some("wrong-password-xyz".into());
    let err = SmtpSession::open(&endpoint).await.err().expect("a wrong password must not open a session");
    assert!(matches!(&err, SmtpFailure::AuthRejected(reply) if reply.code == 535), "535 is a refused sign-in: {err:?}");
    assert!(err.is_auth() && !err.is_transient(), "the account must be paused, not retried");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("wrong-password-xyz"), "no password in messages or logs: {text}");
    }
}

#[tokio::test]
async fn starttls_required_but_not_offered_is_refused_before_signing_in() {
    let server = SmtpServer::start(SmtpOptions::default().tls(ServerTls::Off).with_auth("ana", PASSWORD));
    let mut endpoint = server.endpoint();
    endpoint.security = Security::Starttls;
    let err = SmtpSession::open(&endpoint).await.err().expect("no STARTTLS means no session");
    assert!(matches!(err, SmtpFailure::TlsUnavailable { .. }), "the password must not travel in the clear: {err:?}");
    assert!(err.to_string().contains("does not offer STARTTLS"), "the user learns why: {err}");
}

#[tokio::test]
async fn plaintext_to_another_computer_is_refused_before_any_connection() {
    let endpoint = SmtpEndpoint {
        host: "192.0.2.25".into(), // TEST-NET-1: never routed
        port: 25,
        security: Security::None,
        username: None,
        password: None,
        hello_name: "sender.example".into(),
        extra_root_pem: None,
        timeout: Duration::from_secs(30),
    };
    let started = Instant::now();
    let err = SmtpSession::open(&endpoint).await.err().expect("plaintext off this computer is refused");
    assert!(matches!(err, SmtpFailure::InvalidEndpoint(_)), "refused by validation, not by a failed connect: {err:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "no connection was attempted (it would wait for the timeout)");
}

#[tokio::test]
async fn plaintext_to_this_computer_is_allowed() {
    let server = SmtpServer::start(SmtpOptions::default().tls(ServerTls::Off));
    let mut session = session(&server).await;
    let outcome = session.send(FROM, "plain@rcpt.example", &message("plain@rcpt.example")).await;
    assert!(matches!(outcome, SendOutcome::Accepted(_)), "a loopback test server may be plaintext: {outcome:?}");
    session.close().await;
}

#[tokio::test]
async fn implicit_tls_connects_signs_in_and_sends() {
    let server = SmtpServer::start(SmtpOptions::default().tls(ServerTls::Implicit).with_auth("ana", PASSWORD));
    let report = test_connection(&server.endpoint()).await.expect("implicit TLS works");
    assert!(report.tls && report.authenticated, "TLS from the first byte, then AUTH: {report:?}");
    assert!(report.greeting.contains("Reach test SMTP"), "the greeting is read inside TLS: {report:?}");
    let mut session = session(&server).await;
    let outcome = session.send(FROM, "tls@rcpt.example", &message("tls@rcpt.example")).await;
    assert!(matches!(outcome, SendOutcome::Accepted(ref r) if r.code == 250), "{outcome:?}");
    assert_eq!(server.received_to("tls@rcpt.example").len(), 1, "the server stored it");
}

#[tokio::test]
async fn a_certificate_from_an_unknown_authority_is_refused() {
    for tls in [ServerTls::Starttls, ServerTls::Implicit] {
        let server = SmtpServer::start(SmtpOptions::default().tls(tls));
        let mut endpoint = server.endpoint();
        endpoint.extra_root_pem = None;
        let err = SmtpSession::open(&endpoint).await.err().expect("an untrusted certificate must not be accepted");
        assert!(matches!(err, SmtpFailure::Tls { .. }), "{tls:?}: a certificate failure is a TLS failure: {err:?}");
    }
}

#[tokio::test]
async fn one_session_sends_several_messages_over_one_connection() {
    let server = SmtpServer::start(SmtpOptions::default().with_auth("ana", PASSWORD));
    let mut session = session(&server).await;
    for n in 0..3 {
        let to = format!("reader{n}@rcpt.example");
        let outcome = session.send(FROM, &to, &message(&to)).await;
        assert!(matches!(outcome, SendOutcome::Accepted(_)), "message {n}: {outcome:?}");
        assert!(session.is_usable(), "the connection stays open for the next message");
    }
    session.close().await;
    let received = server.received();
    assert_eq!(received.len(), 3, "every message arrived once");
    assert!(received.iter().all(|m| m.connection == received[0].connection), "one connection carried them all");
    assert_eq!(received[1].envelope_to, ["reader1@rcpt.example"], "the envelope names each recipient");
    assert_eq!(received[1].envelope_from, FROM, "and the sender");
}

#[rstest]
#[case::closing_421("fault-421", 421)]
#[case::local_problem_451("fault-451", 451)]
#[case::mailbox_full_452("fault-452", 452)]
#[case::deferred_after_data_451("defer-data-451", 451)]
#[tokio::test]
async fn a_4xx_reply_defers_the_message(#[case] local: &str, #[case] code: u16) {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let to = format!("{local}@rcpt.example");
    let outcome = session.send(FROM, &to, &message(&to)).await;
    assert!(matches!(&outcome, SendOutcome::Deferred(reply) if reply.code == code), "{local}: {outcome:?}");
    assert!(server.received().is_empty(), "a deferred message was not delivered");
    assert_eq!(session.is_usable(), code != 421, "421 closes the connection; other 4xx leave it usable");
    if session.is_usable() {
        let next = session.send(FROM, "next@rcpt.example", &message("next@rcpt.example")).await;
        assert!(matches!(next, SendOutcome::Accepted(_)), "the next message goes out on the same connection: {next:?}");
    }
}

#[rstest]
#[case::no_such_mailbox_550("fault-550", 550, true)]
#[case::mailbox_name_not_allowed_553("fault-553", 553, true)]
#[case::relay_denied_554("fault-554", 554, false)]
#[case::content_rejected_after_data_554("reject-data-554", 554, false)]
#[tokio::test]
async fn a_5xx_reply_rejects_the_message_hard_only_for_a_bad_address(#[case] local: &str, #[case] code: u16, #[case] hard: bool) {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let to = format!("{local}@rcpt.example");
    let outcome = session.send(FROM, &to, &message(&to)).await;
    assert!(
        matches!(&outcome, SendOutcome::Rejected { reply, hard: h } if reply.code == code && *h == hard),
        "{local}: expected {code} with hard={hard}, got {outcome:?}"
    );
    assert!(server.received().is_empty(), "a rejected message was not delivered");
    let next = session.send(FROM, "next@rcpt.example", &message("next@rcpt.example")).await;
    assert!(matches!(next, SendOutcome::Accepted(_)), "one rejection does not spoil the connection: {next:?}");
}

#[tokio::test]
async fn a_5xx_reply_to_the_sender_is_a_sender_problem() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let outcome = session.send("reject-sender@sender.example", "bob@rcpt.example", &message("bob@rcpt.example")).await;
    assert!(matches!(&outcome, SendOutcome::SenderRejected(r) if r.code == 553), "{outcome:?}");
    assert!(server.received().is_empty(), "nothing was delivered");
}

#[rstest]
#[case::dropped_after_data("drop-after-data")]
#[case::no_reply_after_data("timeout-after-data")]
#[tokio::test]
async fn no_final_reply_after_the_data_is_unknown_even_though_the_server_stored_it(#[case] local: &str) {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let to = format!("{local}@rcpt.example");
    let started = Instant::now();
    let outcome = session.send(FROM, &to, &message(&to)).await;
    assert!(matches!(outcome, SendOutcome::Unknown { .. }), "{local}: the outcome cannot be known: {outcome:?}");
    assert!(started.elapsed() < Duration::from_secs(4), "the 2 s timeout bounds the wait");
    assert_eq!(server.received_to(&to).len(), 1, "the server did store it: resending would duplicate it");
    assert!(!session.is_usable(), "the connection is out of step and must be replaced");
}

/// The server closes the connection after its 354, while the message data is on its way. The client has
/// handed the whole message, end marker included, to the network by the time it notices, and cannot tell
/// whether the server read it: Unknown, never retried by itself. (Here the server stored nothing; the user
/// resolves it as not sent.)
#[tokio::test]
async fn a_connection_dropped_during_the_data_is_unknown() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let outcome = session.send(FROM, "drop-during-data@rcpt.example", &message("drop-during-data@rcpt.example")).await;
    assert!(matches!(outcome, SendOutcome::Unknown { .. }), "{outcome:?}");
    assert!(server.received().is_empty(), "this server stored nothing");
    assert!(!session.is_usable(), "the connection is gone");
}

#[tokio::test]
async fn a_connection_lost_before_the_data_is_not_sent_and_safe_to_retry() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let outcome = session.send(FROM, "drop-before-data@rcpt.example", &message("drop-before-data@rcpt.example")).await;
    assert!(matches!(outcome, SendOutcome::NotSent { .. }), "lost at RCPT: nothing of the message went out: {outcome:?}");
    assert!(!session.is_usable(), "the connection is gone");
    let again = session.send(FROM, "bob@rcpt.example", &message("bob@rcpt.example")).await;
    assert!(matches!(again, SendOutcome::NotSent { .. }), "a broken session refuses without touching the network: {again:?}");
}

#[tokio::test]
async fn a_built_message_reaches_the_server_with_its_headers_encoding_and_body() {
    let server = SmtpServer::start(SmtpOptions::default().with_auth("ana", PASSWORD));
    let date = Utc.with_ymd_and_hms(2026, 5, 6, 7, 8, 9).unwrap();
    let id = new_message_id("sender.example", date);
    let references = vec!["<first@sender.example>".to_string()];
    let text = "Hallo Jürgen,\nein kurzer Gruß aus Köln.\n\n-- \nAna\n\nMusterstraße 1, 50667 Köln\n";
    let with_url = OutgoingMail {
        from_name: "Ana Søren",
        from_address: FROM,
        to_name: Some("Jürgen Groß"),
        to_address: "juergen@rcpt.example",
        subject: "Re: Grüße aus Köln",
        text_body: text,
        html_body: None,
        message_id: &id,
        date,
        in_reply_to: Some("<first@sender.example>"),
        references: &references,
        list_unsubscribe: Some(ListUnsubscribe { mailto: Some("unsub@sender.example"), url: Some("https://sender.example/u/1") }),
    };
    let mailto_only = OutgoingMail {
        to_address: "other@rcpt.example",
        list_unsubscribe: Some(ListUnsubscribe { mailto: Some("unsub@sender.example"), url: None }),
        ..with_url.clone()
    };
    let mut session = session(&server).await;
    for mail in [&with_url, &mailto_only] {
        let outcome = session.send(FROM, mail.to_address, &build_message(mail).expect("builds")).await;
        assert!(matches!(outcome, SendOutcome::Accepted(_)), "{outcome:?}");
    }
    session.close().await;

    let raw = server.received_to("juergen@rcpt.example").remove(0).raw;
    let parsed = MessageParser::default().parse(&raw).expect("the server's copy parses");
    assert_eq!(parsed.message_id(), Some(id.trim_matches(['<', '>'])), "the Message-ID committed before sending");
    assert_eq!(parsed.date().map(|d| d.to_timestamp()), Some(date.timestamp()), "Date from the engine clock");
    assert_eq!(parsed.subject(), Some("Re: Grüße aus Köln"), "the subject is encoded and decodes back");
    let from = parsed.from().and_then(|a| a.first()).expect("From");
    assert_eq!((from.name(), from.address()), (Some("Ana Søren"), Some(FROM)), "the sender's name is encoded");
    assert_eq!(parsed.in_reply_to().as_text(), Some("first@sender.example"), "threads under the first mail");
    assert_eq!(parsed.references().as_text(), Some("first@sender.example"), "References carries the thread");
    assert_eq!(
        parsed.header_raw("List-Unsubscribe").map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")),
        Some("<mailto:unsub@sender.example?subject=unsubscribe>, <https://sender.example/u/1>".into()),
        "both unsubscribe ways"
    );
    assert_eq!(parsed.header_raw("List-Unsubscribe-Post").map(str::trim), Some("List-Unsubscribe=One-Click"));
    assert_eq!(parsed.body_text(0).map(|t| t.replace("\r\n", "\n")), Some(text.into()), "the UTF-8 body arrives intact");
    assert!(raw.is_ascii(), "the message is 7-bit on the wire");

    let raw = server.received_to("other@rcpt.example").remove(0).raw;
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert!(parsed.header_raw("List-Unsubscribe").is_some(), "the mailto way alone");
    assert!(parsed.header_raw("List-Unsubscribe-Post").is_none(), "no one-click without a URL (RFC 8058)");
}

#[tokio::test]
async fn a_line_holding_only_a_dot_does_not_end_the_message_early() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let body = b"Subject: dots\r\n\r\nfirst\r\n.\r\n..two\r\nlast\r\n";
    let outcome = session.send(FROM, "dots@rcpt.example", body).await;
    assert!(matches!(outcome, SendOutcome::Accepted(_)), "{outcome:?}");
    assert_eq!(server.received()[0].raw, body, "dot-stuffing keeps the message byte for byte");
}

#[tokio::test]
async fn a_non_ascii_or_invalid_address_is_not_sent_and_the_session_stays_usable() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    for to in ["bob@bücher.example", "not an address"] {
        let outcome = session.send(FROM, to, &message("x@rcpt.example")).await;
        assert!(matches!(outcome, SendOutcome::NotSent { .. }), "{to}: refused before any command: {outcome:?}");
    }
    assert!(session.is_usable(), "a refused address does not touch the connection");
    assert!(server.received().is_empty(), "nothing was delivered");
}

#[tokio::test]
async fn a_server_that_offers_no_sign_in_is_told_apart_from_a_wrong_password() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut endpoint = server.endpoint();
    endpoint.username = Some("ana".into());
    endpoint.password = Some(PASSWORD.into());
    let err = SmtpSession::open(&endpoint).await.err().expect("credentials the server cannot take are an error");
    assert!(matches!(&err, SmtpFailure::AuthUnsupported { offered } if offered == "none"), "{err:?}");
    assert!(!err.is_auth(), "the password is not known to be wrong");
}

#[tokio::test]
async fn a_session_can_be_handed_to_another_task() {
    let server = SmtpServer::start(SmtpOptions::default().with_auth("ana", PASSWORD));
    let mut session = session(&server).await;
    let outcome = tokio::spawn(async move {
        let outcome = session.send(FROM, "task@rcpt.example", &message("task@rcpt.example")).await;
        session.close().await;
        outcome
    })
    .await
    .expect("the task ends");
    assert!(matches!(outcome, SendOutcome::Accepted(_)), "the outbox runs sessions on the runtime's workers: {outcome:?}");
    assert_eq!(server.received_to("task@rcpt.example").len(), 1, "delivered once");
}

#[tokio::test]
async fn a_server_that_never_answers_before_the_data_leaves_the_message_not_sent() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    let outcome = session.send(FROM, "hang-before-data@rcpt.example", &message("hang-before-data@rcpt.example")).await;
    assert!(matches!(outcome, SendOutcome::NotSent { .. }), "no reply to RCPT: the data never left: {outcome:?}");
    assert!(!session.is_usable(), "a late reply would be mistaken for the next one's, so the connection is dropped");
}

#[tokio::test]
async fn a_server_at_its_connection_limit_is_busy_and_worth_retrying() {
    let server = SmtpServer::start(SmtpOptions { busy: true, ..SmtpOptions::default() });
    let err = SmtpSession::open(&server.endpoint()).await.err().expect("a 421 greeting opens no session");
    assert!(matches!(&err, SmtpFailure::Busy(reply) if reply.code == 421), "{err:?}");
    assert!(err.is_transient() && !err.is_auth(), "tried again later, the account stays active");
}

#[tokio::test]
async fn without_pipelining_each_command_waits_for_its_reply_and_a_refusal_leaves_the_session_in_step() {
    let server = SmtpServer::start(SmtpOptions { pipelining: false, ..SmtpOptions::default() });
    let mut session = session(&server).await;
    let refused = session.send(FROM, "fault-550@rcpt.example", &message("fault-550@rcpt.example")).await;
    assert!(matches!(refused, SendOutcome::Rejected { hard: true, .. }), "{refused:?}");
    let deferred = session.send(FROM, "fault-451@rcpt.example", &message("fault-451@rcpt.example")).await;
    assert!(matches!(deferred, SendOutcome::Deferred(ServerReply { code: 451, .. })), "{deferred:?}");
    let body = b"Subject: dots\r\n\r\n.starts with a dot\r\n";
    let sent = session.send(FROM, "after@rcpt.example", body).await;
    assert!(matches!(sent, SendOutcome::Accepted(_)), "{sent:?}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].raw, body, "the data went out whole after two refusals on the same connection");
}

#[tokio::test]
async fn with_pipelining_a_refused_recipient_is_answered_in_order_and_the_next_mail_goes_through() {
    let server = SmtpServer::start(SmtpOptions::default());
    let mut session = session(&server).await;
    for (to, expect_sent) in [("fault-553@rcpt.example", false), ("fault-452@rcpt.example", false), ("fine@rcpt.example", true)] {
        let outcome = session.send(FROM, to, &message(to)).await;
        assert_eq!(matches!(outcome, SendOutcome::Accepted(_)), expect_sent, "{to}: {outcome:?}");
        assert!(session.is_usable(), "{to}: the pipelined replies were all read");
    }
    assert_eq!(server.received().len(), 1);
}
