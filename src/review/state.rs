//! The review state machine: what each decision does to a draft, and what is refused.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewStatus {
    Pending,
    Approved,
    Rejected,
    NeedsRegeneration,
    Regenerated,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 5] =
        [ReviewStatus::Pending, ReviewStatus::Approved, ReviewStatus::Rejected, ReviewStatus::NeedsRegeneration, ReviewStatus::Regenerated];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::NeedsRegeneration => "needs_regeneration",
            ReviewStatus::Regenerated => "regenerated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ReviewStatus::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// The status as the consultant reads it in a sentence: "an approved draft".
    fn with_article(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "a pending",
            ReviewStatus::Approved => "an approved",
            ReviewStatus::Rejected => "a rejected",
            ReviewStatus::NeedsRegeneration => "a sent-back",
            ReviewStatus::Regenerated => "a regenerated",
        }
    }

    fn adjective(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::NeedsRegeneration => "waiting for regeneration",
            ReviewStatus::Regenerated => "regenerated",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewAction {
    Approve,
    Reject,
    RequestRegeneration,
    Regenerate,
    Edit,
    Reopen,
}

impl ReviewAction {
    pub const ALL: [ReviewAction; 6] = [
        ReviewAction::Approve,
        ReviewAction::Reject,
        ReviewAction::RequestRegeneration,
        ReviewAction::Regenerate,
        ReviewAction::Edit,
        ReviewAction::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Approve => "approve",
            ReviewAction::Reject => "reject",
            ReviewAction::RequestRegeneration => "request_regeneration",
            ReviewAction::Regenerate => "regenerate",
            ReviewAction::Edit => "edit",
            ReviewAction::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ReviewAction::ALL.into_iter().find(|action| action.as_str() == s)
    }

    /// The verb as it reads in a sentence: "can be sent back for regeneration".
    pub fn describe(self) -> &'static str {
        match self {
            ReviewAction::Approve => "approve",
            ReviewAction::Reject => "reject",
            ReviewAction::RequestRegeneration => "send back for regeneration",
            ReviewAction::Regenerate => "regenerate",
            ReviewAction::Edit => "edit",
            ReviewAction::Reopen => "reopen",
        }
    }

    fn past_participle(self) -> &'static str {
        match self {
            ReviewAction::Approve => "approved",
            ReviewAction::Reject => "rejected",
            ReviewAction::RequestRegeneration => "sent back for regeneration",
            ReviewAction::Regenerate => "regenerated",
            ReviewAction::Edit => "edited",
            ReviewAction::Reopen => "reopened",
        }
    }
}

/// The statuses from which `action` is allowed.
pub fn allowed_from(action: ReviewAction) -> &'static [ReviewStatus] {
    use ReviewStatus::*;
    match action {
        ReviewAction::Approve => &[Pending, Regenerated],
        ReviewAction::Reject => &[Pending, Approved, NeedsRegeneration, Regenerated],
        ReviewAction::RequestRegeneration => &[Pending, Rejected, Regenerated],
        ReviewAction::Regenerate => &[Pending, Rejected, NeedsRegeneration, Regenerated],
        ReviewAction::Edit => &[Pending, NeedsRegeneration, Regenerated],
        ReviewAction::Reopen => &[Approved, Rejected],
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTransition {
    pub from: ReviewStatus,
    pub action: ReviewAction,
    pub allowed_from: Vec<ReviewStatus>,
}

impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A locked draft is unlocked by reopening it; say so rather than list statuses.
        if allowed_from(ReviewAction::Reopen).contains(&self.from) && self.action != ReviewAction::Reopen {
            return write!(
                f,
                "{} draft cannot be {}; reopen it first.",
                capitalized(self.from.with_article()),
                self.action.past_participle()
            );
        }
        let allowed: Vec<String> = self
            .allowed_from
            .iter()
            .map(|s| if *s == ReviewStatus::NeedsRegeneration { "sent back".to_string() } else { s.adjective().to_string() })
            .collect();
        write!(
            f,
            "This draft is {}; only {} draft can be {}.",
            self.from.adjective(),
            with_indefinite_article(&join_or(&allowed)),
            self.action.past_participle()
        )
    }
}

impl std::error::Error for InvalidTransition {}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn with_indefinite_article(phrase: &str) -> String {
    let article = if phrase.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {phrase}")
}

pub fn next_status(from: ReviewStatus, action: ReviewAction) -> Result<ReviewStatus, InvalidTransition> {
    if !allowed_from(action).contains(&from) {
        return Err(InvalidTransition { from, action, allowed_from: allowed_from(action).to_vec() });
    }
    Ok(match action {
        ReviewAction::Approve => ReviewStatus::Approved,
        ReviewAction::Reject => ReviewStatus::Rejected,
        ReviewAction::RequestRegeneration => ReviewStatus::NeedsRegeneration,
        ReviewAction::Regenerate => ReviewStatus::Regenerated,
        // A hand fix of a draft sent back answers the request just as a regeneration would.
        ReviewAction::Edit if from == ReviewStatus::NeedsRegeneration => ReviewStatus::Regenerated,
        ReviewAction::Edit => from,
        ReviewAction::Reopen => ReviewStatus::Pending,
    })
}

#[cfg(test)]
mod tests {
    use super::ReviewAction::*;
    use super::ReviewStatus::*;
    use super::*;

    /// Every (status, action) pair and its outcome; None is refused.
    const TABLE: [(ReviewStatus, ReviewAction, Option<ReviewStatus>); 30] = [
        (Pending, Approve, Some(Approved)),
        (Pending, Reject, Some(Rejected)),
        (Pending, RequestRegeneration, Some(NeedsRegeneration)),
        (Pending, Regenerate, Some(Regenerated)),
        (Pending, Edit, Some(Pending)),
        (Pending, Reopen, None),
        (Approved, Approve, None),
        (Approved, Reject, Some(Rejected)),
        (Approved, RequestRegeneration, None),
        (Approved, Regenerate, None),
        (Approved, Edit, None),
        (Approved, Reopen, Some(Pending)),
        (Rejected, Approve, None),
        (Rejected, Reject, None),
        (Rejected, RequestRegeneration, Some(NeedsRegeneration)),
        (Rejected, Regenerate, Some(Regenerated)),
        (Rejected, Edit, None),
        (Rejected, Reopen, Some(Pending)),
        (NeedsRegeneration, Approve, None),
        (NeedsRegeneration, Reject, Some(Rejected)),
        (NeedsRegeneration, RequestRegeneration, None),
        (NeedsRegeneration, Regenerate, Some(Regenerated)),
        (NeedsRegeneration, Edit, Some(Regenerated)),
        (NeedsRegeneration, Reopen, None),
        (Regenerated, Approve, Some(Approved)),
        (Regenerated, Reject, Some(Rejected)),
        (Regenerated, RequestRegeneration, Some(NeedsRegeneration)),
        (Regenerated, Regenerate, Some(Regenerated)),
        (Regenerated, Edit, Some(Regenerated)),
        (Regenerated, Reopen, None),
    ];

    #[test]
    fn every_pair_follows_the_table() {
        for status in ReviewStatus::ALL {
            for action in ReviewAction::ALL {
                let (_, _, expected) = TABLE.iter().find(|(s, a, _)| *s == status && *a == action).unwrap();
                match (next_status(status, action), expected) {
                    (Ok(got), Some(want)) => assert_eq!(got, *want, "{status:?} {action:?}"),
                    (Err(err), None) => {
                        assert_eq!((err.from, err.action), (status, action));
                        assert_eq!(err.allowed_from, allowed_from(action));
                        assert!(!err.allowed_from.contains(&status));
                    }
                    (got, want) => panic!("{status:?} {action:?}: got {got:?}, want {want:?}"),
                }
                assert_eq!(allowed_from(action).contains(&status), expected.is_some(), "{status:?} {action:?}");
            }
        }
    }

    #[test]
    fn refusals_read_as_sentences() {
        let message = |status, action| next_status(status, action).unwrap_err().to_string();
        assert_eq!(message(Approved, Approve), "An approved draft cannot be approved; reopen it first.");
        assert_eq!(message(Approved, Edit), "An approved draft cannot be edited; reopen it first.");
        assert_eq!(message(Rejected, Approve), "A rejected draft cannot be approved; reopen it first.");
        assert_eq!(
            message(NeedsRegeneration, Approve),
            "This draft is waiting for regeneration; only a pending or regenerated draft can be approved."
        );
        assert_eq!(message(Pending, Reopen), "This draft is pending; only an approved or rejected draft can be reopened.");
        assert_eq!(
            message(NeedsRegeneration, RequestRegeneration),
            "This draft is waiting for regeneration; only a pending, rejected or regenerated draft can be sent back for regeneration."
        );
    }

    #[test]
    fn names_round_trip() {
        for status in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for action in ReviewAction::ALL {
            assert_eq!(ReviewAction::parse(action.as_str()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
        }
        assert_eq!(ReviewStatus::parse("sent"), None);
        assert_eq!(RequestRegeneration.describe(), "send back for regeneration");
    }
}
