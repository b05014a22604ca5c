//! Monthly budgets: atomic reservations under concurrency (a property test), settling real costs, refunds
//! when work fails, calls refused before they cost anything, and the usage report.

mod llm_support;

use llm_support::*;
use proptest::prelude::*;
use reach::llm::{ModelPrice, ProviderKind, Purpose};
use reach::{EngineError, ErrorCode};
use wiremock::{MockServer, ResponseTemplate};

const OPENAI: ProviderKind = ProviderKind::Openai;

/// Every token costs one micro-dollar in and one out, so costs are easy to reason about.
async fn priced_provider(env: &LlmEnv, server: &MockServer) {
    let p = env.provider("p", OPENAI, &base_url(OPENAI, server)).await;
    env.route(Purpose::Draft, &[&p]).await;
    env.engine
        .set_price(&ModelPrice { provider_kind: OPENAI, model: "m-p".into(), input_per_mtok_usd: 1.0, output_per_mtok_usd: 1.0 })
        .await
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// However many jobs reserve at once, the reservations granted never add up to more than the budget,
    /// and each one refused would not have fitted even at the end.
    #[test]
    fn concurrent_reservations_never_exceed_the_budget(budget_cents in 1u32..5_000, amounts in prop::collection::vec(1u32..2_000, 2..24)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let env = LlmEnv::new().await;
            let ws = env.workspace("W").await;
            let budget = f64::from(budget_cents) / 100.0;
            env.engine.set_budget(ws, Some(budget)).await.unwrap();
            let tries = amounts.iter().map(|cents| {
                let engine = env.engine.clone();
                let usd = f64::from(*cents) / 100.0;
                async move { (usd, engine.reserve_budget(ws, None, usd).await) }
            });
            let results = futures_util::future::join_all(tries).await;
            let granted: f64 = results.iter().filter(|(_, r)| r.is_ok()).map(|(usd, _)| usd).sum();
            prop_assert!(granted <= budget + 1e-9, "granted {granted} of a {budget} budget");
            for (usd, result) in &results {
                if let Err(e) = result {
                    prop_assert_eq!(e.code(), ErrorCode::BudgetExceeded);
                    prop_assert!(granted + usd > budget - 1e-9, "{usd} was refused but fits next to {granted} in {budget}");
                }
            }
            let view = env.engine.budget(ws).await.unwrap();
            prop_assert!((view.held_usd - granted).abs() < 1e-6);
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn a_call_settles_its_cost_and_the_rest_is_refunded_when_the_job_ends() {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    serve(&server, OPENAI, vec![ResponseTemplate::new(200).set_body_json(answer_json(OPENAI, "hi", 300, 200))]).await;
    priced_provider(&env, &server).await;
    let ws = env.workspace("W").await;
    env.engine.set_budget(ws, Some(1.0)).await.unwrap();

    let reservation = env.engine.reserve_budget(ws, None, 0.25).await.unwrap();
    let before = env.engine.budget(ws).await.unwrap();
    assert_eq!((before.held_usd, before.remaining_usd), (0.25, Some(0.75)));

    let mut c = call("x");
    c.meta.workspace_id = Some(ws);
    c.meta.reservation_id = Some(reservation.id);
    assert_eq!(env.engine.complete(&c).await.unwrap().cost_micros, 500);
    let during = env.engine.budget(ws).await.unwrap();
    assert_eq!(during.spent_usd, 0.0005);
    assert!((during.held_usd - 0.2495).abs() < 1e-9, "the reservation still holds what it has not spent: {}", during.held_usd);

    env.engine.release_reservation(reservation.id).await.unwrap();
    let after = env.engine.budget(ws).await.unwrap();
    assert_eq!((after.spent_usd, after.held_usd), (0.0005, 0.0));
    assert!((after.remaining_usd.unwrap() - 0.9995).abs() < 1e-9);
}

#[tokio::test]
async fn a_job_whose_calls_fail_gets_its_whole_reservation_back() {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    serve(&server, OPENAI, vec![error(OPENAI, 500, "boom")]).await;
    priced_provider(&env, &server).await;
    let ws = env.workspace("W").await;
    env.engine.set_budget(ws, Some(1.0)).await.unwrap();
    let reservation = env.engine.reserve_budget(ws, None, 0.6).await.unwrap();

    let mut c = call("x");
    c.meta.workspace_id = Some(ws);
    c.meta.reservation_id = Some(reservation.id);
    assert_eq!(env.engine.complete(&c).await.unwrap_err().code(), ErrorCode::Offline);
    assert!(env.engine.reserve_budget(ws, None, 0.6).await.is_err(), "while held, the reservation blocks another of its size");

    env.engine.release_reservation(reservation.id).await.unwrap();
    let after = env.engine.budget(ws).await.unwrap();
    assert_eq!((after.spent_usd, after.held_usd, after.remaining_usd), (0.0, 0.0, Some(1.0)), "failed calls cost nothing");
    env.engine.reserve_budget(ws, None, 0.6).await.expect("the refund made room again");
}

#[tokio::test]
async fn over_budget_a_call_is_refused_before_it_reaches_the_provider() {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    let recorder = serve(&server, OPENAI, vec![ok(OPENAI, "hi")]).await;
    priced_provider(&env, &server).await;
    let ws = env.workspace("W").await;
    env.engine.set_budget(ws, Some(0.00001)).await.unwrap();
    let mut c = call("a prompt long enough to cost more than ten micro-dollars at one per token");
    c.meta.workspace_id = Some(ws);
    let e = env.engine.complete(&c).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::BudgetExceeded);
    assert!(e.to_string().contains("monthly AI budget is used up"), "{e}");
    assert!(matches!(e, EngineError::Llm(ref l) if l.pauses_job()), "a job turns this into a pause");
    assert_eq!(recorder.count(), 0, "nothing was spent");
}

#[tokio::test]
async fn a_reservation_grows_when_the_budget_has_room_and_stops_the_call_when_not() {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    let recorder = serve(&server, OPENAI, vec![ResponseTemplate::new(200).set_body_json(answer_json(OPENAI, "hi", 10, 10))]).await;
    priced_provider(&env, &server).await;
    let ws = env.workspace("W").await;
    env.engine.set_budget(ws, Some(0.0002)).await.unwrap();
    let small = env.engine.reserve_budget(ws, None, 0.000001).await.unwrap();
    let mut c = call("x");
    c.meta.workspace_id = Some(ws);
    c.meta.reservation_id = Some(small.id);
    env.engine.complete(&c).await.expect("the reservation grew to cover the call");
    assert_eq!(recorder.count(), 1);
    let estimate = c.request.estimated_tokens() as f64 * 2.0 / 1e6; // at most this many tokens, at 1 µ$ each way
    let view = env.engine.budget(ws).await.unwrap();
    assert_eq!(view.spent_usd, 0.00002, "the real cost: 10 + 10 tokens");
    assert!(view.held_usd > 0.0 && view.held_usd < estimate, "the grown reservation still holds its unspent part: {}", view.held_usd);

    // Leave less room than the next call's worst case needs on top of what the reservation still holds.
    let other = env.engine.reserve_budget(ws, None, view.remaining_usd.unwrap() - 0.000004).await.unwrap();
    let mut c2 = call("y");
    c2.meta = c.meta;
    let e = env.engine.complete(&c2).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::BudgetExceeded, "{e}");
    assert_eq!(recorder.count(), 1, "the refused call never reached the provider");
    env.engine.release_reservation(other.id).await.unwrap();
}

#[tokio::test]
async fn without_a_budget_calls_are_only_counted() {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    serve(&server, OPENAI, vec![ok(OPENAI, "hi")]).await;
    priced_provider(&env, &server).await;
    let ws = env.workspace("W").await;
    let mut c = call("x");
    c.meta.workspace_id = Some(ws);
    env.engine.complete(&c).await.unwrap();
    let view = env.engine.budget(ws).await.unwrap();
    assert_eq!((view.limit_usd, view.remaining_usd), (None, None));
    assert_eq!(view.spent_usd, 0.000018);
}

#[tokio::test]
async fn the_usage_summary_totals_the_month_by_day_provider_workspace_and_purpose() {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    serve(&server, OPENAI, vec![ResponseTemplate::new(200).set_body_json(answer_json(OPENAI, "hi", 100, 50)), error(OPENAI, 400, "bad")])
        .await;
    priced_provider(&env, &server).await;
    let (a, b) = (env.workspace("Acme").await, env.workspace("Beta").await);
    for (ws, prompt) in [(a, "one"), (a, "one"), (b, "two")] {
        let mut c = call(prompt);
        c.meta.workspace_id = Some(ws);
        let _ = env.engine.complete(&c).await;
    }
    let all = env.engine.usage_summary(None, None).await.unwrap();
    assert_eq!((all.totals.calls, all.totals.cached_calls, all.totals.failed_calls), (3, 1, 1), "one hit from the cache, one 400");
    assert_eq!((all.totals.input_tokens, all.totals.output_tokens), (200, 100), "the cached answer's tokens count, its cost does not");
    assert!((all.totals.cost_usd - 0.00015).abs() < 1e-12, "{}", all.totals.cost_usd);
    assert_eq!(all.by_provider.len(), 1);
    assert_eq!(all.by_day.len(), 1);
    let names: Vec<&str> = all.by_workspace.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(names, ["Acme", "Beta"]);
    assert_eq!(all.by_purpose[0].key, "draft");

    let only_b = env.engine.usage_summary(Some(&all.month), Some(b)).await.unwrap();
    assert_eq!((only_b.totals.calls, only_b.totals.failed_calls), (1, 1));
    let e = env.engine.usage_summary(Some("2026-13"), None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn budget_and_provider_changes_are_audited() {
    let env = LlmEnv::new().await;
    let ws = env.workspace("W").await;
    env.engine.set_budget(ws, Some(5.0)).await.unwrap();
    let actions: Vec<String> = env.engine.store().audit_actions(ws, 10).await.unwrap().into_iter().map(|(a, _)| a).collect();
    assert!(actions.contains(&"llm_budget.set".to_string()), "{actions:?}");
    let e = env.engine.set_budget(ws, Some(-1.0)).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);

    let server = MockServer::start().await;
    let p = env.provider("p", OPENAI, &base_url(OPENAI, &server)).await;
    env.engine.remove_provider(p.id).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT action, detail FROM audit_log WHERE action LIKE 'llm_provider.%' ORDER BY id")
        .fetch_all(env.engine.store().pool())
        .await
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["llm_provider.create", "llm_provider.key_set", "llm_provider.delete"]);
    assert!(rows.iter().all(|(_, d)| !d.contains("sk-test")), "the audit log names the change, never the key");
}
