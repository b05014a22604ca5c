//! A workspace ready to send: an engine on a manual clock with an in-memory keychain, a real SMTP server on
//! 127.0.0.1 (STARTTLS, AUTH) whose CA the engine trusts, leads imported into a campaign, a two-step sequence
//! drafted offline and approved, compliance set and a mailbox added.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reach::api::drafting::DraftRequest;
use reach::api::imports::InspectRequest;
use reach::api::outbox::{Attempt, AttemptStatus, OutboxQuery, SendReport};
use reach::api::review::{DraftFilter, ReviewAction, ReviewDecision};
use reach::api::sending::{AccountInput, CompliancePatch, SenderAccount};
use reach::api::sequences::StepInput;
use reach::api::templates::TemplateInput;
use reach::compose::qc::Channel;
use reach::secrets::SecretStore;
use reach::{Clock, Engine, EngineOptions, RunnerConfig};
use tempfile::TempDir;

use super::smtp::{SmtpOptions, SmtpServer};

pub const PASSWORD: &str = "s3cret-pass";

pub struct SendEnv {
    pub dir: TempDir,
    pub engine: Engine,
    pub clock: Clock,
    pub server: SmtpServer,
    pub workspace: i64,
    pub campaign: i64,
}

/// Monday 7 December 2026, 10:00 UTC.
pub fn monday_ten() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().with_timezone(&Utc)
}

impl SendEnv {
    /// `leads` is a CSV with at least an email column; every lead gets two steps, approved.
    pub async fn new(leads: &str) -> SendEnv {
        SendEnv::with_server(leads, SmtpServer::start(SmtpOptions::default().with_auth("sender@consult.example", PASSWORD))).await
    }

    pub async fn with_server(leads: &str, server: SmtpServer) -> SendEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Clock::manual(monday_ten());
        let options = EngineOptions {
            runner: RunnerConfig { lease: Duration::from_secs(30) },
            clock: clock.clone(),
            secrets: SecretStore::memory(),
            job_kinds: Vec::new(),
            smtp_ca: Some(server.ca_pem.clone()),
        };
        let engine = Engine::open_with(&dir.path().join("reach.db"), options).await.expect("engine opens");
        let workspace = engine.create_workspace("Acme").await.expect("workspace").id;
        let input = reach::api::campaigns::CampaignInput {
            name: "Launch".into(),
            kind: reach::api::campaigns::CampaignKind::ColdEmail,
            keywords: Vec::new(),
            description: String::new(),
            context: Default::default(),
        };
        let campaign = engine.create_campaign(workspace, &input).await.expect("campaign").id;
        let path = dir.path().join("leads.csv");
        std::fs::write(&path, leads).unwrap();
        let inspect = InspectRequest { path: path.display().to_string(), sheet: None, header_row: None };
        let started = engine.import_file(inspect, workspace, Some(campaign), Vec::new()).await.expect("import starts");
        engine.wait_for_job(started.job_id).await.expect("import ends");
        let env = SendEnv { dir, engine, clock, server, workspace, campaign };
        env.sequence().await;
        env.comply(CompliancePatch {
            physical_address: Some("Acme Consulting, 1 Main St, Springfield".into()),
            unsubscribe_mailto: Some("unsubscribe@consult.example".into()),
            unsubscribe_url: Some("https://consult.example/unsubscribe".into()),
            send_window: Some("00:00-23:59".into()),
            days: Some("mon-sun".into()),
            timezone: Some("UTC".into()),
            hold_without_consent: Some(false),
            ..Default::default()
        })
        .await;
        env
    }

    async fn sequence(&self) {
        let e = &self.engine;
        let intro = TemplateInput {
            name: "Intro".into(),
            category: String::new(),
            subject: "Quick idea for {{ company | default('your team') }}".into(),
            body: "Hi {{ first_name | default('there') }},\n\nA short note about your growth.".into(),
        };
        let nudge = TemplateInput {
            name: "Nudge".into(),
            category: String::new(),
            subject: String::new(),
            body: "Just bumping this, {{ first_name | default('there') }}.".into(),
        };
        for (step, template, delay) in [(1, intro, 0), (2, nudge, 3)] {
            let id = e.create_template(self.workspace, &template).await.expect("template").id;
            let input = StepInput {
                step,
                variant: String::new(),
                weight: 1,
                delay_days: delay,
                channel: Channel::Email,
                template_id: Some(id),
                ai_prompt: None,
                article: None,
            };
            e.add_sequence_step(self.campaign, &input).await.expect("step");
        }
        let started =
            e.draft_campaign(&DraftRequest { campaign_id: self.campaign, step: None, offline: true }, false).await.expect("drafting");
        e.wait_for_job(started.job_id).await.expect("drafted");
        let ids: Vec<i64> = e
            .list_drafts(&DraftFilter { campaign_id: self.campaign, ..Default::default() }, 0, 100_000)
            .await
            .unwrap()
            .drafts
            .iter()
            .map(|d| d.id)
            .collect();
        e.review_drafts(&ids, &ReviewDecision { action: ReviewAction::Approve, note: None }).await.expect("approved");
    }

    pub async fn comply(&self, patch: CompliancePatch) {
        self.engine.update_compliance(self.workspace, patch).await.expect("compliance saved");
    }

    /// A mailbox on the test server: no spacing, a generous cap, no ramp-up unless changed.
    pub fn account_input(&self) -> AccountInput {
        AccountInput {
            display_name: "Zoë Consultant".into(),
            email: "sender@consult.example".into(),
            smtp_host: self.server.host.clone(),
            smtp_port: self.server.port,
            smtp_security: reach::api::sending::Security::Starttls,
            smtp_username: Some("sender@consult.example".into()),
            imap_host: None,
            imap_port: None,
            imap_security: None,
            imap_username: None,
            daily_cap: 1000,
            ramp_start: 0,
            ramp_step: 0,
            min_spacing_secs: 0,
            jitter_secs: 0,
            signature: "Zoë\nAcme Consulting".into(),
        }
    }

    pub async fn add_account(&self, input: AccountInput, password: &str) -> SenderAccount {
        self.engine.add_sender_account(self.workspace, input, Some(password.to_string().into())).await.expect("account added")
    }

    pub async fn send(&self) -> SendReport {
        self.engine.send_campaign(self.campaign, None).await.expect("the outbox runs")
    }

    pub async fn attempts(&self) -> Vec<Attempt> {
        self.engine.outbox(self.campaign, OutboxQuery { limit: Some(5000), ..Default::default() }).await.expect("outbox").attempts
    }

    pub async fn attempt_to(&self, recipient: &str, step: i64) -> Attempt {
        self.attempts()
            .await
            .into_iter()
            .find(|a| a.recipient == recipient && a.step == step)
            .unwrap_or_else(|| panic!("an attempt of step {step} to {recipient}"))
    }

    pub async fn count(&self, status: AttemptStatus) -> usize {
        self.attempts().await.iter().filter(|a| a.status == status).count()
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }
}
