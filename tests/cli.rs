//! The `reach` binary on a temp database: exit codes, JSON shapes and one-line errors.

mod cli_support;

use assert_cmd::Command;
use cli_support::Cli;
use predicates::prelude::*;

#[test]
fn workspace_create_and_list() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "Acme Ltd"]).assert().success();
    let list = cli.json(&["workspace", "list"]);
    assert_eq!(list[0]["name"], "Acme Ltd");
    cli.cmd()
        .args(["workspace", "create", "acme ltd"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists").and(predicate::str::is_match("^reach: [^\n]+\n$").unwrap()));
}

#[test]
fn import_reports_counts_and_errors_with_line_numbers() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let file = cli.file("l.csv", "Email,Name\na@x.com,Ann\nA@X.com,Ann again\n\"broken@\",Bad\nb@x.com,\"Bob\nSmith\"\nc@x.com,Cy\n");
    let report = cli.json(&["import", &file, "--workspace", "W"]);
    assert_eq!(report["imported"], 3);
    assert_eq!(report["duplicates"], 1);
    assert_eq!(report["invalid"], 1);
    assert_eq!(report["errors"], serde_json::json!([{ "line": 4, "reason": "\"broken@\" is not a valid email address" }]));

    let again = cli.json(&["import", &file, "--workspace", "W"]);
    assert_eq!(
        (again["imported"].as_i64(), again["duplicates"].as_i64()),
        (Some(0), Some(4)),
        "re-importing finds every address already there"
    );
}

#[test]
fn import_prints_a_readable_report_without_json() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let rows: String = (0..1200).map(|i| format!("p{i}@x.com,P{i}\n")).collect();
    let file = cli.file("l.csv", &format!("Email,Name\n{rows}broken@,Bad\np0@x.com,Again\n"));
    let out = cli.cmd().args(["import", &file, "--workspace", "W"]).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("l.csv: 1,202 rows\n"), "{out}");
    assert!(out.contains("  imported                 1,200\n"), "counts are grouped and aligned: {out}");
    assert!(out.contains("  duplicates in the file       1\n"), "{out}");
    assert!(out.contains("  line 1202: \"broken@\" is not a valid email address"), "{out}");
}

#[test]
fn import_without_an_email_column_needs_map() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let file = cli.file("n.csv", "Person,Where\nAnn,ann-at-x\n");
    cli.cmd().args(["import", &file, "--workspace", "W"]).assert().failure().stderr(predicate::str::contains("--map"));
    let file = cli.file("m.csv", "Person,Contact\nAnn,ann@x.com\nBob,not-mail\n");
    let report = cli.json(&["import", &file, "--workspace", "W", "--map", "Contact=email", "--map", "Person=full_name"]);
    assert_eq!(report["imported"], 1);
    cli.cmd()
        .args(["import", &file, "--workspace", "W", "--map", "Nope=email"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no column \"Nope\""));
}

#[test]
fn campaign_create_and_import_into_it() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let c = cli.json(&["campaign", "create", "Links", "--workspace", "W", "--kind", "backlink"]);
    assert_eq!(c["kind"], "backlink");
    let file = cli.file("c.csv", "email\na@x.com\n");
    cli.json(&["import", &file, "--workspace", "W", "--campaign", "links"]);
    let list = cli.json(&["campaign", "list", "--workspace", "W"]);
    assert_eq!(list[0]["lead_count"], 1);
    cli.cmd()
        .args(["campaign", "create", "X", "--workspace", "Nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("\"Nope\" was not found"));
}

#[test]
fn leads_list_and_search() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let file = cli.file("s.csv", "email,company\nann@acme.com,Acme\nbob@beta.io,Beta Labs\n");
    cli.json(&["import", &file, "--workspace", "W"]);
    assert_eq!(cli.json(&["leads", "list"]).as_array().unwrap().len(), 2);
    let found = cli.json(&["leads", "search", "beta lab"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["email"], "bob@beta.io");
    cli.cmd().args(["leads", "search", "beta"]).assert().success().stdout(predicate::str::contains("bob@beta.io"));
}

#[test]
fn an_unreadable_file_fails_with_one_line() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    let missing = cli.dir.path().join("missing.csv").display().to_string();
    cli.cmd()
        .args(["import", &missing, "--workspace", "W"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match("^reach: missing.csv could not be opened: [^\n]+\n$").unwrap());
}

#[test]
fn without_db_the_cli_uses_the_app_database() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("reach").unwrap().env("REACH_DATA_DIR", dir.path()).args(["workspace", "create", "Default"]).assert().success();
    assert!(dir.path().join("reach.db").exists(), "the database lives in the app data folder");
    assert!(dir.path().join("logs").is_dir(), "logs live beside it");
}

#[test]
fn jobs_resume_with_an_id_starts_only_a_paused_job() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "Acme"]).assert().success();
    let csv = cli.file("a.csv", "email\na@x.com\n");
    cli.cmd().args(["import", &csv, "--workspace", "Acme"]).assert().success();
    let jobs = cli.json(&["jobs", "list"]);
    let id = jobs[0]["id"].as_i64().unwrap().to_string();
    cli.cmd()
        .args(["jobs", "resume", &id])
        .assert()
        .failure()
        .stderr(predicate::str::contains("only paused jobs can be resumed").and(predicate::str::contains('\n').count(1)));
}

#[cfg(unix)]
#[test]
fn output_into_a_closed_pipe_ends_the_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    // The reader is gone before the command starts, as when `head` has read all it wanted.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("reach"))
        .arg("--db")
        .arg(cli.dir.path().join("reach.db"))
        .env("REACH_DATA_DIR", cli.dir.path())
        .args(["workspace", "list", "--json"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "ends as a pipeline's writer does, not with an error: {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "prints no panic");
}

#[test]
fn campaign_add_leads_and_remove_leads_by_search_or_all() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "W"]).assert().success();
    cli.cmd().args(["campaign", "create", "Q1", "--workspace", "W"]).assert().success();
    cli.cmd().args(["campaign", "create", "Q2", "--workspace", "W"]).assert().success();
    let file = cli.file("l.csv", "Email,Company\na@x.com,Zeta Labs\nb@x.com,Acme\nc@x.com,Acme\n");
    let report = cli.json(&["import", &file, "--workspace", "W", "--campaign", "Q1"]);
    assert_eq!((report["imported"].as_i64(), report["added_from_workspace"].as_i64()), (Some(3), Some(0)));
    let again = cli.json(&["import", &file, "--workspace", "W", "--campaign", "Q2"]);
    assert_eq!(again["added_from_workspace"], 3, "the report counts the people added to the campaign from the workspace");
    let text = cli.cmd().args(["import", &file, "--workspace", "W", "--campaign", "Q1"]).assert().success().get_output().stdout.clone();
    assert!(
        String::from_utf8(text).unwrap().contains("  added to the campaign from the workspace 0\n"),
        "the text report shows the count for an import into a campaign"
    );

    let removed = cli.json(&["campaign", "remove-leads", "Q2", "--workspace", "W", "--search", "acme"]);
    assert_eq!(removed, serde_json::json!({ "campaign": "Q2", "removed": 2 }));
    let added = cli.json(&["campaign", "add-leads", "Q2", "--workspace", "W", "--all"]);
    assert_eq!(added, serde_json::json!({ "campaign": "Q2", "added": 2 }), "only the leads not in it are counted");
    cli.cmd()
        .args(["campaign", "remove-leads", "Q1", "--workspace", "W", "--all"])
        .assert()
        .success()
        .stdout("Removed 3 leads from \"Q1\"\n");
    let campaigns = cli.json(&["campaign", "list", "--workspace", "W"]);
    let counts: Vec<(String, i64)> = campaigns
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c["lead_count"].as_i64().unwrap()))
        .collect();
    assert_eq!(counts, [("Q1".to_string(), 0), ("Q2".to_string(), 3)]);

    cli.cmd()
        .args(["campaign", "add-leads", "Q1", "--workspace", "W"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--search").and(predicate::str::contains("--all")));
    cli.cmd()
        .args(["campaign", "add-leads", "Nope", "--workspace", "W", "--all"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("The campaign \"Nope\" was not found"));
}

#[test]
fn a_detached_import_waits_queued_until_jobs_resume_runs_it() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "Acme"]).assert().success();
    let csv = cli.file("a.csv", "email\na@x.com\nb@y.org\n");
    let queued = cli.json(&["import", &csv, "--workspace", "Acme", "--detach"]);
    assert_eq!(queued["status"], "queued", "a detached import only queues its job: {queued}");
    assert_eq!(queued["kind"], "import");
    let ran = cli.json(&["jobs", "resume"]);
    assert_eq!(ran[0]["status"], "completed", "jobs resume runs what is due and waits for it: {ran}");
    assert_eq!(ran[0]["done"], 2);
}

#[test]
fn a_finished_job_is_shown_and_cannot_be_paused_or_cancelled() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "Acme"]).assert().success();
    let csv = cli.file("a.csv", "email\na@x.com\n");
    cli.cmd().args(["import", &csv, "--workspace", "Acme"]).assert().success();
    let id = cli.json(&["jobs", "list"])[0]["id"].as_i64().unwrap().to_string();
    let shown = cli.json(&["jobs", "show", &id]);
    assert_eq!((shown["status"].as_str(), shown["waiting_retry"].as_i64()), (Some("completed"), Some(0)), "{shown}");
    for (action, allowed) in
        [("pause", "only queued or running jobs can be paused"), ("cancel", "only queued, running or paused jobs can be cancelled")]
    {
        cli.cmd()
            .args(["jobs", action, &id, "--json"])
            .assert()
            .code(4)
            .stdout(predicate::str::contains("\"code\":\"conflict\"").and(predicate::str::contains(allowed)));
    }
    cli.cmd().args(["jobs", "retry", &id]).assert().success().stdout(predicate::str::contains("completed"));
}
