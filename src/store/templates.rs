//! The workspace's template library.

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::audit::Actor;
use super::{unique_violation, Store, StoreError};

/// A subject and body with variables, fallbacks and spintax, reused by sequence steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Template {
    pub id: i64,
    pub workspace_id: i64,
    pub name: String,
    pub category: String,
    pub subject: String,
    pub body: String,
    /// Sequence steps drafting from it; such a template cannot be deleted.
    pub used_by_steps: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// The editable fields of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateInput {
    pub name: String,
    #[serde(default)]
    pub category: String,
    pub subject: String,
    pub body: String,
}

const SELECT: &str = "SELECT t.*, (SELECT COUNT(*) FROM sequence_steps s WHERE s.template_id = t.id) AS used_by_steps FROM templates t";

/// What became of a request to delete a template.
#[derive(Debug, PartialEq)]
pub enum TemplateDeletion {
    Deleted,
    NotFound,
    /// Campaigns whose sequence drafts from it.
    InUse {
        campaigns: Vec<String>,
    },
}

impl Store {
    pub async fn list_templates(&self, workspace_id: i64) -> Result<Vec<Template>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE t.workspace_id = ? ORDER BY t.category COLLATE NOCASE, t.name COLLATE NOCASE"
        )))
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn get_template(&self, id: i64) -> Result<Option<Template>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn find_template_by_name(&self, workspace_id: i64, name: &str) -> Result<Option<Template>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.workspace_id = ? AND t.name = ? COLLATE NOCASE")))
            .bind(workspace_id)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn insert_template(&self, workspace_id: i64, input: &TemplateInput) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let at = self.now();
        let id = sqlx::query(
            "INSERT INTO templates (workspace_id, name, category, subject, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(workspace_id)
        .bind(&input.name)
        .bind(&input.category)
        .bind(&input.subject)
        .bind(&input.body)
        .bind(&at)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_violation(e, || format!("A template named \"{}\" in this workspace", input.name)))?
        .last_insert_rowid();
        self.audit_tx(&mut tx, Some(workspace_id), Actor::User, "template.create", Some(&input.name), json!({ "template_id": id })).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_template(&self, id: i64, input: &TemplateInput) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE templates SET name = ?, category = ?, subject = ?, body = ?, updated_at = ? WHERE id = ?")
            .bind(&input.name)
            .bind(&input.category)
            .bind(&input.subject)
            .bind(&input.body)
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(|e| unique_violation(e, || format!("A template named \"{}\" in this workspace", input.name)))?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_template(&self, id: i64) -> Result<TemplateDeletion, StoreError> {
        let mut tx = self.begin().await?;
        let Some((workspace_id, name)) = sqlx::query_as::<_, (i64, String)>("SELECT workspace_id, name FROM templates WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(TemplateDeletion::NotFound);
        };
        let campaigns: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT c.name FROM sequence_steps s JOIN campaigns c ON c.id = s.campaign_id WHERE s.template_id = ? ORDER BY c.name",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        if !campaigns.is_empty() {
            return Ok(TemplateDeletion::InUse { campaigns });
        }
        sqlx::query("DELETE FROM templates WHERE id = ?").bind(id).execute(&mut *tx).await?;
        self.audit_tx(&mut tx, Some(workspace_id), Actor::User, "template.delete", Some(&name), json!({ "template_id": id })).await?;
        tx.commit().await?;
        Ok(TemplateDeletion::Deleted)
    }
}
