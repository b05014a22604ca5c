//! The router against local provider servers: fallback order, retries honouring Retry-After, the circuit
//! breaker, the cache, JSON repair, streaming restarts and the usage ledger. (Limits: tests/llm_limits.rs.)

mod llm_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use llm_support::*;
use reach::api::providers::ProviderView;
use reach::llm::{
    CachePolicy, CircuitState, CompletionRequest, DeltaSink, JsonSpec, LlmCall, LlmError, ModelPrice, ProviderKind, Purpose, RetryPolicy,
    StreamEvent,
};
use reach::{EngineError, ErrorCode};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

const OPENAI: ProviderKind = ProviderKind::Openai;

/// A call that neither reads nor writes the cache, so every call reaches a provider.
fn uncached(prompt: &str) -> LlmCall {
    LlmCall { cache: CachePolicy { bypass: true, ..Default::default() }, ..call(prompt) }
}

fn llm_err(e: EngineError) -> LlmError {
    match e {
        EngineError::Llm(e) => e,
        other => panic!("expected an LLM error, got {other:?}"),
    }
}

async fn two_providers(env: &LlmEnv, first: &MockServer, second: &MockServer) -> (ProviderView, ProviderView) {
    let a = env.provider("primary", OPENAI, &base_url(OPENAI, first)).await;
    let b = env.provider("secondary", ProviderKind::Anthropic, &second.uri()).await;
    env.route(Purpose::Draft, &[&a, &b]).await;
    (a, b)
}

#[tokio::test]
async fn a_failing_provider_is_retried_then_the_next_in_the_chain_answers() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let primary = serve(&s1, OPENAI, vec![error(OPENAI, 503, "unavailable")]).await;
    let secondary = serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "from the fallback")]).await;
    two_providers(&env, &s1, &s2).await;

    let answer = env.engine.complete(&call("Write to Ann")).await.unwrap();
    assert_eq!((answer.provider.as_str(), answer.text.as_str()), ("secondary", "from the fallback"));
    assert_eq!(primary.count(), 3, "a 503 is retried up to max_attempts before falling back");
    assert_eq!(secondary.count(), 1);
    assert_eq!(answer.calls, 4);
    let outcomes: Vec<String> =
        env.engine.recent_usage(None, 10).await.unwrap().into_iter().rev().map(|r| format!("{}:{}", r.provider, r.outcome)).collect();
    assert_eq!(
        outcomes,
        ["primary:server_error", "primary:server_error", "primary:server_error", "secondary:ok"],
        "every call is in the ledger"
    );
}

#[tokio::test]
async fn the_chain_order_is_the_route_order() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let first = serve(&s1, OPENAI, vec![ok(OPENAI, "one")]).await;
    let second = serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "two")]).await;
    let (a, b) = two_providers(&env, &s1, &s2).await;
    assert_eq!(env.engine.complete(&call("x")).await.unwrap().text, "one");
    env.route(Purpose::Draft, &[&b, &a]).await;
    assert_eq!(env.engine.complete(&call("y")).await.unwrap().text, "two", "the new order applies at once");
    assert_eq!((first.count(), second.count()), (1, 1));
}

#[tokio::test]
async fn a_bad_key_is_not_retried_and_falls_back() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let primary = serve(&s1, OPENAI, vec![error(OPENAI, 401, "Incorrect API key provided")]).await;
    serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "fine")]).await;
    let (a, _) = two_providers(&env, &s1, &s2).await;
    assert_eq!(env.engine.complete(&call("x")).await.unwrap().text, "fine");
    assert_eq!(primary.count(), 1, "the same key will not work on a retry");
    let view = env.engine.get_provider(a.id).await.unwrap();
    assert_eq!(view.circuit.state, CircuitState::Open, "a rejected key opens the breaker at once");
    assert!(view.circuit.last_error.unwrap().contains("rejected the API key"));
    env.engine.complete(&call("again")).await.unwrap();
    assert_eq!(primary.count(), 1, "while open, the provider is skipped");
}

#[tokio::test]
async fn a_bad_key_alone_ends_in_a_clear_error_naming_the_provider() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    serve(&s1, OPENAI, vec![error(OPENAI, 401, "Incorrect API key provided")]).await;
    let a = env.provider("OpenAI work", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Draft, &[&a]).await;
    let e = env.engine.complete(&call("x")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().starts_with("OpenAI work rejected the API key (HTTP 401)"), "{e}");
}

#[tokio::test]
async fn an_unknown_model_falls_back_without_retrying() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let primary = serve(&s1, OPENAI, vec![error(OPENAI, 404, "The model `m-primary` does not exist")]).await;
    serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "fine")]).await;
    two_providers(&env, &s1, &s2).await;
    assert_eq!(env.engine.complete(&call("x")).await.unwrap().provider, "secondary");
    assert_eq!(primary.count(), 1);
}

#[tokio::test]
async fn a_refusal_fails_the_item_without_asking_another_provider() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let refusal =
        json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": null }, "finish_reason": "content_filter" }] });
    let primary = serve(&s1, OPENAI, vec![ResponseTemplate::new(200).set_body_json(refusal)]).await;
    let secondary = serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "would answer")]).await;
    two_providers(&env, &s1, &s2).await;
    let e = llm_err(env.engine.complete(&call("x")).await.unwrap_err());
    assert!(matches!(e, LlmError::Refused { .. }), "{e:?}");
    assert_eq!((primary.count(), secondary.count()), (1, 0));
}

#[tokio::test]
async fn when_no_provider_can_be_reached_the_error_is_offline() {
    let env = LlmEnv::new().await;
    let s2 = MockServer::start().await;
    serve(&s2, ProviderKind::Anthropic, vec![error(ProviderKind::Anthropic, 529, "Overloaded")]).await;
    let s3 = MockServer::start().await;
    serve(&s3, OPENAI, vec![ok(OPENAI, "too late").set_delay(Duration::from_millis(2500))]).await;
    let a = env.provider("local", OPENAI, &refused_url()).await;
    let b = env.provider("cloud", ProviderKind::Anthropic, &s2.uri()).await;
    let c = env.provider_with("slow", OPENAI, &base_url(OPENAI, &s3), |i| i.timeout_secs = Some(1)).await;
    env.route(Purpose::Draft, &[&a, &b, &c]).await;
    let e = env.engine.complete(&call("x")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Offline, "{e}");
    assert!(e.to_string().starts_with("no AI provider could be reached (3 tried"), "{e}");
    assert!(matches!(llm_err(e), LlmError::Offline { .. }));
}

#[tokio::test]
async fn a_timeout_is_retried_and_then_counts_as_unreachable() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let slow = serve(&s1, OPENAI, vec![ok(OPENAI, "late").set_delay(Duration::from_millis(2500)), ok(OPENAI, "in time")]).await;
    let a = env.provider_with("p", OPENAI, &base_url(OPENAI, &s1), |i| i.timeout_secs = Some(1)).await;
    env.route(Purpose::Draft, &[&a]).await;
    let answer = env.engine.complete(&call("x")).await.unwrap();
    assert_eq!(answer.text, "in time", "the retry after a timeout got the answer");
    assert_eq!(slow.count(), 2);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured_before_the_retry() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let limited =
        serve(&s1, OPENAI, vec![error(OPENAI, 429, "Rate limit reached").insert_header("retry-after", "1"), ok(OPENAI, "now")]).await;
    let a = env.provider("p", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Draft, &[&a]).await;
    assert_eq!(env.engine.complete(&call("x")).await.unwrap().text, "now");
    let t = limited.times();
    assert_eq!(t.len(), 2);
    assert!(
        t[1].duration_since(t[0]) >= Duration::from_secs(1),
        "the retry came {:?} after the 429 that asked for 1 s",
        t[1].duration_since(t[0])
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let until = std::time::SystemTime::now() + Duration::from_secs(3);
    let limited = serve(
        &s1,
        ProviderKind::Anthropic,
        vec![
            error(ProviderKind::Anthropic, 429, "slow down").insert_header("retry-after", httpdate::fmt_http_date(until).as_str()),
            ok(ProviderKind::Anthropic, "now"),
        ],
    )
    .await;
    let a = env.provider("p", ProviderKind::Anthropic, &s1.uri()).await;
    env.route(Purpose::Draft, &[&a]).await;
    env.engine.complete(&call("x")).await.unwrap();
    let t = limited.times();
    // The date has whole seconds, so "in 3 s" may be read as a little over 2 s: far more than the second
    // asked for, whatever the machine's load adds to the reading.
    assert!(t[1].duration_since(t[0]) >= Duration::from_secs(1), "{:?}", t[1].duration_since(t[0]));
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_falls_back_at_once_and_holds_the_provider() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let primary = serve(&s1, OPENAI, vec![error(OPENAI, 429, "Rate limit reached").insert_header("retry-after", "120")]).await;
    serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "fallback")]).await;
    two_providers(&env, &s1, &s2).await;
    let started = Instant::now();
    assert_eq!(env.engine.complete(&call("x")).await.unwrap().provider, "secondary");
    assert_eq!(env.engine.complete(&call("y")).await.unwrap().provider, "secondary");
    assert_eq!(primary.count(), 1, "the provider asked for two minutes; it is not called again before then");
    assert!(started.elapsed() < Duration::from_secs(60), "nothing waited for the two minutes");
}

#[tokio::test]
async fn the_breaker_opens_after_repeated_failures_and_closes_after_a_good_probe() {
    let policy = RetryPolicy { max_attempts: 1, ..fast_policy() };
    let env = LlmEnv::with_policy(policy).await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let bad = error(OPENAI, 500, "boom");
    let primary = serve(&s1, OPENAI, vec![bad.clone(), bad.clone(), bad.clone(), bad, ok(OPENAI, "back")]).await;
    serve(&s2, ProviderKind::Anthropic, vec![ok(ProviderKind::Anthropic, "fallback")]).await;
    let (a, _) = two_providers(&env, &s1, &s2).await;

    for _ in 0..3 {
        assert_eq!(env.engine.complete(&uncached("x")).await.unwrap().provider, "secondary");
    }
    assert_eq!(env.engine.get_provider(a.id).await.unwrap().circuit.state, CircuitState::Open, "three failures open it");
    env.engine.complete(&uncached("x")).await.unwrap();
    assert_eq!(primary.count(), 3, "an open breaker keeps calls away");

    wait_for_state(&env, a.id, CircuitState::HalfOpen).await;
    assert_eq!(env.engine.complete(&uncached("x")).await.unwrap().provider, "secondary", "the probe failed (4th 500)");
    assert_eq!(primary.count(), 4);
    assert_eq!(env.engine.get_provider(a.id).await.unwrap().circuit.state, CircuitState::Open, "a failed probe opens it again");

    wait_for_state(&env, a.id, CircuitState::HalfOpen).await;
    assert_eq!(env.engine.complete(&uncached("x")).await.unwrap().text, "back", "a good probe answers");
    let circuit = env.engine.get_provider(a.id).await.unwrap().circuit;
    assert_eq!((circuit.state, circuit.consecutive_failures), (CircuitState::Closed, 0));
}

async fn wait_for_state(env: &LlmEnv, id: i64, state: CircuitState) {
    // The breaker's cooldown is a timer: wait for it to run out, checking the state the UI sees.
    for _ in 0..100 {
        if env.engine.get_provider(id).await.unwrap().circuit.state == state {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the breaker never reached {state:?}");
}

#[tokio::test]
async fn an_identical_request_is_answered_from_the_cache_and_fresh_replaces_it() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let server = serve(&s1, OPENAI, vec![ok(OPENAI, "first answer"), ok(OPENAI, "regenerated")]).await;
    let a = env.provider("p", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Draft, &[&a]).await;

    let first = env.engine.complete(&call("Research acme.com")).await.unwrap();
    let again = env.engine.complete(&call("Research acme.com")).await.unwrap();
    assert_eq!(server.count(), 1, "the second identical request made no network call");
    assert!(again.cached && !first.cached);
    assert_eq!(again.text, "first answer");
    assert_eq!((again.cost_micros, again.calls), (0, 0));

    let other = env.engine.complete(&call("Research beta.io")).await.unwrap();
    assert!(!other.cached, "a different prompt is a miss");

    let fresh = env
        .engine
        .complete(&LlmCall { cache: CachePolicy { fresh: true, ..Default::default() }, ..call("Research acme.com") })
        .await
        .unwrap();
    assert_eq!((fresh.text.as_str(), fresh.cached), ("regenerated", false));
    let after = env.engine.complete(&call("Research acme.com")).await.unwrap();
    assert_eq!((after.text.as_str(), after.cached), ("regenerated", true), "the fresh answer replaced the cached one");
    assert_eq!(server.count(), 3);

    let rows = env.engine.recent_usage(None, 10).await.unwrap();
    assert_eq!(rows.iter().filter(|r| r.cached).count(), 2, "cache hits are in the ledger, marked cached");
    assert!(rows.iter().filter(|r| r.cached).all(|r| r.cost_micros == 0));
}

#[tokio::test]
async fn company_research_is_shared_by_every_lead_of_the_same_domain() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let server = serve(&s1, OPENAI, vec![ok(OPENAI, "Acme sells anvils")]).await;
    let a = env.provider("p", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Research, &[&a]).await;
    // The research prompt holds only company facts; the scope names the company, not the lead.
    let research = |domain: &str| {
        let mut c = LlmCall::new(Purpose::Research, CompletionRequest::new(format!("Summarize what {domain} does")));
        c.cache.scope = Some(format!("company:{domain}"));
        c
    };
    for _lead in ["ann@acme.com", "bob@acme.com", "cy@acme.com"] {
        assert_eq!(env.engine.complete(&research("acme.com")).await.unwrap().text, "Acme sells anvils");
    }
    assert_eq!(server.count(), 1, "three leads of acme.com, one call");
    env.engine.complete(&research("beta.io")).await.unwrap();
    assert_eq!(server.count(), 2);
}

fn opener_schema() -> JsonSpec {
    JsonSpec {
        name: "opener".into(),
        schema: json!({ "type": "object", "required": ["line"], "properties": { "line": { "type": "string", "minLength": 3 } } }),
        strict: false,
    }
}

#[tokio::test]
async fn an_answer_that_fails_the_schema_is_repaired_once() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let server = serve(&s1, OPENAI, vec![ok(OPENAI, r#"{"opening": "Hi"}"#), ok(OPENAI, r#"{"line": "Hi Ann, saw your talk"}"#)]).await;
    let a = env.provider("p", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Opener, &[&a]).await;
    let mut c =
        LlmCall::new(Purpose::Opener, CompletionRequest { json: Some(opener_schema()), ..CompletionRequest::new("Opener for Ann") });
    c.cache.bypass = true;
    let answer = env.engine.complete(&c).await.unwrap();
    assert_eq!(answer.json, Some(json!({ "line": "Hi Ann, saw your talk" })));
    assert_eq!(server.count(), 2);
    let repair = server.body(1);
    let last = repair["messages"].as_array().unwrap().last().unwrap()["content"].as_str().unwrap().to_string();
    assert!(last.contains("does not match the required JSON schema") && last.contains("line"), "{last}");
    assert_eq!(
        repair["messages"].as_array().unwrap().iter().filter(|m| m["role"] == "assistant").count(),
        1,
        "the bad answer is shown back"
    );
}

#[tokio::test]
async fn an_answer_still_invalid_after_the_repair_falls_back() {
    let env = LlmEnv::new().await;
    let (s1, s2) = (MockServer::start().await, MockServer::start().await);
    let primary = serve(&s1, OPENAI, vec![ok(OPENAI, "not json"), ok(OPENAI, "still not json")]).await;
    let tool = json!({ "type": "message", "role": "assistant", "model": "c", "content": [{ "type": "tool_use", "id": "t", "name": "opener", "input": { "line": "Hello there" } }], "stop_reason": "tool_use", "usage": { "input_tokens": 3, "output_tokens": 4 } });
    serve(&s2, ProviderKind::Anthropic, vec![ResponseTemplate::new(200).set_body_json(tool)]).await;
    let (a, b) = two_providers(&env, &s1, &s2).await;
    env.route(Purpose::Opener, &[&a, &b]).await;
    let mut c = LlmCall::new(Purpose::Opener, CompletionRequest { json: Some(opener_schema()), ..CompletionRequest::new("Opener") });
    c.cache.bypass = true;
    let answer = env.engine.complete(&c).await.unwrap();
    assert_eq!((answer.provider.as_str(), answer.json), ("secondary", Some(json!({ "line": "Hello there" }))));
    assert_eq!(primary.count(), 2, "one answer and exactly one repair");
}

#[tokio::test]
async fn a_stream_cut_off_is_retried_and_the_listener_is_told_to_start_again() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    serve(&s1, OPENAI, vec![cut_stream(OPENAI, &["Dear ", "A"]), stream(OPENAI, &["Dear ", "Ann,"])]).await;
    let a = env.provider("p", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Draft, &[&a]).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let sink: DeltaSink = Arc::new(move |e: StreamEvent<'_>| {
        record.lock().unwrap().push(match e {
            StreamEvent::Delta(t) => t.to_string(),
            StreamEvent::Restart => "<restart>".to_string(),
        })
    });
    let answer = env.engine.complete_streaming(&call("Draft to Ann"), sink).await.unwrap();
    assert_eq!(answer.text, "Dear Ann,");
    assert_eq!(*seen.lock().unwrap(), vec!["Dear ", "A", "<restart>", "Dear ", "Ann,"]);
}

#[rstest::rstest]
#[case::openai(ProviderKind::Openai)]
#[case::anthropic(ProviderKind::Anthropic)]
#[case::gemini(ProviderKind::Gemini)]
#[tokio::test]
async fn streaming_through_the_router_works_for_every_kind(#[case] kind: ProviderKind) {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    serve(&s1, kind, vec![stream(kind, &["Hel", "lo"])]).await;
    let a = env.provider("p", kind, &base_url(kind, &s1)).await;
    env.route(Purpose::Draft, &[&a]).await;
    let text = Arc::new(Mutex::new(String::new()));
    let out = text.clone();
    let sink: DeltaSink = Arc::new(move |e: StreamEvent<'_>| {
        if let StreamEvent::Delta(t) = e {
            out.lock().unwrap().push_str(t)
        }
    });
    let answer = env.engine.complete_streaming(&call("x"), sink).await.unwrap();
    assert_eq!((answer.text.as_str(), text.lock().unwrap().as_str()), ("Hello", "Hello"));
}

#[tokio::test]
async fn every_call_is_in_the_ledger_with_its_cost_from_the_price_table() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    serve(&s1, OPENAI, vec![ResponseTemplate::new(200).set_body_json(answer_json(OPENAI, "hi", 1000, 500))]).await;
    let a = env.provider("p", OPENAI, &base_url(OPENAI, &s1)).await;
    env.route(Purpose::Draft, &[&a]).await;
    env.engine
        .set_price(&ModelPrice { provider_kind: OPENAI, model: "m-p".into(), input_per_mtok_usd: 2.0, output_per_mtok_usd: 8.0 })
        .await
        .unwrap();
    let ws = env.workspace("Acme").await;
    let mut c = call("x");
    c.meta.workspace_id = Some(ws);
    let answer = env.engine.complete(&c).await.unwrap();
    assert_eq!(answer.cost_micros, 1000 * 2 + 500 * 8, "2 $/M in and 8 $/M out is 2 and 8 micro-dollars a token");
    let row = &env.engine.recent_usage(Some(ws), 1).await.unwrap()[0];
    assert_eq!((row.provider.as_str(), row.model.as_str(), row.purpose.as_str()), ("p", "m-p", "draft"));
    assert_eq!((row.input_tokens, row.output_tokens, row.cost_micros, row.cached), (1000, 500, 6000, false));
    assert_eq!(row.outcome, "ok");
    assert!(row.latency_ms >= 0);
}

#[tokio::test]
async fn test_provider_makes_one_real_call_and_reports_latency_tokens_and_answer() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let server = serve(&s1, ProviderKind::Gemini, vec![ok(ProviderKind::Gemini, "OK")]).await;
    let a = env.provider("g", ProviderKind::Gemini, &s1.uri()).await;
    let result = env.engine.test_provider(a.id, None).await.unwrap();
    assert_eq!((result.answer.as_str(), result.input_tokens, result.output_tokens), ("OK", 11, 7));
    assert_eq!(server.count(), 1);
    assert_eq!(env.engine.recent_usage(None, 1).await.unwrap()[0].purpose, "test");
}

#[tokio::test]
async fn nothing_configured_is_a_clear_error() {
    let env = LlmEnv::new().await;
    let e = env.engine.complete(&call("x")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("no AI provider is set up for draft"), "{e}");
}
