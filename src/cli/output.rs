//! How the CLI prints results: aligned text for people, one JSON value with --json.

use serde::Serialize;
use serde_json::json;

use crate::error::Result;
use crate::import::{ImportPreview, ImportReport};
use crate::store::campaigns::Campaign;
use crate::store::imports::RowIssue;
use crate::store::jobs::Job;
use crate::store::leads::LeadPage;
use crate::store::workspaces::Workspace;

fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    Ok(())
}

pub fn done(message: &str, json: bool) -> Result<()> {
    if json {
        return print_json(&json!({ "ok": true, "message": message }));
    }
    println!("{message}");
    Ok(())
}

pub fn workspace(w: &Workspace, json: bool) -> Result<()> {
    if json {
        return print_json(w);
    }
    println!("{}\t{} leads\t{} campaigns", w.name, w.lead_count, w.campaign_count);
    Ok(())
}

pub fn workspaces(list: &[Workspace], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No workspaces yet. Create one with: reach workspace create NAME");
    }
    for w in list {
        workspace(w, false)?;
    }
    Ok(())
}

pub fn campaign(c: &Campaign, json: bool) -> Result<()> {
    if json {
        return print_json(c);
    }
    let archived = if c.archived { "\tarchived" } else { "" };
    println!("{}\t{}\t{} leads{archived}", c.name, c.kind.as_str(), c.lead_count);
    Ok(())
}

pub fn campaigns(list: &[Campaign], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No campaigns in this workspace.");
    }
    for c in list {
        campaign(c, false)?;
    }
    Ok(())
}

pub fn preview(p: &ImportPreview, json: bool) -> Result<()> {
    if json {
        return print_json(p);
    }
    println!("{} ({}): {} data rows, header on row {}", p.file_name, p.format.as_str(), p.row_count, p.header_row);
    if let (Some(enc), Some(delim)) = (&p.encoding, &p.delimiter) {
        println!("encoding {enc}, {delim}-delimited");
    }
    if let Some(sheet) = &p.sheet {
        println!("sheet \"{sheet}\" of {}", p.sheets.join(", "));
    }
    println!("\ncolumn → field");
    for m in &p.suggested_mapping {
        println!("  {:>3}  {:<30} → {}", m.column + 1, m.header, m.target.as_str());
    }
    for w in &p.warnings {
        println!("note: {w}");
    }
    Ok(())
}

pub fn import_report(r: &ImportReport, invalid_rows: &[RowIssue], json: bool) -> Result<()> {
    let i = &r.import;
    if json {
        let errors: Vec<_> = invalid_rows.iter().map(|e| json!({ "line": e.line, "reason": e.reason })).collect();
        return print_json(&json!({
            "import_id": i.id,
            "file": i.file_name,
            "status": r.job.as_ref().map(|j| j.status),
            "message": r.job.as_ref().and_then(|j| j.message.clone()),
            "rows": i.total_rows,
            "imported": i.imported,
            "duplicates": i.duplicates_in_file + i.duplicates_in_workspace,
            "duplicates_in_file": i.duplicates_in_file,
            "duplicates_in_workspace": i.duplicates_in_workspace,
            "invalid": i.invalid,
            "errors": errors,
        }));
    }
    println!("{}: {} rows", i.file_name, i.total_rows);
    println!("  imported                 {}", i.imported);
    println!("  duplicates in the file   {}", i.duplicates_in_file);
    println!("  already in the workspace {}", i.duplicates_in_workspace);
    println!("  invalid                  {}", i.invalid);
    for e in invalid_rows.iter().take(20) {
        println!("  line {}: {}", e.line, e.reason);
    }
    if invalid_rows.len() > 20 {
        println!("  … and {} more invalid rows (reach import … --json lists them all)", invalid_rows.len() - 20);
    }
    Ok(())
}

pub fn leads(page: &LeadPage, json: bool) -> Result<()> {
    if json {
        return print_json(&page.leads);
    }
    for l in &page.leads {
        let name = format!("{} {}", l.first_name.as_deref().unwrap_or(""), l.last_name.as_deref().unwrap_or(""));
        println!(
            "{}\t{}\t{}\t{}\t{}",
            l.email.as_deref().unwrap_or("-"),
            name.trim(),
            l.company.as_deref().unwrap_or(""),
            l.country.as_deref().unwrap_or(""),
            l.status.as_str()
        );
    }
    if let Some(total) = page.total {
        eprintln!("{} of {total} leads", page.leads.len());
    }
    Ok(())
}

pub fn job(j: &Job, json: bool) -> Result<()> {
    if json {
        return print_json(j);
    }
    println!(
        "{}\t{}\t{}\t{}/{} done, {} failed\t{}",
        j.id,
        j.kind.as_str(),
        j.status.as_str(),
        j.done,
        j.total,
        j.failed,
        j.message.as_deref().unwrap_or("")
    );
    Ok(())
}

pub fn jobs(list: &[Job], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    for j in list {
        job(j, false)?;
    }
    Ok(())
}
