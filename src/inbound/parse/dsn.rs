//! RFC 3464 delivery status notifications. The `message/delivery-status` part is a block of per-message
//! fields, then one block per recipient (`Final-Recipient`, `Action`, `Status`, `Diagnostic-Code`, …),
//! separated by blank lines; continuation lines start with white space.

use super::bounce_reason::{classify_failure, enhanced_code_in, is_enhanced_code, smtp_code_in};
use super::bounce_text::diagnostic_line;
use super::mime::ids_in_text;
use super::{Bounce, BounceRecipient, ParsedMessage};

/// What a report says.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Found {
    /// At least one recipient failed or is delayed.
    Bounce(Bounce),
    /// A report of delivery (delivered, relayed, expanded) with no failure in it: not a bounce.
    NotAFailure,
}

/// The bounce a delivery-status part reports; None when there is no such part or it names no recipient.
pub(super) fn bounce(message: &ParsedMessage) -> Option<Found> {
    let blocks = field_blocks(message.delivery_status.as_deref()?);
    let per_message = blocks.first().filter(|b| !is_recipient_block(b));
    let recipients: Vec<&Vec<(String, String)>> = blocks.iter().filter(|b| is_recipient_block(b)).collect();
    if recipients.is_empty() {
        return None;
    }
    let failed: Vec<BounceRecipient> = recipients.iter().filter_map(|b| failed_recipient(b, message.body_text())).collect();
    if failed.is_empty() {
        return Some(Found::NotAFailure);
    }
    let original_message_id = original_message_id(message).or_else(|| {
        per_message.into_iter().chain(recipients.iter().copied()).find_map(|b| {
            field(b, "x-original-message-id").or_else(|| field(b, "original-message-id")).and_then(|v| ids_in_text(v).into_iter().next())
        })
    });
    Some(Found::Bounce(Bounce { recipients: failed, original_message_id, standard: true }))
}

/// The bounced mail's id: from the returned message, else from the notice's own threading headers.
pub(super) fn original_message_id(message: &ParsedMessage) -> Option<String> {
    message
        .returned
        .as_ref()
        .and_then(|r| r.message_id.clone())
        .or_else(|| message.in_reply_to.clone())
        .or_else(|| message.references.last().cloned())
}

fn is_recipient_block(block: &[(String, String)]) -> bool {
    ["final-recipient", "original-recipient", "action"].iter().any(|name| field(block, name).is_some())
}

fn field<'a>(block: &'a [(String, String)], name: &str) -> Option<&'a str> {
    block.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// A failed or delayed recipient; without a Diagnostic-Code, the notice's words about the address stand in.
fn failed_recipient(block: &[(String, String)], notice: &str) -> Option<BounceRecipient> {
    let action = field(block, "action").map(|a| a.split_whitespace().next().unwrap_or("").to_ascii_lowercase());
    let written_status = field(block, "status").and_then(|s| s.split_whitespace().next()).filter(|s| is_enhanced_code(s));
    let failure = match action.as_deref() {
        Some("failed") | Some("delayed") => true,
        Some(_) => false,
        None => written_status.is_none_or(|s| !s.starts_with('2')),
    };
    if !failure {
        return None;
    }
    let address = field(block, "final-recipient").or_else(|| field(block, "original-recipient")).map(address_of);
    let diagnostic = field(block, "diagnostic-code")
        .map(|d| match d.split_once(';') {
            Some((kind, rest)) if !kind.contains(' ') => rest.trim().to_string(),
            _ => d.trim().to_string(),
        })
        .or_else(|| address.as_deref().and_then(|a| words_about(notice, a)));
    let text = diagnostic.as_deref().unwrap_or("");
    let status = match (written_status, enhanced_code_in(text)) {
        (Some(s), Some(w)) if s.ends_with(".0.0") && w.starts_with(&s[..1]) => Some(w),
        (Some(s), _) => Some(s.to_string()),
        (None, w) => w,
    };
    let (hard, reason) = classify_failure(status.as_deref(), smtp_code_in(text), text);
    let delayed = action.as_deref() == Some("delayed");
    Some(BounceRecipient { address, status, action, hard: hard && !delayed, reason, diagnostic })
}

/// The line of the notice's text that says why mail to this address failed.
fn words_about(notice: &str, address: &str) -> Option<String> {
    let lower = notice.to_lowercase();
    let at = lower.find(address)?;
    let after = notice.get(at + address.len()..)?.trim_start_matches(['>', ':', ' ', '\t']);
    let paragraph = after.split("\n\n").next().unwrap_or(after);
    let paragraph = paragraph.split("\r\n\r\n").next().unwrap_or(paragraph);
    diagnostic_line(paragraph)
}

/// `rfc822; Ann@Acme.test` → `ann@acme.test`.
fn address_of(value: &str) -> String {
    let bare = value.split_once(';').map(|(_, a)| a).unwrap_or(value);
    bare.trim().trim_start_matches('<').trim_end_matches('>').trim().to_lowercase()
}

/// Header-like blocks: (lower-cased name, unfolded value) per field, blocks split by blank lines.
fn field_blocks(text: &str) -> Vec<Vec<(String, String)>> {
    let mut blocks = Vec::new();
    let mut current: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            current.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::super::{parse, BounceReason};
    use super::*;

    fn report(status_part: &str, returned: &str) -> Vec<u8> {
        format!(
            "From: MAILER-DAEMON@mx.reach.test\r\nTo: me@reach.test\r\nSubject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n\
I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n--B\r\n\
Content-Type: message/delivery-status\r\n\r\n{status_part}\r\n--B\r\n{returned}--B--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn each_recipient_block_is_read_with_its_status_action_and_diagnostic() {
        let status = "Reporting-MTA: dns; mx.reach.test\r\n\r\nFinal-Recipient: rfc822; Ann@Acme.test\r\nOriginal-Recipient: rfc822;ann@acme.test\r\n\
Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <ann@acme.test>: Recipient address\r\n rejected: User unknown\r\n\r\n\
Final-Recipient: rfc822; bo@acme.test\r\nAction: delayed\r\nStatus: 4.2.2\r\nDiagnostic-Code: smtp; 452 4.2.2 Mailbox full\r\n";
        let returned =
            "Content-Type: text/rfc822-headers\r\n\r\nFrom: me@reach.test\r\nMessage-ID: <sent-1@reach.test>\r\nSubject: Hi\r\n\r\n";
        let Some(Found::Bounce(b)) = bounce(&parse(&report(status, returned))) else { panic!("a failed recipient makes a bounce") };
        assert!(b.standard);
        assert_eq!(b.original_message_id.as_deref(), Some("sent-1@reach.test"), "from the returned headers");
        assert_eq!(b.recipients.len(), 2);
        let ann = &b.recipients[0];
        assert_eq!(ann.address.as_deref(), Some("ann@acme.test"));
        assert_eq!(
            (ann.status.as_deref(), ann.action.as_deref(), ann.hard, ann.reason),
            (Some("5.1.1"), Some("failed"), true, BounceReason::UserUnknown)
        );
        assert_eq!(
            ann.diagnostic.as_deref(),
            Some("550 5.1.1 <ann@acme.test>: Recipient address rejected: User unknown"),
            "unfolded, without its type"
        );
        let bo = &b.recipients[1];
        assert_eq!((bo.hard, bo.reason, bo.action.as_deref()), (false, BounceReason::MailboxFull, Some("delayed")), "delayed is soft");
    }

    #[test]
    fn a_report_of_delivery_only_is_not_a_failure() {
        let status =
            "Reporting-MTA: dns; mx.reach.test\r\n\r\nFinal-Recipient: rfc822; ann@acme.test\r\nAction: delivered\r\nStatus: 2.0.0\r\n";
        assert_eq!(bounce(&parse(&report(status, ""))), Some(Found::NotAFailure));
    }

    #[test]
    fn a_vague_status_takes_the_precise_code_of_its_diagnostic() {
        let status = "Final-Recipient: rfc822; ann@acme.test\r\nAction: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n";
        let Some(Found::Bounce(b)) = bounce(&parse(&report(status, ""))) else { panic!("a bounce") };
        assert_eq!(b.recipients[0].status.as_deref(), Some("5.1.1"));
    }
}
