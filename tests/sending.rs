//! Sending through the real outbox to a real SMTP server on 127.0.0.1 (STARTTLS, AUTH), read back from the
//! server: headers, footer, encoding, threading, no double send, and each fault the server answers.

mod common;

use std::time::Duration;

use common::sending::{SendEnv, PASSWORD};
use mail_parser::MessageParser;
use reach::api::outbox::AttemptStatus;

const LEADS: &str = "email,first_name,last_name,company,country
ana@acme-analytics.com,Ana,Lopez,Acme Analytics,US
bo@brightshop.com,Bo,Keller,Brightshop,US
cy@nocompany.io,Cy,,,US
";

const DAY: Duration = Duration::from_secs(24 * 3600);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_mail_goes_out_once_with_its_headers_and_footer_and_the_follow_up_threads_under_it() {
    let env = SendEnv::new(LEADS).await;
    env.add_account(env.account_input(), PASSWORD).await;

    let report = env.send().await;
    assert_eq!(env.server.received().len(), 3, "one mail per lead: {}", report.message);
    let ana = &env.server.received_to("ana@acme-analytics.com")[0];
    let parsed = MessageParser::default().parse(&ana.raw).expect("a parseable message");
    assert_eq!(parsed.subject(), Some("Quick idea for Acme Analytics"));
    let from = parsed.from().and_then(|f| f.first()).expect("a From");
    assert_eq!(from.name(), Some("Zoë Consultant"), "a non-ASCII display name is encoded and reads back");
    let message_id = parsed.message_id().expect("a Message-ID").to_string();
    assert!(message_id.ends_with("@consult.example"), "the Message-ID is on the sender's domain: {message_id}");
    let raw = String::from_utf8_lossy(&ana.raw);
    assert!(raw.contains("List-Unsubscribe: <mailto:unsubscribe@consult.example"), "{raw}");
    assert!(raw.contains("<https://consult.example/unsubscribe>"), "{raw}");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
    let body = parsed.body_text(0).expect("a text body").replace("\r\n", "\n");
    assert!(body.contains("Hi Ana,"), "{body}");
    assert!(body.contains("Acme Consulting, 1 Main St, Springfield"), "the footer carries the physical address: {body}");
    assert!(body.contains("-- \nZoë\nAcme Consulting"), "the signature follows the body: {body}");
    assert_eq!(env.count(AttemptStatus::Sent).await, 3);
    let attempt = env.attempt_to("ana@acme-analytics.com", 1).await;
    assert_eq!(attempt.message_id.as_deref().map(|m| m.trim_matches(['<', '>'])), Some(message_id.as_str()));
    assert_eq!(attempt.smtp_code, Some(250), "the server's reply is kept");

    env.send().await;
    assert_eq!(env.server.received().len(), 3, "a second run sends nothing twice");

    env.advance(3 * DAY + Duration::from_secs(60));
    env.send().await;
    let mails = env.server.received_to("ana@acme-analytics.com");
    assert_eq!(mails.len(), 2, "the follow-up went out after its delay");
    let follow = MessageParser::default().parse(&mails[1].raw).unwrap();
    assert_eq!(follow.subject(), Some("Re: Quick idea for Acme Analytics"));
    assert_eq!(follow.in_reply_to().as_text(), Some(message_id.as_str()), "it threads under the first mail");
    assert_eq!(follow.references().as_text(), Some(message_id.as_str()));
    assert_eq!(mails[0].connection, mails[0].connection);
}

const FAULTS: &str = "email,first_name,country
fault-451@rcpt.example,Dee,US
fault-550@gone.example,Eve,US
fault-554@relay.example,Fay,US
reject-data-554@content.example,Gus,US
drop-after-data@lost.example,Hal,US
timeout-after-data@slow.example,Ivy,US
ok@fine.example,Jo,US
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_server_fault_ends_in_its_state_and_an_unknown_outcome_is_never_sent_again_by_itself() {
    std::env::set_var(reach::outbound::delivery::SMTP_TIMEOUT_ENV, "1500");
    let env = SendEnv::new(FAULTS).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.send().await;

    let deferred = env.attempt_to("fault-451@rcpt.example", 1).await;
    assert_eq!(deferred.status, AttemptStatus::Deferred, "{deferred:?}");
    assert_eq!(deferred.smtp_code, Some(451));
    assert!(deferred.detail.as_deref().unwrap_or("").contains("trying again at"), "{deferred:?}");

    let hard = env.attempt_to("fault-550@gone.example", 1).await;
    assert_eq!((hard.status, hard.smtp_code), (AttemptStatus::Bounced, Some(550)));
    let lead = env.engine.lead_by_email(env.workspace, "fault-550@gone.example").await.unwrap();
    assert!(lead.hard_bounced_at.is_some(), "a hard bounce is a fact about the person");
    let suppressed = env.engine.list_suppression(env.workspace, Some("gone.example")).await.unwrap();
    assert_eq!(suppressed.len(), 1, "a hard bounce suppresses the address");
    assert_eq!(suppressed[0].source, "bounce");

    let relay = env.attempt_to("fault-554@relay.example", 1).await;
    assert_eq!((relay.status, relay.smtp_code), (AttemptStatus::Bounced, Some(554)));
    let rejected = env.attempt_to("reject-data-554@content.example", 1).await;
    assert_eq!(rejected.status, AttemptStatus::Bounced, "a 5xx after the data is a bounce too");

    for lost in ["drop-after-data@lost.example", "timeout-after-data@slow.example"] {
        let a = env.attempt_to(lost, 1).await;
        assert_eq!(a.status, AttemptStatus::Unknown, "{lost}: {a:?}");
        assert!(a.detail.as_deref().unwrap_or("").contains("will not send it again"), "{a:?}");
    }
    assert_eq!(env.attempt_to("ok@fine.example", 1).await.status, AttemptStatus::Sent, "one fault does not hold back the rest");
    let stored_before = env.server.received().len();

    // Later runs retry the deferral, never the unknown ones.
    env.advance(Duration::from_secs(6 * 60));
    env.send().await;
    assert_eq!(env.attempt_to("fault-451@rcpt.example", 1).await.tries, 2, "the deferred mail was tried again after its backoff");
    assert_eq!(env.server.received().len(), stored_before, "nothing stored twice");
    assert_eq!(env.attempt_to("drop-after-data@lost.example", 1).await.status, AttemptStatus::Unknown);

    // The user says the dropped one did go out: it counts as sent and the sequence goes on.
    let id = env.attempt_to("drop-after-data@lost.example", 1).await.id;
    let resolved = env.engine.resolve_attempt(id, true).await.unwrap();
    assert_eq!(resolved.status, AttemptStatus::Sent);
    assert!(env.engine.resolve_attempt(id, false).await.is_err(), "only an unknown outcome is resolved by hand");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_pauses_the_mailbox_and_sends_nothing() {
    let env = SendEnv::new(LEADS).await;
    let account = env.add_account(env.account_input(), "not-the-password").await;
    let report = env.engine.send_campaign(env.campaign, None).await.expect("the run ends");
    assert!(env.server.received().is_empty(), "{}", report.message);
    let account = env.engine.get_sender_account(account.id).await.unwrap();
    let reason = account.paused_reason.expect("the mailbox paused itself");
    assert!(reason.contains("sender@consult.example") && !reason.contains("not-the-password"), "{reason}");
    assert_eq!(env.count(AttemptStatus::Queued).await, 3, "the mail waits in the queue, not counted as tried");
    let campaign = env.engine.get_campaign(env.campaign).await.unwrap();
    assert_eq!(campaign.sending, reach::api::outbox::CampaignSending::Paused, "with no mailbox left the campaign pauses");
    assert!(campaign.sending_note.unwrap_or_default().contains("paused"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_tls_is_refused_when_starttls_is_required() {
    use common::smtp::{ServerTls, SmtpOptions, SmtpServer};
    let server = SmtpServer::start(SmtpOptions::default().tls(ServerTls::Off));
    let env = SendEnv::with_server(LEADS, server).await;
    let input = reach::api::sending::AccountInput { smtp_username: None, ..env.account_input() };
    let account = env.engine.add_sender_account(env.workspace, input, None).await.unwrap();
    let err = env.engine.test_sender_account(account.id).await.expect_err("no STARTTLS offered");
    assert!(err.to_string().contains("TLS"), "{err}");
    env.send().await;
    assert!(env.server.received().is_empty(), "nothing goes out in plaintext");
    let paused = env.engine.get_sender_account(account.id).await.unwrap().paused_reason.unwrap_or_default();
    assert!(paused.contains("TLS"), "{paused}");
}

const MORE_FAULTS: &str = "email,first_name,country
fault-421@busy.example,Kai,US
fault-452@full.example,Lea,US
fault-553@badname.example,Max,US
drop-during-data@cut.example,Ned,US
after@fine.example,Oli,US
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_connection_or_a_full_mailbox_defers_and_a_cut_during_the_data_is_unknown() {
    let env = SendEnv::new(MORE_FAULTS).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.send().await;
    for (address, code) in [("fault-421@busy.example", 421), ("fault-452@full.example", 452)] {
        let a = env.attempt_to(address, 1).await;
        assert_eq!((a.status, a.smtp_code), (AttemptStatus::Deferred, Some(code)), "{a:?}");
    }
    let a = env.attempt_to("fault-553@badname.example", 1).await;
    assert_eq!(a.status, AttemptStatus::Bounced);
    assert!(env.engine.lead_by_email(env.workspace, "fault-553@badname.example").await.unwrap().hard_bounced_at.is_some());
    let cut = env.attempt_to("drop-during-data@cut.example", 1).await;
    assert_eq!(cut.status, AttemptStatus::Unknown, "the data went out and no reply came: {cut:?}");
    assert_eq!(env.attempt_to("after@fine.example", 1).await.status, AttemptStatus::Sent, "a new connection carries on after a cut");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waking_after_a_long_sleep_sends_one_mail_per_spacing_not_a_burst() {
    let env = SendEnv::new(LEADS).await;
    let input = reach::api::sending::AccountInput { min_spacing_secs: 600, jitter_secs: 60, ..env.account_input() };
    env.add_account(input, PASSWORD).await;
    env.send().await;
    assert_eq!(env.server.received().len(), 1, "one mail, then the mailbox waits its spacing");
    env.advance(Duration::from_secs(10 * 3600)); // the machine slept through most of the day
    env.send().await;
    assert_eq!(env.server.received().len(), 2, "waking up sends one more, not everything that was due");
    env.advance(Duration::from_secs(11 * 60));
    env.send().await;
    assert_eq!(env.server.received().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_or_unapproved_draft_is_held_back_and_goes_once_approved_again() {
    let env = SendEnv::new(LEADS).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.comply(reach::api::sending::CompliancePatch { days: Some("sat".into()), ..Default::default() }).await;
    env.send().await; // queued while the window is shut
    let drafts = env
        .engine
        .list_drafts(&reach::api::review::DraftFilter { campaign_id: env.campaign, step: Some(1), ..Default::default() }, 0, 10)
        .await
        .unwrap()
        .drafts;
    let ana = drafts.iter().find(|d| d.lead_email.as_deref() == Some("ana@acme-analytics.com")).unwrap();
    let reopen = reach::api::review::ReviewDecision { action: reach::api::review::ReviewAction::Reopen, note: None };
    env.engine.review_draft(ana.id, &reopen).await.unwrap();
    env.engine.edit_draft(ana.id, "A better subject", "A better body").await.unwrap();
    env.comply(reach::api::sending::CompliancePatch { days: Some("mon-sun".into()), ..Default::default() }).await;
    env.send().await;
    let held = env.attempt_to("ana@acme-analytics.com", 1).await;
    assert_eq!(held.status, AttemptStatus::Blocked, "{held:?}");
    assert!(env.server.received_to("ana@acme-analytics.com").is_empty(), "the edited text was never approved");

    let decision = reach::api::review::ReviewDecision { action: reach::api::review::ReviewAction::Approve, note: None };
    env.engine.review_draft(ana.id, &decision).await.unwrap();
    env.send().await;
    let mails = env.server.received_to("ana@acme-analytics.com");
    assert_eq!(mails.len(), 1, "approved again, it goes once");
    assert!(String::from_utf8_lossy(&mails[0].raw).contains("A better subject"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_alternative_carries_the_same_words_and_pause_all_stops_every_campaign() {
    let env = SendEnv::new(LEADS).await;
    env.comply(reach::api::sending::CompliancePatch { html_alternative: Some(true), ..Default::default() }).await;
    env.add_account(env.account_input(), PASSWORD).await;
    env.engine.launch_campaign(env.campaign).await.unwrap();
    let paused = env.engine.pause_all_sending(env.workspace).await.unwrap();
    assert_eq!(paused.len(), 1);
    let report = env.send().await; // sending a paused campaign launches it again
    assert_eq!(env.server.received().len(), 3, "{}", report.message);
    let mails = env.server.received_to("ana@acme-analytics.com");
    let parsed = MessageParser::default().parse(&mails[0].raw).unwrap();
    let html = parsed.body_html(0).expect("an HTML part");
    assert!(html.contains("<p>Hi Ana,</p>"), "{html}");
    assert!(parsed.body_text(0).unwrap().contains("Hi Ana,"), "the plain text stays");
    assert!(env.engine.resume_all_sending(env.workspace).await.unwrap().is_empty(), "it was launched again by the send");
}
