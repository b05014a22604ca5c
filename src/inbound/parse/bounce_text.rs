//! Bounces that are not RFC 3464 reports: a mailer daemon's text (qmail, older Exim and Sendmail, Yahoo,
//! gateways) and the notice of a closed mailbox ("this address is no longer in use"). The recipient and the
//! status are pulled from the text where they stand.

use super::auto_reply::has_auto_reply_signs;
use super::bounce_reason::{classify_failure, enhanced_code_in, smtp_code_in};
use super::dsn::{original_message_id, Found};
use super::mime::ids_in_text;
use super::quote::latest_text;
use super::{Bounce, BounceReason, BounceRecipient, ParsedMessage};

pub(super) fn bounce(message: &ParsedMessage) -> Option<Found> {
    if is_from_mailer_daemon(message) || has_bounce_subject(&message.subject) {
        if let Some(bounce) = daemon_bounce(message) {
            return Some(Found::Bounce(bounce));
        }
    }
    closed_mailbox_notice(message).map(Found::Bounce)
}

const DAEMON_LOCAL_PARTS: &[&str] = &["mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "mail-daemon", "maildaemon"];
const NOT_RECIPIENTS: &[&str] = &["mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "abuse", "hostmaster", "mail-daemon"];

pub(super) fn is_from_mailer_daemon(message: &ParsedMessage) -> bool {
    let local = message.from_address().split('@').next().unwrap_or("");
    let name = message.from.as_ref().and_then(|a| a.name.as_deref()).unwrap_or("").to_lowercase();
    DAEMON_LOCAL_PARTS.contains(&local)
        || name.contains("mail delivery")
        || name.contains("mailer-daemon")
        || message.header("return-path").is_some_and(|r| r.trim() == "<>" && message.header("x-failed-recipients").is_some())
}

const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliverable",
    "undelivered mail",
    "undeliverable mail",
    "delivery status notification",
    "mail delivery failed",
    "mail delivery failure",
    "returned mail",
    "failure notice",
    "delivery failure",
    "delivery has failed",
    "could not be delivered",
    "message not delivered",
    "delivery incomplete",
    "warning: could not send message",
    "delayed mail",
    "unzustellbar",
    "nicht zustellbar",
    "non remis",
    "non distribuable",
    "no se puede entregar",
    "onbestelbaar",
];

fn has_bounce_subject(subject: &str) -> bool {
    let s = subject.to_lowercase();
    !s.starts_with("re:") && !s.starts_with("aw:") && BOUNCE_SUBJECTS.iter().any(|p| s.contains(p))
}

/// Where the mailer's own words end and the copy of the returned message begins.
const COPY_MARKERS: &[&str] = &[
    "--- below this line is a copy of the message",
    "------ this is a copy of the message",
    "----- original message -----",
    "----- transcript of session follows -----",
    "original message headers",
    "----- the header of the original message",
    "--- original message follows",
    "-----original message-----",
];

fn daemon_bounce(message: &ParsedMessage) -> Option<Bounce> {
    let body = message.body_text();
    let lower = body.to_lowercase();
    let cut = COPY_MARKERS.iter().filter_map(|m| lower.find(m)).min().unwrap_or(body.len());
    // Lower-casing can change byte lengths; cut the original at a char boundary at or before the mark.
    let cut = (0..=cut.min(body.len())).rev().find(|i| body.is_char_boundary(*i)).unwrap_or(0);
    let notice = &body[..cut];
    let failure_words = has_failure_words(&notice.to_lowercase());
    if !failure_words && enhanced_code_in(notice).is_none() {
        return None;
    }
    let temporary = is_delay_notice(&message.subject, notice);
    let mut excluded: Vec<String> = message.to.iter().chain(message.from.iter()).map(|a| a.address.clone()).collect();
    excluded.extend(message.reply_to.iter().map(|a| a.address.clone()));
    let found = addresses_in(notice, &excluded);
    let mut recipients = Vec::new();
    for (i, (address, at)) in found.iter().enumerate() {
        let end = found.get(i + 1).map(|(_, next)| *next).unwrap_or(notice.len());
        let segment = &notice[*at..end.max(*at)];
        let segment = if segment_says_why(segment) { segment } else { notice };
        recipients.push(recipient_from(Some(address.clone()), segment, temporary));
    }
    if recipients.is_empty() {
        let failed: Vec<String> =
            message.header("x-failed-recipients").map(|v| v.split(',').map(|a| a.trim().to_lowercase()).collect()).unwrap_or_default();
        let returned_to = message.returned.as_ref().map(|r| r.to.clone()).unwrap_or_default();
        let addresses = if failed.is_empty() { returned_to } else { failed };
        if addresses.is_empty() {
            recipients.push(recipient_from(None, notice, temporary));
        }
        for address in addresses {
            recipients.push(recipient_from(Some(address), notice, temporary));
        }
    }
    let original_message_id = message
        .returned
        .as_ref()
        .and_then(|r| r.message_id.clone())
        .or_else(|| message_id_in_copy(&body[cut..]))
        .or_else(|| original_message_id(message));
    Some(Bounce { recipients, original_message_id, standard: false })
}

fn recipient_from(address: Option<String>, text: &str, temporary: bool) -> BounceRecipient {
    let diagnostic = diagnostic_line(text);
    let why = diagnostic.as_deref().unwrap_or(text);
    let status = enhanced_code_in(why).or_else(|| enhanced_code_in(text));
    let (hard, reason) = classify_failure(status.as_deref(), smtp_code_in(why), if diagnostic.is_some() { why } else { text });
    let (hard, action) =
        if temporary || status.as_deref().is_some_and(|s| s.starts_with('4')) { (false, "delayed") } else { (hard, "failed") };
    BounceRecipient { address, status, action: Some(action.into()), hard, reason, diagnostic }
}

fn has_failure_words(t: &str) -> bool {
    [
        "could not be delivered",
        "couldn't be delivered",
        "wasn't delivered",
        "was not delivered",
        "delivery to the following recipient",
        "delivery has failed",
        "permanent error",
        "permanent fatal error",
        "failed permanently",
        "unable to deliver",
        "undeliverable",
        "not be delivered",
        "following address(es) failed",
        "rejected",
        "user unknown",
        "no mailbox here",
        "does not exist",
        "has not yet been delivered",
        "delivery is delayed",
        "will be retried",
        "still trying",
    ]
    .iter()
    .any(|p| t.contains(p))
}

fn is_delay_notice(subject: &str, notice: &str) -> bool {
    let s = subject.to_lowercase();
    let t = notice.to_lowercase();
    s.contains("delay")
        || s.contains("warning")
        || ["has not yet been delivered", "will be retried", "will keep trying", "still trying", "delivery is delayed"]
            .iter()
            .any(|p| t.contains(p))
}

/// A segment names a reason when it holds a code or words of failure.
fn segment_says_why(segment: &str) -> bool {
    enhanced_code_in(segment).is_some() || smtp_code_in(segment).is_some_and(|c| c >= 400) || {
        let t = segment.to_lowercase();
        ["unknown", "no such", "does not exist", "disabled", "full", "quota", "rejected", "denied", "blocked", "no mailbox"]
            .iter()
            .any(|w| t.contains(w))
    }
}

/// The line (with its continuation) that carries the server's words: a code, else a failure phrase.
pub(super) fn diagnostic_line(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pick = lines
        .iter()
        .position(|l| enhanced_code_in(l).is_some() || smtp_code_in(l).is_some_and(|c| c >= 400) && l.len() > 4)
        .or_else(|| lines.iter().position(|l| segment_says_why(l)))?;
    let mut line = lines[pick].to_string();
    // A reply wrapped over several lines ("550-…" continues, or an indented tail without a new address).
    for next in lines.iter().skip(pick + 1).take(3) {
        if next.contains('@') || next.starts_with("---") || next.ends_with(':') || next.is_empty() {
            break;
        }
        if next.starts_with(|c: char| c.is_ascii_digit()) || line.ends_with(['-', ',']) || !line.ends_with(['.', ')', ']']) {
            line.push(' ');
            line.push_str(next);
        } else {
            break;
        }
    }
    Some(line.chars().take(500).collect())
}

/// Addresses in order of first appearance with their byte offset, without the excluded ones and the
/// mail system's own.
fn addresses_in(text: &str, excluded: &[String]) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start =
            text[..at].rfind(|c: char| !is_local_char(c)).map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8)).unwrap_or(0);
        let end = text[at + 1..].find(|c: char| !is_domain_char(c)).map(|i| at + 1 + i).unwrap_or(text.len());
        let local = &text[start..at];
        let domain = text[at + 1..end].trim_end_matches('.');
        if local.is_empty() || !domain.contains('.') {
            continue;
        }
        let address = format!("{local}@{domain}").to_lowercase();
        let local_lower = local.to_lowercase();
        if NOT_RECIPIENTS.contains(&local_lower.as_str()) || excluded.contains(&address) || found.iter().any(|(a, _)| *a == address) {
            continue;
        }
        found.push((address, start));
    }
    found
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-'=".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

fn message_id_in_copy(copy: &str) -> Option<String> {
    copy.lines().find_map(|l| {
        let (name, value) = l.trim_start().split_once(':')?;
        name.eq_ignore_ascii_case("message-id").then(|| ids_in_text(value).into_iter().next()).flatten()
    })
}

const CLOSED_MAILBOX: &[&str] = &[
    "no longer in use",
    "address is no longer",
    "mailbox is no longer",
    "account is no longer",
    "inbox is no longer",
    "e-mail is no longer",
    "email is no longer",
    "mailbox has been closed",
    "account has been closed",
    "address has been closed",
    "mailbox has been deactivated",
    "account has been deactivated",
    "address has been deactivated",
    "is no longer with",
    "no longer works at",
    "no longer works for",
    "has left the company",
    "nicht mehr aktiv",
    "nicht mehr in gebrauch",
    "nicht mehr gültig",
    "nicht mehr im unternehmen",
    "hat das unternehmen verlassen",
    "n'est plus utilisée",
    "n'est plus active",
    "n'est plus valide",
    "ne fait plus partie",
    "ya no está en uso",
    "ya no está activa",
    "ya no es válida",
    "ya no trabaja",
    "niet meer in gebruik",
    "niet meer actief",
    "niet langer in dienst",
];

/// An automatic answer saying the mailbox is closed: the address is bad.
fn closed_mailbox_notice(message: &ParsedMessage) -> Option<Bounce> {
    if !has_auto_reply_signs(message) {
        return None;
    }
    let latest = latest_text(message.body_text());
    let text = format!("{}\n{}", message.subject, latest);
    let lower = text.to_lowercase();
    let phrase = CLOSED_MAILBOX.iter().find(|p| lower.contains(*p))?;
    let line = text.lines().find(|l| l.to_lowercase().contains(phrase)).map(|l| l.trim().chars().take(500).collect());
    let address = message.from.as_ref().map(|a| a.address.clone());
    let recipient = BounceRecipient {
        address,
        status: None,
        action: Some("failed".into()),
        hard: true,
        reason: BounceReason::MailboxDisabled,
        diagnostic: line,
    };
    Some(Bounce { recipients: vec![recipient], original_message_id: original_message_id(message), standard: false })
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn a_qmail_notice_gives_the_recipient_and_the_code_in_its_text() {
        let raw = b"From: MAILER-DAEMON@mail.acme.test\r\nTo: me@reach.test\r\nSubject: failure notice\r\n\r\n\
Hi. This is the qmail-send program at mail.acme.test.\r\nI'm afraid I wasn't able to deliver your message to the following addresses.\r\n\
This is a permanent error; I've given up. Sorry it didn't work out.\r\n\r\n<nobody@acme.test>:\r\nSorry, no mailbox here by that name. (#5.1.1)\r\n\r\n\
--- Below this line is a copy of the message.\r\n\r\nFrom: me@reach.test\r\nTo: nobody@acme.test\r\nMessage-ID: <q-1@reach.test>\r\n\r\nHello\r\n";
        let Some(Found::Bounce(b)) = bounce(&parse(raw)) else { panic!("a qmail notice is a bounce") };
        assert!(!b.standard);
        assert_eq!(b.original_message_id.as_deref(), Some("q-1@reach.test"), "from the copy below the line");
        assert_eq!(b.recipients.len(), 1, "the copy's addresses are not recipients: {:?}", b.recipients);
        let r = &b.recipients[0];
        assert_eq!(r.address.as_deref(), Some("nobody@acme.test"));
        assert_eq!((r.status.as_deref(), r.hard, r.reason), (Some("5.1.1"), true, BounceReason::UserUnknown));
        assert_eq!(r.diagnostic.as_deref(), Some("Sorry, no mailbox here by that name. (#5.1.1)"));
    }

    #[test]
    fn a_closed_mailbox_answering_automatically_is_a_hard_bounce_of_its_own_address() {
        let raw = b"From: Old Desk <desk@acme.test>\r\nTo: me@reach.test\r\nSubject: Automatic reply: Hello\r\nAuto-Submitted: auto-replied\r\n\r\n\
This email address is no longer in use. Please write to team@acme.test instead.\r\n";
        let Some(Found::Bounce(b)) = bounce(&parse(raw)) else { panic!("a closed mailbox is a bounce") };
        let r = &b.recipients[0];
        assert_eq!((r.address.as_deref(), r.hard, r.reason), (Some("desk@acme.test"), true, BounceReason::MailboxDisabled));
    }

    #[test]
    fn an_out_of_office_about_a_closed_office_is_not_a_closed_mailbox() {
        let raw = b"From: Ann <ann@acme.test>\r\nTo: me@reach.test\r\nSubject: Out of Office\r\nAuto-Submitted: auto-replied\r\n\r\n\
Our office has been closed for the holidays and I am no longer active on email until January 4.\r\n";
        assert_eq!(bounce(&parse(raw)), None, "the mailbox still works; the person is away");
    }

    #[test]
    fn a_person_writing_about_a_bounce_is_not_a_bounce() {
        let raw = b"From: Ann <ann@acme.test>\r\nTo: me@reach.test\r\nSubject: Re: Undeliverable: Hello\r\n\r\nYour mail to bo was rejected, he left.\r\n";
        assert_eq!(bounce(&parse(raw)), None, "a person's reply with a bounce subject stays a reply");
    }
}
