//! `reach inbox classify`: the real binary over message files; nothing is stored.

mod cli_support;

use cli_support::Cli;
use predicates::prelude::*;

fn corpus(name: &str) -> String {
    format!("{}/tests/fixtures/mail/{name}.eml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn classify_prints_one_json_line_per_file_in_order() {
    let cli = Cli::new();
    let out = cli
        .cmd()
        .args(["inbox", "classify", "--json"])
        .arg(corpus("bounce-postfix-user-unknown"))
        .arg(corpus("auto-reply-rfc3834"))
        .arg(corpus("reply-unsubscribe-de"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).expect("each line is one JSON object")).collect();
    assert_eq!(lines.len(), 3, "one object per file");
    let bounce = &lines[0];
    assert_eq!(bounce["kind"], "bounce");
    assert_eq!(bounce["bounce"]["recipients"][0]["address"], "ann.lee@acme.test");
    assert_eq!(bounce["bounce"]["recipients"][0]["status"], "5.1.1");
    assert_eq!(bounce["bounce"]["recipients"][0]["hard"], true);
    assert_eq!(bounce["bounce"]["recipients"][0]["reason"], "user_unknown");
    assert_eq!(lines[1]["kind"], "auto_reply");
    assert_eq!(lines[1]["auto_reply"]["return_date"], "2026-12-14");
    assert_eq!(lines[2]["kind"], "reply");
    assert_eq!(lines[2]["category"], "unsubscribe");
    assert_eq!(lines[2]["in_reply_to"], "20261207090500.ps0001@brightpath.test");
    assert!(!cli.dir.path().join("reach.db").exists(), "classifying stores nothing, not even a database");
}

#[test]
fn a_missing_file_is_named_the_others_are_still_printed_and_the_exit_status_is_1() {
    let cli = Cli::new();
    let missing = cli.dir.path().join("nowhere.eml").display().to_string();
    let out = cli
        .cmd()
        .args(["inbox", "classify", "--json"])
        .arg(&missing)
        .arg(corpus("reply-interested"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "the error in its place, then the readable file");
    assert_eq!(lines[0]["code"], "file_unreadable");
    assert!(lines[0]["message"].as_str().unwrap().contains("nowhere.eml"), "the error names the file: {}", lines[0]);
    assert_eq!(lines[1]["category"], "interested", "the other file is still read");

    cli.cmd()
        .args(["inbox", "classify"])
        .arg(&missing)
        .arg(corpus("reply-interested"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("could not read").and(predicate::str::contains("nowhere.eml")))
        .stdout(predicate::str::contains("a reply").and(predicate::str::contains("category: interested")));
}

#[test]
fn without_json_a_bounce_is_described_in_words() {
    let cli = Cli::new();
    cli.cmd().args(["inbox", "classify"]).arg(corpus("bounce-postfix-two-recipients")).assert().success().stdout(
        predicate::str::contains("a bounce")
            .and(predicate::str::contains("kim@northwind.test  5.1.1  hard  no such mailbox"))
            .and(predicate::str::contains("lars@northwind.test  5.2.2  soft  mailbox full"))
            .and(predicate::str::contains("bounced message: <20261207101537.778899@brightpath.test>")),
    );
}

#[test]
fn classify_without_a_file_is_a_usage_error() {
    let cli = Cli::new();
    cli.cmd().args(["inbox", "classify"]).assert().code(2);
}
