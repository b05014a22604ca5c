//! Answering a message of the inbox from Reach: the user's words go to the person as a mail of the thread,
//! through the campaign's outbox and its policy gate like every mail Reach sends.

use crate::api::inbox::{InboxState, MessageKind};
use crate::api::outbox::{Attempt, AttemptStatus};
use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::store::answers::NewAnswer;
use crate::Engine;

/// The longest answer taken, in bytes.
const MAX_ANSWER_BYTES: usize = 200_000;

impl Engine {
    /// Writes `body` back to the sender of message `reply_id`: "Re: <subject>", threaded under it (In-Reply-To its
    /// Message-ID, References its references and it), from the mailbox it came to, with that mailbox's signature
    /// and the compliance footer. The answer is queued in the message's campaign with its own idempotency key and
    /// sent at once by the campaign's outbox, which lets it through its gate (suppression, unsubscribes, hard
    /// bounces, caps, the send window, the legal basis) but not the rules of the sequence: the person wrote,
    /// and the user answers. A campaign that is paused or not launched still sends its answers; pausing is
    /// about the sequence. Returns the attempt as the run left it (sent, waiting with why, or blocked by its
    /// rule); the message is marked done unless its answer cannot go.
    pub async fn reply_to_message(&self, reply_id: i64, body: String) -> Result<Attempt> {
        let reply = self.store.get_reply(reply_id).await?.ok_or_else(|| EngineError::not_found(format!("Message {reply_id}")))?;
        let text = body.trim_end().trim_start_matches(['\r', '\n']).to_string();
        if text.trim().is_empty() {
            return Err(EngineError::Validation("the answer is empty: write what to say".into()));
        }
        if text.len() > MAX_ANSWER_BYTES {
            return Err(EngineError::Validation(format!("the answer is longer than {} kB; shorten it", MAX_ANSWER_BYTES / 1000)));
        }
        if reply.item.kind == MessageKind::Bounce {
            return Err(EngineError::Validation(format!(
                "message {reply_id} is a bounce, a mail server's notice about undelivered mail: there is no one to answer"
            )));
        }
        let (Some(campaign_id), Some(lead_id)) = (reply.item.campaign_id, reply.item.lead_id) else {
            return Err(EngineError::Validation(format!(
                "message {reply_id} is not tied to a campaign and a lead Reach wrote to, so Reach cannot answer it through an \
                 outbox; answer it from your mail program"
            )));
        };
        let Some(recipient) = reply.item.from_address.clone().filter(|a| !a.trim().is_empty()) else {
            return Err(EngineError::Validation(format!("message {reply_id} has no sender address to answer")));
        };
        let account = self.get_sender_account(reply.item.account_id).await?;
        if let Some(why) = &account.paused_reason {
            return Err(EngineError::Validation(format!(
                "the answer would go from {}, whose sending is paused: {why}",
                account.settings.email
            )));
        }
        let compliance = self.store.compliance_settings(reply.workspace_id).await?;
        if compliance.physical_address.trim().is_empty() {
            return Err(EngineError::Validation(
                "every mail carries the compliance footer, which needs the physical address (Settings → Compliance)".into(),
            ));
        }
        let campaign = self.get_campaign(campaign_id).await?;
        let answer = NewAnswer {
            workspace_id: reply.workspace_id,
            campaign_id,
            lead_id,
            reply_id,
            recipient: recipient.trim().to_string(),
            account_id: account.id,
            subject: answer_subject(&reply.item.subject),
            text,
        };
        let id = self.store.queue_answer(&answer).await?;
        self.events.changed(Entity::Outbox, Some(reply.workspace_id));
        let job = self.outbox_job(&campaign).await?;
        if !self.run_job_waiting(job).await? {
            // The outbox is running elsewhere (the window's runner): it takes the answer first in its next batch.
            tracing::info!(attempt = id, campaign = campaign.id, "the outbox is busy; the answer waits for its run");
        }
        let mut attempt = self.get_attempt(id).await?;
        if attempt.status == AttemptStatus::Queued && attempt.detail.is_none() {
            // Not held by a rule, so it waits for its mailbox: say for what, as the gate's holds say theirs.
            attempt.detail = Some(self.why_answer_waits(reply.workspace_id, account.id).await?);
        }
        let goes =
            !matches!(attempt.status, AttemptStatus::Blocked | AttemptStatus::Failed | AttemptStatus::Bounced | AttemptStatus::Cancelled);
        if goes && reply.item.state != InboxState::Done {
            self.store.set_reply_state(reply_id, InboxState::Done, None).await?;
        }
        self.events.changed(Entity::Inbox, Some(reply.workspace_id));
        Ok(attempt)
    }
}

impl Engine {
    /// Why a queued answer the gate did not hold still waits: its mailbox's allowance for today is used up, or
    /// the mailbox keeps its spacing between mails, or the outbox is busy with a run of its own.
    async fn why_answer_waits(&self, workspace_id: i64, account_id: i64) -> Result<String> {
        let views = self.list_sender_accounts(workspace_id).await?;
        let Some(view) = views.iter().find(|v| v.account.id == account_id) else {
            return Ok("waiting for the outbox's next run".into());
        };
        let email = &view.account.settings.email;
        if view.sent_today >= i64::from(view.allowance_today) {
            return Ok(format!(
                "{email} has sent the {} mails it may send today (its daily cap); the answer goes tomorrow",
                view.allowance_today
            ));
        }
        let now = self.clock().now();
        match view.account.next_send_at.as_deref().and_then(crate::store::parse_time).filter(|at| *at > now) {
            Some(at) => Ok(format!("{email} keeps its spacing between mails; the answer goes at {}", at.format("%H:%M:%S UTC"))),
            None => Ok("waiting for the outbox's next run (it is busy with another run now)".into()),
        }
    }
}

/// "Re: " before the subject, unless it already starts with one (any case, with or without a space).
pub fn answer_subject(subject: &str) -> String {
    let subject = subject.trim();
    let has_re = subject.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("re:"));
    match (has_re, subject.is_empty()) {
        (true, _) => format!("Re: {}", subject[3..].trim_start()),
        (false, true) => "Re:".to_string(),
        (false, false) => format!("Re: {subject}"),
    }
}

#[cfg(test)]
mod tests {
    use super::answer_subject;

    #[test]
    fn an_answers_subject_has_one_re_whatever_the_message_had() {
        assert_eq!(answer_subject("Quick idea"), "Re: Quick idea");
        assert_eq!(answer_subject("Re: Quick idea"), "Re: Quick idea", "no double Re:");
        assert_eq!(answer_subject("RE:Quick idea"), "Re: Quick idea", "any case, no space");
        assert_eq!(answer_subject("  re:  Quick idea "), "Re: Quick idea");
        assert_eq!(answer_subject("Return policy"), "Re: Return policy", "a subject starting with Re… is not a Re:");
        assert_eq!(answer_subject(""), "Re:");
    }
}
