//! `reach providers`, `reach usage`, `reach budget` and `reach prices` on a temp database: exit codes, JSON
//! shapes and one-line errors. (Keys and the keychain are covered in tests/secrets.rs.)

mod cli_support;
mod llm_support;

use cli_support::Cli;
use llm_support::*;
use predicates::prelude::*;
use reach::llm::ProviderKind;
use wiremock::MockServer;

#[test]
fn budget_set_and_show_in_dollars() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "Acme"]).assert().success();
    let set = cli.json(&["budget", "set", "12.50", "--workspace", "acme"]);
    assert_eq!((set["limit_usd"].as_f64(), set["remaining_usd"].as_f64(), set["spent_usd"].as_f64()), (Some(12.5), Some(12.5), Some(0.0)));
    cli.cmd()
        .args(["budget", "show", "--workspace", "Acme"])
        .assert()
        .success()
        .stdout(predicate::str::contains("budget $12.50, spent $0.00"));
    let removed = cli.json(&["budget", "set", "none", "--workspace", "Acme"]);
    assert!(removed["limit_usd"].is_null());
    cli.cmd()
        .args(["budget", "set", "lots", "--workspace", "Acme"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match("^reach: \"lots\" is not an amount in dollars\n$").unwrap());
    cli.cmd()
        .args(["budget", "set", "5", "--workspace", "Nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("\"Nope\" was not found"));
}

#[test]
fn usage_reports_a_month_and_rejects_a_bad_one() {
    let cli = Cli::new();
    let usage = cli.json(&["usage", "--month", "2026-11"]);
    assert_eq!(usage["month"], "2026-11");
    assert_eq!(usage["totals"]["calls"], 0);
    for key in ["by_day", "by_provider", "by_workspace", "by_purpose"] {
        assert!(usage[key].is_array(), "{key} is a list");
    }
    cli.cmd()
        .args(["usage", "--month", "2026-13"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match("^reach: [^\n]+2026-13[^\n]+\n$").unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyless_provider_is_added_tested_routed_and_removed() {
    let server = MockServer::start().await;
    serve(&server, ProviderKind::Openai, vec![ok(ProviderKind::Openai, "OK")]).await;
    let cli = Cli::new();
    let base = format!("{}/v1", server.uri());
    let added = cli.json(&["providers", "add", "local", "--kind", "openai", "--base-url", &base, "--model", "llama3.2", "--rpm", "30"]);
    assert_eq!((added["key"]["state"].as_str(), added["rpm_limit"].as_u64()), (Some("not_needed"), Some(30)));
    let tested = cli.json(&["providers", "test", "LOCAL"]);
    assert_eq!((tested["answer"].as_str(), tested["output_tokens"].as_u64()), (Some("OK"), Some(7)));
    assert!(tested["latency_ms"].is_u64());
    cli.cmd().args(["providers", "test", "local"]).assert().success().stdout(predicate::str::contains("ms, 11 tokens in, 7 out"));

    let routes = cli.json(&["providers", "route", "draft", "local:llama3.2:3b"]);
    assert_eq!(routes[0]["steps"][0]["model"], "llama3.2:3b", "a model name may itself hold a colon");
    cli.cmd().args(["providers", "routes"]).assert().success().stdout(predicate::str::contains("draft     local (llama3.2:3b)"));

    let usage = cli.json(&["usage"]);
    assert_eq!(usage["by_provider"][0]["label"], "local");
    cli.cmd()
        .args(["providers", "add", "local", "--kind", "openai", "--base-url", &base, "--model", "m"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    cli.json(&["providers", "remove", "local"]);
    assert_eq!(cli.json(&["providers", "list"]), serde_json::json!([]));
    cli.cmd().args(["providers", "test", "local"]).assert().failure().stderr(predicate::str::contains("\"local\" was not found"));
}

#[test]
fn a_provider_test_that_cannot_connect_fails_with_one_line() {
    let cli = Cli::new();
    cli.cmd().args(["providers", "add", "down", "--kind", "openai", "--base-url", &refused_url(), "--model", "m"]).assert().success();
    cli.cmd()
        .args(["providers", "test", "down"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match("^reach: could not connect to down; [^\n]+\n$").unwrap());
}

#[test]
fn prices_can_be_listed_and_edited() {
    let cli = Cli::new();
    let prices = cli.json(&["prices", "set", "openai", "my-model", "--input", "0.5", "--output", "1.5"]);
    let mine = prices.as_array().unwrap().iter().find(|p| p["model"] == "my-model").expect("the new price is listed");
    assert_eq!((mine["input_per_mtok_usd"].as_f64(), mine["output_per_mtok_usd"].as_f64()), (Some(0.5), Some(1.5)));
    cli.cmd().args(["prices", "set", "openai", "x", "--input", "-1", "--output", "1"]).assert().failure();
}
