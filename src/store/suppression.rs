//! Addresses and registrable domains no mail of a workspace may go to.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Store, StoreError, Tx};
use crate::policy::SuppressionKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuppressionEntry {
    pub kind: SuppressionKind,
    /// A lowercase address, or a registrable domain.
    pub value: String,
    pub reason: Option<String>,
    /// Who put it there: "user", "import", "bounce" or "unsubscribe".
    pub source: String,
    pub created_at: String,
}

fn kind_text(kind: &SuppressionKind) -> &'static str {
    match kind {
        SuppressionKind::Address => "address",
        SuppressionKind::Domain => "domain",
    }
}

/// Rows per INSERT: SQLite binds at most 32,766 parameters, five per row here.
const ROWS_PER_INSERT: usize = 500;

impl Store {
    /// Adds entries (an existing one keeps its first reason and date); returns how many were new.
    pub async fn add_suppression_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        entries: &[(SuppressionKind, String, Option<String>)],
        source: &str,
    ) -> Result<u64, StoreError> {
        let at = self.now();
        let mut added = 0;
        for chunk in entries.chunks(ROWS_PER_INSERT) {
            let mut query = sqlx::QueryBuilder::new("INSERT INTO suppression (workspace_id, kind, value, reason, source, created_at) ");
            query.push_values(chunk, |mut row, (kind, value, reason)| {
                row.push_bind(workspace_id).push_bind(kind_text(kind)).push_bind(value).push_bind(reason).push_bind(source).push_bind(&at);
            });
            query.push(" ON CONFLICT DO NOTHING");
            added += query.build().execute(&mut **tx).await?.rows_affected();
        }
        Ok(added)
    }

    pub async fn add_suppression(
        &self,
        workspace_id: i64,
        entries: &[(SuppressionKind, String, Option<String>)],
        source: &str,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let added = self.add_suppression_tx(&mut tx, workspace_id, entries, source).await?;
        tx.commit().await?;
        Ok(added)
    }

    pub async fn remove_suppression(&self, workspace_id: i64, kind: &SuppressionKind, value: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM suppression WHERE workspace_id = ? AND kind = ? AND value = ?")
            .bind(workspace_id)
            .bind(kind_text(kind))
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The list, newest first; `search` matches part of the value.
    pub async fn list_suppression(&self, workspace_id: i64, search: Option<&str>) -> Result<Vec<SuppressionEntry>, StoreError> {
        let rows: Vec<(String, String, Option<String>, String, String)> = sqlx::query_as(
            "SELECT kind, value, reason, source, created_at FROM suppression
             WHERE workspace_id = ? AND (?2 IS NULL OR instr(value, lower(?2)) > 0)
             ORDER BY created_at DESC, value",
        )
        .bind(workspace_id)
        .bind(search.map(str::trim).filter(|s| !s.is_empty()))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(kind, value, reason, source, created_at)| SuppressionEntry {
                kind: if kind == "domain" { SuppressionKind::Domain } else { SuppressionKind::Address },
                value,
                reason,
                source,
                created_at,
            })
            .collect())
    }
}
