//! `reach inbox classify`: how Reach reads each message file, printed; nothing is stored, so no engine
//! or database is opened.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::api::inbox::{InboxQuery, InboxState, ReplyCategory};
use crate::error::{AppError, EngineError, ErrorCode, Result};
use crate::inbound::effects::{category_words, reason_words};
use crate::inbound::parse::{read_bytes, MessageKind, Reading};
use crate::Engine;

/// Reads and prints every file in order; a file that cannot be read is reported in its place and the
/// others are still printed. Exit status 1 when any file could not be read.
pub fn classify(files: &[PathBuf], json: bool) -> ExitCode {
    if classify_files(files, json) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints how each file reads; returns how many could not be read.
pub fn classify_files(files: &[PathBuf], json: bool) -> usize {
    let mut failed = 0;
    for file in files {
        match std::fs::read(file) {
            Ok(raw) => {
                let reading = read_bytes(&raw);
                if json {
                    println!("{}", serde_json::to_string(&reading).unwrap_or_default());
                } else {
                    print!("{}", describe(file, &reading));
                }
            }
            Err(e) => {
                failed += 1;
                let error = AppError { code: ErrorCode::FileUnreadable, message: format!("could not read {}: {e}", file.display()) };
                if json {
                    println!("{}", serde_json::to_string(&error).unwrap_or_default());
                } else {
                    eprintln!("reach: {}", error.message);
                }
            }
        }
    }
    failed
}

/// A few lines a person reads: the kind, then what matters for it.
fn describe(file: &Path, reading: &Reading) -> String {
    let mut out = format!("{}: {}\n", file.display(), kind_words(reading.kind));
    if let Some(bounce) = &reading.bounce {
        let form = if bounce.standard { "a delivery status report" } else { "read from the notice's text" };
        out.push_str(&format!("  {form}\n"));
        for r in &bounce.recipients {
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                r.address.as_deref().unwrap_or("(recipient not named)"),
                r.status.as_deref().unwrap_or("-"),
                if r.hard { "hard" } else { "soft" },
                reason_words(r.reason),
            ));
            if let Some(d) = &r.diagnostic {
                out.push_str(&format!("      {d}\n"));
            }
        }
        if let Some(id) = &bounce.original_message_id {
            out.push_str(&format!("  bounced message: <{id}>\n"));
        }
    }
    if let Some(auto) = &reading.auto_reply {
        match auto.return_date {
            Some(date) => out.push_str(&format!("  return date: {date}\n")),
            None => out.push_str("  no return date stated\n"),
        }
    }
    if let Some(category) = reading.category {
        out.push_str(&format!("  category: {}\n", category_words(category)));
    }
    if let Some(id) = &reading.in_reply_to {
        out.push_str(&format!("  in reply to <{id}>\n"));
    }
    out
}

fn kind_words(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Reply => "a reply",
        MessageKind::Bounce => "a bounce",
        MessageKind::AutoReply => "an automatic reply",
        MessageKind::Other => "other mail (from no person)",
    }
}

/// `reach inbox sync`: reads the workspace's mailboxes now.
pub async fn sync(engine: &Engine, workspace: &str, account: Option<&str>, json: bool) -> Result<()> {
    let ws = engine.resolve_workspace(workspace).await?;
    let account_id = match account {
        Some(address) => Some(engine.find_sender_account(Some(ws.id), address).await?.id),
        None => None,
    };
    let report = engine.sync_inbox(ws.id, account_id).await?;
    super::inbox_output::sync_report(&report, json)?;
    match report.accounts.iter().find_map(|a| a.paused.as_ref().or(a.error.as_ref())) {
        Some(problem) => Err(EngineError::Validation(problem.clone())),
        None => Ok(()),
    }
}

/// `reach inbox list`: the open (or done) messages, newest first, optionally of one class or kind.
pub async fn list(engine: &Engine, workspace: &str, class: Option<&str>, done: bool, limit: i64, json: bool) -> Result<()> {
    let ws = engine.resolve_workspace(workspace).await?;
    let mut query = InboxQuery { workspace_id: ws.id, limit: Some(limit), ..InboxQuery::default() };
    if done {
        query.state = Some(InboxState::Done);
    }
    if let Some(class) = class.map(|c| c.trim().to_ascii_lowercase().replace([' ', '-'], "_")) {
        let value = serde_json::Value::String(class.clone());
        if let Ok(kind) = serde_json::from_value::<MessageKind>(value.clone()) {
            query.kind = Some(kind);
        } else if let Ok(category) = serde_json::from_value::<ReplyCategory>(value) {
            query.kind = Some(MessageKind::Reply);
            query.category = Some(category);
        } else {
            return Err(EngineError::Validation(format!(
                "\"{class}\" is not a class; use interested, not_now, not_interested, unsubscribe, referral, question, other, bounce or auto_reply"
            )));
        }
    }
    super::inbox_output::inbox(&engine.inbox(query).await?, json)
}

/// `reach inbox reply`: answers a message and says what became of the answer.
pub async fn reply(engine: &Engine, id: i64, body: Option<String>, body_file: Option<PathBuf>, json: bool) -> Result<()> {
    let body = match (body_file, body) {
        (Some(path), _) => super::drafting::read_file(&path)?,
        (None, Some(body)) => body,
        (None, None) => return Err(EngineError::Validation("Give the answer with --body TEXT or --body-file FILE.".into())),
    };
    let attempt = engine.reply_to_message(id, body).await?;
    super::inbox_output::answer(&attempt, json)
}
