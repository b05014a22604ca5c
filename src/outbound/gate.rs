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
}

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
/// the store.
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

    let draft = match (due.draft_status.as_deref(), due.current_version) {
        (None, _) | (_, None) => Err("the draft no longer exists".to_string()),
        (Some("approved"), Some(v)) if v == due.draft_version && due.draft_unchanged => Ok("approved, unchanged since".to_string()),
        (Some("approved"), _) => Err("the draft changed after it was approved; review it again".to_string()),
        (Some(status), _) => Err(format!("the draft is {} now, not approved", status.replace('_', " "))),
    };
    rule("draft_approved", draft, &mut verdict);

    let domain = recipient_domain(&due.recipient);
    rule("address", domain.as_ref().map(|d| format!("domain {d}")).map_err(Clone::clone), &mut verdict);
    let domain = domain.ok();

    rule("suppression", suppressed.map_or(Ok("not suppressed".into()), |why| Err(why.to_string())), &mut verdict);

    let person = if due.unsubscribed_at.is_some() {
        Err("the lead unsubscribed".to_string())
    } else if due.hard_bounced_at.is_some() {
        Err("mail to the lead bounced for good".to_string())
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

    Decision { verdict: verdict.unwrap_or(Verdict::Allow), rules, legal_basis, country, timezone, domain }
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
