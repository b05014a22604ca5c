//! Fills the registrable domains of leads written before leads kept them, once, when the store opens.

use super::{Store, StoreError};
use crate::domains;

/// Leads filled per transaction: short enough that a window opening meanwhile waits little for the lock.
const BATCH: i64 = 5_000;

/// The domains of one lead: its email's and its website's, and the company domain the lead is known by.
pub(crate) struct LeadDomains {
    pub email_domain: Option<String>,
    pub website_domain: Option<String>,
    pub domain: Option<String>,
}

/// The domains of a lead from its address, its website and the domain it was given (a "Domain" column of its
/// file). A name that is not a valid internationalized domain leaves that domain empty.
pub(crate) fn lead_domains(email: Option<&str>, website: Option<&str>, given: Option<&str>) -> LeadDomains {
    let reg = |v: Option<&str>| v.and_then(|v| domains::registrable_domain(v).ok().flatten());
    let email_domain = email.and_then(|e| domains::email_domain(e).ok().flatten());
    let website_domain = reg(website);
    let domain = reg(given).or_else(|| website_domain.clone()).or_else(|| email_domain.clone().filter(|d| !domains::is_free_mail(d)));
    LeadDomains { email_domain, website_domain, domain }
}

impl Store {
    /// Fills the domains of the leads the `domain_backfill` row still covers, a batch per transaction, moving
    /// the row on with each: an interrupted run goes on where it stopped. Returns how many leads it filled.
    pub(super) async fn backfill_domains(&self) -> Result<u64, StoreError> {
        let mut filled = 0;
        loop {
            let mut tx = self.begin().await?;
            let Some((next, last)): Option<(i64, i64)> =
                sqlx::query_as("SELECT next_id, last_id FROM domain_backfill WHERE id = 1").fetch_optional(&mut *tx).await?
            else {
                return Ok(filled);
            };
            let rows: Vec<(i64, Option<String>, Option<String>, Option<String>)> =
                sqlx::query_as("SELECT id, email, website, domain FROM leads WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?")
                    .bind(next)
                    .bind(last)
                    .bind(BATCH)
                    .fetch_all(&mut *tx)
                    .await?;
            for (id, email, website, given) in &rows {
                let d = lead_domains(email.as_deref(), website.as_deref(), given.as_deref());
                sqlx::query("UPDATE leads SET email_domain = ?, website_domain = ?, domain = ? WHERE id = ?")
                    .bind(d.email_domain)
                    .bind(d.website_domain)
                    .bind(d.domain)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            filled += rows.len() as u64;
            match rows.last() {
                Some((id, ..)) if *id < last => {
                    sqlx::query("UPDATE domain_backfill SET next_id = ? WHERE id = 1").bind(id + 1).execute(&mut *tx).await?;
                }
                _ => {
                    sqlx::query("DELETE FROM domain_backfill WHERE id = 1").execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        }
    }
}
