//! Router benchmark: N requests through the router to a simulated OpenAI-compatible provider on 127.0.0.1
//! that answers after a fixed latency and enforces a requests-per-minute limit the way hosted APIs do (a
//! sliding window, 429 with Retry-After beyond it). Prints the achieved rate as a share of the limit, the
//! requests the provider rejected, and the router's own time per call beside a bare HTTP client's.
//!
//!   cargo run --release --example bench_router      (make bench-llm)
//!
//! Environment: BENCH_REQUESTS (5000), BENCH_RPM (600), BENCH_LATENCY_MS (300), BENCH_STRICT (0; 1 = exit 1
//! when a target is missed).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reach::llm::{CompletionRequest, Endpoint, LlmCall, ProviderKind, ProviderLimits, Purpose, RetryPolicy, RouteStep, Router};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const WINDOW: Duration = Duration::from_secs(60);

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The provider's side: a sliding-window limit over request arrivals, and every arrival recorded.
struct LimitedProvider {
    limit: usize,
    latency: Duration,
    state: Mutex<ProviderLog>,
}

#[derive(Default)]
struct ProviderLog {
    recent: VecDeque<Instant>,
    accepted: Vec<Instant>,
    rejected: usize,
}

impl Respond for LimitedProvider {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let mut log = self.state.lock().expect("provider log");
        while log.recent.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            log.recent.pop_front();
        }
        if log.recent.len() >= self.limit {
            log.rejected += 1;
            let wait = log.recent.front().map_or(1, |t| (WINDOW - now.duration_since(*t)).as_secs() + 1);
            return ResponseTemplate::new(429).insert_header("retry-after", wait.to_string().as_str()).set_body_json(
                json!({"error": {"message": "Rate limit reached for requests", "type": "requests", "code": "rate_limit_exceeded"}}),
            );
        }
        log.recent.push_back(now);
        log.accepted.push(now);
        ResponseTemplate::new(200).set_delay(self.latency).set_body_json(json!({
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1_764_000_000,
            "model": "bench-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "OK"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 13}
        }))
    }
}

/// The most requests the provider accepted in any window, sliding over every arrival.
fn busiest_window(arrivals: &[Instant]) -> usize {
    let mut best = 0;
    let mut start = 0;
    for end in 0..arrivals.len() {
        while arrivals[end].duration_since(arrivals[start]) >= WINDOW {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

fn mean_ms(values: &[Duration]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / values.len() as f64
}

fn percentile_ms(values: &mut [Duration], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort();
    let i = ((values.len() - 1) as f64 * p).round() as usize;
    values[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let requests: usize = env_or("BENCH_REQUESTS", 5000);
    let rpm: u32 = env_or("BENCH_RPM", 600);
    let latency = Duration::from_millis(env_or("BENCH_LATENCY_MS", 300));
    let strict: u8 = env_or("BENCH_STRICT", 0);

    let server = MockServer::start().await;
    let provider = Arc::new(LimitedProvider { limit: rpm as usize, latency, state: Mutex::new(ProviderLog::default()) });
    Mock::given(method("POST")).and(path("/v1/chat/completions")).respond_with(ArcResponder(provider.clone())).mount(&server).await;
    let base_url = format!("{}/v1", server.uri());

    // Reference: a bare HTTP client, one request at a time, to measure the provider's own round trip.
    let http = reqwest::Client::new();
    let body = json!({"model": "bench-model", "messages": [{"role": "user", "content": "Reply with OK."}], "max_tokens": 4});
    let mut bare = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let response = http.post(format!("{base_url}/chat/completions")).json(&body).send().await.expect("bare request");
        response.bytes().await.expect("bare body");
        bare.push(started.elapsed());
    }
    // The reference calls count against the provider's limit too: start the measured run with a clean window.
    *provider.state.lock().expect("provider log") = ProviderLog::default();

    let endpoint = Endpoint {
        label: "bench".into(),
        kind: ProviderKind::Openai,
        base_url,
        key: None,
        timeout: Duration::from_secs(30),
        clock: reach::Clock::system(),
    };
    let limits = ProviderLimits { rpm: Some(rpm), tpm: None, max_concurrency: 64 };
    let router = Arc::new(
        Router::builder(RetryPolicy::default())
            .endpoint(endpoint, "bench-model", limits)
            .route(Purpose::Classify, vec![RouteStep::new("bench", None)])
            .build(),
    );

    eprintln!(
        "{requests} requests at {rpm} requests/minute with {} ms latency: about {:.0} s",
        latency.as_millis(),
        requests as f64 * 60.0 / rpm as f64
    );
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(requests);
    for i in 0..requests {
        let router = router.clone();
        tasks.push(tokio::spawn(async move {
            let call = LlmCall::new(Purpose::Classify, CompletionRequest::new(format!("Reply with OK. ({i})")));
            router.complete(&call).await
        }));
    }
    let mut own = Vec::with_capacity(requests);
    let mut provider_latency = Vec::with_capacity(requests);
    let mut failed = 0;
    for (done, task) in tasks.into_iter().enumerate() {
        match task.await.expect("request task") {
            Ok(answer) => {
                own.push(answer.elapsed.saturating_sub(answer.latency).saturating_sub(answer.waited));
                provider_latency.push(answer.latency);
            }
            Err(e) => {
                failed += 1;
                eprintln!("request failed: {e}");
            }
        }
        if (done + 1) % 500 == 0 {
            eprintln!("  {} of {requests} answered after {:.0} s", done + 1, started.elapsed().as_secs_f64());
        }
    }
    let wall = started.elapsed();

    let log = provider.state.lock().expect("provider log");
    let accepted = log.accepted.len();
    let span = match (log.accepted.first(), log.accepted.last()) {
        (Some(first), Some(last)) if accepted > 1 => last.duration_since(*first),
        _ => wall,
    };
    // Requests per minute over the run: n requests span n - 1 intervals between arrivals.
    let achieved_rpm = if accepted > 1 { (accepted - 1) as f64 * 60.0 / span.as_secs_f64() } else { 0.0 };
    let share = achieved_rpm / rpm as f64 * 100.0;
    let busiest = busiest_window(&log.accepted);
    let router_latency_ms = mean_ms(&provider_latency);
    let bare_ms = mean_ms(&bare);

    println!();
    println!("{:<52}{:>14}", "measure", "value");
    println!("{}", "-".repeat(66));
    println!("{:<52}{:>14}", "requests sent through the router", requests);
    println!("{:<52}{:>14}", "answered", requests - failed);
    println!("{:<52}{:>12.1} s", "wall time", wall.as_secs_f64());
    println!("{:<52}{:>10.1} rpm", "achieved rate (provider arrivals)", achieved_rpm);
    println!("{:<52}{:>14}", "most requests in any 60 s window (limit)", format!("{busiest} ({rpm})"));
    println!("{:<52}{:>11.3} ms", "bare client round trip (reference, mean of 20)", bare_ms);
    println!("{:<52}{:>11.3} ms", "round trip as the router measured it (mean)", router_latency_ms);
    println!("{:<52}{:>11.3} ms", "router's own time per call (mean)", mean_ms(&own));
    println!("{:<52}{:>11.3} ms", "router's own time per call (p99)", percentile_ms(&mut own, 0.99));
    println!();
    let checks = [
        ("achieved rate / limit", format!("{share:.1} %"), ">= 95 %", share >= 95.0),
        ("requests rejected by the provider (429)", log.rejected.to_string(), "0", log.rejected == 0),
        ("requests that failed", failed.to_string(), "0", failed == 0),
    ];
    println!("{:<44}{:>10}{:>10}  result", "target", "value", "target");
    println!("{}", "-".repeat(72));
    let mut missed = false;
    for (name, value, target, pass) in checks {
        missed |= !pass;
        println!("{name:<44}{value:>10}{target:>10}  {}", if pass { "PASS" } else { "MISS" });
    }
    if missed && strict == 1 {
        std::process::exit(1);
    }
}

/// wiremock takes its responder by value; the benchmark keeps a handle to read the log afterwards.
struct ArcResponder(Arc<LimitedProvider>);

impl Respond for ArcResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}
