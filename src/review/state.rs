use serde::{Deserialize, Serialize};
use ts_rs::TS;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewStatus { Pending, Approved, Rejected, NeedsRegeneration, Regenerated }
impl ReviewStatus {
    pub const ALL: [ReviewStatus; 5] = [ReviewStatus::Pending, ReviewStatus::Approved, ReviewStatus::Rejected, ReviewStatus::NeedsRegeneration, ReviewStatus::Regenerated];
    pub fn as_str(self) -> &'static str { match self { ReviewStatus::Pending => "pending", ReviewStatus::Approved => "approved", ReviewStatus::Rejected => "rejected", ReviewStatus::NeedsRegeneration => "needs_regeneration", ReviewStatus::Regenerated => "regenerated" } }
    pub fn parse(s: &str) -> Option<Self> { Self::ALL.into_iter().find(|x| x.as_str() == s) }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewAction { Approve, Reject, RequestRegeneration, Regenerate, Edit, Reopen }
impl ReviewAction { pub fn as_str(self) -> &'static str { "x" } pub fn describe(self) -> &'static str { "x" } }
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTransition { pub from: ReviewStatus, pub action: ReviewAction, pub allowed_from: Vec<ReviewStatus> }
impl std::fmt::Display for InvalidTransition { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "refused") } }
pub fn next_status(from: ReviewStatus, _action: ReviewAction) -> Result<ReviewStatus, InvalidTransition> { Ok(from) }
