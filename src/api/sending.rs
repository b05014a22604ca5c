//! Sender accounts (with "test connection"), the workspace's compliance settings, and its suppression list.

pub use crate::outbound::presets::{MailPreset, MailPresetInfo};
pub use crate::outbound::smtp::{ConnectionReport, Security};
pub use crate::policy::{RefusedLine, SuppressionKind};
pub use crate::store::senders::{AccountInput, ComplianceSettings, SenderAccount};
pub use crate::store::suppression::SuppressionEntry;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{EngineError, Result};
use crate::events::Entity;
use crate::outbound::{admit, delivery, smtp};
use crate::policy;
use crate::Engine;

/// A mailbox with what it may send today.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccountView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub account: SenderAccount,
    /// Today's allowance: the cap, or less while it ramps up.
    pub allowance_today: u32,
    pub sent_today: i64,
    /// Days it has sent on before today (how far it has ramped up).
    pub days_sent: i64,
}

/// What changes about the stored password when an account is saved.
#[derive(Debug, Clone, Default)]
pub enum PasswordChange {
    #[default]
    Keep,
    Set(SecretString),
}

/// Changes to the compliance settings; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompliancePatch {
    pub physical_address: Option<String>,
    /// An empty text removes it.
    pub unsubscribe_mailto: Option<String>,
    pub unsubscribe_url: Option<String>,
    /// "09:00-17:00".
    pub send_window: Option<String>,
    /// "mon,tue,wed" or "mon-fri".
    pub days: Option<String>,
    pub timezone: Option<String>,
    pub domain_daily_cap: Option<u32>,
    pub hold_without_consent: Option<bool>,
    pub bounce_pause_percent: Option<f64>,
    pub bounce_pause_min: Option<u32>,
    pub max_tries: Option<u32>,
    pub html_alternative: Option<bool>,
    pub pause_company_on_reply: Option<bool>,
}

/// What an import of a suppression file did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SuppressionImport {
    pub added: u64,
    pub already_listed: u64,
    /// Lines that could not be read, with why.
    pub refused: Vec<RefusedLine>,
}

impl Engine {
    pub fn mail_presets(&self) -> Vec<MailPresetInfo> {
        MailPreset::ALL.into_iter().map(MailPreset::info).collect()
    }

    pub async fn list_sender_accounts(&self, workspace_id: i64) -> Result<Vec<AccountView>> {
        self.get_workspace(workspace_id).await?;
        let compliance = self.store.compliance_settings(workspace_id).await?;
        let tz = policy::parse_timezone(&compliance.timezone).unwrap_or(chrono_tz::UTC);
        let day = self.clock().now().with_timezone(&tz).date_naive().to_string();
        let mut out = Vec::new();
        for account in self.store.list_sender_accounts(workspace_id).await? {
            let key = account.id.to_string();
            let days_sent = self.store.days_sent_before("account", &key, &day).await?;
            let sent_today = self.store.sends_on("account", &key, &day).await?;
            out.push(AccountView { allowance_today: admit::allowance(&account, days_sent), sent_today, days_sent, account });
        }
        Ok(out)
    }

    pub async fn get_sender_account(&self, id: i64) -> Result<SenderAccount> {
        self.store.get_sender_account(id).await?.ok_or_else(|| EngineError::not_found(format!("Sender account {id}")))
    }

    /// Adds a mailbox; its password goes to the keychain.
    pub async fn add_sender_account(
        &self,
        workspace_id: i64,
        input: AccountInput,
        password: Option<SecretString>,
    ) -> Result<SenderAccount> {
        self.get_workspace(workspace_id).await?;
        let input = checked_account(input, password.is_some())?;
        let reference = match password {
            Some(secret) => {
                let reference = delivery::new_password_ref();
                self.llm.secrets().set_async(&reference, secret).await?;
                Some(reference)
            }
            None => None,
        };
        let id = match self.store.insert_sender_account(workspace_id, &input, reference.as_deref()).await {
            Ok(id) => id,
            Err(e) => {
                if let Some(r) = &reference {
                    let _ = self.llm.secrets().delete_async(r).await;
                }
                return Err(e.into());
            }
        };
        self.events.changed(Entity::Sending, Some(workspace_id));
        let account = self.get_sender_account(id).await?;
        self.ensure_inbox_job(&account).await?;
        Ok(account)
    }

    /// Saves a mailbox's settings (which also lifts a pause it put itself in).
    pub async fn update_sender_account(&self, id: i64, input: AccountInput, password: PasswordChange) -> Result<SenderAccount> {
        let current = self.get_sender_account(id).await?;
        let input = checked_account(input, matches!(password, PasswordChange::Set(_)) || current.has_password)?;
        let reference = match password {
            PasswordChange::Keep => None,
            PasswordChange::Set(secret) => {
                let reference = self.store.sender_password_ref(id).await?.unwrap_or_else(delivery::new_password_ref);
                self.llm.secrets().set_async(&reference, secret).await?;
                Some(reference)
            }
        };
        self.store.update_sender_account(id, &input, reference.as_deref()).await?;
        self.events.changed(Entity::Sending, Some(current.workspace_id));
        let account = self.get_sender_account(id).await?;
        if let Some(job) = self.ensure_inbox_job(&account).await? {
            // Saved settings may fix what stopped the last sync: read again now rather than at the next poll.
            self.store.wake_job(job).await?;
        }
        Ok(account)
    }

    /// Deletes a mailbox and its password. Its sent mail stays in the outbox.
    pub async fn delete_sender_account(&self, id: i64) -> Result<()> {
        let current = self.get_sender_account(id).await?;
        let reference = self.store.sender_password_ref(id).await?;
        self.store.delete_sender_account(id).await?;
        if let Some(r) = reference {
            self.llm.secrets().delete_async(&r).await?;
        }
        self.events.changed(Entity::Sending, Some(current.workspace_id));
        Ok(())
    }

    /// A real EHLO / STARTTLS / AUTH against the mailbox's server; the server's answer, or why it failed.
    pub async fn test_sender_account(&self, id: i64) -> Result<ConnectionReport> {
        let account = self.get_sender_account(id).await?;
        let reference = self.store.sender_password_ref(id).await?;
        let deliveries = delivery::Deliveries::new(None, self.llm.secrets().clone(), self.smtp_ca.clone());
        let endpoint = deliveries.endpoint(&account, reference.as_deref()).await.map_err(smtp_error)?;
        smtp::test_connection(&endpoint).await.map_err(smtp_error)
    }

    /// Accounts with this address, for doors that name an account by it.
    pub async fn find_sender_account(&self, workspace_id: Option<i64>, email: &str) -> Result<SenderAccount> {
        let found: Vec<SenderAccount> = self
            .store
            .find_sender_accounts_by_email(email.trim())
            .await?
            .into_iter()
            .filter(|a| workspace_id.is_none_or(|w| a.workspace_id == w))
            .collect();
        match found.len() {
            0 => Err(EngineError::not_found(format!("A sender account {}", email.trim()))),
            1 => Ok(found.into_iter().next().expect("one account")),
            _ => Err(EngineError::Validation(format!(
                "{} is a sender account in several workspaces; name one with --workspace",
                email.trim()
            ))),
        }
    }

    pub async fn compliance_settings(&self, workspace_id: i64) -> Result<ComplianceSettings> {
        self.get_workspace(workspace_id).await?;
        Ok(self.store.compliance_settings(workspace_id).await?)
    }

    /// Applies the changes after checking every one; nothing is saved when one is wrong.
    pub async fn update_compliance(&self, workspace_id: i64, patch: CompliancePatch) -> Result<ComplianceSettings> {
        let mut s = self.compliance_settings(workspace_id).await?;
        let optional = |v: String| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        if let Some(address) = patch.physical_address {
            s.physical_address = address.trim().to_string();
        }
        if let Some(mailto) = patch.unsubscribe_mailto {
            let mailto = optional(mailto.trim_start_matches("mailto:").to_string());
            if let Some(m) = &mailto {
                if !email_address::EmailAddress::is_valid(m) {
                    return Err(EngineError::Validation(format!("\"{m}\" is not an email address for unsubscribe requests")));
                }
            }
            s.unsubscribe_mailto = mailto;
        }
        if let Some(url) = patch.unsubscribe_url {
            let url = optional(url);
            if let Some(u) = &url {
                if !u.starts_with("https://") && !u.starts_with("http://") {
                    return Err(EngineError::Validation(format!("\"{u}\" is not a web address; an unsubscribe URL starts with https://")));
                }
            }
            s.unsubscribe_url = url;
        }
        if let Some(window) = patch.send_window {
            let (start, end) = policy::parse_window(&window).map_err(policy_error)?;
            s.window_start = start.format("%H:%M").to_string();
            s.window_end = end.format("%H:%M").to_string();
        }
        if let Some(days) = patch.days {
            let parsed = policy::parse_days(&days).map_err(policy_error)?;
            s.window_days = parsed
                .iter()
                .map(|d| serde_json::to_value(d).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(",");
        }
        if let Some(tz) = patch.timezone {
            s.timezone = policy::parse_timezone(tz.trim()).map_err(policy_error)?.name().to_string();
        }
        if let Some(cap) = patch.domain_daily_cap {
            s.domain_daily_cap = cap;
        }
        if let Some(hold) = patch.hold_without_consent {
            s.hold_without_consent = hold;
        }
        if let Some(p) = patch.bounce_pause_percent {
            if !(0.0..=100.0).contains(&p) {
                return Err(EngineError::Validation(format!("a bounce limit of {p} % is not a share between 0 and 100")));
            }
            s.bounce_pause_percent = p;
        }
        if let Some(n) = patch.bounce_pause_min {
            s.bounce_pause_min = n;
        }
        if let Some(n) = patch.max_tries {
            s.max_tries = n.max(1);
        }
        if let Some(pause) = patch.pause_company_on_reply {
            s.pause_company_on_reply = pause;
        }
        if let Some(html) = patch.html_alternative {
            s.html_alternative = html;
        }
        self.store.save_compliance_settings(&s).await?;
        self.store.release_holds(workspace_id).await?;
        self.events.changed(Entity::Sending, Some(workspace_id));
        self.events.changed(Entity::Outbox, Some(workspace_id));
        self.compliance_settings(workspace_id).await
    }

    pub async fn list_suppression(&self, workspace_id: i64, search: Option<&str>) -> Result<Vec<SuppressionEntry>> {
        self.get_workspace(workspace_id).await?;
        Ok(self.store.list_suppression(workspace_id, search).await?)
    }

    /// Suppresses an address or a whole registrable domain ("@example.com"). Returns the entry as stored.
    pub async fn suppress(&self, workspace_id: i64, entry: &str, reason: Option<String>) -> Result<SuppressionEntry> {
        self.get_workspace(workspace_id).await?;
        let (kind, value) = policy::parse_entry(entry).map_err(policy_error)?;
        let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        self.store.add_suppression(workspace_id, &[(kind.clone(), value.clone(), reason)], "user").await?;
        self.events.changed(Entity::Sending, Some(workspace_id));
        self.store
            .list_suppression(workspace_id, Some(&value))
            .await?
            .into_iter()
            .find(|e| e.kind == kind && e.value == value)
            .ok_or_else(|| EngineError::not_found("The suppression entry"))
    }

    /// Suppresses the addresses of these leads (from the leads table).
    pub async fn suppress_leads(&self, workspace_id: i64, lead_ids: &[i64], reason: Option<String>) -> Result<u64> {
        let mut entries = Vec::new();
        for id in lead_ids {
            let lead = self.get_lead(*id).await?;
            if lead.workspace_id != workspace_id {
                return Err(EngineError::Validation(format!("lead {id} belongs to another workspace")));
            }
            if let Some(email) = lead.email.filter(|e| !e.is_empty()) {
                entries.push((SuppressionKind::Address, email.to_lowercase(), reason.clone()));
            }
        }
        let added = self.store.add_suppression(workspace_id, &entries, "user").await?;
        self.events.changed(Entity::Sending, Some(workspace_id));
        Ok(added)
    }

    pub async fn unsuppress(&self, workspace_id: i64, kind: SuppressionKind, value: &str) -> Result<bool> {
        let removed = self.store.remove_suppression(workspace_id, &kind, value.trim()).await?;
        self.events.changed(Entity::Sending, Some(workspace_id));
        Ok(removed)
    }

    /// Reads a CSV or plain list of addresses and @domains into the list; lines it cannot read are reported.
    pub async fn import_suppression(&self, workspace_id: i64, bytes: &[u8]) -> Result<SuppressionImport> {
        self.get_workspace(workspace_id).await?;
        let file = policy::read_suppression_csv(bytes);
        let entries: Vec<_> = file.entries.iter().map(|e| (e.kind, e.value.clone(), e.reason.clone())).collect();
        let added = self.store.add_suppression(workspace_id, &entries, "import").await?;
        self.events.changed(Entity::Sending, Some(workspace_id));
        Ok(SuppressionImport { added, already_listed: entries.len() as u64 - added, refused: file.refused })
    }

    /// The list as CSV (kind, value, reason, source, date).
    pub async fn export_suppression(&self, workspace_id: i64) -> Result<Vec<u8>> {
        let entries = self.list_suppression(workspace_id, None).await?;
        let mut out = Vec::new();
        let rows = entries.into_iter().map(|e| {
            let at = crate::store::parse_time(&e.created_at).unwrap_or_default();
            (e.kind, e.value, e.reason, at)
        });
        policy::write_suppression_csv(rows, &mut out)
            .map_err(|e| EngineError::Validation(format!("could not write the suppression list: {e}")))?;
        Ok(out)
    }
}

/// `has_password`: a password is stored or comes with the input, so a username may sign in with it.
fn checked_account(mut input: AccountInput, has_password: bool) -> Result<AccountInput> {
    input.email = input.email.trim().to_lowercase();
    input.display_name = input.display_name.trim().to_string();
    if !email_address::EmailAddress::is_valid(&input.email) {
        return Err(EngineError::Validation(format!("\"{}\" is not an email address to send from", input.email)));
    }
    if input.display_name.is_empty() {
        input.display_name = input.email.split('@').next().unwrap_or_default().to_string();
    }
    let endpoint = delivery::endpoint_of(
        &SenderAccount {
            id: 0,
            workspace_id: 0,
            settings: input.clone(),
            has_password: false,
            next_send_at: None,
            paused_reason: None,
            imap_paused_reason: None,
            imap_error: None,
            imap_synced_at: None,
            sent_folder: None,
            imap_extra_folders: Vec::new(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        has_password.then(|| SecretString::from(String::new())),
        None,
        delivery::SMTP_TIMEOUT,
    );
    smtp::check_endpoint(&endpoint).map_err(smtp_error)?;
    Ok(input)
}

fn smtp_error(e: smtp::SmtpFailure) -> EngineError {
    EngineError::Smtp(e)
}

fn policy_error(e: policy::PolicyError) -> EngineError {
    EngineError::Validation(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_username() -> AccountInput {
        AccountInput {
            display_name: String::new(),
            email: "Sam@Example.com".into(),
            smtp_host: "smtp.example.com".into(),
            smtp_port: 587,
            smtp_security: Security::Starttls,
            smtp_username: Some("sam@example.com".into()),
            imap_host: None,
            imap_port: None,
            imap_security: None,
            imap_username: None,
            daily_cap: AccountInput::DEFAULT_DAILY_CAP,
            ramp_start: AccountInput::DEFAULT_RAMP_START,
            ramp_step: AccountInput::DEFAULT_RAMP_STEP,
            min_spacing_secs: AccountInput::DEFAULT_SPACING_SECS,
            jitter_secs: AccountInput::DEFAULT_JITTER_SECS,
            signature: String::new(),
        }
    }

    #[test]
    fn a_username_is_accepted_when_a_password_comes_with_it_or_is_stored() {
        let checked = checked_account(with_username(), true).expect("a username with a password signs in");
        assert_eq!(checked.email, "sam@example.com", "the address is kept in lower case");
        assert_eq!(checked.display_name, "sam", "an empty name becomes the part before the @");
        let refused = checked_account(with_username(), false).expect_err("a username without any password cannot sign in");
        assert!(refused.to_string().contains("without a password"), "the refusal says what is missing: {refused}");
    }
}
