//! A model configured for "classify" reads people's replies again (against a local server speaking the OpenAI
//! wire format): its class replaces the rules', an unsubscribe it reads is applied, and the reply reaches it
//! only inside delimiters, as data.

mod common;
mod llm_support;

use common::inbox::{reply, InboxEnv, LEADS};
use llm_support::{base_url, ok, serve};
use reach::api::inbox::{LabelSource, ReplyCategory};
use reach::api::providers::ProviderInput;
use reach::llm::ProviderKind;
use secrecy::SecretString;
use wiremock::MockServer;

#[tokio::test]
async fn a_configured_model_reads_replies_again_and_an_unsubscribe_it_reads_is_applied() {
    let t = InboxEnv::new(LEADS).await;
    let server = MockServer::start().await;
    let kind = ProviderKind::Openai;
    let recorder = serve(&server, kind, vec![ok(kind, r#"{"category":"unsubscribe"}"#)]).await;
    let input = ProviderInput {
        name: "local".into(),
        kind: Some(kind),
        base_url: Some(base_url(kind, &server)),
        model: "m-local".into(),
        timeout_secs: Some(5),
        ..Default::default()
    };
    t.env.engine.add_provider(&input, Some(SecretString::from("sk-test-local-0123456789".to_string()))).await.expect("provider added");
    t.env.send().await;
    let bob = t.env.attempt_to("bob@beta.example", 1).await;
    t.answer("bob@beta.example", reply(&bob, "Bob", "Re: Quick idea", "", "We are all set here, cheers.")).await;

    t.sync().await;
    let item = t.inbox().await.into_iter().next().expect("the reply is listed");
    assert_eq!(
        (item.category, item.category_source),
        (Some(ReplyCategory::Unsubscribe), Some(LabelSource::Llm)),
        "the model's class stands"
    );
    assert_eq!(recorder.count(), 1, "one reply, one call");
    let prompt = recorder.body(0).to_string();
    assert!(prompt.contains("<reply>") && prompt.contains("We are all set here"), "the reply goes inside its delimiters: {prompt}");
    let suppressed = t.env.engine.list_suppression(t.env.workspace, None).await.unwrap();
    assert!(suppressed.iter().any(|s| s.value == "bob@beta.example" && s.source == "unsubscribe"), "applied at once: {suppressed:?}");

    let relabelled = t.env.engine.relabel_reply(item.id, ReplyCategory::NotNow).await.unwrap();
    assert_eq!(relabelled.category_source, Some(LabelSource::User));
}

#[tokio::test]
async fn mail_from_nobody_known_never_reaches_the_model() {
    let t = InboxEnv::new(LEADS).await;
    let server = MockServer::start().await;
    let kind = ProviderKind::Openai;
    let recorder = serve(&server, kind, vec![ok(kind, r#"{"category":"interested"}"#)]).await;
    let input = ProviderInput {
        name: "local".into(),
        kind: Some(kind),
        base_url: Some(base_url(kind, &server)),
        model: "m".into(),
        ..Default::default()
    };
    t.env.engine.add_provider(&input, Some(SecretString::from("sk-test-local-0123456789".to_string()))).await.unwrap();
    let raw = "From: Stranger <someone@elsewhere.example>\r\nTo: sender@consult.example\r\nSubject: Hello\r\nMessage-ID: <s1@elsewhere.example>\r\n\r\nA private note.\r\n";
    t.imap.deliver("INBOX", raw.as_bytes());
    assert_eq!(t.sync().await.new_messages, 1);
    assert_eq!(recorder.count(), 0, "the user's other mail is not sent to any model");
}
