//! Turns one row of cells into a lead, or says in plain words why it cannot be one.

use std::collections::BTreeMap;

use crate::store::leads::NewLead;

use super::mapping::{ColumnMapping, ColumnTarget};

/// Cells longer than this are not contact data; the row is reported instead of imported.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// Free-mail providers: their domain says nothing about the lead's company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "free.fr",
    "orange.fr",
    "laposte.net",
    "t-online.de",
];

/// A mapping resolved to column positions once, so each row is a few indexed reads.
#[derive(Debug, Clone)]
pub struct RowMapper {
    fields: Vec<(usize, ColumnTarget)>,
    custom: Vec<(usize, String)>,
    width: usize,
}

impl RowMapper {
    pub fn new(mapping: &[ColumnMapping], width: usize) -> Self {
        let fields = mapping.iter().filter(|m| ColumnTarget::FIELDS.contains(&m.target)).map(|m| (m.column as usize, m.target)).collect();
        let custom = mapping.iter().filter(|m| m.target == ColumnTarget::Custom).map(|m| (m.column as usize, m.header.clone())).collect();
        RowMapper { fields, custom, width }
    }

    /// Validates a row given as its cells. Ragged rows (other than trailing empty cells) are refused,
    /// because shifted cells would put data in the wrong fields.
    pub fn to_lead(&self, cells: &[&str]) -> Result<NewLead, String> {
        let used = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
        if used == 0 {
            return Err("the row is empty".into());
        }
        if used > self.width {
            return Err(format!(
                "the row has {used} cells but the header has {} columns; a delimiter or quote is probably missing or extra",
                self.width
            ));
        }
        if cells.len() < self.width {
            return Err(format!(
                "the row has {} cells but the header has {} columns; a delimiter or quote is probably missing",
                cells.len(),
                self.width
            ));
        }
        if let Some(i) = cells.iter().position(|c| c.len() > MAX_CELL_BYTES) {
            return Err(format!("cell {} is {} KB long; cells over 64 KB are not imported", i + 1, cells[i].len() / 1024));
        }
        let get = |i: usize| cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty());

        let mut lead = NewLead::default();
        let mut full_name: Option<&str> = None;
        for &(i, target) in &self.fields {
            let Some(v) = get(i) else { continue };
            match target {
                ColumnTarget::Email => lead.email = Some(normalize_email(v)?),
                ColumnTarget::FirstName => lead.first_name = Some(v.to_string()),
                ColumnTarget::LastName => lead.last_name = Some(v.to_string()),
                ColumnTarget::FullName => full_name = Some(v),
                ColumnTarget::Company => lead.company = Some(v.to_string()),
                ColumnTarget::Title => lead.title = Some(v.to_string()),
                ColumnTarget::Website => lead.website = Some(normalize_website(v)),
                ColumnTarget::Domain => lead.domain = host_of(v),
                ColumnTarget::LinkedinUrl => lead.linkedin_url = Some(v.to_string()),
                ColumnTarget::Country => lead.country = Some(v.to_string()),
                ColumnTarget::Timezone => lead.timezone = Some(v.to_string()),
                ColumnTarget::Custom | ColumnTarget::Ignore => {}
            }
        }
        if let Some(name) = full_name {
            if lead.first_name.is_none() && lead.last_name.is_none() {
                let (first, last) = split_name(name);
                lead.first_name = first;
                lead.last_name = last;
            }
        }
        if lead.domain.is_none() {
            lead.domain = lead.website.as_deref().and_then(host_of).or_else(|| {
                let d = lead.email.as_deref()?.rsplit('@').next()?;
                (!FREE_MAIL.contains(&d)).then(|| d.to_string())
            });
        }
        lead.dedupe_key = match (&lead.email, &lead.domain, &lead.linkedin_url) {
            (Some(email), _, _) => email.clone(),
            (None, _, Some(profile)) => format!("li:{}", profile.trim_end_matches('/').to_lowercase()),
            (None, Some(domain), None) => {
                let who = format!("{} {}", lead.first_name.as_deref().unwrap_or(""), lead.last_name.as_deref().unwrap_or(""));
                format!("web:{domain}|{}", who.trim().to_lowercase())
            }
            (None, None, None) => return Err("the row has no email address".into()),
        };
        let mut custom = BTreeMap::new();
        for (i, header) in &self.custom {
            if let Some(v) = get(*i) {
                custom.insert(header.as_str(), v);
            }
        }
        lead.custom = if custom.is_empty() { "{}".into() } else { serde_json::to_string(&custom).unwrap_or_else(|_| "{}".into()) };
        Ok(lead)
    }
}

/// Lowercases and checks an address the way a mail server would accept it for delivery.
pub fn normalize_email(raw: &str) -> Result<String, String> {
    let v = raw.trim().trim_start_matches("mailto:").trim_matches(|c| c == '<' || c == '>').trim();
    if looks_like_email(v) {
        Ok(v.to_lowercase())
    } else if v.contains([',', ';']) && v.split([',', ';']).filter(|p| looks_like_email(p.trim())).count() > 1 {
        Err(format!("\"{}\" holds more than one email address; keep one per row", clip(raw)))
    } else {
        Err(format!("\"{}\" is not a valid email address", clip(raw)))
    }
}

/// A practical address check: one @, a sane local part, and a dotted domain with a letter TLD.
pub fn looks_like_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    if local.is_empty() || local.len() > 64 || domain.len() > 253 || v.len() > 254 {
        return false;
    }
    let local_ok = local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b) || b >= 0x80)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !local_ok {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80)
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(label_ok) && tld.len() >= 2 && tld.chars().all(|c| c.is_alphabetic() || c == '-')
        || tld.starts_with("xn--") && labels.iter().all(label_ok)
}

fn normalize_website(v: &str) -> String {
    if v.contains("://") {
        v.to_string()
    } else {
        format!("https://{v}")
    }
}

/// The host of a URL or bare domain, lowercased and without "www.".
pub fn host_of(v: &str) -> Option<String> {
    let rest = v.split_once("://").map_or(v, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?.trim().to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.contains(' ')).then_some(host)
}

fn split_name(name: &str) -> (Option<String>, Option<String>) {
    match name.trim().rsplit_once(char::is_whitespace) {
        Some((first, last)) => (Some(first.trim().to_string()), Some(last.trim().to_string())),
        None => (Some(name.trim().to_string()), None),
    }
}

/// Shortens a cell for an error message.
fn clip(v: &str) -> String {
    let v = v.trim();
    if v.chars().count() > 60 {
        format!("{}…", v.chars().take(60).collect::<String>())
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_lowercases_them() {
        assert_eq!(normalize_email(" John.Smith+x@Acme.CO.uk ").unwrap(), "john.smith+x@acme.co.uk");
        assert_eq!(normalize_email("<ana@example.org>").unwrap(), "ana@example.org");
    }

    #[test]
    fn refuses_addresses_a_server_would_bounce() {
        for bad in ["john", "john@", "@acme.com", "john@@acme.com", "john smith@acme.com", "john@acme", "john@acme.c0m", "a..b@x.com"] {
            assert!(normalize_email(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn host_of_strips_scheme_path_and_www() {
        assert_eq!(host_of("https://www.Acme.com/about?x=1").as_deref(), Some("acme.com"));
        assert_eq!(host_of("acme.io").as_deref(), Some("acme.io"));
        assert_eq!(host_of("not a site"), None);
    }
}
