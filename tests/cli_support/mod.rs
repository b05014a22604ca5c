//! The `reach` binary run against a temp database and data folder, for the command-line tests.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap() }
    }

    /// `reach --db <temp>/reach.db`, with the app's data folder in the same temp folder.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("reach").unwrap();
        c.arg("--db").arg(self.dir.path().join("reach.db")).env("REACH_DATA_DIR", self.dir.path());
        c
    }

    pub fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    /// Runs the command with `--json`, expects success, and parses what it printed.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).arg("--json").assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).expect("--json prints one JSON value")
    }
}
