//! Writing a batch of leads: one prepared statement bound row by row on the transaction's own SQLite
//! handle, on a thread of its own.

use super::borrowed_stmt::BorrowedStmt;
use super::leads::{InsertedLeads, LeadBatch, LeadField, SkippedLead};
use super::{Store, StoreError, Tx};

impl Store {
    /// Inserts leads, skipping those whose dedupe key the workspace already has (including from earlier in
    /// the same batch), and records the new ones in the search backlog in the same transaction: no lead can
    /// be written without the search index learning of it. Returns the rows that were skipped.
    ///
    /// With a campaign, every lead of the batch ends up enrolled in it: the new ones by one statement over
    /// the run of ids just written, and those the workspace already had (from before this import) one by
    /// one as they are skipped, which is rare next to the rows written.
    ///
    /// Rows are bound one at a time to a single prepared statement on the transaction's own SQLite handle:
    /// for hundreds of thousands of rows this is several times cheaper than building multi-row statements
    /// through sqlx, which copies every value into an owned argument list first.
    pub async fn insert_leads_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        campaign_id: Option<i64>,
        import_id: Option<i64>,
        leads: &LeadBatch,
    ) -> Result<InsertedLeads, StoreError> {
        let at = self.now();
        let mut handle = tx.lock_handle().await?;
        let raw = RawHandle(handle.as_raw_handle().as_ptr().cast());
        let insert = move || {
            let raw = raw;
            // SAFETY: the handle is locked for the duration of this call and belongs to an open
            // connection inside a transaction; the borrowed rusqlite connection never closes it.
            let conn = unsafe { rusqlite::Connection::from_handle(raw.0) }?;
            insert_leads_raw(&conn, workspace_id, campaign_id, import_id, leads, &at)
        };
        // The rows are written on a thread of their own: SQLite's page cache is then always allocated from the
        // same malloc arena (a thread that ends hands its arena to the next one), instead of from whichever
        // runtime worker happens to run the job, which fragments memory across arenas.
        let on_own_thread = || std::thread::scope(|s| s.spawn(insert).join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        let inserted = match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(on_own_thread),
            _ => on_own_thread(),
        };
        let inserted = inserted.map_err(StoreError::Bulk)?;
        drop(handle);
        // The write lock is held, so every id from the first new one to the last was inserted just now.
        if let (Some(campaign_id), Some(run)) = (campaign_id, inserted.ids) {
            self.enroll_lead_run_tx(tx, campaign_id, run).await?;
        }
        if let Some((first_id, last_id)) = inserted.ids {
            sqlx::query("INSERT INTO search_backlog (kind, first_id, last_id) VALUES ('new', ?, ?)")
                .bind(first_id)
                .bind(last_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(inserted)
    }
}

/// A locked connection's SQLite handle, handed to the thread that writes through it.
struct RawHandle(*mut rusqlite::ffi::sqlite3);

// SAFETY: SQLite connections may be used from any thread as long as one thread at a time does; the handle is
// locked by its sqlx connection for as long as the writing thread holds it.
unsafe impl Send for RawHandle {}

/// How far ahead of the row being written the writer has the next rows' text loaded: a few rows' worth of
/// SQLite's work covers the time memory takes to answer.
const PREFETCH_ROWS_AHEAD: usize = 4;

fn insert_leads_raw(
    conn: &rusqlite::Connection,
    workspace_id: i64,
    campaign_id: Option<i64>,
    import_id: Option<i64>,
    leads: &LeadBatch,
    at: &str,
) -> rusqlite::Result<InsertedLeads> {
    let mut stmt = BorrowedStmt::prepare(
        conn,
        "INSERT INTO leads (workspace_id, import_id, dedupe_key, email, first_name, last_name, company,
            title, website, domain, linkedin_url, country, timezone, custom, email_domain, website_domain, created_at, updated_at)
         VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)
         ON CONFLICT (dedupe_key, workspace_id) DO NOTHING",
    )?;
    let mut holder = conn.prepare("SELECT id, import_id FROM leads WHERE workspace_id = ?1 AND dedupe_key = ?2")?;
    let mut enroll = match campaign_id {
        Some(_) => Some(conn.prepare(
            "INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, enrolled_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT DO NOTHING",
        )?),
        None => None,
    };
    // The values every row shares are bound once; SQLite keeps bindings from one execution to the next.
    stmt.bind_int(1, Some(workspace_id))?;
    stmt.bind_int(3, import_id)?;
    stmt.bind_text(18, Some(at))?;
    let mut skipped = Vec::new();
    let mut ids: Option<(i64, i64)> = None;
    for row in 0..leads.len() {
        leads.prefetch(row + PREFETCH_ROWS_AHEAD);
        // Parameters 4 to 17 take the lead's fields in the order `LeadField` lists them.
        for (offset, field) in LeadField::ALL.into_iter().enumerate() {
            stmt.bind_text(4 + offset, leads.get(row, field))?;
        }
        if stmt.execute()? == 0 {
            let (holder_id, holder_import): (i64, Option<i64>) =
                holder.query_row(rusqlite::params![workspace_id, leads.dedupe_key(row)], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let same_import = import_id.is_some() && holder_import == import_id;
            // A repeat of an earlier row of this import is enrolled with that row.
            let enrolled = match (&mut enroll, same_import) {
                (Some(enroll), false) => enroll.execute(rusqlite::params![campaign_id, holder_id, workspace_id, at])? == 1,
                _ => false,
            };
            skipped.push(SkippedLead { row, same_import, enrolled });
        } else {
            let id = conn.last_insert_rowid();
            ids = Some(ids.map_or((id, id), |(first, _)| (first, id)));
        }
    }
    Ok(InsertedLeads { skipped, ids })
}
