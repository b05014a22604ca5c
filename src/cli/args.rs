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
    /// Create the demo workspace with generated leads.
    Demo,
}

#[derive(Subcommand, Debug)]
pub enum WorkspaceCmd {
    Create { name: String },
    List,
    Rename { name: String, new_name: String },
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
    Cancel { id: i64 },
    /// Run the jobs that were queued or interrupted, and wait for them.
    Resume,
}

fn parse_mapping(s: &str) -> Result<(String, String), String> {
    s.rsplit_once('=')
        .map(|(c, f)| (c.trim().to_string(), f.trim().to_string()))
        .filter(|(c, f)| !c.is_empty() && !f.is_empty())
        .ok_or_else(|| format!("\"{s}\" is not COLUMN=FIELD, e.g. \"E-mail=email\""))
}
