//! Per-provider limits against a local server that records when each request arrives: requests and tokens
//! per window are never exceeded, calls in flight stay within the bound, and nothing is rejected for lack
//! of capacity (the router waits).

mod llm_support;

use std::time::Duration;

use llm_support::*;
use reach::llm::{CachePolicy, LlmCall, ProviderKind, Purpose, RetryPolicy};
use wiremock::MockServer;

const OPENAI: ProviderKind = ProviderKind::Openai;

/// A call that neither reads nor writes the cache, so every call reaches the provider.
fn uncached(prompt: &str) -> LlmCall {
    LlmCall { cache: CachePolicy { bypass: true, ..Default::default() }, ..call(prompt) }
}

#[tokio::test]
async fn requests_per_window_are_never_exceeded_and_nothing_is_rejected() {
    let window = Duration::from_millis(1000);
    let env = LlmEnv::with_policy(RetryPolicy { rate_window: window, ..fast_policy() }).await;
    let s1 = MockServer::start().await;
    let server = serve(&s1, OPENAI, vec![ok(OPENAI, "ok")]).await;
    let a = env
        .provider_with("p", OPENAI, &base_url(OPENAI, &s1), |i| {
            i.rpm_limit = Some(4);
            i.max_concurrency = Some(8);
        })
        .await;
    env.route(Purpose::Draft, &[&a]).await;

    let calls = (0..10).map(|i| {
        let engine = env.engine.clone();
        async move { engine.complete(&uncached(&format!("n{i}"))).await }
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "the router waits for capacity instead of failing");
    assert_eq!(server.count(), 10);
    // Slack for the trip from client to server on a busy machine; a limiter that let even one extra
    // request through would put five inside this window.
    let most = max_in_window(&server.times(), window - Duration::from_millis(100));
    assert!(most <= 4, "{most} requests reached the server within one window; the limit is 4");
}

#[tokio::test]
async fn tokens_per_window_are_never_exceeded() {
    let window = Duration::from_millis(1000);
    let env = LlmEnv::with_policy(RetryPolicy { rate_window: window, ..fast_policy() }).await;
    let s1 = MockServer::start().await;
    let server = serve(&s1, OPENAI, vec![ok(OPENAI, "ok")]).await;
    let per_call = call("n0").request.estimated_tokens();
    let a = env
        .provider_with("p", OPENAI, &base_url(OPENAI, &s1), |i| {
            i.tpm_limit = Some(per_call * 2 + per_call / 2);
            i.max_concurrency = Some(8);
        })
        .await;
    env.route(Purpose::Draft, &[&a]).await;
    let calls = (0..6).map(|i| {
        let engine = env.engine.clone();
        async move { engine.complete(&uncached(&format!("n{i}"))).await }
    });
    assert!(futures_util::future::join_all(calls).await.iter().all(Result::is_ok));
    let most = max_in_window(&server.times(), window - Duration::from_millis(100));
    assert!(most <= 2, "{most} calls of {per_call} tokens within one window; the limit is {} tokens", per_call * 2 + per_call / 2);
}

#[tokio::test]
async fn calls_in_flight_never_exceed_the_providers_concurrency() {
    let env = LlmEnv::new().await;
    let s1 = MockServer::start().await;
    let delay = Duration::from_millis(300);
    let server = serve(&s1, OPENAI, vec![ok(OPENAI, "ok").set_delay(delay)]).await;
    let a = env.provider_with("p", OPENAI, &base_url(OPENAI, &s1), |i| i.max_concurrency = Some(2)).await;
    env.route(Purpose::Draft, &[&a]).await;
    let calls = (0..6).map(|i| {
        let engine = env.engine.clone();
        async move { engine.complete(&uncached(&format!("n{i}"))).await }
    });
    assert!(futures_util::future::join_all(calls).await.iter().all(Result::is_ok));
    // Each answer takes `delay`: with two slots, a third request can only arrive once one has come back.
    let most = max_in_window(&server.times(), delay - Duration::from_millis(50));
    assert!(most <= 2, "{most} requests were in flight at once; the bound is 2");
}
