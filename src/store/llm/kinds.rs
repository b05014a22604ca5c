//! The names the store keeps for the AI layer: what an answer is for, and the protocol a provider speaks.
//! The `llm` module uses them; they live here so the store depends on nothing above it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an answer is for. Each purpose has its own fallback chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Purpose {
    Research,
    Opener,
    Draft,
    Classify,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [Purpose::Research, Purpose::Opener, Purpose::Draft, Purpose::Classify];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Research => "research",
            Purpose::Opener => "opener",
            Purpose::Draft => "draft",
            Purpose::Classify => "classify",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s.trim().to_ascii_lowercase())
    }
}

impl std::fmt::Display for Purpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The wire protocol a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProviderKind {
    /// OpenAI-compatible chat completions (OpenAI, Groq, OpenRouter, Ollama, LM Studio, …).
    Openai,
    /// Anthropic Messages.
    Anthropic,
    /// Google Gemini generateContent.
    Gemini,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Openai => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Gemini => "gemini",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "openai" => Some(ProviderKind::Openai),
            "anthropic" => Some(ProviderKind::Anthropic),
            "gemini" => Some(ProviderKind::Gemini),
            _ => None,
        }
    }
}
