//! What goes into a model and what comes out, independent of any provider's wire format.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::store::llm::kinds::{ProviderKind, Purpose};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn user(content: impl Into<String>) -> Message {
        Message { role: Role::User, content: content.into() }
    }

    pub fn assistant(content: impl Into<String>) -> Message {
        Message { role: Role::Assistant, content: content.into() }
    }
}

/// Ask for a JSON answer matching this JSON Schema. Providers that can constrain their output to it do so;
/// the answer is validated either way and repaired once when it does not match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSpec {
    /// A short identifier for the schema (letters, digits, `_`), sent to providers that want one.
    pub name: String,
    pub schema: serde_json::Value,
    /// OpenAI "strict" structured outputs; needs a schema that closes every object.
    pub strict: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionRequest {
    pub system: Option<String>,
    pub messages: Vec<Message>,
    pub max_tokens: u32,
    pub temperature: Option<f32>,
    pub json: Option<JsonSpec>,
}

impl CompletionRequest {
    pub fn new(prompt: impl Into<String>) -> CompletionRequest {
        CompletionRequest { system: None, messages: vec![Message::user(prompt)], max_tokens: 512, temperature: None, json: None }
    }

    /// A rough count of the prompt's tokens (four characters a token), for rate limits and cost estimates
    /// before the provider reports the real figure.
    pub fn estimated_input_tokens(&self) -> u32 {
        let chars = self.system.as_deref().map_or(0, str::len)
            + self.messages.iter().map(|m| m.content.len() + 4).sum::<usize>()
            + self.json.as_ref().map_or(0, |j| j.schema.to_string().len());
        (chars / 4 + 1).min(u32::MAX as usize) as u32
    }

    /// The tokens a call may use at most: what rate limits and budget holds count before it is made.
    pub fn estimated_tokens(&self) -> u32 {
        self.estimated_input_tokens().saturating_add(self.max_tokens)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUsage {
    pub input: u32,
    pub output: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    Stop,
    /// Cut off at `max_tokens`.
    Length,
    Other(String),
}

/// A provider's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completion {
    pub text: String,
    /// The model that answered, as the provider names it.
    pub model: String,
    pub usage: TokenUsage,
    pub finish: FinishReason,
}

/// What a stream tells its listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEvent<'a> {
    /// More text of the answer.
    Delta(&'a str),
    /// Forget the text so far: the answer starts again (a retry or another provider).
    Restart,
}

/// A streamed answer's event as it crosses to the interface.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum StreamChunk {
    Delta { text: String },
    Restart,
}

impl From<StreamEvent<'_>> for StreamChunk {
    fn from(e: StreamEvent<'_>) -> Self {
        match e {
            StreamEvent::Delta(text) => StreamChunk::Delta { text: text.to_string() },
            StreamEvent::Restart => StreamChunk::Restart,
        }
    }
}

/// Receives a streamed answer as it arrives (the draft editor shows it live).
pub type DeltaSink = Arc<dyn Fn(StreamEvent<'_>) + Send + Sync>;
