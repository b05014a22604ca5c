//! Test harness for the LLM layer: an engine on a temp database with in-memory secrets and a fast retry
//! policy, wiremock servers on 127.0.0.1 speaking each provider's real wire format, and responders that
//! record when each request arrived.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reach::api::providers::{ProviderInput, ProviderView, RouteStepInput};
use reach::llm::{BreakerConfig, CompletionRequest, LlmCall, ProviderKind, Purpose, RetryPolicy};
use reach::secrets::SecretStore;
use reach::{Engine, RunnerConfig};
use secrecy::SecretString;
use serde_json::{json, Value};
use tempfile::TempDir;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Retries, backoff and breaker shrunk to milliseconds so tests run fast; the behaviour is the same.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(40),
        retry_after_cap: Duration::from_secs(5),
        breaker: BreakerConfig { failure_threshold: 3, cooldown: Duration::from_millis(400) },
        rate_window: Duration::from_secs(60),
    }
}

pub struct LlmEnv {
    pub dir: TempDir,
    pub engine: Engine,
}

impl LlmEnv {
    pub async fn new() -> LlmEnv {
        LlmEnv::with_policy(fast_policy()).await
    }

    pub async fn with_policy(policy: RetryPolicy) -> LlmEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = RunnerConfig { lease: Duration::from_secs(5) };
        let engine = Engine::open_with_secrets(&dir.path().join("reach.db"), config, SecretStore::memory()).await.expect("engine opens");
        engine.llm().set_policy(policy);
        LlmEnv { dir, engine }
    }

    /// Adds a provider of `kind` at `base_url` with a key and default model "m-<name>".
    pub async fn provider(&self, name: &str, kind: ProviderKind, base_url: &str) -> ProviderView {
        self.provider_with(name, kind, base_url, |_| {}).await
    }

    pub async fn provider_with(
        &self,
        name: &str,
        kind: ProviderKind,
        base_url: &str,
        edit: impl FnOnce(&mut ProviderInput),
    ) -> ProviderView {
        let mut input = ProviderInput {
            name: name.into(),
            kind: Some(kind),
            base_url: Some(base_url.into()),
            model: format!("m-{name}"),
            timeout_secs: Some(5),
            ..Default::default()
        };
        edit(&mut input);
        self.engine.add_provider(&input, Some(SecretString::from(format!("sk-test-{name}-0123456789")))).await.expect("provider added")
    }

    pub async fn route(&self, purpose: Purpose, providers: &[&ProviderView]) {
        let steps: Vec<RouteStepInput> = providers.iter().map(|p| RouteStepInput { provider_id: p.id, model: None }).collect();
        self.engine.set_route(purpose, &steps).await.expect("route set");
    }

    pub async fn workspace(&self, name: &str) -> i64 {
        self.engine.create_workspace(name).await.expect("workspace").id
    }
}

pub fn call(prompt: &str) -> LlmCall {
    let mut request = CompletionRequest::new(prompt);
    request.max_tokens = 64;
    LlmCall::new(Purpose::Draft, request)
}

/// The base URL a provider of `kind` is configured with for a mock server.
pub fn base_url(kind: ProviderKind, server: &MockServer) -> String {
    match kind {
        ProviderKind::Openai => format!("{}/v1", server.uri()),
        ProviderKind::Anthropic | ProviderKind::Gemini => server.uri(),
    }
}

/// The path regex of a kind's completion endpoint.
pub fn endpoint_path(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Openai => r"^/v1/chat/completions$",
        ProviderKind::Anthropic => r"^/v1/messages$",
        ProviderKind::Gemini => r"^/v1beta/models/[^/]+:(generateContent|streamGenerateContent)$",
    }
}

/// Answers every request at the kind's endpoint with these responses in turn (the last one repeats),
/// and records when each request arrived.
pub async fn serve(server: &MockServer, kind: ProviderKind, responses: Vec<ResponseTemplate>) -> Recorder {
    let recorder = Recorder::new(responses);
    Mock::given(method("POST")).and(path_regex(endpoint_path(kind))).respond_with(recorder.clone()).mount(server).await;
    recorder
}

#[derive(Clone)]
pub struct Recorder {
    responses: Arc<Vec<ResponseTemplate>>,
    next: Arc<AtomicUsize>,
    pub arrivals: Arc<Mutex<Vec<Instant>>>,
    pub bodies: Arc<Mutex<Vec<Value>>>,
}

impl Recorder {
    fn new(responses: Vec<ResponseTemplate>) -> Recorder {
        assert!(!responses.is_empty(), "a recorder needs at least one response");
        Recorder { responses: Arc::new(responses), next: Arc::default(), arrivals: Arc::default(), bodies: Arc::default() }
    }

    pub fn count(&self) -> usize {
        self.arrivals.lock().unwrap().len()
    }

    pub fn times(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }

    pub fn body(&self, i: usize) -> Value {
        self.bodies.lock().unwrap()[i].clone()
    }
}

impl Respond for Recorder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.arrivals.lock().unwrap().push(Instant::now());
        self.bodies.lock().unwrap().push(serde_json::from_slice(&request.body).unwrap_or(Value::Null));
        let i = self.next.fetch_add(1, Ordering::SeqCst).min(self.responses.len() - 1);
        self.responses[i].clone()
    }
}

/// A port on 127.0.0.1 where nothing listens: connecting is refused.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/v1")
}

// ---- answers in each provider's wire format ----

pub fn ok(kind: ProviderKind, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(answer_json(kind, text, 11, 7))
}

pub fn answer_json(kind: ProviderKind, text: &str, input: u32, output: u32) -> Value {
    match kind {
        ProviderKind::Openai => json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1_764_000_000, "model": "m-answered",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": text, "refusal": null }, "logprobs": null, "finish_reason": "stop" }],
            "usage": { "prompt_tokens": input, "completion_tokens": output, "total_tokens": input + output }
        }),
        ProviderKind::Anthropic => json!({
            "id": "msg_1", "type": "message", "role": "assistant", "model": "m-answered",
            "content": [{ "type": "text", "text": text }],
            "stop_reason": "end_turn", "stop_sequence": null,
            "usage": { "input_tokens": input, "output_tokens": output }
        }),
        ProviderKind::Gemini => json!({
            "candidates": [{ "content": { "parts": [{ "text": text }], "role": "model" }, "finishReason": "STOP", "index": 0 }],
            "usageMetadata": { "promptTokenCount": input, "candidatesTokenCount": output, "totalTokenCount": input + output },
            "modelVersion": "m-answered"
        }),
    }
}

/// A streamed answer, in pieces, with usage at the end.
pub fn stream(kind: ProviderKind, pieces: &[&str]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(sse_body(kind, pieces, true), "text/event-stream")
}

/// A stream that stops in the middle (no end event).
pub fn cut_stream(kind: ProviderKind, pieces: &[&str]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(sse_body(kind, pieces, false), "text/event-stream")
}

pub fn sse_body(kind: ProviderKind, pieces: &[&str], complete: bool) -> String {
    let mut out = String::new();
    let mut data = |event: Option<&str>, v: Value| {
        if let Some(e) = event {
            out.push_str(&format!("event: {e}\n"));
        }
        out.push_str(&format!("data: {v}\n\n"));
    };
    match kind {
        ProviderKind::Openai => {
            data(
                None,
                json!({ "id": "c", "object": "chat.completion.chunk", "model": "m-answered", "choices": [{ "index": 0, "delta": { "role": "assistant", "content": "" }, "finish_reason": null }] }),
            );
            for p in pieces {
                data(
                    None,
                    json!({ "id": "c", "object": "chat.completion.chunk", "model": "m-answered", "choices": [{ "index": 0, "delta": { "content": p }, "finish_reason": null }] }),
                );
            }
            if complete {
                data(
                    None,
                    json!({ "id": "c", "object": "chat.completion.chunk", "model": "m-answered", "choices": [{ "index": 0, "delta": {}, "finish_reason": "stop" }] }),
                );
                data(
                    None,
                    json!({ "id": "c", "object": "chat.completion.chunk", "model": "m-answered", "choices": [], "usage": { "prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14 } }),
                );
                out.push_str("data: [DONE]\n\n");
            }
        }
        ProviderKind::Anthropic => {
            data(
                Some("message_start"),
                json!({ "type": "message_start", "message": { "id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "m-answered", "stop_reason": null, "stop_sequence": null, "usage": { "input_tokens": 9, "output_tokens": 1 } } }),
            );
            data(
                Some("content_block_start"),
                json!({ "type": "content_block_start", "index": 0, "content_block": { "type": "text", "text": "" } }),
            );
            data(Some("ping"), json!({ "type": "ping" }));
            for p in pieces {
                data(
                    Some("content_block_delta"),
                    json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": p } }),
                );
            }
            if complete {
                data(Some("content_block_stop"), json!({ "type": "content_block_stop", "index": 0 }));
                data(
                    Some("message_delta"),
                    json!({ "type": "message_delta", "delta": { "stop_reason": "end_turn", "stop_sequence": null }, "usage": { "output_tokens": 5 } }),
                );
                data(Some("message_stop"), json!({ "type": "message_stop" }));
            }
        }
        ProviderKind::Gemini => {
            for (i, p) in pieces.iter().enumerate() {
                let last = complete && i + 1 == pieces.len();
                let mut chunk = json!({ "candidates": [{ "content": { "parts": [{ "text": p }], "role": "model" }, "index": 0 }], "modelVersion": "m-answered" });
                if last {
                    chunk["candidates"][0]["finishReason"] = json!("STOP");
                    chunk["usageMetadata"] = json!({ "promptTokenCount": 9, "candidatesTokenCount": 5, "totalTokenCount": 14 });
                }
                data(None, chunk);
            }
        }
    }
    out
}

// ---- errors in each provider's wire format ----

pub fn error(kind: ProviderKind, status: u16, message: &str) -> ResponseTemplate {
    let body = match kind {
        ProviderKind::Openai => {
            let (ty, code) = match status {
                401 => ("invalid_request_error", "invalid_api_key"),
                404 => ("invalid_request_error", "model_not_found"),
                429 => ("requests", "rate_limit_exceeded"),
                _ => ("server_error", "server_error"),
            };
            json!({ "error": { "message": message, "type": ty, "param": null, "code": code } })
        }
        ProviderKind::Anthropic => {
            let ty = match status {
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                400 => "invalid_request_error",
                _ => "api_error",
            };
            json!({ "type": "error", "error": { "type": ty, "message": message } })
        }
        ProviderKind::Gemini => {
            let st = match status {
                400 => "INVALID_ARGUMENT",
                403 => "PERMISSION_DENIED",
                404 => "NOT_FOUND",
                429 => "RESOURCE_EXHAUSTED",
                503 => "UNAVAILABLE",
                _ => "INTERNAL",
            };
            json!({ "error": { "code": status, "message": message, "status": st } })
        }
    };
    ResponseTemplate::new(status).set_body_json(body)
}

/// Counts requests inside every window of `window` (closed on the left, open on the right) and returns
/// the largest count.
pub fn max_in_window(times: &[Instant], window: Duration) -> usize {
    let mut sorted = times.to_vec();
    sorted.sort();
    (0..sorted.len()).map(|i| sorted[i..].iter().take_while(|t| t.duration_since(sorted[i]) < window).count()).max().unwrap_or(0)
}
