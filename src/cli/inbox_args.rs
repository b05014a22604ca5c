use std::path::PathBuf;

use clap::{Args, Subcommand};

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
}
