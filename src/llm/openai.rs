//! OpenAI-compatible chat completions: OpenAI, Groq, OpenRouter, Ollama, LM Studio and any server that
//! speaks `POST {base}/chat/completions`.

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::LlmError;
use super::http::{self, join, secret_header};
use super::provider::{Endpoint, LlmResult, Provider, TextSink};
use super::types::{Completion, CompletionRequest, FinishReason, ProviderKind, Role, TokenUsage};

pub struct OpenAi {
    endpoint: Endpoint,
    http: reqwest::Client,
}

impl OpenAi {
    pub fn new(endpoint: Endpoint, http: reqwest::Client) -> OpenAi {
        OpenAi { endpoint, http }
    }

    fn body(&self, model: &str, req: &CompletionRequest, stream: bool) -> Value {
        let mut messages = Vec::with_capacity(req.messages.len() + 1);
        if let Some(system) = &req.system {
            messages.push(json!({ "role": "system", "content": system }));
        }
        for m in &req.messages {
            let role = match m.role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            messages.push(json!({ "role": role, "content": m.content }));
        }
        let mut body = json!({ "model": model, "messages": messages });
        // OpenAI's own newer models take only `max_completion_tokens`; compatible servers know `max_tokens`.
        let token_field = if self.endpoint.base_url.contains("api.openai.com") { "max_completion_tokens" } else { "max_tokens" };
        body[token_field] = json!(req.max_tokens);
        if let Some(t) = req.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(spec) = &req.json {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": { "name": spec.name, "schema": spec.schema, "strict": spec.strict },
            });
        }
        if stream {
            body["stream"] = json!(true);
            body["stream_options"] = json!({ "include_usage": true });
        }
        body
    }

    fn request(&self, model: &str, req: &CompletionRequest, stream: bool) -> reqwest::RequestBuilder {
        let mut builder = self.http.post(join(&self.endpoint.base_url, "chat/completions")).json(&self.body(model, req, stream));
        if let Some(key) = &self.endpoint.key {
            builder = builder.header(reqwest::header::AUTHORIZATION, secret_header(&format!("Bearer {}", key.expose_secret().trim())));
        }
        builder
    }

    fn refused(&self, reason: impl Into<String>) -> LlmError {
        LlmError::Refused { provider: self.endpoint.label.clone(), reason: reason.into() }
    }

    async fn complete_inner(&self, model: &str, req: &CompletionRequest) -> LlmResult<Completion> {
        let response = http::send(&self.endpoint, model, self.request(model, req, false), true).await?;
        let answer: ChatResponse = http::json_body(&self.endpoint, response).await?;
        self.completion(model, req, answer)
    }

    /// A whole (not streamed) answer as a completion.
    fn completion(&self, model: &str, req: &CompletionRequest, answer: ChatResponse) -> LlmResult<Completion> {
        let choice = answer
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| LlmError::Malformed { provider: self.endpoint.label.clone(), detail: "the answer has no choices".into() })?;
        if let Some(refusal) = choice.message.refusal.filter(|r| !r.is_empty()) {
            return Err(self.refused(format!("the model refused: {}", truncate(&refusal))));
        }
        let finish = finish_reason(choice.finish_reason.as_deref());
        if matches!(&finish, FinishReason::Other(r) if r == "content_filter") {
            return Err(self.refused("content filter"));
        }
        let text = choice.message.content.unwrap_or_default();
        let usage =
            answer.usage.map_or_else(|| estimate(req, &text), |u| TokenUsage { input: u.prompt_tokens, output: u.completion_tokens });
        Ok(Completion { text, model: answer.model.unwrap_or_else(|| model.to_string()), usage, finish })
    }

    async fn stream_inner(&self, model: &str, req: &CompletionRequest, sink: TextSink<'_>) -> LlmResult<Completion> {
        let response = http::send(&self.endpoint, model, self.request(model, req, true), false).await?;
        // Some OpenAI-compatible servers ignore `stream` and answer whole: that answer is the stream's one piece.
        let json = response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
        if json {
            let answer: ChatResponse = http::json_body(&self.endpoint, response).await?;
            let completion = self.completion(model, req, answer)?;
            sink(&completion.text);
            return Ok(completion);
        }
        let mut events = Box::pin(http::sse(&self.endpoint, response));
        let (mut text, mut usage, mut finish, mut answered_model, mut done) = (String::new(), None, None, None, false);
        while let Some(event) = events.next().await {
            let event = event?;
            let data = event.data.trim();
            if data == "[DONE]" {
                done = true;
                break;
            }
            if data.is_empty() {
                continue;
            }
            let chunk: StreamChunk = http::decode(&self.endpoint, data)?;
            if let Some(error) = chunk.error {
                let body = http::parse_error_body(&json!({ "error": error }).to_string());
                return Err(http::classify(&self.endpoint, model, reqwest::StatusCode::INTERNAL_SERVER_ERROR, None, &body));
            }
            answered_model = answered_model.or(chunk.model);
            if let Some(u) = chunk.usage {
                usage = Some(TokenUsage { input: u.prompt_tokens, output: u.completion_tokens });
            }
            for choice in chunk.choices {
                if let Some(refusal) = choice.delta.refusal.filter(|r| !r.is_empty()) {
                    return Err(self.refused(format!("the model refused: {}", truncate(&refusal))));
                }
                if let Some(piece) = choice.delta.content.filter(|c| !c.is_empty()) {
                    sink(&piece);
                    text.push_str(&piece);
                }
                if let Some(reason) = choice.finish_reason {
                    finish = Some(finish_reason(Some(&reason)));
                }
            }
        }
        if matches!(&finish, Some(FinishReason::Other(r)) if r == "content_filter") {
            return Err(self.refused("content filter"));
        }
        if !done && finish.is_none() {
            return Err(LlmError::Malformed { provider: self.endpoint.label.clone(), detail: "the answer was cut off".into() });
        }
        let usage = usage.unwrap_or_else(|| estimate(req, &text));
        Ok(Completion {
            text,
            model: answered_model.unwrap_or_else(|| model.to_string()),
            usage,
            finish: finish.unwrap_or(FinishReason::Stop),
        })
    }
}

impl Provider for OpenAi {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Openai
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

fn finish_reason(reason: Option<&str>) -> FinishReason {
    match reason {
        None | Some("stop") => FinishReason::Stop,
        Some("length") => FinishReason::Length,
        Some(other) => FinishReason::Other(other.to_string()),
    }
}

/// Some compatible servers report no usage; the ledger then counts an estimate.
pub(super) fn estimate(req: &CompletionRequest, text: &str) -> TokenUsage {
    TokenUsage { input: req.estimated_input_tokens(), output: (text.len() / 4 + 1) as u32 }
}

pub(super) fn truncate(s: &str) -> String {
    s.chars().take(200).collect()
}

#[derive(Deserialize)]
struct ChatResponse {
    model: Option<String>,
    #[serde(default)]
    choices: Vec<Choice>,
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Choice {
    message: ChoiceMessage,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct ChoiceMessage {
    content: Option<String>,
    refusal: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    #[serde(default)]
    prompt_tokens: u32,
    #[serde(default)]
    completion_tokens: u32,
}

#[derive(Deserialize)]
struct StreamChunk {
    model: Option<String>,
    #[serde(default)]
    choices: Vec<StreamChoice>,
    usage: Option<Usage>,
    error: Option<Value>,
}

#[derive(Deserialize)]
struct StreamChoice {
    #[serde(default)]
    delta: Delta,
    finish_reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct Delta {
    content: Option<String>,
    refusal: Option<String>,
}
