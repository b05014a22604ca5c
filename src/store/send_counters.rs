//! Daily send counters as the screens read them (the outbox's gate writes them in `outbox_batch`).

use super::{Store, StoreError};

impl Store {
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
}
