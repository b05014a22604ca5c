//! A workspace whose mailbox is real: mail sent through the test SMTP server, answers travelling back through it
//! and delivered into a Dovecot mailbox, read by `sync_inbox`.

use reach::api::inbox::InboxQuery;
use reach::api::outbox::Attempt;
use reach::api::sending::Security;
use reach::outbound::smtp::{SendOutcome, SmtpSession};

use super::imap::{DovecotOptions, DovecotServer};
use super::sending::SendEnv;
use super::smtp::{SmtpOptions, SmtpServer};

pub const LEADS: &str = "email,first_name,company\nada@acme.example,Ada,Acme\nbob@beta.example,Bob,Beta\n";
pub const SENDER: &str = "sender@consult.example";

pub struct InboxEnv {
    pub env: SendEnv,
    pub imap: DovecotServer,
    pub account: i64,
}

impl InboxEnv {
    /// A workspace sending through the test SMTP server, whose mailbox is a Dovecot user (one password for both).
    pub async fn new(leads: &str) -> InboxEnv {
        InboxEnv::with_imap(leads, DovecotServer::start(DovecotOptions::default())).await
    }

    pub async fn with_imap(leads: &str, imap: DovecotServer) -> InboxEnv {
        let server = SmtpServer::start(SmtpOptions::default().with_auth(SENDER, &imap.password));
        let env = SendEnv::with_server(leads, server).await;
        let mut input = env.account_input();
        input.imap_host = Some(imap.host.clone());
        input.imap_port = Some(imap.port);
        input.imap_security = Some(Security::None);
        input.imap_username = Some(imap.user.clone());
        let account = env.add_account(input, &imap.password).await.id;
        InboxEnv { env, imap, account }
    }

    /// An answer from a lead travels through the test SMTP server (the lead's side) into the Dovecot INBOX.
    pub async fn answer(&self, from: &str, raw: String) {
        let mut session = SmtpSession::open(&self.env.server.endpoint()).await.expect("the SMTP server takes the answer");
        let outcome = session.send(from, SENDER, raw.as_bytes()).await;
        assert!(matches!(outcome, SendOutcome::Accepted(_)), "the answer was accepted: {outcome:?}");
        session.close().await;
        let received = self.env.server.received_to(SENDER);
        let last = received.last().expect("the SMTP server stored the answer");
        self.imap.deliver("INBOX", &last.raw);
    }

    pub async fn sync(&self) -> reach::api::inbox_sync::AccountSync {
        let report = self.env.engine.sync_inbox(self.env.workspace, None).await.expect("the inbox syncs");
        report.accounts.into_iter().next().expect("one account")
    }

    pub async fn inbox(&self) -> Vec<reach::api::inbox::InboxItem> {
        let query = InboxQuery { workspace_id: self.env.workspace, ..Default::default() };
        self.env.engine.inbox(query).await.expect("the inbox lists").items
    }
}

pub fn reply(attempt: &Attempt, from_name: &str, subject: &str, headers: &str, body: &str) -> String {
    let id = attempt.message_id.as_deref().expect("a sent mail has a Message-ID").trim_matches(['<', '>']);
    format!(
        "From: {from_name} <{to}>\r\nTo: Zoe <{SENDER}>\r\nSubject: {subject}\r\nDate: Tue, 8 Dec 2026 09:00:00 +0000\r\n\
         Message-ID: <answer-{n}@{domain}>\r\nIn-Reply-To: <{id}>\r\nReferences: <{id}>\r\n{headers}\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        to = attempt.recipient,
        n = attempt.id,
        domain = attempt.recipient.rsplit_once('@').unwrap().1,
    )
}

pub fn dsn(attempt: &Attempt, status: &str, diagnostic: &str, with_original: bool) -> String {
    let original = if with_original { format!("Message-ID: {}\r\n", attempt.message_id.as_deref().unwrap()) } else { String::new() };
    format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\nTo: {SENDER}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
         Date: Mon, 7 Dec 2026 10:05:00 +0000\r\nMessage-ID: <dsn-{n}@mx.example.net>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
         --B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n\
         --B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
         Final-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: {status}\r\nDiagnostic-Code: smtp; {diagnostic}\r\n\r\n\
         --B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: {SENDER}\r\nTo: {to}\r\n{original}Subject: Quick idea\r\n\r\n--B--\r\n",
        n = attempt.id,
        to = attempt.recipient,
    )
}
