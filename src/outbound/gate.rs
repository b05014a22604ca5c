//! The policy gate: the rules every mail passes before it may go out. `evaluate` is pure (what it knows of
//! the attempt, the workspace's settings and the time in, a decision with every rule's result out); the
//! outbox then takes the caps and the mailbox's slot atomically and writes the audit row in the same
//! transaction that lets the mail through.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::policy::{self, LegalBasis, SendWindow};
use crate::store::attempts::DueAttempt;

/// One rule's result, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    pub rule: &'static str,
    pub passed: bool,
    pub detail: String,
}

/// What the gate decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Allow,
    /// Not now: try again at `until` (the window is closed, a cap is reached).
    Hold {
        until: DateTime<Utc>,
        why: String,
    },
    /// Not this mail: the first failing rule names why.
    Block {
        rule: &'static str,
        why: String,
    },
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub verdict: Verdict,
    pub rules: Vec<RuleResult>,
    pub legal_basis: LegalBasis,
    pub country: Option<&'static str>,
    pub timezone: Tz,
    /// The recipient's registrable domain, for its daily cap and suppression.
    pub domain: Option<String>,
    /// Rules left out because they make no sense for this mail: a hand-written answer the person asked for by
    /// writing has no draft to approve, and their reply or a stopped sequence is why it is written.
    pub not_applied: &'static [&'static str],
}

/// The rules a hand-written answer is not held to.
pub const NOT_APPLIED_TO_ANSWERS: [&str; 3] = ["draft_approved", "lead_replied", "sequence_stopped"];

/// The workspace settings the rules read, parsed once per run.
#[derive(Debug, Clone)]
pub struct GateSettings {
    pub window: SendWindow,
    pub timezone: Tz,
    pub hold_without_consent: bool,
}

/// The recipient's address checked for sending: lowercase ASCII with a registrable domain.
pub fn recipient_domain(address: &str) -> Result<String, String> {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(format!("\"{address}\" is not an email address"));
    };
    if local.is_empty() || domain.is_empty() {
        return Err(format!("\"{address}\" is not an email address"));
    }
    if !domain.is_ascii() || !local.is_ascii() {
        return Err(format!("\"{address}\" has non-ASCII characters; internationalized addresses need SMTPUTF8, which Reach does not use"));
    }
    if !email_address::EmailAddress::is_valid(address) {
        return Err(format!("\"{address}\" is not a valid email address"));
    }
    match crate::domains::email_domain(address) {
        Ok(Some(d)) => Ok(d),
        Ok(None) => Err(format!("\"{domain}\" is not a domain that can receive mail")),
        Err(e) => Err(format!("\"{domain}\" is not a valid domain: {e}")),
    }
}

/// Whether the lead's own data records consent: a custom column named "consent" (any case) holding yes,
/// true, 1 or a date.
pub fn consent_recorded(custom: &str) -> bool {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(custom) else {
        return false;
    };
    fields.iter().any(|(k, v)| {
        k.trim().eq_ignore_ascii_case("consent")
            && match v {
                serde_json::Value::Bool(b) => *b,
                serde_json::Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
                serde_json::Value::String(s) => {
                    let s = s.trim().to_ascii_lowercase();
                    !s.is_empty() && !matches!(s.as_str(), "no" | "false" | "0" | "n" | "none" | "-")
                }
                _ => false,
            }
    })
}

/// The static rules, in order; the first that fails decides. Caps and the mailbox's spacing come after, in
/// the store. A hand-written answer passes the same rules but the draft's and the sequence's: its recipient
/// must still be a valid, unsuppressed address of a person who did not unsubscribe and whose mail does not
/// bounce, with a legal basis, inside the send window.
pub fn evaluate(due: &DueAttempt, suppressed: Option<&str>, settings: &GateSettings, now: DateTime<Utc>) -> Decision {
    let mut rules = Vec::with_capacity(8);
    let mut verdict: Option<Verdict> = None;
    let mut rule = |name: &'static str, outcome: Result<String, String>, verdict: &mut Option<Verdict>| {
        let passed = outcome.is_ok();
        let detail = outcome.unwrap_or_else(|e| e);
        if !passed && verdict.is_none() {
            *verdict = Some(Verdict::Block { rule: name, why: detail.clone() });
        }
        rules.push(RuleResult { rule: name, passed, detail });
    };

    let answer = due.answer_to.is_some();
    if !answer {
        let draft = match (due.draft_status.as_deref(), due.current_version) {
            (None, _) | (_, None) => Err("the draft no longer exists".to_string()),
            (Some("approved"), Some(v)) if v == due.draft_version && due.draft_unchanged => Ok("approved, unchanged since".to_string()),
            (Some("approved"), _) => Err("the draft changed after it was approved; review it again".to_string()),
            (Some(status), _) => Err(format!("the draft is {} now, not approved", status.replace('_', " "))),
        };
        rule("draft_approved", draft, &mut verdict);
    }

    let domain = recipient_domain(&due.recipient);
    rule("address", domain.as_ref().map(|d| format!("domain {d}")).map_err(Clone::clone), &mut verdict);
    let domain = domain.ok();

    rule("suppression", suppressed.map_or(Ok("not suppressed".into()), |why| Err(why.to_string())), &mut verdict);

    let person = if due.unsubscribed_at.is_some() {
        Err("the lead unsubscribed".to_string())
    } else if due.hard_bounced_at.is_some() {
        Err("mail to the lead bounced for good".to_string())
    } else if answer {
        Ok("an answer to the person's own message: their reply and their sequence do not hold it".to_string())
    } else if due.replied_at.is_some() {
        Err("the lead replied".to_string())
    } else {
        match (due.stage.as_deref(), due.stop_reason.as_deref()) {
            (None, _) => Err("the lead is no longer in this campaign".to_string()),
            (Some("stopped"), reason) => Err(format!("the lead's sequence stopped ({})", reason.unwrap_or("stopped").replace('_', " "))),
            (Some("replied"), _) => Err("the lead replied".to_string()),
            _ => Ok("no reply, bounce or unsubscribe".to_string()),
        }
    };
    rule("lead", person, &mut verdict);

    let country = policy::recipient_country(due.country.as_deref(), &due.recipient);
    let legal_basis = policy::legal_basis(country);
    let consent = match legal_basis {
        LegalBasis::LegitimateInterest => Ok(format!("legitimate interest ({})", country.unwrap_or("region unknown"))),
        LegalBasis::Consent if consent_recorded(&due.custom) => Ok(format!("consent recorded ({})", country.unwrap_or("?"))),
        LegalBasis::Consent if !settings.hold_without_consent => {
            Ok(format!("consent region ({}); the workspace does not hold leads without recorded consent", country.unwrap_or("?")))
        }
        LegalBasis::Consent => Err(format!(
            "the lead is in a consent region ({}) and no consent is recorded; add a \"consent\" column or change the rule in Settings → Compliance",
            country.unwrap_or("?")
        )),
    };
    rule("legal_basis", consent, &mut verdict);

    let timezone = policy::recipient_timezone(due.timezone.as_deref(), country, settings.timezone);
    let window = if settings.window.is_open(now, timezone) {
        Ok(format!("open in {timezone}"))
    } else {
        Err(format!("outside the send window in {timezone}"))
    };
    let window_open = window.is_ok();
    rules.push(RuleResult { rule: "send_window", passed: window_open, detail: window.unwrap_or_else(|e| e) });
    if verdict.is_none() && !window_open {
        verdict = Some(match settings.window.next_open(now, timezone) {
            Some(until) => Verdict::Hold { until, why: format!("waiting for the send window in {timezone}") },
            None => Verdict::Block { rule: "send_window", why: "the send window never opens".into() },
        });
    }

    let not_applied: &'static [&'static str] = if answer { &NOT_APPLIED_TO_ANSWERS } else { &[] };
    Decision { verdict: verdict.unwrap_or(Verdict::Allow), rules, legal_basis, country, timezone, domain, not_applied }
}

/// An address as the audit log shows it: the first letter of the mailbox, then the domain.
pub fn mask_address(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Weekday3;

    fn due(recipient: &str) -> DueAttempt {
        DueAttempt {
            id: 1,
            workspace_id: 1,
            campaign_id: 1,
            lead_id: 1,
            step: 1,
            tries: 0,
            recipient: recipient.into(),
            idempotency_key: "1-1-1".into(),
            draft_version: 1,
            message_id: None,
            draft_status: Some("approved".into()),
            current_version: Some(1),
            draft_unchanged: true,
            draft_subject: Some("Hi".into()),
            draft_body: Some("Hello".into()),
            first_name: None,
            last_name: None,
            country: None,
            timezone: None,
            custom: "{}".into(),
            hard_bounced_at: None,
            unsubscribed_at: None,
            replied_at: None,
            stage: Some("scheduled".into()),
            stop_reason: None,
            prev_account_id: None,
            prev_message_id: None,
            prev_references: None,
            prev_subject: None,
            answer_to: None,
        }
    }

    fn settings() -> GateSettings {
        GateSettings { window: SendWindow::default(), timezone: chrono_tz::UTC, hold_without_consent: true }
    }

    fn monday(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-12-07T{hour:02}:00:00Z")).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_clean_attempt_in_the_window_is_allowed_and_every_rule_is_recorded() {
        let d = evaluate(&due("ana@acme.com"), None, &settings(), monday(10));
        assert_eq!(d.verdict, Verdict::Allow);
        assert_eq!(d.legal_basis, LegalBasis::LegitimateInterest);
        let names: Vec<_> = d.rules.iter().map(|r| r.rule).collect();
        assert_eq!(names, ["draft_approved", "address", "suppression", "lead", "legal_basis", "send_window"]);
        assert!(d.rules.iter().all(|r| r.passed));
        assert_eq!(d.domain.as_deref(), Some("acme.com"));
    }

    #[test]
    fn unicode_and_malformed_addresses_are_blocked_with_the_reason() {
        for (address, says) in [("ana@bücher.de", "non-ASCII"), ("ana@", "not an email address"), ("ana@co.uk", "not a domain")] {
            let d = evaluate(&due(address), None, &settings(), monday(10));
            match d.verdict {
                Verdict::Block { rule: "address", why } => assert!(why.contains(says), "{address}: {why}"),
                other => panic!("{address} was not blocked by its address: {other:?}"),
            }
        }
    }

    #[test]
    fn the_first_failing_rule_decides_and_later_ones_are_still_recorded() {
        let mut d = due("ana@acme.com");
        d.draft_unchanged = false;
        d.unsubscribed_at = Some("2026-12-01T00:00:00.000Z".into());
        let decision = evaluate(&d, Some("ana@acme.com is on the suppression list"), &settings(), monday(10));
        assert!(matches!(decision.verdict, Verdict::Block { rule: "draft_approved", .. }), "{:?}", decision.verdict);
        let failed: Vec<_> = decision.rules.iter().filter(|r| !r.passed).map(|r| r.rule).collect();
        assert_eq!(failed, ["draft_approved", "suppression", "lead"]);
    }

    #[test]
    fn a_consent_region_lead_is_held_without_recorded_consent_and_passes_with_it() {
        let mut d = due("jan@firma.de");
        d.country = Some("Germany".into());
        let held = evaluate(&d, None, &settings(), monday(10));
        assert!(matches!(held.verdict, Verdict::Block { rule: "legal_basis", .. }), "{:?}", held.verdict);
        d.custom = r#"{"Consent": "2026-11-02"}"#.into();
        assert_eq!(evaluate(&d, None, &settings(), monday(10)).verdict, Verdict::Allow);
        d.custom = r#"{"consent": "no"}"#.into();
        assert!(!consent_recorded(&d.custom), "a no is not a consent");
    }

    #[test]
    fn outside_the_window_the_mail_is_held_until_it_opens_and_a_window_that_never_opens_blocks() {
        let d = evaluate(&due("ana@acme.com"), None, &settings(), monday(18));
        assert_eq!(
            d.verdict,
            Verdict::Hold { until: monday(9) + chrono::Duration::days(1), why: "waiting for the send window in UTC".into() }
        );
        let never =
            GateSettings { window: SendWindow { start: "09:00".into(), end: "17:00".into(), days: Vec::<Weekday3>::new() }, ..settings() };
        assert!(matches!(evaluate(&due("ana@acme.com"), None, &never, monday(18)).verdict, Verdict::Block { rule: "send_window", .. }));
    }

    #[test]
    fn an_answer_skips_the_draft_and_the_sequence_rules_and_says_so() {
        let mut d = due("ana@acme.com");
        d.answer_to = Some(9);
        d.draft_status = None;
        d.current_version = None;
        d.replied_at = Some("2026-12-06T00:00:00.000Z".into());
        d.stage = Some("stopped".into());
        d.stop_reason = Some("replied".into());
        let decision = evaluate(&d, None, &settings(), monday(10));
        assert_eq!(decision.verdict, Verdict::Allow, "a person who replied may be answered: {:?}", decision.rules);
        let names: Vec<_> = decision.rules.iter().map(|r| r.rule).collect();
        assert_eq!(names, ["address", "suppression", "lead", "legal_basis", "send_window"], "no draft rule for an answer");
        assert_eq!(decision.not_applied, NOT_APPLIED_TO_ANSWERS, "the decision names the rules it left out");
        d.stage = None;
        assert_eq!(evaluate(&d, None, &settings(), monday(10)).verdict, Verdict::Allow, "an answer needs no enrollment");
    }

    #[test]
    fn an_answer_is_still_blocked_by_suppression_an_unsubscribe_a_hard_bounce_and_held_by_the_window() {
        let mut d = due("ana@acme.com");
        d.answer_to = Some(9);
        let suppressed = evaluate(&d, Some("ana@acme.com is on the suppression list"), &settings(), monday(10));
        assert!(matches!(suppressed.verdict, Verdict::Block { rule: "suppression", .. }), "{:?}", suppressed.verdict);
        d.unsubscribed_at = Some("2026-12-01T00:00:00.000Z".into());
        assert!(matches!(evaluate(&d, None, &settings(), monday(10)).verdict, Verdict::Block { rule: "lead", .. }), "unsubscribed");
        d.unsubscribed_at = None;
        d.hard_bounced_at = Some("2026-12-01T00:00:00.000Z".into());
        assert!(matches!(evaluate(&d, None, &settings(), monday(10)).verdict, Verdict::Block { rule: "lead", .. }), "hard bounced");
        d.hard_bounced_at = None;
        assert!(matches!(evaluate(&d, None, &settings(), monday(18)).verdict, Verdict::Hold { .. }), "the window holds an answer too");
    }

    #[test]
    fn an_address_is_masked_in_the_audit_log() {
        assert_eq!(mask_address("ana.lopez@acme.com"), "a***@acme.com");
        assert_eq!(mask_address("nonsense"), "***");
    }
}
