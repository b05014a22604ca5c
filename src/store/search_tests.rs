//! The lead search index lives in a file beside the database and follows the leads through every write,
//! a crash between the two, and a file that is lost or left by another database.

use std::path::Path;

use super::leads::{LeadBatch, LeadFilter, NewLead};
use super::search::index_path;
use super::Store;

/// A store on a fresh database in a temp folder, removed with it.
async fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("reach.db")).await.unwrap();
    (dir, store)
}

async fn assert_search_index_matches_leads(store: &Store) {
    let check = store.check_search_index().await.unwrap();
    assert_eq!((check.missing, check.extra), (0, 0), "words missing from the index, and words of no lead ({} in all)", check.entries);
}

fn lead(email: &str, company: &str) -> NewLead {
    NewLead {
        dedupe_key: email.into(),
        email: Some(email.into()),
        company: Some(company.into()),
        custom: "{}".into(),
        ..Default::default()
    }
}

async fn found(store: &Store, workspace_id: i64, words: &str) -> i64 {
    store.count_leads(&LeadFilter { workspace_id, search: Some(words.into()), ..Default::default() }).await.unwrap()
}

async fn workspace(store: &Store, name: &str) -> i64 {
    store.insert_workspace(name).await.unwrap()
}

#[tokio::test]
async fn the_index_is_a_file_beside_the_database_that_searching_connections_cannot_write() {
    let (dir, store) = temp_store().await;
    let index = index_path(&dir.path().join("reach.db"));
    assert_eq!(index.file_name().unwrap(), "reach.db-search");
    assert!(index.is_file(), "{} exists", index.display());
    let write = sqlx::query("INSERT INTO search.leads_fts (rowid, words) VALUES (1, 'x@y.io')").execute(store.pool()).await;
    assert!(write.unwrap_err().to_string().contains("readonly"), "the index is attached read-only for queries");
}

#[tokio::test]
async fn edits_deletions_and_a_deleted_workspace_leave_the_index_in_step() {
    let (_dir, store) = temp_store().await;
    let store = &store;
    let ws = workspace(store, "Client").await;
    let other = workspace(store, "Other").await;
    let leads: Vec<NewLead> = (0..50).map(|i| lead(&format!("p{i}@quill.example"), "Quillfeather")).collect();
    store.insert_leads(ws, None, &leads).await.unwrap();
    store.insert_leads(other, None, &[lead("z@zephyr.example", "Zephyr")]).await.unwrap();
    assert_eq!(found(store, ws, "quillfeather").await, 50);

    sqlx::query("UPDATE leads SET company = 'Brightwater' WHERE email IN ('p1@quill.example', 'p2@quill.example')")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(found(store, ws, "brightwater").await, 2, "an edit is searchable at once");
    assert_eq!(found(store, ws, "quillfeather").await, 48, "and its old words are gone");
    let removed =
        store.delete_leads(&LeadFilter { workspace_id: ws, search: Some("brightwater".into()), ..Default::default() }, None, &[]).await;
    assert_eq!(removed.unwrap(), 2);
    assert_eq!(found(store, ws, "brightwater").await, 0);
    assert_search_index_matches_leads(store).await;

    store.delete_workspace(ws).await.unwrap();
    assert_eq!(found(store, other, "zephyr").await, 1);
    assert_search_index_matches_leads(store).await;
    let backlog: i64 = sqlx::query_scalar("SELECT count(*) FROM search_backlog").fetch_one(store.pool()).await.unwrap();
    store.insert_leads(other, None, &[lead("y@zephyr.example", "Zephyr")]).await.unwrap();
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM search_backlog").fetch_one(store.pool()).await.unwrap();
    assert!(after <= 1, "a write drops the backlog the index has applied ({backlog} entries before, {after} after)");
}

#[tokio::test]
async fn an_id_given_again_after_its_lead_was_deleted_is_indexed_once() {
    let (_dir, store) = temp_store().await;
    let store = &store;
    let ws = workspace(store, "Client").await;
    store.insert_leads(ws, None, &[lead("a@one.example", "Alder"), lead("b@one.example", "Birch")]).await.unwrap();
    let last: i64 = sqlx::query_scalar("SELECT max(id) FROM leads").fetch_one(store.pool()).await.unwrap();
    // Written behind the store's back, so no pass runs in between: the deletion and the new lead under
    // the same id reach the index in one pass.
    sqlx::query("DELETE FROM leads WHERE id = ?").bind(last).execute(store.pool()).await.unwrap();
    let reused = sqlx::query_scalar::<_, i64>(
        "INSERT INTO leads (workspace_id, dedupe_key, email, company, created_at, updated_at)
         VALUES (?, 'c@one.example', 'c@one.example', 'Cedar', '2026-12-01', '2026-12-01') RETURNING id",
    )
    .bind(ws)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(reused, last, "SQLite gives the highest id again");
    sqlx::query("INSERT INTO search_backlog (kind, first_id, last_id) VALUES ('new', ?1, ?1), ('new', ?1, ?1)")
        .bind(reused)
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(found(store, ws, "birch").await, 0);
    assert_eq!(found(store, ws, "cedar").await, 1);
    assert_search_index_matches_leads(store).await;
    // An entry made twice would outlive the lead's deletion.
    store.delete_leads(&LeadFilter { workspace_id: ws, ..Default::default() }, Some(&[reused]), &[]).await.unwrap();
    assert_search_index_matches_leads(store).await;
}

/// Leads committed with their backlog entry, and the process gone before the index caught up.
#[tokio::test]
async fn leads_written_before_a_crash_are_indexed_when_the_database_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    {
        let store = Store::open(&path).await.unwrap();
        let ws = workspace(&store, "Client").await;
        let mut tx = store.begin().await.unwrap();
        let batch = LeadBatch::from_leads(&[lead("a@crash.example", "Marigold"), lead("b@crash.example", "Marigold")]);
        store.insert_leads_tx(&mut tx, ws, None, None, &batch).await.unwrap();
        tx.commit().await.unwrap();
        store.close().await;
    }
    let store = Store::open(&path).await.unwrap();
    assert_eq!(found(&store, 1, "marigold").await, 2);
    assert_search_index_matches_leads(&store).await;
}

async fn fresh_database(path: &Path, company: &str) {
    let store = Store::open(path).await.unwrap();
    let ws = workspace(&store, "Client").await;
    store.insert_leads(ws, None, &[lead("a@one.example", company), lead("b@one.example", company)]).await.unwrap();
    store.close().await;
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn an_index_file_left_by_another_database_or_lost_is_rebuilt_from_the_leads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    fresh_database(&path, "Oldcorp").await;
    remove_database(&path);
    assert!(index_path(&path).exists(), "the old database's index stays behind");
    fresh_database(&path, "Newcorp").await;
    let store = Store::open(&path).await.unwrap();
    assert_eq!(found(&store, 1, "oldcorp").await, 0, "nothing of the other database is found");
    assert_eq!(found(&store, 1, "newcorp").await, 2);
    assert_search_index_matches_leads(&store).await;
    store.close().await;

    std::fs::remove_file(index_path(&path)).unwrap();
    let store = Store::open(&path).await.unwrap();
    assert_eq!(found(&store, 1, "newcorp").await, 2, "a lost index is built again");
    assert_search_index_matches_leads(&store).await;
}

/// Changes made between two passes, behind the store's back so that no pass runs in between: the index
/// removes exactly the words it holds for each lead, whichever changes came first.
#[tokio::test]
async fn several_changes_before_a_pass_remove_exactly_the_words_indexed() {
    let (_dir, store) = temp_store().await;
    let store = &store;
    let ws = workspace(store, "Client").await;
    store.insert_leads(ws, None, &[lead("a@one.example", "Alder")]).await.unwrap();
    let edit = |company: &'static str, email: &'static str| {
        sqlx::query("UPDATE leads SET company = ? WHERE email = ?").bind(company).bind(email).execute(store.pool())
    };
    edit("Xylem", "a@one.example").await.unwrap();
    edit("Yarrow", "a@one.example").await.unwrap();
    let mut tx = store.begin().await.unwrap();
    store.insert_leads_tx(&mut tx, ws, None, None, &LeadBatch::from_leads(&[lead("b@one.example", "Birch")])).await.unwrap();
    tx.commit().await.unwrap();
    edit("Zinnia", "b@one.example").await.unwrap();

    assert_eq!(found(store, ws, "yarrow").await, 1);
    assert_eq!(found(store, ws, "zinnia").await, 1);
    for gone in ["alder", "xylem", "birch"] {
        assert_eq!(found(store, ws, gone).await, 0, "{gone}");
    }
    assert_search_index_matches_leads(store).await;

    edit("Quince", "a@one.example").await.unwrap();
    sqlx::query("DELETE FROM leads WHERE email = 'a@one.example'").execute(store.pool()).await.unwrap();
    sqlx::query("DELETE FROM leads WHERE email = 'b@one.example'").execute(store.pool()).await.unwrap();
    assert_eq!(found(store, ws, "one").await, 0);
    assert_search_index_matches_leads(store).await;
}

#[tokio::test]
async fn closing_the_store_folds_both_logs_into_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reach.db");
    fresh_database(&path, "Closeco").await;
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["reach.db", "reach.db-search"]);
}
