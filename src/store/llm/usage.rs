//! The usage ledger: one row per model call, and the monthly aggregates the Budget & usage screen shows.

use serde::Serialize;
use sqlx::AssertSqlSafe;
use ts_rs::TS;

use super::budget::next_month;
use crate::store::{Store, StoreError};

/// A call to record. Costs are micro-dollars.
#[derive(Debug, Clone, Default)]
pub struct UsageRecord {
    pub at: String,
    pub workspace_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub job_id: Option<i64>,
    pub reservation_id: Option<i64>,
    pub provider_id: Option<i64>,
    pub provider: String,
    pub model: String,
    pub purpose: String,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cost_micros: i64,
    pub cached: bool,
    pub latency_ms: i64,
    /// `ok`, or what went wrong (`rate_limited`, `bad_key`, `timeout`, …).
    pub outcome: String,
}

/// One recorded call, as the usage screen lists it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, TS)]
#[ts(export)]
pub struct UsageRow {
    pub id: i64,
    pub at: String,
    pub workspace_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub job_id: Option<i64>,
    pub provider: String,
    pub model: String,
    pub purpose: String,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cost_micros: i64,
    pub cached: bool,
    pub latency_ms: i64,
    pub outcome: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UsageTotals {
    pub calls: i64,
    /// Answered from the cache, at no cost.
    pub cached_calls: i64,
    pub failed_calls: i64,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cost_usd: f64,
}

/// Totals for one day, provider, workspace or purpose.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UsageGroup {
    /// The day ("2026-11-25"), provider name, workspace id or purpose.
    pub key: String,
    /// What to show: the same, or the workspace's name.
    pub label: String,
    pub totals: UsageTotals,
}

/// A month of usage, whole and broken down.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UsageSummary {
    /// "2026-11".
    pub month: String,
    /// Only this workspace's calls, when set.
    pub workspace_id: Option<i64>,
    pub totals: UsageTotals,
    pub by_day: Vec<UsageGroup>,
    pub by_provider: Vec<UsageGroup>,
    pub by_workspace: Vec<UsageGroup>,
    pub by_purpose: Vec<UsageGroup>,
}

type TotalsRow = (String, String, i64, i64, i64, i64, i64, i64);

const TOTALS: &str = "COUNT(*), IFNULL(SUM(u.cached), 0), IFNULL(SUM(u.outcome <> 'ok'), 0), IFNULL(SUM(u.input_tokens), 0),
    IFNULL(SUM(u.output_tokens), 0), IFNULL(SUM(u.cost_micros), 0)";

fn totals(row: &TotalsRow) -> UsageTotals {
    UsageTotals {
        calls: row.2,
        cached_calls: row.3,
        failed_calls: row.4,
        input_tokens: row.5,
        output_tokens: row.6,
        cost_usd: row.7 as f64 / 1_000_000.0,
    }
}

impl Store {
    /// Records a call, and settles its cost on the reservation it drew on, in one transaction.
    pub async fn insert_llm_usage(&self, r: &UsageRecord) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let id = sqlx::query(
            "INSERT INTO llm_usage (at, workspace_id, campaign_id, job_id, reservation_id, provider_id, provider, model, purpose,
                input_tokens, output_tokens, cost_micros, cached, latency_ms, outcome)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&r.at)
        .bind(r.workspace_id)
        .bind(r.campaign_id)
        .bind(r.job_id)
        .bind(r.reservation_id)
        .bind(r.provider_id)
        .bind(&r.provider)
        .bind(&r.model)
        .bind(&r.purpose)
        .bind(r.input_tokens)
        .bind(r.output_tokens)
        .bind(r.cost_micros)
        .bind(r.cached)
        .bind(r.latency_ms)
        .bind(&r.outcome)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        if let (Some(reservation), true) = (r.reservation_id, r.cost_micros > 0) {
            self.settle_llm_reservation_tx(&mut tx, reservation, r.cost_micros).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The latest calls, newest first.
    pub async fn recent_llm_usage(&self, workspace_id: Option<i64>, limit: i64) -> Result<Vec<UsageRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, at, workspace_id, campaign_id, job_id, provider, model, purpose, input_tokens, output_tokens, cost_micros,
                cached, latency_ms, outcome
             FROM llm_usage WHERE (? IS NULL OR workspace_id = ?) ORDER BY id DESC LIMIT ?",
        )
        .bind(workspace_id)
        .bind(workspace_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// A month's usage ("2026-11"), of one workspace or of all.
    pub async fn llm_usage_summary(&self, month: &str, workspace_id: Option<i64>) -> Result<UsageSummary, StoreError> {
        let group = |key: &str, label: &str| {
            format!(
                "SELECT {key}, {label}, {TOTALS} FROM llm_usage u LEFT JOIN workspaces w ON w.id = u.workspace_id
                 WHERE u.at >= ? AND u.at < ? AND (? IS NULL OR u.workspace_id = ?) GROUP BY 1 ORDER BY 1"
            )
        };
        let run = |sql: String| {
            let end = next_month(month);
            async move {
                sqlx::query_as::<_, TotalsRow>(AssertSqlSafe(sql))
                    .bind(month)
                    .bind(end)
                    .bind(workspace_id)
                    .bind(workspace_id)
                    .fetch_all(self.pool())
                    .await
            }
        };
        let groups = |rows: Vec<TotalsRow>| {
            rows.iter().map(|r| UsageGroup { key: r.0.clone(), label: r.1.clone(), totals: totals(r) }).collect::<Vec<_>>()
        };
        let all = run(group("''", "''")).await?;
        Ok(UsageSummary {
            month: month.to_string(),
            workspace_id,
            totals: all.first().map(totals).unwrap_or_default(),
            by_day: groups(run(group("substr(u.at, 1, 10)", "substr(u.at, 1, 10)")).await?),
            by_provider: groups(run(group("u.provider", "u.provider")).await?),
            by_workspace: groups(run(group("IFNULL(CAST(u.workspace_id AS TEXT), '')", "IFNULL(MAX(w.name), 'No workspace')")).await?),
            by_purpose: groups(run(group("u.purpose", "u.purpose")).await?),
        })
    }
}
