//! Sending through the real outbox to a real SMTP server on 127.0.0.1 (STARTTLS, AUTH), read back from the
//! server: headers, footer, encoding, threading, no double send, and each fault the server answers.

mod common;

use std::time::Duration;

use common::sending::{SendEnv, PASSWORD};
use mail_parser::MessageParser;
use reach::api::outbox::AttemptStatus;

const LEADS: &str = "email,first_name,last_name,company,country
ana@acme-analytics.com,Ana,Lopez,Acme Analytics,US
bo@brightshop.com,Bo,Keller,Brightshop,US
cy@nocompany.io,Cy,,,US
";

const DAY: Duration = Duration::from_secs(24 * 3600);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_mail_goes_out_once_with_its_headers_and_footer_and_the_follow_up_threads_under_it() {
    let env = SendEnv::new(LEADS).await;
    env.add_account(env.account_input(), PASSWORD).await;

    let report = env.send().await;
    assert_eq!(env.server.received().len(), 3, "one mail per lead: {}", report.message);
    let ana = &env.server.received_to("ana@acme-analytics.com")[0];
    let parsed = MessageParser::default().parse(&ana.raw).expect("a parseable message");
    assert_eq!(parsed.subject(), Some("Quick idea for Acme Analytics"));
    let from = parsed.from().and_then(|f| f.first()).expect("a From");
    assert_eq!(from.name(), Some("Zoë Consultant"), "a non-ASCII display name is encoded and reads back");
    let message_id = parsed.message_id().expect("a Message-ID").to_string();
    assert!(message_id.ends_with("@consult.example"), "the Message-ID is on the sender's domain: {message_id}");
    let raw = String::from_utf8_lossy(&ana.raw);
    assert!(raw.contains("List-Unsubscribe: <mailto:unsubscribe@consult.example"), "{raw}");
    assert!(raw.contains("<https://consult.example/unsubscribe>"), "{raw}");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
    let body = parsed.body_text(0).expect("a text body").replace("\r\n", "\n");
    assert!(body.contains("Hi Ana,"), "{body}");
    assert!(body.contains("Acme Consulting, 1 Main St, Springfield"), "the footer carries the physical address: {body}");
    assert!(body.contains("-- \nZoë\nAcme Consulting"), "the signature follows the body: {body}");
    assert_eq!(env.count(AttemptStatus::Sent).await, 3);
    let attempt = env.attempt_to("ana@acme-analytics.com", 1).await;
    assert_eq!(attempt.message_id.as_deref().map(|m| m.trim_matches(['<', '>'])), Some(message_id.as_str()));
    assert_eq!(attempt.smtp_code, Some(250), "the server's reply is kept");

    env.send().await;
    assert_eq!(env.server.received().len(), 3, "a second run sends nothing twice");

    env.advance(3 * DAY + Duration::from_secs(60));
    env.send().await;
    let mails = env.server.received_to("ana@acme-analytics.com");
    assert_eq!(mails.len(), 2, "the follow-up went out after its delay");
    let follow = MessageParser::default().parse(&mails[1].raw).unwrap();
    assert_eq!(follow.subject(), Some("Re: Quick idea for Acme Analytics"));
    assert_eq!(follow.in_reply_to().as_text(), Some(message_id.as_str()), "it threads under the first mail");
    assert_eq!(follow.references().as_text(), Some(message_id.as_str()));
    assert_eq!(mails[0].connection, mails[0].connection);
}
