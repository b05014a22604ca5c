use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::AssertSqlSafe;
use sqlx::Row;
use ts_rs::TS;

use super::audit::Actor;
use super::{unique_violation, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CampaignKind {
    ColdEmail,
    Backlink,
}

impl CampaignKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignKind::ColdEmail => "cold_email",
            CampaignKind::Backlink => "backlink",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cold_email" => Some(CampaignKind::ColdEmail),
            "backlink" => Some(CampaignKind::Backlink),
            _ => None,
        }
    }
}

/// What the consultant sells in this campaign; every draft is written from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceContext {
    pub core_offer: String,
    pub key_differentiator: String,
    pub call_to_action: String,
    pub timeline: String,
    pub goal: String,
    pub fallback_action: String,
}

/// Whether a campaign sends its approved mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CampaignSending {
    /// Not launched yet: nothing is queued.
    NotStarted,
    Running,
    /// Paused by the user or on its own; `sending_note` says why.
    Paused,
}

impl CampaignSending {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignSending::NotStarted => "not_started",
            CampaignSending::Running => "running",
            CampaignSending::Paused => "paused",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "running" => CampaignSending::Running,
            "paused" => CampaignSending::Paused,
            _ => CampaignSending::NotStarted,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Campaign {
    pub id: i64,
    pub workspace_id: i64,
    pub name: String,
    pub kind: CampaignKind,
    pub keywords: Vec<String>,
    pub description: String,
    pub context: ServiceContext,
    pub archived: bool,
    pub lead_count: i64,
    pub sending: CampaignSending,
    /// Why it paused, or when it was launched.
    pub sending_note: Option<String>,
    pub launched_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The editable fields of a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignInput {
    pub name: String,
    pub kind: CampaignKind,
    pub keywords: Vec<String>,
    pub description: String,
    pub context: ServiceContext,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Campaign {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let kind: String = row.try_get("kind")?;
        let keywords: String = row.try_get("keywords")?;
        Ok(Campaign {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            name: row.try_get("name")?,
            kind: CampaignKind::parse(&kind).unwrap_or(CampaignKind::ColdEmail),
            keywords: serde_json::from_str(&keywords).unwrap_or_default(),
            description: row.try_get("description")?,
            context: ServiceContext {
                core_offer: row.try_get("core_offer")?,
                key_differentiator: row.try_get("key_differentiator")?,
                call_to_action: row.try_get("call_to_action")?,
                timeline: row.try_get("timeline")?,
                goal: row.try_get("goal")?,
                fallback_action: row.try_get("fallback_action")?,
            },
            archived: row.try_get::<i64, _>("archived")? != 0,
            lead_count: row.try_get("lead_count")?,
            sending: CampaignSending::parse(&row.try_get::<String, _>("sending")?),
            sending_note: row.try_get("sending_note")?,
            launched_at: row.try_get("launched_at")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

const SELECT: &str = "SELECT c.*, (SELECT COUNT(*) FROM campaign_leads cl WHERE cl.campaign_id = c.id) AS lead_count FROM campaigns c";

impl Store {
    pub async fn list_campaigns(&self, workspace_id: i64, include_archived: bool) -> Result<Vec<Campaign>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!(
            "{SELECT} WHERE c.workspace_id = ? AND (? OR c.archived = 0) ORDER BY c.archived, c.name COLLATE NOCASE"
        )))
        .bind(workspace_id)
        .bind(include_archived)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn get_campaign(&self, id: i64) -> Result<Option<Campaign>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE c.id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn find_campaign_by_name(&self, workspace_id: i64, name: &str) -> Result<Option<Campaign>, StoreError> {
        Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE c.workspace_id = ? AND c.name = ? COLLATE NOCASE")))
            .bind(workspace_id)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn insert_campaign(&self, workspace_id: i64, input: &CampaignInput) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let at = self.now();
        let ctx = &input.context;
        let id = sqlx::query(
            "INSERT INTO campaigns (workspace_id, name, kind, keywords, description, core_offer, key_differentiator,
                call_to_action, timeline, goal, fallback_action, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(workspace_id)
        .bind(&input.name)
        .bind(input.kind.as_str())
        .bind(serde_json::to_string(&input.keywords).unwrap_or_else(|_| "[]".into()))
        .bind(&input.description)
        .bind(&ctx.core_offer)
        .bind(&ctx.key_differentiator)
        .bind(&ctx.call_to_action)
        .bind(&ctx.timeline)
        .bind(&ctx.goal)
        .bind(&ctx.fallback_action)
        .bind(&at)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_violation(e, || format!("A campaign named \"{}\" in this workspace", input.name)))?
        .last_insert_rowid();
        self.audit_tx(&mut tx, Some(workspace_id), Actor::User, "campaign.create", Some(&input.name), json!({ "campaign_id": id })).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_campaign(&self, id: i64, input: &CampaignInput) -> Result<bool, StoreError> {
        let ctx = &input.context;
        let done = sqlx::query(
            "UPDATE campaigns SET name = ?, kind = ?, keywords = ?, description = ?, core_offer = ?, key_differentiator = ?,
                call_to_action = ?, timeline = ?, goal = ?, fallback_action = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&input.name)
        .bind(input.kind.as_str())
        .bind(serde_json::to_string(&input.keywords).unwrap_or_else(|_| "[]".into()))
        .bind(&input.description)
        .bind(&ctx.core_offer)
        .bind(&ctx.key_differentiator)
        .bind(&ctx.call_to_action)
        .bind(&ctx.timeline)
        .bind(&ctx.goal)
        .bind(&ctx.fallback_action)
        .bind(self.now())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(|e| unique_violation(e, || format!("A campaign named \"{}\" in this workspace", input.name)))?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn set_campaign_archived(&self, id: i64, archived: bool) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE campaigns SET archived = ?, updated_at = ? WHERE id = ?")
            .bind(archived)
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes a campaign and its enrollments (its leads stay in the workspace), unless an import that has not ended is adding leads
    /// to it: checked under the write lock, so no import batch can slip in between.
    pub async fn delete_campaign(&self, id: i64) -> Result<CampaignDeletion, StoreError> {
        let mut tx = self.begin().await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT workspace_id, name FROM campaigns WHERE id = ?").bind(id).fetch_optional(&mut *tx).await?;
        let Some((workspace_id, name)) = row else { return Ok(CampaignDeletion::NotFound) };
        let filling: Option<String> = sqlx::query_scalar(
            "SELECT i.file_name FROM imports i JOIN jobs j ON j.id = i.job_id
             WHERE i.campaign_id = ? AND j.status IN ('queued', 'running', 'paused') LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(file_name) = filling {
            return Ok(CampaignDeletion::ImportRunning { file_name });
        }
        sqlx::query("DELETE FROM campaigns WHERE id = ?").bind(id).execute(&mut *tx).await?;
        self.audit_tx(&mut tx, Some(workspace_id), Actor::User, "campaign.delete", Some(&name), json!({ "campaign_id": id })).await?;
        tx.commit().await?;
        Ok(CampaignDeletion::Deleted)
    }
}

/// What became of a request to delete a campaign.
#[derive(Debug, PartialEq)]
pub enum CampaignDeletion {
    Deleted,
    NotFound,
    /// An import that has not ended is adding leads to the campaign.
    ImportRunning {
        file_name: String,
    },
}

impl Store {
    /// Sets whether the campaign sends, and why; launching stamps the first launch.
    pub async fn set_campaign_sending(&self, id: i64, sending: CampaignSending, note: Option<&str>) -> Result<bool, StoreError> {
        let at = self.now();
        let done = sqlx::query(
            "UPDATE campaigns SET sending = ?, sending_note = ?, updated_at = ?,
                launched_at = CASE WHEN ? = 'running' THEN coalesce(launched_at, ?) ELSE launched_at END
             WHERE id = ?",
        )
        .bind(sending.as_str())
        .bind(note)
        .bind(&at)
        .bind(sending.as_str())
        .bind(&at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}
