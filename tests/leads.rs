//! Browsing leads: keyset paging, full-text search, filters, sort and bulk actions.

mod common;

use common::{path_text, TestEnv};
use reach::api::campaigns::CampaignKind;
use reach::api::enrollments::EnrollmentStage;
use reach::api::leads::{LeadBulkAction, LeadBulkRequest};
use reach::api::leads::{LeadFilter, LeadQuery, LeadSortField};

async fn env_with_leads() -> (TestEnv, i64) {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let mut csv = String::from("email,first name,last name,company,title,country\n");
    for i in 0..250 {
        let company = if i % 5 == 0 { "Zeta Analytics" } else { "Acme Corp" };
        let country = ["France", "Germany", "Spain"][i % 3];
        csv.push_str(&format!("user{i:03}@example{}.com,Name{i:03},Family{},{company},Head of Growth,{country}\n", i % 10, 250 - i));
    }
    csv.push_str(",Nomail,Person,NoMail Inc,CEO,France\n");
    import_csv(&env, ws, "leads.csv", csv).await;
    (env, ws)
}

/// Imports `csv` into the workspace and waits for the import to finish; returns the import's id.
async fn import_csv(env: &TestEnv, ws: i64, name: &str, csv: String) -> i64 {
    let path = env.file(name, csv);
    let plan = env
        .engine
        .plan_import(reach::import::InspectRequest { path: path_text(&path), ..Default::default() }, ws, None, vec![])
        .await
        .unwrap();
    let started = env.engine.start_import(plan).await.unwrap();
    env.engine.wait_for_job(started.job_id).await.unwrap();
    started.import_id
}

fn query(ws: i64) -> LeadQuery {
    LeadQuery { filter: LeadFilter { workspace_id: ws, ..Default::default() }, ..Default::default() }
}

#[tokio::test]
async fn pages_chain_through_every_lead_exactly_once_in_sort_order() {
    let (env, ws) = env_with_leads().await;
    let mut q = LeadQuery { sort: Some(LeadSortField::LastName), descending: Some(false), limit: Some(40), ..query(ws) };
    let mut names = vec![];
    let mut first_total = None;
    loop {
        let page = env.engine.lead_page(&q).await.unwrap();
        if first_total.is_none() {
            first_total = page.total;
        }
        names.extend(page.leads.iter().map(|l| l.last_name.clone().unwrap_or_default()));
        match page.next_cursor {
            Some(c) => q.after = Some(c),
            None => break,
        }
    }
    assert_eq!(first_total, Some(250));
    assert_eq!(names.len(), 250, "every lead once");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "keyset pages keep the sort order across page boundaries");
}

#[tokio::test]
async fn search_matches_words_and_prefixes_across_fields() {
    let (env, ws) = env_with_leads().await;
    let count = |search: &str| {
        let q =
            LeadQuery { filter: LeadFilter { workspace_id: ws, search: Some(search.into()), ..Default::default() }, ..Default::default() };
        let engine = env.engine.clone();
        async move { engine.lead_page(&q).await.unwrap().total.unwrap() }
    };
    assert_eq!(count("zeta").await, 50);
    assert_eq!(count("zet analyt").await, 50, "every word is a prefix and all must match");
    assert_eq!(count("user007@example7.com").await, 1, "an address finds its lead");
    assert_eq!(count("\"unbalanced (quote* AND").await, 0, "search syntax in user text is harmless");
}

#[tokio::test]
async fn filters_combine() {
    let (env, ws) = env_with_leads().await;
    let mut q = query(ws);
    q.filter.country = Some("france".into());
    q.filter.has_email = Some(true);
    assert_eq!(env.engine.lead_page(&q).await.unwrap().total, Some(84));
    q.filter.stages = Some(vec![EnrollmentStage::Sent]);
    assert_eq!(env.engine.lead_page(&q).await.unwrap().total, Some(0), "no lead is in a campaign");
}

#[tokio::test]
async fn bulk_add_to_campaign_then_delete_by_filter() {
    let (env, ws) = env_with_leads().await;
    let campaign = env.campaign(ws, "Zeta push").await;
    let filter = LeadFilter { workspace_id: ws, search: Some("zeta".into()), ..Default::default() };
    let r = env
        .engine
        .bulk_leads(&LeadBulkRequest {
            filter: filter.clone(),
            ids: None,
            exclude_ids: None,
            action: LeadBulkAction::AddToCampaign { campaign_id: campaign },
        })
        .await
        .unwrap();
    assert_eq!(r.affected, 50);
    assert_eq!(env.engine.get_campaign(campaign).await.unwrap().lead_count, 50);

    let ids: Vec<i64> = env
        .engine
        .lead_page(&LeadQuery { filter: filter.clone(), limit: Some(3), ..Default::default() })
        .await
        .unwrap()
        .leads
        .iter()
        .map(|l| l.id)
        .collect();
    let r = env
        .engine
        .bulk_leads(&LeadBulkRequest { filter: filter.clone(), ids: Some(ids), exclude_ids: None, action: LeadBulkAction::Delete })
        .await
        .unwrap();
    assert_eq!(r.affected, 3, "only the selected leads are deleted");
    assert_eq!(
        env.engine.lead_page(&LeadQuery { filter, ..Default::default() }).await.unwrap().total,
        Some(47),
        "deleted leads leave the search index"
    );
}

#[tokio::test]
async fn a_campaign_of_another_workspace_cannot_receive_leads() {
    let (env, ws) = env_with_leads().await;
    let other = env.workspace("Other").await;
    let foreign = env.campaign(other, "Theirs").await;
    let err = env
        .engine
        .bulk_leads(&LeadBulkRequest {
            filter: LeadFilter { workspace_id: ws, ..Default::default() },
            ids: None,
            exclude_ids: None,
            action: LeadBulkAction::AddToCampaign { campaign_id: foreign },
        })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("another workspace"));
}

#[tokio::test]
async fn all_matching_except_some_leaves_the_excepted_leads_alone() {
    let (env, ws) = env_with_leads().await;
    let filter = LeadFilter { workspace_id: ws, search: Some("zeta".into()), ..Default::default() };
    let keep: Vec<i64> = env
        .engine
        .lead_page(&LeadQuery { filter: filter.clone(), limit: Some(2), ..Default::default() })
        .await
        .unwrap()
        .leads
        .iter()
        .map(|l| l.id)
        .collect();
    let r = env
        .engine
        .bulk_leads(&LeadBulkRequest { filter: filter.clone(), ids: None, exclude_ids: Some(keep.clone()), action: LeadBulkAction::Delete })
        .await
        .unwrap();
    assert_eq!(r.affected, 48);
    let left: Vec<i64> =
        env.engine.lead_page(&LeadQuery { filter, ..Default::default() }).await.unwrap().leads.iter().map(|l| l.id).collect();
    let mut keep_sorted = keep.clone();
    keep_sorted.sort();
    let mut left_sorted = left;
    left_sorted.sort();
    assert_eq!(left_sorted, keep_sorted);
}

#[tokio::test]
async fn the_import_filter_lists_exactly_the_leads_that_import_wrote() {
    let (env, ws) = env_with_leads().await;
    let first = env.engine.list_imports(ws).await.unwrap()[0].id;
    let mut csv = String::from("email,first name\n");
    for i in 0..30 {
        csv.push_str(&format!("second{i}@example.org,Second{i}\n"));
    }
    for i in 0..10 {
        csv.push_str(&format!("user{i:03}@example{}.com,Repeat\n", i % 10));
    }
    let second = import_csv(&env, ws, "second.csv", csv).await;
    let only_repeats = import_csv(&env, ws, "repeats.csv", "email\nuser001@example1.com\nsecond3@example.org\n".into()).await;

    let total_for = |import_id: i64| {
        let mut q = query(ws);
        q.filter.import_id = Some(import_id);
        let engine = env.engine.clone();
        async move { engine.lead_page(&q).await.unwrap() }
    };
    let page = total_for(second).await;
    assert_eq!(page.total, Some(30), "the repeats were not written by the second import");
    assert!(page.leads.iter().all(|l| l.import_id == Some(second) && l.email.as_deref().unwrap().starts_with("second")));
    assert_eq!(total_for(first).await.total, Some(250), "the row without an address was not imported");
    assert_eq!(total_for(only_repeats).await.total, Some(0), "an import that wrote nothing lists nothing");

    let in_first: Vec<i64> = total_for(first).await.leads.iter().take(5).map(|l| l.id).collect();
    env.engine
        .bulk_leads(&LeadBulkRequest {
            filter: LeadFilter { workspace_id: ws, ..Default::default() },
            ids: Some(in_first),
            exclude_ids: None,
            action: LeadBulkAction::Delete,
        })
        .await
        .unwrap();
    assert_eq!(total_for(first).await.total, Some(245));
    assert_eq!(total_for(second).await.total, Some(30));
}

#[tokio::test]
async fn stage_filters_find_the_leads_at_those_stages_in_the_campaign() {
    let env = TestEnv::new().await;
    let ws = env.engine.create_demo_workspace().await.unwrap().id;
    let campaigns = env.engine.list_campaigns(ws, false).await.unwrap();
    let mut in_campaigns = 0;
    for campaign in &campaigns {
        let mut q = query(ws);
        q.filter.campaign_id = Some(campaign.id);
        let all = env.engine.lead_page(&q).await.unwrap();
        assert_eq!(all.total, Some(campaign.lead_count), "a campaign's list is its enrollments");
        // The demo drafts its cold campaign offline, enriching its leads on the way, and approves a first
        // batch (sent only in a dry run, which moves no lead on); the backlink campaign has no sequence yet, and
        // its leads that are in both campaigns are enriched there too.
        // Its inbox read a reply (that lead replied) and a hard bounce (that lead stopped, in both campaigns).
        let stages = if campaign.kind == CampaignKind::ColdEmail {
            vec![EnrollmentStage::Drafted, EnrollmentStage::Approved, EnrollmentStage::Replied, EnrollmentStage::Stopped]
        } else {
            vec![EnrollmentStage::Enrolled, EnrollmentStage::Enriched, EnrollmentStage::Stopped]
        };
        assert!(all.leads.iter().all(|l| l.stage.is_some_and(|s| stages.contains(&s))), "{} is at {stages:?}", campaign.name);
        q.filter.stages = Some(stages);
        assert_eq!(env.engine.lead_page(&q).await.unwrap().total, Some(campaign.lead_count));
        q.filter.stages = Some(vec![EnrollmentStage::Sent]);
        assert_eq!(env.engine.lead_page(&q).await.unwrap().total, Some(0), "a dry run moves no lead to sent");
        q.filter.stages = Some(vec![EnrollmentStage::Replied]);
        let replied = if campaign.kind == CampaignKind::ColdEmail { 1 } else { 0 };
        assert_eq!(env.engine.lead_page(&q).await.unwrap().total, Some(replied), "the demo's one reply");
        in_campaigns += campaign.lead_count;
    }
    assert!(in_campaigns > 0, "the demo enrolls leads in its campaigns");
    let mut q = query(ws);
    q.filter.stages = Some(vec![EnrollmentStage::Approved]);
    assert!(env.engine.lead_page(&q).await.unwrap().total.is_some_and(|n| n > 0), "the demo's reviewer approved a first batch");
    let mut q = query(ws);
    q.filter.stages = Some(vec![EnrollmentStage::Sent]);
    assert_eq!(env.engine.lead_page(&q).await.unwrap().total, Some(0), "no demo lead was sent anything");
}
