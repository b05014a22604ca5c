//! Monthly AI budgets per workspace, the reservations jobs hold against them, and usage reports.

pub use crate::llm::{UsageRow, UsageSummary};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{EngineError, Result};
use crate::llm::ledger::{current_month, over_budget};

use crate::Engine;

/// A workspace's budget for a month, in US dollars.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BudgetView {
    pub workspace_id: i64,
    /// "2026-11".
    pub month: String,
    /// No limit when absent.
    pub limit_usd: Option<f64>,
    pub spent_usd: f64,
    /// Held by running jobs for calls they have not made yet.
    pub held_usd: f64,
    pub remaining_usd: Option<f64>,
}

/// A job's hold on its workspace's budget.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Reservation {
    pub id: i64,
    pub workspace_id: i64,
    pub job_id: Option<i64>,
    pub reserved_usd: f64,
}

const MICROS: f64 = 1_000_000.0;

fn usd(micros: i64) -> f64 {
    micros as f64 / MICROS
}

fn micros(usd: f64, what: &str) -> Result<i64> {
    if !usd.is_finite() || !(0.0..=1_000_000.0).contains(&usd) {
        return Err(EngineError::Validation(format!("the {what} must be an amount in dollars between 0 and 1,000,000")));
    }
    Ok((usd * MICROS).round() as i64)
}

/// "2026-11", or this month when absent.
fn check_month(month: Option<&str>, clock: &crate::clock::Clock) -> Result<String> {
    let Some(month) = month.map(str::trim) else {
        return Ok(current_month(clock));
    };
    let ok = month.len() == 7
        && month.as_bytes()[4] == b'-'
        && month[..4].chars().all(|c| c.is_ascii_digit())
        && month[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    if ok {
        Ok(month.to_string())
    } else {
        Err(EngineError::BadMonth { month: month.to_string() })
    }
}

impl Engine {
    pub async fn budget(&self, workspace_id: i64) -> Result<BudgetView> {
        self.get_workspace(workspace_id).await?;
        let month = current_month(self.store.clock());
        let state = self.store.llm_budget_state(workspace_id, &month).await?;
        Ok(BudgetView {
            workspace_id,
            month,
            limit_usd: state.limit.map(usd),
            spent_usd: usd(state.spent),
            held_usd: usd(state.held),
            remaining_usd: state.remaining().map(usd),
        })
    }

    /// Sets the workspace's monthly budget in dollars; `None` removes the limit.
    pub async fn set_budget(&self, workspace_id: i64, monthly_usd: Option<f64>) -> Result<BudgetView> {
        self.get_workspace(workspace_id).await?;
        let limit = monthly_usd.map(|v| micros(v, "budget")).transpose()?;
        self.store.set_llm_budget(workspace_id, limit).await?;
        self.budget(workspace_id).await
    }

    /// Holds `estimate_usd` of the month's budget before work starts; refused (`budget_exceeded`) when it
    /// does not fit, however many reservations are made at once.
    pub async fn reserve_budget(&self, workspace_id: i64, job_id: Option<i64>, estimate_usd: f64) -> Result<Reservation> {
        let amount = micros(estimate_usd, "estimate")?;
        match self.store.reserve_llm_budget(workspace_id, job_id, &current_month(self.store.clock()), amount).await? {
            Ok(id) => Ok(Reservation { id, workspace_id, job_id, reserved_usd: usd(amount) }),
            Err(state) => Err(EngineError::Llm(over_budget(state))),
        }
    }

    /// Gives the unspent part of a reservation back to the budget.
    pub async fn release_reservation(&self, id: i64) -> Result<()> {
        self.store.get_llm_reservation(id).await?.ok_or_else(|| EngineError::not_found(format!("Budget reservation {id}")))?;
        self.store.release_llm_reservation(id).await?;
        Ok(())
    }

    /// A month's AI usage ("2026-11", this month when absent), of one workspace or of all.
    pub async fn usage_summary(&self, month: Option<&str>, workspace_id: Option<i64>) -> Result<UsageSummary> {
        let month = check_month(month, self.store.clock())?;
        Ok(self.store.llm_usage_summary(&month, workspace_id).await?)
    }

    /// The latest model calls, newest first.
    pub async fn recent_usage(&self, workspace_id: Option<i64>, limit: u32) -> Result<Vec<UsageRow>> {
        Ok(self.store.recent_llm_usage(workspace_id, i64::from(limit.clamp(1, 1000))).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_checked() {
        assert_eq!(check_month(Some("2026-11"), &crate::clock::Clock::system()).unwrap(), "2026-11");
        assert!(check_month(Some("2026-13"), &crate::clock::Clock::system()).is_err());
        assert!(check_month(Some("11-2026"), &crate::clock::Clock::system()).is_err());
        assert_eq!(check_month(None, &crate::clock::Clock::system()).unwrap().len(), 7);
    }

    #[test]
    fn dollars_become_exact_micros() {
        assert_eq!(micros(12.34, "budget").unwrap(), 12_340_000);
        assert!(micros(-1.0, "budget").is_err());
        assert!(micros(f64::NAN, "budget").is_err());
    }
}
