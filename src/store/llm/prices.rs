use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use ts_rs::TS;

use super::kinds::ProviderKind;
use crate::store::audit::Actor;
use crate::store::{Store, StoreError};

/// What a model costs, in US dollars per million tokens. `model` "*" prices every model of the kind that
/// has no row of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModelPrice {
    pub provider_kind: ProviderKind,
    pub model: String,
    pub input_per_mtok_usd: f64,
    pub output_per_mtok_usd: f64,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for ModelPrice {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let kind: String = row.try_get("provider_kind")?;
        Ok(ModelPrice {
            provider_kind: ProviderKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown provider kind {kind}").into()))?,
            model: row.try_get("model")?,
            input_per_mtok_usd: row.try_get("input_per_mtok")?,
            output_per_mtok_usd: row.try_get("output_per_mtok")?,
        })
    }
}

impl Store {
    pub async fn list_llm_prices(&self) -> Result<Vec<ModelPrice>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM llm_prices ORDER BY provider_kind, model").fetch_all(self.pool()).await?)
    }

    pub async fn upsert_llm_price(&self, price: &ModelPrice) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO llm_prices (provider_kind, model, input_per_mtok, output_per_mtok, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (provider_kind, model) DO UPDATE SET input_per_mtok = excluded.input_per_mtok,
                output_per_mtok = excluded.output_per_mtok, updated_at = excluded.updated_at",
        )
        .bind(price.provider_kind.as_str())
        .bind(&price.model)
        .bind(price.input_per_mtok_usd)
        .bind(price.output_per_mtok_usd)
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        let detail =
            json!({ "kind": price.provider_kind.as_str(), "input": price.input_per_mtok_usd, "output": price.output_per_mtok_usd });
        self.audit_tx(&mut tx, None, Actor::User, "llm_price.set", Some(&price.model), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Returns false when there was no such price.
    pub async fn delete_llm_price(&self, kind: ProviderKind, model: &str) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let gone = sqlx::query("DELETE FROM llm_prices WHERE provider_kind = ? AND model = ?")
            .bind(kind.as_str())
            .bind(model)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if gone {
            self.audit_tx(&mut tx, None, Actor::User, "llm_price.delete", Some(model), json!({ "kind": kind.as_str() })).await?;
        }
        tx.commit().await?;
        Ok(gone)
    }
}
