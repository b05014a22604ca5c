//! What is known about each lead's role and company, written offline by rules or by a model.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use ts_rs::TS;

use sqlx::{QueryBuilder, Sqlite};

use super::{Store, StoreError, Tx};

/// Rows of one multi-row upsert: 12 values each.
const ENRICHMENTS_PER_STATEMENT: usize = 200;
use crate::compose::enrich_rules::EnrichmentFields;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EnrichmentMode {
    Offline,
    Ai,
}

impl EnrichmentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrichmentMode::Offline => "offline",
            EnrichmentMode::Ai => "ai",
        }
    }
}

/// A lead's enrichment and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Enrichment {
    pub lead_id: i64,
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: EnrichmentFields,
    pub mode: EnrichmentMode,
    /// The provider and model of an AI enrichment.
    pub model: Option<String>,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Enrichment {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let pains: String = row.try_get("pain_points")?;
        let triggers: String = row.try_get("buying_triggers")?;
        let mode: String = row.try_get("mode")?;
        Ok(Enrichment {
            lead_id: row.try_get("lead_id")?,
            fields: EnrichmentFields {
                persona: row.try_get("persona")?,
                company_size: row.try_get("company_size")?,
                industry: row.try_get("industry")?,
                pain_points: serde_json::from_str(&pains).unwrap_or_default(),
                buying_triggers: serde_json::from_str(&triggers).unwrap_or_default(),
                confidence: row.try_get("confidence")?,
            },
            mode: if mode == "ai" { EnrichmentMode::Ai } else { EnrichmentMode::Offline },
            model: row.try_get("model")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

impl Store {
    pub async fn get_enrichment(&self, lead_id: i64) -> Result<Option<Enrichment>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM enrichments WHERE lead_id = ?").bind(lead_id).fetch_optional(&self.pool).await?)
    }

    /// The enrichments of these leads, in no particular order.
    pub async fn enrichments_of(&self, lead_ids: &[i64]) -> Result<Vec<Enrichment>, StoreError> {
        if lead_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(lead_ids).unwrap_or_default();
        Ok(sqlx::query_as("SELECT * FROM enrichments WHERE lead_id IN (SELECT value FROM json_each(?))")
            .bind(ids)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Writes a lead's enrichment, replacing an earlier one, and moves its enrollments that had not got so far
    /// to `enriched`.
    pub async fn save_enrichment_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        lead_id: i64,
        fields: &EnrichmentFields,
        mode: EnrichmentMode,
        model: Option<&str>,
    ) -> Result<(), StoreError> {
        self.save_enrichments_tx(tx, workspace_id, &[(lead_id, fields)], mode, model).await
    }

    /// Writes many leads' enrichments in a few statements (one per row would cost a round trip to the
    /// database thread each), and moves their enrollments that had not got so far to `enriched`.
    pub async fn save_enrichments_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        enrichments: &[(i64, &EnrichmentFields)],
        mode: EnrichmentMode,
        model: Option<&str>,
    ) -> Result<(), StoreError> {
        let at = self.now();
        for chunk in enrichments.chunks(ENRICHMENTS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO enrichments (lead_id, workspace_id, persona, company_size, industry, pain_points, buying_triggers, confidence,
                    mode, model, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut row, (lead_id, f)| {
                row.push_bind(*lead_id)
                    .push_bind(workspace_id)
                    .push_bind(f.persona.clone())
                    .push_bind(f.company_size.clone())
                    .push_bind(f.industry.clone())
                    .push_bind(serde_json::to_string(&f.pain_points).unwrap_or_else(|_| "[]".into()))
                    .push_bind(serde_json::to_string(&f.buying_triggers).unwrap_or_else(|_| "[]".into()))
                    .push_bind(f.confidence.clamp(0.0, 1.0))
                    .push_bind(mode.as_str())
                    .push_bind(model.map(str::to_string))
                    .push_bind(at.clone())
                    .push_bind(at.clone());
            });
            q.push(
                " ON CONFLICT (lead_id) DO UPDATE SET persona = excluded.persona, company_size = excluded.company_size,
                    industry = excluded.industry, pain_points = excluded.pain_points, buying_triggers = excluded.buying_triggers,
                    confidence = excluded.confidence, mode = excluded.mode, model = excluded.model, updated_at = excluded.updated_at",
            );
            q.build().execute(&mut **tx).await?;
            let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
            sqlx::query(
                "UPDATE campaign_leads SET stage = 'enriched', updated_at = ?
                 WHERE lead_id IN (SELECT value FROM json_each(?)) AND stage = 'enrolled'",
            )
            .bind(&at)
            .bind(serde_json::to_string(&ids).unwrap_or_default())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// The enrolled leads of a campaign (not stopped) that `mode` would enrich: offline, those with no
    /// enrichment; with AI, those without an AI one (an offline enrichment is a guess a model improves on).
    /// Every enrolled lead when `all`.
    pub async fn leads_to_enrich(&self, campaign_id: i64, all: bool, mode: EnrichmentMode) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT cl.lead_id FROM campaign_leads cl
             WHERE cl.campaign_id = ?1 AND cl.stage <> 'stopped'
               AND (?2 OR NOT EXISTS (SELECT 1 FROM enrichments e WHERE e.lead_id = cl.lead_id AND (e.mode = 'ai' OR ?3 = 'offline')))
             ORDER BY cl.lead_id",
        )
        .bind(campaign_id)
        .bind(all)
        .bind(mode.as_str())
        .fetch_all(&self.pool)
        .await?)
    }

    /// A page of the ids of a campaign's enrolled leads that are not stopped, after `after`.
    pub async fn enrolled_lead_ids(&self, campaign_id: i64, after: i64, limit: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT lead_id FROM campaign_leads WHERE campaign_id = ? AND lead_id > ? AND stage <> 'stopped' ORDER BY lead_id LIMIT ?",
        )
        .bind(campaign_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
