//! How the inbox commands print: readable lines, or JSON with --json.

use super::output::print_json;
use crate::api::inbox::{InboxPage, MessageKind};
use crate::api::inbox_sync::{ImapReport, InboxSyncReport, SentLookup};
use crate::api::outbox::{Attempt, AttemptStatus};
use crate::api::sending::SenderAccount;
use crate::error::Result;
use crate::inbound::effects::category_words;

pub fn imap_set(a: &SenderAccount, json: bool) -> Result<()> {
    if json {
        return print_json(a);
    }
    let s = &a.settings;
    println!(
        "Replies to {} are read from {}:{} ({:?}) as {}",
        s.email,
        s.imap_host.as_deref().unwrap_or_default(),
        s.imap_port.unwrap_or_default(),
        s.imap_security.unwrap_or(crate::api::sending::Security::Tls),
        s.imap_username.as_deref().or(s.smtp_username.as_deref()).unwrap_or(&s.email)
    );
    let sent = match a.sent_folder.as_deref() {
        None => "the server's Sent folder".to_string(),
        Some("") => "none (the provider keeps its own)".to_string(),
        Some(name) => format!("\"{name}\""),
    };
    let folders = std::iter::once("INBOX".to_string()).chain(a.imap_extra_folders.iter().cloned()).collect::<Vec<_>>().join(", ");
    println!("Folders read: {folders}. Copies of sent mail: {sent}");
    println!("Check it with: reach account test-imap {}   Read now with: reach inbox sync", s.email);
    Ok(())
}

pub fn imap_connection(email: &str, r: &ImapReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    println!("{email}: the IMAP server answered");
    println!("  {}", r.greeting);
    println!("  TLS: {}   signed in: {}", if r.tls { "yes" } else { "no" }, if r.authenticated { "yes" } else { "no" });
    if !r.capabilities.is_empty() {
        println!("  offers: {}", r.capabilities.join(", "));
    }
    if !r.folders.is_empty() {
        println!("  folders: {}", r.folders.join(", "));
    }
    Ok(())
}

pub fn sync_report(report: &InboxSyncReport, json: bool) -> Result<()> {
    if json {
        return print_json(report);
    }
    for a in &report.accounts {
        match (&a.paused, &a.error) {
            (Some(reason), _) => println!("{}: paused: {reason}", a.email),
            (None, Some(error)) => println!("{}: the sync failed: {error} (it is tried again)", a.email),
            (None, None) => println!(
                "{}: {} new ({} replies, {} bounces, {} auto-replies)",
                a.email, a.new_messages, a.replies, a.bounces, a.auto_replies
            ),
        }
    }
    Ok(())
}

pub fn inbox(page: &InboxPage, json: bool) -> Result<()> {
    if json {
        return print_json(page);
    }
    if page.items.is_empty() {
        println!("Nothing in the inbox here. Read new mail with: reach inbox sync --workspace NAME");
        return Ok(());
    }
    for item in &page.items {
        let class = match (item.kind, item.category) {
            (MessageKind::Reply, Some(c)) => category_words(c).to_string(),
            (MessageKind::Reply, None) => "reply".into(),
            (MessageKind::Bounce, _) => "bounce".into(),
            (MessageKind::AutoReply, _) => "out of office".into(),
            (MessageKind::Other, _) => "other".into(),
        };
        let from = item.from_name.as_deref().or(item.from_address.as_deref()).unwrap_or("(no sender)");
        let when = item.received_at.get(..16).unwrap_or(&item.received_at).replace('T', " ");
        println!("#{:<6} {when}  {:<16} {from}: {}", item.id, class, item.subject);
        if let Some(effect) = &item.effect {
            println!("         {effect}");
        }
    }
    if page.total > page.items.len() as i64 {
        println!("({} of {} shown; use --limit)", page.items.len(), page.total);
    }
    Ok(())
}

pub fn sent_lookup(l: &SentLookup, json: bool) -> Result<()> {
    if json {
        return print_json(l);
    }
    println!("Attempt {} (<{}>) in {}: {}", l.attempt_id, l.message_id, l.folder, if l.found { "found" } else { "not found" });
    if l.found {
        println!(
            "  Date: {}  To: {}  Subject: {}",
            l.date.as_deref().unwrap_or("?"),
            l.to.as_deref().unwrap_or("?"),
            l.subject.as_deref().unwrap_or("")
        );
    }
    println!("{}", l.meaning);
    println!("Resolve it with: reach outbox resolve {} --sent (or --not-sent)", l.attempt_id);
    Ok(())
}

/// What became of an answer: sent, waiting (and why), or blocked (and by which rule).
pub fn answer(a: &Attempt, json: bool) -> Result<()> {
    if json {
        return print_json(a);
    }
    let from = a.sender.as_deref().unwrap_or("its mailbox");
    let why = a.detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
    match a.status {
        AttemptStatus::Sent => println!("Sent to {} from {from} (attempt #{})", a.recipient, a.id),
        AttemptStatus::Blocked => {
            println!("Blocked by the {} rule{why} (attempt #{})", a.blocked_by.as_deref().unwrap_or("policy").replace('_', " "), a.id)
        }
        AttemptStatus::Queued | AttemptStatus::Deferred | AttemptStatus::Sending => {
            println!("Waiting to go to {} (attempt #{}, {}){why}", a.recipient, a.id, a.status.as_str())
        }
        AttemptStatus::Unknown => println!("Handed to the server with no answer back (attempt #{}){why}", a.id),
        AttemptStatus::Bounced | AttemptStatus::Failed | AttemptStatus::Cancelled => {
            println!("Not sent: {} (attempt #{}){why}", a.status.as_str(), a.id)
        }
    }
    Ok(())
}
