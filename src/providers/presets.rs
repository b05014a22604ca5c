//! The services a provider can be created from, with their protocol, address and usual model.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::llm::ProviderKind;

/// A known service, so the user picks a name instead of typing an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProviderPreset {
    Openai,
    Groq,
    Openrouter,
    Ollama,
    Lmstudio,
    Anthropic,
    Gemini,
    /// Any server speaking one of the three protocols, at an address the user gives.
    Custom,
}

/// What the "add provider" form offers for a preset.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PresetInfo {
    pub preset: ProviderPreset,
    pub label: String,
    pub kind: Option<ProviderKind>,
    pub base_url: Option<String>,
    pub needs_key: bool,
    pub suggested_model: Option<String>,
}

impl ProviderPreset {
    pub const ALL: [ProviderPreset; 8] = [
        ProviderPreset::Openai,
        ProviderPreset::Groq,
        ProviderPreset::Openrouter,
        ProviderPreset::Ollama,
        ProviderPreset::Lmstudio,
        ProviderPreset::Anthropic,
        ProviderPreset::Gemini,
        ProviderPreset::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderPreset::Openai => "openai",
            ProviderPreset::Groq => "groq",
            ProviderPreset::Openrouter => "openrouter",
            ProviderPreset::Ollama => "ollama",
            ProviderPreset::Lmstudio => "lmstudio",
            ProviderPreset::Anthropic => "anthropic",
            ProviderPreset::Gemini => "gemini",
            ProviderPreset::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-', '_'], "");
        ProviderPreset::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn info(self) -> PresetInfo {
        let (label, kind, base_url, needs_key, model) = match self {
            ProviderPreset::Openai => ("OpenAI", Some(ProviderKind::Openai), Some("https://api.openai.com/v1"), true, Some("gpt-4o-mini")),
            ProviderPreset::Groq => {
                ("Groq", Some(ProviderKind::Openai), Some("https://api.groq.com/openai/v1"), true, Some("llama-3.1-8b-instant"))
            }
            ProviderPreset::Openrouter => {
                ("OpenRouter", Some(ProviderKind::Openai), Some("https://openrouter.ai/api/v1"), true, Some("openai/gpt-4o-mini"))
            }
            ProviderPreset::Ollama => {
                ("Ollama (this computer)", Some(ProviderKind::Openai), Some("http://localhost:11434/v1"), false, Some("llama3.2"))
            }
            ProviderPreset::Lmstudio => {
                ("LM Studio (this computer)", Some(ProviderKind::Openai), Some("http://localhost:1234/v1"), false, None)
            }
            ProviderPreset::Anthropic => {
                ("Anthropic", Some(ProviderKind::Anthropic), Some("https://api.anthropic.com"), true, Some("claude-3-5-haiku-latest"))
            }
            ProviderPreset::Gemini => (
                "Google Gemini",
                Some(ProviderKind::Gemini),
                Some("https://generativelanguage.googleapis.com"),
                true,
                Some("gemini-2.5-flash"),
            ),
            ProviderPreset::Custom => ("Other (any address)", None, None, false, None),
        };
        PresetInfo {
            preset: self,
            label: label.into(),
            kind,
            base_url: base_url.map(Into::into),
            needs_key,
            suggested_model: model.map(Into::into),
        }
    }
}
