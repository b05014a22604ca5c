//! Answering a message of the inbox from Reach: the answer goes to the person through the campaign's outbox and
//! its gate, threaded under their reply, from the mailbox it came to; the test SMTP server receives it.

mod cli_support;
mod common;

use std::time::{Duration, SystemTime};

use common::inbox::{reply, InboxEnv, LEADS, SENDER};
use reach::api::inbox::{Direction, InboxItem, InboxQuery, InboxState};
use reach::api::outbox::AttemptStatus;
use reach::api::sending::{PasswordChange, SuppressionKind};

/// Ada answers the first mail ("Re: Quick idea…") an hour after it went; the inbox reads her reply. Returns it.
async fn ada_replied(t: &InboxEnv) -> InboxItem {
    t.env.send().await;
    let ada = t.env.attempt_to("ada@acme.example", 1).await;
    let subject = format!("Re: {}", ada.subject.as_deref().unwrap_or_default());
    let raw = reply(&ada, "Ada", &subject, "", "Sounds good. Can you send a few times for a call?");
    // Received on the engine's clock (not the wall clock), so the thread orders it between the mails Reach sends.
    t.env.advance(Duration::from_secs(3600));
    t.imap.deliver_received("INBOX", raw.as_bytes(), SystemTime::from(t.env.clock.now()));
    t.env.advance(Duration::from_secs(60));
    let synced = t.sync().await;
    assert_eq!((synced.replies, synced.error.as_deref()), (1, None), "Ada's reply is read: {synced:?}");
    t.inbox().await.into_iter().next().expect("Ada's reply is in the inbox")
}

fn mails_to(t: &InboxEnv, address: &str) -> Vec<reach::inbound::parse::ParsedMessage> {
    t.env.server.received_to(address).iter().map(|m| reach::inbound::parse::parse(&m.raw)).collect()
}

#[tokio::test]
async fn an_answer_reaches_the_person_threaded_under_their_reply_from_the_mailbox_it_came_to() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    let first = t.env.attempt_to("ada@acme.example", 1).await;
    let theirs = t.env.engine.inbox_message(item.id, false).await.unwrap().message_id.expect("Ada's reply has a Message-ID");

    let answer = t.env.engine.reply_to_message(item.id, "Tuesday at 10 works.\nTalk soon".into()).await.expect("the answer is taken");
    assert_eq!(answer.status, AttemptStatus::Sent, "the answer went at once: {:?}", answer.detail);
    assert_eq!((answer.answer_to, answer.sender.as_deref()), (Some(item.id), Some(SENDER)), "from the mailbox Ada wrote to");
    assert!(answer.step < 0, "an answer takes a step below the sequence, not one of its steps: {}", answer.step);
    assert_eq!(answer.idempotency_key, format!("reply-{}-1", item.id));

    let mails = mails_to(&t, "ada@acme.example");
    assert_eq!(mails.len(), 2, "the first step, then the answer");
    let sent = &mails[1];
    assert_eq!(sent.subject, format!("Re: {}", first.subject.as_deref().unwrap()), "one Re:, not two");
    assert_eq!(sent.in_reply_to.as_deref(), Some(theirs.as_str()), "In-Reply-To is Ada's reply");
    let first_id = first.message_id.as_deref().unwrap().trim_matches(['<', '>']).to_string();
    assert_eq!(sent.references, vec![first_id, theirs.clone()], "References: her reply's references, then her reply");
    assert_eq!(sent.from.as_ref().map(|f| f.address.as_str()), Some(SENDER));
    let text = sent.text.as_deref().unwrap_or_default();
    assert!(text.contains("Tuesday at 10 works."), "the user's words: {text}");
    assert!(text.contains("Acme Consulting"), "the mailbox's signature, as every mail has: {text}");
    assert!(text.contains("1 Main St, Springfield"), "the compliance footer, as every mail has: {text}");
    assert_eq!(sent.message_id.as_deref().map(|m| format!("<{m}>")), answer.message_id, "the Message-ID the outbox gave it");

    let view = t.env.engine.inbox_message(item.id, false).await.unwrap();
    let last = view.thread.last().expect("a thread");
    assert_eq!((last.direction, last.id), (Direction::Sent, answer.id), "the answer ends the thread as a sent mail");
    assert!(last.text.contains("Tuesday at 10 works."));
    assert_eq!(view.item.state, InboxState::Done, "an answered message is done");

    let audit: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'send.gate' AND detail ->> '$.attempt_id' = ?")
        .bind(answer.id)
        .fetch_one(t.env.engine.store().pool())
        .await
        .expect("the gate wrote its audit row for the answer");
    let audit: serde_json::Value = serde_json::from_str(&audit).unwrap();
    assert_eq!(audit["answer_to"], item.id, "the audit row names the message answered: {audit}");
    assert_eq!(audit["not_applied"], serde_json::json!(["draft_approved", "lead_replied", "sequence_stopped"]), "{audit}");
    assert_eq!(audit["result"], "allowed");
}

#[tokio::test]
async fn the_persons_reply_to_an_answer_is_matched_by_its_thread_and_shows_the_answer_above_it() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    let answer = t.env.engine.reply_to_message(item.id, "Tuesday at 10?".into()).await.unwrap();
    assert_eq!(answer.status, AttemptStatus::Sent);

    let raw = reply(&answer, "Ada", "Re: Re: Quick idea", "", "Tuesday works. Speak then.");
    t.env.advance(Duration::from_secs(3600));
    t.imap.deliver_received("INBOX", raw.as_bytes(), SystemTime::from(t.env.clock.now()));
    t.env.advance(Duration::from_secs(60));
    let synced = t.sync().await;
    assert_eq!((synced.replies, synced.error.as_deref()), (1, None), "{synced:?}");
    let again = t.inbox().await.into_iter().find(|i| i.id != item.id).expect("Ada's second reply is open in the inbox");
    assert_eq!(
        (again.lead_id, again.campaign_id),
        (Some(answer.lead_id), Some(t.env.campaign)),
        "matched to Ada by the answer's Message-ID"
    );
    let thread = t.env.engine.inbox_message(again.id, false).await.unwrap().thread;
    let order: Vec<(Direction, i64)> = thread.iter().map(|e| (e.direction, e.id)).collect();
    assert_eq!(
        order[order.len() - 3..],
        [(Direction::Received, item.id), (Direction::Sent, answer.id), (Direction::Received, again.id)],
        "her reply, the answer, her reply to it"
    );
}

#[tokio::test]
async fn a_suppressed_address_blocks_the_answer_and_the_message_stays_open() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    t.env.engine.suppress(t.env.workspace, "ada@acme.example", Some("asked by phone".into())).await.unwrap();

    let answer = t.env.engine.reply_to_message(item.id, "Happy to help".into()).await.expect("the answer is taken, then judged");
    assert_eq!(answer.status, AttemptStatus::Blocked, "the suppression list holds for answers too");
    assert_eq!(answer.blocked_by.as_deref(), Some("suppression"));
    assert!(answer.detail.as_deref().unwrap_or_default().contains("suppression list"), "{:?}", answer.detail);
    assert_eq!(mails_to(&t, "ada@acme.example").len(), 1, "only the first step ever reached Ada");
    assert_eq!(t.env.engine.inbox_item(item.id).await.unwrap().state, InboxState::Open, "an answer that cannot go leaves it open");
    let entries = t.env.engine.list_suppression(t.env.workspace, None).await.unwrap();
    assert!(entries.iter().any(|e| e.kind == SuppressionKind::Address), "still suppressed");
}

#[tokio::test]
async fn an_answer_goes_while_the_campaign_is_paused_and_the_sequence_stays_paused() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    t.env.advance(Duration::from_secs(4 * 24 * 3600));
    t.env.engine.pause_campaign_sending(t.env.campaign).await.unwrap();

    let answer = t.env.engine.reply_to_message(item.id, "Thursday?".into()).await.unwrap();
    assert_eq!(answer.status, AttemptStatus::Sent, "pausing is about the sequence; an answer goes: {:?}", answer.detail);
    assert_eq!(mails_to(&t, "ada@acme.example").len(), 2);
    assert_eq!(mails_to(&t, "bob@beta.example").len(), 1, "Bob's follow-up is due, yet the paused campaign does not send it");
    let campaign = t.env.engine.get_campaign(t.env.campaign).await.unwrap();
    assert_eq!(campaign.sending, reach::api::outbox::CampaignSending::Paused, "answering does not resume the campaign");
}

#[tokio::test]
async fn a_mailbox_whose_daily_cap_is_used_up_holds_the_answer_until_tomorrow_and_says_so() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    let mut input = t.env.engine.get_sender_account(t.account).await.unwrap().settings;
    input.daily_cap = 2;
    t.env.engine.update_sender_account(t.account, input, PasswordChange::Keep).await.unwrap();

    let answer = t.env.engine.reply_to_message(item.id, "Tuesday?".into()).await.unwrap();
    assert_eq!(answer.status, AttemptStatus::Queued, "the cap applies to answers too: {:?}", answer.detail);
    let why = answer.detail.as_deref().unwrap_or_default();
    assert!(why.contains("daily cap") && why.contains("tomorrow"), "the answer says what it waits for: {why}");
    assert_eq!(mails_to(&t, "ada@acme.example").len(), 1);

    t.env.advance(Duration::from_secs(24 * 3600));
    t.env.send().await;
    let sent = t.env.engine.get_attempt(answer.id).await.unwrap();
    assert_eq!(sent.status, AttemptStatus::Sent, "the next day's run sends it: {:?}", sent.detail);
    assert_eq!(mails_to(&t, "ada@acme.example").len(), 2);
}

#[tokio::test]
async fn two_answers_to_the_same_message_both_go_each_with_its_own_key() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    let one = t.env.engine.reply_to_message(item.id, "Tuesday at 10?".into()).await.unwrap();
    let two = t.env.engine.reply_to_message(item.id, "Sorry, I meant Wednesday at 10.".into()).await.unwrap();
    assert_eq!((one.status, two.status), (AttemptStatus::Sent, AttemptStatus::Sent), "{:?} / {:?}", one.detail, two.detail);
    assert_ne!(one.idempotency_key, two.idempotency_key);
    assert_ne!(one.step, two.step, "each answer has a step of its own");
    assert_ne!(one.message_id, two.message_id);
    let mails = mails_to(&t, "ada@acme.example");
    assert_eq!(mails.len(), 3, "the first step and both answers");
    assert!(mails[2].text.as_deref().unwrap_or_default().contains("Wednesday"));
    let sent: Vec<i64> = t
        .env
        .engine
        .inbox_message(item.id, false)
        .await
        .unwrap()
        .thread
        .iter()
        .filter(|e| e.direction == Direction::Sent)
        .map(|e| e.id)
        .collect();
    assert!(sent.ends_with(&[one.id, two.id]), "both answers are in the thread, in order: {sent:?}");
}

#[tokio::test]
async fn the_follow_up_sequence_stays_stopped_after_an_answer() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    let answer = t.env.engine.reply_to_message(item.id, "Great, Tuesday then.".into()).await.unwrap();
    assert_eq!(answer.status, AttemptStatus::Sent);
    let lead = answer.lead_id;
    let before = t.env.engine.lead_enrollments(lead).await.unwrap();

    t.env.advance(Duration::from_secs(4 * 24 * 3600));
    t.env.send().await;
    let followed_up: Vec<_> = t.env.attempts().await.into_iter().filter(|a| a.step == 2).map(|a| a.recipient).collect();
    assert_eq!(followed_up, vec!["bob@beta.example".to_string()], "Ada's sequence stays stopped; Bob's follow-up goes");
    let after = t.env.engine.lead_enrollments(lead).await.unwrap();
    assert_eq!(
        (after[0].stage, after[0].step),
        (before[0].stage, before[0].step),
        "an answer is no step of the sequence: the enrollment is left as the reply left it"
    );
    assert_eq!(after[0].step, 1);
}

#[tokio::test]
async fn mail_from_nobody_reach_wrote_to_and_an_empty_answer_are_refused_with_the_reason() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    let empty = t.env.engine.reply_to_message(item.id, "  \n ".into()).await.unwrap_err();
    assert!(empty.to_string().contains("empty"), "{empty}");

    t.answer(
        "stranger@else.example",
        format!(
            "From: Stranger <stranger@else.example>\r\nTo: {SENDER}\r\nSubject: Hello\r\nMessage-ID: <s1@else.example>\r\n\
             Date: Tue, 8 Dec 2026 09:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nWho are you?\r\n"
        ),
    )
    .await;
    t.sync().await;
    let query = InboxQuery { workspace_id: t.env.workspace, unknown_senders: true, ..Default::default() };
    let stranger = t.env.engine.inbox(query).await.unwrap().items.into_iter().next().expect("the stranger's mail is listed apart");
    let refused = t.env.engine.reply_to_message(stranger.id, "Hi".into()).await.unwrap_err();
    assert!(refused.to_string().contains("not tied to a campaign"), "{refused}");
    assert_eq!(mails_to(&t, "stranger@else.example").len(), 0);
}

#[tokio::test]
async fn reach_inbox_reply_answers_from_the_command_line_and_says_what_the_gate_decided() {
    let t = InboxEnv::new(LEADS).await;
    let item = ada_replied(&t).await;
    // The gate decides before any mailbox is used, so this needs no password from the command's keychain.
    t.env.engine.suppress(t.env.workspace, "ada@acme.example", Some("asked by phone".into())).await.unwrap();
    t.env.engine.close().await;
    let cli = cli_support::Cli { dir: tempfile::tempdir().unwrap() };
    let db = t.env.dir.path().join("reach.db");
    let reach = || {
        let mut c = assert_cmd::Command::cargo_bin("reach").unwrap();
        c.arg("--db").arg(&db).env("REACH_DATA_DIR", t.env.dir.path()).env(reach::jobs::LEASE_ENV, "30000");
        c
    };
    let body = cli.file("answer.txt", "Thanks Ada, Tuesday at 10 works.\n");
    let out = reach().args(["inbox", "reply", &item.id.to_string(), "--body-file", &body, "--json"]).assert().success();
    let printed: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("--json prints the attempt");
    assert_eq!(printed["status"], "blocked", "{printed}");
    assert_eq!(printed["blocked_by"], "suppression", "{printed}");
    assert_eq!(printed["answer_to"], item.id);

    let out = reach().args(["inbox", "reply", &item.id.to_string(), "--body", "One more thing"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("Blocked") && text.contains("suppression"), "the words say it was blocked and by what: {text}");

    let out = reach().args(["inbox", "reply", "999999", "--body", "Hi"]).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("999999"), "a missing message is named: {err}");
    reach().args(["inbox", "reply", &item.id.to_string()]).assert().code(2);
    assert_eq!(t.env.server.received_to("ada@acme.example").len(), 1, "nothing reached Ada");
}
