//! `reach template`, `sequence`, `draft`, `enrich` and `review` on a real file, each run with no network at
//! all (in a network namespace of its own): offline drafting needs none.

mod cli_support;

use std::process::Command as Process;

use cli_support::Cli;
use serde_json::Value;

const LEADS: &str = "email,first_name,last_name,company,title,country,Industry
ana@acme-analytics.com,Ana,Lopez,Acme Analytics,CTO,US,Software
bo@brightshop.com,Bo,Keller,Brightshop,Head of Marketing,US,Retail
cy@nocompany.io,,,,,,
";

const BODY: &str =
    "{Hi|Hello} {{ first_name | default(\"there\") }},\n\n{{ opener }}\n\nWorth a chat about {{ company | default(\"your team\") }}?";

/// The `reach` binary run inside a new network namespace with only a loopback that is down: any connection
/// it tried would fail.
struct Offline<'a> {
    cli: &'a Cli,
}

impl Offline<'_> {
    fn run(&self, args: &[&str]) -> std::process::Output {
        let reach = assert_cmd::cargo::cargo_bin("reach");
        Process::new("unshare")
            .arg("--net")
            .arg(reach)
            .arg("--db")
            .arg(self.cli.dir.path().join("reach.db"))
            .env("REACH_DATA_DIR", self.cli.dir.path())
            .args(args)
            .output()
            .expect("unshare runs (the tests run as root, as CI does)")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "reach {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("--json prints one JSON value")
    }
}

#[test]
fn a_campaign_is_drafted_reviewed_and_exported_with_no_network_at_all() {
    let cli = Cli::new();
    let offline = Offline { cli: &cli };
    let probe = Process::new("unshare").args(["--net", "true"]).status().expect("unshare exists");
    assert!(probe.success(), "this test needs `unshare --net` (root in CI); it proves drafting makes no connection");

    let leads = cli.file("leads.csv", LEADS);
    let body = cli.file("body.txt", BODY);
    offline.ok(&["workspace", "create", "Acme"]);
    offline.ok(&["campaign", "create", "Launch", "--workspace", "Acme"]);
    offline.ok(&["import", &leads, "--workspace", "Acme", "--campaign", "Launch"]);
    let saved = offline.json(&[
        "template",
        "add",
        "Intro",
        "--workspace",
        "Acme",
        "--subject",
        "Idea for {{ company | default('you') }}",
        "--body-file",
        &body,
    ]);
    assert_eq!(saved["template"]["name"], "Intro");
    let preview = offline.ok(&["template", "preview", "Intro", "--lead", "ANA@acme-analytics.com"]);
    assert!(preview.contains("Subject: Idea for Acme Analytics"), "{preview}");
    let steps = offline.json(&["sequence", "add-step", "--campaign", "Launch", "--template", "Intro"]);
    assert_eq!((steps[0]["step"].as_i64(), steps[0]["variant"].as_str()), (Some(1), Some("A")));
    offline.json(&[
        "sequence",
        "add-step",
        "--campaign",
        "Launch",
        "--template",
        "Intro",
        "--step",
        "1",
        "--variant",
        "b",
        "--weight",
        "2",
    ]);
    let shown = offline.ok(&["sequence", "show", "--campaign", "Launch"]);
    assert!(shown.contains("step 1 B") && shown.contains("67%"), "{shown}");

    offline.ok(&["enrich", "--campaign", "Launch", "--offline"]);
    let job = offline.json(&["draft", "--campaign", "Launch", "--offline"]);
    assert_eq!((job["status"].as_str(), job["done"].as_i64()), (Some("completed"), Some(3)), "{job}");

    let drafts = offline.json(&["review", "list", "--campaign", "Launch"]);
    let drafts = drafts.as_array().unwrap();
    assert_eq!(drafts.len(), 3);
    for d in drafts {
        for key in ["id", "lead_email", "step", "variant", "status", "subject", "body", "qc"] {
            assert!(d.get(key).is_some(), "each draft has its {key}");
        }
        assert_eq!(d["offline"], true);
    }
    let id = |i: usize| drafts[i]["id"].as_i64().unwrap().to_string();
    let rejected = offline.json(&["review", "reject", &id(2), "--note", "too generic"]);
    assert_eq!(rejected["changed"], 1);
    let approved = offline.json(&["review", "approve", "--campaign", "Launch", "--all-passing"]);
    assert_eq!(approved["changed"], 2);
    let refused = offline.json(&["review", "approve", &id(2)]);
    assert_eq!(refused["changed"], 0);
    assert!(refused["skipped"][0]["reason"].as_str().unwrap().contains("rejected"), "{refused}");

    let out = cli.dir.path().join("approved.csv");
    let out_text = out.display().to_string();
    offline.ok(&["review", "export", "--campaign", "Launch", "--format", "csv", "--out", &out_text]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    assert_eq!(reader.records().count(), 2);
    let listed = offline.json(&["review", "list", "--campaign", "Launch", "--status", "approved"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_gets_a_clear_error_and_the_right_exit_status() {
    let cli = Cli::new();
    cli.cmd().args(["workspace", "create", "Acme"]).assert().success();
    cli.cmd().args(["campaign", "create", "Launch", "--workspace", "Acme"]).assert().success();
    let bad = cli.file("bad.txt", "Hello {{ first_name }\n");
    let out = cli.cmd().args(["template", "add", "Bad", "--workspace", "Acme", "--subject", "Hi", "--body-file", &bad]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "bad input");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("body line 1"), "{stderr}");
    let out = cli.cmd().args(["draft", "--campaign", "Launch", "--offline"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no sequence"));
    let out = cli.cmd().args(["review", "list", "--campaign", "Launch", "--status", "done"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a review status"));
    let out = cli.cmd().args(["draft", "--campaign", "Nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "not found");
    let article = ["sequence", "add-step", "--campaign", "Launch", "--ai-prompt", "A guide", "--channel", "article"];
    let out = cli.cmd().args(article).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a web address"), "{}", String::from_utf8_lossy(&out.stderr));
    let steps =
        cli.json(&[&article[..], &["--target-url", "https://acme.example/guide", "--anchor-text", "the guide", "--topic", "SEO"]].concat());
    assert_eq!(steps[0]["article"]["anchor_text"], "the guide");
    assert_eq!((steps[0]["article"]["min_words"].as_u64(), steps[0]["article"]["max_words"].as_u64()), (Some(600), Some(1000)));
}
