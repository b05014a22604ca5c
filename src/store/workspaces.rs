use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AssertSqlSafe;
use ts_rs::TS;

use super::audit::Actor;
use super::{unique_violation, Store, StoreError, Tx};

/// A client's space: its campaigns, leads, imports and jobs.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow, TS)]
#[ts(export)]
pub struct Workspace {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    pub lead_count: i64,
    pub campaign_count: i64,
}

const SELECT: &str = "SELECT w.id, w.name, w.created_at, w.updated_at,
    (SELECT COUNT(*) FROM leads l WHERE l.workspace_id = w.id) AS lead_count,
    (SELECT COUNT(*) FROM campaigns c WHERE c.workspace_id = w.id AND c.archived = 0) AS campaign_count
    FROM workspaces w";

impl Store {
    pub async fn list_workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} ORDER BY w.name COLLATE NOCASE"))).fetch_all(&self.pool).await?)
    }

    pub async fn get_workspace(&self, id: i64) -> Result<Option<Workspace>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE w.id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn find_workspace_by_name(&self, name: &str) -> Result<Option<Workspace>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE w.name = ? COLLATE NOCASE"))).bind(name).fetch_optional(&self.pool).await?)
    }

    pub async fn insert_workspace_tx(&self, tx: &mut Tx<'_>, name: &str) -> Result<i64, StoreError> {
        let at = self.now();
        let id = sqlx::query("INSERT INTO workspaces (name, created_at, updated_at) VALUES (?, ?, ?)")
            .bind(name)
            .bind(&at)
            .bind(&at)
            .execute(&mut **tx)
            .await
            .map_err(|e| unique_violation(e, || format!("A workspace named \"{name}\"")))?
            .last_insert_rowid();
        self.audit_tx(tx, Some(id), Actor::User, "workspace.create", Some(name), json!({})).await?;
        Ok(id)
    }

    pub async fn insert_workspace(&self, name: &str) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let id = self.insert_workspace_tx(&mut tx, name).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Returns false when no workspace has this id.
    pub async fn rename_workspace(&self, id: i64, name: &str) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query("UPDATE workspaces SET name = ?, updated_at = ? WHERE id = ?")
            .bind(name)
            .bind(self.now())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_violation(e, || format!("A workspace named \"{name}\"")))?
            .rows_affected()
            > 0;
        if changed {
            self.audit_tx(&mut tx, Some(id), Actor::User, "workspace.rename", Some(name), json!({})).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Deletes the workspace and everything it owns. Returns false when no workspace has this id.
    pub async fn delete_workspace(&self, id: i64) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM workspaces WHERE id = ?").bind(id).fetch_optional(&mut *tx).await?;
        let Some(name) = name else { return Ok(false) };
        self.search.trim_backlog_tx(&mut tx).await?;
        sqlx::query("DELETE FROM workspaces WHERE id = ?").bind(id).execute(&mut *tx).await?;
        self.audit_tx(&mut tx, None, Actor::User, "workspace.delete", Some(&name), json!({ "workspace_id": id })).await?;
        tx.commit().await?;
        self.index_search_or_defer().await;
        Ok(true)
    }
}
