//! Enrollments: a lead's progress in a campaign (`campaign_leads`), and the facts about the person that end
//! it in every campaign at once.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use ts_rs::TS;

use super::leads::{push_filter, push_ids, LeadFilter};
use super::{Store, StoreError, Tx};

/// Where a lead stands in one campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EnrollmentStage {
    Enrolled,
    Enriched,
    Drafted,
    Approved,
    Scheduled,
    Sent,
    Replied,
    Stopped,
}

impl EnrollmentStage {
    pub const ALL: [EnrollmentStage; 8] = [
        EnrollmentStage::Enrolled,
        EnrollmentStage::Enriched,
        EnrollmentStage::Drafted,
        EnrollmentStage::Approved,
        EnrollmentStage::Scheduled,
        EnrollmentStage::Sent,
        EnrollmentStage::Replied,
        EnrollmentStage::Stopped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentStage::Enrolled => "enrolled",
            EnrollmentStage::Enriched => "enriched",
            EnrollmentStage::Drafted => "drafted",
            EnrollmentStage::Approved => "approved",
            EnrollmentStage::Scheduled => "scheduled",
            EnrollmentStage::Sent => "sent",
            EnrollmentStage::Replied => "replied",
            EnrollmentStage::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        EnrollmentStage::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Why an enrollment stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StopReason {
    Bounced,
    Unsubscribed,
    RepliedElsewhere,
    Removed,
    Failed,
}

impl StopReason {
    pub const ALL: [StopReason; 5] =
        [StopReason::Bounced, StopReason::Unsubscribed, StopReason::RepliedElsewhere, StopReason::Removed, StopReason::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            StopReason::Bounced => "bounced",
            StopReason::Unsubscribed => "unsubscribed",
            StopReason::RepliedElsewhere => "replied_elsewhere",
            StopReason::Removed => "removed",
            StopReason::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        StopReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A lead in a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Enrollment {
    pub campaign_id: i64,
    pub campaign_name: String,
    pub lead_id: i64,
    pub stage: EnrollmentStage,
    pub stop_reason: Option<StopReason>,
    /// The current step of the campaign's sequence.
    pub step: i64,
    pub variant: Option<String>,
    pub next_due_at: Option<String>,
    pub enrolled_at: String,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Enrollment {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let stage: String = row.try_get("stage")?;
        let reason: Option<String> = row.try_get("stop_reason")?;
        Ok(Enrollment {
            campaign_id: row.try_get("campaign_id")?,
            campaign_name: row.try_get("campaign_name")?,
            lead_id: row.try_get("lead_id")?,
            stage: EnrollmentStage::parse(&stage).unwrap_or(EnrollmentStage::Enrolled),
            stop_reason: reason.as_deref().and_then(StopReason::parse),
            step: row.try_get("step")?,
            variant: row.try_get("variant")?,
            next_due_at: row.try_get("next_due_at")?,
            enrolled_at: row.try_get("enrolled_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// A fact about a person that holds in every campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PersonFact {
    /// Mail to the address bounced for good: every campaign stops with `bounced`.
    HardBounced,
    /// The person asked to hear no more: every campaign stops with `unsubscribed`.
    Unsubscribed,
    /// The person is on the suppression list. Their enrollments keep their stage: the send gate holds every
    /// mail to a suppressed person, and lifting the suppression lets the campaigns go on.
    Suppressed,
    /// The person replied in `campaign_id`: that enrollment is `replied`, every other stops with `replied_elsewhere`.
    Replied { campaign_id: i64 },
}

/// An enrollment that has not ended: stopped and replied ones are over.
const ACTIVE: &str = "stage <> 'stopped' AND stage <> 'replied'";

impl Store {
    /// Enrolls the given leads of the campaign's workspace in it; leads already in it are left as they are.
    /// Returns how many were enrolled now.
    pub async fn enroll_leads_tx(&self, tx: &mut Tx<'_>, campaign_id: i64, lead_ids: &[i64]) -> Result<u64, StoreError> {
        let at = self.now();
        let mut enrolled = 0;
        for chunk in lead_ids.chunks(5000) {
            let mut qb = QueryBuilder::<Sqlite>::new(
                "INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, enrolled_at, updated_at) SELECT c.id, l.id, l.workspace_id, ",
            );
            qb.push_bind(&at).push(", ").push_bind(&at);
            qb.push(" FROM campaigns c JOIN leads l ON l.workspace_id = c.workspace_id WHERE c.id = ").push_bind(campaign_id);
            qb.push(" AND l.id IN (");
            let mut sep = qb.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            qb.push(") ON CONFLICT DO NOTHING");
            enrolled += qb.build().persistent(false).execute(&mut **tx).await?.rows_affected();
        }
        Ok(enrolled)
    }

    pub async fn enroll_leads(&self, campaign_id: i64, lead_ids: &[i64]) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let enrolled = self.enroll_leads_tx(&mut tx, campaign_id, lead_ids).await?;
        tx.commit().await?;
        Ok(enrolled)
    }

    /// Enrolls the leads with ids `first..=last` (the run an insert just wrote) in the campaign, in one statement.
    pub async fn enroll_lead_run_tx(&self, tx: &mut Tx<'_>, campaign_id: i64, (first, last): (i64, i64)) -> Result<u64, StoreError> {
        let at = self.now();
        Ok(sqlx::query(
            "INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, enrolled_at, updated_at)
             SELECT ?1, id, workspace_id, ?2, ?2 FROM leads WHERE id BETWEEN ?3 AND ?4 ON CONFLICT DO NOTHING",
        )
        .bind(campaign_id)
        .bind(&at)
        .bind(first)
        .bind(last)
        .execute(&mut **tx)
        .await?
        .rows_affected())
    }

    /// Enrolls every lead the filter matches (or the selected ones, less `exclude`) in the campaign, which
    /// must be of the filter's workspace. Returns how many were not in it before.
    pub async fn enroll_matching(
        &self,
        filter: &LeadFilter,
        ids: Option<&[i64]>,
        exclude: &[i64],
        campaign_id: i64,
    ) -> Result<u64, StoreError> {
        self.index_search_for(filter).await?;
        let at = self.now();
        let mut qb =
            QueryBuilder::<Sqlite>::new("INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, enrolled_at, updated_at) SELECT ");
        qb.push_bind(campaign_id).push(", l.id, l.workspace_id, ").push_bind(&at).push(", ").push_bind(&at);
        push_filter(&mut qb, filter);
        push_ids(&mut qb, ids, exclude);
        qb.push(" AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = ")
            .push_bind(campaign_id)
            .push(" AND c.workspace_id = l.workspace_id)");
        qb.push(" ON CONFLICT DO NOTHING");
        Ok(qb.build().execute(&self.pool).await?.rows_affected())
    }

    /// Takes the matching leads out of the campaign. The enrollments are deleted rather than stopped with
    /// `removed`: "remove from campaign" takes a lead off the campaign's list, and nothing has been sent to
    /// anyone yet that an enrollment would need to keep a record of. Returns how many were in it.
    pub async fn remove_matching(
        &self,
        filter: &LeadFilter,
        ids: Option<&[i64]>,
        exclude: &[i64],
        campaign_id: i64,
    ) -> Result<u64, StoreError> {
        self.index_search_for(filter).await?;
        let mut qb = QueryBuilder::<Sqlite>::new("DELETE FROM campaign_leads WHERE campaign_id = ");
        qb.push_bind(campaign_id).push(" AND lead_id IN (SELECT l.id");
        push_filter(&mut qb, filter);
        push_ids(&mut qb, ids, exclude);
        qb.push(")");
        Ok(qb.build().execute(&self.pool).await?.rows_affected())
    }

    /// The campaigns a lead is in, oldest enrollment first.
    pub async fn list_lead_enrollments(&self, lead_id: i64) -> Result<Vec<Enrollment>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT cl.*, c.name AS campaign_name FROM campaign_leads cl JOIN campaigns c ON c.id = cl.campaign_id
             WHERE cl.lead_id = ? ORDER BY cl.enrolled_at, cl.campaign_id",
        )
        .bind(lead_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn count_enrollments(&self, campaign_id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM campaign_leads WHERE campaign_id = ?").bind(campaign_id).fetch_one(&self.pool).await?)
    }

    /// Stops one enrollment for `reason` (a bounce in that campaign), unless it already ended.
    pub async fn stop_enrollment_tx(&self, tx: &mut Tx<'_>, campaign_id: i64, lead_id: i64, reason: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE campaign_leads SET stage = 'stopped', stop_reason = ?, next_due_at = NULL, updated_at = ?
             WHERE campaign_id = ? AND lead_id = ? AND stage <> 'stopped' AND stage <> 'replied'",
        )
        .bind(reason)
        .bind(self.now())
        .bind(campaign_id)
        .bind(lead_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Records a fact about the person and ends their enrollments as it requires, in one transaction.
    /// Returns how many enrollments it stopped; `None` when there is no such lead.
    pub async fn mark_person_fact(&self, lead_id: i64, fact: PersonFact) -> Result<Option<u64>, StoreError> {
        let mut tx = self.begin().await?;
        let stopped = self.mark_person_fact_tx(&mut tx, lead_id, fact).await?;
        tx.commit().await?;
        Ok(stopped)
    }

    pub async fn mark_person_fact_tx(&self, tx: &mut Tx<'_>, lead_id: i64, fact: PersonFact) -> Result<Option<u64>, StoreError> {
        let at = self.now();
        let column = match fact {
            PersonFact::HardBounced => "hard_bounced_at",
            PersonFact::Unsubscribed => "unsubscribed_at",
            PersonFact::Suppressed => "suppressed_at",
            PersonFact::Replied { .. } => "replied_at",
        };
        // The first time a fact became true is kept: a second bounce does not move it.
        let marked =
            sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE leads SET {column} = coalesce({column}, ?1), updated_at = ?1 WHERE id = ?2")))
                .bind(&at)
                .bind(lead_id)
                .execute(&mut **tx)
                .await?;
        if marked.rows_affected() == 0 {
            return Ok(None);
        }
        let stop = |reason: StopReason, except: Option<i64>| {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE campaign_leads SET stage = 'stopped', stop_reason = ?1, next_due_at = NULL, updated_at = ?2
                 WHERE lead_id = ?3 AND campaign_id IS NOT ?4 AND {ACTIVE}"
            )))
            .bind(reason.as_str())
            .bind(at.clone())
            .bind(lead_id)
            .bind(except)
        };
        let stopped = match fact {
            PersonFact::HardBounced => stop(StopReason::Bounced, None).execute(&mut **tx).await?.rows_affected(),
            PersonFact::Unsubscribed => stop(StopReason::Unsubscribed, None).execute(&mut **tx).await?.rows_affected(),
            PersonFact::Suppressed => 0,
            PersonFact::Replied { campaign_id } => {
                sqlx::query(
                    "UPDATE campaign_leads SET stage = 'replied', stop_reason = NULL, next_due_at = NULL, updated_at = ?1
                     WHERE lead_id = ?2 AND campaign_id = ?3",
                )
                .bind(&at)
                .bind(lead_id)
                .bind(campaign_id)
                .execute(&mut **tx)
                .await?;
                stop(StopReason::RepliedElsewhere, Some(campaign_id)).execute(&mut **tx).await?.rows_affected()
            }
        };
        Ok(Some(stopped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_reasons_read_back_as_written() {
        for stage in EnrollmentStage::ALL {
            assert_eq!(EnrollmentStage::parse(stage.as_str()), Some(stage));
        }
        for reason in StopReason::ALL {
            assert_eq!(StopReason::parse(reason.as_str()), Some(reason));
        }
    }
}
