//! Bad files get a clear message naming the file and the problem; valid rows still import; nothing
//! already in the database is lost or changed.

mod common;

use common::{path_text, TestEnv};
use reach::api::jobs::JobStatus;
use reach::import::{ColumnMapping, ColumnTarget, ImportRequest, InspectRequest};
use reach::ErrorCode;

async fn inspect_error(env: &TestEnv, name: &str, bytes: &[u8]) -> reach::AppError {
    let path = env.file(name, bytes);
    let err = env
        .engine
        .inspect_file(InspectRequest { path: path_text(&path), ..Default::default() })
        .await
        .expect_err("this file must be refused");
    reach::AppError::from(err)
}

#[tokio::test]
async fn an_empty_file_is_refused_by_name() {
    let env = TestEnv::new().await;
    let e = inspect_error(&env, "empty.csv", b"").await;
    assert_eq!(e.code, ErrorCode::FileUnreadable);
    assert!(e.message.contains("empty.csv") && e.message.contains("empty"), "{}", e.message);
}

#[tokio::test]
async fn a_header_only_file_says_it_has_no_data_rows() {
    let env = TestEnv::new().await;
    let e = inspect_error(&env, "header.csv", b"email,name\n").await;
    assert!(e.message.contains("header.csv") && e.message.contains("no data rows"), "{}", e.message);
}

#[tokio::test]
async fn a_binary_file_named_csv_is_refused() {
    let env = TestEnv::new().await;
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect();
    let e = inspect_error(&env, "photo.csv", &bytes).await;
    assert!(e.message.contains("photo.csv") && e.message.contains("binary"), "{}", e.message);
}

#[tokio::test]
async fn a_file_without_an_email_column_asks_for_one() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.file("noemail.csv", "name,company\nAnn,Acme\n");
    let preview = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(preview.email_column, None);
    assert!(preview.warnings.iter().any(|w| w.contains("email")));
    let err = env
        .engine
        .plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![])
        .await
        .expect_err("no email column");
    assert!(err.to_string().contains("--map"), "the CLI error says how to choose the column: {err}");
}

#[tokio::test]
async fn an_email_column_is_found_by_its_values_when_the_header_says_nothing() {
    let env = TestEnv::new().await;
    let path = env.file("vals.csv", "who,contact point\nAnn,ann@x.com\nBob,bob@y.org\n");
    let preview = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(preview.email_column, Some(1));
}

#[tokio::test]
async fn ragged_rows_are_reported_with_their_line_and_the_rest_imports() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let id =
        import(&env, ws, "ragged.csv", b"email,name,company\na@x.com,Ann,Acme\nb@x.com,Bob\nc@x.com,Cy,Co,extra\nd@x.com,Di,Do,\n").await;
    let r = env.engine.import_report(id, None).await.unwrap();
    assert_eq!(r.import.imported, 2, "a trailing empty cell is tolerated, shifted rows are not");
    let lines: Vec<u64> = r.issues.iter().map(|i| i.line).collect();
    assert_eq!(lines, vec![3, 4]);
    assert!(r.issues[0].reason.contains("2 cells") && r.issues[0].reason.contains("3 columns"), "{}", r.issues[0].reason);
}

#[tokio::test]
async fn duplicate_and_blank_headers_get_distinct_names() {
    let env = TestEnv::new().await;
    let path = env.file("h.csv", "email,Note,,note\na@x.com,1,2,3\n");
    let p = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(p.headers, vec!["email", "Note", "Column 3", "note (2)"]);
    assert_eq!(p.warnings.iter().filter(|w| w.contains("Column 3") || w.contains("more than once")).count(), 2);
}

#[tokio::test]
async fn invalid_utf8_past_the_sampled_start_is_reported_by_row_and_the_rest_imports() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let mut text = b"email,name\n".to_vec();
    // Past the first megabyte the encoding is already decided as UTF-8.
    for i in 0..60_000 {
        text.extend(format!("p{i}@x.com,Name{i}\n").as_bytes());
    }
    text.extend(b"bad@x.com,Caf\xff\xfe\n");
    text.extend(b"last@x.com,Fine\n");
    let id = import(&env, ws, "mixed.csv", &text).await;
    let r = env.engine.import_report(id, None).await.unwrap();
    assert_eq!(r.import.imported, 60_001);
    assert_eq!(r.issues.len(), 1);
    assert_eq!(r.issues[0].line, 60_002);
    assert!(r.issues[0].reason.contains("UTF-8"), "{}", r.issues[0].reason);
}

#[tokio::test]
async fn a_50_mb_single_line_is_refused_without_reading_it_into_memory() {
    let env = TestEnv::new().await;
    let mut text = b"email,notes\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 70 * 1024 * 1024));
    let e = inspect_error(&env, "huge.csv", &text).await;
    assert!(e.message.contains("huge.csv") && e.message.contains("line 2") && e.message.contains("longer than"), "{}", e.message);
}

#[tokio::test]
async fn an_oversized_cell_is_reported_as_an_invalid_row() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let big = "y".repeat(100 * 1024);
    let id = import(&env, ws, "cell.csv", format!("email,notes\na@x.com,{big}\nb@x.com,ok\n").as_bytes()).await;
    let r = env.engine.import_report(id, None).await.unwrap();
    assert_eq!((r.import.imported, r.import.invalid), (1, 1));
    assert!(r.issues[0].reason.contains("64 KB"));
}

#[tokio::test]
async fn a_failed_import_leaves_existing_leads_untouched() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    import(&env, ws, "good.csv", b"email,name\nkeep@x.com,Keeper\n").await;
    let mut text = b"email,name\nnew@x.com,Newbie\nkeep@x.com,Changed\n".to_vec();
    text.extend(std::iter::repeat_n(b'z', 70 * 1024 * 1024));
    let path = env.file("broken.csv", &text);
    let mapping = vec![
        ColumnMapping { column: 0, header: "email".into(), target: ColumnTarget::Email },
        ColumnMapping { column: 1, header: "name".into(), target: ColumnTarget::FirstName },
    ];
    let started = env
        .engine
        .start_import(ImportRequest { workspace_id: ws, path: path_text(&path), sheet: None, header_row: None, mapping, campaign_id: None })
        .await
        .unwrap();
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.message.as_deref().unwrap_or("").contains("line 4"), "{:?}", job.message);
    let keep = env
        .engine
        .lead_page(&reach::api::leads::LeadQuery {
            filter: reach::api::leads::LeadFilter { workspace_id: ws, search: Some("keep".into()), ..Default::default() },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(keep.leads[0].first_name.as_deref(), Some("Keeper"), "an existing lead is never overwritten by an import");
}

async fn import(env: &TestEnv, ws: i64, name: &str, bytes: &[u8]) -> i64 {
    let path = env.file(name, bytes);
    let plan =
        env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.expect("plan");
    let started = env.engine.start_import(plan).await.expect("start");
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Completed, "{:?}", job.message);
    started.import_id
}
