//! Test harness: a real SQLite file in a temp folder (removed with its -wal/-shm on drop) and file makers.
#![allow(dead_code)]

pub mod imap;
pub mod inbox;
pub mod sending;
pub mod smtp;
pub mod tcp_proxy;

use std::path::{Path, PathBuf};
use std::time::Duration;

use reach::api::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use reach::api::leads::{LeadFilter, LeadQuery};
use reach::{Engine, RunnerConfig};
use tempfile::TempDir;

pub struct TestEnv {
    pub dir: TempDir,
    pub engine: Engine,
}

impl TestEnv {
    pub async fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let engine = Engine::open(&dir.path().join("reach.db"), RunnerConfig { lease: Duration::from_secs(5) })
            .await
            .expect("engine opens on a fresh database");
        TestEnv { dir, engine }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("reach.db")
    }

    /// Writes a file into the temp folder and returns its path.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write test file");
        path
    }

    pub async fn workspace(&self, name: &str) -> i64 {
        self.engine.create_workspace(name).await.expect("workspace").id
    }

    pub async fn campaign(&self, workspace_id: i64, name: &str) -> i64 {
        let input = CampaignInput {
            name: name.into(),
            kind: CampaignKind::ColdEmail,
            keywords: vec![],
            description: String::new(),
            context: ServiceContext::default(),
        };
        self.engine.create_campaign(workspace_id, &input).await.expect("campaign").id
    }

    /// All lead emails of a workspace, sorted.
    pub async fn emails(&self, workspace_id: i64) -> Vec<String> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .engine
                .lead_page(&LeadQuery {
                    filter: LeadFilter { workspace_id, ..Default::default() },
                    after,
                    limit: Some(1000),
                    ..Default::default()
                })
                .await
                .expect("lead page");
            out.extend(page.leads.into_iter().filter_map(|l| l.email));
            match page.next_cursor {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        out.sort();
        out
    }
}

/// Fails when the search index disagrees with the leads table: once caught up, it holds exactly the words
/// of each lead's searched fields, for each lead, that an index of them built afresh would.
pub async fn assert_search_index_intact(env: &TestEnv) {
    assert_search_index_matches_leads(&env.engine).await;
}

pub async fn assert_search_index_matches_leads(engine: &Engine) {
    let check = engine.store().check_search_index().await.expect("the search index compared with the leads");
    assert_eq!(
        (check.missing, check.extra),
        (0, 0),
        "words of leads missing from the search index, and words it has of no lead ({} in all)",
        check.entries
    );
}

/// A CSV of `rows` distinct valid leads: email,first,last,company,country.
pub fn generated_csv(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 60);
    s.push_str("Email,First Name,Last Name,Company,Country\n");
    for i in 0..rows {
        s.push_str(&format!("person{i}@company{}.com,First{i},Last{i},\"Company {}, Ltd\",Country{}\n", i % 997, i % 997, i % 7));
    }
    s
}

pub fn path_text(p: &Path) -> String {
    p.display().to_string()
}
