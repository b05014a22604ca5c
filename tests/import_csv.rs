//! CSV import end to end: formats, mapping, validation with line numbers, dedupe, report.

mod common;

use common::{path_text, TestEnv};
use reach::api::imports::RowIssueKind;
use reach::api::jobs::JobStatus;
use reach::api::leads::{LeadFilter, LeadQuery};
use reach::import::{ColumnTarget, ImportRequest, InspectRequest};
use reach::Engine;
use rstest::rstest;

/// Inspects, takes the suggested mapping, imports and waits; returns the import id.
pub async fn import_file(engine: &Engine, workspace_id: i64, path: &std::path::Path) -> i64 {
    let preview = engine.inspect_file(InspectRequest { path: path_text(path), ..Default::default() }).await.expect("inspect");
    let started = engine
        .start_import(ImportRequest {
            workspace_id,
            path: path_text(path),
            sheet: preview.sheet.clone(),
            header_row: Some(preview.header_row),
            mapping: preview.suggested_mapping,
            campaign_id: None,
        })
        .await
        .expect("start import");
    let job = engine.wait_for_job(started.job_id).await.expect("job finishes");
    assert_eq!(job.status, JobStatus::Completed, "the import job must complete: {:?}", job.message);
    started.import_id
}

#[rstest]
#[case::comma("email,name\na@x.com,Ann\nb@x.com,Bob\n", ',')]
#[case::semicolon("email;name\na@x.com;Ann\nb@x.com;Bob\n", ';')]
#[case::tab("email\tname\na@x.com\tAnn\nb@x.com\tBob\n", '\t')]
#[case::pipe("email|name\na@x.com|Ann\nb@x.com|Bob\n", '|')]
#[tokio::test]
async fn import_sniffs_the_delimiter(#[case] text: &str, #[case] _delimiter: char) {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let id = import_file(&env.engine, ws, &env.file("leads.csv", text)).await;
    let report = env.engine.import_report(id, None).await.unwrap();
    assert_eq!(report.import.imported, 2, "both rows import whatever the delimiter");
    assert_eq!(env.emails(ws).await, vec!["a@x.com", "b@x.com"]);
}

#[tokio::test]
async fn quoted_newlines_bom_and_crlf_are_read_and_lines_count_as_an_editor_shows_them() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let text = "\u{feff}Email,Notes\r\na@x.com,\"two\r\nlines\"\r\n\r\nnot-an-email,x\r\nb@x.com,ok\r\n";
    let id = import_file(&env.engine, ws, &env.file("bom.csv", text)).await;
    let report = env.engine.import_report(id, None).await.unwrap();
    assert_eq!(report.import.imported, 2);
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].line, 5, "the invalid row is on line 5 counting the quoted newline and the blank line");
    let preview =
        env.engine.inspect_file(InspectRequest { path: path_text(&env.dir.path().join("bom.csv")), ..Default::default() }).await.unwrap();
    assert_eq!(preview.headers[0], "Email", "the BOM is not part of the first header");
    assert_eq!(preview.preview_lines, [2, 5, 6], "the preview numbers rows as the report does");
}

#[rstest]
#[case::utf16le_bom({ let mut v = vec![0xFF, 0xFE]; v.extend("email,name\njose@x.com,José Muñoz\n".encode_utf16().flat_map(|u| u.to_le_bytes())); v }, "UTF-16LE")]
#[case::utf16be_bom({ let mut v = vec![0xFE, 0xFF]; v.extend("email,name\njose@x.com,José Muñoz\n".encode_utf16().flat_map(|u| u.to_be_bytes())); v }, "UTF-16BE")]
#[case::windows1252(b"email,name\njose@x.com,Jos\xe9 Mu\xf1oz\n".to_vec(), "windows-1252")]
#[case::utf8("email,name\njose@x.com,José Muñoz\n".as_bytes().to_vec(), "UTF-8")]
#[tokio::test]
async fn import_detects_the_encoding(#[case] bytes: Vec<u8>, #[case] encoding: &str) {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.file("enc.csv", &bytes);
    let preview = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(preview.encoding.as_deref(), Some(encoding));
    import_file(&env.engine, ws, &path).await;
    let page = env
        .engine
        .lead_page(&reach::api::leads::LeadQuery {
            filter: reach::api::leads::LeadFilter { workspace_id: ws, ..Default::default() },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.leads[0].first_name.as_deref(), Some("José"), "accented names survive the decoding");
    assert_eq!(page.leads[0].last_name.as_deref(), Some("Muñoz"));
}

#[tokio::test]
async fn duplicates_in_the_file_and_in_the_workspace_are_counted_apart() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    import_file(&env.engine, ws, &env.file("first.csv", "email\nold@x.com\n")).await;
    let id = import_file(&env.engine, ws, &env.file("second.csv", "email\nnew@x.com\nNEW@X.com\nold@x.com\n")).await;
    let r = env.engine.import_report(id, None).await.unwrap();
    assert_eq!((r.import.imported, r.import.duplicates_in_file, r.import.duplicates_in_workspace), (1, 1, 1));
    let kinds: Vec<(u64, RowIssueKind)> = r.issues.iter().map(|i| (i.line, i.kind)).collect();
    assert_eq!(kinds, vec![(3, RowIssueKind::DuplicateInFile), (4, RowIssueKind::DuplicateInWorkspace)]);
    assert_eq!(env.emails(ws).await, vec!["new@x.com", "old@x.com"]);
}

#[tokio::test]
async fn the_earliest_row_of_a_repeated_address_is_the_one_imported() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let csv = "email,company\nz@x.com,Zeta\nrep@x.com,First\na@x.com,Alpha\nREP@x.com,Second\nrep@x.com,Third\n";
    let id = import_file(&env.engine, ws, &env.file("rep.csv", csv)).await;
    let r = env.engine.import_report(id, None).await.unwrap();
    assert_eq!((r.import.imported, r.import.duplicates_in_file, r.import.duplicates_in_workspace), (3, 2, 0));
    let lines: Vec<u64> = r.issues.iter().map(|i| i.line).collect();
    assert_eq!(lines, vec![5, 6]);
    assert!(r.issues[0].reason.contains("appears earlier in the file"), "{}", r.issues[0].reason);
    let query =
        LeadQuery { filter: LeadFilter { workspace_id: ws, search: Some("rep".into()), ..Default::default() }, ..Default::default() };
    let page = env.engine.lead_page(&query).await.unwrap();
    let rep = page.leads.iter().find(|l| l.email.as_deref() == Some("rep@x.com")).unwrap();
    assert_eq!(rep.company.as_deref(), Some("First"));
}

#[tokio::test]
async fn a_workspace_lead_repeated_in_the_file_is_reported_as_already_in_the_workspace_each_time() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    import_file(&env.engine, ws, &env.file("first.csv", "email\nold@x.com\n")).await;
    let id = import_file(&env.engine, ws, &env.file("second.csv", "email\nold@x.com\nnew@x.com\nOld@x.com\n")).await;
    let r = env.engine.import_report(id, None).await.unwrap();
    assert_eq!((r.import.imported, r.import.duplicates_in_file, r.import.duplicates_in_workspace), (1, 0, 2));
    assert!(r.issues.iter().all(|i| i.kind == RowIssueKind::DuplicateInWorkspace && i.reason.contains("already in this workspace")));
}

#[tokio::test]
async fn the_same_address_may_live_in_two_workspaces() {
    let env = TestEnv::new().await;
    let a = env.workspace("A").await;
    let b = env.workspace("B").await;
    import_file(&env.engine, a, &env.file("a.csv", "email\nsame@x.com\n")).await;
    let id = import_file(&env.engine, b, &env.file("b.csv", "email\nsame@x.com\n")).await;
    assert_eq!(env.engine.import_report(id, None).await.unwrap().import.imported, 1);
}

#[tokio::test]
async fn unmapped_columns_are_kept_as_custom_fields_and_mapping_overrides_apply() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.file("m.csv", "Contact,E-mail Address,Firm,Favourite colour,Secret\nAna Lopez,ana@x.com,Beta,blue,s3cret\n");
    let mut preview = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    let targets: Vec<ColumnTarget> = preview.suggested_mapping.iter().map(|m| m.target).collect();
    assert_eq!(
        targets,
        vec![ColumnTarget::FullName, ColumnTarget::Email, ColumnTarget::Company, ColumnTarget::Custom, ColumnTarget::Custom]
    );
    preview.suggested_mapping[4].target = ColumnTarget::Ignore;
    let started = env
        .engine
        .start_import(ImportRequest {
            workspace_id: ws,
            path: path_text(&path),
            sheet: None,
            header_row: None,
            mapping: preview.suggested_mapping,
            campaign_id: None,
        })
        .await
        .unwrap();
    env.engine.wait_for_job(started.job_id).await.unwrap();
    let lead = env
        .engine
        .lead_page(&reach::api::leads::LeadQuery {
            filter: reach::api::leads::LeadFilter { workspace_id: ws, ..Default::default() },
            ..Default::default()
        })
        .await
        .unwrap()
        .leads
        .remove(0);
    assert_eq!((lead.first_name.as_deref(), lead.last_name.as_deref()), (Some("Ana"), Some("Lopez")), "a full name is split");
    assert_eq!(lead.company.as_deref(), Some("Beta"));
    assert_eq!(lead.domain.as_deref(), Some("x.com"), "the domain comes from a company email");
    assert_eq!(lead.custom.get("Favourite colour").map(String::as_str), Some("blue"));
    assert!(!lead.custom.contains_key("Secret"), "an ignored column is not stored");
}

#[tokio::test]
async fn import_into_a_campaign_assigns_every_lead() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let campaign = env.campaign(ws, "Q1").await;
    let path = env.file("c.csv", "email\na@x.com\nb@x.com\n");
    let preview = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    let started = env
        .engine
        .start_import(ImportRequest {
            workspace_id: ws,
            path: path_text(&path),
            sheet: None,
            header_row: None,
            mapping: preview.suggested_mapping,
            campaign_id: Some(campaign),
        })
        .await
        .unwrap();
    env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(env.engine.get_campaign(campaign).await.unwrap().lead_count, 2);
}

#[tokio::test]
async fn issues_export_as_csv_with_formulas_neutralized() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let id = import_file(&env.engine, ws, &env.file("f.csv", "email\n=HYPERLINK(\"x\")\na@x.com\na@x.com\n")).await;
    let dest = env.dir.path().join("issues.csv");
    assert_eq!(env.engine.export_import_issues(id, &dest).await.unwrap(), 2);
    let text = std::fs::read_to_string(&dest).unwrap();
    assert!(text.starts_with("line,kind,reason\n"));
    assert!(text.contains("2,invalid,"), "{text}");
    assert!(text.contains("4,duplicate_in_file,"), "{text}");
}

#[tokio::test]
async fn leads_keep_registrable_domains_and_a_malformed_idn_domain_is_a_warning() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.file(
        "d.csv",
        "email,website\nanna@mail.beispiel.co.uk,https://shop.beispiel.co.uk/de\nbob@gmail.com,\ncy@acme.com.au,https://bücher|shop.de/\njo@münchen.de,www.münchen.de\n",
    );
    let id = import_file(&env.engine, ws, &path).await;
    let report = env.engine.import_report(id, None).await.unwrap();
    assert_eq!((report.import.imported, report.import.warnings, report.issues_total), (4, 1, 1), "the row is imported, with a warning");
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].kind, RowIssueKind::Warning);
    assert_eq!(report.issues[0].line, 4, "the warning names the row's line");
    assert!(report.issues[0].reason.contains("not a valid internationalized domain name"), "{}", report.issues[0].reason);

    let leads = env
        .engine
        .lead_page(&LeadQuery { filter: LeadFilter { workspace_id: ws, ..Default::default() }, ..Default::default() })
        .await
        .unwrap()
        .leads;
    let domains = |email: &str| {
        let l = leads.iter().find(|l| l.email.as_deref() == Some(email)).expect("the lead was imported");
        (l.domain.clone(), l.email_domain.clone(), l.website_domain.clone())
    };
    let some = |d: &str| Some(d.to_string());
    assert_eq!(domains("anna@mail.beispiel.co.uk"), (some("beispiel.co.uk"), some("beispiel.co.uk"), some("beispiel.co.uk")));
    assert_eq!(domains("bob@gmail.com"), (None, some("gmail.com"), None), "a free-mail domain is not the company's");
    assert_eq!(domains("cy@acme.com.au"), (some("acme.com.au"), some("acme.com.au"), None), "the malformed website's domain is empty");
    assert_eq!(domains("jo@münchen.de"), (some("xn--mnchen-3ya.de"), some("xn--mnchen-3ya.de"), some("xn--mnchen-3ya.de")));
}
