//! The demo's replies: a bounce, an out-of-office and an interested answer to three of the mails its dry run
//! wrote, read into the inbox by the same code that reads a real mailbox.

use crate::api::outbox::{Attempt, AttemptStatus};
use crate::error::Result;
use crate::Engine;

/// The three answers, each to one of the first mails the dry run wrote.
fn demo_messages(sent: &[Attempt], back: &str, now_rfc2822: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let name = |a: &Attempt| a.lead_name.clone().unwrap_or_else(|| a.recipient.clone());
    let subject = |a: &Attempt| a.subject.clone().unwrap_or_default();
    let id = |a: &Attempt| a.message_id.clone().unwrap_or_default();
    let sender = |a: &Attempt| a.sender.clone().unwrap_or_else(|| "hello@northwind-advisory.example".into());
    if let Some(a) = sent.first() {
        let domain = a.recipient.rsplit_once('@').map_or("example.com", |(_, d)| d);
        out.push(format!(
            "From: Mail Delivery System <MAILER-DAEMON@mx.{domain}>\r\nTo: {sender}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
             Date: {now_rfc2822}\r\nMessage-ID: <bounce-{attempt}@mx.{domain}>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n\
             --b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis is the mail system at host mx.{domain}.\r\n\r\n\
             I'm sorry to have to inform you that your message could not be delivered to one or more recipients.\r\n\r\n\
             <{to}>: host mx.{domain}[192.0.2.10] said: 550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table\r\n\r\n\
             --b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.{domain}\r\nArrival-Date: {now_rfc2822}\r\n\r\n\
             Final-Recipient: rfc822; {to}\r\nOriginal-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
             Remote-MTA: dns; mx.{domain}\r\nDiagnostic-Code: smtp; 550 5.1.1 <{to}>: Recipient address rejected: User unknown\r\n\r\n\
             --b1\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{mid}>\r\n\r\n--b1--\r\n",
            sender = sender(a),
            attempt = a.id,
            to = a.recipient,
            subject = subject(a),
            mid = id(a),
        ));
    }
    if let Some(a) = sent.get(1) {
        out.push(format!(
            "From: {who} <{to}>\r\nTo: {sender}\r\nSubject: Automatic reply: {subject}\r\nDate: {now_rfc2822}\r\n\
             Message-ID: <ooo-{attempt}@{domain}>\r\nIn-Reply-To: <{mid}>\r\nReferences: <{mid}>\r\nAuto-Submitted: auto-replied\r\n\
             X-Auto-Response-Suppress: All\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             Thank you for your message. I am out of the office with limited access to email and will be back on {back}.\r\n\
             For anything urgent please contact our office manager.\r\n",
            who = name(a),
            to = a.recipient,
            sender = sender(a),
            subject = subject(a),
            attempt = a.id,
            domain = a.recipient.rsplit_once('@').map_or("example.com", |(_, d)| d),
            mid = id(a),
        ));
    }
    if let Some(a) = sent.get(2) {
        out.push(format!(
            "From: {who} <{to}>\r\nTo: {sender}\r\nSubject: Re: {subject}\r\nDate: {now_rfc2822}\r\n\
             Message-ID: <re-{attempt}@{domain}>\r\nIn-Reply-To: <{mid}>\r\nReferences: <{mid}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             Hi,\r\n\r\nThanks for reaching out, the timing is good: our board meeting is next month and the runway model needs work.\r\n\
             Sounds interesting. Could we talk on Thursday afternoon? Send me a calendar invite.\r\n\r\nBest,\r\n{who}\r\n\r\n\
             On Monday, Northwind Advisory <{sender}> wrote:\r\n> {subject}\r\n",
            who = name(a),
            to = a.recipient,
            sender = sender(a),
            subject = subject(a),
            attempt = a.id,
            domain = a.recipient.rsplit_once('@').map_or("example.com", |(_, d)| d),
            mid = id(a),
        ));
    }
    out.into_iter().map(String::into_bytes).collect()
}

impl Engine {
    /// Answers to three of the demo's dry-run mails, read into its inbox.
    pub(crate) async fn demo_replies(&self, campaign_id: i64) -> Result<()> {
        let sent = self.store.list_attempts(campaign_id, true, Some(AttemptStatus::Sent), 3, 0).await?;
        let Some(account_id) = sent.first().and_then(|a| a.account_id) else { return Ok(()) };
        let now = self.clock().now();
        let back = (now + chrono::Duration::days(9)).format("%A %-d %B %Y").to_string();
        let raws = demo_messages(&sent, &back, &now.to_rfc2822());
        self.read_message_files(account_id, raws).await?;
        Ok(())
    }
}
