//! How the CLI prints results: aligned text for people, one JSON value with --json.

use serde::Serialize;
use serde_json::json;

use crate::api::budget::BudgetView;
use crate::api::budget::UsageSummary;
use crate::api::campaigns::Campaign;
use crate::api::imports::RowIssue;
use crate::api::imports::{ImportPreview, ImportReport};
use crate::api::jobs::Job;
use crate::api::leads::BulkResult;
use crate::api::leads::{Lead, LeadPage};
use crate::api::providers::{CircuitState, ModelPrice};
use crate::api::providers::{ProviderTest, ProviderView, RouteView};
use crate::api::workspaces::Workspace;
use crate::error::Result;

pub(super) fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
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
            "added_from_workspace": i.added_from_workspace,
            "warnings": i.warnings,
            "errors": errors,
        }));
    }
    let count = |n: i64| indicatif::HumanCount(n.max(0) as u64).to_string();
    // Spreadsheets number rows; text files have lines, which a quoted line break makes differ from rows.
    let place = if i.format == "csv" { "line" } else { "row" };
    println!("{}: {} rows", i.file_name, count(i.total_rows));
    let figures = [
        ("imported", i.imported),
        ("duplicates in the file", i.duplicates_in_file),
        ("already in the workspace", i.duplicates_in_workspace),
        ("invalid", i.invalid),
    ];
    let mut figures: Vec<_> = figures.into_iter().collect();
    if i.campaign_id.is_some() {
        figures.push(("added to the campaign from the workspace", i.added_from_workspace));
    }
    if i.warnings > 0 {
        figures.push(("imported with a warning", i.warnings));
    }
    let width = figures.iter().map(|(_, n)| count(*n).len()).max().unwrap_or(1);
    let label_width = figures.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    for (label, n) in figures {
        println!("  {label:<label_width$} {:>width$}", count(n));
    }
    for e in invalid_rows.iter().take(20) {
        println!("  {place} {}: {}", e.line, e.reason);
    }
    if invalid_rows.len() > 20 {
        println!("  … and {} more invalid rows (reach import … --json lists them all)", count(invalid_rows.len() as i64 - 20));
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
            standing(l)
        );
    }
    if let Some(total) = page.total {
        eprintln!("{} of {total} leads", page.leads.len());
    }
    Ok(())
}

/// The facts about the person, else how many campaigns they are in.
fn standing(l: &Lead) -> String {
    let facts: Vec<&str> = [
        (l.hard_bounced_at.is_some(), "bounced"),
        (l.unsubscribed_at.is_some(), "unsubscribed"),
        (l.suppressed_at.is_some(), "suppressed"),
        (l.replied_at.is_some(), "replied"),
    ]
    .into_iter()
    .filter_map(|(holds, name)| holds.then_some(name))
    .collect();
    match (facts.is_empty(), l.campaigns) {
        (false, _) => facts.join(", "),
        (true, 0) => "in no campaign".into(),
        (true, 1) => "in 1 campaign".into(),
        (true, n) => format!("in {n} campaigns"),
    }
}

/// How many leads a campaign action changed.
pub fn campaign_leads(action: &str, campaign: &str, r: &BulkResult, json: bool) -> Result<()> {
    if json {
        let mut out = serde_json::Map::new();
        out.insert("campaign".into(), json!(campaign));
        out.insert(action.into(), json!(r.affected));
        return print_json(&out);
    }
    let leads = if r.affected == 1 { "lead" } else { "leads" };
    let preposition = if action == "added" { "to" } else { "from" };
    println!("{} {} {leads} {preposition} \"{campaign}\"", capitalize(action), r.affected);
    Ok(())
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub fn job(j: &Job, json: bool) -> Result<()> {
    if json {
        return print_json(j);
    }
    let waiting = if j.waiting_retry > 0 { format!(", {} waiting to retry", j.waiting_retry) } else { String::new() };
    println!(
        "{}\t{}\t{}\t{}/{} done, {} failed{waiting}\t{}",
        j.id,
        j.kind,
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

pub fn provider(p: &ProviderView, json: bool) -> Result<()> {
    if json {
        return print_json(p);
    }
    let circuit = match p.circuit.state {
        CircuitState::Closed => "ok".to_string(),
        CircuitState::Open => format!("paused {:.0} s", p.circuit.retry_in_secs.unwrap_or(0.0).ceil()),
        CircuitState::HalfOpen => "probing".to_string(),
    };
    let limit = |v: Option<u32>, unit: &str| v.map_or(String::new(), |v| format!(" {v} {unit}"));
    let enabled = if p.enabled { "" } else { "\tdisabled" };
    println!(
        "{}\t{}\t{}\t{}\tkey {}\t{circuit}{}{}{enabled}",
        p.name,
        p.kind.as_str(),
        p.model,
        p.base_url,
        p.key.label,
        limit(p.rpm_limit, "rpm"),
        limit(p.tpm_limit, "tpm")
    );
    Ok(())
}

pub fn providers(list: &[ProviderView], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No AI providers yet. Add one with: reach providers add NAME --preset openai --model gpt-4o-mini --key-stdin");
    }
    for p in list {
        provider(p, false)?;
    }
    Ok(())
}

pub fn provider_test(t: &ProviderTest, json: bool) -> Result<()> {
    if json {
        return print_json(t);
    }
    println!(
        "{} ({}): {} ms, {} tokens in, {} out, ${:.6}",
        t.provider, t.model, t.latency_ms, t.input_tokens, t.output_tokens, t.cost_usd
    );
    println!("{}", t.answer);
    Ok(())
}

pub fn routes(list: &[RouteView], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    for r in list {
        let steps: Vec<String> = r.steps.iter().map(|s| format!("{} ({})", s.provider_name, s.model)).collect();
        let default = if r.is_default { "  [default]" } else { "" };
        println!("{:<9} {}{default}", r.purpose.as_str(), if steps.is_empty() { "-".to_string() } else { steps.join(" → ") });
    }
    Ok(())
}

pub fn usage(u: &UsageSummary, json: bool) -> Result<()> {
    if json {
        return print_json(u);
    }
    let t = &u.totals;
    println!(
        "{}: {} call{} ({} cached, {} failed), {} tokens in, {} out, ${:.4}",
        u.month,
        t.calls,
        if t.calls == 1 { "" } else { "s" },
        t.cached_calls,
        t.failed_calls,
        t.input_tokens,
        t.output_tokens,
        t.cost_usd
    );
    for (title, groups) in [("by provider", &u.by_provider), ("by workspace", &u.by_workspace), ("by day", &u.by_day)] {
        if groups.is_empty() {
            continue;
        }
        println!("{title}:");
        for g in groups {
            println!(
                "  {:<24} {:>6} call{}  {:>9} in  {:>9} out  ${:.4}",
                g.label,
                g.totals.calls,
                if g.totals.calls == 1 { " " } else { "s" },
                g.totals.input_tokens,
                g.totals.output_tokens,
                g.totals.cost_usd
            );
        }
    }
    Ok(())
}

pub fn budget(b: &BudgetView, workspace: &str, json: bool) -> Result<()> {
    if json {
        return print_json(b);
    }
    match (b.limit_usd, b.remaining_usd) {
        (Some(limit), Some(left)) => {
            println!("{workspace} {}: budget ${limit:.2}, spent ${:.2}, held ${:.2}, left ${left:.2}", b.month, b.spent_usd, b.held_usd)
        }
        _ => println!("{workspace} {}: no budget set, spent ${:.2}", b.month, b.spent_usd),
    }
    Ok(())
}

pub fn prices(list: &[ModelPrice], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    for p in list {
        println!(
            "{:<10} {:<28} ${:>8.3} in  ${:>8.3} out  per million tokens",
            p.provider_kind.as_str(),
            p.model,
            p.input_per_mtok_usd,
            p.output_per_mtok_usd
        );
    }
    Ok(())
}
