//! Suppression entries: one address, or a whole registrable domain, that no mail may go to.
//!
//! Entries are kept in one spelling per target (lowercase, punycode domain) so the send-time check is a plain
//! comparison with the recipient's address put through the same `normalize_address`.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::PolicyError;
use crate::api::imports::neutralize_formula;
use crate::domains;
use crate::import::validate::looks_like_email;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SuppressionKind {
    Address,
    Domain,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Address => "address",
            SuppressionKind::Domain => "domain",
        }
    }
}

/// One entry read from a suppression file, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SuppressionLine {
    pub line: u64,
    pub kind: SuppressionKind,
    pub value: String,
    pub reason: Option<String>,
}

/// A line of a suppression file that holds no usable entry, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RefusedLine {
    pub line: u64,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SuppressionFile {
    pub entries: Vec<SuppressionLine>,
    pub refused: Vec<RefusedLine>,
}

/// An entry as typed: "someone@example.com" suppresses that address; "@example.com" or "example.com" (or a
/// subdomain, or a web address on it) suppresses the registrable domain `example.com` and every address on it.
pub fn parse_entry(text: &str) -> Result<(SuppressionKind, String), PolicyError> {
    let t = unwrap_address(text);
    if t.is_empty() {
        return Err(PolicyError::EmptyEntry);
    }
    match t.strip_prefix('@') {
        Some(domain) => domain_entry(domain),
        None if t.contains('@') && !t.contains("://") => Ok((SuppressionKind::Address, normalize_address(t)?)),
        None => domain_entry(t),
    }
}

/// An address in the spelling suppression entries use: lowercase, its domain in ASCII (punycode).
pub fn normalize_address(email: &str) -> Result<String, PolicyError> {
    let t = unwrap_address(email);
    let invalid = || PolicyError::InvalidAddress { text: t.to_string() };
    let (local, domain) = t.rsplit_once('@').ok_or_else(invalid)?;
    if !looks_like_email(t) {
        return Err(invalid());
    }
    match domains::host(domain) {
        Ok(Some(host)) => Ok(format!("{}@{host}", local.to_lowercase())),
        Ok(None) => Err(invalid()),
        Err(source) => Err(PolicyError::InvalidDomain { text: domain.to_string(), source }),
    }
}

/// "<a@b>", "mailto:a@b" and surrounding spaces are the address a@b.
fn unwrap_address(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_prefix("mailto:").unwrap_or(t);
    t.strip_prefix('<').and_then(|t| t.strip_suffix('>')).unwrap_or(t).trim()
}

fn domain_entry(text: &str) -> Result<(SuppressionKind, String), PolicyError> {
    if text.contains('@') {
        return Err(PolicyError::NotADomain { text: text.to_string() });
    }
    let host = match domains::host(text) {
        Ok(Some(host)) => host,
        Ok(None) => return Err(PolicyError::NotADomain { text: text.to_string() }),
        Err(source) => return Err(PolicyError::InvalidDomain { text: text.to_string(), source }),
    };
    match domains::registrable_of_host(&host) {
        Some(registrable) => Ok((SuppressionKind::Domain, registrable.to_string())),
        None => Err(PolicyError::PublicSuffix { text: host.into_owned() }),
    }
}

/// Header names of the column holding the address or domain, after `header_key`.
const VALUE_HEADERS: &[&str] = &["email", "emailaddress", "mail", "address", "domain", "value", "entry"];
const REASON_HEADERS: &[&str] = &["reason", "note", "notes", "comment"];

/// A suppression file: CSV with an optional header naming an email/address/domain/value column and a reason
/// column, or plain text with one entry per line. Blank lines and lines starting with `#` are skipped; a line
/// whose entry is invalid, missing or repeated is refused with its line number and the reason.
pub fn read_suppression_csv(bytes: &[u8]) -> SuppressionFile {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut file = SuppressionFile::default();
    let (mut value_col, mut reason_col) = (0, Some(1));
    let mut seen: HashMap<(SuppressionKind, String), u64> = HashMap::new();
    // A record's position is where the reader began: before the blank and comment lines it skipped.
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
    let line_at = |byte: u64| {
        let mut byte = byte as usize;
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let mut line = newlines.partition_point(|&n| n < byte);
        while let Some(&end) = newlines.get(line) {
            let start = if line == 0 { 0 } else { newlines[line - 1] + 1 };
            let content = text[start..end].trim();
            if !(content.is_empty() || content.starts_with('#')) {
                break;
            }
            line += 1;
        }
        line as u64 + 1
    };
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                file.refused.push(RefusedLine { line, text: String::new(), reason: format!("unreadable line: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(i as u64 + 1, |p| line_at(p.byte()));
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if i == 0 {
            let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
            if let Some(col) = keys.iter().position(|k| VALUE_HEADERS.contains(&k.as_str())) {
                value_col = col;
                reason_col = keys.iter().position(|k| REASON_HEADERS.contains(&k.as_str()));
                continue;
            }
        }
        let value = cells.get(value_col).copied().map(unneutralize).unwrap_or_default();
        let reason = reason_col.and_then(|c| cells.get(c)).map(|r| unneutralize(r)).filter(|r| !r.is_empty());
        if value.is_empty() {
            let reason = "no address or domain in this line".to_string();
            file.refused.push(RefusedLine { line, text: cells.join(", "), reason });
            continue;
        }
        match parse_entry(value) {
            Ok((kind, value)) => match seen.get(&(kind, value.clone())) {
                Some(first) => {
                    let reason = format!("{value} is already listed on line {first}");
                    file.refused.push(RefusedLine { line, text: cells[value_col].to_string(), reason });
                }
                None => {
                    seen.insert((kind, value.clone()), line);
                    file.entries.push(SuppressionLine { line, kind, value, reason: reason.map(str::to_string) });
                }
            },
            Err(e) => file.refused.push(RefusedLine { line, text: value.to_string(), reason: e.to_string() }),
        }
    }
    file
}

/// The suppression list as CSV, `value,kind,reason,created_at`, which `read_suppression_csv` reads back.
/// Cells a spreadsheet would run as a formula are neutralized.
pub fn write_suppression_csv<W: Write>(
    rows: impl IntoIterator<Item = (SuppressionKind, String, Option<String>, DateTime<Utc>)>,
    out: W,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["value", "kind", "reason", "created_at"])?;
    for (kind, value, reason, created_at) in rows {
        let created_at = created_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        let reason = reason.as_deref().unwrap_or_default();
        w.write_record([neutralize_formula(&value).as_str(), kind.as_str(), &neutralize_formula(reason), &created_at])?;
    }
    w.flush()
}

/// A header cell without case, spaces, dashes or underscores: "E-Mail Address" is "emailaddress".
fn header_key(cell: &str) -> String {
    cell.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Undoes `neutralize_formula`'s leading quote so an exported file reads back as it was.
fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// Text from bytes: a BOM decides, then UTF-8 if it is valid, else the encoding chardetng guesses (an Excel
/// export in Windows-1252 is the usual one).
fn decode(bytes: &[u8]) -> String {
    let encoding = encoding_rs::Encoding::for_bom(bytes).map(|(e, _)| e).unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            encoding_rs::UTF_8
        } else {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }
    });
    encoding.decode_with_bom_removal(bytes).0.into_owned()
}

/// The delimiter of the first line that has one: comma, semicolon (European Excel) or tab.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).unwrap_or_default();
    [b',', b';', b'\t'].into_iter().max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b',')).unwrap_or(b',')
}

#[cfg(test)]
#[path = "suppression_tests.rs"]
mod tests;
