//! Workspaces and campaigns: create, rename, archive, delete; names unique; demo data.

mod common;

use common::TestEnv;
use reach::api::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use reach::ErrorCode;

#[tokio::test]
async fn workspace_names_are_unique_whatever_the_case() {
    let env = TestEnv::new().await;
    env.workspace("Acme").await;
    let err = reach::AppError::from(env.engine.create_workspace(" acme ").await.unwrap_err());
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("already exists"), "{}", err.message);
    let blank = reach::AppError::from(env.engine.create_workspace("  ").await.unwrap_err());
    assert_eq!(blank.code, ErrorCode::Validation);
}

#[tokio::test]
async fn rename_and_delete_a_workspace_with_everything_it_owns() {
    let env = TestEnv::new().await;
    let ws = env.engine.create_demo_workspace().await.unwrap();
    assert_eq!(ws.lead_count, 300, "the demo workspace comes with its leads");
    assert_eq!(ws.campaign_count, 2);
    let renamed = env.engine.rename_workspace(ws.id, "Client B").await.unwrap();
    assert_eq!(renamed.name, "Client B");
    env.engine.delete_workspace(ws.id).await.unwrap();
    assert!(env.engine.list_workspaces().await.unwrap().is_empty());
    let leads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leads").fetch_one(env.engine.store().pool()).await.unwrap();
    assert_eq!(leads, 0, "a deleted workspace's leads go with it");
    let audit: Vec<(String, Option<String>)> = sqlx::query_as("SELECT action, subject FROM audit_log ORDER BY id DESC LIMIT 1")
        .fetch_all(env.engine.store().pool())
        .await
        .unwrap();
    assert_eq!(audit[0], ("workspace.delete".to_string(), Some("Client B".to_string())), "the deletion is audited");
}

#[tokio::test]
async fn demo_data_is_the_same_on_every_machine() {
    let a = reach::demo::demo_leads(20, 7);
    let b = reach::demo::demo_leads(20, 7);
    assert_eq!(a, b);
    assert!(a.iter().filter(|l| l.email.is_some()).count() >= 15);
}

#[tokio::test]
async fn campaigns_are_created_edited_archived_and_deleted() {
    let env = TestEnv::new().await;
    let ws = env.workspace("W").await;
    let input = CampaignInput {
        name: "Backlinks".into(),
        kind: CampaignKind::Backlink,
        keywords: vec![" seo ".into(), "SEO".into(), "links".into()],
        description: "d".into(),
        context: ServiceContext { core_offer: "Guest post".into(), ..Default::default() },
    };
    let c = env.engine.create_campaign(ws, &input).await.unwrap();
    assert_eq!(c.keywords, vec!["seo", "links"], "keywords are trimmed and deduplicated");
    assert_eq!(c.context.core_offer, "Guest post");
    let edited = env.engine.update_campaign(c.id, &CampaignInput { name: "Backlinks EU".into(), ..input.clone() }).await.unwrap();
    assert_eq!(edited.name, "Backlinks EU");
    env.engine.set_campaign_archived(c.id, true).await.unwrap();
    assert!(env.engine.list_campaigns(ws, false).await.unwrap().is_empty(), "archived campaigns are hidden by default");
    assert_eq!(env.engine.list_campaigns(ws, true).await.unwrap().len(), 1);
    env.engine.delete_campaign(c.id).await.unwrap();
    assert_eq!(reach::AppError::from(env.engine.get_campaign(c.id).await.unwrap_err()).code, ErrorCode::NotFound);
}

#[tokio::test]
async fn the_demo_enrolls_its_leads_and_claims_no_progress_the_product_did_not_make() {
    let env = TestEnv::new().await;
    let ws = env.engine.create_demo_workspace().await.unwrap();
    let campaigns = env.engine.list_campaigns(ws.id, false).await.unwrap();
    let counts: Vec<i64> = campaigns.iter().map(|c| c.lead_count).collect();
    assert_eq!(counts.iter().sum::<i64>(), 250, "{counts:?}: 150 in one campaign, 100 in the other");
    let pool = env.engine.store().pool();
    let (in_both, in_none): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM (SELECT lead_id FROM campaign_leads GROUP BY lead_id HAVING count(*) = 2)),
                (SELECT count(*) FROM leads l WHERE NOT EXISTS (SELECT 1 FROM campaign_leads cl WHERE cl.lead_id = l.id))",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((in_both, in_none), (30, 80), "a lead can be in both campaigns, or in none");
    // The cold campaign is drafted by the offline drafting job, which enriches its leads (in every campaign),
    // and a first batch is approved through review; the backlink one has no sequence yet.
    let (drafted, unbacked): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM campaign_leads WHERE stage = 'drafted' OR stage = 'approved'),
                (SELECT count(*) FROM campaign_leads cl WHERE cl.step <> 0 OR NOT (cl.stage = 'enrolled'
                    OR (cl.stage = 'enriched' AND EXISTS (SELECT 1 FROM enrichments e WHERE e.lead_id = cl.lead_id))
                    OR (cl.stage = 'drafted' AND EXISTS (SELECT 1 FROM drafts d WHERE d.campaign_id = cl.campaign_id AND d.lead_id = cl.lead_id AND d.step = 1))
                    OR (cl.stage = 'approved' AND EXISTS (SELECT 1 FROM drafts d WHERE d.campaign_id = cl.campaign_id AND d.lead_id = cl.lead_id
                        AND d.step = 1 AND d.status = 'approved'))
                    OR (cl.stage = 'replied' AND EXISTS (SELECT 1 FROM replies r WHERE r.lead_id = cl.lead_id AND r.kind = 'reply'))
                    OR (cl.stage = 'stopped' AND cl.stop_reason = 'bounced'
                        AND EXISTS (SELECT 1 FROM replies r WHERE r.lead_id = cl.lead_id AND r.kind = 'bounce'))))",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        (drafted, unbacked),
        (148, 0),
        "every stage past enrolled is backed by a draft the product wrote, or by an answer its inbox read (one reply, one bounce)"
    );
    let claimed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM leads l WHERE ((hard_bounced_at IS NOT NULL OR unsubscribed_at IS NOT NULL OR suppressed_at IS NOT NULL
            OR replied_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.lead_id = l.id))
            OR fit_score IS NOT NULL OR intent_score IS NOT NULL",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(claimed, 0, "no bounce, reply or score is made up: each fact rests on a message the inbox read");
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM replies ORDER BY kind").fetch_all(pool).await.unwrap();
    assert_eq!(kinds, ["auto_reply", "bounce", "reply"], "the demo's inbox holds an out-of-office, a bounce and a reply");
    let (dry, real): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM attempts WHERE dry_run = 1 AND status = 'sent'), (SELECT count(*) FROM attempts WHERE dry_run = 0)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(dry > 0 && real == 0, "the approved batch went out only in a dry run ({dry} written, {real} real attempts)");
    env.engine.delete_workspace(ws.id).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM campaign_leads").fetch_one(pool).await.unwrap();
    assert_eq!(left, 0, "a deleted workspace's enrollments go with it");
}

#[tokio::test]
async fn a_workspace_or_campaign_is_found_by_its_name_or_else_by_its_id() {
    let env = TestEnv::new().await;
    let acme = env.workspace("Acme").await;
    let numbered = env.workspace(&acme.to_string()).await;
    let other = env.workspace("Other").await;
    assert_eq!(env.engine.resolve_workspace(" acme ").await.unwrap().id, acme, "a name is matched in any case");
    assert_eq!(env.engine.resolve_workspace(&other.to_string()).await.unwrap().id, other, "no workspace has that name: the id");
    assert_eq!(
        env.engine.resolve_workspace(&acme.to_string()).await.unwrap().id,
        numbered,
        "a workspace named like a number is found by its name first"
    );
    let missing = env.engine.resolve_workspace("Nobody").await.unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound, "{missing}");

    let spring = env.campaign(acme, "Spring").await;
    let elsewhere = env.campaign(other, "Elsewhere").await;
    assert_eq!(env.engine.resolve_campaign(acme, "SPRING").await.unwrap().id, spring);
    assert_eq!(env.engine.resolve_campaign(acme, &spring.to_string()).await.unwrap().id, spring);
    let foreign = env.engine.resolve_campaign(acme, &elsewhere.to_string()).await.unwrap_err();
    assert!(
        matches!(foreign, reach::EngineError::CampaignInOtherWorkspace { .. }),
        "another workspace's campaign is not taken by its id: {foreign}"
    );
}

#[tokio::test]
async fn with_no_workspace_or_several_the_one_to_use_must_be_named() {
    let env = TestEnv::new().await;
    assert!(matches!(env.engine.only_workspace().await.unwrap_err(), reach::EngineError::NoWorkspace), "none yet");
    env.workspace("A").await;
    env.workspace("B").await;
    let several = env.engine.only_workspace().await.unwrap_err();
    assert_eq!(several.to_string(), "there are several workspaces (\"A\", \"B\"); name one with --workspace");
    assert_eq!(several.code(), ErrorCode::Validation);
}
