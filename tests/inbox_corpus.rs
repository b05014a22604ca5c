//! The mail corpus in tests/fixtures/mail: every message is read as its expected file says, and the
//! encodings are decoded into the words that were written.

use std::path::{Path, PathBuf};

use reach::inbound::parse::{parse, read, read_bytes, MessageKind};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

fn messages() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
}

fn raw(name: &str) -> Vec<u8> {
    std::fs::read(corpus_dir().join(format!("{name}.eml"))).unwrap_or_else(|e| panic!("{name}.eml: {e}"))
}

#[test]
fn every_message_of_the_corpus_is_read_as_its_expected_file_says() {
    let files = messages();
    assert!(files.len() >= 30, "the corpus keeps at least 30 messages, found {}", files.len());
    let mut wrong = Vec::new();
    for eml in &files {
        let expected_path = eml.with_extension("expected.json");
        let expected: Value = match std::fs::read_to_string(&expected_path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
            Err(e) => panic!("{} has no expected reading ({e}); add {}", eml.display(), expected_path.display()),
        };
        let reading = read_bytes(&std::fs::read(eml).expect("a readable message"));
        let got = serde_json::to_value(&reading).expect("a reading serializes");
        if got != expected {
            wrong.push(format!("{}\n  expected {expected}\n  got      {got}", eml.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(wrong.is_empty(), "{} of {} messages read differently:\n{}", wrong.len(), files.len(), wrong.join("\n"));
}

#[test]
fn the_corpus_covers_every_kind_and_both_hard_and_soft_bounces() {
    let readings: Vec<_> = messages().iter().map(|p| read_bytes(&std::fs::read(p).unwrap())).collect();
    for kind in [MessageKind::Bounce, MessageKind::AutoReply, MessageKind::Reply, MessageKind::Other] {
        assert!(readings.iter().any(|r| r.kind == kind), "no {kind:?} in the corpus");
    }
    let recipients: Vec<_> = readings.iter().filter_map(|r| r.bounce.as_ref()).flat_map(|b| &b.recipients).collect();
    assert!(recipients.iter().any(|r| r.hard) && recipients.iter().any(|r| !r.hard), "hard and soft bounces are both shown");
    assert!(readings.iter().filter_map(|r| r.bounce.as_ref()).any(|b| !b.standard), "non-standard bounces are in it");
}

#[test]
fn a_body_declared_utf8_but_written_in_latin1_reads_as_written() {
    let text = parse(&raw("reply-wrong-charset")).text.unwrap_or_default();
    assert!(text.contains("Grüße aus Köln"), "the bytes are Latin-1 whatever the header says: {text:?}");
}

#[test]
fn iso_8859_1_quoted_printable_and_encoded_words_are_decoded() {
    let m = parse(&raw("reply-iso-8859-1"));
    assert!(m.text.unwrap_or_default().contains("Ça m'intéresse"), "quoted-printable Latin-1 body");
    assert_eq!(m.from.and_then(|a| a.name).as_deref(), Some("Aurélie Blanc"), "an RFC 2047 name");
    let es = parse(&raw("reply-unsubscribe-es")).text.unwrap_or_default();
    assert!(es.contains("denme de baja"), "a base64 body: {es:?}");
    let de = parse(&raw("auto-reply-german"));
    assert_eq!(de.subject, "Abwesenheitsnotiz: Kurze Frage zu Ihrem Einkauf", "a Q-encoded subject");
}

#[test]
fn cr_only_and_lf_only_line_endings_read_like_crlf() {
    let cr = parse(&raw("reply-cr-line-endings"));
    assert_eq!(cr.subject, "Re: A short note for Ivy", "the subject ends at its CR");
    assert_eq!(cr.message_id.as_deref(), Some("ivy-cr-1796722500@proseware.test"));
    assert!(cr.text.unwrap_or_default().contains("When are you free on Thursday?"));
    let lf = parse(&raw("reply-lf-line-endings"));
    assert_eq!(lf.message_id.as_deref(), Some("omar-lf-1796723000@fourthcoffee.test"));
}

#[test]
fn a_message_without_message_id_and_one_with_a_broken_boundary_still_read() {
    let m = parse(&raw("reply-no-message-id"));
    assert_eq!(m.message_id, None, "nothing is invented");
    assert_eq!(m.in_reply_to.as_deref(), Some("20261207152040.lw0002@brightpath.test"));
    let broken = parse(&raw("reply-malformed-boundary"));
    assert!(broken.text.unwrap_or_default().contains("not interested at this time"), "the first part is read");
}

#[test]
fn an_html_only_mail_keeps_its_html_and_gets_text_and_its_remote_image_is_blocked() {
    let m = parse(&raw("reply-html-only"));
    assert!(m.text.clone().unwrap_or_default().contains("send me more info"), "text is made from the HTML");
    let html = m.html.clone().expect("the HTML part as sent");
    let safe = reach::inbound::html::sanitize(&html, false);
    assert_eq!(safe.blocked_images, 1, "the tracking pixel is held back: {}", safe.html);
    assert!(!safe.html.contains("<style"), "{}", safe.html);
    assert_eq!(read(&m).kind, MessageKind::Reply);
}

#[test]
fn attachments_are_listed_not_opened() {
    let m = parse(&raw("reply-with-attachment"));
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(m.attachments[0].name.as_deref(), Some("process.pdf"));
    assert_eq!(m.attachments[0].content_type, "application/pdf");
    assert!(m.attachments[0].size > 0, "the decoded size is known");
}

#[test]
fn every_message_cut_short_anywhere_still_reads_without_a_panic() {
    for eml in messages() {
        let raw = std::fs::read(&eml).unwrap();
        for end in (0..raw.len()).step_by(23) {
            let reading = read_bytes(&raw[..end]);
            assert!(reading.category.is_none() || reading.kind == MessageKind::Reply, "{}: a category only for a reply", eml.display());
        }
    }
}

proptest::proptest! {
    #[test]
    fn any_bytes_read_without_a_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..3000)) {
        let _ = read_bytes(&bytes);
    }

    #[test]
    fn a_corpus_message_with_bytes_changed_reads_without_a_panic(
        index in 0usize..1000,
        edits in proptest::collection::vec((0usize..100_000, proptest::num::u8::ANY), 1..40),
    ) {
        let files = messages();
        let mut raw = std::fs::read(&files[index % files.len()]).unwrap();
        for (at, byte) in edits {
            let len = raw.len();
            raw[at % len] = byte;
        }
        let _ = read_bytes(&raw);
    }
}
