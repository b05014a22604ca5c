//! The sending commands: each converts its arguments, calls one engine method and prints.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::CampaignArg;
use super::output::done;
use super::sending_args::{
    AccountAddArgs, AccountCmd, ComplianceCmd, OutboxArgs, OutboxCmd, SecurityArg, SendArgs, SendingCmd, SuppressionCmd,
};
use super::sending_output as out;
use crate::api::inbox_sync::{ImapSettings, MailboxFolders};
use crate::api::outbox::{AttemptStatus, OutboxQuery};
use crate::api::sending::{AccountInput, CompliancePatch, MailPreset, Security};
use crate::error::{EngineError, Result};
use crate::events::EngineEvent;
use crate::Engine;

pub async fn account(engine: &Engine, cmd: AccountCmd, json: bool) -> Result<()> {
    match cmd {
        AccountCmd::Add(args) => {
            let ws = engine.resolve_workspace(&args.workspace).await?;
            let password = if args.password_stdin {
                Some(super::secret_input::secret_from_stdin("password", "--password-stdin", false)?)
            } else {
                None
            };
            let input = account_input(args)?;
            let account = engine.add_sender_account(ws.id, input, password).await?;
            out::account_added(&account, json)
        }
        AccountCmd::Test { address, workspace } => {
            let account = find_account(engine, workspace.as_deref(), &address).await?;
            out::connection(&account.settings.email, &engine.test_sender_account(account.id).await?, json)
        }
        AccountCmd::List { workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            out::accounts(&engine.list_sender_accounts(ws.id).await?, json)
        }
        AccountCmd::SetImap(args) => {
            let account = find_account(engine, args.workspace.as_deref(), &args.address).await?;
            let password = if args.password_stdin {
                Some(super::secret_input::secret_from_stdin("password", "--password-stdin", false)?)
            } else {
                None
            };
            let security = security_of(args.security);
            let port = args.imap_port.unwrap_or(if security == Security::Tls { 993 } else { 143 });
            let settings = ImapSettings { host: args.imap_host, port, security, username: args.username };
            let mut account = engine.set_account_imap(account.id, settings, password).await?;
            if args.sent_folder.is_some() || !args.folders.is_empty() {
                let sent_folder = match args.sent_folder.as_deref().map(str::trim) {
                    None => account.sent_folder.clone(),
                    Some(word) if word.eq_ignore_ascii_case("auto") => None,
                    Some(word) if word.eq_ignore_ascii_case("none") => Some(String::new()),
                    Some(name) => Some(name.to_string()),
                };
                let extra_folders = if args.folders.is_empty() { account.imap_extra_folders.clone() } else { args.folders };
                account = engine.set_mailbox_folders(account.id, MailboxFolders { sent_folder, extra_folders }).await?;
            }
            super::inbox_output::imap_set(&account, json)
        }
        AccountCmd::TestImap { address, workspace } => {
            let account = find_account(engine, workspace.as_deref(), &address).await?;
            super::inbox_output::imap_connection(&account.settings.email, &engine.test_account_imap(account.id).await?, json)
        }
        AccountCmd::Remove { address, workspace } => {
            let account = find_account(engine, workspace.as_deref(), &address).await?;
            engine.delete_sender_account(account.id).await?;
            done(&format!("Removed the sender account {} and its password", account.settings.email), json)
        }
    }
}

async fn find_account(engine: &Engine, workspace: Option<&str>, address: &str) -> Result<crate::api::sending::SenderAccount> {
    let workspace_id = match workspace {
        Some(name) => Some(engine.resolve_workspace(name).await?.id),
        None => None,
    };
    engine.find_sender_account(workspace_id, address).await
}

fn security_of(arg: SecurityArg) -> Security {
    match arg {
        SecurityArg::Starttls => Security::Starttls,
        SecurityArg::Tls => Security::Tls,
        SecurityArg::None => Security::None,
    }
}

fn account_input(args: AccountAddArgs) -> Result<AccountInput> {
    let preset = match &args.preset {
        Some(name) => Some(
            MailPreset::parse(name)
                .ok_or_else(|| EngineError::Validation(format!("\"{name}\" is not a preset; choose gmail, microsoft365 or fastmail")))?,
        ),
        None => None,
    }
    .map(MailPreset::info);
    let smtp_host = args.smtp_host.or_else(|| preset.as_ref().map(|p| p.smtp_host.to_string())).ok_or_else(|| {
        EngineError::Validation("the SMTP server is missing; give --smtp-host (and --smtp-port, --security) or --preset".into())
    })?;
    let security = match args.security {
        Some(arg) => security_of(arg),
        None => preset.as_ref().map_or(Security::Starttls, |p| p.smtp_security),
    };
    let default_port = match security {
        Security::Tls => 465,
        Security::Starttls => 587,
        Security::None => 25,
    };
    Ok(AccountInput {
        display_name: args.name.unwrap_or_default(),
        smtp_port: args.smtp_port.or(preset.as_ref().map(|p| p.smtp_port)).unwrap_or(default_port),
        smtp_host,
        smtp_security: security,
        smtp_username: Some(args.username.unwrap_or_else(|| args.email.clone())),
        imap_host: args.imap_host.or_else(|| preset.as_ref().map(|p| p.imap_host.to_string())),
        imap_port: args.imap_port.or(preset.as_ref().map(|p| p.imap_port)),
        imap_security: preset.as_ref().map(|p| p.imap_security).or(Some(Security::Tls)),
        imap_username: None,
        daily_cap: args.daily_cap.unwrap_or(AccountInput::DEFAULT_DAILY_CAP),
        ramp_start: args.ramp_start.unwrap_or(AccountInput::DEFAULT_RAMP_START),
        ramp_step: args.ramp_step.unwrap_or(AccountInput::DEFAULT_RAMP_STEP),
        min_spacing_secs: args.min_spacing_secs.unwrap_or(AccountInput::DEFAULT_SPACING_SECS),
        jitter_secs: args.jitter_secs.unwrap_or(AccountInput::DEFAULT_JITTER_SECS),
        signature: args.signature.unwrap_or_default(),
        email: args.email,
    })
}

pub async fn compliance(engine: &Engine, cmd: ComplianceCmd, json: bool) -> Result<()> {
    match cmd {
        ComplianceCmd::Show { workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            out::compliance(&engine.compliance_settings(ws.id).await?, json)
        }
        ComplianceCmd::Set(a) => {
            let ws = engine.resolve_workspace(&a.workspace).await?;
            let patch = CompliancePatch {
                physical_address: a.address,
                unsubscribe_mailto: a.unsubscribe_mailto,
                unsubscribe_url: a.unsubscribe_url,
                send_window: a.send_window,
                days: a.days,
                timezone: a.timezone,
                domain_daily_cap: a.domain_cap,
                hold_without_consent: a.hold_without_consent,
                bounce_pause_percent: a.bounce_limit,
                html_alternative: a.html_alternative,
                pause_company_on_reply: a.pause_company_on_reply,
                ..Default::default()
            };
            out::compliance(&engine.update_compliance(ws.id, patch).await?, json)
        }
    }
}

pub async fn suppress(engine: &Engine, entry: &str, workspace: &str, reason: Option<String>, json: bool) -> Result<()> {
    let ws = engine.resolve_workspace(workspace).await?;
    let added = engine.suppress(ws.id, entry, reason).await?;
    out::suppressed(&added, json)
}

pub async fn suppression(engine: &Engine, cmd: SuppressionCmd, json: bool) -> Result<()> {
    match cmd {
        SuppressionCmd::List { workspace, search } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            out::suppression(&engine.list_suppression(ws.id, search.as_deref()).await?, json)
        }
        SuppressionCmd::Import { file, workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            let bytes = std::fs::read(&file).map_err(|e| EngineError::Validation(format!("could not read {}: {e}", file.display())))?;
            out::suppression_import(&engine.import_suppression(ws.id, &bytes).await?, json)
        }
        SuppressionCmd::Export { file, workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            let csv = engine.export_suppression(ws.id).await?;
            std::fs::write(&file, csv).map_err(|source| EngineError::FileUnwritable { path: file.display().to_string(), source })?;
            done(&format!("Wrote the suppression list to {}", file.display()), json)
        }
        SuppressionCmd::Remove { entry, workspace } => {
            let ws = engine.resolve_workspace(&workspace).await?;
            let (kind, value) = crate::policy::parse_entry(&entry).map_err(|e| EngineError::Validation(e.to_string()))?;
            if !engine.unsuppress(ws.id, kind, &value).await? {
                return Err(EngineError::not_found(format!("{value} on the suppression list")));
            }
            done(&format!("{value} is off the suppression list"), json)
        }
    }
}

pub async fn send(engine: &Engine, args: SendArgs, json: bool) -> Result<()> {
    let campaign = engine.locate_campaign(args.campaign.workspace.as_deref(), &args.campaign.name).await?;
    if args.pause {
        let c = engine.pause_campaign_sending(campaign.id).await?;
        return done(&format!("Paused sending \"{}\"; queued mail waits until you send or launch it again", c.name), json);
    }
    if args.cancel_queue {
        let n = engine.cancel_campaign_queue(campaign.id).await?;
        return done(&format!("Cancelled {n} queued mails of \"{}\"", campaign.name), json);
    }
    let show = !json && std::io::stderr().is_terminal();
    let bar = if show { ProgressBar::new(0) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} mails")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut events = engine.subscribe();
    let sending = engine.send_campaign(campaign.id, args.dry_run.clone());
    tokio::pin!(sending);
    let report = loop {
        tokio::select! {
            report = &mut sending => break report?,
            event = events.recv() => {
                if let Ok(EngineEvent::JobProgress(p)) = event {
                    bar.set_length(p.job.total.max(0) as u64);
                    bar.set_position(p.job.done.max(0) as u64);
                }
            }
        }
    };
    bar.finish_and_clear();
    out::send_report(&campaign.name, &report, json)
}

pub async fn outbox(engine: &Engine, args: OutboxArgs, json: bool) -> Result<()> {
    match args.cmd {
        Some(OutboxCmd::Resolve { id, sent, not_sent }) => {
            let attempt = engine.resolve_attempt(id, sent && !not_sent).await?;
            return out::resolved(&attempt, json);
        }
        Some(OutboxCmd::Lookup { id }) => return super::inbox_output::sent_lookup(&engine.lookup_sent_copy(id).await?, json),
        None => {}
    }
    let name = args.campaign.ok_or_else(|| EngineError::Validation("name the campaign with --campaign NAME".into()))?;
    let campaign = engine.locate_campaign(args.workspace.as_deref(), &name).await?;
    let status = match args.status {
        Some(s) => Some(AttemptStatus::parse(s.trim()).ok_or_else(|| {
            EngineError::Validation(format!(
                "\"{s}\" is not an attempt state; choose one of {}",
                AttemptStatus::ALL.map(AttemptStatus::as_str).join(", ")
            ))
        })?),
        None => None,
    };
    let query = OutboxQuery { status, dry_run: args.dry_run, limit: Some(5000), offset: None };
    out::outbox(&campaign.name, &engine.outbox(campaign.id, query).await?, json)
}

pub async fn schedule(engine: &Engine, campaign: CampaignArg, json: bool) -> Result<()> {
    let campaign = engine.locate_campaign(campaign.workspace.as_deref(), &campaign.name).await?;
    out::schedule(&campaign.name, &engine.schedule_preview(campaign.id).await?, json)
}

pub async fn sending(engine: &Engine, cmd: SendingCmd, json: bool) -> Result<()> {
    let (workspace, pause) = match cmd {
        SendingCmd::PauseAll { workspace } => (workspace, true),
        SendingCmd::ResumeAll { workspace } => (workspace, false),
    };
    let ws = engine.resolve_workspace(&workspace).await?;
    let changed = if pause { engine.pause_all_sending(ws.id).await? } else { engine.resume_all_sending(ws.id).await? };
    let names = changed.iter().map(|c| format!("\"{}\"", c.name)).collect::<Vec<_>>().join(", ");
    let verb = if pause { "Paused" } else { "Resumed" };
    done(&format!("{verb} {} campaigns{}", changed.len(), if names.is_empty() { String::new() } else { format!(": {names}") }), json)
}
