//! Monthly budgets and the reservations jobs hold against them. Every check-and-hold runs in one
//! `BEGIN IMMEDIATE` transaction, so concurrent reservations are serialized by SQLite's write lock and can
//! never together exceed the budget.

use serde_json::json;

use crate::store::audit::Actor;
use crate::store::{Store, StoreError, Tx};

/// A workspace's month in micro-dollars: its limit (if any), what its calls cost, what open reservations
/// still hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BudgetState {
    pub limit: Option<i64>,
    pub spent: i64,
    pub held: i64,
}

impl BudgetState {
    pub fn remaining(&self) -> Option<i64> {
        self.limit.map(|l| l - self.spent - self.held)
    }

    fn fits(&self, more: i64) -> bool {
        self.limit.is_none_or(|l| self.spent + self.held + more <= l)
    }
}

/// The first instant of the month after `month` ("2026-11" → "2026-12"), as stored times compare.
pub fn next_month(month: &str) -> String {
    let (y, m) = month.split_once('-').and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?))).unwrap_or((9999, 12));
    if m >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", m + 1)
    }
}

/// The reservation a call draws on, as the ledger sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservationRow {
    pub id: i64,
    pub workspace_id: i64,
    pub job_id: Option<i64>,
    pub reserved: i64,
    pub settled: i64,
    pub open: bool,
}

impl Store {
    /// Sets (or with `None` removes) the workspace's monthly budget.
    pub async fn set_llm_budget(&self, workspace_id: i64, monthly_micros: Option<i64>) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        match monthly_micros {
            Some(micros) => {
                sqlx::query(
                    "INSERT INTO llm_budgets (workspace_id, monthly_micros, updated_at) VALUES (?, ?, ?)
                     ON CONFLICT (workspace_id) DO UPDATE SET monthly_micros = excluded.monthly_micros, updated_at = excluded.updated_at",
                )
                .bind(workspace_id)
                .bind(micros)
                .bind(self.now())
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM llm_budgets WHERE workspace_id = ?").bind(workspace_id).execute(&mut *tx).await?;
            }
        }
        self.audit_tx(&mut tx, Some(workspace_id), Actor::User, "llm_budget.set", None, json!({ "monthly_micros": monthly_micros }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn llm_budget_state(&self, workspace_id: i64, month: &str) -> Result<BudgetState, StoreError> {
        let mut conn = self.pool().acquire().await?;
        budget_state(&mut conn, workspace_id, month).await
    }

    /// Holds `micros` of the month's budget for a job. `Ok(Err(state))` when it does not fit.
    pub async fn reserve_llm_budget(
        &self,
        workspace_id: i64,
        job_id: Option<i64>,
        month: &str,
        micros: i64,
    ) -> Result<Result<i64, BudgetState>, StoreError> {
        let mut tx = self.begin().await?;
        let state = budget_state(&mut tx, workspace_id, month).await?;
        if !state.fits(micros) {
            return Ok(Err(state));
        }
        let id =
            sqlx::query("INSERT INTO llm_reservations (workspace_id, job_id, month, reserved_micros, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(workspace_id)
                .bind(job_id)
                .bind(month)
                .bind(micros)
                .bind(self.now())
                .execute(&mut *tx)
                .await?
                .last_insert_rowid();
        tx.commit().await?;
        Ok(Ok(id))
    }

    pub async fn get_llm_reservation(&self, id: i64) -> Result<Option<ReservationRow>, StoreError> {
        let row: Option<(i64, i64, Option<i64>, i64, i64, String)> =
            sqlx::query_as("SELECT id, workspace_id, job_id, reserved_micros, settled_micros, status FROM llm_reservations WHERE id = ?")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|(id, workspace_id, job_id, reserved, settled, status)| ReservationRow {
            id,
            workspace_id,
            job_id,
            reserved,
            settled,
            open: status == "open",
        }))
    }

    /// Makes sure a call estimated at `micros` is covered before it is made: by the reservation's unspent
    /// part, by growing the reservation when the budget has room, or (without a reservation) by what is
    /// left of the month. `Ok(Err(state))` when it is not covered.
    pub async fn cover_llm_call(
        &self,
        workspace_id: i64,
        reservation_id: Option<i64>,
        month: &str,
        micros: i64,
    ) -> Result<Result<(), BudgetState>, StoreError> {
        let Some(reservation_id) = reservation_id else {
            let state = self.llm_budget_state(workspace_id, month).await?;
            return Ok(if state.fits(micros) { Ok(()) } else { Err(state) });
        };
        let mut tx = self.begin().await?;
        let row: Option<(i64, i64, String)> =
            sqlx::query_as("SELECT reserved_micros, settled_micros, status FROM llm_reservations WHERE id = ? AND workspace_id = ?")
                .bind(reservation_id)
                .bind(workspace_id)
                .fetch_optional(&mut *tx)
                .await?;
        let state = budget_state(&mut tx, workspace_id, month).await?;
        let open = matches!(&row, Some((_, _, status)) if status == "open");
        // A released (or foreign) reservation covers nothing; the call needs fresh room.
        let headroom = match &row {
            Some((reserved, settled, _)) if open => (reserved - settled).max(0),
            _ => 0,
        };
        if headroom >= micros {
            return Ok(Ok(()));
        }
        let extra = micros - headroom;
        if !state.fits(extra) {
            return Ok(Err(state));
        }
        if open {
            sqlx::query("UPDATE llm_reservations SET reserved_micros = reserved_micros + ? WHERE id = ?")
                .bind(extra)
                .bind(reservation_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Ok(()))
    }

    /// Returns the unspent part of a reservation to the budget. Returns false when it was not open.
    pub async fn release_llm_reservation(&self, id: i64) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE llm_reservations SET status = 'released', released_at = ? WHERE id = ? AND status = 'open'")
            .bind(self.now())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        tx.commit().await?;
        Ok(done)
    }

    /// Releases every reservation a job still holds (it ended, failed or paused).
    pub async fn release_job_llm_reservations(&self, job_id: i64) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE llm_reservations SET status = 'released', released_at = ? WHERE job_id = ? AND status = 'open'")
            .bind(self.now())
            .bind(job_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    /// Adds a call's real cost to its reservation, in the transaction that records the call.
    pub async fn settle_llm_reservation_tx(&self, tx: &mut Tx<'_>, id: i64, micros: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE llm_reservations SET settled_micros = settled_micros + ? WHERE id = ?")
            .bind(micros)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

async fn budget_state(conn: &mut sqlx::SqliteConnection, workspace_id: i64, month: &str) -> Result<BudgetState, StoreError> {
    let limit: Option<i64> = sqlx::query_scalar("SELECT monthly_micros FROM llm_budgets WHERE workspace_id = ?")
        .bind(workspace_id)
        .fetch_optional(&mut *conn)
        .await?;
    let spent: i64 = sqlx::query_scalar("SELECT IFNULL(SUM(cost_micros), 0) FROM llm_usage WHERE workspace_id = ? AND at >= ? AND at < ?")
        .bind(workspace_id)
        .bind(month)
        .bind(next_month(month))
        .fetch_one(&mut *conn)
        .await?;
    let held: i64 = sqlx::query_scalar(
        "SELECT IFNULL(SUM(MAX(reserved_micros - settled_micros, 0)), 0) FROM llm_reservations WHERE workspace_id = ? AND month = ? AND status = 'open'",
    )
    .bind(workspace_id)
    .bind(month)
    .fetch_one(&mut *conn)
    .await?;
    Ok(BudgetState { limit, spent, held })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_month_rolls_over_the_year() {
        assert_eq!(next_month("2026-11"), "2026-12");
        assert_eq!(next_month("2026-12"), "2027-01");
    }
}
