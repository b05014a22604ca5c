use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use ts_rs::TS;

pub use super::lead_batch::{LeadBatch, LeadField};
use super::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LeadStatus {
    New,
    Researched,
    Drafted,
    Approved,
    Queued,
    Sent,
    Replied,
    Bounced,
    Unsubscribed,
    Failed,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 10] = [
        LeadStatus::New,
        LeadStatus::Researched,
        LeadStatus::Drafted,
        LeadStatus::Approved,
        LeadStatus::Queued,
        LeadStatus::Sent,
        LeadStatus::Replied,
        LeadStatus::Bounced,
        LeadStatus::Unsubscribed,
        LeadStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Researched => "researched",
            LeadStatus::Drafted => "drafted",
            LeadStatus::Approved => "approved",
            LeadStatus::Queued => "queued",
            LeadStatus::Sent => "sent",
            LeadStatus::Replied => "replied",
            LeadStatus::Bounced => "bounced",
            LeadStatus::Unsubscribed => "unsubscribed",
            LeadStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        LeadStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A person or site to reach out to.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Lead {
    pub id: i64,
    pub workspace_id: i64,
    pub campaign_id: Option<i64>,
    pub import_id: Option<i64>,
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
    /// Columns of the imported file that map to no lead field, by their header.
    pub custom: BTreeMap<String, String>,
    pub status: LeadStatus,
    pub fit_score: Option<i64>,
    pub intent_score: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for Lead {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let custom: String = row.try_get("custom")?;
        let status: String = row.try_get("status")?;
        Ok(Lead {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            campaign_id: row.try_get("campaign_id")?,
            import_id: row.try_get("import_id")?,
            email: row.try_get("email")?,
            first_name: row.try_get("first_name")?,
            last_name: row.try_get("last_name")?,
            company: row.try_get("company")?,
            title: row.try_get("title")?,
            website: row.try_get("website")?,
            domain: row.try_get("domain")?,
            linkedin_url: row.try_get("linkedin_url")?,
            country: row.try_get("country")?,
            timezone: row.try_get("timezone")?,
            custom: serde_json::from_str(&custom).unwrap_or_default(),
            status: LeadStatus::parse(&status).unwrap_or(LeadStatus::New),
            fit_score: row.try_get("fit_score")?,
            intent_score: row.try_get("intent_score")?,
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
}

/// Which leads a list, a count or a bulk action applies to.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadFilter {
    pub workspace_id: i64,
    /// Words to find in email, name, company or title (prefix match).
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub statuses: Option<Vec<LeadStatus>>,
    #[ts(optional)]
    pub campaign_id: Option<i64>,
    /// Only leads assigned to no campaign.
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
    Status,
    FitScore,
}

impl LeadSortField {
    /// The sort expression; never NULL, so keyset comparisons stay simple.
    fn expr(self) -> &'static str {
        match self {
            LeadSortField::CreatedAt => "l.id",
            LeadSortField::Email => "COALESCE(l.email, '')",
            LeadSortField::FirstName => "COALESCE(l.first_name, '')",
            LeadSortField::LastName => "COALESCE(l.last_name, '')",
            LeadSortField::Company => "COALESCE(l.company, '')",
            LeadSortField::Title => "COALESCE(l.title, '')",
            LeadSortField::Country => "COALESCE(l.country, '')",
            LeadSortField::Status => "l.status",
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

fn push_filter(qb: &mut QueryBuilder<Sqlite>, f: &LeadFilter) {
    qb.push(" WHERE l.workspace_id = ").push_bind(f.workspace_id);
    if let Some(q) = f.search.as_deref().and_then(fts_query) {
        qb.push(" AND l.id IN (SELECT rowid FROM search.leads_fts WHERE leads_fts MATCH ").push_bind(q).push(")");
    }
    if let Some(statuses) = f.statuses.as_ref().filter(|s| !s.is_empty()) {
        qb.push(" AND l.status IN (");
        let mut sep = qb.separated(", ");
        for s in statuses {
            sep.push_bind(s.as_str());
        }
        qb.push(")");
        if !statuses.contains(&LeadStatus::New) {
            // Spelled as the status index's own condition, which SQLite needs to see to use that index.
            qb.push(" AND l.status <> 'new'");
        }
    }
    if let Some(c) = f.campaign_id {
        qb.push(" AND l.campaign_id = ").push_bind(c);
    } else if f.unassigned == Some(true) {
        qb.push(" AND l.campaign_id IS NULL");
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
        Ok(sqlx::query_as("SELECT * FROM leads WHERE id = ?").bind(id).fetch_optional(&self.pool).await?)
    }

    /// Before a query that searches: the index catches up with every lead written so far.
    async fn index_search_for(&self, filter: &LeadFilter) -> Result<(), StoreError> {
        if filter.search.as_deref().and_then(fts_query).is_some() {
            self.index_search().await?;
        }
        Ok(())
    }

    pub async fn count_leads(&self, filter: &LeadFilter) -> Result<i64, StoreError> {
        self.index_search_for(filter).await?;
        let mut qb = QueryBuilder::new("SELECT COUNT(*) FROM leads l");
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

    /// Inserts leads, then indexes them for search.
    pub async fn insert_leads(&self, workspace_id: i64, campaign_id: Option<i64>, leads: &[NewLead]) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        self.search.trim_backlog_tx(&mut tx).await?;
        let inserted = self.insert_leads_tx(&mut tx, workspace_id, campaign_id, None, &LeadBatch::from_leads(leads)).await?;
        tx.commit().await?;
        self.index_search_or_defer().await;
        Ok(leads.len() - inserted.skipped.len())
    }

    pub async fn assign_leads_campaign(
        &self,
        filter: &LeadFilter,
        ids: Option<&[i64]>,
        exclude: &[i64],
        campaign_id: Option<i64>,
    ) -> Result<u64, StoreError> {
        self.index_search_for(filter).await?;
        let mut qb = QueryBuilder::<Sqlite>::new("UPDATE leads SET campaign_id = ");
        qb.push_bind(campaign_id).push(", updated_at = ").push_bind(self.now());
        qb.push(" WHERE id IN (SELECT l.id FROM leads l");
        push_filter(&mut qb, filter);
        push_ids(&mut qb, ids, exclude);
        qb.push(")");
        Ok(qb.build().execute(&self.pool).await?.rows_affected())
    }

    pub async fn delete_leads(&self, filter: &LeadFilter, ids: Option<&[i64]>, exclude: &[i64]) -> Result<u64, StoreError> {
        self.index_search_for(filter).await?;
        let mut qb = QueryBuilder::<Sqlite>::new("DELETE FROM leads WHERE id IN (SELECT l.id FROM leads l");
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
    let expr = sort.expr();
    let mut qb = QueryBuilder::new(format!("{prefix}SELECT l.*, {expr} AS sort_key FROM leads l"));
    push_filter(&mut qb, &q.filter);
    if let Some(c) = cursor {
        let (cmp, id_cmp) = if desc { ("<", "<") } else { (">", ">") };
        qb.push(format!(" AND ({expr} {cmp} "));
        push_cursor_value(&mut qb, &c.v, sort);
        qb.push(format!(" OR ({expr} = "));
        push_cursor_value(&mut qb, &c.v, sort);
        qb.push(format!(" AND l.id {id_cmp} ")).push_bind(c.id).push("))");
    }
    let dir = if desc { "DESC" } else { "ASC" };
    qb.push(format!(" ORDER BY sort_key {dir}, l.id {dir} LIMIT ")).push_bind(rows);
    qb
}

fn push_ids(qb: &mut QueryBuilder<Sqlite>, ids: Option<&[i64]>, exclude: &[i64]) {
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

impl Store {
    /// Spreads demo leads over the pipeline and gives them scores, deterministically by id.
    pub async fn set_demo_statuses(&self, workspace_id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE leads SET
                status = CASE (id * 7) % 20 WHEN 0 THEN 'researched' WHEN 1 THEN 'researched' WHEN 2 THEN 'drafted'
                    WHEN 3 THEN 'approved' WHEN 4 THEN 'sent' WHEN 5 THEN 'sent' WHEN 6 THEN 'replied' WHEN 7 THEN 'bounced'
                    ELSE 'new' END,
                fit_score = (id * 37) % 101,
                intent_score = (id * 53) % 101
             WHERE workspace_id = ?",
        )
        .bind(workspace_id)
        .execute(&self.pool)
        .await?;
        Ok(())
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
            LeadFilter { unassigned: Some(true), ..all.clone() },
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
