use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

/// `reach inbox …`
#[derive(Args, Debug)]
pub struct InboxCommand {
    #[command(subcommand)]
    pub cmd: InboxCmd,
}

#[derive(Subcommand, Debug)]
pub enum InboxCmd {
    /// Show how Reach reads messages saved as files (RFC 5322, .eml): bounce, auto-reply, reply or other,
    /// with the bounce's recipients, the return date and the reply's category. Nothing is stored.
    Classify {
        /// One or more message files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Read the mailboxes (IMAP) of a workspace's sender accounts now: replies, bounces and auto-replies
    /// since the last sync, matched to the mail they answer and applied.
    Sync {
        #[arg(long)]
        workspace: String,
        /// Only this sender account (its address).
        #[arg(long)]
        account: Option<String>,
    },
    /// The workspace's inbox, newest first: what each message is and what reading it did.
    List {
        #[arg(long)]
        workspace: String,
        /// Only replies of this class: interested, not_now, not_interested, unsubscribe, referral, question, other;
        /// or a kind: bounce, auto_reply.
        #[arg(long = "class")]
        class: Option<String>,
        /// Handled (done) messages instead of open ones.
        #[arg(long)]
        done: bool,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Answer a message of the inbox: the text goes to its sender as "Re: <subject>" in the same thread, from
    /// the mailbox it came to, with the signature and compliance footer, through the campaign's outbox and its
    /// policy gate (it goes even while the campaign is paused). Prints whether it was sent, waits and why, or
    /// was blocked and by which rule.
    #[command(group(ArgGroup::new("text").required(true).args(["body", "body_file"])))]
    Reply {
        /// The message's number, as `reach inbox list` shows it.
        id: i64,
        /// The answer itself.
        #[arg(long)]
        body: Option<String>,
        /// A file holding the answer.
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
    },
}
