use chrono::TimeZone;
use mail_parser::MessageParser;

use super::*;

fn date() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 9, 30, 15).unwrap()
}

fn mail<'a>(references: &'a [String]) -> OutgoingMail<'a> {
    OutgoingMail {
        from_name: "Ana Müller",
        from_address: "ana@consult.example",
        to_name: Some("Bob Stone"),
        to_address: "bob@client.example",
        subject: "Über Ihre Website",
        text_body: "Hallo Bob,\nschöne Grüße.\n",
        html_body: None,
        message_id: "<abc.1@consult.example>",
        date: date(),
        in_reply_to: None,
        references,
        list_unsubscribe: None,
    }
}

fn headers(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).expect("the message is ASCII");
    text.split("\r\n\r\n").next().unwrap().to_string()
}

#[test]
fn a_plain_mail_is_seven_bit_with_crlf_and_encoded_names() {
    let bytes = build_message(&mail(&[])).expect("builds");
    assert!(bytes.is_ascii(), "non-ASCII text must be encoded so any server takes it");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let parsed = MessageParser::default().parse(&bytes).expect("parses");
    assert_eq!(parsed.subject(), Some("Über Ihre Website"), "the subject survives RFC 2047 encoding");
    assert_eq!(parsed.from().and_then(|a| a.first()).and_then(|a| a.name()), Some("Ana Müller"), "the sender's name too");
    assert_eq!(parsed.message_id(), Some("abc.1@consult.example"), "the Message-ID is the one committed before sending");
    assert_eq!(parsed.date().map(|d| d.to_timestamp()), Some(date().timestamp()), "Date comes from the given clock");
    assert_eq!(parsed.body_text(0).as_deref().map(|t| t.replace("\r\n", "\n")), Some("Hallo Bob,\nschöne Grüße.\n".into()));
    assert!(!headers(&bytes).contains("List-Unsubscribe"), "no unsubscribe header when none is configured");
}

#[test]
fn list_unsubscribe_has_one_click_only_with_an_https_url() {
    let refs = [];
    let mut m = mail(&refs);
    m.list_unsubscribe = Some(ListUnsubscribe { mailto: Some("unsubscribe@consult.example"), url: None });
    let h = headers(&build_message(&m).unwrap());
    assert!(h.contains("List-Unsubscribe: <mailto:unsubscribe@consult.example?subject=unsubscribe>"), "{h}");
    assert!(!h.contains("List-Unsubscribe-Post"), "RFC 8058 one-click needs a URL to POST to");

    m.list_unsubscribe = Some(ListUnsubscribe { mailto: Some("unsubscribe@consult.example"), url: Some("https://consult.example/u/abc") });
    let h = headers(&build_message(&m).unwrap()).replace("\r\n ", " ");
    assert!(
        h.contains("List-Unsubscribe: <mailto:unsubscribe@consult.example?subject=unsubscribe>, <https://consult.example/u/abc>"),
        "both ways are offered, mail first: {h}"
    );
    assert!(h.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "one-click with a URL: {h}");
}

#[test]
fn an_unsubscribe_link_that_is_not_https_is_refused() {
    let refs = [];
    let mut m = mail(&refs);
    m.list_unsubscribe = Some(ListUnsubscribe { mailto: None, url: Some("http://consult.example/u") });
    assert!(matches!(build_message(&m), Err(MessageError::InvalidUnsubscribe(..))), "RFC 8058 requires HTTPS");
    m.list_unsubscribe = Some(ListUnsubscribe { mailto: None, url: Some("https://x.example/a>\r\nBcc: victim@x") });
    assert!(build_message(&m).is_err(), "a link must not inject headers");
}

#[test]
fn a_follow_up_threads_under_the_previous_mail() {
    let refs = vec!["<first@consult.example>".to_string(), "<second@consult.example>".to_string()];
    let mut m = mail(&refs);
    m.in_reply_to = Some("<second@consult.example>");
    let bytes = build_message(&m).unwrap();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.in_reply_to().as_text(), Some("second@consult.example"), "In-Reply-To names the last mail");
    let refs: Vec<&str> = parsed.references().as_text_list().map(|l| l.iter().map(|s| s.as_ref()).collect()).unwrap_or_default();
    assert_eq!(refs, ["first@consult.example", "second@consult.example"], "References lists the thread in order");
}

#[test]
fn an_html_alternative_follows_the_text() {
    let refs = [];
    let mut m = mail(&refs);
    m.html_body = Some("<p>Hallo Bob</p>");
    let bytes = build_message(&m).unwrap();
    assert!(headers(&bytes).contains("multipart/alternative"), "text and HTML are alternatives of one message");
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert!(parsed.body_text(0).unwrap().contains("schöne Grüße"), "the text part is still there");
    assert!(parsed.body_html(0).unwrap().contains("<p>Hallo Bob</p>"), "and the HTML part");
}

#[test]
fn bad_addresses_are_refused_with_which_one() {
    let refs = [];
    let mut m = mail(&refs);
    m.to_address = "bob@bücher.example";
    assert_eq!(
        build_message(&m),
        Err(MessageError::UnicodeDomain { role: "recipient", address: "bob@bücher.example".into() }),
        "a Unicode domain is named with its role"
    );
    m.to_address = "not an address";
    assert!(matches!(build_message(&m), Err(MessageError::InvalidAddress { role: "recipient", .. })), "an unparseable recipient");
    let mut m = mail(&refs);
    m.from_address = "ana@";
    assert!(matches!(build_message(&m), Err(MessageError::InvalidAddress { role: "sender", .. })), "an unparseable sender");
}

#[test]
fn a_line_break_in_the_subject_cannot_add_a_header() {
    let refs = [];
    let mut m = mail(&refs);
    m.subject = "Hello\r\nBcc: victim@evil.example";
    let h = headers(&build_message(&m).unwrap());
    assert!(!h.lines().any(|l| l.starts_with("Bcc:")), "the subject stays one header: {h}");
}

#[test]
fn message_ids_are_unique_and_on_the_senders_domain() {
    let a = new_message_id("Consult.Example", date());
    let b = new_message_id("consult.example", date());
    assert_ne!(a, b, "two mails in the same millisecond still differ");
    assert!(a.starts_with('<') && a.ends_with("@consult.example>"), "on the sender's domain: {a}");
    assert!(a.contains(&format!(".{}@", date().timestamp_millis())), "carries the time it was made: {a}");
    assert!(message_id(&a).is_ok(), "and is valid for the Message-ID header");
}
