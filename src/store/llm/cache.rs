//! Answers kept by request hash, so an identical request costs nothing the second time.

use crate::store::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedAnswer {
    pub answer: String,
    pub model: String,
    pub input_tokens: i64,
    pub output_tokens: i64,
}

impl Store {
    /// The answer stored under `key`, counting the hit.
    pub async fn llm_cache_get(&self, key: &str) -> Result<Option<CachedAnswer>, StoreError> {
        let row: Option<(String, String, i64, i64)> = sqlx::query_as(
            "UPDATE llm_cache SET hits = hits + 1, last_hit_at = ? WHERE key = ? RETURNING answer, model, input_tokens, output_tokens",
        )
        .bind(self.now())
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(answer, model, input_tokens, output_tokens)| CachedAnswer { answer, model, input_tokens, output_tokens }))
    }

    /// Stores (or replaces, for a fresh answer) the answer under `key`.
    pub async fn llm_cache_put(&self, key: &str, scope: &str, provider: &str, entry: &CachedAnswer) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO llm_cache (key, scope, provider, model, answer, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET answer = excluded.answer, model = excluded.model, input_tokens = excluded.input_tokens,
                output_tokens = excluded.output_tokens, created_at = excluded.created_at, hits = 0, last_hit_at = NULL",
        )
        .bind(key)
        .bind(scope)
        .bind(provider)
        .bind(&entry.model)
        .bind(&entry.answer)
        .bind(entry.input_tokens)
        .bind(entry.output_tokens)
        .bind(self.now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets every answer of a scope (e.g. a company's research after its site changed).
    pub async fn llm_cache_clear_scope(&self, scope: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM llm_cache WHERE scope = ?").bind(scope).execute(self.pool()).await?.rows_affected())
    }
}
