//! Copies of sent mail for the account's Sent folder. The outbox keeps each accepted message as a file in a
//! spool beside the database; the account's inbox job appends it to the Sent folder over IMAP and removes
//! it. Providers that save sent mail themselves (Gmail, Microsoft 365) get no copy, nor do accounts whose
//! mailbox Reach does not read.

use std::path::{Path, PathBuf};

use crate::store::senders::SenderAccount;

/// SMTP hosts whose provider files every mail sent through them in the Sent folder by itself.
const SAVES_ITS_OWN: [&str; 4] = ["smtp.gmail.com", "smtp.googlemail.com", "smtp.office365.com", "smtp-mail.outlook.com"];

/// The spool under the outbox's folder (`<db>.outbox/sent-copies/<account id>/`).
pub fn spool_dir(outbox_dir: &Path) -> PathBuf {
    outbox_dir.join("sent-copies")
}

fn account_dir(spool: &Path, account_id: i64) -> PathBuf {
    spool.join(account_id.to_string())
}

/// Whether Reach saves a copy of what this account sends.
pub fn wants_copy(account: &SenderAccount) -> bool {
    let s = &account.settings;
    if s.imap_host.as_deref().is_none_or(|h| h.trim().is_empty()) {
        return false;
    }
    match account.sent_folder.as_deref() {
        Some("") => false,
        Some(_) => true,
        None => !SAVES_ITS_OWN.iter().any(|h| s.smtp_host.eq_ignore_ascii_case(h)),
    }
}

/// Keeps a sent message for the Sent folder: written whole, then renamed, so a half-written file is never
/// appended.
pub fn spool(spool: &Path, account_id: i64, name: &str, message: &[u8]) -> std::io::Result<()> {
    let dir = account_dir(spool, account_id);
    std::fs::create_dir_all(&dir)?;
    let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let partial = dir.join(format!("{safe}.part"));
    std::fs::write(&partial, message)?;
    std::fs::rename(&partial, dir.join(format!("{safe}.eml")))
}

/// The copies waiting to be appended for an account, oldest name first.
pub fn pending(spool: &Path, account_id: i64) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(account_dir(spool, account_id)) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "eml")).collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::senders::AccountInput;

    fn account(smtp_host: &str, imap_host: Option<&str>, sent_folder: Option<&str>) -> SenderAccount {
        SenderAccount {
            id: 1,
            workspace_id: 1,
            settings: AccountInput {
                display_name: "Ada".into(),
                email: "ada@example.com".into(),
                smtp_host: smtp_host.into(),
                smtp_port: 587,
                smtp_security: crate::outbound::smtp::Security::Starttls,
                smtp_username: None,
                imap_host: imap_host.map(str::to_string),
                imap_port: Some(993),
                imap_security: None,
                imap_username: None,
                daily_cap: 30,
                ramp_start: 0,
                ramp_step: 0,
                min_spacing_secs: 0,
                jitter_secs: 0,
                signature: String::new(),
            },
            has_password: true,
            next_send_at: None,
            paused_reason: None,
            imap_paused_reason: None,
            imap_error: None,
            imap_synced_at: None,
            sent_folder: sent_folder.map(str::to_string),
            imap_extra_folders: Vec::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn copies_are_kept_only_where_the_provider_does_not_keep_its_own() {
        assert!(wants_copy(&account("mail.example.com", Some("imap.example.com"), None)));
        assert!(!wants_copy(&account("smtp.gmail.com", Some("imap.gmail.com"), None)), "Gmail files sent mail itself");
        assert!(!wants_copy(&account("mail.example.com", None, None)), "no mailbox to put it in");
        assert!(!wants_copy(&account("mail.example.com", Some("imap.example.com"), Some(""))), "the user turned copies off");
        assert!(wants_copy(&account("smtp.gmail.com", Some("imap.gmail.com"), Some("Sent"))), "a folder named by the user wins");
    }

    #[test]
    fn a_spooled_copy_is_listed_whole_and_never_half_written() {
        let dir = tempfile::tempdir().unwrap();
        spool(dir.path(), 7, "12-34-1", b"Subject: hi\r\n\r\nbody").unwrap();
        std::fs::write(account_dir(dir.path(), 7).join("99.part"), b"half").unwrap();
        let files = pending(dir.path(), 7);
        assert_eq!(files.len(), 1, "a .part file is not ready: {files:?}");
        assert_eq!(std::fs::read(&files[0]).unwrap(), b"Subject: hi\r\n\r\nbody");
        assert!(pending(dir.path(), 8).is_empty());
    }
}
