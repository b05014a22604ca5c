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

    /// Records one action for many subjects, each with its detail, in one statement.
    pub async fn audit_many_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: Option<i64>,
        actor: Actor,
        action: &str,
        rows: &[(String, Value)],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let rows: Vec<Value> = rows.iter().map(|(subject, detail)| serde_json::json!([subject, detail.to_string()])).collect();
        sqlx::query(
            "INSERT INTO audit_log (workspace_id, at, actor, action, subject, detail)
             SELECT ?1, ?2, ?3, ?4, value ->> 0, value ->> 1 FROM json_each(?5)",
        )
        .bind(workspace_id)
        .bind(self.now())
        .bind(actor.as_str())
        .bind(action)
        .bind(Value::Array(rows).to_string())
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
