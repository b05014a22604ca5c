//! Google Gemini `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`.

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::LlmError;
use super::http::{self, join, secret_header};
use super::openai::estimate;
use super::provider::{Endpoint, LlmResult, Provider, TextSink};
use super::types::{Completion, CompletionRequest, FinishReason, ProviderKind, Role, TokenUsage};

pub struct Gemini {
    endpoint: Endpoint,
    http: reqwest::Client,
}

/// Finish reasons that mean the answer was withheld for its content.
const BLOCKED: &[&str] = &["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE"];

impl Gemini {
    pub fn new(endpoint: Endpoint, http: reqwest::Client) -> Gemini {
        Gemini { endpoint, http }
    }

    fn url(&self, model: &str, stream: bool) -> String {
        let base = self.endpoint.base_url.trim_end_matches('/');
        let base = if base.ends_with("/v1beta") || base.ends_with("/v1") { base.to_string() } else { join(base, "v1beta") };
        let model = model.trim_start_matches("models/");
        if stream {
            join(&base, &format!("models/{model}:streamGenerateContent?alt=sse"))
        } else {
            join(&base, &format!("models/{model}:generateContent"))
        }
    }

    fn body(&self, req: &CompletionRequest) -> Value {
        let contents: Vec<Value> = req
            .messages
            .iter()
            .map(|m| {
                let role = match m.role {
                    Role::User => "user",
                    Role::Assistant => "model",
                };
                json!({ "role": role, "parts": [{ "text": m.content }] })
            })
            .collect();
        let mut config = json!({ "maxOutputTokens": req.max_tokens });
        if let Some(t) = req.temperature {
            config["temperature"] = json!(t);
        }
        if let Some(spec) = &req.json {
            config["responseMimeType"] = json!("application/json");
            config["responseJsonSchema"] = spec.schema.clone();
        }
        let mut body = json!({ "contents": contents, "generationConfig": config });
        if let Some(system) = &req.system {
            body["systemInstruction"] = json!({ "parts": [{ "text": system }] });
        }
        body
    }

    fn request(&self, model: &str, req: &CompletionRequest, stream: bool) -> reqwest::RequestBuilder {
        let mut builder = self.http.post(self.url(model, stream)).json(&self.body(req));
        if let Some(key) = &self.endpoint.key {
            builder = builder.header("x-goog-api-key", secret_header(key.expose_secret().trim()));
        }
        builder
    }

    fn refused(&self, reason: &str) -> LlmError {
        LlmError::Refused { provider: self.endpoint.label.clone(), reason: format!("blocked: {}", reason.to_ascii_lowercase()) }
    }

    /// Reads one response (or one streamed chunk): its text, and whether it ends the answer.
    fn read(&self, answer: &GenerateResponse) -> LlmResult<(String, Option<FinishReason>)> {
        if let Some(reason) = answer.prompt_feedback.as_ref().and_then(|f| f.block_reason.as_deref()) {
            return Err(self.refused(reason));
        }
        let Some(candidate) = answer.candidates.first() else {
            return Ok((String::new(), None));
        };
        if let Some(reason) = candidate.finish_reason.as_deref().filter(|r| BLOCKED.contains(r)) {
            return Err(self.refused(reason));
        }
        let text = candidate
            .content
            .as_ref()
            .map(|c| c.parts.iter().filter(|p| !p.thought).filter_map(|p| p.text.as_deref()).collect::<String>())
            .unwrap_or_default();
        let finish = candidate.finish_reason.as_deref().map(|r| match r {
            "STOP" => FinishReason::Stop,
            "MAX_TOKENS" => FinishReason::Length,
            other => FinishReason::Other(other.to_string()),
        });
        Ok((text, finish))
    }

    async fn complete_inner(&self, model: &str, req: &CompletionRequest) -> LlmResult<Completion> {
        let response = http::send(&self.endpoint, model, self.request(model, req, false), true).await?;
        let answer: GenerateResponse = http::json_body(&self.endpoint, response).await?;
        let (text, finish) = self.read(&answer)?;
        if answer.candidates.is_empty() {
            return Err(LlmError::Malformed { provider: self.endpoint.label.clone(), detail: "the answer has no candidates".into() });
        }
        let usage = answer.usage_metadata.as_ref().map_or_else(|| estimate(req, &text), UsageMetadata::tokens);
        Ok(Completion {
            text,
            model: answer.model_version.unwrap_or_else(|| model.to_string()),
            usage,
            finish: finish.unwrap_or(FinishReason::Stop),
        })
    }

    async fn stream_inner(&self, model: &str, req: &CompletionRequest, sink: TextSink<'_>) -> LlmResult<Completion> {
        let response = http::send(&self.endpoint, model, self.request(model, req, true), false).await?;
        let mut events = Box::pin(http::sse(&self.endpoint, response));
        let (mut text, mut usage, mut finish, mut answered_model) = (String::new(), None, None, None);
        while let Some(event) = events.next().await {
            let event = event?;
            if event.data.trim().is_empty() {
                continue;
            }
            let chunk: GenerateResponse = http::decode(&self.endpoint, &event.data)?;
            let (piece, chunk_finish) = self.read(&chunk)?;
            if !piece.is_empty() {
                sink(&piece);
                text.push_str(&piece);
            }
            usage = chunk.usage_metadata.as_ref().map(UsageMetadata::tokens).or(usage);
            answered_model = chunk.model_version.or(answered_model);
            finish = chunk_finish.or(finish);
        }
        let Some(finish) = finish else {
            return Err(LlmError::Malformed { provider: self.endpoint.label.clone(), detail: "the answer was cut off".into() });
        };
        let usage = usage.unwrap_or_else(|| estimate(req, &text));
        Ok(Completion { text, model: answered_model.unwrap_or_else(|| model.to_string()), usage, finish })
    }
}

impl Provider for Gemini {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Gemini
    }

    fn label(&self) -> &str {
        &self.endpoint.label
    }

    fn complete<'a>(&'a self, model: &'a str, request: &'a CompletionRequest) -> BoxFuture<'a, LlmResult<Completion>> {
        Box::pin(self.complete_inner(model, request))
    }

    fn stream<'a>(&'a self, model: &'a str, request: &'a CompletionRequest, sink: TextSink<'a>) -> BoxFuture<'a, LlmResult<Completion>> {
        Box::pin(self.stream_inner(model, request, sink))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenerateResponse {
    #[serde(default)]
    candidates: Vec<Candidate>,
    prompt_feedback: Option<PromptFeedback>,
    usage_metadata: Option<UsageMetadata>,
    model_version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Candidate {
    content: Option<Content>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Part {
    text: Option<String>,
    #[serde(default)]
    thought: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PromptFeedback {
    block_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageMetadata {
    #[serde(default)]
    prompt_token_count: u32,
    #[serde(default)]
    candidates_token_count: u32,
    /// Thinking tokens are billed as output.
    #[serde(default)]
    thoughts_token_count: u32,
}

impl UsageMetadata {
    fn tokens(&self) -> TokenUsage {
        TokenUsage { input: self.prompt_token_count, output: self.candidates_token_count + self.thoughts_token_count }
    }
}
