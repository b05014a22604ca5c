use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Reach: local-first personalized outreach, from the command line.
#[derive(Parser, Debug)]
#[command(name = "reach", version, about)]
pub struct Cli {
    /// The database file (default: the desktop app's database in the OS app-data folder).
    #[arg(long, global = true, env = "REACH_DB")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create, list, rename and delete workspaces (one per client).
    Workspace {
        #[command(subcommand)]
        cmd: WorkspaceCmd,
    },
    /// Create and list campaigns.
    Campaign {
        #[command(subcommand)]
        cmd: CampaignCmd,
    },
    /// Show how a CSV or spreadsheet would be read: format, columns, a sample and the suggested mapping.
    Inspect {
        file: PathBuf,
        #[arg(long)]
        sheet: Option<String>,
        /// The line or row holding the column names (1-based).
        #[arg(long)]
        header_row: Option<u32>,
    },
    /// Import leads from a CSV, XLSX, XLS or ODS file.
    Import {
        file: PathBuf,
        #[arg(long)]
        workspace: String,
        /// Put the imported leads in this campaign.
        #[arg(long)]
        campaign: Option<String>,
        /// Map a column (header or 1-based number) to a lead field: email, first_name, last_name, full_name,
        /// company, title, website, domain, linkedin_url, country, timezone, custom or ignore.
        #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_mapping)]
        map: Vec<(String, String)>,
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long)]
        header_row: Option<u32>,
        /// Queue the import and return at once; the app or `reach agent` runs it.
        #[arg(long)]
        detach: bool,
    },
    /// List or search leads.
    Leads {
        #[command(subcommand)]
        cmd: LeadsCmd,
    },
    /// Background jobs: list, cancel, resume those interrupted.
    Jobs {
        #[command(subcommand)]
        cmd: JobsCmd,
    },
    /// Run due, scheduled and interrupted jobs in the foreground until stopped (Ctrl-C stops cleanly at a
    /// checkpoint; the jobs resume when an agent or the app runs again).
    Agent,
    /// Create the demo workspace with generated leads.
    Demo,
    /// Serve Reach to an MCP client (Claude Desktop, VS Code, …) over standard input and output.
    Mcp,
    /// Enrich a campaign's enrolled leads: persona, company size, industry, pain points, buying triggers.
    Enrich {
        #[command(flatten)]
        campaign: CampaignArg,
        /// Rule-based, from the lead's own fields: no network, no keys.
        #[arg(long)]
        offline: bool,
        /// Enrich again leads that have an enrichment already.
        #[arg(long)]
        all: bool,
        /// Queue the job and return at once; the app or `reach agent` runs it.
        #[arg(long)]
        detach: bool,
    },
    /// The workspace's template library.
    Template {
        #[command(subcommand)]
        cmd: TemplateCmd,
    },
    /// A campaign's sequence: the first mail and its follow-ups, with A/B variants.
    Sequence {
        #[command(subcommand)]
        cmd: SequenceCmd,
    },
    /// Draft the campaign's sequence for every enrolled lead that has no draft yet.
    Draft {
        #[command(flatten)]
        campaign: CampaignArg,
        /// Only this step.
        #[arg(long)]
        step: Option<i64>,
        /// Templates and offline enrichment only: no network, no keys.
        #[arg(long)]
        offline: bool,
        /// Queue the job and return at once; the app or `reach agent` runs it.
        #[arg(long)]
        detach: bool,
    },
    /// The review queue: list drafts, approve, reject, edit, regenerate, export the approved.
    Review {
        #[command(subcommand)]
        cmd: ReviewCmd,
    },
    /// AI providers: add, list, test and remove them; set the fallback order per purpose.
    Providers {
        #[command(subcommand)]
        cmd: ProvidersCmd,
    },
    /// AI calls, tokens and cost for a month.
    Usage {
        /// The month, e.g. 2026-11 (default: this month).
        #[arg(long)]
        month: Option<String>,
        /// Only this workspace's usage.
        #[arg(long)]
        workspace: Option<String>,
    },
    /// Sender accounts: add, test, list and remove the mailboxes a workspace sends from.
    Account {
        #[command(subcommand)]
        cmd: super::sending_args::AccountCmd,
    },
    /// Send a campaign's due mail now through the policy gate (launching it), or as a dry run into a folder.
    Send(super::sending_args::SendArgs),
    /// Pause or resume all of a workspace's sending.
    Sending {
        #[command(subcommand)]
        cmd: super::sending_args::SendingCmd,
    },
    /// A campaign's outbox: every attempt with its state and the server's reply; resolve unknown outcomes.
    Outbox(super::sending_args::OutboxArgs),
    /// What a campaign would send when, per mailbox, and the hours the computer must be on.
    Schedule {
        #[command(flatten)]
        campaign: CampaignArg,
    },
    /// Put an address or a whole @domain on the workspace's suppression list.
    Suppress {
        /// An address, or @domain for every address of a registrable domain.
        entry: String,
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// The suppression list: list, import, export, remove.
    Suppression {
        #[command(subcommand)]
        cmd: super::sending_args::SuppressionCmd,
    },
    /// The workspace's compliance settings: footer address, unsubscribe, send window, caps.
    Compliance {
        #[command(subcommand)]
        cmd: super::sending_args::ComplianceCmd,
    },
    /// A workspace's monthly AI budget.
    Budget {
        #[command(subcommand)]
        cmd: BudgetCmd,
    },
    /// The prices AI costs are computed from (US dollars per million tokens).
    Prices {
        #[command(subcommand)]
        cmd: PricesCmd,
    },
    /// The reply inbox: how a received message is read.
    Inbox(super::inbox_args::InboxCommand),
}

#[derive(Subcommand, Debug)]
pub enum ProvidersCmd {
    /// Add a provider. The API key is read from standard input with --key-stdin and kept in the OS keychain.
    Add {
        name: String,
        /// The protocol it speaks.
        #[arg(long, value_parser = ["openai", "anthropic", "gemini"])]
        kind: Option<String>,
        /// A known service: openai, groq, openrouter, ollama, lmstudio, anthropic, gemini or custom.
        #[arg(long)]
        preset: Option<String>,
        /// The API address (default: the preset's).
        #[arg(long)]
        base_url: Option<String>,
        /// The model asked when a route names none.
        #[arg(long)]
        model: String,
        /// Read the API key from standard input (one line).
        #[arg(long)]
        key_stdin: bool,
        /// Requests per minute at most.
        #[arg(long)]
        rpm: Option<u32>,
        /// Tokens per minute at most.
        #[arg(long)]
        tpm: Option<u32>,
        /// Seconds to wait for an answer.
        #[arg(long)]
        timeout: Option<u32>,
        /// Calls in flight at once.
        #[arg(long)]
        concurrency: Option<u32>,
    },
    /// List providers with their key status, circuit state and limits.
    List,
    /// Make one real call: prints latency, tokens and the answer.
    Test {
        name: String,
    },
    Remove {
        name: String,
    },
    /// Set a purpose's fallback order: PROVIDER or PROVIDER:MODEL, first choice first (none: the default).
    Route {
        #[arg(value_parser = ["research", "opener", "draft", "classify"])]
        purpose: String,
        #[arg(value_name = "PROVIDER[:MODEL]")]
        steps: Vec<String>,
    },
    /// Show the fallback order of every purpose.
    Routes,
}

#[derive(Subcommand, Debug)]
pub enum BudgetCmd {
    /// Set the monthly budget in US dollars ("none" removes it).
    Set {
        amount: String,
        #[arg(long)]
        workspace: String,
    },
    /// Show this month's budget, spend and holds.
    Show {
        #[arg(long)]
        workspace: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PricesCmd {
    List,
    /// Set the price of a model (MODEL "*" for every model of the kind without its own price).
    Set {
        #[arg(value_parser = ["openai", "anthropic", "gemini"])]
        kind: String,
        model: String,
        /// Dollars per million input tokens.
        #[arg(long)]
        input: f64,
        /// Dollars per million output tokens.
        #[arg(long)]
        output: f64,
    },
}

#[derive(Subcommand, Debug)]
pub enum WorkspaceCmd {
    Create {
        name: String,
    },
    List,
    Rename {
        name: String,
        new_name: String,
    },
    Delete {
        name: String,
        /// Confirm: the workspace's leads, campaigns and imports are deleted for good.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CampaignCmd {
    Create {
        name: String,
        #[arg(long)]
        workspace: String,
        #[arg(long, default_value = "cold_email", value_parser = ["cold_email", "backlink"])]
        kind: String,
        #[arg(long)]
        description: Option<String>,
        #[arg(long = "keyword")]
        keywords: Vec<String>,
    },
    List {
        #[arg(long)]
        workspace: String,
        /// Include archived campaigns.
        #[arg(long)]
        all: bool,
    },
    /// Enroll leads of the workspace in the campaign: those a search finds, or all of them.
    AddLeads {
        name: String,
        #[command(flatten)]
        which: CampaignLeads,
    },
    /// Take leads out of the campaign: those a search finds, or all of them.
    RemoveLeads {
        name: String,
        #[command(flatten)]
        which: CampaignLeads,
    },
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("which").required(true).multiple(false).args(["search", "all"])))]
pub struct CampaignLeads {
    #[arg(long)]
    pub workspace: String,
    /// The leads these words find (by address, name, company or title).
    #[arg(long)]
    pub search: Option<String>,
    /// Every lead of the workspace.
    #[arg(long)]
    pub all: bool,
}

#[derive(Subcommand, Debug)]
pub enum LeadsCmd {
    List {
        /// The workspace (may be left out when there is only one).
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    Search {
        query: String,
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum JobsCmd {
    List,
    /// A job's state, with its items' counts.
    Show {
        id: i64,
    },
    /// Stop a job for good; what it did so far is kept.
    Cancel {
        id: i64,
    },
    /// Pause a job: a queued one at once, a running one at the end of its batch.
    Pause {
        id: i64,
    },
    /// With an ID, start that paused job again and follow it; without, run the jobs that are due or were
    /// interrupted, and wait for them.
    Resume {
        id: Option<i64>,
    },
    /// Give a job's failed items another run, and follow it.
    Retry {
        id: i64,
    },
}

fn parse_mapping(s: &str) -> Result<(String, String), String> {
    s.rsplit_once('=')
        .map(|(c, f)| (c.trim().to_string(), f.trim().to_string()))
        .filter(|(c, f)| !c.is_empty() && !f.is_empty())
        .ok_or_else(|| format!("\"{s}\" is not COLUMN=FIELD, e.g. \"E-mail=email\""))
}

/// A campaign by name, in the named workspace or whichever has it.
#[derive(clap::Args, Debug, Clone)]
pub struct CampaignArg {
    /// The campaign's name (or id).
    #[arg(long = "campaign")]
    pub name: String,
    /// The workspace, when campaigns of that name are in several.
    #[arg(long)]
    pub workspace: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum TemplateCmd {
    /// Add a template: subject and body with {{ variables }}, fallbacks and {spin|tax}.
    Add {
        name: String,
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        subject: String,
        /// A file holding the body.
        #[arg(long, conflicts_with = "body")]
        body_file: Option<PathBuf>,
        /// The body itself.
        #[arg(long)]
        body: Option<String>,
        #[arg(long, default_value = "")]
        category: String,
    },
    List {
        #[arg(long)]
        workspace: String,
    },
    Show {
        name: String,
        #[arg(long)]
        workspace: Option<String>,
    },
    /// Render the template for one lead, with its QC.
    Preview {
        name: String,
        /// The lead's address.
        #[arg(long)]
        lead: String,
        #[arg(long)]
        workspace: Option<String>,
        /// Use this campaign's service context.
        #[arg(long)]
        campaign: Option<String>,
    },
    Delete {
        name: String,
        #[arg(long)]
        workspace: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SequenceCmd {
    /// Add a step (after the last) or, with --step, a variant of an existing step.
    AddStep {
        #[command(flatten)]
        campaign: CampaignArg,
        /// Draft it from this template.
        #[arg(long, conflicts_with = "ai_prompt", required_unless_present = "ai_prompt")]
        template: Option<String>,
        /// Have a model write it, following this instruction.
        #[arg(long)]
        ai_prompt: Option<String>,
        /// Days after the previous step.
        #[arg(long, default_value_t = 0)]
        delay_days: i64,
        /// The variant's label (default: the step's next free letter).
        #[arg(long)]
        variant: Option<String>,
        #[arg(long, default_value_t = 1)]
        weight: i64,
        /// The step to add a variant to (default: a new step after the last).
        #[arg(long)]
        step: Option<i64>,
        #[arg(long, value_parser = ["email", "linkedin", "article"], default_value = "email")]
        channel: String,
        /// An article step: the guest article's fields.
        #[command(flatten)]
        article: ArticleArgs,
    },
    Show {
        #[command(flatten)]
        campaign: CampaignArg,
    },
    /// Remove a step variant by its id (see `sequence show`).
    RemoveStep {
        id: i64,
        /// Reject its drafts that wait for review or were approved.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReviewCmd {
    /// Drafts with their id, lead, step, variant, status, subject, body and QC.
    List {
        #[command(flatten)]
        campaign: CampaignArg,
        /// pending, approved, rejected, needs_regeneration or regenerated.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        step: Option<i64>,
        /// passing, errors or warnings.
        #[arg(long, value_parser = ["passing", "errors", "warnings"])]
        qc: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One draft in full, with its versions.
    Show { id: i64 },
    /// Approve drafts by id, or every draft of a campaign waiting and passing QC.
    Approve {
        ids: Vec<i64>,
        /// With --all-passing: the campaign's name (or id).
        #[arg(long)]
        campaign: Option<String>,
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long, requires = "campaign")]
        all_passing: bool,
        /// With --all-passing: only this step.
        #[arg(long)]
        step: Option<i64>,
    },
    Reject {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Send drafts back to be written again, with what to change.
    SendBack {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Reopen approved or rejected drafts.
    Reopen {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Replace a draft's text (the original is kept).
    Edit {
        id: i64,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        body_file: PathBuf,
    },
    /// Write a new version of a draft.
    Regenerate {
        id: i64,
        #[arg(long)]
        instruction: Option<String>,
        /// Keep the spintax choices of a template draft.
        #[arg(long)]
        keep_spin: bool,
    },
    /// Write the approved drafts to a JSON or CSV file.
    Export {
        #[command(flatten)]
        campaign: CampaignArg,
        #[arg(long, value_parser = ["json", "csv"])]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// Only this batch's approved drafts.
        #[arg(long)]
        batch: Option<i64>,
    },
    /// Freeze the drafts waiting for review into a batch, with their QC.
    Batch {
        #[command(flatten)]
        campaign: CampaignArg,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long)]
        step: Option<i64>,
    },
    /// A campaign's batches and their review stats.
    Batches {
        #[command(flatten)]
        campaign: CampaignArg,
    },
}

/// The link a guest article exists for, and its size and topic (`--channel article`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ArticleArgs {
    /// The page the article links to.
    #[arg(long)]
    pub target_url: Option<String>,
    /// The link's text.
    #[arg(long)]
    pub anchor_text: Option<String>,
    #[arg(long, default_value_t = 600)]
    pub min_words: u32,
    #[arg(long, default_value_t = 1000)]
    pub max_words: u32,
    #[arg(long, default_value = "")]
    pub topic: String,
}
