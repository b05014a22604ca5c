use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use ts_rs::TS;

use super::enrollments::{EnrollmentStage, StopReason};
pub use super::lead_batch::{LeadBatch, LeadField};
use super::{Store, StoreError};

/// A person or site to reach out to.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Lead {
    pub id: i64,
    pub workspace_id: i64,
    pub import_id: Option<i64>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub website: Option<String>,
    /// The company's domain: the website's registrable domain, else the address's (unless a free-mail
    /// provider's). Registrable domains are kept in ASCII (punycode).
    pub domain: Option<String>,
    /// The registrable domain of the address, whoever provides its mail.
    pub email_domain: Option<String>,
    /// The registrable domain of the website.
    pub website_domain: Option<String>,
    pub linkedin_url: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    /// Columns of the imported file that map to no lead field, by their header.
    pub custom: BTreeMap<String, String>,
    pub fit_score: Option<i64>,
    pub intent_score: Option<i64>,
    /// When mail to the address bounced for good (a fact in every campaign).
    pub hard_bounced_at: Option<String>,
    /// When the person asked to hear no more.
    pub unsubscribed_at: Option<String>,
    /// When the person was put on the suppression list.
    pub suppressed_at: Option<String>,
    /// When the person first replied, in any campaign.
    pub replied_at: Option<String>,
    /// How many campaigns the lead is in.
    pub campaigns: i64,
    /// The lead's stage in the campaign a list is filtered by; absent otherwise.
    pub stage: Option<EnrollmentStage>,
    /// Why that enrollment stopped, when its stage is `stopped`.
    pub stop_reason: Option<StopReason>,
    pub created_at: String,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Lead {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let custom: String = row.try_get("custom")?;
        let stage: Option<String> = row.try_get("stage")?;
        let stop_reason: Option<String> = row.try_get("stop_reason")?;
        Ok(Lead {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            import_id: row.try_get("import_id")?,
            email: row.try_get("email")?,
            first_name: row.try_get("first_name")?,
            last_name: row.try_get("last_name")?,
            company: row.try_get("company")?,
            title: row.try_get("title")?,
            website: row.try_get("website")?,
            domain: row.try_get("domain")?,
            email_domain: row.try_get("email_domain")?,
            website_domain: row.try_get("website_domain")?,
            linkedin_url: row.try_get("linkedin_url")?,
            country: row.try_get("country")?,
            timezone: row.try_get("timezone")?,
            custom: serde_json::from_str(&custom).unwrap_or_default(),
            fit_score: row.try_get("fit_score")?,
            intent_score: row.try_get("intent_score")?,
            hard_bounced_at: row.try_get("hard_bounced_at")?,
            unsubscribed_at: row.try_get("unsubscribed_at")?,
            suppressed_at: row.try_get("suppressed_at")?,
            replied_at: row.try_get("replied_at")?,
            campaigns: row.try_get("campaigns")?,
            stage: stage.as_deref().and_then(EnrollmentStage::parse),
            stop_reason: stop_reason.as_deref().and_then(StopReason::parse),
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// A lead not written because its workspace already had the dedupe key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedLead {
    /// Its position in the batch.
    pub row: usize,
    /// The lead that has the key came from the same import: the row repeats one earlier in the file.
    pub same_import: bool,
    /// The lead that has the key was already in the workspace and was enrolled in the campaign just now.
    pub enrolled: bool,
}

/// What writing a batch of leads did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InsertedLeads {
    /// The leads not written because their key was taken.
    pub skipped: Vec<SkippedLead>,
    /// The ids given to the leads written, lowest and highest; `None` when every lead was skipped.
    pub ids: Option<(i64, i64)>,
}

/// A validated lead ready to be written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewLead {
    pub dedupe_key: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub website: Option<String>,
    pub domain: Option<String>,
    pub linkedin_url: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    /// JSON object of unmapped columns.
    pub custom: String,
    /// The registrable domain of the address (see `crate::domains`).
    pub email_domain: Option<String>,
    /// The registrable domain of the website.
    pub website_domain: Option<String>,
}

/// Which leads a list, a count or a bulk action applies to.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadFilter {
    pub workspace_id: i64,
    /// Words to find in email, name, company or title (prefix match).
    #[ts(optional)]
    pub search: Option<String>,
    /// Only leads at one of these stages: in the campaign filtered by, else in any campaign.
    #[ts(optional)]
    pub stages: Option<Vec<EnrollmentStage>>,
    /// Only the leads enrolled in this campaign.
    #[ts(optional)]
    pub campaign_id: Option<i64>,
    /// Only leads in no campaign.
    #[serde(default)]
    #[ts(optional)]
    pub unassigned: Option<bool>,
    #[ts(optional)]
    pub import_id: Option<i64>,
    #[ts(optional)]
    pub has_email: Option<bool>,
    #[ts(optional)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LeadSortField {
    #[default]
    CreatedAt,
    Email,
    FirstName,
    LastName,
    Company,
    Title,
    Country,
    /// The stage in the campaign filtered by (id order when the list is not filtered by a campaign).
    Stage,
    FitScore,
}

impl LeadSortField {
    /// The sort expression; never NULL, so keyset comparisons stay simple. A list of one campaign reads its
    /// enrollments (`cl`) in lead-id order, and sorts by their key, which the campaign's range is ordered by.
    fn expr(self, in_campaign: bool) -> &'static str {
        match self {
            LeadSortField::CreatedAt => id_expr(in_campaign),
            LeadSortField::Email => "COALESCE(l.email, '')",
            LeadSortField::FirstName => "COALESCE(l.first_name, '')",
            LeadSortField::LastName => "COALESCE(l.last_name, '')",
            LeadSortField::Company => "COALESCE(l.company, '')",
            LeadSortField::Title => "COALESCE(l.title, '')",
            LeadSortField::Country => "COALESCE(l.country, '')",
            LeadSortField::Stage if in_campaign => "cl.stage",
            LeadSortField::Stage => "''",
            LeadSortField::FitScore => "COALESCE(l.fit_score, -1)",
        }
    }
    fn is_numeric(self) -> bool {
        matches!(self, LeadSortField::CreatedAt | LeadSortField::FitScore)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadQuery {
    pub filter: LeadFilter,
    #[serde(default)]
    #[ts(optional)]
    pub sort: Option<LeadSortField>,
    #[serde(default)]
    #[ts(optional)]
    pub descending: Option<bool>,
    /// The `next_cursor` of the previous page.
    #[ts(optional)]
    pub after: Option<String>,
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadPage {
    pub leads: Vec<Lead>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many leads match, counted on the first page only.
    pub total: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    v: serde_json::Value,
    id: i64,
}

/// Turns what the user typed into a safe FTS5 query: every word (split where the index splits, at any
/// character that is not a letter or digit) becomes a quoted prefix term, and all must match.
pub fn fts_query(search: &str) -> Option<String> {
    let terms: Vec<String> = search.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"*")).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn id_expr(in_campaign: bool) -> &'static str {
    if in_campaign {
        "cl.lead_id"
    } else {
        "l.id"
    }
}

/// The columns a `Lead` is read from, `l` being the lead and, in a list of one campaign, `cl` its enrollment.
fn lead_columns(in_campaign: bool) -> &'static str {
    if in_campaign {
        "l.*, cl.stage AS stage, cl.stop_reason AS stop_reason, (SELECT count(*) FROM campaign_leads n WHERE n.lead_id = l.id) AS campaigns"
    } else {
        "l.*, NULL AS stage, NULL AS stop_reason, (SELECT count(*) FROM campaign_leads n WHERE n.lead_id = l.id) AS campaigns"
    }
}

/// The leads the filter matches, as `l` (and, filtered by a campaign, their enrollments in it as `cl`):
/// the FROM and WHERE clauses.
pub(super) fn push_filter(qb: &mut QueryBuilder<Sqlite>, f: &LeadFilter) {
    match f.campaign_id {
        Some(c) => {
            qb.push(" FROM campaign_leads cl JOIN leads l ON l.id = cl.lead_id WHERE cl.campaign_id = ").push_bind(c);
            qb.push(" AND l.workspace_id = ").push_bind(f.workspace_id);
        }
        None => {
            qb.push(" FROM leads l WHERE l.workspace_id = ").push_bind(f.workspace_id);
        }
    }
    if let Some(q) = f.search.as_deref().and_then(fts_query) {
        qb.push(" AND l.id IN (SELECT rowid FROM search.leads_fts WHERE leads_fts MATCH ").push_bind(q).push(")");
    }
    if let Some(stages) = f.stages.as_ref().filter(|s| !s.is_empty()) {
        qb.push(if f.campaign_id.is_some() {
            " AND cl.stage IN ("
        } else {
            " AND EXISTS (SELECT 1 FROM campaign_leads s WHERE s.lead_id = l.id AND s.stage IN ("
        });
        let mut sep = qb.separated(", ");
        for s in stages {
            sep.push_bind(s.as_str());
        }
        qb.push(if f.campaign_id.is_some() { ")" } else { "))" });
    }
    if f.campaign_id.is_none() && f.unassigned == Some(true) {
        qb.push(" AND NOT EXISTS (SELECT 1 FROM campaign_leads s WHERE s.lead_id = l.id)");
    }
    if let Some(i) = f.import_id {
        // The import's leads lie in one run of ids: reading that run of the table finds them without an index.
        qb.push(" AND l.import_id = ").push_bind(i);
        qb.push(" AND l.id BETWEEN coalesce((SELECT first_lead_id FROM imports WHERE id = ").push_bind(i);
        qb.push("), 0) AND coalesce((SELECT last_lead_id FROM imports WHERE id = ").push_bind(i).push("), -1)");
    }
    match f.has_email {
        Some(true) => {
            qb.push(" AND l.email IS NOT NULL");
        }
        Some(false) => {
            qb.push(" AND l.email IS NULL");
        }
        None => {}
    }
    if let Some(c) = f.country.as_deref().filter(|c| !c.is_empty()) {
        qb.push(" AND l.country = ").push_bind(c).push(" COLLATE NOCASE");
    }
}

impl Store {
    pub async fn get_lead(&self, id: i64) -> Result<Option<Lead>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {} FROM leads l WHERE l.id = ?", lead_columns(false))))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn lead_id_by_key(&self, workspace_id: i64, dedupe_key: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM leads WHERE dedupe_key = ? AND workspace_id = ?")
            .bind(dedupe_key)
            .bind(workspace_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// These leads, in id order; ids that name no lead are left out.
    pub async fn leads_by_ids(&self, ids: &[i64]) -> Result<Vec<Lead>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM leads l WHERE l.id IN (SELECT value FROM json_each(?)) ORDER BY l.id",
            lead_columns(false)
        )))
        .bind(serde_json::to_string(ids).unwrap_or_default())
        .fetch_all(&self.pool)
        .await?)
    }

    /// The custom column headers of the workspace's leads, read from its most recent leads (every import's
    /// columns show in its own rows).
    pub async fn custom_headers(&self, workspace_id: i64) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT j.key FROM (SELECT custom FROM leads WHERE workspace_id = ? AND custom <> '{}' ORDER BY id DESC LIMIT 5000) l,
                json_each(l.custom) j ORDER BY j.key COLLATE NOCASE",
        )
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Before a query that searches: the index catches up with every lead written so far.
    pub(super) async fn index_search_for(&self, filter: &LeadFilter) -> Result<(), StoreError> {
        if filter.search.as_deref().and_then(fts_query).is_some() {
            self.index_search().await?;
        }
        Ok(())
    }

    pub async fn count_leads(&self, filter: &LeadFilter) -> Result<i64, StoreError> {
        self.index_search_for(filter).await?;
        let mut qb = QueryBuilder::new("SELECT COUNT(*)");
        push_filter(&mut qb, filter);
        Ok(qb.build_query_scalar().fetch_one(&self.pool).await?)
    }

    /// One page of leads in keyset order: stable and equally fast on page 1 and page 10,000.
    pub async fn page_leads(&self, q: &LeadQuery) -> Result<LeadPage, StoreError> {
        let sort = q.sort.unwrap_or_default();
        let limit = q.limit.unwrap_or(100).clamp(1, 1000) as i64;
        let cursor: Option<Cursor> = q.after.as_deref().and_then(|c| serde_json::from_str(c).ok());
        self.index_search_for(&q.filter).await?;
        let rows = page_query("", q, cursor.as_ref(), limit + 1).build().fetch_all(&self.pool).await?;

        let more = rows.len() as i64 > limit;
        let mut leads = Vec::with_capacity(rows.len());
        let mut last_key = serde_json::Value::Null;
        for row in rows.iter().take(limit as usize) {
            leads.push(<Lead as sqlx::FromRow<SqliteRow>>::from_row(row)?);
            last_key = if sort.is_numeric() {
                serde_json::Value::from(row.try_get::<i64, _>("sort_key")?)
            } else {
                serde_json::Value::from(row.try_get::<String, _>("sort_key")?)
            };
        }
        let next_cursor = match (more, leads.last()) {
            (true, Some(last)) => Some(serde_json::to_string(&Cursor { v: last_key, id: last.id }).unwrap_or_default()),
            _ => None,
        };
        let total = if cursor.is_none() { Some(self.count_leads(&q.filter).await?) } else { None };
        Ok(LeadPage { leads, next_cursor, total })
    }

    /// Distinct countries present in a workspace, for the filter menu.
    pub async fn lead_countries(&self, workspace_id: i64) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT country FROM leads WHERE workspace_id = ? AND country IS NOT NULL ORDER BY country LIMIT 500",
        )
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Inserts leads (enrolling them, and those of them the workspace already had, in the campaign), then
    /// indexes them for search.
    pub async fn insert_leads(&self, workspace_id: i64, campaign_id: Option<i64>, leads: &[NewLead]) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        self.search.trim_backlog_tx(&mut tx).await?;
        let inserted = self.insert_leads_tx(&mut tx, workspace_id, campaign_id, None, &LeadBatch::from_leads(leads)).await?;
        tx.commit().await?;
        self.index_search_or_defer().await;
        Ok(leads.len() - inserted.skipped.len())
    }

    pub async fn delete_leads(&self, filter: &LeadFilter, ids: Option<&[i64]>, exclude: &[i64]) -> Result<u64, StoreError> {
        self.index_search_for(filter).await?;
        let mut qb = QueryBuilder::<Sqlite>::new("DELETE FROM leads WHERE id IN (SELECT l.id");
        push_filter(&mut qb, filter);
        push_ids(&mut qb, ids, exclude);
        qb.push(")");
        let mut tx = self.begin().await?;
        self.search.trim_backlog_tx(&mut tx).await?;
        let deleted = qb.build().execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        self.index_search_or_defer().await;
        Ok(deleted)
    }
}

/// The query for one page of `q` after `cursor`, `prefix` put before it (`EXPLAIN QUERY PLAN ` in tests).
fn page_query(prefix: &str, q: &LeadQuery, cursor: Option<&Cursor>, rows: i64) -> QueryBuilder<Sqlite> {
    let sort = q.sort.unwrap_or_default();
    let desc = q.descending.unwrap_or(sort == LeadSortField::CreatedAt);
    let in_campaign = q.filter.campaign_id.is_some();
    let (expr, id) = (sort.expr(in_campaign), id_expr(in_campaign));
    let mut qb = QueryBuilder::new(format!("{prefix}SELECT {}, {expr} AS sort_key", lead_columns(in_campaign)));
    push_filter(&mut qb, &q.filter);
    if let Some(c) = cursor {
        let (cmp, id_cmp) = if desc { ("<", "<") } else { (">", ">") };
        qb.push(format!(" AND ({expr} {cmp} "));
        push_cursor_value(&mut qb, &c.v, sort);
        qb.push(format!(" OR ({expr} = "));
        push_cursor_value(&mut qb, &c.v, sort);
        qb.push(format!(" AND {id} {id_cmp} ")).push_bind(c.id).push("))");
    }
    let dir = if desc { "DESC" } else { "ASC" };
    qb.push(format!(" ORDER BY sort_key {dir}, {id} {dir} LIMIT ")).push_bind(rows);
    qb
}

pub(super) fn push_ids(qb: &mut QueryBuilder<Sqlite>, ids: Option<&[i64]>, exclude: &[i64]) {
    if !exclude.is_empty() {
        qb.push(" AND l.id NOT IN (");
        let mut sep = qb.separated(", ");
        for id in exclude {
            sep.push_bind(*id);
        }
        qb.push(")");
    }
    if let Some(ids) = ids {
        qb.push(" AND l.id IN (");
        if ids.is_empty() {
            qb.push("NULL");
        }
        let mut sep = qb.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        qb.push(")");
    }
}

fn push_cursor_value(qb: &mut QueryBuilder<Sqlite>, v: &serde_json::Value, sort: LeadSortField) {
    if sort.is_numeric() {
        qb.push_bind(v.as_i64().unwrap_or(0));
    } else {
        qb.push_bind(v.as_str().unwrap_or("").to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paging in id order, through a whole workspace, a campaign, or an import, reads a range of an index
    /// and never sorts the workspace: page 10,000 of a million leads costs what page 1 does.
    #[tokio::test]
    async fn pages_in_id_order_are_range_reads() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.db")).await.unwrap();
        let all = LeadFilter { workspace_id: 1, ..Default::default() };
        let filters = [
            all.clone(),
            LeadFilter { campaign_id: Some(2), ..all.clone() },
            LeadFilter { campaign_id: Some(2), stages: Some(vec![EnrollmentStage::Enrolled]), search: Some("ann".into()), ..all.clone() },
            LeadFilter { unassigned: Some(true), ..all.clone() },
            LeadFilter { stages: Some(vec![EnrollmentStage::Sent]), ..all.clone() },
            LeadFilter { import_id: Some(3), ..all.clone() },
            LeadFilter { has_email: Some(true), country: Some("France".into()), ..all.clone() },
        ];
        let cursor = Cursor { v: serde_json::Value::from(5000), id: 5000 };
        for filter in filters {
            let q = LeadQuery { filter: filter.clone(), ..Default::default() };
            for after in [None, Some(&cursor)] {
                let plan: Vec<String> = page_query("EXPLAIN QUERY PLAN ", &q, after, 101)
                    .build()
                    .fetch_all(store.pool())
                    .await
                    .unwrap()
                    .iter()
                    .map(|row| row.get::<String, _>("detail"))
                    .collect();
                assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE") || step.starts_with("SCAN l")), "{filter:?}: {plan:?}");
                if filter.campaign_id.is_some() {
                    assert!(
                        plan.iter().any(|step| step.starts_with("SEARCH cl USING PRIMARY KEY (campaign_id=?")),
                        "a campaign's page is a range of its enrollments: {plan:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn search_text_becomes_quoted_prefix_terms_split_like_the_index() {
        assert_eq!(fts_query("Ana López").as_deref(), Some("\"Ana\"* \"López\"*"));
        assert_eq!(fts_query("ana@beta.io").as_deref(), Some("\"ana\"* \"beta\"* \"io\"*"));
        assert_eq!(fts_query("\" OR NEAR( *").as_deref(), Some("\"OR\"* \"NEAR\"*"), "operators are searched as plain words");
        assert_eq!(fts_query("\"( * )"), None, "punctuation alone searches nothing");
    }
}
