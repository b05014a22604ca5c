//! The reply inbox end to end: mail sent through the test SMTP server, answers travelling back through it and
//! delivered into a real Dovecot mailbox, read by `sync_inbox`, matched to what they answer, and applied.

mod common;

use std::time::{Duration, SystemTime};

use common::inbox::{dsn, reply, InboxEnv, LEADS, SENDER};
use common::sending::monday_ten;
use reach::api::inbox::{InboxQuery, InboxState, MessageKind, ReplyCategory};
use reach::api::outbox::{Attempt, AttemptStatus};
use reach::api::sending::Security;

#[tokio::test]
async fn a_reply_stops_the_follow_up_that_was_due_and_the_others_go_on() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    t.answer("ada@acme.example", reply(&ada, "Ada", "Re: Quick idea", "", "Sounds good, let's talk next week. Can you send a few times?"))
        .await;
    t.env.advance(Duration::from_secs(4 * 24 * 3600));

    let synced = t.sync().await;
    assert_eq!((synced.new_messages, synced.replies, synced.error.as_deref()), (1, 1, None), "one reply read: {synced:?}");
    let inbox = t.inbox().await;
    assert_eq!(inbox.len(), 1);
    let item = &inbox[0];
    assert_eq!((item.kind, item.lead_id.is_some(), item.campaign_id), (MessageKind::Reply, true, Some(t.env.campaign)));
    assert_eq!(item.category, Some(ReplyCategory::Interested), "\"sounds good, let's talk\" is interested");
    assert!(item.effect.as_deref().unwrap_or_default().contains("sequence stopped"), "the effect says so: {:?}", item.effect);

    t.env.send().await;
    let followed_up: Vec<_> = t.env.attempts().await.into_iter().filter(|a| a.step == 2).map(|a| a.recipient).collect();
    assert_eq!(followed_up, vec!["bob@beta.example".to_string()], "Ada answered: her follow-up never goes; Bob's does");

    let again = t.sync().await;
    assert_eq!(again.new_messages, 0, "a second sync reads nothing twice");
}

#[tokio::test]
async fn a_colleagues_answer_in_the_thread_counts_for_the_lead_it_answers() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    let mut answer = reply(&ada, "Carol", "Re: Quick idea", "", "Ada forwarded this to me: I run finance here. Call me?");
    answer = answer.replace("From: Carol <ada@acme.example>", "From: Carol <carol@acme.example>");
    t.answer("carol@acme.example", answer).await;
    t.sync().await;
    let item = t.inbox().await.into_iter().next().expect("the answer is tied to Ada by its thread headers alone");
    let ada_id = t.env.attempt_to("ada@acme.example", 1).await.lead_id;
    assert_eq!((item.lead_id, item.from_address.as_deref()), (Some(ada_id), Some("carol@acme.example")));
}

#[tokio::test]
async fn a_hard_bounce_marks_the_person_suppresses_the_address_and_settles_the_attempt() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let bob = t.env.attempt_to("bob@beta.example", 1).await;
    t.imap.deliver("INBOX", dsn(&bob, "5.1.1", "550 5.1.1 <bob@beta.example>: User unknown", true).as_bytes());

    let synced = t.sync().await;
    assert_eq!(synced.bounces, 1, "{synced:?}");
    let bounced = t.env.attempt_to("bob@beta.example", 1).await;
    assert_eq!(bounced.status, AttemptStatus::Bounced, "the accepted mail bounced later: {:?}", bounced.detail);
    let suppressed = t.env.engine.list_suppression(t.env.workspace, None).await.expect("suppression");
    assert!(suppressed.iter().any(|s| s.value == "bob@beta.example" && s.source == "bounce"), "{suppressed:?}");
    let item = t.inbox().await.into_iter().find(|i| i.kind == MessageKind::Bounce).expect("the bounce is in the inbox");
    assert!(item.effect.as_deref().unwrap_or_default().starts_with("Hard bounce (no such mailbox)"), "{:?}", item.effect);

    t.env.advance(Duration::from_secs(4 * 24 * 3600));
    t.env.send().await;
    assert!(t.env.attempts().await.iter().all(|a| !(a.recipient == "bob@beta.example" && a.step == 2)), "no follow-up to a bad address");
}

#[tokio::test]
async fn a_full_mailbox_is_a_soft_bounce_tried_again_later_and_a_dsn_without_its_message_matches_by_recipient() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    let received = SystemTime::from(monday_ten() + chrono::Duration::minutes(5));
    t.imap.deliver_received("INBOX", dsn(&ada, "5.2.2", "552 5.2.2 Mailbox full", false).as_bytes(), received);

    t.sync().await;
    let soft = t.env.attempt_to("ada@acme.example", 1).await;
    assert_eq!(soft.status, AttemptStatus::Deferred, "a full mailbox may take mail later: {:?}", soft.detail);
    let suppressed = t.env.engine.list_suppression(t.env.workspace, None).await.expect("suppression");
    assert!(suppressed.is_empty(), "a soft bounce suppresses nothing: {suppressed:?}");
}

#[tokio::test]
async fn an_out_of_office_pauses_the_sequence_until_the_return_date_and_never_unsubscribes() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    let body = "I am out of the office and will be back on Monday 21 December 2026. For urgent matters call the office.";
    t.answer("ada@acme.example", reply(&ada, "Ada", "Automatic reply: Quick idea", "Auto-Submitted: auto-replied\r\n", body)).await;
    let synced = t.sync().await;
    assert_eq!(synced.auto_replies, 1, "{synced:?}");
    let item = t.inbox().await.into_iter().next().expect("the out-of-office is listed");
    assert_eq!((item.kind, item.return_date.as_deref()), (MessageKind::AutoReply, Some("2026-12-21")));

    t.env.advance(Duration::from_secs(4 * 24 * 3600));
    t.env.send().await;
    let step2: Vec<Attempt> = t.env.attempts().await.into_iter().filter(|a| a.step == 2).collect();
    let ada2 = step2.iter().find(|a| a.recipient == "ada@acme.example").expect("Ada's follow-up is planned");
    assert_eq!(ada2.status, AttemptStatus::Queued, "it waits while she is away");
    assert!(ada2.scheduled_at.starts_with("2026-12-21"), "until she is back: {}", ada2.scheduled_at);
    assert!(step2.iter().any(|a| a.recipient == "bob@beta.example" && a.status == AttemptStatus::Sent), "Bob's goes now");
    let suppressed = t.env.engine.list_suppression(t.env.workspace, None).await.expect("suppression");
    assert!(suppressed.is_empty(), "an absence is not an unsubscribe");

    t.env.advance(Duration::from_secs(11 * 24 * 3600));
    t.env.send().await;
    assert_eq!(t.env.attempt_to("ada@acme.example", 2).await.status, AttemptStatus::Sent, "once back, the follow-up goes");
}

#[tokio::test]
async fn an_unsubscribe_request_suppresses_the_address_at_once_and_a_users_label_is_kept() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let bob = t.env.attempt_to("bob@beta.example", 1).await;
    t.answer("bob@beta.example", reply(&bob, "Bob", "Re: Quick idea", "", "Please remove me from your list.")).await;
    t.sync().await;
    let suppressed = t.env.engine.list_suppression(t.env.workspace, None).await.expect("suppression");
    assert!(suppressed.iter().any(|s| s.value == "bob@beta.example" && s.source == "unsubscribe"), "{suppressed:?}");

    let item = t.inbox().await.into_iter().next().unwrap();
    assert_eq!(item.category, Some(ReplyCategory::Unsubscribe));
    let relabelled = t.env.engine.relabel_reply(item.id, ReplyCategory::Question).await.expect("relabel");
    assert_eq!(relabelled.category, Some(ReplyCategory::Question));
    assert_eq!(relabelled.category_source, Some(reach::api::inbox::LabelSource::User), "the user's label is marked theirs");

    let done = t.env.engine.set_reply_state(item.id, InboxState::Done, None).await.expect("done");
    assert_eq!(done.state, InboxState::Done);
    assert!(t.inbox().await.is_empty(), "done mail leaves the open inbox");
    let snoozed = t.env.engine.set_reply_state(item.id, InboxState::Snoozed, Some("2026-12-09T09:00:00Z".into())).await.unwrap();
    assert_eq!(snoozed.snoozed_until.as_deref(), Some("2026-12-09T09:00:00.000Z"));
    assert!(t.inbox().await.is_empty(), "a snoozed message waits");
    t.env.advance(Duration::from_secs(3 * 24 * 3600));
    assert_eq!(t.inbox().await.len(), 1, "it comes back when its time comes");
}

#[tokio::test]
async fn mail_from_nobody_known_stays_out_of_the_inbox_and_keeps_no_body() {
    let t = InboxEnv::new(LEADS).await;
    let raw = "From: Newsletter <news@shop.example>\r\nTo: sender@consult.example\r\nSubject: Deals\r\nMessage-ID: <n1@shop.example>\r\n\r\nBuy now.\r\n";
    t.imap.deliver("INBOX", raw.as_bytes());
    assert_eq!(t.sync().await.new_messages, 1);
    assert!(t.inbox().await.is_empty(), "the inbox shows people Reach wrote to");
    let query = InboxQuery { workspace_id: t.env.workspace, unknown_senders: true, ..Default::default() };
    let others = t.env.engine.inbox(query).await.unwrap().items;
    assert_eq!(others.len(), 1);
    let view = t.env.engine.inbox_message(others[0].id, false).await.unwrap();
    assert_eq!(view.text, None, "an unrelated mail's body is not copied into Reach");
}

#[tokio::test]
async fn a_changed_uidvalidity_reads_the_folder_again_without_storing_anything_twice() {
    let t = InboxEnv::new(LEADS).await;
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    t.answer("ada@acme.example", reply(&ada, "Ada", "Re: Quick idea", "", "What would it cost?")).await;
    assert_eq!(t.sync().await.new_messages, 1);
    t.imap.change_uidvalidity("INBOX");
    let bob = t.env.attempt_to("bob@beta.example", 1).await;
    t.answer("bob@beta.example", reply(&bob, "Bob", "Re: Quick idea", "", "Not interested, thanks.")).await;
    let synced = t.sync().await;
    assert_eq!(synced.new_messages, 1, "only Bob's answer is new; Ada's is known by its Message-ID: {synced:?}");
    assert_eq!(t.inbox().await.len(), 2);
}

#[tokio::test]
async fn a_refused_password_pauses_reading_the_account_with_a_clear_message() {
    let t = InboxEnv::new(LEADS).await;
    let mut input = t.env.account_input();
    input.imap_host = Some(t.imap.host.clone());
    input.imap_port = Some(t.imap.port);
    input.imap_security = Some(Security::None);
    input.imap_username = Some(t.imap.user.clone());
    let wrong = reach::api::sending::PasswordChange::Set("not-the-password".to_string().into());
    t.env.engine.update_sender_account(t.account, input, wrong).await.unwrap();
    let synced = t.sync().await;
    let paused = synced.paused.expect("the account's reading is paused");
    assert!(paused.contains("refused the sign-in") && paused.contains("Settings"), "{paused}");
    assert!(!paused.contains(&t.imap.password), "the password is never shown");
}

#[tokio::test]
async fn sent_mail_is_copied_to_the_sent_folder_and_an_unknown_outcome_is_looked_up_there() {
    let t = InboxEnv::new("email,first_name\nada@acme.example,Ada\ndrop-after-data@beta.example,Dee\n").await;
    t.env.send().await;
    assert_eq!(t.env.count(AttemptStatus::Unknown).await, 1, "the dropped connection left one outcome unknown");
    t.sync().await;
    assert_eq!(t.imap.message_count("Sent"), 1, "the accepted mail was filed in Sent; the unknown one was not");

    let unknown = t.env.attempt_to("drop-after-data@beta.example", 1).await;
    let lookup = t.env.engine.lookup_sent_copy(unknown.id).await.expect("the lookup runs");
    assert_eq!((lookup.found, lookup.folder.as_str()), (false, "Sent"));
    assert!(lookup.meaning.contains("proves nothing"), "Reach files copies only of accepted mail: {}", lookup.meaning);

    // The provider's own copy (as Gmail files one) is found by its Message-ID.
    let copy = format!(
        "From: {SENDER}\r\nTo: drop-after-data@beta.example\r\nSubject: Quick idea\r\nMessage-ID: {}\r\n\r\nHi\r\n",
        unknown.message_id.as_deref().unwrap()
    );
    t.imap.deliver("Sent", copy.as_bytes());
    let found = t.env.engine.lookup_sent_copy(unknown.id).await.expect("the lookup runs");
    assert!(found.found && found.meaning.contains("Mark it sent"), "{found:?}");
    assert_eq!(found.to.as_deref(), Some("drop-after-data@beta.example"));
}

#[tokio::test]
async fn with_the_company_rule_a_reply_pauses_the_colleagues_in_the_campaign() {
    let leads = "email,first_name\nada@acme.example,Ada\ncara@acme.example,Cara\nbob@beta.example,Bob\n";
    let t = InboxEnv::new(leads).await;
    t.env.comply(reach::api::sending::CompliancePatch { pause_company_on_reply: Some(true), ..Default::default() }).await;
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    t.answer("ada@acme.example", reply(&ada, "Ada", "Re: Quick idea", "", "I handle this for Acme. Let's talk.")).await;
    t.sync().await;
    let item = t.inbox().await.into_iter().next().unwrap();
    assert!(item.effect.as_deref().unwrap_or_default().contains("1 colleague paused for 30 days"), "{:?}", item.effect);

    t.env.advance(Duration::from_secs(4 * 24 * 3600));
    t.env.send().await;
    let cara = t.env.attempt_to("cara@acme.example", 2).await;
    assert_eq!(cara.status, AttemptStatus::Queued, "Cara waits: her colleague answered for the company");
    assert_eq!(t.env.attempt_to("bob@beta.example", 2).await.status, AttemptStatus::Sent, "another company goes on");
}

#[tokio::test]
async fn a_folder_the_user_adds_is_read_too_and_copies_go_where_they_say() {
    let t = InboxEnv::new(LEADS).await;
    let folders = reach::api::inbox_sync::MailboxFolders {
        sent_folder: Some("Copies".into()),
        extra_folders: vec!["Replies".into(), "inbox".into()],
    };
    let account = t.env.engine.set_mailbox_folders(t.account, folders).await.expect("folders set");
    assert_eq!(account.imap_extra_folders, vec!["Replies".to_string()], "INBOX is always read and is not listed twice");
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    t.imap.create_folder("Replies");
    t.imap.create_folder("Copies");
    t.imap.deliver("Replies", reply(&ada, "Ada", "Re: Quick idea", "", "Could you send a proposal?").as_bytes());
    let synced = t.sync().await;
    assert_eq!(synced.replies, 1, "the reply a filter moved to Replies is read: {synced:?}");
    assert_eq!(t.imap.message_count("Copies"), 2, "copies of both sent mails went to the named folder");
    let bad = reach::api::inbox_sync::MailboxFolders { sent_folder: None, extra_folders: vec!["bad\nname".into()] };
    assert!(t.env.engine.set_mailbox_folders(t.account, bad).await.is_err(), "a name with a line break is refused");
}

#[tokio::test]
async fn an_account_with_an_imap_server_always_has_its_sync_job_when_reach_opens() {
    let t = InboxEnv::new(LEADS).await;
    let live = |jobs: Vec<reach::api::jobs::Job>| {
        jobs.into_iter()
            .filter(|j| j.kind == "inbox" && matches!(j.status, reach::api::jobs::JobStatus::Queued | reach::api::jobs::JobStatus::Paused))
            .count()
    };
    let jobs = t.env.engine.list_jobs(Some(t.env.workspace)).await.unwrap();
    let job = jobs.iter().find(|j| j.kind == "inbox").expect("saving the account made its sync job").id;
    t.env.engine.cancel_job(job).await.expect("cancelled");
    assert_eq!(live(t.env.engine.list_jobs(Some(t.env.workspace)).await.unwrap()), 0);
    let path = t.env.dir.path().join("reach.db");
    let options = reach::EngineOptions {
        runner: reach::RunnerConfig { lease: Duration::from_secs(30) },
        clock: t.env.clock.clone(),
        secrets: reach::secrets::SecretStore::memory(),
        job_kinds: Vec::new(),
        smtp_ca: None,
    };
    let reopened = reach::Engine::open_with(&path, options).await.expect("Reach opens again");
    assert_eq!(live(reopened.list_jobs(Some(t.env.workspace)).await.unwrap()), 1, "the account's mailbox is read again");
}
