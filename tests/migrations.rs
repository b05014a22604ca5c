//! Database files: how a new one is laid out, and upgrades of one written by an earlier version, which keep
//! every lead, its search entry and its import.

mod common;

use std::path::Path;
use std::str::FromStr;

use reach::api::enrollments::{EnrollmentStage, StopReason};
use reach::api::leads::{LeadFilter, LeadQuery};
use reach::{Engine, RunnerConfig};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// The last schema before lead writes were made lean (the leads table rebuilt, the import index dropped).
const BEFORE_LEAN_WRITES: i64 = 20261125000003;

async fn database_at(path: &Path, version: i64) -> SqlitePool {
    let options =
        SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display())).unwrap().create_if_missing(true).foreign_keys(true);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    let migrator = sqlx::migrate::Migrator::new(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))).await.unwrap();
    migrator.run_to(version, &pool).await.unwrap();
    pool
}

#[tokio::test]
async fn upgrading_keeps_leads_their_search_entries_and_their_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    let old = database_at(&path, BEFORE_LEAN_WRITES).await;
    let at = "2026-11-01T00:00:00.000Z";
    sqlx::query("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (1, 'Client', ?1, ?1)")
        .bind(at)
        .execute(&old)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO imports (id, workspace_id, file_name, file_path, format, mapping, created_at) VALUES (7, 1, 'a.csv', '/a.csv', 'csv', '[]', ?1)",
    )
    .bind(at)
    .execute(&old)
    .await
    .unwrap();
    for i in 0..40 {
        let import_id = (i % 4 != 0).then_some(7);
        let status = if i % 10 == 0 { "sent" } else { "new" };
        sqlx::query(
            "INSERT INTO leads (workspace_id, import_id, dedupe_key, email, first_name, company, status, created_at, updated_at)
             VALUES (1, ?1, ?2, ?2, ?3, 'Quillfeather Ltd', ?4, ?5, ?5)",
        )
        .bind(import_id)
        .bind(format!("person{i}@quill.example"))
        .bind(format!("Person{i}"))
        .bind(status)
        .bind(at)
        .execute(&old)
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO leads_fts (leads_fts) VALUES ('rebuild')").execute(&old).await.unwrap();
    sqlx::query("INSERT INTO import_errors (import_id, line, kind, reason) VALUES (7, 3, 'invalid', 'no address')")
        .execute(&old)
        .await
        .unwrap();
    old.close().await;

    let engine = Engine::open(&path, RunnerConfig::default()).await.expect("the upgrade applies");
    let pool = engine.store().pool();
    let page = |filter: LeadFilter| {
        let engine = engine.clone();
        async move { engine.lead_page(&LeadQuery { filter, ..Default::default() }).await.unwrap() }
    };
    let all = LeadFilter { workspace_id: 1, ..Default::default() };
    assert_eq!(page(all.clone()).await.total, Some(40));
    assert_eq!(page(LeadFilter { search: Some("quillfeath".into()), ..all.clone() }).await.total, Some(40), "search entries kept");
    assert_eq!(page(LeadFilter { search: Some("person17".into()), ..all.clone() }).await.total, Some(1));
    assert_eq!(page(LeadFilter { import_id: Some(7), ..all.clone() }).await.total, Some(30), "the import's run of ids is filled in");
    let bounced: i64 = sqlx::query_scalar("SELECT count(*) FROM leads WHERE hard_bounced_at IS NOT NULL").fetch_one(pool).await.unwrap();
    assert_eq!(bounced, 0, "statuses that were not facts about the person leave no fact behind");
    let (first, last): (i64, i64) =
        sqlx::query_as("SELECT first_lead_id, last_lead_id FROM imports WHERE id = 7").fetch_one(pool).await.unwrap();
    assert_eq!((first, last), (2, 40));
    let issues: i64 = sqlx::query_scalar("SELECT count(*) FROM import_errors WHERE import_id = 7").fetch_one(pool).await.unwrap();
    assert_eq!(issues, 1, "the import's row issues are kept");

    sqlx::query("UPDATE leads SET first_name = 'Renamed' WHERE id = 5").execute(pool).await.unwrap();
    sqlx::query("DELETE FROM leads WHERE id = 6").execute(pool).await.unwrap();
    assert_eq!(page(LeadFilter { search: Some("renamed".into()), ..all.clone() }).await.total, Some(1), "edits reach the search index");
    common::assert_search_index_matches_leads(&engine).await;
}

#[tokio::test]
async fn a_new_database_has_large_pages_and_a_write_ahead_log() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("reach.db"), RunnerConfig::default()).await.unwrap();
    let pool = engine.store().pool();
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size").fetch_one(pool).await.unwrap();
    assert_eq!(page_size, 32 * 1024, "new databases use 32 KiB pages");
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(pool).await.unwrap();
    assert_eq!(journal, "wal");
}

#[tokio::test]
async fn an_existing_database_keeps_its_page_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    database_at(&path, BEFORE_LEAN_WRITES).await.close().await;
    let engine = Engine::open(&path, RunnerConfig::default()).await.unwrap();
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size").fetch_one(engine.store().pool()).await.unwrap();
    assert_eq!(page_size, 4096, "a file's page size only changes by rewriting it, which opening never does");
}

/// The last schema in which a lead belonged to at most one campaign (`leads.campaign_id`) and had a status.
const BEFORE_ENROLLMENTS: i64 = 20261203000001;

#[tokio::test]
async fn upgrading_moves_every_campaign_membership_into_an_enrollment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    let old = database_at(&path, BEFORE_ENROLLMENTS).await;
    let at = "2026-11-01T00:00:00.000Z";
    sqlx::query("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (1, 'Client', ?1, ?1), (2, 'Other', ?1, ?1)")
        .bind(at)
        .execute(&old)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO campaigns (id, workspace_id, name, kind, created_at, updated_at)
         VALUES (10, 1, 'Q1', 'cold_email', ?1, ?1), (11, 1, 'Posts', 'backlink', ?1, ?1), (20, 2, 'Theirs', 'cold_email', ?1, ?1)",
    )
    .bind(at)
    .execute(&old)
    .await
    .unwrap();
    let statuses = ["new", "researched", "sent", "bounced", "unsubscribed", "replied"];
    for i in 0..60i64 {
        let (workspace, campaign) = match i % 4 {
            0 => (1, None),
            1 => (1, Some(10)),
            2 => (1, Some(11)),
            _ => (2, Some(20)),
        };
        sqlx::query(
            "INSERT INTO leads (workspace_id, campaign_id, dedupe_key, email, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?5)",
        )
        .bind(workspace)
        .bind(campaign)
        .bind(format!("person{i}@quill.example"))
        .bind(statuses[(i % 6) as usize])
        .bind(at)
        .execute(&old)
        .await
        .unwrap();
    }
    let before: Vec<(i64, i64)> =
        sqlx::query_as("SELECT campaign_id, id FROM leads WHERE campaign_id IS NOT NULL ORDER BY campaign_id, id")
            .fetch_all(&old)
            .await
            .unwrap();
    let status_of: Vec<(i64, String)> = sqlx::query_as("SELECT id, status FROM leads ORDER BY id").fetch_all(&old).await.unwrap();
    old.close().await;

    let engine = Engine::open(&path, RunnerConfig::default()).await.expect("the upgrade applies");
    let pool = engine.store().pool();
    let after: Vec<(i64, i64)> =
        sqlx::query_as("SELECT campaign_id, lead_id FROM campaign_leads ORDER BY campaign_id, lead_id").fetch_all(pool).await.unwrap();
    assert_eq!(after, before, "every lead is in the campaign it was in, and in no other");
    assert_eq!(before.len(), 45);
    let foreign: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM campaign_leads cl JOIN leads l ON l.id = cl.lead_id WHERE cl.workspace_id <> l.workspace_id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(foreign, 0, "an enrollment carries its lead's workspace");
    for (campaign, count) in [(10, 15), (11, 15), (20, 15)] {
        assert_eq!(engine.get_campaign(campaign).await.unwrap().lead_count, count, "campaign {campaign} counts its enrollments");
    }
    let in_q1 = LeadQuery { filter: LeadFilter { workspace_id: 1, campaign_id: Some(10), ..Default::default() }, ..Default::default() };
    assert_eq!(engine.lead_page(&in_q1).await.unwrap().total, Some(15), "the leads table lists a campaign through its enrollments");
    let unassigned =
        LeadQuery { filter: LeadFilter { workspace_id: 1, unassigned: Some(true), ..Default::default() }, ..Default::default() };
    assert_eq!(engine.lead_page(&unassigned).await.unwrap().total, Some(15));

    for (id, status) in status_of {
        let lead = engine.get_lead(id).await.unwrap();
        assert_eq!(lead.hard_bounced_at.is_some(), status == "bounced", "lead {id} was {status}");
        assert_eq!(lead.unsubscribed_at.is_some(), status == "unsubscribed", "lead {id} was {status}");
        assert_eq!(lead.replied_at.is_some(), status == "replied", "lead {id} was {status}");
        for e in engine.lead_enrollments(id).await.unwrap() {
            let expected = match status.as_str() {
                "bounced" => (EnrollmentStage::Stopped, Some(StopReason::Bounced)),
                "unsubscribed" => (EnrollmentStage::Stopped, Some(StopReason::Unsubscribed)),
                "replied" => (EnrollmentStage::Replied, None),
                _ => (EnrollmentStage::Enrolled, None),
            };
            assert_eq!((e.stage, e.stop_reason), expected, "lead {id} was {status}: no stage is claimed that nothing backs");
        }
    }
    let stopped_without_reason = sqlx::query(
        "INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, stage, enrolled_at, updated_at) VALUES (10, 1, 1, 'stopped', ?1, ?1)",
    )
    .bind(at)
    .execute(pool)
    .await;
    assert!(stopped_without_reason.is_err(), "a stopped enrollment says why");
    common::assert_search_index_matches_leads(&engine).await;
}

/// The last schema before leads kept their registrable domains.
const BEFORE_REGISTRABLE_DOMAINS: i64 = 20261207000002;

#[tokio::test]
async fn upgrading_fills_the_registrable_domains_of_existing_leads_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    let old = database_at(&path, BEFORE_REGISTRABLE_DOMAINS).await;
    let at = "2026-11-01T00:00:00.000Z";
    sqlx::query("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (1, 'Client', ?1, ?1)")
        .bind(at)
        .execute(&old)
        .await
        .unwrap();
    // More leads than one batch of the fill, so it goes on from where each batch stopped.
    for i in 0..12_000 {
        let (email, website, domain) = match i % 4 {
            0 => (format!("p{i}@mail.beispiel.co.uk"), Some("https://shop.beispiel.co.uk/de"), Some("shop.beispiel.co.uk")),
            1 => (format!("p{i}@gmail.com"), None, None),
            2 => (format!("p{i}@sales.acme.com.au"), None, Some("sales.acme.com.au")),
            _ => (format!("p{i}@acme.io"), Some("http://10.0.0.1/"), Some("acme.io")),
        };
        sqlx::query("INSERT INTO leads (workspace_id, dedupe_key, email, website, domain, created_at, updated_at) VALUES (1, ?1, ?1, ?2, ?3, ?4, ?4)")
            .bind(&email)
            .bind(website)
            .bind(domain)
            .bind(at)
            .execute(&old)
            .await
            .unwrap();
    }
    old.close().await;

    let engine = Engine::open(&path, RunnerConfig::default()).await.expect("the upgrade applies");
    let pool = engine.store().pool();
    let rows: Vec<(i64, Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, domain, email_domain, website_domain FROM leads ORDER BY id").fetch_all(pool).await.unwrap();
    assert_eq!(rows.len(), 12_000);
    for (id, domain, email_domain, website_domain) in rows {
        let expected = match (id - 1) % 4 {
            0 => (Some("beispiel.co.uk"), Some("beispiel.co.uk"), Some("beispiel.co.uk")),
            1 => (None, Some("gmail.com"), None),
            2 => (Some("acme.com.au"), Some("acme.com.au"), None),
            _ => (Some("acme.io"), Some("acme.io"), None),
        };
        assert_eq!((domain.as_deref(), email_domain.as_deref(), website_domain.as_deref()), expected, "lead {id}");
    }
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM domain_backfill").fetch_one(pool).await.unwrap();
    assert_eq!(left, 0, "the fill is done once and leaves no work behind");
    sqlx::query("UPDATE leads SET domain = 'kept.example' WHERE id = 1").execute(pool).await.unwrap();
    engine.close().await;
    let engine = Engine::open(&path, RunnerConfig::default()).await.unwrap();
    let domain: String = sqlx::query_scalar("SELECT domain FROM leads WHERE id = 1").fetch_one(engine.store().pool()).await.unwrap();
    assert_eq!(domain, "kept.example", "opening again fills nothing");
}
