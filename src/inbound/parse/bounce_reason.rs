//! One classifier for every refusal: an SMTP reply at sending time and a bounce read later agree.
//!
//! The convention is sisimai's: a failure is hard only when the address itself is bad (the user or the
//! domain does not exist, the mailbox is disabled, moved or no longer in use). A full mailbox, a spam,
//! policy, content or rate refusal says nothing about the address, and every 4.x.x is temporary: all soft.
//! A 5xx code alone is not hard.

use super::BounceReason;

/// Whether the failure is hard (the address is bad) and why it happened. `status` is the enhanced code
/// ("5.1.1") when the caller has one, `smtp_code` the basic reply code, `text` the server's words.
pub fn classify_failure(status: Option<&str>, smtp_code: Option<u16>, text: &str) -> (bool, BounceReason) {
    let lower = text.to_lowercase();
    let written = enhanced_code_in(text);
    // A DSN's Status is often the vaguer X.0.0 while the diagnostic holds the precise code.
    let status = match (status.map(str::trim).filter(|s| is_enhanced_code(s)), written.as_deref()) {
        (Some(s), Some(w)) if s.ends_with(".0.0") && w.starts_with(&s[..1]) => Some(w.to_string()),
        (Some(s), _) => Some(s.to_string()),
        (None, w) => w.map(str::to_string),
    };
    let smtp_code = smtp_code.or_else(|| smtp_code_in(text));
    let reason = match (reason_from_text(&lower), status.as_deref().and_then(reason_from_status)) {
        (Some(Found::Strong(r)), _) => r,
        (Some(Found::Weak(_)), Some(r)) => r,
        (Some(Found::Weak(r)), None) => r,
        (None, Some(r)) => r,
        (None, None) => reason_from_smtp_code(smtp_code),
    };
    let temporary = match (status.as_deref(), smtp_code) {
        (Some(s), _) => s.starts_with('4'),
        (None, Some(code)) => (400..500).contains(&code),
        (None, None) => is_temporary_text(&lower),
    };
    let address_bad = matches!(reason, BounceReason::UserUnknown | BounceReason::HostUnknown | BounceReason::MailboxDisabled);
    (address_bad && !temporary, reason)
}

/// "5.1.1": three dot-separated numbers, the class 2, 4 or 5.
pub(crate) fn is_enhanced_code(s: &str) -> bool {
    let mut parts = s.split('.');
    let (Some(class), Some(subject), Some(detail), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!(class, "2" | "4" | "5")
        && (1..=3).contains(&subject.len())
        && (1..=3).contains(&detail.len())
        && subject.bytes().chain(detail.bytes()).all(|b| b.is_ascii_digit())
}

/// The first enhanced status code standing as a word in a text: "550 5.1.1 <a@b>: …", "(#5.1.1)".
pub(crate) fn enhanced_code_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '#' | '[' | ']' | ',' | ';' | ':' | '<' | '>' | '-' | '='))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| is_enhanced_code(w))
        .map(str::to_string)
}

/// A basic SMTP reply code at the start of a text or after "SMTP error … :" ("550-…", "550 …").
pub(crate) fn smtp_code_in(text: &str) -> Option<u16> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == ':' || c == ';')
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse::<u16>().ok())
        .find(|code| (200..600).contains(code))
}

enum Found {
    /// Words that name the reason beyond doubt: they win over the status code.
    Strong(BounceReason),
    /// Words servers also use for other refusals ("mailbox unavailable"): the status code wins.
    Weak(BounceReason),
}

fn has_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| text.contains(p))
}

fn reason_from_text(t: &str) -> Option<Found> {
    use BounceReason::*;
    let strong = if has_any(t, MAILBOX_FULL) {
        MailboxFull
    } else if has_any(t, DISABLED) {
        MailboxDisabled
    } else if has_any(t, HOST_UNKNOWN) {
        HostUnknown
    } else if has_any(t, USER_UNKNOWN) {
        UserUnknown
    } else if has_any(t, RATE) {
        RateLimited
    } else if has_any(t, SPAM) {
        Spam
    } else if has_any(t, CONTENT) {
        Content
    } else if has_any(t, POLICY) {
        Policy
    } else if has_any(t, EXPIRED) {
        Expired
    } else if has_any(t, WEAK_USER_UNKNOWN) {
        return Some(Found::Weak(UserUnknown));
    } else {
        return None;
    };
    Some(Found::Strong(strong))
}

const MAILBOX_FULL: &[&str] = &[
    "mailbox full",
    "mailbox is full",
    "mailbox has exceeded",
    "over quota",
    "overquota",
    "quota exceeded",
    "exceeded storage",
    "exceeds storage",
    "insufficient storage",
    "not enough storage",
    "account is full",
    "inbox is full",
    "mailbox size limit",
    "user has exceeded",
    "out of storage",
    "storage allocation",
    "exceeded its quota",
    "disk quota",
    "mailbox exceeds",
    "boîte aux lettres pleine",
    "buzón lleno",
    "casella piena",
    "postfach voll",
    "postfach ist voll",
];

const DISABLED: &[&str] = &[
    "no longer in use",
    "no longer active",
    "no longer valid",
    "address is no longer available",
    "mailbox is no longer available",
    "no longer accepts mail",
    "is no longer with",
    "account is disabled",
    "account has been disabled",
    "account disabled",
    "mailbox disabled",
    "mailbox is disabled",
    "account that you tried to reach is disabled",
    "has been disabled or discontinued",
    "has been deactivated",
    "deactivated mailbox",
    "mailbox is inactive",
    "account is inactive",
    "user is inactive",
    "user not active",
    "inactive account",
    "inactive user",
    "currently suspended",
    "user suspended",
    "mailbox is frozen",
    "account has been suspended",
    "account is suspended",
    "mailbox has been closed",
    "account has been closed",
    "mailbox has moved",
    "user has moved",
    "recipient has moved",
    "address has moved",
    "user not local; please try",
    "expired account",
    "account expired",
    "account is locked",
];

const HOST_UNKNOWN: &[&str] = &[
    "host not found",
    "host or domain name not found",
    "host unknown",
    "unknown host",
    "domain not found",
    "domain does not exist",
    "no such domain",
    "name service error",
    "unrouteable address",
    "unrouteable mail domain",
    "no mx record",
    "no valid mx",
    "null mx",
    "domain does not accept mail",
    "does not accept mail (nullmx)",
    "does not accept email (nullmx)",
    "domain has no mail",
    "mx lookup failed",
    "unable to route",
    "nxdomain",
    "recipient domain does not exist",
];

const USER_UNKNOWN: &[&str] = &[
    "user unknown",
    "unknown user",
    "no such user",
    "no such mailbox",
    "no such recipient",
    "no mailbox here by that name",
    "user doesn't exist",
    "user does not exist",
    "user doesn't have a",
    "address not present in directory",
    "not an active address",
    "no account by that name",
    "email address could not be found",
    "there is no one at this address",
    "no such address",
    "utilisateur inconnu",
    "destinataire inconnu",
    "no existe",
    "usuario desconocido",
    "utente sconosciuto",
    "unbekannter empfänger",
    "empfänger unbekannt",
    "account does not exist",
    "account that you tried to reach does not exist",
    "address does not exist",
    "mailbox does not exist",
    "mailbox not found",
    "recipient not found",
    "recipientnotfound",
    "recipient unknown",
    "unknown recipient",
    "invalid recipient",
    "invalid mailbox",
    "not a valid mailbox",
    "mailbox name not allowed",
    "bad destination mailbox",
    "user not found",
    "unknown or illegal alias",
    "unknown local part",
    "recipient address rejected: access denied",
    "addressee unknown",
    "no such person",
    "not our customer",
    "is not a known user",
    "not a valid recipient",
    "address you entered couldn't be found",
    "couldn't be found",
    "wasn't found at",
    "recipnotfound",
];

/// Phrases servers use for unknown users but also for blocks: the status code decides when there is one.
const WEAK_USER_UNKNOWN: &[&str] = &["mailbox unavailable", "recipient address rejected", "rejected: unverified", "not exist"];

const RATE: &[&str] = &[
    "unusual rate",
    "rate limit",
    "ratelimit",
    "too many messages",
    "too many connections",
    "too many recipients",
    "too many emails",
    "temporarily deferred",
    "try again later",
    "sending limit",
    "throttl",
    "receiving mail at a rate",
    "exceeded the rate",
];

const SPAM: &[&str] = &[
    "spam",
    "blacklist",
    "blocklist",
    "block list",
    "blocked using",
    "listed at",
    "listed in",
    "spamhaus",
    "barracuda",
    "reputation",
    "junk mail",
    "unsolicited",
    "bulk mail",
    "dnsbl",
    " rbl",
    "client host blocked",
];

const CONTENT: &[&str] = &[
    "message size",
    "message too large",
    "message is too large",
    "too big",
    "message length exceeds",
    "exceeds size",
    "size limit",
    "virus",
    "malware",
    "attachment",
    "content rejected",
    "message content",
    "prohibited content",
];

const POLICY: &[&str] = &[
    "policy",
    "dmarc",
    "spf",
    "dkim",
    "not authorized",
    "not permitted",
    "relay access denied",
    "relaying denied",
    "relay not permitted",
    "access denied",
    "sender address rejected",
    "authentication",
    "unauthenticated",
    "rejected by recipient",
    "blocked",
];

const EXPIRED: &[&str] = &[
    "delivery time expired",
    "retry timeout exceeded",
    "could not be delivered within",
    "has been delayed for",
    "message expired",
    "giving up",
    "gave up",
    "too long in queue",
];

fn is_temporary_text(t: &str) -> bool {
    has_any(
        t,
        &[
            "temporary",
            "temporarily",
            "will be retried",
            "will keep trying",
            "still trying",
            "delayed",
            "deferred",
            "not yet been delivered",
        ],
    )
}

/// The reason an enhanced status code names (RFC 3463 and the registry's later codes).
fn reason_from_status(status: &str) -> Option<BounceReason> {
    use BounceReason::*;
    let detail = status.get(2..)?;
    Some(match detail {
        "1.1" | "1.3" => UserUnknown,
        "1.2" | "1.10" | "4.4" => HostUnknown,
        "1.6" | "2.1" => MailboxDisabled,
        "2.2" => MailboxFull,
        "2.3" | "3.4" | "6.0" | "6.1" | "7.7" => Content,
        "4.7" => Expired,
        "7.1" | "7.0" | "7.25" | "7.26" | "7.27" | "7.23" | "7.24" | "7.2" | "7.4" | "7.5" | "7.6" | "7.8" | "7.9" => Policy,
        "7.13" | "7.14" => MailboxDisabled,
        "7.28" => RateLimited,
        "1.0" | "1.4" | "1.5" | "1.7" | "1.8" => Policy,
        "2.0" | "2.4" => Other,
        _ => return None,
    })
}

fn reason_from_smtp_code(code: Option<u16>) -> BounceReason {
    match code {
        Some(552) | Some(452) => BounceReason::MailboxFull,
        Some(421) | Some(450) | Some(451) => BounceReason::RateLimited,
        _ => BounceReason::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BounceReason::*;

    #[test]
    fn only_a_bad_address_is_hard() {
        let cases: &[(Option<&str>, Option<u16>, &str, bool, BounceReason)] = &[
            (
                Some("5.1.1"),
                Some(550),
                "<ann@acme.test>: Recipient address rejected: User unknown in virtual mailbox table",
                true,
                UserUnknown,
            ),
            (None, Some(550), "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", true, UserUnknown),
            (Some("5.4.4"), None, "Host or domain name not found. Name service error for name=nowhere.test type=A", true, HostUnknown),
            (None, Some(550), "5.2.1 The email account that you tried to reach is disabled.", true, MailboxDisabled),
            (Some("5.1.6"), None, "Destination mailbox has moved, no forwarding address", true, MailboxDisabled),
            (Some("5.2.2"), Some(552), "The email account that you tried to reach is over quota", false, MailboxFull),
            (Some("5.7.1"), Some(550), "Message rejected as spam by Content Filtering", false, Spam),
            (Some("5.7.1"), Some(554), "Relay access denied", false, Policy),
            (
                Some("5.7.26"),
                Some(550),
                "Unauthenticated email from example.test is not accepted due to domain's DMARC policy",
                false,
                Policy,
            ),
            (Some("5.3.4"), Some(552), "Message size exceeds fixed maximum message size", false, Content),
            (Some("4.7.28"), Some(421), "Our system has detected an unusual rate of unsolicited mail", false, RateLimited),
            (Some("4.4.7"), None, "Delivery time expired", false, Expired),
            (Some("4.1.1"), Some(450), "User unknown in local recipient table", false, UserUnknown),
            (None, None, "Sorry, no mailbox here by that name. (#5.1.1)", true, UserUnknown),
        ];
        for (status, code, text, hard, reason) in cases {
            assert_eq!(classify_failure(*status, *code, text), (*hard, *reason), "{status:?} {code:?} {text}");
        }
    }

    #[test]
    fn words_about_the_message_never_make_the_address_bad() {
        for text in [
            "5.7.1 DKIM signing is disabled for this domain",
            "5.7.1 The message doesn't have a valid signature",
            "5.7.1 Recipient does not accept mail from your domain",
            "5.7.1 Our service has moved to a new policy",
            "5.0.0 The service is no longer available for unauthenticated senders",
        ] {
            let (hard, reason) = classify_failure(None, Some(550), text);
            assert!(!hard, "{text} is about the message or the sender, not the address ({reason:?})");
        }
    }

    #[test]
    fn a_5xx_code_alone_is_soft() {
        assert_eq!(classify_failure(None, Some(550), "Requested action not taken"), (false, Other), "550 says nothing about the address");
        assert_eq!(classify_failure(None, Some(554), "Transaction failed"), (false, Other));
        assert_eq!(classify_failure(Some("5.0.0"), None, ""), (false, Other), "5.0.0 is only 'permanent'");
    }

    #[test]
    fn every_temporary_failure_is_soft_even_when_the_words_name_a_bad_address() {
        assert_eq!(classify_failure(Some("4.1.1"), None, "user unknown").0, false, "4.x.x may work later");
        assert_eq!(classify_failure(None, Some(450), "mailbox unavailable").0, false);
    }

    #[test]
    fn a_vague_status_yields_to_the_precise_code_in_the_diagnostic() {
        assert_eq!(classify_failure(Some("5.0.0"), None, "smtp; 550 5.1.1 <x@y.test>... User unknown"), (true, UserUnknown));
    }

    #[test]
    fn weak_words_yield_to_the_status_code_and_strong_words_win_over_it() {
        assert_eq!(
            classify_failure(Some("5.7.1"), Some(550), "Mailbox unavailable"),
            (false, Policy),
            "a policy code with vague words is policy"
        );
        assert_eq!(classify_failure(None, Some(550), "Requested action not taken: mailbox unavailable"), (true, UserUnknown));
        assert_eq!(classify_failure(Some("5.1.1"), Some(550), "blocked: listed at zen.spamhaus.org"), (false, Spam));
    }

    #[test]
    fn enhanced_and_basic_codes_are_found_in_text() {
        assert_eq!(enhanced_code_in("550-5.1.1 The email account").as_deref(), Some("5.1.1"));
        assert_eq!(enhanced_code_in("no mailbox (#5.1.1)").as_deref(), Some("5.1.1"));
        assert_eq!(enhanced_code_in("version 1.2.3 of the thing"), None, "a version number is not a status");
        assert_eq!(smtp_code_in("SMTP error from remote mail server after RCPT TO:<a@b>: 550 5.1.1"), Some(550));
    }
}
