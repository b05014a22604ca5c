//! Spreadsheet import through calamine: sheet choice, header row not first, typed cells as text, faults.

mod common;

use std::io::Write;

use common::{path_text, TestEnv};
use reach::api::jobs::JobStatus;
use reach::api::leads::{LeadFilter, LeadQuery};
use reach::import::{ImportRequest, InspectRequest};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Notes").unwrap();
    let cover = wb.add_worksheet();
    cover.set_name("Leads").unwrap();
    cover.write_string(0, 0, "Exported from CRM on 2026-11-20").unwrap();
    cover.merge_range(1, 0, 1, 3, "Q4 conference list", &Format::new()).unwrap();
    for (c, h) in ["Email", "Name", "Signed up", "Employees", "Revenue", "Score"].iter().enumerate() {
        cover.write_string(3, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let rows = [("ann@acme.com", "Ann Lee", 2025, 3, 14, 250.0, 1234567.5), ("bob@beta.io", "Bob Ray", 2024, 12, 1, 12.0, 99.0)];
    for (i, (email, name, y, m, d, emp, rev)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        cover.write_string(r, 0, *email).unwrap();
        cover.write_string(r, 1, *name).unwrap();
        cover.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
        cover.write_number(r, 3, *emp).unwrap();
        cover.write_number(r, 4, *rev).unwrap();
        cover.write_formula(r, 5, Formula::new(format!("=D{}*2", r + 1)).set_result(format!("{}", emp * 2.0))).unwrap();
    }
    cover.write_string(6, 0, "carl@gamma.org").unwrap();
    wb.save(path).unwrap();
}

#[tokio::test]
async fn xlsx_finds_the_data_sheet_and_a_header_row_below_a_title() {
    let env = TestEnv::new().await;
    let path = env.dir.path().join("crm.xlsx");
    workbook(&path);
    let p = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(p.sheets, vec!["Notes", "Leads"]);
    assert_eq!(p.sheet.as_deref(), Some("Leads"), "the first sheet with data is chosen");
    assert_eq!(p.header_row, 4, "the header is on row 4, under a title and a merged banner");
    assert_eq!(p.headers[..3], ["Email", "Name", "Signed up"]);
    assert_eq!(p.row_count, 3);
    assert_eq!(p.preview_lines, [5, 6, 7], "rows numbered as the spreadsheet shows them");
    assert_eq!(
        p.preview[0],
        vec!["ann@acme.com", "Ann Lee", "2025-03-14", "250", "1234567.5", "500"],
        "dates, numbers and formula results read as a person sees them"
    );
}

#[tokio::test]
async fn xlsx_imports_with_row_numbers_as_the_spreadsheet_shows_them() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.dir.path().join("crm.xlsx");
    workbook(&path);
    let plan = env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    assert_eq!(env.engine.wait_for_job(started.job_id).await.unwrap().status, JobStatus::Completed);
    let r = env.engine.import_report(started.import_id, None).await.unwrap();
    assert_eq!(r.import.imported, 3);
    let page = env
        .engine
        .lead_page(&LeadQuery {
            filter: LeadFilter { workspace_id: ws, search: Some("ann".into()), ..Default::default() },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.leads[0].custom.get("Signed up").map(String::as_str), Some("2025-03-14"));
}

#[tokio::test]
async fn a_named_sheet_and_header_row_can_be_chosen() {
    let env = TestEnv::new().await;
    let path = env.dir.path().join("crm.xlsx");
    workbook(&path);
    let p =
        env.engine.inspect_file(InspectRequest { path: path_text(&path), sheet: Some("leads".into()), header_row: Some(5) }).await.unwrap();
    assert_eq!(p.headers[0], "ann@acme.com");
    let err =
        env.engine.inspect_file(InspectRequest { path: path_text(&path), sheet: Some("Nope".into()), header_row: None }).await.unwrap_err();
    assert!(err.to_string().contains("no sheet named \"Nope\""), "{err}");
}

/// A sheet longer than the reader's hand-over chunks, with the table starting at column B under an empty
/// first row, an invalid address near the end and a gap of empty rows.
fn long_workbook(path: &std::path::Path, rows: u32) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["Email", "Company", "Employees"].iter().enumerate() {
        sheet.write_string(1, 1 + c as u16, *h).unwrap();
    }
    for i in 0..rows {
        // Rows 3.. hold the data, with rows 1,002 to 1,004 left empty.
        let r = 2 + i + if i >= 1000 { 3 } else { 0 };
        let email = if i == rows - 10 { "not-an-address".to_string() } else { format!("lead{i}@firm{}.com", i % 97) };
        sheet.write_string(r, 1, &email).unwrap();
        sheet.write_string(r, 2, format!("Firm {}", i % 97)).unwrap();
        sheet.write_number(r, 3, f64::from(i % 500)).unwrap();
    }
    wb.save(path).unwrap();
}

#[tokio::test]
async fn a_long_sheet_streams_every_row_with_the_row_number_the_spreadsheet_shows() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.dir.path().join("long.xlsx");
    long_workbook(&path, 5000);
    let p = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(p.header_row, 2);
    assert_eq!(p.headers, ["Email", "Company", "Employees"], "the table's columns start at B");
    assert_eq!(p.row_count, 5000);
    assert_eq!(p.preview[0], ["lead0@firm0.com", "Firm 0", "0"]);

    let plan = env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    assert_eq!(env.engine.wait_for_job(started.job_id).await.unwrap().status, JobStatus::Completed);
    let r = env.engine.import_report(started.import_id, None).await.unwrap();
    assert_eq!((r.import.imported, r.import.invalid), (4999, 1));
    // Data row 4,990 (0-based) sits on spreadsheet row 2 + 1 + 4,990 + 3 skipped empty rows.
    assert_eq!(r.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![4996]);
    let page = env
        .engine
        .lead_page(&LeadQuery {
            filter: LeadFilter { workspace_id: ws, search: Some("lead4999".into()), ..Default::default() },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.leads.len(), 1, "the last row of the sheet is imported");
    assert_eq!(page.leads[0].company.as_deref(), Some("Firm 52"));
}

/// Rewrites a workbook with its first sheet's XML broken at about row `at`, as a damaged file would be.
fn break_sheet_at(path: &std::path::Path, at: u32) {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        parts.push((part.name().unwrap().to_string(), bytes));
    }
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, mut bytes) in parts {
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let cut = text.find(&format!("<row r=\"{at}\"")).expect("the row is in the sheet");
            bytes = format!("{}<row r=\"{at}\"><c r=\"B{at}\"><v>1</oops></row></sheetData></worksheet>", &text[..cut]).into_bytes();
        }
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[tokio::test]
async fn a_sheet_broken_part_way_stops_the_import_with_the_rows_before_it_kept() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.dir.path().join("damaged.xlsx");
    long_workbook(&path, 5000);
    break_sheet_at(&path, 3000);
    let plan = env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Failed, "a damaged sheet is not imported as if it ended there");
    let message = job.message.unwrap_or_default();
    assert!(message.contains("damaged.xlsx"), "{message}");
    let r = env.engine.import_report(started.import_id, None).await.unwrap();
    assert_eq!(r.import.imported, 3000 - 3 - 3, "the rows above the damage are kept (rows 3 to 2,999, less three empty ones)");
}

#[tokio::test]
async fn a_chart_sheet_before_the_data_is_passed_over() {
    let env = TestEnv::new().await;
    let path = env.dir.path().join("charts.xlsx");
    let mut wb = Workbook::new();
    let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
    chart.add_series().set_values("Data!$B$2:$B$3");
    let charts = wb.add_chartsheet();
    charts.set_name("Chart").unwrap();
    charts.insert_chart(0, 0, &chart).unwrap();
    let data = wb.add_worksheet();
    data.set_name("Data").unwrap();
    for (r, (email, deals)) in [("Email", "Deals"), ("ann@acme.com", "3"), ("bob@beta.io", "5")].iter().enumerate() {
        data.write_string(r as u32, 0, *email).unwrap();
        data.write_string(r as u32, 1, *deals).unwrap();
    }
    wb.save(&path).unwrap();
    let p = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap();
    assert_eq!(p.sheets, ["Chart", "Data"]);
    assert_eq!(p.sheet.as_deref(), Some("Data"));
    assert_eq!((p.header_row, p.row_count), (1, 2));
}

#[tokio::test]
async fn an_encrypted_workbook_says_it_is_password_protected() {
    let env = TestEnv::new().await;
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 4096));
    let path = env.file("locked.xlsx", &bytes);
    let err = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap_err();
    assert!(err.to_string().contains("locked.xlsx") && err.to_string().contains("password"), "{err}");
}

#[tokio::test]
async fn a_corrupt_workbook_is_refused_with_advice() {
    let env = TestEnv::new().await;
    let path = env.file("broken.xlsx", b"PK\x03\x04 this is not really a zip archive");
    let err = env.engine.inspect_file(InspectRequest { path: path_text(&path), ..Default::default() }).await.unwrap_err();
    assert!(err.to_string().contains("broken.xlsx") && err.to_string().contains("re-save"), "{err}");
}

#[tokio::test]
async fn ods_files_import() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let path = env.dir.path().join("list.ods");
    write_ods(&path, &[&["Email", "Company"], &["ann@acme.com", "Acme"], &["bob@beta.io", "Beta"]]);
    let plan = env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.unwrap();
    let started = env.engine.start_import(ImportRequest { ..plan }).await.unwrap();
    assert_eq!(env.engine.wait_for_job(started.job_id).await.unwrap().status, JobStatus::Completed);
    assert_eq!(env.emails(ws).await, vec!["ann@acme.com", "bob@beta.io"]);
}

/// A minimal OpenDocument spreadsheet: the parts a spreadsheet app writes that a reader needs.
fn write_ods(path: &std::path::Path, rows: &[&[&str]]) {
    let mut body = String::new();
    for row in rows {
        body.push_str("<table:table-row>");
        for cell in *row {
            body.push_str(&format!("<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"));
        }
        body.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}
