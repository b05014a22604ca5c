//! AI drafting and AI enrichment against local servers speaking the providers' wire format: word limits
//! (one more try, then cut and flagged), malformed and empty answers, 429 and 500, follow-ups in the thread,
//! the lead's data delimited in the prompt, and the language check.

mod llm_support;

use llm_support::*;
use reach::api::drafting::{DraftRequest, EnrichmentMode};
use reach::api::imports::InspectRequest;
use reach::api::review::DraftFilter;
use reach::api::sequences::StepInput;
use reach::compose::qc::{Channel, QcCheck};
use reach::llm::{ProviderKind, Purpose};
use serde_json::{json, Value};
use wiremock::{MockServer, ResponseTemplate};

const KIND: ProviderKind = ProviderKind::Openai;

struct Setup {
    env: LlmEnv,
    workspace: i64,
    campaign: i64,
    server: MockServer,
}

async fn setup(csv: &str) -> Setup {
    let env = LlmEnv::new().await;
    let server = MockServer::start().await;
    let provider = env.provider("local", KIND, &base_url(KIND, &server)).await;
    env.route(Purpose::Draft, &[&provider]).await;
    env.route(Purpose::Research, &[&provider]).await;
    let workspace = env.workspace("Acme").await;
    let campaign = env
        .engine
        .create_campaign(
            workspace,
            &reach::api::campaigns::CampaignInput {
                name: "Launch".into(),
                kind: reach::api::campaigns::CampaignKind::ColdEmail,
                keywords: vec![],
                description: String::new(),
                context: reach::api::campaigns::ServiceContext { core_offer: "Data audits".into(), ..Default::default() },
            },
        )
        .await
        .unwrap()
        .id;
    let path = env.dir.path().join("leads.csv");
    std::fs::write(&path, csv).unwrap();
    let inspect = InspectRequest { path: path.display().to_string(), sheet: None, header_row: None };
    let started = env.engine.import_file(inspect, workspace, Some(campaign), Vec::new()).await.unwrap();
    env.engine.wait_for_job(started.job_id).await.unwrap();
    Setup { env, workspace, campaign, server }
}

const ONE_LEAD: &str = "email,first_name,company,title,country\nana@acme.com,Ana,Acme Analytics,CTO,US\n";

impl Setup {
    async fn ai_step(&self, step: i64, prompt: &str) {
        let input = StepInput {
            step,
            variant: String::new(),
            weight: 1,
            delay_days: if step > 1 { 2 } else { 0 },
            channel: Channel::Email,
            template_id: None,
            ai_prompt: Some(prompt.into()),
            article: None,
        };
        self.env.engine.add_sequence_step(self.campaign, &input).await.unwrap();
    }

    async fn draft(&self) -> reach::api::jobs::Job {
        let started =
            self.env.engine.draft_campaign(&DraftRequest { campaign_id: self.campaign, step: None, offline: false }, false).await.unwrap();
        self.env.engine.wait_for_job(started.job_id).await.unwrap()
    }

    async fn drafts(&self) -> Vec<reach::api::review::Draft> {
        self.env.engine.list_drafts(&DraftFilter { campaign_id: self.campaign, ..Default::default() }, 0, 100).await.unwrap().drafts
    }
}

/// A draft as the model streams it: drafting always streams, so the window can show the draft as it comes.
fn draft_answer(subject: &str, body: &str) -> ResponseTemplate {
    stream(KIND, &[&json!({ "subject": subject, "body": body }).to_string()])
}

fn words(n: usize) -> String {
    (0..n).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" ") + "."
}

fn user_prompt(body: &Value) -> String {
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_over_the_word_limit_is_asked_for_once_more_and_the_lead_stays_delimited() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "Mention their analytics stack.").await;
    let recorder = serve(
        &s.server,
        KIND,
        vec![draft_answer("Audit idea", &words(150)), draft_answer("Audit idea", &format!("Hi Ana, {}", words(80)))],
    )
    .await;
    let job = s.draft().await;
    assert_eq!((job.done, job.failed), (1, 0));
    assert_eq!(recorder.count(), 2, "one more try after an answer over the limit");
    let drafts = s.drafts().await;
    let d = &drafts[0];
    assert_eq!(d.subject, "Audit idea");
    assert!(d.body.starts_with("Hi Ana,"));
    assert_eq!(d.model.as_deref(), Some("local/m-answered"));
    assert!(!d.offline);
    let first = recorder.body(0);
    let prompt = user_prompt(&first);
    let data = prompt.split("<lead_data>").nth(1).and_then(|r| r.split("</lead_data>").next()).expect("the lead is delimited");
    assert!(
        data.contains("Acme Analytics") && !prompt.split("<lead_data>").next().unwrap().contains("Acme Analytics"),
        "lead data only inside the block"
    );
    assert!(
        first["messages"][0]["content"].as_str().unwrap_or("").contains("never an instruction"),
        "the system prompt says the block is data"
    );
    assert!(user_prompt(&recorder.body(1)).contains("the limit is 120"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_limit_twice_is_cut_and_flagged() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "Short.").await;
    serve(&s.server, KIND, vec![draft_answer("S", &words(150))]).await;
    s.draft().await;
    let d = &s.drafts().await[0];
    assert!(reach::compose::words::word_count(&d.body) <= 120, "cut to the limit");
    assert!(d.qc.iter().any(|r| r.check == QcCheck::Trimmed), "and flagged: {:?}", d.qc);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_repaired_and_server_errors_and_429_are_retried() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "Short.").await;
    let recorder = serve(
        &s.server,
        KIND,
        vec![
            error(KIND, 429, "slow down"),
            error(KIND, 500, "boom"),
            stream(KIND, &["Sure! Here is your email: Hi Ana"]),
            draft_answer("Idea", "Hi Ana, a short note about audits."),
        ],
    )
    .await;
    let job = s.draft().await;
    assert_eq!((job.done, job.failed), (1, 0), "{:?}", job.message);
    assert_eq!(recorder.count(), 4);
    assert_eq!(s.drafts().await[0].body, "Hi Ana, a short note about audits.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_answer_fails_the_item_with_a_clear_message() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "Short.").await;
    serve(&s.server, KIND, vec![draft_answer("S", "   ")]).await;
    let job = s.draft().await;
    assert_eq!((job.done, job.failed), (0, 1));
    let items = s.env.engine.job_items(job.id).await.unwrap();
    let error = items[0].error.clone().unwrap_or_default();
    assert!(error.contains("expected shape") && error.contains("/body"), "the blank body is named: {error}");
    assert!(s.drafts().await.is_empty(), "no silent bad draft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_is_written_as_a_reply_to_the_first_mail() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "First.").await;
    s.ai_step(2, "Follow up.").await;
    let recorder =
        serve(&s.server, KIND, vec![draft_answer("Audit idea", "Hi Ana, first mail body."), draft_answer("", "Ana, one more thought.")])
            .await;
    s.draft().await;
    let drafts = s.drafts().await;
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[1].subject, "Re: Audit idea");
    let follow = user_prompt(&recorder.body(1));
    assert!(follow.contains("<previous_message>") && follow.contains("Hi Ana, first mail body."), "{follow}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_in_another_language_than_the_leads_is_flagged() {
    let s = setup("email,first_name,company,country\nbo@shop.de,Bo,Brightshop,DE\n").await;
    s.ai_step(1, "Short.").await;
    let english = "Hello Bo, I noticed that your online shop has grown quickly this year and I wanted to share an idea about improving your data quality.";
    let recorder = serve(&s.server, KIND, vec![draft_answer("Idea", english)]).await;
    s.draft().await;
    assert!(user_prompt(&recorder.body(0)).contains("Write in German"), "the prompt asks for the lead's language");
    let d = &s.drafts().await[0];
    assert!(d.qc.iter().any(|r| r.check == QcCheck::Language), "{:?}", d.qc);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_enrichment_is_validated_and_saved_with_its_model() {
    let s = setup(ONE_LEAD).await;
    // An offline enrichment first: the AI one replaces it.
    let offline = s.env.engine.enrich_campaign(s.campaign, EnrichmentMode::Offline, false, false).await.unwrap();
    assert_eq!(s.env.engine.wait_for_job(offline.job_id).await.unwrap().done, 1);
    let answer = json!({
        "persona": "Data leader", "company_size": "51-200", "industry": "Analytics",
        "pain_points": ["slow dashboards"], "buying_triggers": ["new funding"], "confidence": 0.82
    });
    serve(&s.server, KIND, vec![ok(KIND, &answer.to_string())]).await;
    let started = s.env.engine.enrich_campaign(s.campaign, EnrichmentMode::Ai, false, false).await.unwrap();
    let job = s.env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!((job.done, job.failed), (1, 0));
    let lead = s.env.engine.lead_by_email(s.workspace, "ana@acme.com").await.unwrap();
    let e = s.env.engine.get_enrichment(lead.id).await.unwrap().expect("saved");
    assert_eq!((e.mode, e.fields.persona.as_str(), e.model.as_deref()), (EnrichmentMode::Ai, "Data leader", Some("local/m-answered")));
    assert!((e.fields.confidence - 0.82).abs() < 1e-9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_enrichment_that_is_not_the_json_asked_for_fails_the_lead() {
    let s = setup(ONE_LEAD).await;
    serve(&s.server, KIND, vec![ok(KIND, "I think Ana is a CTO.")]).await;
    let started = s.env.engine.enrich_campaign(s.campaign, EnrichmentMode::Ai, false, false).await.unwrap();
    let job = s.env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!((job.done, job.failed), (0, 1));
    let items = s.env.engine.job_items(job.id).await.unwrap();
    assert!(items[0].error.as_deref().unwrap_or("").to_lowercase().contains("json"), "{:?}", items[0].error);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_draft_is_written_by_retry_failed_and_nothing_is_doubled() {
    let s = setup("email,first_name,company\nana@acme.com,Ana,Acme\nbo@beta.com,Bo,Beta\n").await;
    s.ai_step(1, "Short.").await;
    serve(
        &s.server,
        KIND,
        vec![draft_answer("S", "Hi Ana, a note."), draft_answer("S", " "), draft_answer("S", " "), draft_answer("S", "Hi Bo, a note.")],
    )
    .await;
    let job = s.draft().await;
    assert_eq!((job.done, job.failed), (1, 1), "the empty answer failed its lead");
    let (_, again) = s.env.engine.retry_failed_items(job.id).await.unwrap();
    assert_eq!(again, 1);
    let job = s.env.engine.wait_for_job(job.id).await.unwrap();
    assert_eq!((job.done, job.failed), (2, 0), "{:?}", job.message);
    let bodies: Vec<String> = s.drafts().await.into_iter().map(|d| d.body).collect();
    assert_eq!(bodies, vec!["Hi Ana, a note.".to_string(), "Hi Bo, a note.".to_string()], "one draft per lead");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_draft_streams_to_listeners_as_it_is_written() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "Short.").await;
    let pieces = ["{\"subject\": \"Idea\", \"body\": \"Hi ", "Ana, a short ", "note.\"}"];
    serve(&s.server, KIND, vec![stream(KIND, &pieces)]).await;
    let mut events = s.env.engine.subscribe();
    let job = s.draft().await;
    assert_eq!((job.done, job.failed), (1, 0), "{:?}", job.message);
    let mut written = String::new();
    while let Ok(event) = events.try_recv() {
        if let reach::EngineEvent::DraftWriting(d) = event {
            assert_eq!((d.campaign_id, d.step), (s.campaign, 1));
            match d.chunk {
                reach::llm::StreamChunk::Delta { text } => written.push_str(&text),
                reach::llm::StreamChunk::Restart => written.clear(),
            }
        }
    }
    assert_eq!(written, pieces.concat(), "every piece reached the listeners, in order");
    assert_eq!(s.drafts().await[0].body, "Hi Ana, a short note.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_answers_whole_when_asked_to_stream_still_drafts() {
    let s = setup(ONE_LEAD).await;
    s.ai_step(1, "Short.").await;
    let whole = ok(KIND, &json!({ "subject": "Idea", "body": "Hi Ana, a note." }).to_string());
    let recorder = serve(&s.server, KIND, vec![whole]).await;
    let job = s.draft().await;
    assert_eq!((job.done, job.failed), (1, 0), "{:?}", job.message);
    assert_eq!(recorder.body(0)["stream"], true, "the draft was asked for as a stream");
    assert_eq!(s.drafts().await[0].body, "Hi Ana, a note.");
}
