//! AI providers: their settings (in SQLite), their keys (in the keychain), a test call, and model calls
//! through the router. Fallback routes and prices are in `routes`.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::workspaces::clean_name;
use crate::error::{EngineError, Result};
use crate::llm::{CachePolicy, CircuitView, CompletionRequest, LlmAnswer, LlmCall};
use crate::store::llm::providers::{ProviderFields, ProviderRecord};
use crate::Engine;

pub use super::routes::{RouteStepInput, RouteStepView, RouteView};
pub use crate::llm::{CircuitState, ModelPrice, StreamChunk};
pub use crate::llm::{DeltaSink, ProviderKind, Purpose};
pub use crate::providers::{PresetInfo, ProviderPreset};

/// The editable settings of a provider. The API key is not here: it is passed on its own and goes
/// straight to the keychain.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProviderInput {
    pub name: String,
    /// The protocol; taken from the preset when left out.
    #[ts(optional)]
    pub kind: Option<ProviderKind>,
    #[ts(optional)]
    pub preset: Option<ProviderPreset>,
    /// The preset's address when left out.
    #[ts(optional)]
    pub base_url: Option<String>,
    /// The model asked when a route names none.
    pub model: String,
    #[ts(optional)]
    pub rpm_limit: Option<u32>,
    #[ts(optional)]
    pub tpm_limit: Option<u32>,
    #[ts(optional)]
    pub timeout_secs: Option<u32>,
    #[ts(optional)]
    pub max_concurrency: Option<u32>,
    #[ts(optional)]
    pub enabled: Option<bool>,
}

/// What to do with a provider's key on update.
pub enum KeyChange {
    Keep,
    Set(SecretString),
    Remove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyState {
    Set,
    NotSet,
    /// A local server that takes no key.
    NotNeeded,
    /// The keychain could not be read.
    Unavailable,
}

/// What the UI may know of a key: whether it is set and its last four characters at most.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KeyStatus {
    pub state: KeyState,
    /// "…abcd", when set and long enough to show that much.
    pub hint: Option<String>,
    /// "set, ends in …abcd", "not set", …
    pub label: String,
}

/// A provider as the settings screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProviderView {
    pub id: i64,
    pub name: String,
    pub kind: ProviderKind,
    pub preset: ProviderPreset,
    pub base_url: String,
    pub model: String,
    pub rpm_limit: Option<u32>,
    pub tpm_limit: Option<u32>,
    pub timeout_secs: u32,
    pub max_concurrency: u32,
    pub enabled: bool,
    pub key: KeyStatus,
    pub circuit: CircuitView,
    /// Calls in flight now.
    pub in_flight: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// The result of the "test" button: one real, minimal call.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProviderTest {
    pub provider: String,
    pub model: String,
    pub latency_ms: u64,
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub cost_usd: f64,
    pub answer: String,
}

/// A keychain entry name of its own: the keychain is shared by every Reach database of this user (other
/// profiles, tests), where row ids repeat.
fn new_key_ref() -> String {
    format!("provider:{:032x}", rand::random::<u128>())
}

fn fields(input: &ProviderInput, current: Option<&ProviderRecord>) -> Result<ProviderFields> {
    let name = clean_name(&input.name, "provider")?;
    let preset = input.preset.or_else(|| current.and_then(|c| ProviderPreset::parse(&c.preset))).unwrap_or(ProviderPreset::Custom);
    let info = preset.info();
    let kind = match (input.kind, info.kind) {
        (Some(k), Some(p)) if k != p => {
            return Err(EngineError::Validation(format!(
                "the {} preset speaks the {} protocol, not {}",
                info.label,
                p.as_str(),
                k.as_str()
            )))
        }
        (Some(k), _) | (None, Some(k)) => k,
        (None, None) => {
            current.map(|c| c.kind).ok_or_else(|| EngineError::Validation("choose the protocol: openai, anthropic or gemini".into()))?
        }
    };
    let base_url = input
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .or(info.base_url)
        .ok_or_else(|| EngineError::Validation("give the provider's address (base URL)".into()))?;
    check_base_url(&base_url)?;
    let model = input.model.trim();
    if model.is_empty() {
        return Err(EngineError::Validation("give the model to use, e.g. gpt-4o-mini".into()));
    }
    let positive = |v: Option<u32>, what: &str| -> Result<Option<u32>> {
        match v {
            Some(0) => Err(EngineError::Validation(format!("the {what} must be at least 1 (leave it out for no limit)"))),
            v => Ok(v),
        }
    };
    let timeout_secs = positive(input.timeout_secs, "timeout")?.unwrap_or(60).min(600);
    Ok(ProviderFields {
        name,
        kind,
        preset: preset.as_str().to_string(),
        base_url: base_url.trim_end_matches('/').to_string(),
        model: model.to_string(),
        rpm_limit: positive(input.rpm_limit, "requests-per-minute limit")?,
        tpm_limit: positive(input.tpm_limit, "tokens-per-minute limit")?,
        timeout_secs,
        max_concurrency: positive(input.max_concurrency, "concurrency")?.unwrap_or(4).min(64),
        enabled: input.enabled.unwrap_or(true),
    })
}

/// An address is stored in SQLite, so it may not carry a credential.
fn check_base_url(url: &str) -> Result<()> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|_| EngineError::Validation(format!("\"{url}\" is not a web address (e.g. https://api.openai.com/v1)")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(EngineError::Validation("the address must start with http:// or https://".into()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() || parsed.query().is_some() {
        return Err(EngineError::Validation(
            "the address may not contain a user name, password or query; put the API key in the key field".into(),
        ));
    }
    Ok(())
}

impl Engine {
    pub fn provider_presets(&self) -> Vec<PresetInfo> {
        ProviderPreset::ALL.into_iter().map(ProviderPreset::info).collect()
    }

    pub async fn list_providers(&self) -> Result<Vec<ProviderView>> {
        let mut out = Vec::new();
        for record in self.store.list_llm_providers().await? {
            out.push(self.provider_view(record).await);
        }
        Ok(out)
    }

    pub async fn get_provider(&self, id: i64) -> Result<ProviderView> {
        Ok(self.provider_view(self.provider_record(id).await?).await)
    }

    /// Finds a provider by its name (any letter case).
    pub async fn provider_by_name(&self, name: &str) -> Result<ProviderView> {
        let record = self
            .store
            .find_llm_provider(name.trim())
            .await?
            .ok_or_else(|| EngineError::not_found(format!("The AI provider \"{}\"", name.trim())))?;
        Ok(self.provider_view(record).await)
    }

    pub(super) async fn provider_record(&self, id: i64) -> Result<ProviderRecord> {
        self.store.get_llm_provider(id).await?.ok_or_else(|| EngineError::not_found(format!("AI provider {id}")))
    }

    async fn provider_view(&self, r: ProviderRecord) -> ProviderView {
        let preset = ProviderPreset::parse(&r.preset).unwrap_or(ProviderPreset::Custom);
        let key = match &r.key_ref {
            Some(reference) => match self.llm.secrets().hint_async(reference).await {
                Ok(Some(hint)) if hint.len() > "…".len() => {
                    KeyStatus { state: KeyState::Set, label: format!("set, ends in {hint}"), hint: Some(hint) }
                }
                Ok(Some(_)) => KeyStatus { state: KeyState::Set, hint: None, label: "set".into() },
                Ok(None) => KeyStatus { state: KeyState::NotSet, hint: None, label: "not set".into() },
                Err(e) => {
                    tracing::warn!(provider = %r.name, error = %e, "could not read the key's hint");
                    KeyStatus { state: KeyState::Unavailable, hint: None, label: "keychain unavailable".into() }
                }
            },
            None if preset.info().needs_key => KeyStatus { state: KeyState::NotSet, hint: None, label: "not set".into() },
            None => KeyStatus { state: KeyState::NotNeeded, hint: None, label: "not needed".into() },
        };
        let state = self.llm.state_for(&r);
        ProviderView {
            id: r.id,
            name: r.name,
            kind: r.kind,
            preset,
            base_url: r.base_url,
            model: r.model,
            rpm_limit: r.rpm_limit,
            tpm_limit: r.tpm_limit,
            timeout_secs: r.timeout_secs,
            max_concurrency: r.max_concurrency,
            enabled: r.enabled,
            key,
            circuit: state.circuit(),
            in_flight: state.in_flight(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }

    /// Adds a provider; its key (if any) goes to the keychain, and the row is kept only if that works.
    pub async fn add_provider(&self, input: &ProviderInput, key: Option<SecretString>) -> Result<ProviderView> {
        let fields = fields(input, None)?;
        let mut tx = self.store.begin().await?;
        let id = self.store.insert_llm_provider_tx(&mut tx, &fields).await?;
        if let Some(key) = key {
            let reference = new_key_ref();
            self.llm.secrets().set_async(&reference, key).await?;
            self.store.set_llm_provider_key_ref_tx(&mut tx, id, Some(&reference)).await?;
            if let Err(e) = tx.commit().await {
                self.forget_key(&reference).await;
                return Err(e.into());
            }
        } else {
            tx.commit().await?;
        }
        self.get_provider(id).await
    }

    pub async fn update_provider(&self, id: i64, input: &ProviderInput, key: KeyChange) -> Result<ProviderView> {
        let current = self.provider_record(id).await?;
        let fields = fields(input, Some(&current))?;
        let mut tx = self.store.begin().await?;
        if !self.store.update_llm_provider_tx(&mut tx, id, &fields).await? {
            return Err(EngineError::not_found(format!("AI provider {id}")));
        }
        match &key {
            KeyChange::Keep => {}
            KeyChange::Set(secret) => {
                let reference = current.key_ref.clone().unwrap_or_else(new_key_ref);
                self.llm.secrets().set_async(&reference, secret.clone()).await?;
                self.store.set_llm_provider_key_ref_tx(&mut tx, id, Some(&reference)).await?;
            }
            KeyChange::Remove => self.store.set_llm_provider_key_ref_tx(&mut tx, id, None).await?,
        }
        tx.commit().await?;
        if let (KeyChange::Remove, Some(reference)) = (&key, &current.key_ref) {
            self.forget_key(reference).await;
        }
        self.llm.forget(id);
        self.get_provider(id).await
    }

    /// Removes the provider, its place in every route and its key.
    pub async fn remove_provider(&self, id: i64) -> Result<()> {
        let current = self.provider_record(id).await?;
        let mut tx = self.store.begin().await?;
        self.store.delete_llm_provider_tx(&mut tx, id).await?;
        tx.commit().await?;
        if let Some(reference) = &current.key_ref {
            self.forget_key(reference).await;
        }
        self.llm.forget(id);
        Ok(())
    }

    /// The provider row is gone or no longer points at the key: a key left behind is only clutter, so a
    /// keychain that cannot be reached now does not undo the change.
    async fn forget_key(&self, reference: &str) {
        if let Err(e) = self.llm.secrets().delete_async(reference).await {
            tracing::warn!(error = %e, "could not delete a provider key from the keychain");
        }
    }

    /// One real, minimal call to the provider, whatever its breaker says; recorded in the usage ledger.
    /// With a sink, the answer is streamed to it as it arrives.
    pub async fn test_provider(&self, id: i64, sink: Option<DeltaSink>) -> Result<ProviderTest> {
        let record = self.provider_record(id).await?;
        let router = self.llm.router_for(&record).await?;
        let mut request = CompletionRequest::new("Reply with the single word OK.");
        request.max_tokens = 16;
        request.temperature = Some(0.0);
        let call = LlmCall { cache: CachePolicy { bypass: true, ..Default::default() }, ..LlmCall::new(Purpose::Classify, request) };
        let answer = router.probe(&record.name, None, &call, sink.as_ref()).await?;
        Ok(ProviderTest {
            provider: answer.provider,
            model: answer.model,
            latency_ms: answer.latency.as_millis() as u64,
            input_tokens: answer.usage.input,
            output_tokens: answer.usage.output,
            cost_usd: answer.cost_micros as f64 / 1_000_000.0,
            answer: answer.text.trim().chars().take(200).collect(),
        })
    }

    /// A model call through the purpose's fallback chain, with the cache, limits, budget and ledger.
    pub async fn complete(&self, call: &LlmCall) -> Result<LlmAnswer> {
        Ok(self.llm.router().await?.complete(call).await?)
    }

    /// Like `complete`, sending the answer's text to `sink` as it arrives (drafts shown live).
    pub async fn complete_streaming(&self, call: &LlmCall, sink: DeltaSink) -> Result<LlmAnswer> {
        Ok(self.llm.router().await?.stream(call, sink).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_credentials_are_refused() {
        assert!(check_base_url("https://api.openai.com/v1").is_ok());
        assert!(check_base_url("http://user:sk-123@localhost:11434/v1").is_err());
        assert!(check_base_url("https://generativelanguage.googleapis.com/v1beta?key=AIza123").is_err());
        assert!(check_base_url("ftp://example.com").is_err());
    }

    #[test]
    fn the_preset_supplies_kind_and_address() {
        let f = fields(
            &ProviderInput { name: "Groq".into(), preset: Some(ProviderPreset::Groq), model: "m".into(), ..Default::default() },
            None,
        )
        .unwrap();
        assert_eq!((f.kind, f.base_url.as_str()), (ProviderKind::Openai, "https://api.groq.com/openai/v1"));
        let clash = ProviderInput {
            name: "x".into(),
            preset: Some(ProviderPreset::Gemini),
            kind: Some(ProviderKind::Anthropic),
            model: "m".into(),
            ..Default::default()
        };
        assert!(fields(&clash, None).is_err());
    }
}
