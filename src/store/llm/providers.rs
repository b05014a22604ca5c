use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::kinds::{ProviderKind, Purpose};
use crate::store::audit::Actor;
use crate::store::{unique_violation, Store, StoreError, Tx};

/// A provider as stored. `key_ref` names its keychain entry; the key itself is never here.
#[derive(Debug, Clone)]
pub struct ProviderRecord {
    pub id: i64,
    pub name: String,
    pub kind: ProviderKind,
    pub preset: String,
    pub base_url: String,
    pub model: String,
    pub key_ref: Option<String>,
    pub rpm_limit: Option<u32>,
    pub tpm_limit: Option<u32>,
    pub timeout_secs: u32,
    pub max_concurrency: u32,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// The columns a user edits.
#[derive(Debug, Clone)]
pub struct ProviderFields {
    pub name: String,
    pub kind: ProviderKind,
    pub preset: String,
    pub base_url: String,
    pub model: String,
    pub rpm_limit: Option<u32>,
    pub tpm_limit: Option<u32>,
    pub timeout_secs: u32,
    pub max_concurrency: u32,
    pub enabled: bool,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for ProviderRecord {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let kind: String = row.try_get("kind")?;
        let limit = |name: &str| -> Result<Option<u32>, sqlx::Error> {
            Ok(row.try_get::<Option<i64>, _>(name)?.map(|v| v.clamp(0, u32::MAX as i64) as u32))
        };
        Ok(ProviderRecord {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            kind: ProviderKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown provider kind {kind}").into()))?,
            preset: row.try_get("preset")?,
            base_url: row.try_get("base_url")?,
            model: row.try_get("model")?,
            key_ref: row.try_get("key_ref")?,
            rpm_limit: limit("rpm_limit")?,
            tpm_limit: limit("tpm_limit")?,
            timeout_secs: row.try_get::<i64, _>("timeout_secs")?.clamp(1, u32::MAX as i64) as u32,
            max_concurrency: row.try_get::<i64, _>("max_concurrency")?.clamp(1, u32::MAX as i64) as u32,
            enabled: row.try_get::<i64, _>("enabled")? != 0,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// One step of a stored fallback chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRecord {
    pub purpose: Purpose,
    pub position: i64,
    pub provider_id: i64,
    pub model: Option<String>,
}

/// The audit detail of a provider change: what it points at, never its key.
fn audit_detail(f: &ProviderFields) -> serde_json::Value {
    json!({ "kind": f.kind.as_str(), "preset": f.preset, "base_url": f.base_url, "model": f.model, "enabled": f.enabled })
}

impl Store {
    pub async fn list_llm_providers(&self) -> Result<Vec<ProviderRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM llm_providers ORDER BY id").fetch_all(self.pool()).await?)
    }

    pub async fn get_llm_provider(&self, id: i64) -> Result<Option<ProviderRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM llm_providers WHERE id = ?").bind(id).fetch_optional(self.pool()).await?)
    }

    pub async fn find_llm_provider(&self, name: &str) -> Result<Option<ProviderRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM llm_providers WHERE name = ? COLLATE NOCASE").bind(name).fetch_optional(self.pool()).await?)
    }

    /// Inserts the provider inside the caller's transaction, so the keychain write can decide whether it
    /// commits.
    pub async fn insert_llm_provider_tx(&self, tx: &mut Tx<'_>, f: &ProviderFields) -> Result<i64, StoreError> {
        let at = self.now();
        let id = sqlx::query(
            "INSERT INTO llm_providers (name, kind, preset, base_url, model, rpm_limit, tpm_limit, timeout_secs, max_concurrency, enabled, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(&f.preset)
        .bind(&f.base_url)
        .bind(&f.model)
        .bind(f.rpm_limit.map(i64::from))
        .bind(f.tpm_limit.map(i64::from))
        .bind(i64::from(f.timeout_secs))
        .bind(i64::from(f.max_concurrency))
        .bind(f.enabled)
        .bind(&at)
        .bind(&at)
        .execute(&mut **tx)
        .await
        .map_err(|e| unique_violation(e, || format!("An AI provider named \"{}\"", f.name)))?
        .last_insert_rowid();
        self.audit_tx(tx, None, Actor::User, "llm_provider.create", Some(&f.name), audit_detail(f)).await?;
        Ok(id)
    }

    /// Returns false when no provider has this id.
    pub async fn update_llm_provider_tx(&self, tx: &mut Tx<'_>, id: i64, f: &ProviderFields) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE llm_providers SET name = ?, kind = ?, preset = ?, base_url = ?, model = ?, rpm_limit = ?, tpm_limit = ?,
                timeout_secs = ?, max_concurrency = ?, enabled = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(&f.preset)
        .bind(&f.base_url)
        .bind(&f.model)
        .bind(f.rpm_limit.map(i64::from))
        .bind(f.tpm_limit.map(i64::from))
        .bind(i64::from(f.timeout_secs))
        .bind(i64::from(f.max_concurrency))
        .bind(f.enabled)
        .bind(self.now())
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(|e| unique_violation(e, || format!("An AI provider named \"{}\"", f.name)))?
        .rows_affected()
            > 0;
        if changed {
            self.audit_tx(tx, None, Actor::User, "llm_provider.update", Some(&f.name), audit_detail(f)).await?;
        }
        Ok(changed)
    }

    /// Records which keychain entry holds the provider's key (or that it has none).
    pub async fn set_llm_provider_key_ref_tx(&self, tx: &mut Tx<'_>, id: i64, key_ref: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE llm_providers SET key_ref = ?, updated_at = ? WHERE id = ?")
            .bind(key_ref)
            .bind(self.now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM llm_providers WHERE id = ?").bind(id).fetch_optional(&mut **tx).await?;
        let action = if key_ref.is_some() { "llm_provider.key_set" } else { "llm_provider.key_removed" };
        self.audit_tx(tx, None, Actor::User, action, name.as_deref(), json!({})).await?;
        Ok(())
    }

    /// Deletes the provider (its route steps go with it). Returns false when no provider has this id.
    pub async fn delete_llm_provider_tx(&self, tx: &mut Tx<'_>, id: i64) -> Result<bool, StoreError> {
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM llm_providers WHERE id = ?").bind(id).fetch_optional(&mut **tx).await?;
        let Some(name) = name else { return Ok(false) };
        sqlx::query("DELETE FROM llm_providers WHERE id = ?").bind(id).execute(&mut **tx).await?;
        self.audit_tx(tx, None, Actor::User, "llm_provider.delete", Some(&name), json!({ "provider_id": id })).await?;
        Ok(true)
    }

    pub async fn list_llm_routes(&self) -> Result<Vec<RouteRecord>, StoreError> {
        let rows: Vec<(String, i64, i64, Option<String>)> =
            sqlx::query_as("SELECT purpose, position, provider_id, model FROM llm_routes ORDER BY purpose, position")
                .fetch_all(self.pool())
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(purpose, position, provider_id, model)| {
                Purpose::parse(&purpose).map(|purpose| RouteRecord { purpose, position, provider_id, model })
            })
            .collect())
    }

    /// Replaces the purpose's fallback chain with these steps, in order.
    pub async fn set_llm_route(&self, purpose: Purpose, steps: &[(i64, Option<String>)]) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM llm_routes WHERE purpose = ?").bind(purpose.as_str()).execute(&mut *tx).await?;
        for (position, (provider_id, model)) in steps.iter().enumerate() {
            sqlx::query("INSERT INTO llm_routes (purpose, position, provider_id, model) VALUES (?, ?, ?, ?)")
                .bind(purpose.as_str())
                .bind(position as i64)
                .bind(provider_id)
                .bind(model)
                .execute(&mut *tx)
                .await?;
        }
        let detail = json!({ "steps": steps.iter().map(|(p, m)| json!({ "provider_id": p, "model": m })).collect::<Vec<_>>() });
        self.audit_tx(&mut tx, None, Actor::User, "llm_route.set", Some(purpose.as_str()), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes whenever a provider, route or price changes: lets a long-lived router notice edits made by
    /// another process (the CLI while the app runs).
    pub async fn llm_settings_stamp(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) || '/' || IFNULL(MAX(updated_at), '') || '/' || IFNULL(SUM(id), 0) FROM llm_providers)
                 || '|' || (SELECT COUNT(*) || '/' || IFNULL(group_concat(purpose || position || ':' || provider_id || ':' || IFNULL(model, ''), ','), '') FROM llm_routes)
                 || '|' || (SELECT COUNT(*) || '/' || IFNULL(MAX(updated_at), '') FROM llm_prices)",
        )
        .fetch_one(self.pool())
        .await?)
    }
}
