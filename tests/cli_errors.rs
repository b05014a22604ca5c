//! How the `reach` binary fails: one exit status per class of error, and with `--json` one
//! `{code, message}` object on standard output and nothing else.

mod cli_support;

use cli_support::Cli;
use rstest::rstest;
use serde_json::Value;

/// A temp database with a workspace "W" and an AI provider "down" whose address nothing listens on.
fn cli_with_data() -> Cli {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{closed_port}/v1");
    cli.cmd().args(["providers", "add", "down", "--preset", "ollama", "--base-url", &url, "--model", "m"]).assert().success();
    cli
}

/// The database for a case: the one with data, or, for the last case, a folder where the database should be.
fn cli_for(case: &str) -> Cli {
    if case == "database is a folder" {
        let cli = Cli::new();
        std::fs::create_dir(cli.dir.path().join("reach.db")).unwrap();
        return cli;
    }
    cli_with_data()
}

/// The arguments of one failing command; `{dir}` stands for the temp folder.
fn failing_args(cli: &Cli, case: &str) -> Vec<String> {
    let dir = cli.dir.path().display().to_string();
    let args: &[&str] = match case {
        "bad month" => &["usage", "--month", "2026-13"],
        "missing file" => &["inspect", "{dir}/nothing-here.csv"],
        "unconfirmed delete" => &["workspace", "delete", "W"],
        "unknown subcommand" => &["workspace", "frobnicate"],
        "missing subcommand" => &["workspace"],
        "unknown workspace" => &["leads", "list", "--workspace", "Nope"],
        "name taken" => &["workspace", "create", "w"],
        "provider unreachable" => &["providers", "test", "down"],
        "database is a folder" => &["workspace", "list"],
        other => panic!("no case {other}"),
    };
    args.iter().map(|a| a.replace("{dir}", &dir)).collect()
}

#[rstest]
#[case::bad_month("bad month", "validation", 2)]
#[case::missing_file("missing file", "file_unreadable", 2)]
#[case::unconfirmed_delete("unconfirmed delete", "confirmation_needed", 2)]
#[case::unknown_subcommand("unknown subcommand", "validation", 2)]
#[case::missing_subcommand("missing subcommand", "validation", 2)]
#[case::unknown_workspace("unknown workspace", "not_found", 3)]
#[case::name_taken("name taken", "conflict", 4)]
#[case::provider_unreachable("provider unreachable", "offline", 5)]
#[case::database_is_a_folder("database is a folder", "internal", 1)]
fn a_json_error_is_one_object_on_stdout_and_the_exit_status_tells_its_class(#[case] case: &str, #[case] code: &str, #[case] status: i32) {
    let cli = cli_for(case);
    let out = cli.cmd().args(failing_args(&cli, case)).arg("--json").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(status),
        "{case}: the exit status names the class; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{case}: a script reads exactly one line of JSON, got {stdout:?}");
    let error: Value = serde_json::from_str(&stdout).expect("standard output holds nothing but the JSON error");
    let fields: Vec<&String> = error.as_object().expect("the error is an object").keys().collect();
    assert_eq!(fields, ["code", "message"], "{case}: the error has exactly the fields code and message");
    assert_eq!(error["code"], code, "{case}: {stdout}");
    let message = error["message"].as_str().unwrap();
    assert!(!message.is_empty() && !message.starts_with("reach:"), "{case}: the message is the sentence alone: {message:?}");
}

#[rstest]
#[case::bad_month("bad month", 2)]
#[case::unknown_workspace("unknown workspace", 3)]
#[case::name_taken("name taken", 4)]
#[case::provider_unreachable("provider unreachable", 5)]
#[case::database_is_a_folder("database is a folder", 1)]
fn without_json_the_sentence_goes_to_stderr_with_the_same_exit_status(#[case] case: &str, #[case] status: i32) {
    let cli = cli_for(case);
    let out = cli.cmd().args(failing_args(&cli, case)).output().unwrap();
    assert_eq!(out.status.code(), Some(status), "{case}: the exit status does not depend on --json");
    assert!(out.stdout.is_empty(), "{case}: a failure prints nothing on standard output");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("reach: ") && stderr.ends_with('\n'), "{case}: one line for the user: {stderr:?}");
}

#[test]
fn help_and_version_still_print_normally_with_json() {
    let cli = Cli::new();
    let out = cli.cmd().args(["--json", "--version"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "asking for the version is not an error");
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("reach "), "the version is printed as clap prints it");
}
