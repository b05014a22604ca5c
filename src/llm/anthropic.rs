//! The Anthropic Messages API (`POST {base}/v1/messages`).

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

const VERSION: &str = "2023-06-01";

pub struct Anthropic {
    endpoint: Endpoint,
    http: reqwest::Client,
}

impl Anthropic {
    pub fn new(endpoint: Endpoint, http: reqwest::Client) -> Anthropic {
        Anthropic { endpoint, http }
    }

    fn url(&self) -> String {
        let base = self.endpoint.base_url.trim_end_matches('/');
        if base.ends_with("/v1") {
            join(base, "messages")
        } else {
            join(base, "v1/messages")
        }
    }

    fn body(&self, model: &str, req: &CompletionRequest, stream: bool) -> Value {
        let messages: Vec<Value> = req
            .messages
            .iter()
            .map(|m| {
                let role = match m.role {
                    Role::User => "user",
                    Role::Assistant => "assistant",
                };
                json!({ "role": role, "content": m.content })
            })
            .collect();
        let mut body = json!({ "model": model, "max_tokens": req.max_tokens, "messages": messages });
        if let Some(system) = &req.system {
            body["system"] = json!(system);
        }
        if let Some(t) = req.temperature {
            body["temperature"] = json!(t);
        }
        // Structured output through a forced tool call: the tool's input is the answer, shaped by the schema.
        if let Some(spec) = &req.json {
            body["tools"] = json!([{ "name": spec.name, "description": "Record the answer.", "input_schema": spec.schema }]);
            body["tool_choice"] = json!({ "type": "tool", "name": spec.name });
        }
        if stream {
            body["stream"] = json!(true);
        }
        body
    }

    fn request(&self, model: &str, req: &CompletionRequest, stream: bool) -> reqwest::RequestBuilder {
        let mut builder = self.http.post(self.url()).header("anthropic-version", VERSION).json(&self.body(model, req, stream));
        if let Some(key) = &self.endpoint.key {
            builder = builder.header("x-api-key", secret_header(key.expose_secret().trim()));
        }
        builder
    }

    fn finish(&self, stop_reason: Option<&str>) -> LlmResult<FinishReason> {
        match stop_reason {
            Some("refusal") => Err(LlmError::Refused { provider: self.endpoint.label.clone(), reason: "the model refused".into() }),
            None | Some("end_turn") | Some("stop_sequence") | Some("tool_use") => Ok(FinishReason::Stop),
            Some("max_tokens") => Ok(FinishReason::Length),
            Some(other) => Ok(FinishReason::Other(other.to_string())),
        }
    }

    async fn complete_inner(&self, model: &str, req: &CompletionRequest) -> LlmResult<Completion> {
        let response = http::send(&self.endpoint, model, self.request(model, req, false), true).await?;
        let answer: MessageResponse = http::json_body(&self.endpoint, response).await?;
        let finish = self.finish(answer.stop_reason.as_deref())?;
        let mut text = String::new();
        for block in answer.content {
            match block {
                Block::Text { text: t } => text.push_str(&t),
                Block::ToolUse { input } => text = input.to_string(),
                Block::Other => {}
            }
        }
        let usage = answer.usage.map_or_else(|| estimate(req, &text), |u| TokenUsage { input: u.input_tokens, output: u.output_tokens });
        Ok(Completion { text, model: answer.model.unwrap_or_else(|| model.to_string()), usage, finish })
    }

    async fn stream_inner(&self, model: &str, req: &CompletionRequest, sink: TextSink<'_>) -> LlmResult<Completion> {
        let response = http::send(&self.endpoint, model, self.request(model, req, true), false).await?;
        let mut events = Box::pin(http::sse(&self.endpoint, response));
        let mut text = String::new();
        let mut usage = TokenUsage::default();
        let (mut finish, mut answered_model, mut stopped) = (None, None, false);
        while let Some(event) = events.next().await {
            let event = event?;
            if event.data.trim().is_empty() {
                continue;
            }
            let data: StreamEvent = http::decode(&self.endpoint, &event.data)?;
            match data {
                StreamEvent::MessageStart { message } => {
                    answered_model = message.model;
                    if let Some(u) = message.usage {
                        usage = TokenUsage { input: u.input_tokens, output: u.output_tokens };
                    }
                }
                StreamEvent::ContentBlockDelta { delta } => {
                    if let Some(piece) = delta.text.or(delta.partial_json).filter(|t| !t.is_empty()) {
                        sink(&piece);
                        text.push_str(&piece);
                    }
                }
                StreamEvent::MessageDelta { delta, usage: u } => {
                    if let Some(u) = u {
                        // The final count is cumulative; input appears here only on some versions.
                        usage.output = u.output_tokens;
                        if u.input_tokens > 0 {
                            usage.input = u.input_tokens;
                        }
                    }
                    finish = Some(self.finish(delta.stop_reason.as_deref())?);
                }
                StreamEvent::MessageStop => {
                    stopped = true;
                    break;
                }
                StreamEvent::Error { error } => {
                    let body = http::parse_error_body(&json!({ "error": error }).to_string());
                    let status = match body.kind.as_str() {
                        "overloaded_error" => 529,
                        "rate_limit_error" => 429,
                        "authentication_error" => 401,
                        "permission_error" => 403,
                        "not_found_error" => 404,
                        "invalid_request_error" => 400,
                        _ => 500,
                    };
                    let status = reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::INTERNAL_SERVER_ERROR);
                    return Err(http::classify(&self.endpoint, model, status, None, &body));
                }
                StreamEvent::Other => {}
            }
        }
        if !stopped && finish.is_none() {
            return Err(LlmError::Malformed { provider: self.endpoint.label.clone(), detail: "the answer was cut off".into() });
        }
        Ok(Completion {
            text,
            model: answered_model.unwrap_or_else(|| model.to_string()),
            usage,
            finish: finish.unwrap_or(FinishReason::Stop),
        })
    }
}

impl Provider for Anthropic {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Anthropic
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
struct MessageResponse {
    model: Option<String>,
    #[serde(default)]
    content: Vec<Block>,
    stop_reason: Option<String>,
    usage: Option<Usage>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Text {
        text: String,
    },
    ToolUse {
        input: Value,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Usage {
    #[serde(default)]
    input_tokens: u32,
    #[serde(default)]
    output_tokens: u32,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StreamEvent {
    MessageStart {
        message: StartMessage,
    },
    ContentBlockDelta {
        delta: BlockDelta,
    },
    MessageDelta {
        delta: MessageDeltaBody,
        usage: Option<Usage>,
    },
    MessageStop,
    Error {
        error: Value,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct StartMessage {
    model: Option<String>,
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct BlockDelta {
    text: Option<String>,
    partial_json: Option<String>,
}

#[derive(Deserialize)]
struct MessageDeltaBody {
    stop_reason: Option<String>,
}
