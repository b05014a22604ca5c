//! Drafts: the current version of each lead's step in a campaign, its review status and QC, and the versions
//! it replaced.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use ts_rs::TS;

use super::{Store, StoreError, Tx};
use crate::compose::qc::{Channel, QcCheck, QcLevel, QcResult};
use crate::review::state::ReviewStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Generator {
    Template,
    Ai,
}

impl Generator {
    pub fn as_str(self) -> &'static str {
        match self {
            Generator::Template => "template",
            Generator::Ai => "ai",
        }
    }
}

/// A message to one lead, waiting for (or past) review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Draft {
    pub id: i64,
    pub workspace_id: i64,
    pub campaign_id: i64,
    pub lead_id: i64,
    pub lead_email: Option<String>,
    pub lead_name: String,
    pub company: Option<String>,
    pub step: i64,
    pub variant: String,
    pub channel: Channel,
    pub version: i64,
    pub subject: String,
    pub body: String,
    pub generator: Generator,
    /// Written with no network, from a template and offline enrichment.
    pub offline: bool,
    pub model: Option<String>,
    /// The spintax choices it was rendered with.
    #[serde(skip)]
    #[ts(skip)]
    pub spin_path: Option<String>,
    /// The text as first written, when a person has edited it since.
    pub original_subject: Option<String>,
    pub original_body: Option<String>,
    pub status: ReviewStatus,
    pub review_note: Option<String>,
    pub qc: Vec<QcResult>,
    pub qc_errors: i64,
    pub qc_warnings: i64,
    pub created_at: String,
    pub updated_at: String,
    pub reviewed_at: Option<String>,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Draft {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let channel: String = row.try_get("channel")?;
        let generator: String = row.try_get("generator")?;
        let status: String = row.try_get("status")?;
        let qc: String = row.try_get("qc")?;
        let first: Option<String> = row.try_get("first_name")?;
        let last: Option<String> = row.try_get("last_name")?;
        let lead_name = [first, last].into_iter().flatten().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(" ");
        Ok(Draft {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            campaign_id: row.try_get("campaign_id")?,
            lead_id: row.try_get("lead_id")?,
            lead_email: row.try_get("email")?,
            lead_name,
            company: row.try_get("company")?,
            step: row.try_get("step")?,
            variant: row.try_get("variant")?,
            channel: Channel::parse(&channel).unwrap_or(Channel::Email),
            version: row.try_get("version")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            generator: if generator == "ai" { Generator::Ai } else { Generator::Template },
            offline: row.try_get::<i64, _>("offline")? != 0,
            model: row.try_get("model")?,
            spin_path: row.try_get("spin_path")?,
            original_subject: row.try_get("original_subject")?,
            original_body: row.try_get("original_body")?,
            status: ReviewStatus::parse(&status).ok_or_else(|| sqlx::Error::Decode(format!("unknown review status {status}").into()))?,
            review_note: row.try_get("review_note")?,
            qc: serde_json::from_str(&qc).unwrap_or_default(),
            qc_errors: row.try_get("qc_errors")?,
            qc_warnings: row.try_get("qc_warnings")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            reviewed_at: row.try_get("reviewed_at")?,
        })
    }
}

/// An earlier version of a draft, replaced by a regeneration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct DraftVersion {
    pub version: i64,
    pub subject: String,
    pub body: String,
    pub generator: String,
    pub model: Option<String>,
    /// What the reviewer asked for when this version was replaced.
    pub instruction: Option<String>,
    pub status: String,
    pub review_note: Option<String>,
    pub created_at: String,
}

/// A draft as the drafting pipeline wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDraft {
    pub workspace_id: i64,
    pub campaign_id: i64,
    pub lead_id: i64,
    pub step: i64,
    pub variant: String,
    pub channel: Channel,
    pub subject: String,
    pub body: String,
    pub generator: Generator,
    pub offline: bool,
    pub model: Option<String>,
    pub spin_path: Option<String>,
    pub qc: Vec<QcResult>,
}

pub(crate) fn qc_json(qc: &[QcResult]) -> (String, i64, i64) {
    let errors = qc.iter().filter(|r| r.level == QcLevel::Error).count() as i64;
    (serde_json::to_string(qc).unwrap_or_else(|_| "[]".into()), errors, qc.len() as i64 - errors)
}

/// Rows of one multi-row insert: 17 values each, far under SQLite's limit on bound values.
const DRAFTS_PER_STATEMENT: usize = 200;

pub(super) const SELECT: &str = "SELECT d.*, l.email, l.first_name, l.last_name, l.company FROM drafts d JOIN leads l ON l.id = d.lead_id";

impl Store {
    pub async fn get_draft(&self, id: i64) -> Result<Option<Draft>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE d.id = ?"))).bind(id).fetch_optional(&self.pool).await?)
    }

    pub async fn get_draft_tx(&self, tx: &mut Tx<'_>, id: i64) -> Result<Option<Draft>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE d.id = ?"))).bind(id).fetch_optional(&mut **tx).await?)
    }

    /// The current drafts of these leads in a campaign, every step.
    pub async fn drafts_of_leads(&self, campaign_id: i64, lead_ids: &[i64]) -> Result<Vec<Draft>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE d.campaign_id = ? AND d.lead_id IN (SELECT value FROM json_each(?))"
        )))
        .bind(campaign_id)
        .bind(serde_json::to_string(lead_ids).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?)
    }

    /// (lead, step) of every enrolled lead that is not stopped and has no draft of a step of the sequence (or of
    /// `step` alone), step by step in lead order.
    pub async fn missing_drafts(&self, campaign_id: i64, step: Option<i64>) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT cl.lead_id, s.step FROM (SELECT DISTINCT step FROM sequence_steps WHERE campaign_id = ?1 AND (?2 IS NULL OR step = ?2)) s
             JOIN campaign_leads cl ON cl.campaign_id = ?1 AND cl.stage <> 'stopped'
             WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.campaign_id = ?1 AND d.lead_id = cl.lead_id AND d.step = s.step)
             ORDER BY s.step, cl.lead_id",
        )
        .bind(campaign_id)
        .bind(step)
        .fetch_all(&self.pool)
        .await?)
    }

    /// (lead, step) of every draft a reviewer sent back for regeneration.
    pub async fn drafts_to_regenerate(&self, campaign_id: i64, step: Option<i64>) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT lead_id, step FROM drafts WHERE campaign_id = ?1 AND status = 'needs_regeneration' AND (?2 IS NULL OR step = ?2)
             ORDER BY step, lead_id",
        )
        .bind(campaign_id)
        .bind(step)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Writes new drafts; a lead that already has a draft of the step keeps it (drafting again never duplicates).
    /// Returns how many were written. The enrollments of the leads drafted for step 1 move to `drafted`, with
    /// the variant they were given.
    ///
    /// A few statements per batch rather than per draft: each statement is a round trip to the database
    /// thread, and at one per row the drafting job spent most of its time switching threads.
    pub async fn insert_drafts_tx(&self, tx: &mut Tx<'_>, drafts: &[NewDraft]) -> Result<u64, StoreError> {
        let at = self.now();
        let mut written = 0;
        for chunk in drafts.chunks(DRAFTS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO drafts (workspace_id, campaign_id, lead_id, step, variant, channel, subject, body, generator, offline, model,
                    spin_path, qc, qc_errors, qc_warnings, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut row, d| {
                let (qc, errors, warnings) = qc_json(&d.qc);
                row.push_bind(d.workspace_id)
                    .push_bind(d.campaign_id)
                    .push_bind(d.lead_id)
                    .push_bind(d.step)
                    .push_bind(d.variant.clone())
                    .push_bind(d.channel.as_str())
                    .push_bind(d.subject.clone())
                    .push_bind(d.body.clone())
                    .push_bind(d.generator.as_str())
                    .push_bind(d.offline)
                    .push_bind(d.model.clone())
                    .push_bind(d.spin_path.clone())
                    .push_bind(qc)
                    .push_bind(errors)
                    .push_bind(warnings)
                    .push_bind(at.clone())
                    .push_bind(at.clone());
            });
            q.push(" ON CONFLICT (campaign_id, lead_id, step) DO NOTHING RETURNING campaign_id, lead_id, step, variant");
            let inserted: Vec<(i64, i64, i64, String)> = q.build_query_as().fetch_all(&mut **tx).await?;
            written += inserted.len() as u64;
            // The first step's variant, by campaign and lead, for the enrollments that move to `drafted`.
            let mut firsts: std::collections::BTreeMap<i64, serde_json::Map<String, serde_json::Value>> = Default::default();
            for (campaign_id, lead_id, step, variant) in inserted {
                if step == 1 {
                    firsts.entry(campaign_id).or_default().insert(lead_id.to_string(), variant.into());
                }
            }
            for (campaign_id, variants) in firsts {
                sqlx::query(
                    "UPDATE campaign_leads SET stage = 'drafted', variant = json_extract(?1, '$.\"' || lead_id || '\"'), updated_at = ?2
                     WHERE campaign_id = ?3 AND lead_id IN (SELECT CAST(key AS INTEGER) FROM json_each(?1))
                       AND stage IN ('enrolled', 'enriched')",
                )
                .bind(serde_json::Value::Object(variants).to_string())
                .bind(&at)
                .bind(campaign_id)
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(written)
    }

    /// Replaces a draft's text with a new version: the current one moves to the history with the reviewer's
    /// instruction, and the draft becomes `status` (regenerated) with fresh QC.
    pub async fn replace_draft_version_tx(
        &self,
        tx: &mut Tx<'_>,
        id: i64,
        next: &NewDraft,
        instruction: Option<&str>,
        status: ReviewStatus,
    ) -> Result<(), StoreError> {
        let at = self.now();
        sqlx::query(
            "INSERT INTO draft_versions (draft_id, version, subject, body, generator, model, instruction, status, review_note, qc, created_at)
             SELECT id, version, subject, body, generator, model, ?, status, review_note, qc, updated_at FROM drafts WHERE id = ?",
        )
        .bind(instruction)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        let (qc, errors, warnings) = qc_json(&next.qc);
        sqlx::query(
            "UPDATE drafts SET version = version + 1, subject = ?, body = ?, generator = ?, offline = ?, model = ?, spin_path = ?,
                original_subject = NULL, original_body = NULL, status = ?, review_note = NULL, qc = ?, qc_errors = ?, qc_warnings = ?,
                updated_at = ?
             WHERE id = ?",
        )
        .bind(&next.subject)
        .bind(&next.body)
        .bind(next.generator.as_str())
        .bind(next.offline)
        .bind(&next.model)
        .bind(&next.spin_path)
        .bind(status.as_str())
        .bind(qc)
        .bind(errors)
        .bind(warnings)
        .bind(&at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A person's edit: the text as first written is kept once, QC is the edited text's.
    pub async fn edit_draft_tx(
        &self,
        tx: &mut Tx<'_>,
        id: i64,
        subject: &str,
        body: &str,
        qc: &[QcResult],
        status: ReviewStatus,
    ) -> Result<(), StoreError> {
        let (qc, errors, warnings) = qc_json(qc);
        sqlx::query(
            "UPDATE drafts SET original_subject = COALESCE(original_subject, subject), original_body = COALESCE(original_body, body),
                subject = ?, body = ?, qc = ?, qc_errors = ?, qc_warnings = ?, status = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(subject)
        .bind(body)
        .bind(qc)
        .bind(errors)
        .bind(warnings)
        .bind(status.as_str())
        .bind(self.now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Sets a draft's review status and note, and keeps the enrollment's stage in step: approving step 1 makes
    /// the lead `approved` in the campaign; taking that back returns it to `drafted`.
    pub async fn set_draft_status_tx(
        &self,
        tx: &mut Tx<'_>,
        draft: &Draft,
        status: ReviewStatus,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let at = self.now();
        sqlx::query("UPDATE drafts SET status = ?, review_note = COALESCE(?, review_note), reviewed_at = ?, updated_at = ? WHERE id = ?")
            .bind(status.as_str())
            .bind(note)
            .bind(&at)
            .bind(&at)
            .bind(draft.id)
            .execute(&mut **tx)
            .await?;
        if draft.step == 1 {
            let (to, from) = if status == ReviewStatus::Approved { ("approved", "drafted") } else { ("drafted", "approved") };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE campaign_leads SET stage = '{to}', updated_at = ? WHERE campaign_id = ? AND lead_id = ? AND stage = '{from}'"
            )))
            .bind(&at)
            .bind(draft.campaign_id)
            .bind(draft.lead_id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Why no mail may go to this lead any more, if that is so: a fact about the person, or its enrollment
    /// in the draft's campaign stopped.
    pub async fn lead_stop_fact(&self, campaign_id: i64, lead_id: i64) -> Result<Option<String>, StoreError> {
        let reason: Option<Option<String>> =
            sqlx::query_scalar("SELECT stop_reason FROM campaign_leads WHERE campaign_id = ? AND lead_id = ?")
                .bind(campaign_id)
                .bind(lead_id)
                .fetch_optional(&self.pool)
                .await?;
        match reason {
            None => return Ok(Some("the lead is no longer in this campaign".into())),
            Some(Some(why)) => return Ok(Some(format!("the lead's part in this campaign stopped ({})", why.replace('_', " ")))),
            Some(None) => {}
        }
        let row: Option<(Option<String>, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT hard_bounced_at, unsubscribed_at, suppressed_at FROM leads WHERE id = ?")
                .bind(lead_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            None => Some("the lead was deleted".into()),
            Some((Some(at), _, _)) => Some(format!("mail to this person bounced for good ({at})")),
            Some((_, Some(at), _)) => Some(format!("this person unsubscribed ({at})")),
            Some((_, _, Some(at))) => Some(format!("this person is on the suppression list ({at})")),
            _ => None,
        })
    }

    pub async fn draft_versions(&self, id: i64) -> Result<Vec<DraftVersion>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT version, subject, body, generator, model, instruction, status, review_note, created_at
             FROM draft_versions WHERE draft_id = ? ORDER BY version DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The bodies of a campaign's drafts of one step, for the repeated-text check.
    pub async fn step_bodies(&self, campaign_id: i64, step: i64) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT id, body FROM drafts WHERE campaign_id = ? AND step = ? AND status <> 'rejected'")
            .bind(campaign_id)
            .bind(step)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Replaces the repeated-text result of each given draft (adding or removing it), keeping the others. The
    /// changed rows are written a chunk per statement: with a template, every draft of a step may change.
    pub async fn set_repeated_text(
        &self,
        campaign_id: i64,
        step: i64,
        flagged: &std::collections::HashMap<i64, QcResult>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, qc FROM drafts WHERE campaign_id = ? AND step = ?")
            .bind(campaign_id)
            .bind(step)
            .fetch_all(&mut *tx)
            .await?;
        let mut changed: Vec<serde_json::Value> = Vec::new();
        for (id, qc) in rows {
            let mut results: Vec<QcResult> = serde_json::from_str(&qc).unwrap_or_default();
            let before = results.clone();
            results.retain(|r| r.check != QcCheck::RepeatedText);
            if let Some(r) = flagged.get(&id) {
                results.push(r.clone());
            }
            if results != before {
                let (qc, errors, warnings) = qc_json(&results);
                changed.push(serde_json::json!([id, qc, errors, warnings]));
            }
        }
        for chunk in changed.chunks(1000) {
            sqlx::query(
                "UPDATE drafts SET qc = c.value ->> 1, qc_errors = c.value ->> 2, qc_warnings = c.value ->> 3
                 FROM json_each(?) c WHERE drafts.id = c.value ->> 0",
            )
            .bind(serde_json::Value::Array(chunk.to_vec()).to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Approved email drafts of a campaign.
    pub async fn approved_email_drafts(&self, campaign_id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM drafts WHERE campaign_id = ? AND status = 'approved' AND channel = 'email'")
            .bind(campaign_id)
            .fetch_one(&self.pool)
            .await?)
    }
}
