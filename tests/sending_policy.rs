//! The policy gate on the real outbox, under the test clock: ramp-up over days, caps across mailboxes and
//! recipient domains, send windows across time zones, suppression added after queueing, consent regions,
//! bounce protection, recovery of a run that died mid-send, dry runs, launch refusals and the schedule preview.

mod common;

use std::time::Duration;

use common::sending::{SendEnv, PASSWORD};
use reach::api::outbox::{AttemptStatus, CampaignSending};
use reach::api::sending::{AccountInput, CompliancePatch};

const DAY: Duration = Duration::from_secs(24 * 3600);

fn leads(domains: &[&str]) -> String {
    let mut csv = String::from("email,first_name,country\n");
    for (i, d) in domains.iter().enumerate() {
        csv.push_str(&format!("lead{i}@{d},Lead{i},US\n"));
    }
    csv
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_mailbox_ramps_up_day_by_day_to_its_cap() {
    let env = SendEnv::new(&leads(&["a.com", "b.com", "c.com", "d.com", "e.com", "f.com", "g.com", "h.com"])).await;
    let input = AccountInput { daily_cap: 4, ramp_start: 2, ramp_step: 1, ..env.account_input() };
    let account = env.add_account(input, PASSWORD).await;
    let preview = env.engine.schedule_preview(env.campaign).await.unwrap();
    assert_eq!(preview.accounts[0].allowance_today, 2, "the preview shows today's ramped allowance");
    assert_eq!(preview.on_hours.iter().map(|d| d.sends).collect::<Vec<_>>(), vec![2, 3, 3], "2, then 3, then the last 3");
    env.send().await;
    assert_eq!(env.server.received().len(), 2, "day 1 allows the ramp's start");
    let view = env.engine.list_sender_accounts(env.workspace).await.unwrap();
    assert_eq!((view[0].allowance_today, view[0].sent_today), (2, 2));
    env.send().await;
    assert_eq!(env.server.received().len(), 2, "nothing more today");

    env.advance(DAY);
    env.send().await;
    assert_eq!(env.server.received().len(), 5, "day 2 allows one more");
    env.advance(DAY);
    env.send().await;
    assert_eq!(env.server.received().len(), 8, "day 3 reaches the cap of 4 and the last three go");
    assert_eq!(env.engine.get_sender_account(account.id).await.unwrap().paused_reason, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caps_hold_across_mailboxes_and_per_recipient_domain() {
    let env = SendEnv::new(&leads(&["same.com", "same.com", "same.com", "x.com", "y.com", "z.com"])).await;
    env.comply(CompliancePatch { domain_daily_cap: Some(1), ..Default::default() }).await;
    env.add_account(AccountInput { daily_cap: 1, ..env.account_input() }, PASSWORD).await;
    let second = AccountInput { email: "second@consult.example".into(), daily_cap: 2, ..env.account_input() };
    env.add_account(second, PASSWORD).await;
    env.send().await;
    let received = env.server.received();
    assert_eq!(received.len(), 3, "two mailboxes with caps 1 and 2 send three mails a day");
    let same = received.iter().filter(|m| m.envelope_to[0].ends_with("@same.com")).count();
    assert_eq!(same, 1, "one mail a day to one recipient domain");
    let senders: std::collections::HashSet<_> = received.iter().map(|m| m.envelope_from.clone()).collect();
    assert_eq!(senders.len(), 2, "the mail rotates across both mailboxes");
    let held = env.attempts().await.into_iter().filter(|a| a.recipient.ends_with("@same.com") && a.status == AttemptStatus::Queued).count();
    assert_eq!(held, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_opens_in_each_recipients_time_zone() {
    let csv = "email,first_name,country,timezone\nberlin@b.de,Ber,DE,\nla@l.com,Lou,US,America/Los_Angeles\n";
    let env = SendEnv::new(csv).await;
    env.comply(CompliancePatch { send_window: Some("09:00-17:00".into()), days: Some("mon-fri".into()), ..Default::default() }).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.send().await; // Monday 10:00 UTC: 11:00 in Berlin, 02:00 in Los Angeles.
    let sent: Vec<_> = env.server.received().iter().map(|m| m.envelope_to[0].clone()).collect();
    assert_eq!(sent, vec!["berlin@b.de".to_string()]);
    let la = env.attempt_to("la@l.com", 1).await;
    assert_eq!(la.status, AttemptStatus::Queued);
    assert_eq!(la.scheduled_at, "2026-12-07T17:00:00.000Z", "held until 09:00 in Los Angeles");

    env.advance(Duration::from_secs(7 * 3600));
    env.send().await;
    assert_eq!(env.server.received().len(), 2, "it goes when the window opens there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suppression_added_after_queueing_still_blocks_the_mail() {
    let env = SendEnv::new(&leads(&["keep.com", "drop.com"])).await;
    env.add_account(env.account_input(), PASSWORD).await;
    // Queue everything while no window is open, then suppress the domain.
    env.comply(CompliancePatch { days: Some("sat".into()), ..Default::default() }).await;
    env.send().await;
    assert_eq!(env.count(AttemptStatus::Queued).await, 2);
    env.engine.suppress(env.workspace, "@sub.drop.com", Some("asked by phone".into())).await.unwrap();
    env.comply(CompliancePatch { days: Some("mon-sun".into()), ..Default::default() }).await;
    env.advance(Duration::from_secs(60));
    env.send().await;
    let blocked = env.attempt_to("lead1@drop.com", 1).await;
    assert_eq!(blocked.status, AttemptStatus::Blocked);
    assert!(blocked.detail.unwrap().contains("drop.com is on the suppression list (asked by phone)"));
    assert_eq!(env.server.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_region_leads_wait_for_recorded_consent() {
    let csv = "email,first_name,country,consent\nno@firma.de,Nora,Germany,\nyes@firma2.de,Yann,DE,yes\nus@corp.com,Uma,US,\n";
    let env = SendEnv::new(csv).await;
    env.comply(CompliancePatch { hold_without_consent: Some(true), ..Default::default() }).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.send().await;
    let held = env.attempt_to("no@firma.de", 1).await;
    assert_eq!(held.status, AttemptStatus::Blocked);
    assert!(held.detail.unwrap().contains("consent region (DE)"));
    assert_eq!(env.attempt_to("yes@firma2.de", 1).await.legal_basis.as_deref(), Some("consent"));
    assert_eq!(env.attempt_to("us@corp.com", 1).await.legal_basis.as_deref(), Some("legitimate_interest"));
    assert_eq!(env.server.received().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_pauses_itself_when_its_bounces_pass_the_limit() {
    let mut csv = String::from("email,first_name,country\n");
    for i in 0..22 {
        csv.push_str(&format!("lead{i}@d{i}.com,L{i},US\n"));
    }
    csv.push_str("fault-550@gone1.com,G,US\nfault-550@gone2.com,H,US\n");
    let env = SendEnv::new(&csv).await;
    let mut events = env.engine.subscribe();
    env.add_account(env.account_input(), PASSWORD).await;
    env.send().await;
    let campaign = env.engine.get_campaign(env.campaign).await.unwrap();
    assert_eq!(campaign.sending, CampaignSending::Paused, "2 of 24 bounced: over 5 %");
    assert!(campaign.sending_note.unwrap().contains("bounced"));
    let mut notified = false;
    while let Ok(event) = events.try_recv() {
        notified |= matches!(event, reach::EngineEvent::CampaignPaused(_));
    }
    assert!(notified, "the window is told, to raise a notification");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attempt_left_sending_by_a_dead_run_becomes_unknown_and_is_not_sent() {
    let env = SendEnv::new(&leads(&["a.com", "b.com"])).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.comply(CompliancePatch { days: Some("sat".into()), ..Default::default() }).await;
    env.send().await; // queued, window closed
    sqlx::query("UPDATE attempts SET status = 'sending' WHERE recipient = 'lead0@a.com'").execute(env.engine.store().pool()).await.unwrap();
    env.comply(CompliancePatch { days: Some("mon-sun".into()), ..Default::default() }).await;
    env.send().await;
    let a = env.attempt_to("lead0@a.com", 1).await;
    assert_eq!(a.status, AttemptStatus::Unknown);
    assert!(a.detail.unwrap().contains("may or may not have been delivered"));
    let sent: Vec<_> = env.server.received().iter().map(|m| m.envelope_to[0].clone()).collect();
    assert_eq!(sent, vec!["lead1@b.com".to_string()], "the unknown one is not sent again by itself");

    env.engine.resolve_attempt(a.id, false).await.unwrap();
    env.send().await;
    assert_eq!(env.server.received().len(), 2, "marked not sent, it goes out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hand_over_journal_tells_what_a_dead_run_left_sending() {
    let env = SendEnv::new(&leads(&["a.com", "b.com", "c.com"])).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.comply(CompliancePatch { days: Some("sat".into()), ..Default::default() }).await;
    env.send().await; // queued, window closed
    let mut ids = Vec::new();
    for r in ["lead0@a.com", "lead1@b.com", "lead2@c.com"] {
        ids.push(env.attempt_to(r, 1).await.id);
    }
    sqlx::query("UPDATE attempts SET status = 'sending', tries = 1, scheduled_at = '2026-12-07T10:00:00.000Z'")
        .execute(env.engine.store().pool())
        .await
        .unwrap();
    // The batch was written down; the first was accepted, the second handed over with no reply, the third
    // never reached the server.
    let journal = env.dir.path().join("reach.outbox").join(format!("campaign-{}.journal", env.campaign));
    let lines = format!("B {a} {b} {c}\nH {a}\nA {a}\nH {b}\n", a = ids[0], b = ids[1], c = ids[2]);
    std::fs::write(&journal, lines).unwrap();
    env.comply(CompliancePatch { days: Some("mon-sun".into()), ..Default::default() }).await;
    env.send().await;
    assert_eq!(env.attempt_to("lead0@a.com", 1).await.status, AttemptStatus::Sent, "accepted before the stop: sent");
    assert_eq!(env.attempt_to("lead1@b.com", 1).await.status, AttemptStatus::Unknown, "handed over, no reply: unknown");
    assert_eq!(env.attempt_to("lead2@c.com", 1).await.status, AttemptStatus::Sent, "never handed over: queued again and sent now");
    let received: Vec<_> = env.server.received().iter().map(|m| m.envelope_to[0].clone()).collect();
    assert_eq!(received, vec!["lead2@c.com".to_string()], "only the one that never reached the server went out");
    assert_eq!(std::fs::read_to_string(&journal).unwrap(), "", "a settled batch leaves the journal empty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_writes_eml_files_and_leaves_the_real_outbox_alone() {
    let env = SendEnv::new(&leads(&["a.com", "b.com"])).await;
    env.add_account(env.account_input(), PASSWORD).await;
    let dir = env.dir.path().join("dry");
    let report = env.engine.send_campaign(env.campaign, Some(dir.clone())).await.unwrap();
    assert!(report.dry_run);
    let files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).filter(|e| e.path().extension().is_some_and(|x| x == "eml")).collect();
    assert_eq!(files.len(), 2);
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("List-Unsubscribe") && text.contains("Message-ID: <"), "{text}");
    assert!(env.server.received().is_empty(), "a dry run touches no server");
    assert!(env.attempts().await.is_empty(), "the real outbox is untouched");
    assert_eq!(env.engine.get_campaign(env.campaign).await.unwrap().sending, CampaignSending::NotStarted);
    env.send().await;
    assert_eq!(env.server.received().len(), 2, "a dry run does not stand for the real send");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn launch_is_refused_with_every_reason_until_the_gates_pass() {
    let env = SendEnv::new(&leads(&["a.com"])).await;
    env.comply(CompliancePatch { physical_address: Some(String::new()), days: Some("sat".into()), ..Default::default() }).await;
    let err = env.engine.launch_campaign(env.campaign).await.expect_err("no account, no address");
    let text = err.to_string();
    assert!(text.contains("no sender account") && text.contains("physical address"), "{text}");
    env.add_account(AccountInput { daily_cap: 0, ..env.account_input() }, PASSWORD).await;
    env.comply(CompliancePatch {
        physical_address: Some("1 Main St".into()),
        send_window: Some("09:00-09:00".into()),
        domain_daily_cap: Some(0),
        ..Default::default()
    })
    .await;
    let text = env.engine.launch_campaign(env.campaign).await.expect_err("caps of zero, a window that never opens").to_string();
    for reason in ["daily cap of 0", "per recipient domain is 0", "never opens"] {
        assert!(text.contains(reason), "{reason}: {text}");
    }
    let preview = env.engine.schedule_preview(env.campaign).await.unwrap();
    assert!(preview.sends.is_empty() && preview.problems.len() == 3, "the preview says so instead of waiting: {:?}", preview.problems);
    let account = env.engine.list_sender_accounts(env.workspace).await.unwrap().remove(0).account;
    env.engine.update_sender_account(account.id, env.account_input(), reach::api::sending::PasswordChange::Keep).await.unwrap();
    env.comply(CompliancePatch { send_window: Some("09:00-17:00".into()), domain_daily_cap: Some(20), ..Default::default() }).await;
    let campaign = env.engine.launch_campaign(env.campaign).await.expect("launched");
    assert_eq!(campaign.sending, CampaignSending::Running);
    let preview = env.engine.schedule_preview(env.campaign).await.unwrap();
    assert_eq!(preview.sends.len(), 1);
    assert!(preview.sends[0].recipient_time.starts_with("Sat 12 Dec"), "the first Saturday in the window: {:?}", preview.sends[0]);
    assert_eq!(preview.on_hours.len(), 1);
}
