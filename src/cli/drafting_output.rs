//! How the drafting and review commands print: aligned text for people, one JSON value with --json.

use super::output::print_json;
use crate::api::batches::ReviewBatch;
use crate::api::campaigns::Campaign;
use crate::api::review::{BulkReviewResult, Draft, DraftPage, DraftVersion};
use crate::api::sequences::SequenceStep;
use crate::api::templates::{Template, TemplatePreview};
use crate::compose::qc::{QcLevel, QcResult};
use crate::error::Result;

fn qc_lines(qc: &[QcResult]) {
    for r in qc {
        let level = if r.level == QcLevel::Error { "error" } else { "warning" };
        println!("  QC {level}: {}", r.message);
    }
}

pub fn template_saved(t: &Template, unknown: &[String], json: bool) -> Result<()> {
    if json {
        return print_json(&serde_json::json!({ "template": t, "unknown_variables": unknown }));
    }
    println!("Saved template \"{}\"", t.name);
    if !unknown.is_empty() {
        println!("Warning: no lead has the variables {}; drafts would show them as holes.", unknown.join(", "));
    }
    Ok(())
}

pub fn template(t: &Template, json: bool) -> Result<()> {
    if json {
        return print_json(t);
    }
    println!(
        "{}{}\nSubject: {}\n\n{}",
        t.name,
        if t.category.is_empty() { String::new() } else { format!(" ({})", t.category) },
        t.subject,
        t.body
    );
    Ok(())
}

pub fn templates(list: &[Template], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No templates yet. Add one with: reach template add NAME --workspace W --subject TEXT --body-file FILE");
    }
    for t in list {
        println!("{}\t{}\t{}\tused by {} steps", t.name, if t.category.is_empty() { "-" } else { &t.category }, t.subject, t.used_by_steps);
    }
    Ok(())
}

pub fn preview(p: &TemplatePreview, json: bool) -> Result<()> {
    if json {
        return print_json(p);
    }
    println!("To: {}\nSubject: {}\n\n{}\n", p.lead_email.as_deref().unwrap_or("-"), p.subject, p.body);
    if !p.holes.is_empty() {
        println!("Missing for this lead (shown as holes): {}", p.holes.join(", "));
    }
    if !p.fallbacks.is_empty() {
        println!("Covered by fallbacks: {}", p.fallbacks.join(", "));
    }
    qc_lines(&p.qc);
    Ok(())
}

pub fn sequence(c: &Campaign, steps: &[SequenceStep], json: bool) -> Result<()> {
    if json {
        return print_json(steps);
    }
    if steps.is_empty() {
        println!("\"{}\" has no sequence yet. Add a step with: reach sequence add-step --campaign \"{}\" --template NAME", c.name, c.name);
    }
    for s in steps {
        let total: i64 = steps.iter().filter(|o| o.step == s.step).map(|o| o.weight).sum();
        let source = match (&s.template_name, &s.ai_prompt) {
            (Some(t), _) => format!("template \"{t}\""),
            (None, Some(p)) => format!("AI: {}", p.chars().take(50).collect::<String>()),
            _ => "-".into(),
        };
        let when = if s.step == 1 { "first mail".to_string() } else { format!("after {} days", s.delay_days) };
        println!(
            "[{}] step {} {}\t{}\t{}%\t{}\t{source}\t{} drafts, {} waiting",
            s.id,
            s.step,
            s.variant,
            when,
            (s.weight * 100 + total / 2) / total.max(1),
            s.channel.as_str(),
            s.drafts,
            s.drafts_waiting
        );
    }
    Ok(())
}

pub fn drafts(page: &DraftPage, json: bool) -> Result<()> {
    if json {
        return print_json(&page.drafts);
    }
    if page.drafts.is_empty() {
        println!("No drafts match.");
    }
    for d in &page.drafts {
        println!(
            "#{}\t{}\tstep {}{}\t{}\t{}\tQC {} errors, {} warnings",
            d.id,
            d.lead_email.as_deref().unwrap_or("-"),
            d.step,
            d.variant,
            d.status.as_str(),
            d.subject,
            d.qc_errors,
            d.qc_warnings
        );
    }
    if page.total > page.drafts.len() as i64 {
        println!("… {} of {} shown", page.drafts.len(), page.total);
    }
    Ok(())
}

pub fn draft(d: &Draft, versions: &[DraftVersion], json: bool) -> Result<()> {
    if json {
        return print_json(&serde_json::json!({ "draft": d, "versions": versions }));
    }
    let how = match (&d.model, d.offline) {
        (Some(m), _) => format!("AI ({m})"),
        (None, true) => "template, offline".into(),
        (None, false) => "template".into(),
    };
    println!(
        "#{} {} · step {}{} · version {} · {} · {}",
        d.id,
        d.lead_email.as_deref().unwrap_or("-"),
        d.step,
        d.variant,
        d.version,
        d.status.as_str(),
        how
    );
    println!("Subject: {}\n\n{}\n", d.subject, d.body);
    if let Some(note) = &d.review_note {
        println!("Note: {note}");
    }
    if d.original_body.is_some() {
        println!("Edited by hand; the text as written is kept.");
    }
    qc_lines(&d.qc);
    for v in versions {
        println!(
            "Version {}: {} ({}){}",
            v.version,
            v.subject,
            v.status,
            v.instruction.as_deref().map(|i| format!(" — asked: {i}")).unwrap_or_default()
        );
    }
    Ok(())
}

pub fn bulk(verb: &str, r: &BulkReviewResult, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!("{} {verb}", r.changed);
    for s in &r.skipped {
        println!("Skipped #{}: {}", s.draft_id, s.reason);
    }
    Ok(())
}

pub fn batches(list: &[ReviewBatch], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("No batches yet.");
    }
    for b in list {
        println!(
            "[{}] {}\t{} items: {} pending, {} approved, {} rejected, {} to regenerate, {} regenerated",
            b.id, b.name, b.items, b.pending, b.approved, b.rejected, b.needs_regeneration, b.regenerated
        );
    }
    Ok(())
}
