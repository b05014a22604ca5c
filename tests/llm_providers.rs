//! Each provider client against a local server speaking that provider's real wire format: what it sends,
//! what it reads, streaming, structured output, and every fault mapped to its typed error.

mod llm_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use llm_support::*;
use reach::llm::{connect, http_client, CompletionRequest, Endpoint, JsonSpec, LlmError, Message, Provider, ProviderKind};
use rstest::rstest;
use secrecy::SecretString;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-wire-test-key-0042";

fn client(kind: ProviderKind, base_url: &str, key: Option<&str>) -> Arc<dyn Provider> {
    let endpoint = Endpoint {
        label: format!("My{}", kind.as_str()),
        kind,
        base_url: base_url.to_string(),
        key: key.map(|k| SecretString::from(k.to_string())),
        timeout: Duration::from_millis(800),
        clock: reach::Clock::system(),
    };
    connect(endpoint, http_client())
}

fn request() -> CompletionRequest {
    CompletionRequest {
        system: Some("You write one line.".into()),
        messages: vec![Message::user("Say hi to Ann")],
        max_tokens: 50,
        temperature: Some(0.2),
        json: None,
    }
}

fn schema() -> JsonSpec {
    JsonSpec {
        name: "opener".into(),
        schema: json!({ "type": "object", "required": ["line"], "properties": { "line": { "type": "string" } }, "additionalProperties": false }),
        strict: true,
    }
}

async fn collect_stream(p: &dyn Provider, model: &str, req: &CompletionRequest) -> (Result<reach::llm::Completion, LlmError>, Vec<String>) {
    let pieces = Mutex::new(Vec::new());
    let sink = |s: &str| pieces.lock().unwrap().push(s.to_string());
    let result = p.stream(model, req, &sink).await;
    (result, pieces.into_inner().unwrap())
}

#[tokio::test]
async fn openai_sends_chat_completions_with_bearer_key_and_reads_text_and_usage() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ok(ProviderKind::Openai, "Hi Ann!"))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(ProviderKind::Openai, &format!("{}/v1/", server.uri()), Some(KEY));
    let answer = p.complete("gpt-test", &request()).await.unwrap();
    assert_eq!(answer.text, "Hi Ann!");
    assert_eq!((answer.usage.input, answer.usage.output), (11, 7));
    let sent: serde_json::Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent["model"], "gpt-test");
    assert_eq!(sent["messages"][0], json!({ "role": "system", "content": "You write one line." }), "the system prompt goes first");
    assert_eq!(sent["messages"][1], json!({ "role": "user", "content": "Say hi to Ann" }));
    assert_eq!(sent["max_tokens"], 50, "compatible servers take max_tokens");
    assert!(sent.get("response_format").is_none());
}

#[tokio::test]
async fn openai_compatible_local_servers_get_no_authorization_header() {
    let server = MockServer::start().await;
    let recorder = serve(&server, ProviderKind::Openai, vec![ok(ProviderKind::Openai, "ok")]).await;
    let p = client(ProviderKind::Openai, &format!("{}/v1", server.uri()), None);
    p.complete("llama3.2", &request()).await.unwrap();
    assert_eq!(recorder.count(), 1);
    assert!(server.received_requests().await.unwrap()[0].headers.get("authorization").is_none(), "Ollama and LM Studio need no key");
}

#[tokio::test]
async fn openai_json_mode_sends_the_schema_as_response_format() {
    let server = MockServer::start().await;
    let recorder = serve(&server, ProviderKind::Openai, vec![ok(ProviderKind::Openai, r#"{"line":"Hi"}"#)]).await;
    let p = client(ProviderKind::Openai, &format!("{}/v1", server.uri()), Some(KEY));
    let req = CompletionRequest { json: Some(schema()), ..request() };
    p.complete("gpt-test", &req).await.unwrap();
    let rf = &recorder.body(0)["response_format"];
    assert_eq!(rf["type"], "json_schema");
    assert_eq!(rf["json_schema"]["name"], "opener");
    assert_eq!(rf["json_schema"]["strict"], true);
    assert_eq!(rf["json_schema"]["schema"]["required"], json!(["line"]));
}

#[tokio::test]
async fn anthropic_sends_messages_with_its_headers_and_a_top_level_system() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/messages"))
        .and(header("x-api-key", KEY))
        .and(header("anthropic-version", "2023-06-01"))
        .respond_with(ok(ProviderKind::Anthropic, "Hello Ann"))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(ProviderKind::Anthropic, &server.uri(), Some(KEY));
    let answer = p.complete("claude-test", &request()).await.unwrap();
    assert_eq!(answer.text, "Hello Ann");
    assert_eq!((answer.usage.input, answer.usage.output), (11, 7));
    let sent: serde_json::Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent["system"], "You write one line.");
    assert_eq!(sent["messages"], json!([{ "role": "user", "content": "Say hi to Ann" }]));
    assert_eq!(sent["max_tokens"], 50);
}

#[tokio::test]
async fn anthropic_json_mode_forces_a_tool_whose_input_is_the_answer() {
    let server = MockServer::start().await;
    let tool_answer = json!({
        "id": "msg_2", "type": "message", "role": "assistant", "model": "claude-test",
        "content": [{ "type": "tool_use", "id": "toolu_1", "name": "opener", "input": { "line": "Hi Ann" } }],
        "stop_reason": "tool_use", "usage": { "input_tokens": 20, "output_tokens": 9 }
    });
    let recorder = serve(&server, ProviderKind::Anthropic, vec![ResponseTemplate::new(200).set_body_json(tool_answer)]).await;
    let p = client(ProviderKind::Anthropic, &server.uri(), Some(KEY));
    let answer = p.complete("claude-test", &CompletionRequest { json: Some(schema()), ..request() }).await.unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&answer.text).unwrap(), json!({ "line": "Hi Ann" }));
    let sent = recorder.body(0);
    assert_eq!(sent["tool_choice"], json!({ "type": "tool", "name": "opener" }));
    assert_eq!(sent["tools"][0]["input_schema"]["required"], json!(["line"]));
}

#[tokio::test]
async fn gemini_calls_generate_content_with_the_key_header_and_system_instruction() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1beta/models/gemini-test:generateContent"))
        .and(header("x-goog-api-key", KEY))
        .respond_with(ok(ProviderKind::Gemini, "Hallo Ann"))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(ProviderKind::Gemini, &server.uri(), Some(KEY));
    let answer = p.complete("models/gemini-test", &request()).await.unwrap();
    assert_eq!(answer.text, "Hallo Ann");
    assert_eq!((answer.usage.input, answer.usage.output), (11, 7));
    let sent: serde_json::Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent["systemInstruction"]["parts"][0]["text"], "You write one line.");
    assert_eq!(sent["contents"], json!([{ "role": "user", "parts": [{ "text": "Say hi to Ann" }] }]));
    assert_eq!(sent["generationConfig"]["maxOutputTokens"], 50);
    let url = server.received_requests().await.unwrap()[0].url.to_string();
    assert!(!url.contains(KEY), "the key travels in a header, never in the address");
}

#[tokio::test]
async fn gemini_json_mode_sends_mime_type_and_json_schema() {
    let server = MockServer::start().await;
    let recorder = serve(&server, ProviderKind::Gemini, vec![ok(ProviderKind::Gemini, r#"{"line":"Hi"}"#)]).await;
    let p = client(ProviderKind::Gemini, &server.uri(), Some(KEY));
    p.complete("gemini-test", &CompletionRequest { json: Some(schema()), ..request() }).await.unwrap();
    let config = &recorder.body(0)["generationConfig"];
    assert_eq!(config["responseMimeType"], "application/json");
    assert_eq!(config["responseJsonSchema"]["required"], json!(["line"]));
}

#[rstest]
#[case::openai(ProviderKind::Openai)]
#[case::anthropic(ProviderKind::Anthropic)]
#[case::gemini(ProviderKind::Gemini)]
#[tokio::test]
async fn streaming_delivers_each_piece_in_order_and_the_usage_at_the_end(#[case] kind: ProviderKind) {
    let server = MockServer::start().await;
    if kind == ProviderKind::Gemini {
        Mock::given(method("POST"))
            .and(path("/v1beta/models/m:streamGenerateContent"))
            .and(query_param("alt", "sse"))
            .respond_with(stream(kind, &["Dear ", "Ann", ","]))
            .mount(&server)
            .await;
    } else {
        serve(&server, kind, vec![stream(kind, &["Dear ", "Ann", ","])]).await;
    }
    let p = client(kind, &base_url(kind, &server), Some(KEY));
    let (result, pieces) = collect_stream(p.as_ref(), "m", &request()).await;
    let answer = result.unwrap();
    assert_eq!(pieces, vec!["Dear ", "Ann", ","]);
    assert_eq!(answer.text, "Dear Ann,");
    assert_eq!((answer.usage.input, answer.usage.output), (9, 5));
    let sent: serde_json::Value = serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    if kind != ProviderKind::Gemini {
        assert_eq!(sent["stream"], true);
    }
}

#[rstest]
#[case::openai(ProviderKind::Openai)]
#[case::anthropic(ProviderKind::Anthropic)]
#[case::gemini(ProviderKind::Gemini)]
#[tokio::test]
async fn a_stream_that_stops_before_its_end_is_a_cut_off_answer(#[case] kind: ProviderKind) {
    let server = MockServer::start().await;
    serve(&server, kind, vec![cut_stream(kind, &["Dear ", "An"])]).await;
    let p = client(kind, &base_url(kind, &server), Some(KEY));
    let (result, _) = collect_stream(p.as_ref(), "m", &request()).await;
    assert!(matches!(result, Err(LlmError::Malformed { .. })), "{result:?}");
}

/// What a provider's response maps to.
async fn fault(kind: ProviderKind, response: ResponseTemplate) -> LlmError {
    let server = MockServer::start().await;
    serve(&server, kind, vec![response]).await;
    client(kind, &base_url(kind, &server), Some(KEY)).complete("m-missing", &request()).await.unwrap_err()
}

#[rstest]
#[case::openai(ProviderKind::Openai, 401)]
#[case::anthropic(ProviderKind::Anthropic, 401)]
#[case::anthropic_permission(ProviderKind::Anthropic, 403)]
#[case::gemini_permission(ProviderKind::Gemini, 403)]
#[tokio::test]
async fn a_wrong_key_is_a_bad_key_error_naming_the_provider(#[case] kind: ProviderKind, #[case] status: u16) {
    let e = fault(kind, error(kind, status, "invalid x-api-key")).await;
    assert!(matches!(e, LlmError::BadKey { .. }), "{e:?}");
    assert!(e.to_string().starts_with(&format!("My{} rejected the API key", kind.as_str())), "{e}");
    assert_eq!(e.code(), reach::ErrorCode::Validation);
}

#[tokio::test]
async fn gemini_reports_a_bad_key_as_400_with_reason_api_key_invalid() {
    let body = json!({ "error": { "code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
        "details": [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com" }] } });
    let e = fault(ProviderKind::Gemini, ResponseTemplate::new(400).set_body_json(body)).await;
    assert!(matches!(e, LlmError::BadKey { status: 400, .. }), "{e:?}");
}

#[tokio::test]
async fn an_echoed_key_in_an_error_message_never_reaches_the_error() {
    let e = fault(
        ProviderKind::Openai,
        ResponseTemplate::new(400)
            .set_body_json(json!({ "error": { "message": format!("bad param near {KEY}"), "type": "invalid_request_error" } })),
    )
    .await;
    assert!(matches!(e, LlmError::BadRequest { .. }), "{e:?}");
    assert!(!e.to_string().contains(KEY), "{e}");
    assert!(!format!("{e:?}").contains(KEY), "{e:?}");
}

#[rstest]
#[case::openai(ProviderKind::Openai)]
#[case::anthropic(ProviderKind::Anthropic)]
#[case::gemini(ProviderKind::Gemini)]
#[tokio::test]
async fn a_model_that_does_not_exist_is_an_unknown_model(#[case] kind: ProviderKind) {
    let e = fault(kind, error(kind, 404, "The model `m-missing` does not exist")).await;
    assert!(matches!(&e, LlmError::UnknownModel { model, .. } if model == "m-missing"), "{e:?}");
}

#[tokio::test]
async fn ollama_style_400_for_a_missing_model_is_an_unknown_model() {
    let body = json!({ "error": { "message": "model \"llama9\" not found, try pulling it first", "type": "api_error" } });
    let e = fault(ProviderKind::Openai, ResponseTemplate::new(400).set_body_json(body)).await;
    assert!(matches!(e, LlmError::UnknownModel { .. }), "{e:?}");
}

#[rstest]
#[case::seconds(ResponseTemplate::new(429).insert_header("retry-after", "7"), Some(7.0))]
#[case::none(ResponseTemplate::new(429), None)]
#[case::milliseconds(ResponseTemplate::new(429).insert_header("retry-after-ms", "1500"), Some(1.5))]
#[tokio::test]
async fn a_429_is_rate_limited_with_the_servers_retry_after(#[case] response: ResponseTemplate, #[case] secs: Option<f64>) {
    let e = fault(
        ProviderKind::Openai,
        response.set_body_json(json!({ "error": { "message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded" } })),
    )
    .await;
    assert!(matches!(e, LlmError::RateLimited { .. }), "{e:?}");
    assert_eq!(e.retry_after().map(|d| d.as_secs_f64()), secs);
    assert_eq!(e.code(), reach::ErrorCode::Offline);
}

#[tokio::test]
async fn a_429_retry_after_http_date_is_read_as_the_time_left() {
    let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    let e =
        fault(ProviderKind::Anthropic, error(ProviderKind::Anthropic, 429, "slow down").insert_header("retry-after", at.as_str())).await;
    let wait = e.retry_after().expect("a date gives a wait");
    assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{wait:?}");
}

#[tokio::test]
async fn gemini_429_takes_its_retry_delay_from_the_body() {
    let body = json!({ "error": { "code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED",
        "details": [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s" }] } });
    let e = fault(ProviderKind::Gemini, ResponseTemplate::new(429).set_body_json(body)).await;
    assert_eq!(e.retry_after(), Some(Duration::from_secs(12)));
}

#[tokio::test]
async fn openai_insufficient_quota_is_not_a_rate_limit() {
    let body =
        json!({ "error": { "message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota" } });
    let e = fault(ProviderKind::Openai, ResponseTemplate::new(429).set_body_json(body)).await;
    assert!(matches!(e, LlmError::QuotaExhausted { .. }), "{e:?}");
}

#[rstest]
#[case::openai_500(ProviderKind::Openai, 500)]
#[case::openai_503(ProviderKind::Openai, 503)]
#[case::anthropic_overloaded(ProviderKind::Anthropic, 529)]
#[case::gemini_503(ProviderKind::Gemini, 503)]
#[tokio::test]
async fn server_errors_are_server_faults(#[case] kind: ProviderKind, #[case] status: u16) {
    let e = fault(kind, error(kind, status, "overloaded")).await;
    assert!(matches!(e, LlmError::Server { status: s, .. } if s == status), "{e:?}");
}

#[tokio::test]
async fn a_refused_connection_is_unreachable() {
    let e = client(ProviderKind::Openai, &refused_url(), None).complete("m", &request()).await.unwrap_err();
    assert!(matches!(e, LlmError::Unreachable { .. }), "{e:?}");
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_a_timeout() {
    let e = fault(ProviderKind::Openai, ok(ProviderKind::Openai, "late").set_delay(Duration::from_secs(3))).await;
    assert!(matches!(e, LlmError::Timeout { .. }), "{e:?}");
}

#[tokio::test]
async fn a_stream_that_does_not_begin_within_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    serve(&server, ProviderKind::Anthropic, vec![stream(ProviderKind::Anthropic, &["late"]).set_delay(Duration::from_secs(3))]).await;
    let p = client(ProviderKind::Anthropic, &server.uri(), Some(KEY));
    let (result, pieces) = collect_stream(p.as_ref(), "m", &request()).await;
    assert!(matches!(result, Err(LlmError::Timeout { .. })), "{result:?}");
    assert!(pieces.is_empty());
}

#[rstest]
#[case::truncated(r#"{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assist"#)]
#[case::not_json("<html>502 Bad Gateway</html>")]
#[tokio::test]
async fn a_truncated_or_non_json_body_is_malformed(#[case] body: &str) {
    let e = fault(ProviderKind::Openai, ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")).await;
    assert!(matches!(e, LlmError::Malformed { .. }), "{e:?}");
}

#[rstest]
#[case::openai_content_filter(ProviderKind::Openai, json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": null }, "finish_reason": "content_filter" }] }))]
#[case::openai_refusal(ProviderKind::Openai, json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": null, "refusal": "I can't help with that." }, "finish_reason": "stop" }] }))]
#[case::anthropic_refusal(ProviderKind::Anthropic, json!({ "type": "message", "role": "assistant", "content": [], "stop_reason": "refusal", "usage": { "input_tokens": 5, "output_tokens": 0 } }))]
#[case::gemini_blocked_prompt(ProviderKind::Gemini, json!({ "promptFeedback": { "blockReason": "SAFETY" }, "usageMetadata": { "promptTokenCount": 5 } }))]
#[case::gemini_safety_finish(ProviderKind::Gemini, json!({ "candidates": [{ "finishReason": "SAFETY", "index": 0, "safetyRatings": [] }] }))]
#[tokio::test]
async fn a_content_filter_refusal_is_refused(#[case] kind: ProviderKind, #[case] body: serde_json::Value) {
    let e = fault(kind, ResponseTemplate::new(200).set_body_json(body)).await;
    assert!(matches!(e, LlmError::Refused { .. }), "{e:?}");
    assert_eq!(e.disposition(), reach::llm::Disposition::Stop, "a refusal is not retried and not sent elsewhere");
}
