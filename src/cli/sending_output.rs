//! How the sending commands print: aligned text for people, one JSON value with --json.

use super::output::print_json;
use crate::api::outbox::{Attempt, OutboxPage, SendReport, StatusCount};
use crate::api::schedule::SchedulePreview;
use crate::api::sending::{AccountView, ComplianceSettings, ConnectionReport, SenderAccount, SuppressionEntry, SuppressionImport};
use crate::error::Result;

pub fn account_added(a: &SenderAccount, json: bool) -> Result<()> {
    if json {
        return print_json(a);
    }
    let s = &a.settings;
    println!("Added {} <{}> via {}:{} ({:?})", s.display_name, s.email, s.smtp_host, s.smtp_port, s.smtp_security);
    println!(
        "Daily cap {} (ramp-up from {} by {} a day), {} s apart + up to {} s jitter. Password {}.",
        s.daily_cap,
        s.ramp_start,
        s.ramp_step,
        s.min_spacing_secs,
        s.jitter_secs,
        if a.has_password { "in the keychain" } else { "not set" }
    );
    println!("Check it with: reach account test {}", s.email);
    Ok(())
}

pub fn connection(email: &str, r: &ConnectionReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!("{email}: the server answered");
    println!("  {}", r.greeting);
    println!("  TLS: {}   signed in: {}", yes_no(r.tls), yes_no(r.authenticated));
    if !r.capabilities.is_empty() {
        println!("  offers: {}", r.capabilities.join(", "));
    }
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

pub fn accounts(list: &[AccountView], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!(
            "No sender accounts yet. Add one with: reach account add --workspace NAME --email ADDRESS --preset gmail --password-stdin"
        );
        return Ok(());
    }
    for v in list {
        let s = &v.account.settings;
        let state = v.account.paused_reason.as_deref().map(|r| format!("  PAUSED: {r}")).unwrap_or_default();
        println!(
            "{:<32} {}:{}  today {}/{} (cap {}, day {} of ramp-up){state}",
            s.email,
            s.smtp_host,
            s.smtp_port,
            v.sent_today,
            v.allowance_today,
            s.daily_cap,
            v.days_sent + 1
        );
    }
    Ok(())
}

pub fn compliance(c: &ComplianceSettings, json: bool) -> Result<()> {
    if json {
        return print_json(c);
    }
    let or_unset = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".into());
    println!("Physical address:   {}", if c.physical_address.is_empty() { "(not set: nothing can be sent)" } else { &c.physical_address });
    println!("Unsubscribe mailto: {}", or_unset(&c.unsubscribe_mailto));
    println!("Unsubscribe URL:    {}", or_unset(&c.unsubscribe_url));
    println!("Send window:        {}-{} on {} (recipient's time)", c.window_start, c.window_end, c.window_days);
    println!("Time zone:          {}", c.timezone);
    println!("Per-domain cap:     {} a day", c.domain_daily_cap);
    println!(
        "Consent regions:    {}",
        if c.hold_without_consent { "held until consent is recorded" } else { "sent on legitimate interest" }
    );
    println!("HTML alternative:   {}", if c.html_alternative { "added to the plain text" } else { "no (plain text only)" });
    println!("Company on reply:   {}", if c.pause_company_on_reply { "colleagues pause for 30 days" } else { "colleagues go on" });
    println!("Bounce protection:  pause at {} % of at least {} sends in 24 h", c.bounce_pause_percent, c.bounce_pause_min);
    Ok(())
}

pub fn suppressed(e: &SuppressionEntry, json: bool) -> Result<()> {
    if json {
        return print_json(e);
    }
    println!("Suppressed {} {}{}", e.kind.as_str(), e.value, e.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default());
    Ok(())
}

pub fn suppression(list: &[SuppressionEntry], json: bool) -> Result<()> {
    if json {
        return print_json(list);
    }
    if list.is_empty() {
        println!("The suppression list is empty. Add with: reach suppress ADDRESS|@DOMAIN --workspace NAME");
    }
    for e in list {
        println!(
            "{:<8} {:<40} {:<12} {}  {}",
            e.kind.as_str(),
            e.value,
            e.source,
            &e.created_at[..10.min(e.created_at.len())],
            e.reason.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

pub fn suppression_import(r: &SuppressionImport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!("Added {}, already listed {}, refused {}", r.added, r.already_listed, r.refused.len());
    for line in &r.refused {
        println!("  line {}: {} ({})", line.line, line.text, line.reason);
    }
    Ok(())
}

fn counts_line(counts: &[StatusCount]) -> String {
    counts.iter().filter(|c| c.count > 0).map(|c| format!("{} {}", c.count, c.status.as_str())).collect::<Vec<_>>().join(", ")
}

pub fn send_report(campaign: &str, r: &SendReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    let what = if r.dry_run { "Dry run of" } else { "Sent" };
    println!("{what} \"{campaign}\": {}", r.message);
    let counts = counts_line(&r.counts);
    if !counts.is_empty() {
        println!("Outbox: {counts}");
    }
    if let Some(dir) = &r.dry_run_dir {
        println!("Messages written to {dir}");
    }
    Ok(())
}

pub fn outbox(campaign: &str, page: &OutboxPage, json: bool) -> Result<()> {
    if json {
        return print_json(page);
    }
    let state = page.campaign_sending.as_str().replace('_', " ");
    println!(
        "\"{campaign}\" ({state}{}): {}",
        page.sending_note.as_deref().map(|n| format!(": {n}")).unwrap_or_default(),
        counts_line(&page.counts)
    );
    for a in &page.attempts {
        attempt_line(a);
    }
    Ok(())
}

fn attempt_line(a: &Attempt) {
    let reply = match (a.smtp_code, &a.smtp_reply) {
        (Some(code), Some(text)) => format!("{code} {text}"),
        _ => String::new(),
    };
    println!(
        "#{:<6} {:<10} step {} {:<36} {:<24} {}{}",
        a.id,
        a.status.as_str(),
        a.step,
        a.recipient,
        a.sent_at.as_deref().unwrap_or(&a.scheduled_at),
        reply,
        a.detail.as_deref().map(|d| format!("  {d}")).unwrap_or_default()
    );
}

pub fn resolved(a: &Attempt, json: bool) -> Result<()> {
    if json {
        return print_json(a);
    }
    match a.status.as_str() {
        "sent" => println!("Attempt #{} to {} is marked sent; its sequence goes on", a.id, a.recipient),
        _ => println!("Attempt #{} to {} is queued again (same Message-ID)", a.id, a.recipient),
    }
    Ok(())
}

pub fn schedule(campaign: &str, p: &SchedulePreview, json: bool) -> Result<()> {
    if json {
        return print_json(p);
    }
    for problem in &p.problems {
        println!("Blocked: {problem}");
    }
    println!("\"{campaign}\": {} mails waiting, {} placed in the next 30 days (your time: {})", p.waiting, p.sends.len(), p.user_timezone);
    for a in &p.accounts {
        println!("  {}: {} mails, {} allowed today (cap {})", a.email, a.sends, a.allowance_today, a.daily_cap);
    }
    if p.unplaced > 0 {
        println!("  {} mails do not fit in 30 days at these caps and windows", p.unplaced);
    }
    if !p.on_hours.is_empty() {
        println!("The computer must be on:");
        for d in &p.on_hours {
            println!("  {}  {}-{}  ({} mails)", d.day, d.from, d.to, d.sends);
        }
    }
    for s in p.sends.iter().take(50) {
        println!("  {}  you: {}  them: {}  {} → {} (step {})", s.at, s.user_time, s.recipient_time, s.account, s.recipient, s.step);
    }
    if p.sends.len() > 50 {
        println!("  … and {} more (use --json for all)", p.sends.len() - 50);
    }
    Ok(())
}
