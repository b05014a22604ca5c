//! Drafting and review through the engine on a real database: offline drafting end to end, drafting again,
//! holes that block approval, the review state machine, regeneration history, step deletion, batches and
//! their export read back.

mod common;

use common::TestEnv;
use reach::api::batches::ExportFormat;
use reach::api::drafting::{DraftRequest, EnrichmentMode};
use reach::api::imports::InspectRequest;
use reach::api::review::{DraftFilter, QcFilter, ReviewAction, ReviewDecision, ReviewStatus};
use reach::api::sequences::StepInput;
use reach::api::templates::TemplateInput;
use reach::compose::qc::{Channel, QcCheck, QcLevel};
use reach::ErrorCode;

const LEADS: &str = "email,first_name,last_name,company,title,website,country,Industry,Employees
ana@acme-analytics.com,Ana,Lopez,Acme Analytics,CTO,https://acme-analytics.com,ES,Software,45
bo@brightshop.de,Bo,Keller,Brightshop,Head of Marketing,https://brightshop.de,DE,Retail,120
cy@nocompany.io,,,,,,,,
";

struct Setup {
    env: TestEnv,
    workspace: i64,
    campaign: i64,
}

async fn setup(leads: &str) -> Setup {
    let env = TestEnv::new().await;
    let workspace = env.workspace("Acme").await;
    let campaign = env.campaign(workspace, "Launch").await;
    let path = env.file("leads.csv", leads);
    let inspect = InspectRequest { path: path.display().to_string(), sheet: None, header_row: None };
    let started = env.engine.import_file(inspect, workspace, Some(campaign), Vec::new()).await.expect("import starts");
    env.engine.wait_for_job(started.job_id).await.expect("import ends");
    Setup { env, workspace, campaign }
}

impl Setup {
    async fn template(&self, name: &str, subject: &str, body: &str) -> i64 {
        let input = TemplateInput { name: name.into(), category: "Intro".into(), subject: subject.into(), body: body.into() };
        self.env.engine.create_template(self.workspace, &input).await.expect("template saved").id
    }

    async fn step(&self, template_id: i64, step: i64, variant: &str, weight: i64) -> i64 {
        let input = StepInput {
            step,
            variant: variant.into(),
            weight,
            delay_days: if step > 1 { 3 } else { 0 },
            channel: Channel::Email,
            template_id: Some(template_id),
            ai_prompt: None,
            article: None,
        };
        self.env.engine.add_sequence_step(self.campaign, &input).await.expect("step added").id
    }

    async fn draft_offline(&self) -> reach::api::jobs::Job {
        let started = self
            .env
            .engine
            .draft_campaign(&DraftRequest { campaign_id: self.campaign, step: None, offline: true }, false)
            .await
            .expect("drafting starts");
        self.env.engine.wait_for_job(started.job_id).await.expect("drafting ends")
    }

    async fn drafts(&self, filter: DraftFilter) -> Vec<reach::api::review::Draft> {
        self.env.engine.list_drafts(&DraftFilter { campaign_id: self.campaign, ..filter }, 0, 1000).await.expect("drafts").drafts
    }

    async fn draft_of(&self, email: &str, step: i64) -> reach::api::review::Draft {
        self.drafts(DraftFilter { step: Some(step), ..Default::default() })
            .await
            .into_iter()
            .find(|d| d.lead_email.as_deref() == Some(email))
            .unwrap_or_else(|| panic!("a step {step} draft for {email}"))
    }
}

fn decide(action: ReviewAction, note: Option<&str>) -> ReviewDecision {
    ReviewDecision { action, note: note.map(str::to_string) }
}

const BODY: &str = "{Hi|Hello|Hey} {{ first_name | default(\"there\") }},\n\n{{ opener }}\n\nWe help {{ industry }} teams {win more|grow {faster|steadily}}.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_drafting_writes_one_draft_per_lead_and_step_and_never_duplicates() {
    let s = setup(LEADS).await;
    let intro = s.template("Intro", "Quick idea for {{ company | default('your team') }}", BODY).await;
    let nudge = s.template("Nudge", "", "Just bumping this, {{ first_name | default(\"there\") }}.").await;
    s.step(intro, 0, "", 1).await;
    s.step(nudge, 0, "", 1).await;

    let job = s.draft_offline().await;
    assert_eq!((job.done, job.failed), (6, 0), "three leads × two steps");
    let drafts = s.drafts(DraftFilter::default()).await;
    assert_eq!(drafts.len(), 6);
    assert!(drafts.iter().all(|d| d.offline && d.status == ReviewStatus::Pending && d.version == 1));
    for d in &drafts {
        assert!(!d.body.contains('{') && !d.body.contains('|'), "spintax resolved, no variable left: {}", d.body);
    }
    let ana = s.draft_of("ana@acme-analytics.com", 1).await;
    assert_eq!(ana.subject, "Quick idea for Acme Analytics");
    assert!(ana.body.contains("Ana,"), "{}", ana.body);
    let cy = s.draft_of("cy@nocompany.io", 1).await;
    assert_eq!(cy.subject, "Quick idea for your team", "the fallback covers a lead with almost no data");
    assert!(cy.body.contains("there,"), "{}", cy.body);
    let follow_up = s.draft_of("ana@acme-analytics.com", 2).await;
    assert_eq!(follow_up.subject, "Re: Quick idea for Acme Analytics", "a follow-up with no subject replies in the thread");

    // Every lead was enriched offline on the way, and its enrollment moved on.
    let lead = s.env.engine.lead_by_email(s.workspace, "bo@brightshop.de").await.unwrap();
    let enrichment = s.env.engine.get_enrichment(lead.id).await.unwrap().expect("enriched offline while drafting");
    assert_eq!(enrichment.mode, EnrichmentMode::Offline);
    let enrollments = s.env.engine.lead_enrollments(lead.id).await.unwrap();
    assert_eq!(enrollments[0].stage.as_str(), "drafted");

    // Drafting again writes nothing new: a lead has one draft per step.
    let again = s.draft_offline().await;
    assert_eq!(again.total, 0);
    assert_eq!(s.drafts(DraftFilter::default()).await.len(), 6);
    let same = s.draft_of("ana@acme-analytics.com", 1).await;
    assert_eq!((same.id, &same.body), (ana.id, &ana.body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variants_are_spread_by_weight_and_kept_per_lead() {
    let mut csv = String::from("email,first_name,company\n");
    for i in 0..200 {
        csv.push_str(&format!("p{i}@firm{i}.com,P{i},Firm {i}\n"));
    }
    let s = setup(&csv).await;
    let a = s
        .template(
            "A",
            "Idea for {{ company }}",
            "Hi {{ first_name }}, {{ opener }} We help finance teams close their books faster every month.",
        )
        .await;
    let b = s.template("B", "{{ first_name }}, a question", "Hello {{ first_name }}, {{ opener }}").await;
    s.step(a, 1, "A", 3).await;
    s.step(b, 1, "B", 1).await;
    s.draft_offline().await;
    let drafts = s.drafts(DraftFilter::default()).await;
    let got_a = drafts.iter().filter(|d| d.variant == "A").count();
    assert_eq!(drafts.len(), 200);
    assert!((120..180).contains(&got_a), "A has three quarters of the weight: {got_a} of 200");
    for d in &drafts {
        let repeated = d.qc.iter().any(|r| r.check == QcCheck::RepeatedText);
        assert_eq!(repeated, d.variant == "A", "the sentence every A draft shares is flagged, and only there: {:?}", d.qc);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_variable_is_a_visible_hole_that_blocks_approval_until_fixed() {
    let s = setup(LEADS).await;
    let t = s.template("Titled", "For {{ company | default('you') }}", "Hi, as {{ title }} you know the drill. {{ opener }}").await;
    s.step(t, 0, "", 1).await;
    s.draft_offline().await;

    let cy = s.draft_of("cy@nocompany.io", 1).await;
    assert!(cy.body.contains("{{ title }}"), "the hole is never stripped silently: {}", cy.body);
    assert!(cy.qc.iter().any(|r| r.check == QcCheck::UnresolvedVariable && r.level == QcLevel::Error), "{:?}", cy.qc);
    let refused = s.env.engine.review_draft(cy.id, &decide(ReviewAction::Approve, None)).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Conflict);
    assert!(refused.to_string().contains("QC errors"), "{refused}");
    let errors = s.drafts(DraftFilter { qc: Some(QcFilter::Errors), ..Default::default() }).await;
    assert_eq!(errors.iter().map(|d| d.id).collect::<Vec<_>>(), vec![cy.id], "the QC filter finds it");

    let fixed = s.env.engine.edit_draft(cy.id, &cy.subject, "Hi, as a founder you know the drill.").await.unwrap();
    assert_eq!(fixed.original_body.as_deref(), Some(cy.body.as_str()), "the text as written is kept");
    assert_eq!(fixed.qc_errors, 0);
    let approved = s.env.engine.review_draft(cy.id, &decide(ReviewAction::Approve, None)).await.unwrap();
    assert_eq!(approved.status, ReviewStatus::Approved);
    let lead = s.env.engine.lead_by_email(s.workspace, "cy@nocompany.io").await.unwrap();
    assert_eq!(s.env.engine.lead_enrollments(lead.id).await.unwrap()[0].stage.as_str(), "approved");
    let edit_after = s.env.engine.edit_draft(cy.id, "x", "y").await.unwrap_err();
    assert_eq!(edit_after.code(), ErrorCode::Conflict, "an approved draft is locked: {edit_after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_decisions_follow_the_state_machine_and_regeneration_keeps_history() {
    let s = setup(LEADS).await;
    let t = s.template("Intro", "Idea for {{ company | default('you') }}", BODY).await;
    s.step(t, 0, "", 1).await;
    s.draft_offline().await;
    let ana = s.draft_of("ana@acme-analytics.com", 1).await;
    let engine = &s.env.engine;

    let rejected = engine.review_draft(ana.id, &decide(ReviewAction::Reject, Some("too generic"))).await.unwrap();
    assert_eq!((rejected.status, rejected.review_note.as_deref()), (ReviewStatus::Rejected, Some("too generic")));
    let refused = engine.review_draft(ana.id, &decide(ReviewAction::Approve, None)).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Conflict, "a rejected draft is reopened before it is approved: {refused}");
    engine.review_draft(ana.id, &decide(ReviewAction::Reopen, None)).await.unwrap();
    engine.review_draft(ana.id, &decide(ReviewAction::RequestRegeneration, Some("mention their analytics"))).await.unwrap();
    assert_eq!(engine.review_counts(s.campaign).await.unwrap().needs_regeneration, 1);

    let job = engine.regenerate_requested(s.campaign, true).await.unwrap();
    let job = engine.wait_for_job(job.job_id).await.unwrap();
    assert_eq!((job.done, job.failed), (1, 0));
    let regenerated = engine.get_draft(ana.id).await.unwrap();
    assert_eq!((regenerated.status, regenerated.version), (ReviewStatus::Regenerated, 2));
    let history = engine.draft_versions(ana.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].version, history[0].body.as_str()), (1, ana.body.as_str()));
    assert_eq!(history[0].instruction.as_deref(), Some("mention their analytics"));

    let again = engine.regenerate_draft(ana.id, Some("shorter"), false).await.unwrap();
    assert_eq!(again.version, 3);
    assert_eq!(engine.draft_versions(ana.id).await.unwrap().len(), 2, "every earlier version is kept");
    let approved = engine.review_draft(ana.id, &decide(ReviewAction::Approve, None)).await.unwrap();
    assert_eq!(approved.status, ReviewStatus::Approved);

    let all = engine.approve_all_passing(&DraftFilter { campaign_id: s.campaign, ..Default::default() }).await.unwrap();
    assert_eq!(all.changed, 2, "the other two waiting drafts pass QC");
    assert_eq!(engine.review_counts(s.campaign).await.unwrap().approved, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_who_unsubscribed_is_never_approved() {
    let s = setup(LEADS).await;
    let t = s.template("Intro", "Idea for {{ company | default('you') }}", BODY).await;
    s.step(t, 0, "", 1).await;
    s.draft_offline().await;
    let bo = s.draft_of("bo@brightshop.de", 1).await;
    s.env.engine.mark_person_fact(bo.lead_id, reach::api::enrollments::PersonFact::Unsubscribed).await.unwrap();
    let refused = s.env.engine.review_draft(bo.id, &decide(ReviewAction::Approve, None)).await.unwrap_err();
    assert!(refused.to_string().contains("stopped") || refused.to_string().contains("unsubscribed"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_step_with_drafts_waiting_asks_first_and_then_rejects_them() {
    let s = setup(LEADS).await;
    let t = s.template("Intro", "Idea", BODY).await;
    let step = s.step(t, 0, "", 1).await;
    s.draft_offline().await;
    let asked = s.env.engine.delete_sequence_step(step, false).await.unwrap_err();
    assert_eq!(asked.code(), ErrorCode::ConfirmationNeeded, "{asked}");
    assert!(asked.to_string().contains("3 drafts"), "{asked}");
    assert_eq!(s.env.engine.delete_sequence_step(step, true).await.unwrap(), 3);
    let drafts = s.drafts(DraftFilter::default()).await;
    assert!(drafts
        .iter()
        .all(|d| d.status == ReviewStatus::Rejected && d.review_note.as_deref() == Some("Its sequence step was deleted.")));
    let in_use = s.template("Other", "x", "y {{ opener }}").await;
    s.step(in_use, 0, "", 1).await;
    let refused = s.env.engine.delete_template(in_use).await.unwrap_err();
    assert!(refused.to_string().contains("\"Launch\""), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_with_a_syntax_error_is_refused_with_its_place_and_nothing_is_drafted() {
    let s = setup(LEADS).await;
    let bad = TemplateInput {
        name: "Bad".into(),
        category: String::new(),
        subject: "Hi".into(),
        body: "Line one\nHello {{ first_name }\n".into(),
    };
    let err = s.env.engine.create_template(s.workspace, &bad).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("line 2"), "{err}");
    let unbalanced = TemplateInput { body: "{Hi|Hello there".into(), ..bad.clone() };
    let err = s.env.engine.create_template(s.workspace, &unbalanced).await.unwrap_err();
    assert!(err.to_string().contains("line 1"), "{err}");
    let none = s.env.engine.draft_campaign(&DraftRequest { campaign_id: s.campaign, step: None, offline: true }, false).await.unwrap_err();
    assert!(none.to_string().contains("no sequence"), "{none}");
    let check = s.env.engine.check_template(s.workspace, "Hi {{ compnay }}", "{{ employees }} {{ opener }}").await.unwrap();
    assert_eq!(check.unknown_variables, vec!["compnay".to_string()], "custom columns are known by their header");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_variables_that_render_empty_are_listed_with_their_leads() {
    let s = setup(LEADS).await;
    let empty =
        s.env.engine.empty_variables(s.campaign, "Hi {{ first_name | default('there') }}", "{{ title }} at {{ company }}").await.unwrap();
    let title = empty.iter().find(|e| e.name == "title").expect("title is missing for one lead");
    assert_eq!((title.holes, title.examples.clone()), (1, vec!["cy@nocompany.io".to_string()]));
    let first = empty.iter().find(|e| e.name == "first_name").expect("first_name falls back for one lead");
    assert_eq!((first.holes, first.fallbacks), (0, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_is_frozen_reviewed_and_its_approved_items_exported_and_read_back() {
    let s = setup(LEADS).await;
    let t = s.template("Intro", "Idea for {{ company | default('you') }}", BODY).await;
    s.step(t, 0, "", 1).await;
    s.draft_offline().await;
    let engine = &s.env.engine;
    let batch = engine.create_review_batch(&DraftFilter { campaign_id: s.campaign, ..Default::default() }, "Monday").await.unwrap();
    assert_eq!((batch.items, batch.pending), (3, 3));
    let items = engine.review_batch_items(batch.id).await.unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i.snapshot.qc_at_freeze == i.draft.qc && i.snapshot.version_at_freeze == 1));
    engine.review_draft(items[0].draft.id, &decide(ReviewAction::Approve, None)).await.unwrap();
    engine.review_draft(items[1].draft.id, &decide(ReviewAction::Approve, None)).await.unwrap();
    engine.review_draft(items[2].draft.id, &decide(ReviewAction::RequestRegeneration, Some("warmer"))).await.unwrap();
    let stats = engine.get_review_batch(batch.id).await.unwrap();
    assert_eq!((stats.approved, stats.needs_regeneration, stats.pending), (2, 1, 0));

    let json_path = s.env.dir.path().join("approved.json");
    assert_eq!(engine.export_approved(s.campaign, Some(batch.id), ExportFormat::Json, &json_path).await.unwrap(), 2);
    let exported: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let ids: Vec<i64> = exported.iter().map(|d| d["draft_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![items[0].draft.id, items[1].draft.id]);
    assert_eq!(exported[0]["body"], items[0].draft.body);

    let csv_path = s.env.dir.path().join("approved.csv");
    engine.export_approved(s.campaign, Some(batch.id), ExportFormat::Csv, &csv_path).await.unwrap();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][9], items[0].draft.body.as_str(), "the body survives the CSV round trip");
}
