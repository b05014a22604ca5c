//! Writes the values and error sentences the browser tests' engine mock answers with, taken from a real
//! engine on a temp database, to `ui/src/test/fixtures/engine.json`. `make check-bindings` regenerates it
//! with the TypeScript bindings and fails on a difference, so a changed engine message or DTO cannot leave
//! the mock saying something the engine no longer says. Times are set to one instant and temp paths to
//! `/home/me`, so the file changes only when the engine does.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::api::drafting::DraftRequest;
use crate::api::providers::ProviderInput;
use crate::api::review::{DraftFilter, ReviewAction, ReviewDecision, ReviewStatus};
use crate::api::sending::{AccountInput, CompliancePatch, Security};
use crate::api::sequences::StepInput;
use crate::api::templates::TemplateInput;
use crate::compose::qc::Channel;
use crate::error::{AppError, EngineError};
use crate::import::InspectRequest;
use crate::review::state::next_status;
use crate::secrets::SecretStore;
use crate::store::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use crate::store::leads::{LeadFilter, LeadQuery};
use crate::{Engine, RunnerConfig};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/test/fixtures/engine.json");
const INSTANT: &str = "2026-11-25T09:30:00Z";
const HOME: &str = "/home/me";
const MISSING_ID: i64 = 424242;

/// An engine error as the mock shows it, with the parts that vary named `{file}`, `{name}` or `{id}`.
fn error(e: EngineError, named: &[(&str, &str)]) -> Value {
    let AppError { code, message } = AppError::from(e);
    let message = named.iter().fold(message, |m, (value, name)| m.replace(value, &format!("{{{name}}}")));
    json!({ "code": code, "message": message })
}

/// Sets every time to one instant and every temp path under `/home/me`.
fn steady(value: Value, dir: &str) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if k.ends_with("_at") && v.is_string() { json!(INSTANT) } else { steady(v, dir) };
                    (k, v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| steady(v, dir)).collect()),
        Value::String(s) => Value::String(s.replace(dir, HOME)),
        other => other,
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("engine values serialize")
}

async fn import(engine: &Engine, path: &Path, workspace_id: i64, campaign_id: Option<i64>) -> crate::import::ImportReport {
    let inspect = InspectRequest { path: path.display().to_string(), sheet: None, header_row: None };
    let started = engine.import_file(inspect, workspace_id, campaign_id, vec![]).await.expect("the import starts");
    engine.wait_for_job(started.job_id).await.expect("the import job ends");
    engine.import_report(started.import_id, None).await.expect("the import has a report")
}

async fn fixtures(engine: &Engine, dir: &Path) -> Value {
    let ws = engine.create_workspace("Northwind outreach").await.unwrap();
    let context = ServiceContext {
        core_offer: "SEO audits for B2B SaaS".into(),
        key_differentiator: "Fixed price, two-week turnaround".into(),
        call_to_action: "Book a 15-minute call".into(),
        timeline: "Two weeks".into(),
        goal: "10 booked calls".into(),
        fallback_action: "Send the free checklist".into(),
    };
    let input = CampaignInput {
        name: "Q1 SaaS founders".into(),
        kind: CampaignKind::ColdEmail,
        keywords: vec!["saas".into(), "founders".into()],
        description: "Founders of B2B SaaS companies with 10–50 staff.".into(),
        context,
    };
    let campaign = engine.create_campaign(ws.id, &input).await.unwrap();

    let first = dir.join("leads.csv");
    std::fs::write(
        &first,
        "Email,First Name,Last Name,Company,Job Title,Country\n\
         ada@northwind.example,Ada,Lovelace,Northwind,Founder,GB\n\
         grace@globex.example,Grace,Hopper,Globex,CTO,US\n\
         bob@@example,Bob,Broken,Initech,Founder,US\n\
         ada@northwind.example,Ada,Again,Northwind,Founder,GB\n",
    )
    .unwrap();
    let first_report = import(engine, &first, ws.id, Some(campaign.id)).await;
    let second = dir.join("more-leads.csv");
    std::fs::write(&second, "Email,First Name\nalan@hooli.example,Alan\ngrace@globex.example,Grace\n").unwrap();
    let second_report = import(engine, &second, ws.id, None).await;
    let mut issue_reasons = Map::new();
    for issue in first_report.issues.iter().chain(&second_report.issues) {
        issue_reasons.entry(issue.kind.as_str()).or_insert_with(|| json!(issue.reason));
    }
    let preview = engine.inspect_file(InspectRequest { path: first.display().to_string(), sheet: None, header_row: None }).await.unwrap();
    let page = engine
        .lead_page(&LeadQuery { filter: LeadFilter { workspace_id: ws.id, ..Default::default() }, limit: Some(1), ..Default::default() })
        .await
        .unwrap();

    let pdf = dir.join("notes.pdf");
    let unsupported = engine.inspect_file(InspectRequest { path: pdf.display().to_string(), sheet: None, header_row: None }).await;
    let taken = engine.create_workspace("Northwind outreach").await;
    let provider = |name: &str, model: &str| -> ProviderInput {
        serde_json::from_value(json!({ "name": name, "preset": "openai", "base_url": "http://127.0.0.1:9/v1", "model": model })).unwrap()
    };
    // A provider whose key is not set is asked anyway, as the engine does, and refuses: 401.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST")).respond_with(wiremock::ResponseTemplate::new(401)).mount(&server).await;
    let keyless: ProviderInput = serde_json::from_value(
        json!({ "name": "OpenAI", "preset": "openai", "base_url": format!("{}/v1", server.uri()), "model": "gpt-4o-mini" }),
    )
    .unwrap();
    let openai = engine.add_provider(&keyless, None).await.unwrap();
    let missing = MISSING_ID.to_string();
    let finished_job = first_report.job.as_ref().expect("the import's job").id;
    let wrong_state = engine.pause_job(finished_job).await.unwrap_err();
    let errors = json!({
        "job_wrong_state": error(
            wrong_state,
            &[("queued or running", "allowed"), ("completed", "status"), ("paused", "action"), (&finished_job.to_string(), "id")]
        ),
        "unsupported_file": error(unsupported.unwrap_err(), &[("notes.pdf", "file")]),
        "workspace_name_taken": error(taken.unwrap_err(), &[("Northwind outreach", "name")]),
        "job_not_found": error(engine.get_job(MISSING_ID).await.unwrap_err(), &[(&missing, "id")]),
        "import_not_found": error(engine.import_report(MISSING_ID, None).await.unwrap_err(), &[(&missing, "id")]),
        "lead_not_found": error(engine.get_lead(MISSING_ID).await.unwrap_err(), &[(&missing, "id")]),
        "provider_name_missing": error(engine.add_provider(&provider(" ", "m"), None).await.unwrap_err(), &[]),
        "provider_model_missing": error(engine.add_provider(&provider("Groq", " "), None).await.unwrap_err(), &[]),
        "provider_name_taken": error(engine.add_provider(&provider("OpenAI", "m"), None).await.unwrap_err(), &[("OpenAI", "name")]),
        "provider_not_found": error(engine.get_provider(MISSING_ID).await.unwrap_err(), &[(&missing, "id")]),
        "provider_rejected_key": error(engine.test_provider(openai.id, None).await.unwrap_err(), &[("OpenAI", "name")]),
        "budget_invalid": error(engine.set_budget(ws.id, Some(-1.0)).await.unwrap_err(), &[]),
    });

    let sending = sending_fixtures(engine, ws.id, campaign.id).await;
    let drafting = drafting_fixtures(engine, ws.id, campaign.id).await;

    let values = json!({
        "workspace": to_json(&engine.get_workspace(ws.id).await.unwrap()),
        "campaign": to_json(&engine.get_campaign(campaign.id).await.unwrap()),
        "lead": to_json(&page.leads[0]),
        "job": to_json(&first_report.job),
        "import_summary": to_json(&first_report.import),
        "preview": to_json(&preview),
        "issue_reasons": issue_reasons,
        "errors": errors,
        "drafting": drafting,
        "sending": sending,
    });
    steady(values, &dir.display().to_string())
}

/// Drafting and review as the engine answers: a template, a step, an enrichment, drafts and a batch, the
/// variables the picker offers, and the refusals, each review transition's included.
async fn drafting_fixtures(engine: &Engine, workspace_id: i64, campaign_id: i64) -> Value {
    let template_input = |name: &str, body: &str| TemplateInput {
        name: name.into(),
        category: "First touch".into(),
        subject: "{Quick|Short} question about {{ company }}".into(),
        body: body.into(),
    };
    let template = engine
        .create_template(workspace_id, &template_input("SaaS intro", "{Hi|Hello} {{ first_name }},\n\n{{ opener }}\n\nBest,\nSam"))
        .await
        .unwrap();
    let step_input = StepInput {
        step: 0,
        variant: String::new(),
        weight: 1,
        delay_days: 0,
        channel: Channel::Email,
        template_id: Some(template.id),
        ai_prompt: None,
        article: None,
    };
    let step = engine.add_sequence_step(campaign_id, &step_input).await.unwrap();
    let campaign = engine.get_campaign(campaign_id).await.unwrap();
    let no_sequence =
        engine.create_campaign(workspace_id, &CampaignInput { name: "Empty".into(), ..campaign_input(&campaign) }).await.unwrap();
    let started = engine.draft_campaign(&DraftRequest { campaign_id, step: None, offline: true }, false).await.unwrap();
    engine.wait_for_job(started.job_id).await.unwrap();
    let page = engine.list_drafts(&DraftFilter { campaign_id, ..Default::default() }, 0, 10).await.unwrap();
    let draft = page.drafts[0].clone();
    let step_drafts = engine.delete_sequence_step(step.id, false).await.unwrap_err();
    let decide = |action| ReviewDecision { action, note: None };
    let rejected =
        engine.review_draft(draft.id, &ReviewDecision { action: ReviewAction::Reject, note: Some("Too generic".into()) }).await.unwrap();
    let id = draft.id.to_string();
    let mut refusals = Map::new();
    for from in ReviewStatus::ALL {
        for action in ReviewAction::ALL {
            if let Err(t) = next_status(from, action) {
                refusals.insert(format!("{}:{}", from.as_str(), action.as_str()), json!(format!("Draft {{id}}: {t}")));
            }
        }
    }
    let holed = engine.edit_draft(page.drafts[1].id, "Hi", "Hello {{ title }}").await.unwrap();
    let qc_refusal = engine.review_draft(holed.id, &decide(ReviewAction::Approve)).await.unwrap_err();
    let hole_message =
        holed.qc.iter().filter(|r| r.level == crate::compose::qc::QcLevel::Error).map(|r| r.message.clone()).collect::<Vec<_>>().join(" ");
    let batch = engine.create_review_batch(&DraftFilter { campaign_id, ..Default::default() }, "Monday").await.unwrap();
    let lead = engine.get_lead(draft.lead_id).await.unwrap();
    let syntax = engine.create_template(workspace_id, &template_input("Broken", "Hello {{ first_name }")).await.unwrap_err();
    let taken = engine.create_template(workspace_id, &template_input("SaaS intro", "x")).await.unwrap_err();
    let in_use = engine.delete_template(template.id).await.unwrap_err();
    let missing = MISSING_ID.to_string();
    json!({
        "template": to_json(&engine.get_template(template.id).await.unwrap()),
        "step": to_json(&engine.get_sequence_step(step.id).await.unwrap()),
        "enrichment": to_json(&engine.get_enrichment(lead.id).await.unwrap()),
        "variables": to_json(&engine.template_variables(workspace_id).await.unwrap()),
        "draft": to_json(&draft),
        "rejected_draft": to_json(&rejected),
        "holed_draft": to_json(&holed),
        "batch": to_json(&batch),
        "review_refusals": refusals,
        "errors": {
            "template_syntax": error(syntax, &[]),
            "template_name_taken": error(taken, &[("SaaS intro", "name")]),
            "template_not_found": error(engine.get_template(MISSING_ID).await.unwrap_err(), &[(&missing, "id")]),
            "template_in_use": error(in_use, &[("SaaS intro", "name"), ("\"Q1 SaaS founders\"", "campaigns")]),
            "step_has_drafts": error(step_drafts, &[("step 1 variant A", "step"), ("2", "count")]),
            "no_sequence": error(
                engine.draft_campaign(&DraftRequest { campaign_id: no_sequence.id, step: None, offline: true }, false).await.unwrap_err(),
                &[("Empty", "campaign")]
            ),
            "draft_not_found": error(engine.get_draft(MISSING_ID).await.unwrap_err(), &[(&missing, "id")]),
            "review_qc_error": error(qc_refusal, &[(&holed.id.to_string(), "id"), (&hole_message, "errors")]),
        },
        "draft_id": id,
    })
}

/// Sending as the engine answers before anything is approved: the mail presets, a mailbox, the compliance
/// defaults, what keeps a new campaign from launching, a suppression import with refused lines, and the
/// refusals of a plaintext server, an unknown time zone and an entry that is no address.
async fn sending_fixtures(engine: &Engine, workspace_id: i64, campaign_id: i64) -> Value {
    let launch_refused = engine.launch_campaign(campaign_id).await.unwrap_err();
    let preview = engine.schedule_preview(campaign_id).await.unwrap();
    let gmail = engine.mail_presets().into_iter().next().expect("a preset");
    let input = AccountInput {
        display_name: "Sam Carter".into(),
        email: "sam@northwind.example".into(),
        smtp_host: gmail.smtp_host.into(),
        smtp_port: gmail.smtp_port,
        smtp_security: gmail.smtp_security,
        smtp_username: Some("sam@northwind.example".into()),
        imap_host: Some(gmail.imap_host.into()),
        imap_port: Some(gmail.imap_port),
        imap_security: Some(gmail.imap_security),
        imap_username: None,
        daily_cap: AccountInput::DEFAULT_DAILY_CAP,
        ramp_start: AccountInput::DEFAULT_RAMP_START,
        ramp_step: AccountInput::DEFAULT_RAMP_STEP,
        min_spacing_secs: AccountInput::DEFAULT_SPACING_SECS,
        jitter_secs: AccountInput::DEFAULT_JITTER_SECS,
        signature: "Sam Carter\nNorthwind SEO".into(),
    };
    let plaintext = AccountInput { smtp_security: Security::None, ..input.clone() };
    let plaintext_refused = engine.add_sender_account(workspace_id, plaintext, None).await.unwrap_err();
    engine.add_sender_account(workspace_id, input, Some("app password".to_string().into())).await.unwrap();
    let account = engine.list_sender_accounts(workspace_id).await.unwrap().remove(0);
    let compliance = engine.compliance_settings(workspace_id).await.unwrap();
    let bad_zone = CompliancePatch { timezone: Some("Mars/Olympus".into()), ..Default::default() };
    let timezone_refused = engine.update_compliance(workspace_id, bad_zone).await.unwrap_err();
    let entry_refused = engine.suppress(workspace_id, "not an address", None).await.unwrap_err();
    let file =
        "email,reason\nold@client.example,asked to stop\n@competitor.example,competitor\nnot an address,typo\nold@client.example,again\n";
    let imported = engine.import_suppression(workspace_id, file.as_bytes()).await.unwrap();
    json!({
        "presets": to_json(&engine.mail_presets()),
        "account": to_json(&account),
        "compliance": to_json(&compliance),
        "blocked_preview": to_json(&preview),
        "suppression_import": to_json(&imported),
        "suppression": to_json(&engine.list_suppression(workspace_id, None).await.unwrap()),
        "errors": {
            "launch_refused": error(launch_refused, &[("Q1 SaaS founders", "name")]),
            "plaintext_refused": error(plaintext_refused, &[]),
            "timezone_refused": error(timezone_refused, &[("Mars/Olympus", "zone")]),
            "entry_refused": error(entry_refused, &[("not an address", "entry")]),
        },
    })
}

fn campaign_input(c: &crate::store::campaigns::Campaign) -> CampaignInput {
    CampaignInput {
        name: c.name.clone(),
        kind: c.kind,
        keywords: c.keywords.clone(),
        description: c.description.clone(),
        context: c.context.clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_bindings_writes_the_ui_fixtures_from_a_real_engine() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open_with_secrets(&dir.path().join("reach.db"), RunnerConfig::default(), SecretStore::memory()).await.unwrap();
    let values = fixtures(&engine, dir.path()).await;
    engine.close().await;
    for (key, e) in values["errors"].as_object().unwrap() {
        assert!(!e["message"].as_str().unwrap().contains(HOME), "{key}: an error sentence names no temp path: {e}");
    }
    std::fs::create_dir_all(Path::new(FIXTURES).parent().unwrap()).unwrap();
    std::fs::write(FIXTURES, serde_json::to_string_pretty(&values).unwrap() + "\n").unwrap();
}
