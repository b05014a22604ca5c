use serde_json::Value;

use super::{Store, StoreError, Tx};

/// Who did something recorded in the audit log.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    User,
    Job,
}

impl Actor {
    fn as_str(self) -> &'static str {
        match self {
            Actor::User => "user",
            Actor::Job => "job",
        }
    }
}

impl Store {
    pub async fn audit_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: Option<i64>,
        actor: Actor,
        action: &str,
        subject: Option<&str>,
        detail: Value,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (workspace_id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(workspace_id)
            .bind(self.now())
            .bind(actor.as_str())
            .bind(action)
            .bind(subject)
            .bind(detail.to_string())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The actions recorded for a workspace, newest first.
    pub async fn audit_actions(&self, workspace_id: i64, limit: i64) -> Result<Vec<(String, Option<String>)>, StoreError> {
        Ok(sqlx::query_as("SELECT action, subject FROM audit_log WHERE workspace_id = ? ORDER BY id DESC LIMIT ?")
            .bind(workspace_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }
}
