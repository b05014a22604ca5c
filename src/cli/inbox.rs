//! `reach inbox classify`: how Reach reads each message file, printed; nothing is stored, so no engine
//! or database is opened.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::{AppError, ErrorCode};
use crate::inbound::parse::{read_bytes, BounceReason, MessageKind, Reading, ReplyCategory};

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

fn reason_words(reason: BounceReason) -> &'static str {
    match reason {
        BounceReason::UserUnknown => "unknown user",
        BounceReason::HostUnknown => "unknown domain",
        BounceReason::MailboxDisabled => "mailbox disabled or gone",
        BounceReason::MailboxFull => "mailbox full",
        BounceReason::Spam => "rejected as spam",
        BounceReason::Policy => "refused by policy",
        BounceReason::Content => "refused for its content",
        BounceReason::RateLimited => "too many messages for now",
        BounceReason::Expired => "gave up after retrying",
        BounceReason::Other => "other failure",
    }
}

fn category_words(category: ReplyCategory) -> &'static str {
    match category {
        ReplyCategory::Interested => "interested",
        ReplyCategory::NotNow => "not now",
        ReplyCategory::NotInterested => "not interested",
        ReplyCategory::Unsubscribe => "asks to unsubscribe",
        ReplyCategory::Referral => "refers to someone else",
        ReplyCategory::Question => "a question",
        ReplyCategory::Other => "other",
    }
}
