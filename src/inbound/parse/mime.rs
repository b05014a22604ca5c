//! From bytes to a `ParsedMessage` with mail-parser: headers, text and HTML parts, attachments listed, the
//! delivery-status part and the returned message of a bounce. Lone CR line endings are made CRLF first;
//! a text part whose declared charset does not fit its bytes is decoded again by the charset its bytes
//! show.

use std::borrow::Cow;
use std::sync::OnceLock;

use mail_parser::decoders::{base64::base64_decode, quoted_printable::quoted_printable_decode};
use mail_parser::{Address, Encoding, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::{AttachmentInfo, MailAddress, ParsedMessage, ReturnedMessage};

fn parser() -> &'static MessageParser {
    static PARSER: OnceLock<MessageParser> = OnceLock::new();
    PARSER.get_or_init(MessageParser::default)
}

/// Never fails: malformed MIME, wrong or missing charsets still give what can be read.
pub fn parse(raw: &[u8]) -> ParsedMessage {
    let normalized = normalize_line_endings(raw);
    let Some(message) = parser().parse(normalized.as_ref()) else {
        return ParsedMessage::default();
    };
    let mut parsed = ParsedMessage {
        message_id: message.message_id().and_then(clean_id),
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        references: ids(message.references()),
        from: message.from().and_then(|a| addresses(a).into_iter().next()),
        reply_to: message.reply_to().and_then(|a| addresses(a).into_iter().next()),
        to: message.to().map(addresses).unwrap_or_default(),
        cc: message.cc().map(addresses).unwrap_or_default(),
        subject: message.subject().map(|s| s.trim().to_string()).unwrap_or_default(),
        date: message.date().and_then(|d| chrono::DateTime::from_timestamp(d.to_timestamp(), 0)),
        text: text_body(&message),
        html: html_body(&message),
        attachments: Vec::new(),
        headers: message.headers_raw().map(|(name, value)| (name.to_ascii_lowercase(), unfold(value))).collect(),
        delivery_status: None,
        returned: None,
    };
    for part in message.attachments() {
        parsed.attachments.push(AttachmentInfo {
            name: part.attachment_name().map(str::to_string),
            content_type: content_type(part),
            size: part.len() as i64,
        });
    }
    for part in &message.parts {
        match content_type(part).as_str() {
            "message/delivery-status" | "message/global-delivery-status" if parsed.delivery_status.is_none() => {
                parsed.delivery_status = Some(String::from_utf8_lossy(part.contents()).into_owned());
            }
            "message/rfc822" | "message/global" | "text/rfc822-headers" if parsed.returned.is_none() => {
                parsed.returned = Some(returned_message(part));
            }
            _ => {}
        }
    }
    parsed
}

/// A message with lone CRs as line ends (old Mac mailers, some gateways) is read as CRLF.
fn normalize_line_endings(raw: &[u8]) -> Cow<'_, [u8]> {
    let lone_cr = raw.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || raw.last() == Some(&b'\r');
    if !lone_cr {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 32);
    for (i, &b) in raw.iter().enumerate() {
        out.push(b);
        if b == b'\r' && raw.get(i + 1) != Some(&b'\n') {
            out.push(b'\n');
        }
    }
    Cow::Owned(out)
}

fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if i > 0 {
            out.push(' ');
            out.push_str(line.trim_start());
        } else {
            out.push_str(line);
        }
    }
    out.trim().to_string()
}

/// An id without angle brackets or spaces; None when nothing is left.
fn clean_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>').trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| id.to_string())
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => clean_id(id).into_iter().collect(),
        HeaderValue::TextList(list) => list.iter().filter_map(|id| clean_id(id)).collect(),
        _ => Vec::new(),
    }
}

/// Message-IDs in a header value as written: `<a@b> <c@d>`.
pub(super) fn ids_in_text(text: &str) -> Vec<String> {
    text.split('<').skip(1).filter_map(|rest| rest.split_once('>')).filter_map(|(id, _)| clean_id(id)).collect()
}

fn addresses(address: &Address<'_>) -> Vec<MailAddress> {
    address
        .iter()
        .filter_map(|a| {
            let address = a.address()?.trim().to_lowercase();
            let name = a.name().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
            (!address.is_empty()).then_some(MailAddress { address, name })
        })
        .collect()
}

fn content_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None if matches!(part.body, PartType::Message(_)) => "message/rfc822".into(),
        None => "text/plain".into(),
    }
}

fn text_body(message: &Message<'_>) -> Option<String> {
    let id = *message.text_body.first()?;
    let part = message.parts.get(id as usize)?;
    match &part.body {
        PartType::Text(text) => Some(redecoded(message, part, text).into_owned()),
        PartType::Html(_) => message.body_text(0).map(Cow::into_owned),
        _ => None,
    }
}

fn html_body(message: &Message<'_>) -> Option<String> {
    message.html_body.iter().filter_map(|id| message.parts.get(*id as usize)).find_map(|part| match &part.body {
        PartType::Html(html) => Some(redecoded(message, part, html).into_owned()),
        _ => None,
    })
}

/// The text of a part whose declared charset gave replacement characters, decoded again by the charset
/// its bytes show (a Latin-1 mail declared UTF-8, an unknown charset name).
fn redecoded<'a>(message: &Message<'_>, part: &MessagePart<'_>, text: &'a str) -> Cow<'a, str> {
    if !text.contains('\u{FFFD}') {
        return Cow::Borrowed(text);
    }
    let raw = message.raw_message.get(part.raw_body_offset() as usize..part.raw_end_offset() as usize).unwrap_or_default();
    let bytes = match part.encoding {
        Encoding::QuotedPrintable => quoted_printable_decode(raw),
        Encoding::Base64 => base64_decode(raw),
        Encoding::None => Some(raw.to_vec()),
    };
    let Some(bytes) = bytes else { return Cow::Borrowed(text) };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let (decoded, _, had_errors) = detector.guess(None, chardetng::Utf8Detection::Deny).decode(&bytes);
    if had_errors || decoded.contains('\u{FFFD}') {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(decoded.into_owned())
    }
}

/// The returned message's Message-ID and recipients: from the parsed part, or read from its text when the
/// part is cut short.
fn returned_message(part: &MessagePart<'_>) -> ReturnedMessage {
    let headers = match &part.body {
        PartType::Message(inner) => {
            return ReturnedMessage {
                message_id: inner.message_id().and_then(clean_id),
                to: inner.to().map(addresses).unwrap_or_default().into_iter().map(|a| a.address).collect(),
            }
        }
        _ => String::from_utf8_lossy(part.contents()).into_owned(),
    };
    match parser().parse_headers(headers.as_bytes()) {
        Some(inner) => ReturnedMessage {
            message_id: inner.message_id().and_then(clean_id),
            to: inner.to().map(addresses).unwrap_or_default().into_iter().map(|a| a.address).collect(),
        },
        None => ReturnedMessage::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_addresses_and_ids_are_read_without_brackets_and_lower_cased() {
        let raw = b"From: \"Ana Diaz\" <Ana@Example.COM>\r\nTo: me@reach.test, Bo <bo@reach.test>\r\nCc: c@reach.test\r\n\
Subject: =?UTF-8?Q?Re:_Caf=C3=A9?=\r\nMessage-ID: <m1@example.com>\r\nIn-Reply-To: <a1@reach.test> <a0@reach.test>\r\n\
References: <a0@reach.test>\r\n <a1@reach.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\n\r\nHello\r\n";
        let m = parse(raw);
        assert_eq!(m.message_id.as_deref(), Some("m1@example.com"));
        assert_eq!(m.in_reply_to.as_deref(), Some("a1@reach.test"), "the first id of In-Reply-To");
        assert_eq!(m.references, vec!["a0@reach.test", "a1@reach.test"], "References keep their order across a fold");
        let from = m.from.clone().expect("a sender");
        assert_eq!((from.address.as_str(), from.name.as_deref()), ("ana@example.com", Some("Ana Diaz")));
        assert_eq!(m.to.len(), 2);
        assert_eq!(m.cc[0].address, "c@reach.test");
        assert_eq!(m.subject, "Re: Café", "RFC 2047 words are decoded");
        assert_eq!(m.date.map(|d| d.to_rfc3339()), Some("2026-12-07T09:00:00+00:00".into()));
        assert_eq!(m.text.as_deref().map(str::trim), Some("Hello"));
        assert_eq!(m.header("references"), Some("<a0@reach.test> <a1@reach.test>"), "folded headers are unfolded");
    }

    #[test]
    fn cr_only_line_endings_are_read_like_crlf() {
        let m = parse(b"From: a@x.test\rSubject: Old Mac\rMessage-ID: <cr@x.test>\r\rLine one\rLine two\r");
        assert_eq!(m.subject, "Old Mac", "the subject must not swallow the next lines");
        assert_eq!(m.message_id.as_deref(), Some("cr@x.test"));
        assert!(m.text.unwrap_or_default().contains("Line two"), "the body is read");
    }

    #[test]
    fn a_latin1_body_declared_utf8_is_decoded_by_what_its_bytes_are() {
        let mut raw = b"From: a@x.test\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".to_vec();
        raw.extend_from_slice(b"Gr\xfc\xdfe aus K\xf6ln, bitte abmelden.\r\n");
        let text = parse(&raw).text.unwrap_or_default();
        assert!(text.contains("Grüße aus Köln"), "the Latin-1 bytes are read as Latin-1: {text:?}");
    }

    #[test]
    fn an_html_only_mail_has_text_made_from_its_html_and_keeps_the_html_as_sent() {
        let raw = b"From: a@x.test\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Let's <b>talk</b></p><script>x()</script>\r\n";
        let m = parse(raw);
        assert!(m.text.unwrap_or_default().contains("Let's talk"), "text is made from the HTML");
        assert!(m.html.unwrap_or_default().contains("<script>"), "the HTML is kept as sent; sanitizing is html.rs's job");
    }

    #[test]
    fn garbage_gives_an_empty_message_rather_than_a_failure() {
        let m = parse(b"");
        assert_eq!(m, ParsedMessage::default());
        let m = parse(b"\x00\x01\x02 not a mail at all");
        assert!(m.message_id.is_none() && m.from.is_none(), "nothing to read, nothing invented");
    }

    #[test]
    fn attachments_are_listed_with_name_type_and_size() {
        let raw = b"From: a@x.test\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached\r\n\
--b\r\nContent-Type: application/pdf; name=\"deck.pdf\"\r\nContent-Disposition: attachment; filename=\"deck.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
        let m = parse(raw);
        assert_eq!(m.attachments, vec![AttachmentInfo { name: Some("deck.pdf".into()), content_type: "application/pdf".into(), size: 9 }]);
        assert_eq!(m.text.as_deref().map(str::trim), Some("See attached"));
    }
}
