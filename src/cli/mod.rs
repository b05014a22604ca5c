//! Command-line front door. Each subcommand converts its arguments, calls one engine method, prints.

mod agent;
mod ai;
mod args;
mod drafting;
mod drafting_output;
mod inbox;
mod inbox_args;
mod inbox_output;
mod output;
mod progress;
mod secret_input;
mod sending;
mod sending_args;
mod sending_output;

use std::process::ExitCode;

use clap::Parser;

use crate::api::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use crate::api::enrollments::CampaignLeadsRequest;
use crate::api::imports::InspectRequest;
use crate::api::leads::{LeadFilter, LeadQuery};
use crate::error::{AppError, EngineError, ErrorCode, Result};
use crate::{paths, Engine, RunnerConfig};

use args::{CampaignCmd, Cli, Command, JobsCmd, LeadsCmd, WorkspaceCmd};

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let json = cli.json;
    if let Command::Inbox(inbox_args::InboxCommand { cmd: inbox_args::InboxCmd::Classify { files } }) = &cli.command {
        return inbox::classify(files, json);
    }
    // `reach send` is one conversation with a mail server at a time: on a single-threaded runtime its socket
    // events wake the task on the thread that polls them. On the multi-threaded one each SMTP reply was a
    // futex hand-over between threads, a third of the CPU per mail in bench/send.
    let mut builder = match cli.command {
        Command::Send(_) => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("reach: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(AppError::from(e), json),
    }
}

/// Shows an error and ends with its class's exit status: with `--json`, one `{code, message}` object on
/// standard output and nothing else; without, the sentence on standard error.
fn fail(error: AppError, json: bool) -> ExitCode {
    if json {
        println!("{}", serde_json::to_string(&error).unwrap_or_default());
    } else {
        eprintln!("reach: {}", error.message);
    }
    ExitCode::from(error.code.exit_status())
}

/// Help and the version print as clap prints them; a usage error is bad input (exit status 2), shown as
/// the JSON error object when `--json` is among the arguments.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let json = std::env::args_os().take_while(|a| a != "--").any(|a| a == "--json");
    if !json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit()
    }
    let text = e.render().to_string();
    let mut message = text.trim().strip_prefix("error: ").unwrap_or(text.trim()).to_string();
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        message = format!("a subcommand is missing; choose one of these:\n\n{message}");
    }
    fail(AppError { code: ErrorCode::Validation, message }, true)
}

async fn run(cli: Cli) -> Result<()> {
    let db = match cli.db {
        Some(db) => db,
        None => paths::default_db_path().ok_or_else(|| EngineError::DataDir("no home folder".into()))?,
    };
    let _log = db.parent().and_then(|d| crate::logging::init(&d.join("logs"), true));
    let engine = Engine::open(&db, RunnerConfig::default()).await?;
    let result = dispatch(&engine, cli.command, &db, cli.json).await;
    engine.close().await;
    result
}

async fn dispatch(engine: &Engine, command: Command, db: &std::path::Path, json: bool) -> Result<()> {
    match command {
        Command::Workspace { cmd } => match cmd {
            WorkspaceCmd::Create { name } => output::workspace(&engine.create_workspace(&name).await?, json),
            WorkspaceCmd::List => output::workspaces(&engine.list_workspaces().await?, json),
            WorkspaceCmd::Rename { name, new_name } => {
                let ws = engine.resolve_workspace(&name).await?;
                output::workspace(&engine.rename_workspace(ws.id, &new_name).await?, json)
            }
            WorkspaceCmd::Delete { name, yes } => {
                let ws = engine.resolve_workspace(&name).await?;
                if !yes {
                    return Err(EngineError::ConfirmationNeeded {
                        what: format!("deleting \"{}\" removes its {} leads for good", ws.name, ws.lead_count),
                    });
                }
                engine.delete_workspace(ws.id).await?;
                output::done(&format!("Deleted workspace \"{}\"", ws.name), json)
            }
        },
        Command::Campaign { cmd } => match cmd {
            CampaignCmd::Create { name, workspace, kind, description, keywords } => {
                let ws = engine.resolve_workspace(&workspace).await?;
                let input = CampaignInput {
                    name,
                    kind: CampaignKind::parse(&kind).unwrap_or(CampaignKind::ColdEmail),
                    keywords,
                    description: description.unwrap_or_default(),
                    context: ServiceContext::default(),
                };
                output::campaign(&engine.create_campaign(ws.id, &input).await?, json)
            }
            CampaignCmd::List { workspace, all } => {
                let ws = engine.resolve_workspace(&workspace).await?;
                output::campaigns(&engine.list_campaigns(ws.id, all).await?, json)
            }
            CampaignCmd::AddLeads { name, which } => {
                let req = CampaignLeadsRequest { workspace: which.workspace, campaign: name.clone(), search: which.search };
                output::campaign_leads("added", &name, &engine.add_leads_to_campaign(&req).await?, json)
            }
            CampaignCmd::RemoveLeads { name, which } => {
                let req = CampaignLeadsRequest { workspace: which.workspace, campaign: name.clone(), search: which.search };
                output::campaign_leads("removed", &name, &engine.remove_leads_from_campaign(&req).await?, json)
            }
        },
        Command::Inspect { file, sheet, header_row } => {
            let req = InspectRequest { path: path_text(&file), sheet, header_row };
            output::preview(&engine.inspect_file(req).await?, json)
        }
        Command::Import { file, workspace, campaign, map, sheet, header_row, detach } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            let campaign_id = match campaign {
                Some(name) => Some(engine.resolve_campaign(ws.id, &name).await?.id),
                None => None,
            };
            let inspect = InspectRequest { path: path_text(&file), sheet, header_row };
            if detach {
                let request = engine.plan_import(inspect, ws.id, campaign_id, map).await?;
                return output::job(&engine.get_job(engine.queue_import(request).await?.job_id).await?, json);
            }
            let started = engine.import_file(inspect, ws.id, campaign_id, map).await?;
            progress::follow_job(engine, started.job_id, json).await?;
            let report = engine.import_report(started.import_id, Some(20)).await?;
            let invalid = engine.import_invalid_rows(started.import_id).await?;
            output::import_report(&report, &invalid, json)
        }
        Command::Leads { cmd } => {
            let (workspace, search, limit) = match cmd {
                LeadsCmd::List { workspace, limit } => (workspace, None, limit),
                LeadsCmd::Search { query, workspace, limit } => (workspace, Some(query), limit),
            };
            let ws = match workspace {
                Some(name) => engine.resolve_workspace(&name).await?,
                None => engine.only_workspace().await?,
            };
            let query = LeadQuery {
                filter: LeadFilter { workspace_id: ws.id, search, ..Default::default() },
                limit: Some(limit),
                ..Default::default()
            };
            output::leads(&engine.lead_page(&query).await?, json)
        }
        Command::Jobs { cmd } => match cmd {
            JobsCmd::List => output::jobs(&engine.list_jobs(None).await?, json),
            JobsCmd::Show { id } => output::job(&engine.get_job(id).await?, json),
            JobsCmd::Cancel { id } => output::job(&engine.cancel_job(id).await?, json),
            JobsCmd::Pause { id } => output::job(&engine.pause_job(id).await?, json),
            JobsCmd::Resume { id } => {
                let ids = match id {
                    Some(id) => vec![engine.resume_job(id).await?.id],
                    None => engine.sweep_jobs().await?,
                };
                follow_jobs(engine, &ids, json).await
            }
            JobsCmd::Retry { id } => {
                engine.retry_failed_items(id).await?;
                follow_jobs(engine, &[id], json).await
            }
        },
        Command::Agent => agent::run(engine, db, json).await,
        Command::Demo => output::workspace(&engine.create_demo_workspace().await?, json),
        Command::Mcp => crate::mcp::serve(engine.clone()).await,
        Command::Enrich { campaign, offline, all, detach } => drafting::enrich(engine, campaign, offline, all, detach, json).await,
        Command::Template { cmd } => drafting::template(engine, cmd, json).await,
        Command::Sequence { cmd } => drafting::sequence(engine, cmd, json).await,
        Command::Draft { campaign, step, offline, detach } => drafting::draft(engine, campaign, step, offline, detach, json).await,
        Command::Review { cmd } => drafting::review(engine, cmd, json).await,
        Command::Providers { cmd } => ai::providers(engine, cmd, json).await,
        Command::Usage { month, workspace } => {
            let workspace_id = match workspace {
                Some(name) => Some(engine.resolve_workspace(&name).await?.id),
                None => None,
            };
            output::usage(&engine.usage_summary(month.as_deref(), workspace_id).await?, json)
        }
        Command::Budget { cmd } => ai::budget(engine, cmd, json).await,
        Command::Account { cmd } => sending::account(engine, cmd, json).await,
        Command::Send(args) => sending::send(engine, args, json).await,
        Command::Outbox(args) => sending::outbox(engine, args, json).await,
        Command::Sending { cmd } => sending::sending(engine, cmd, json).await,
        Command::Schedule { campaign } => sending::schedule(engine, campaign, json).await,
        Command::Suppress { entry, workspace, reason } => sending::suppress(engine, &entry, &workspace, reason, json).await,
        Command::Suppression { cmd } => sending::suppression(engine, cmd, json).await,
        Command::Compliance { cmd } => sending::compliance(engine, cmd, json).await,
        Command::Prices { cmd } => ai::prices(engine, cmd, json).await,
        Command::Inbox(inbox_args::InboxCommand { cmd }) => match cmd {
            inbox_args::InboxCmd::Classify { files } => match inbox::classify_files(&files, json) {
                0 => Ok(()),
                failed => Err(EngineError::Validation(format!("{failed} of the message files could not be read"))),
            },
            inbox_args::InboxCmd::Sync { workspace, account } => inbox::sync(engine, &workspace, account.as_deref(), json).await,
            inbox_args::InboxCmd::List { workspace, class, done, limit } => {
                inbox::list(engine, &workspace, class.as_deref(), done, limit, json).await
            }
            inbox_args::InboxCmd::Reply { id, body, body_file } => inbox::reply(engine, id, body, body_file, json).await,
        },
    }
}

/// Follows each job to its end, then prints them.
async fn follow_jobs(engine: &Engine, ids: &[i64], json: bool) -> Result<()> {
    for id in ids {
        progress::follow_job(engine, *id, json).await?;
    }
    output::jobs(&engine.list_jobs(None).await?.into_iter().filter(|j| ids.contains(&j.id)).collect::<Vec<_>>(), json)
}

fn path_text(p: &std::path::Path) -> String {
    p.display().to_string()
}
