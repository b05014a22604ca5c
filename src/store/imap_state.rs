//! Where reading each account's mailbox stands: per folder the UIDVALIDITY and the highest UID read, and per
//! account the last sync, its error, and a pause after a refused password.

use super::jobs::Lease;
use super::{Store, StoreError, Tx};

/// What was read of a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderState {
    pub uid_validity: i64,
    pub last_uid: i64,
    pub uid_next: Option<i64>,
}

impl Store {
    pub async fn folder_state(&self, account_id: i64, folder: &str) -> Result<Option<FolderState>, StoreError> {
        let row: Option<(i64, i64, Option<i64>)> =
            sqlx::query_as("SELECT uid_validity, last_uid, uid_next FROM imap_state WHERE account_id = ? AND folder = ?")
                .bind(account_id)
                .bind(folder)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(uid_validity, last_uid, uid_next)| FolderState { uid_validity, last_uid, uid_next }))
    }

    /// Records how far a folder was read, fenced by the sync job's lease, in the transaction that stored what
    /// was read: a crash never skips a message nor stores one twice.
    pub async fn save_folder_state_tx(
        &self,
        tx: &mut Tx<'_>,
        lease: &Lease,
        account_id: i64,
        folder: &str,
        state: FolderState,
    ) -> Result<(), StoreError> {
        self.check_lease_tx(tx, lease).await?;
        sqlx::query(
            "INSERT INTO imap_state (account_id, folder, uid_validity, last_uid, uid_next, synced_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (account_id, folder) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
                uid_next = excluded.uid_next, synced_at = excluded.synced_at",
        )
        .bind(account_id)
        .bind(folder)
        .bind(state.uid_validity)
        .bind(state.last_uid)
        .bind(state.uid_next)
        .bind(self.now())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Accounts with an IMAP server but no live sync job (set up before the inbox existed, or whose job was
    /// cancelled).
    pub async fn accounts_without_inbox_job(&self) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT a.id FROM sender_accounts a
             WHERE a.imap_host IS NOT NULL AND a.imap_host <> '' AND NOT EXISTS (
                SELECT 1 FROM jobs j WHERE j.kind = 'inbox' AND j.payload ->> '$.account_id' = a.id
                    AND (j.status = 'queued' OR j.status = 'running' OR j.status = 'paused'))",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The end of a sync: its error (None when it went well, which also dates the last good sync).
    pub async fn set_imap_outcome(&self, account_id: i64, error: Option<&str>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sender_accounts SET imap_error = ?1, imap_synced_at = CASE WHEN ?1 IS NULL THEN ?2 ELSE imap_synced_at END
             WHERE id = ?3",
        )
        .bind(error)
        .bind(self.now())
        .bind(account_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stops reading the account until the user saves it again (a refused password).
    pub async fn pause_imap(&self, account_id: i64, reason: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sender_accounts SET imap_paused_reason = ?1, imap_error = ?1 WHERE id = ?2")
            .bind(reason)
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Where sent mail is copied ("" none, None the server's Sent folder) and the folders read besides INBOX.
    pub async fn set_mailbox_folders(&self, account_id: i64, sent_folder: Option<&str>, extra: &[String]) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE sender_accounts SET sent_folder = ?1, imap_extra_folders = ?2, updated_at = ?3 WHERE id = ?4")
            .bind(sent_folder)
            .bind(serde_json::to_string(extra).unwrap_or_else(|_| "[]".into()))
            .bind(self.now())
            .bind(account_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
