//! Secrets in the real OS keychain (the kernel keyring inside `keyctl session -`, or the Secret Service
//! under dbus-run-session with gnome-keyring): keys round-trip, and a key written there never shows up in
//! the database, the logs, events, errors or anything the CLI or the UI receives.
//!
//! With REACH_REQUIRE_KEYCHAIN=1 (as `make test` sets) a missing keychain fails these tests instead of
//! skipping them; REACH_EXPECT_KEYCHAIN names the backend that start-up must pick.

mod llm_support;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use assert_cmd::Command;
use llm_support::*;
use reach::api::providers::ProviderInput;
use reach::llm::ProviderKind;
use reach::secrets::SecretStore;
use reach::{AppError, Engine, RunnerConfig};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The real keychain, or `None` (skip) when there is none and none is required.
fn keychain() -> Option<SecretStore> {
    let store = SecretStore::platform();
    let probe = format!("probe:{:016x}", rand::random::<u64>());
    match store.set(&probe, &SecretString::from("probe-value")) {
        Ok(()) => {
            store.delete(&probe).expect("the probe entry can be deleted");
            Some(store)
        }
        Err(e) if std::env::var("REACH_REQUIRE_KEYCHAIN").is_ok_and(|v| v == "1") => panic!(
            "no usable keychain ({e}); run the tests inside `keyctl session -` or under dbus-run-session with an unlocked \
             gnome-keyring, as `make test` does"
        ),
        Err(e) => {
            eprintln!("skipped: no usable keychain here ({e})");
            None
        }
    }
}

fn unique_secret(tag: &str) -> String {
    format!("sk-{tag}-leakcheck-{:024x}", rand::random::<u128>() >> 32)
}

#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogBuffer {
    type Writer = LogBuffer;
    fn make_writer(&'a self) -> LogBuffer {
        self.clone()
    }
}

/// Every log line of this test binary, at trace level from every crate (HTTP, SQL, keychain).
fn captured_logs() -> LogBuffer {
    static LOGS: OnceLock<LogBuffer> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = LogBuffer::default();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(buffer.clone())
            .try_init()
            .expect("the log capture is the only subscriber");
        buffer
    })
    .clone()
}

#[test]
fn a_secret_round_trips_through_the_real_keychain_and_is_deleted() {
    let Some(store) = keychain() else { return };
    let reference = format!("test:{:016x}", rand::random::<u64>());
    let secret = unique_secret("roundtrip");
    store.set(&reference, &SecretString::from(secret.clone())).unwrap();
    assert_eq!(store.get(&reference).unwrap().unwrap().expose_secret(), secret);
    assert_eq!(store.hint(&reference).unwrap().unwrap(), format!("…{}", &secret[secret.len() - 4..]));
    store.set(&reference, &SecretString::from("sk-replaced-000000000000zz")).unwrap();
    assert_eq!(store.get(&reference).unwrap().unwrap().expose_secret(), "sk-replaced-000000000000zz", "setting again replaces");
    assert!(store.delete(&reference).unwrap());
    assert!(store.get(&reference).unwrap().is_none());
    if let Ok(expected) = std::env::var("REACH_EXPECT_KEYCHAIN") {
        assert_eq!(store.backend_name(), expected, "the keychain chosen at start-up");
    }
}

/// Every byte under `dir`, file by file.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap_or_default()));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_never_reaches_the_database_logs_events_errors_or_outputs() {
    let logs = captured_logs();
    let Some(_) = keychain() else { return };
    let (engine_key, cli_key, echoed_key) = (unique_secret("engine"), unique_secret("cli"), unique_secret("echo"));

    // A provider that answers only with the right key, and one that echoes its key in an error.
    let server = MockServer::start().await;
    for key in [&engine_key, &cli_key] {
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .and(header("authorization", format!("Bearer {key}").as_str()))
            .respond_with(ok(ProviderKind::Openai, "OK"))
            .mount(&server)
            .await;
    }
    let echo = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({ "error": { "message": format!("unsupported key {echoed_key} for this model"), "type": "invalid_request_error" } }),
        ))
        .mount(&echo)
        .await;

    // The engine, as the app uses it.
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("reach.db"), RunnerConfig::default()).await.unwrap();
    let mut events = engine.subscribe();
    let mut seen: Vec<String> = Vec::new();
    let input = |name: &str, url: String| ProviderInput {
        name: name.into(),
        kind: Some(ProviderKind::Openai),
        base_url: Some(url),
        model: "m".into(),
        ..Default::default()
    };
    let added = engine
        .add_provider(&input("engine-openai", format!("{}/v1", server.uri())), Some(SecretString::from(engine_key.clone())))
        .await
        .unwrap();
    assert_eq!(added.key.label, format!("set, ends in …{}", &engine_key[engine_key.len() - 4..]));
    let echoing =
        engine.add_provider(&input("echoing", format!("{}/v1", echo.uri())), Some(SecretString::from(echoed_key.clone()))).await.unwrap();
    seen.push(serde_json::to_string(&engine.list_providers().await.unwrap()).unwrap());
    seen.push(serde_json::to_string(&engine.test_provider(added.id, None).await.unwrap()).unwrap());
    let error = engine.test_provider(echoing.id, None).await.unwrap_err();
    seen.push(format!("{error} {error:?}"));
    seen.push(serde_json::to_string(&AppError::from(error)).unwrap());
    seen.push(serde_json::to_string(&engine.usage_summary(None, None).await.unwrap()).unwrap());
    while let Ok(event) = events.try_recv() {
        seen.push(format!("{event:?}"));
    }

    // The CLI, with every log line at trace level.
    let cli_dir = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        let mut c = Command::cargo_bin("reach").unwrap();
        c.arg("--db").arg(cli_dir.path().join("reach.db")).env("REACH_DATA_DIR", cli_dir.path()).env("REACH_LOG", "trace").args(args);
        c
    };
    let base = format!("{}/v1", server.uri());
    let outputs = [
        cli(&["providers", "add", "cli-openai", "--kind", "openai", "--base-url", &base, "--model", "m", "--key-stdin", "--json"])
            .write_stdin(format!("{cli_key}\n"))
            .assert()
            .success(),
        cli(&["providers", "list", "--json"]).assert().success(),
        cli(&["providers", "list"]).assert().success(),
        cli(&["providers", "test", "cli-openai", "--json"]).assert().success(),
        cli(&["providers", "test", "cli-openai"]).assert().success(),
        cli(&["usage", "--json"]).assert().success(),
    ];
    for out in &outputs {
        let o = out.get_output();
        seen.push(String::from_utf8_lossy(&o.stdout).into_owned());
        seen.push(String::from_utf8_lossy(&o.stderr).into_owned());
    }
    let listed: serde_json::Value = serde_json::from_slice(&outputs[1].get_output().stdout).unwrap();
    assert_eq!(listed[0]["key"]["label"], format!("set, ends in …{}", &cli_key[cli_key.len() - 4..]), "the CLI stored the key it read");
    let tested: serde_json::Value = serde_json::from_slice(&outputs[3].get_output().stdout).unwrap();
    assert_eq!(
        (tested["answer"].as_str(), tested["input_tokens"].as_u64()),
        (Some("OK"), Some(11)),
        "the call used the key from the keychain"
    );

    // Everything on disk (database, WAL, logs), every output, every log line.
    engine.close().await;
    let mut haystacks: Vec<(String, Vec<u8>)> = files_under(dir.path());
    haystacks.extend(files_under(cli_dir.path()));
    assert!(
        haystacks.iter().any(|(name, bytes)| name.ends_with("reach.db") && contains(bytes, "engine-openai"))
            || haystacks.iter().any(|(name, bytes)| name.ends_with("-wal") && contains(bytes, "engine-openai")),
        "the scan reads the real database"
    );
    let cli_log = haystacks.iter().find(|(name, _)| name.contains("logs")).expect("the CLI wrote its log file");
    assert!(contains(&cli_log.1, "TRACE"), "the CLI logged at trace level");
    let captured = logs.0.lock().unwrap().clone();
    assert!(contains(&captured, "TRACE"), "the engine's trace lines were captured");
    haystacks.push(("engine logs".into(), captured));
    haystacks.extend(seen.iter().enumerate().map(|(i, s)| (format!("output {i}"), s.clone().into_bytes())));
    for key in [&engine_key, &cli_key, &echoed_key] {
        let without_hint = &key[..key.len() - 4];
        for (name, bytes) in &haystacks {
            assert!(!contains(bytes, without_hint), "a key leaked into {name}");
        }
    }

    // Removing a provider removes its key from the keychain.
    let engine = Engine::open(&dir.path().join("reach.db"), RunnerConfig::default()).await.unwrap();
    let reference: String =
        sqlx::query_scalar("SELECT key_ref FROM llm_providers WHERE id = ?").bind(added.id).fetch_one(engine.store().pool()).await.unwrap();
    assert!(reference.starts_with("provider:"), "the database holds only the name of the keychain entry");
    for p in engine.list_providers().await.unwrap() {
        engine.remove_provider(p.id).await.unwrap();
    }
    assert!(engine.llm().secrets().get(&reference).unwrap().is_none(), "the key left the keychain with its provider");
    cli(&["providers", "remove", "cli-openai"]).assert().success();
}

#[test]
fn without_a_reachable_keychain_a_keyed_provider_is_refused_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        let mut c = Command::cargo_bin("reach").unwrap();
        c.arg("--db")
            .arg(dir.path().join("reach.db"))
            .env("REACH_DATA_DIR", dir.path())
            .env("REACH_KEYCHAIN", "no-such-keychain")
            .args(args);
        c
    };
    let key = unique_secret("nokeychain");
    let out = cli(&["providers", "add", "x", "--preset", "openai", "--model", "gpt-4o-mini", "--key-stdin"])
        .write_stdin(key.clone())
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.starts_with("reach: the system keychain") && stderr.lines().count() == 1, "one clear line: {stderr}");
    assert!(!stderr.contains(&key));
    let listed = cli(&["providers", "list", "--json"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&listed.get_output().stdout).trim(), "[]", "the provider row was rolled back with the failed key");
    let ok = cli(&["providers", "add", "local", "--preset", "ollama", "--model", "llama3.2"]).assert().success();
    assert!(String::from_utf8_lossy(&ok.get_output().stdout).contains("key not needed"), "a provider without a key needs no keychain");
}
