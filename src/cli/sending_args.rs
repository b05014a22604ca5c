//! Arguments of the sending commands: accounts, compliance, suppression, send, outbox, schedule.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::args::CampaignArg;

#[derive(Subcommand, Debug)]
pub enum AccountCmd {
    /// Add a mailbox to send from. The password is read from standard input with --password-stdin and kept in
    /// the OS keychain.
    Add(AccountAddArgs),
    /// Connect to the mailbox's server (EHLO, STARTTLS, AUTH) and show its answer.
    Test {
        /// The mailbox's address.
        address: String,
        #[arg(long)]
        workspace: Option<String>,
    },
    /// The workspace's mailboxes with today's allowance.
    List {
        #[arg(long)]
        workspace: String,
    },
    /// Set where the mailbox's replies are read (IMAP). The password is the account's unless --password-stdin.
    SetImap(SetImapArgs),
    /// Connect to the mailbox's IMAP server (TLS, sign-in) and list its folders.
    TestImap {
        address: String,
        #[arg(long)]
        workspace: Option<String>,
    },
    /// Remove a mailbox and its password.
    Remove {
        address: String,
        #[arg(long)]
        workspace: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct AccountAddArgs {
    #[arg(long)]
    pub workspace: String,
    #[arg(long)]
    pub email: String,
    /// The name recipients see (default: the address's local part).
    #[arg(long)]
    pub name: Option<String>,
    /// Fill host, port and security for gmail, microsoft365 or fastmail.
    #[arg(long)]
    pub preset: Option<String>,
    #[arg(long)]
    pub smtp_host: Option<String>,
    #[arg(long)]
    pub smtp_port: Option<u16>,
    #[arg(long, value_enum)]
    pub security: Option<SecurityArg>,
    /// The login (default: the address).
    #[arg(long)]
    pub username: Option<String>,
    #[arg(long)]
    pub password_stdin: bool,
    /// Mails a day once ramped up.
    #[arg(long)]
    pub daily_cap: Option<u32>,
    /// The first day's allowance (0: no ramp-up) and its growth per day the mailbox sends.
    #[arg(long)]
    pub ramp_start: Option<u32>,
    #[arg(long)]
    pub ramp_step: Option<u32>,
    /// Seconds between two sends, plus a random jitter of up to --jitter-secs.
    #[arg(long)]
    pub min_spacing_secs: Option<u32>,
    #[arg(long)]
    pub jitter_secs: Option<u32>,
    #[arg(long)]
    pub signature: Option<String>,
    #[arg(long)]
    pub imap_host: Option<String>,
    #[arg(long)]
    pub imap_port: Option<u16>,
}

#[derive(Args, Debug)]
pub struct SetImapArgs {
    /// The mailbox's address.
    pub address: String,
    #[arg(long)]
    pub workspace: Option<String>,
    #[arg(long)]
    pub imap_host: String,
    /// Default: 993 with TLS, 143 otherwise.
    #[arg(long)]
    pub imap_port: Option<u16>,
    #[arg(long, value_enum, default_value = "tls")]
    pub security: SecurityArg,
    /// The IMAP login (default: the SMTP login, else the address).
    #[arg(long)]
    pub username: Option<String>,
    /// Read a password for the account from standard input (it replaces the one SMTP uses).
    #[arg(long)]
    pub password_stdin: bool,
    /// Where copies of sent mail go: a folder's name, "auto" (the server's Sent folder) or "none" (the
    /// provider keeps its own, as Gmail does).
    #[arg(long)]
    pub sent_folder: Option<String>,
    /// A folder to read besides INBOX (repeat for several).
    #[arg(long = "folder", value_name = "NAME")]
    pub folders: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum SecurityArg {
    Starttls,
    Tls,
    None,
}

#[derive(Subcommand, Debug)]
pub enum ComplianceCmd {
    /// Change the workspace's compliance settings; options left out stay as they are.
    Set(ComplianceSetArgs),
    /// Show them.
    Show {
        #[arg(long)]
        workspace: String,
    },
}

#[derive(Args, Debug)]
pub struct ComplianceSetArgs {
    #[arg(long)]
    pub workspace: String,
    /// The physical postal address printed in every footer.
    #[arg(long)]
    pub address: Option<String>,
    /// Where unsubscribe requests go by mail ("" removes it).
    #[arg(long)]
    pub unsubscribe_mailto: Option<String>,
    /// A one-click unsubscribe page ("" removes it).
    #[arg(long)]
    pub unsubscribe_url: Option<String>,
    /// The send window in the recipient's time zone, e.g. 09:00-17:00.
    #[arg(long)]
    pub send_window: Option<String>,
    /// Days the window opens: mon,tue,… or mon-fri.
    #[arg(long)]
    pub days: Option<String>,
    /// The workspace's time zone (IANA name, e.g. Europe/Berlin).
    #[arg(long)]
    pub timezone: Option<String>,
    /// Mails a day to one recipient domain.
    #[arg(long)]
    pub domain_cap: Option<u32>,
    /// Hold leads of consent regions (EU/EEA, UK, CA, AU) without recorded consent: true or false.
    #[arg(long)]
    pub hold_without_consent: Option<bool>,
    /// Pause a campaign when this share of its sends bounce in 24 hours (percent).
    #[arg(long)]
    pub bounce_limit: Option<f64>,
    /// Add an HTML alternative to the plain text: true or false.
    #[arg(long)]
    pub html_alternative: Option<bool>,
    /// When a person replies, pause their colleagues (same company domain) in that campaign for 30 days: true or false.
    #[arg(long)]
    pub pause_company_on_reply: Option<bool>,
}

#[derive(Subcommand, Debug)]
pub enum SuppressionCmd {
    /// The workspace's suppression list.
    List {
        #[arg(long)]
        workspace: String,
        /// Only entries containing this text.
        #[arg(long)]
        search: Option<String>,
    },
    /// Add every address and @domain of a CSV or text file.
    Import {
        file: PathBuf,
        #[arg(long)]
        workspace: String,
    },
    /// Write the list as CSV.
    Export {
        file: PathBuf,
        #[arg(long)]
        workspace: String,
    },
    /// Take an address or @domain off the list.
    Remove {
        entry: String,
        #[arg(long)]
        workspace: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum OutboxCmd {
    /// Mark an attempt whose outcome is unknown as sent or not sent (it is queued again).
    Resolve {
        id: i64,
        #[arg(long, conflicts_with = "not_sent", required_unless_present = "not_sent")]
        sent: bool,
        #[arg(long)]
        not_sent: bool,
    },
    /// Look for an attempt of unknown outcome in its account's Sent folder (IMAP) by its Message-ID.
    Lookup { id: i64 },
}

#[derive(Args, Debug)]
pub struct OutboxArgs {
    #[command(subcommand)]
    pub cmd: Option<OutboxCmd>,
    /// The campaign's name (or id).
    #[arg(long)]
    pub campaign: Option<String>,
    /// The workspace, when campaigns of that name are in several.
    #[arg(long)]
    pub workspace: Option<String>,
    /// Only attempts in this state (queued, sending, sent, deferred, bounced, failed, unknown, blocked, cancelled).
    #[arg(long)]
    pub status: Option<String>,
    /// The attempts of dry runs instead of real ones.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct SendArgs {
    #[command(flatten)]
    pub campaign: CampaignArg,
    /// Send nothing: write each message as an .eml file in this folder.
    #[arg(long, value_name = "DIR")]
    pub dry_run: Option<PathBuf>,
    /// Stop the campaign's sending (queued mail waits) instead.
    #[arg(long, conflicts_with = "dry_run")]
    pub pause: bool,
    /// Cancel the campaign's queued and deferred mail instead.
    #[arg(long, conflicts_with_all = ["dry_run", "pause"])]
    pub cancel_queue: bool,
}

#[derive(Subcommand, Debug)]
pub enum SendingCmd {
    /// Pause every running campaign of the workspace.
    PauseAll {
        #[arg(long)]
        workspace: String,
    },
    /// Launch again the campaigns that pause-all paused.
    ResumeAll {
        #[arg(long)]
        workspace: String,
    },
}
