//! The mail itself: an RFC 5322 message with the headers a careful sender sets (Message-ID on the sender's
//! domain, Date from the engine clock, threading, List-Unsubscribe with RFC 8058 one-click).

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart, SinglePart};
use lettre::Address;

/// One message to build. Text is final: body, signature and footer already assembled.
#[derive(Debug, Clone)]
pub struct OutgoingMail<'a> {
    pub from_name: &'a str,
    pub from_address: &'a str,
    pub to_name: Option<&'a str>,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    /// An optional alternative; the text stays the first part, read by clients that prefer it.
    pub html_body: Option<&'a str>,
    /// "<…@domain>", as made by `new_message_id`.
    pub message_id: &'a str,
    /// From the engine clock, never the wall clock.
    pub date: DateTime<Utc>,
    pub in_reply_to: Option<&'a str>,
    pub references: &'a [String],
    pub list_unsubscribe: Option<ListUnsubscribe<'a>>,
}

/// Where a recipient can unsubscribe: an address (a mail to it unsubscribes) and/or an https URL.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListUnsubscribe<'a> {
    pub mailto: Option<&'a str>,
    pub url: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("the {role} address \"{address}\" is not valid ({reason})")]
    InvalidAddress { role: &'static str, address: String, reason: String },
    #[error("the {role} address \"{address}\" has a non-ASCII domain; write the domain in its ASCII (punycode) form")]
    UnicodeDomain { role: &'static str, address: String },
    #[error("\"{0}\" is not a message id of the form <unique@domain>")]
    InvalidMessageId(String),
    #[error("the unsubscribe link \"{0}\" is not usable: {1}")]
    InvalidUnsubscribe(String, &'static str),
    #[error("the message could not be assembled: {0}")]
    Assembly(String),
}

/// The message bytes: CRLF line ends, non-ASCII names and subject encoded (RFC 2047), text as UTF-8 in
/// quoted-printable or base64 as lettre chooses, so the bytes are 7-bit.
pub fn build_message(mail: &OutgoingMail) -> Result<Vec<u8>, MessageError> {
    let from = mailbox("sender", Some(mail.from_name), mail.from_address)?;
    let to = mailbox("recipient", mail.to_name, mail.to_address)?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(mail.subject))
        .date(SystemTime::from(mail.date))
        .message_id(Some(message_id(mail.message_id)?.to_string()));
    if let Some(parent) = mail.in_reply_to {
        builder = builder.in_reply_to(message_id(parent)?.to_string());
    }
    if !mail.references.is_empty() {
        let ids = mail.references.iter().map(|id| message_id(id)).collect::<Result<Vec<_>, _>>()?;
        builder = builder.references(ids.join(" "));
    }
    if let Some(unsubscribe) = mail.list_unsubscribe {
        let (value, one_click) = list_unsubscribe(unsubscribe)?;
        if let Some(value) = value {
            builder = builder.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), value));
            if one_click {
                builder = builder.raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
            }
        }
    }
    let text = crlf(mail.text_body);
    let message = match mail.html_body {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(text, crlf(html))),
        None => builder.singlepart(SinglePart::plain(text)),
    }
    .map_err(|e| MessageError::Assembly(e.to_string()))?;
    Ok(message.formatted())
}

/// A new unique Message-ID on the sender's domain: "<{random 128-bit hex}.{unix millis}@{domain}>".
pub fn new_message_id(domain: &str, now: DateTime<Utc>) -> String {
    let random: u128 = rand::random();
    format!("<{random:032x}.{}@{}>", now.timestamp_millis(), domain.trim().to_ascii_lowercase())
}

fn mailbox(role: &'static str, name: Option<&str>, address: &str) -> Result<Mailbox, MessageError> {
    let address = address.trim();
    if address.rsplit_once('@').is_some_and(|(_, domain)| !domain.is_ascii()) {
        return Err(MessageError::UnicodeDomain { role, address: address.to_string() });
    }
    let parsed = address.parse::<Address>().map_err(|e| MessageError::InvalidAddress {
        role,
        address: address.to_string(),
        reason: e.to_string().to_lowercase(),
    })?;
    let name = name.map(one_line).filter(|n| !n.trim().is_empty());
    Ok(Mailbox::new(name, parsed))
}

/// A message id as given, checked: angle brackets around `left@right`, printable ASCII, no spaces.
fn message_id(id: &str) -> Result<&str, MessageError> {
    let id = id.trim();
    let inner = id.strip_prefix('<').and_then(|s| s.strip_suffix('>'));
    let valid = inner.is_some_and(|inner| {
        inner.split_once('@').is_some_and(|(left, right)| !left.is_empty() && !right.is_empty())
            && inner.bytes().all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
    });
    if valid {
        Ok(id)
    } else {
        Err(MessageError::InvalidMessageId(id.to_string()))
    }
}

/// The List-Unsubscribe value, and whether one-click (RFC 8058) applies: only with an https URL.
fn list_unsubscribe(links: ListUnsubscribe) -> Result<(Option<String>, bool), MessageError> {
    let mut parts = Vec::new();
    if let Some(mailto) = links.mailto.map(str::trim).filter(|m| !m.is_empty()) {
        let address = mailto.strip_prefix("mailto:").unwrap_or(mailto);
        let plain = address.split('?').next().unwrap_or_default();
        if plain.parse::<Address>().is_err() || !address.is_ascii() || !uri_safe(address) {
            return Err(MessageError::InvalidUnsubscribe(mailto.to_string(), "not a plain email address"));
        }
        if address.contains('?') {
            parts.push(format!("<mailto:{address}>"));
        } else {
            parts.push(format!("<mailto:{address}?subject=unsubscribe>"));
        }
    }
    let mut one_click = false;
    if let Some(url) = links.url.map(str::trim).filter(|u| !u.is_empty()) {
        if !url.starts_with("https://") || url.len() <= "https://".len() {
            return Err(MessageError::InvalidUnsubscribe(url.to_string(), "one-click unsubscribe needs an https:// link"));
        }
        if !url.is_ascii() || !uri_safe(url) {
            return Err(MessageError::InvalidUnsubscribe(url.to_string(), "it has spaces or characters a link cannot hold"));
        }
        parts.push(format!("<{url}>"));
        one_click = true;
    }
    Ok(((!parts.is_empty()).then(|| parts.join(", ")), one_click))
}

/// Printable, without the characters that would end the bracketed URI or the header.
fn uri_safe(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b','))
}

/// A header value on one line: a line break in a subject or name would start a new header.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// CRLF line ends, without the final one: lettre ends each part with a line break of its own.
fn crlf(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.strip_suffix('\n').unwrap_or(&text).replace('\n', "\r\n")
}

#[cfg(test)]
#[path = "message_tests.rs"]
mod tests;
