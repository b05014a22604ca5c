//! Enrollments: a lead in any number of campaigns, imports that enroll the people a workspace already has,
//! adding and removing leads by filter, and facts about a person that stop every campaign they are in.

mod common;

use common::{path_text, TestEnv};
use reach::api::enrollments::CampaignLeadsRequest;
use reach::api::enrollments::{EnrollmentStage, PersonFact, StopReason};
use reach::api::imports::ImportSummary;
use reach::api::jobs::JobStatus;
use reach::api::leads::{Lead, LeadFilter, LeadQuery};
use reach::api::leads::{LeadBulkAction, LeadBulkRequest};
use reach::import::{ImportRequest, InspectRequest};

/// Imports `path` into the campaign and waits; returns the finished import.
async fn import_into(env: &TestEnv, ws: i64, campaign: i64, path: &std::path::Path) -> ImportSummary {
    let preview = env.engine.inspect_file(InspectRequest { path: path_text(path), ..Default::default() }).await.unwrap();
    let started = env
        .engine
        .start_import(ImportRequest {
            workspace_id: ws,
            path: path_text(path),
            sheet: None,
            header_row: Some(preview.header_row),
            mapping: preview.suggested_mapping,
            campaign_id: Some(campaign),
        })
        .await
        .unwrap();
    let job = env.engine.wait_for_job(started.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Completed, "{:?}", job.message);
    env.engine.import_report(started.import_id, None).await.unwrap().import
}

async fn campaign_leads(env: &TestEnv, ws: i64, campaign: i64) -> Vec<Lead> {
    let q = LeadQuery {
        filter: LeadFilter { workspace_id: ws, campaign_id: Some(campaign), ..Default::default() },
        limit: Some(1000),
        ..Default::default()
    };
    env.engine.lead_page(&q).await.unwrap().leads
}

async fn lead_by_email(env: &TestEnv, ws: i64, email: &str) -> Lead {
    let q = LeadQuery { filter: LeadFilter { workspace_id: ws, search: Some(email.into()), ..Default::default() }, ..Default::default() };
    let page = env.engine.lead_page(&q).await.unwrap();
    page.leads.into_iter().find(|l| l.email.as_deref() == Some(email)).expect("the lead exists")
}

#[tokio::test]
async fn the_same_file_imported_into_two_campaigns_enrolls_every_valid_row_in_both() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let (q1, q2) = (env.campaign(ws, "Q1").await, env.campaign(ws, "Q2").await);
    let path = env.file("people.csv", "email,name\nann@x.com,Ann\nbob@x.com,Bob\nnot-an-address,Bad\nann@x.com,Ann again\ncy@y.com,Cy\n");

    let first = import_into(&env, ws, q1, &path).await;
    assert_eq!((first.imported, first.duplicates_in_file, first.invalid, first.added_from_workspace), (3, 1, 1, 0));
    let second = import_into(&env, ws, q2, &path).await;
    assert_eq!(second.imported, 0, "no lead is written twice");
    assert_eq!(second.duplicates_in_workspace, 4, "every valid row's person was already in the workspace");
    assert_eq!(second.added_from_workspace, 3, "each person already in the workspace is added to the campaign once");

    for campaign in [q1, q2] {
        let mut emails: Vec<String> = campaign_leads(&env, ws, campaign).await.into_iter().filter_map(|l| l.email).collect();
        emails.sort();
        assert_eq!(emails, ["ann@x.com", "bob@x.com", "cy@y.com"], "campaign {campaign} holds every valid row");
        assert_eq!(env.engine.get_campaign(campaign).await.unwrap().lead_count, 3, "a campaign's lead count is its enrollments");
    }
    assert_eq!(env.emails(ws).await.len(), 3, "the workspace still has each person once");
    let ann = lead_by_email(&env, ws, "ann@x.com").await;
    assert_eq!(ann.campaigns, 2);
    let enrollments = env.engine.lead_enrollments(ann.id).await.unwrap();
    assert_eq!(enrollments.iter().map(|e| e.campaign_name.as_str()).collect::<Vec<_>>(), ["Q1", "Q2"]);
    assert!(enrollments.iter().all(|e| e.stage == EnrollmentStage::Enrolled && e.step == 0 && e.stop_reason.is_none()));

    let report = env.engine.import_report(second.id, None).await.unwrap();
    assert!(
        report.issues.iter().any(|i| i.line == 2 && i.reason == "ann@x.com is already in this workspace; added to the campaign"),
        "the report says which rows joined the campaign: {:?}",
        report.issues
    );
    let again = import_into(&env, ws, q2, &path).await;
    assert_eq!(again.added_from_workspace, 0, "people already in the campaign are not counted as added");
}

#[tokio::test]
async fn a_lead_marked_hard_bounced_is_stopped_in_every_campaign() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let (q1, q2, q3) = (env.campaign(ws, "Q1").await, env.campaign(ws, "Q2").await, env.campaign(ws, "Q3").await);
    let path = env.file("p.csv", "email\nann@x.com\nbob@x.com\n");
    for c in [q1, q2, q3] {
        import_into(&env, ws, c, &path).await;
    }
    let ann = lead_by_email(&env, ws, "ann@x.com").await;
    let stopped = env.engine.mark_person_fact(ann.id, PersonFact::HardBounced).await.unwrap();
    assert_eq!(stopped, 3);
    let ann = env.engine.get_lead(ann.id).await.unwrap();
    assert!(ann.hard_bounced_at.is_some(), "the fact is on the person");
    for e in env.engine.lead_enrollments(ann.id).await.unwrap() {
        assert_eq!((e.stage, e.stop_reason), (EnrollmentStage::Stopped, Some(StopReason::Bounced)), "{}", e.campaign_name);
    }
    let bob = lead_by_email(&env, ws, "bob@x.com").await;
    assert!(env.engine.lead_enrollments(bob.id).await.unwrap().iter().all(|e| e.stage == EnrollmentStage::Enrolled), "others go on");

    let q = LeadQuery {
        filter: LeadFilter { workspace_id: ws, campaign_id: Some(q2), stages: Some(vec![EnrollmentStage::Stopped]), ..Default::default() },
        ..Default::default()
    };
    let page = env.engine.lead_page(&q).await.unwrap();
    assert_eq!(
        page.leads.iter().map(|l| (l.id, l.stage, l.stop_reason)).collect::<Vec<_>>(),
        [(ann.id, Some(EnrollmentStage::Stopped), Some(StopReason::Bounced))]
    );
}

#[tokio::test]
async fn a_reply_in_one_campaign_stops_the_others_and_an_unsubscribe_stops_all() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let (q1, q2) = (env.campaign(ws, "Q1").await, env.campaign(ws, "Q2").await);
    let path = env.file("p.csv", "email\nann@x.com\nbob@x.com\n");
    import_into(&env, ws, q1, &path).await;
    import_into(&env, ws, q2, &path).await;
    let ann = lead_by_email(&env, ws, "ann@x.com").await;
    assert_eq!(env.engine.mark_person_fact(ann.id, PersonFact::Replied { campaign_id: q1 }).await.unwrap(), 1);
    let stages: Vec<_> =
        env.engine.lead_enrollments(ann.id).await.unwrap().into_iter().map(|e| (e.campaign_id, e.stage, e.stop_reason)).collect();
    assert_eq!(stages, [(q1, EnrollmentStage::Replied, None), (q2, EnrollmentStage::Stopped, Some(StopReason::RepliedElsewhere))]);
    assert_eq!(
        env.engine.mark_person_fact(ann.id, PersonFact::Unsubscribed).await.unwrap(),
        0,
        "a campaign that ended (replied or stopped) keeps how it ended"
    );

    let bob = lead_by_email(&env, ws, "bob@x.com").await;
    assert_eq!(env.engine.mark_person_fact(bob.id, PersonFact::Suppressed).await.unwrap(), 0, "suppression is checked at the send");
    assert_eq!(env.engine.mark_person_fact(bob.id, PersonFact::Unsubscribed).await.unwrap(), 2);
    let bob = env.engine.get_lead(bob.id).await.unwrap();
    assert!(bob.unsubscribed_at.is_some() && bob.suppressed_at.is_some());
    let missing = env.engine.mark_person_fact(9_999, PersonFact::HardBounced).await.unwrap_err();
    assert_eq!(missing.code(), reach::ErrorCode::NotFound);
}

#[tokio::test]
async fn adding_and_removing_by_search_changes_only_that_campaign() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let (q1, q2) = (env.campaign(ws, "Q1").await, env.campaign(ws, "Q2").await);
    let mut csv = String::from("email,company\n");
    for i in 0..30 {
        csv.push_str(&format!("p{i}@x.com,{}\n", if i % 3 == 0 { "Zeta Labs" } else { "Acme" }));
    }
    import_into(&env, ws, q1, &env.file("p.csv", csv)).await;
    let request =
        |search: Option<&str>| CampaignLeadsRequest { workspace: "W".into(), campaign: "q2".into(), search: search.map(Into::into) };

    assert_eq!(env.engine.add_leads_to_campaign(&request(Some("zeta"))).await.unwrap().affected, 10);
    assert_eq!(env.engine.add_leads_to_campaign(&request(None)).await.unwrap().affected, 20, "only leads not yet in it count");
    assert_eq!(env.engine.get_campaign(q2).await.unwrap().lead_count, 30);
    assert_eq!(env.engine.remove_leads_from_campaign(&request(Some("acme"))).await.unwrap().affected, 20);
    assert_eq!(campaign_leads(&env, ws, q2).await.len(), 10);
    assert!(campaign_leads(&env, ws, q2).await.iter().all(|l| l.company.as_deref() == Some("Zeta Labs")));
    assert_eq!(env.engine.get_campaign(q1).await.unwrap().lead_count, 30, "the other campaign keeps its leads");
    assert_eq!(env.emails(ws).await.len(), 30, "removing from a campaign keeps the leads in the workspace");

    let unassigned =
        LeadQuery { filter: LeadFilter { workspace_id: ws, unassigned: Some(true), ..Default::default() }, ..Default::default() };
    assert_eq!(env.engine.lead_page(&unassigned).await.unwrap().total, Some(0));
    assert_eq!(
        env.engine.remove_leads_from_campaign(&CampaignLeadsRequest { campaign: "Q1".into(), ..request(None) }).await.unwrap().affected,
        30
    );
    assert_eq!(env.engine.lead_page(&unassigned).await.unwrap().total, Some(20), "in no campaign: neither Q1 nor Q2");
    let empty = env.engine.add_leads_to_campaign(&request(Some("  "))).await.unwrap_err();
    assert_eq!(empty.code(), reach::ErrorCode::Validation);
}

#[tokio::test]
async fn selected_leads_are_added_to_a_campaign_and_deleting_them_or_it_cleans_up() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let q1 = env.campaign(ws, "Q1").await;
    let path = env.file("p.csv", "email\na@x.com\nb@x.com\nc@x.com\n");
    let plan = env.engine.plan_import(InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![]).await.unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    env.engine.wait_for_job(started.job_id).await.unwrap();
    let all = LeadFilter { workspace_id: ws, ..Default::default() };
    let ids: Vec<i64> =
        env.engine.lead_page(&LeadQuery { filter: all.clone(), ..Default::default() }).await.unwrap().leads.iter().map(|l| l.id).collect();
    let add = |ids: Vec<i64>| LeadBulkRequest {
        filter: all.clone(),
        ids: Some(ids),
        exclude_ids: None,
        action: LeadBulkAction::AddToCampaign { campaign_id: q1 },
    };
    assert_eq!(env.engine.bulk_leads(&add(ids[..2].to_vec())).await.unwrap().affected, 2);
    assert_eq!(env.engine.bulk_leads(&add(ids.clone())).await.unwrap().affected, 1, "the two already in it are left as they are");

    let delete = LeadBulkRequest { filter: all.clone(), ids: Some(vec![ids[0]]), exclude_ids: None, action: LeadBulkAction::Delete };
    env.engine.bulk_leads(&delete).await.unwrap();
    assert_eq!(env.engine.get_campaign(q1).await.unwrap().lead_count, 2, "a deleted lead leaves its campaigns");
    env.engine.delete_campaign(q1).await.unwrap();
    assert_eq!(env.emails(ws).await.len(), 2, "a deleted campaign's leads stay in the workspace");
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM campaign_leads").fetch_one(env.engine.store().pool()).await.unwrap();
    assert_eq!(left, 0, "a deleted campaign's enrollments go with it");
}
