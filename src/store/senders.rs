//! The mailboxes a workspace sends from, and its compliance settings.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use ts_rs::TS;

use super::{unique_violation, Store, StoreError, Tx};
use crate::outbound::smtp::Security;

/// A mailbox the workspace sends from. Its password is in the keychain under `password_ref`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SenderAccount {
    pub id: i64,
    pub workspace_id: i64,
    #[serde(flatten)]
    #[ts(flatten)]
    pub settings: AccountInput,
    /// Whether a password is kept in the keychain for it.
    pub has_password: bool,
    /// The earliest time it may send again (spacing with jitter).
    pub next_send_at: Option<String>,
    /// Why sending from it stopped on its own (a refused password); cleared by saving it again.
    pub paused_reason: Option<String>,
    /// Why reading its mailbox stopped on its own (a refused password); cleared by saving it again.
    pub imap_paused_reason: Option<String>,
    /// The last mailbox sync's error, while it is tried again.
    pub imap_error: Option<String>,
    /// When its mailbox was last read without an error.
    pub imap_synced_at: Option<String>,
    /// Where a copy of each sent mail is saved: None finds the Sent folder; "" saves none (the provider does).
    pub sent_folder: Option<String>,
    /// Folders read besides INBOX.
    pub imap_extra_folders: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The settings of a mailbox the user edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountInput {
    pub display_name: String,
    pub email: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: Security,
    pub smtp_username: Option<String>,
    pub imap_host: Option<String>,
    pub imap_port: Option<u16>,
    pub imap_security: Option<Security>,
    pub imap_username: Option<String>,
    /// Mails a day once ramped up.
    pub daily_cap: u32,
    /// The first day's allowance of a new mailbox (0: no ramp-up) and its growth per day it sends.
    pub ramp_start: u32,
    pub ramp_step: u32,
    /// Seconds between two sends from it, plus a random jitter of up to `jitter_secs`.
    pub min_spacing_secs: u32,
    pub jitter_secs: u32,
    pub signature: String,
}

impl AccountInput {
    /// Careful defaults, as the market's tools ship: tens a day, minutes apart, ramping up over a week.
    pub const DEFAULT_DAILY_CAP: u32 = 30;
    pub const DEFAULT_RAMP_START: u32 = 10;
    pub const DEFAULT_RAMP_STEP: u32 = 5;
    pub const DEFAULT_SPACING_SECS: u32 = 300;
    pub const DEFAULT_JITTER_SECS: u32 = 120;
}

fn security(text: Option<String>) -> Result<Option<Security>, sqlx::Error> {
    text.map(|t| serde_json::from_value(serde_json::Value::String(t)).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

fn security_text(s: Security) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for SenderAccount {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        let port = |v: Option<i64>| v.map(|p| p as u16);
        Ok(SenderAccount {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            settings: AccountInput {
                display_name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                smtp_host: row.try_get("smtp_host")?,
                smtp_port: row.try_get::<i64, _>("smtp_port")? as u16,
                smtp_security: security(row.try_get("smtp_security")?)?.unwrap_or(Security::Starttls),
                smtp_username: row.try_get("smtp_username")?,
                imap_host: row.try_get("imap_host")?,
                imap_port: port(row.try_get("imap_port")?),
                imap_security: security(row.try_get("imap_security")?)?,
                imap_username: row.try_get("imap_username")?,
                daily_cap: row.try_get::<i64, _>("daily_cap")? as u32,
                ramp_start: row.try_get::<i64, _>("ramp_start")? as u32,
                ramp_step: row.try_get::<i64, _>("ramp_step")? as u32,
                min_spacing_secs: row.try_get::<i64, _>("min_spacing_secs")? as u32,
                jitter_secs: row.try_get::<i64, _>("jitter_secs")? as u32,
                signature: row.try_get("signature")?,
            },
            has_password: row.try_get::<Option<String>, _>("password_ref")?.is_some(),
            next_send_at: row.try_get("next_send_at")?,
            paused_reason: row.try_get("paused_reason")?,
            imap_paused_reason: row.try_get("imap_paused_reason")?,
            imap_error: row.try_get("imap_error")?,
            imap_synced_at: row.try_get("imap_synced_at")?,
            sent_folder: row.try_get("sent_folder")?,
            imap_extra_folders: serde_json::from_str(&row.try_get::<String, _>("imap_extra_folders")?).unwrap_or_default(),
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// A workspace's rules for every mail it sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ComplianceSettings {
    pub workspace_id: i64,
    /// The sender's postal address, printed in every footer.
    pub physical_address: String,
    pub unsubscribe_mailto: Option<String>,
    pub unsubscribe_url: Option<String>,
    /// The send window in the recipient's time zone ("09:00" to "17:00"; an end before the start crosses
    /// midnight) and the weekdays it opens ("mon,tue,…").
    pub window_start: String,
    pub window_end: String,
    pub window_days: String,
    /// The workspace's own time zone (IANA name): days for caps, and recipients with no known zone.
    pub timezone: String,
    /// Mails a day to one recipient registrable domain, across the workspace's mailboxes.
    pub domain_daily_cap: u32,
    /// Hold leads of consent regions (EU/EEA, UK, CA, AU) whose consent is not recorded.
    pub hold_without_consent: bool,
    /// A campaign pauses itself when its bounces in 24 hours pass this share of at least `bounce_pause_min` sends.
    pub bounce_pause_percent: f64,
    pub bounce_pause_min: u32,
    /// Tries of a deferred (4xx) mail before it fails.
    pub max_tries: u32,
    /// Send an HTML alternative beside the plain text.
    pub html_alternative: bool,
    /// When a person replies, pause the campaign's other leads of their registrable domain (one person
    /// answering for the company).
    pub pause_company_on_reply: bool,
    pub updated_at: String,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for ComplianceSettings {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        Ok(ComplianceSettings {
            workspace_id: row.try_get("workspace_id")?,
            physical_address: row.try_get("physical_address")?,
            unsubscribe_mailto: row.try_get("unsubscribe_mailto")?,
            unsubscribe_url: row.try_get("unsubscribe_url")?,
            window_start: row.try_get("window_start")?,
            window_end: row.try_get("window_end")?,
            window_days: row.try_get("window_days")?,
            timezone: row.try_get("timezone")?,
            domain_daily_cap: row.try_get::<i64, _>("domain_daily_cap")? as u32,
            hold_without_consent: row.try_get("hold_without_consent")?,
            bounce_pause_percent: row.try_get("bounce_pause_percent")?,
            bounce_pause_min: row.try_get::<i64, _>("bounce_pause_min")? as u32,
            max_tries: row.try_get::<i64, _>("max_tries")? as u32,
            html_alternative: row.try_get("html_alternative")?,
            pause_company_on_reply: row.try_get("pause_company_on_reply")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

impl Store {
    pub async fn list_sender_accounts(&self, workspace_id: i64) -> Result<Vec<SenderAccount>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM sender_accounts WHERE workspace_id = ? ORDER BY email COLLATE NOCASE")
            .bind(workspace_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn get_sender_account(&self, id: i64) -> Result<Option<SenderAccount>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM sender_accounts WHERE id = ?").bind(id).fetch_optional(&self.pool).await?)
    }

    /// The keychain entry of an account's password, if it has one.
    pub async fn sender_password_ref(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT password_ref FROM sender_accounts WHERE id = ?").bind(id).fetch_optional(&self.pool).await?.flatten())
    }

    /// Accounts whose address is `email` (any workspace), for `reach account test ADDRESS`.
    pub async fn find_sender_accounts_by_email(&self, email: &str) -> Result<Vec<SenderAccount>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM sender_accounts WHERE email = ? COLLATE NOCASE ORDER BY id")
            .bind(email)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn insert_sender_account(
        &self,
        workspace_id: i64,
        input: &AccountInput,
        password_ref: Option<&str>,
    ) -> Result<i64, StoreError> {
        let at = self.now();
        let inserted = bind_account(
            sqlx::query(
                "INSERT INTO sender_accounts (display_name, email, smtp_host, smtp_port, smtp_security, smtp_username, imap_host,
                    imap_port, imap_security, imap_username, daily_cap, ramp_start, ramp_step, min_spacing_secs, jitter_secs,
                    signature, password_ref, workspace_id, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ),
            input,
        )
        .bind(password_ref)
        .bind(workspace_id)
        .bind(&at)
        .bind(&at)
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(done) => Ok(done.last_insert_rowid()),
            Err(e) => Err(unique_violation(e, || format!("A sender account for {}", input.email))),
        }
    }

    /// Saves an account's settings; saving clears a pause it put itself in. `password_ref`: `Some` sets it.
    pub async fn update_sender_account(&self, id: i64, input: &AccountInput, password_ref: Option<&str>) -> Result<bool, StoreError> {
        let updated = bind_account(
            sqlx::query(
                "UPDATE sender_accounts SET display_name = ?, email = ?, smtp_host = ?, smtp_port = ?, smtp_security = ?,
                    smtp_username = ?, imap_host = ?, imap_port = ?, imap_security = ?, imap_username = ?, daily_cap = ?,
                    ramp_start = ?, ramp_step = ?, min_spacing_secs = ?, jitter_secs = ?, signature = ?,
                    password_ref = coalesce(?, password_ref), paused_reason = NULL, imap_paused_reason = NULL, updated_at = ?
                 WHERE id = ?",
            ),
            input,
        )
        .bind(password_ref)
        .bind(self.now())
        .bind(id)
        .execute(&self.pool)
        .await;
        match updated {
            Ok(done) => Ok(done.rows_affected() > 0),
            Err(e) => Err(unique_violation(e, || format!("A sender account for {}", input.email))),
        }
    }

    pub async fn delete_sender_account(&self, id: i64) -> Result<bool, StoreError> {
        Ok(sqlx::query("DELETE FROM sender_accounts WHERE id = ?").bind(id).execute(&self.pool).await?.rows_affected() > 0)
    }

    /// Stops sending from an account until the user saves it again (a refused password).
    pub async fn pause_sender_account_tx(&self, tx: &mut Tx<'_>, id: i64, reason: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sender_accounts SET paused_reason = ?, updated_at = ? WHERE id = ?")
            .bind(reason)
            .bind(self.now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn resume_sender_account(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE sender_accounts SET paused_reason = NULL, updated_at = ? WHERE id = ?")
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The workspace's compliance settings, the defaults until first saved.
    pub async fn compliance_settings(&self, workspace_id: i64) -> Result<ComplianceSettings, StoreError> {
        sqlx::query("INSERT INTO compliance_settings (workspace_id, updated_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .bind(workspace_id)
            .bind(self.now())
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_as("SELECT * FROM compliance_settings WHERE workspace_id = ?").bind(workspace_id).fetch_one(&self.pool).await?)
    }

    pub async fn save_compliance_settings(&self, settings: &ComplianceSettings) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO compliance_settings (workspace_id, physical_address, unsubscribe_mailto, unsubscribe_url, window_start,
                window_end, window_days, timezone, domain_daily_cap, hold_without_consent, bounce_pause_percent, bounce_pause_min,
                max_tries, html_alternative, pause_company_on_reply, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (workspace_id) DO UPDATE SET physical_address = excluded.physical_address,
                unsubscribe_mailto = excluded.unsubscribe_mailto, unsubscribe_url = excluded.unsubscribe_url,
                window_start = excluded.window_start, window_end = excluded.window_end, window_days = excluded.window_days,
                timezone = excluded.timezone, domain_daily_cap = excluded.domain_daily_cap,
                hold_without_consent = excluded.hold_without_consent, bounce_pause_percent = excluded.bounce_pause_percent,
                bounce_pause_min = excluded.bounce_pause_min, max_tries = excluded.max_tries,
                html_alternative = excluded.html_alternative, pause_company_on_reply = excluded.pause_company_on_reply,
                updated_at = excluded.updated_at",
        )
        .bind(settings.workspace_id)
        .bind(&settings.physical_address)
        .bind(&settings.unsubscribe_mailto)
        .bind(&settings.unsubscribe_url)
        .bind(&settings.window_start)
        .bind(&settings.window_end)
        .bind(&settings.window_days)
        .bind(&settings.timezone)
        .bind(settings.domain_daily_cap as i64)
        .bind(settings.hold_without_consent)
        .bind(settings.bounce_pause_percent)
        .bind(settings.bounce_pause_min as i64)
        .bind(settings.max_tries as i64)
        .bind(settings.html_alternative)
        .bind(settings.pause_company_on_reply)
        .bind(self.now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

fn bind_account<'q>(query: super::jobs::FencedQuery<'q>, input: &'q AccountInput) -> super::jobs::FencedQuery<'q> {
    query
        .bind(input.display_name.trim())
        .bind(input.email.trim())
        .bind(input.smtp_host.trim())
        .bind(input.smtp_port as i64)
        .bind(security_text(input.smtp_security))
        .bind(input.smtp_username.as_deref())
        .bind(input.imap_host.as_deref())
        .bind(input.imap_port.map(i64::from))
        .bind(input.imap_security.map(security_text))
        .bind(input.imap_username.as_deref())
        .bind(input.daily_cap as i64)
        .bind(input.ramp_start as i64)
        .bind(input.ramp_step as i64)
        .bind(input.min_spacing_secs as i64)
        .bind(input.jitter_secs as i64)
        .bind(input.signature.as_str())
}
