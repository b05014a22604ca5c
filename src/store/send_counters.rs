//! Daily send counters, incremented atomically only while under their cap, and each mailbox's next free
//! slot: what lets several runs (the window, `reach agent`, `reach send`) share caps and spacing safely.

use super::{Store, StoreError, Tx};

impl Store {
    /// Counts one more send for `scope`/`key` on `day` unless that would pass `cap`. False when the cap is
    /// reached (nothing is written).
    pub async fn count_send_tx(&self, tx: &mut Tx<'_>, scope: &str, key: &str, day: &str, cap: u32) -> Result<bool, StoreError> {
        if cap == 0 {
            return Ok(false);
        }
        let counted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO send_counters (scope, key, day, count) VALUES (?, ?, ?, 1)
             ON CONFLICT (scope, key, day) DO UPDATE SET count = count + 1 WHERE count < ?
             RETURNING count",
        )
        .bind(scope)
        .bind(key)
        .bind(day)
        .bind(cap as i64)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(counted.is_some())
    }

    /// Takes back a send that never reached the server.
    pub async fn uncount_send_tx(&self, tx: &mut Tx<'_>, scope: &str, key: &str, day: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE send_counters SET count = max(count - 1, 0) WHERE scope = ? AND key = ? AND day = ?")
            .bind(scope)
            .bind(key)
            .bind(day)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Sends counted for `scope`/`key` on `day`.
    pub async fn sends_on(&self, scope: &str, key: &str, day: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT coalesce(max(count), 0) FROM send_counters WHERE scope = ? AND key = ? AND day = ?")
            .bind(scope)
            .bind(key)
            .bind(day)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Days before `day` on which `scope`/`key` sent anything: how far a mailbox has ramped up.
    pub async fn days_sent_before(&self, scope: &str, key: &str, day: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM send_counters WHERE scope = ? AND key = ? AND day < ? AND count > 0")
            .bind(scope)
            .bind(key)
            .bind(day)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Takes a mailbox's next send slot if it is free now, moving it to `next`. False when another send took
    /// it first or its spacing has not passed.
    pub async fn claim_account_slot_tx(&self, tx: &mut Tx<'_>, account_id: i64, next: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE sender_accounts SET next_send_at = ? WHERE id = ? AND (next_send_at IS NULL OR next_send_at <= ?)")
            .bind(next)
            .bind(account_id)
            .bind(self.now())
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
