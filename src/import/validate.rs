//! Turns one row of cells into a lead, or says in plain words why it cannot be one.

use std::borrow::Cow;

use crate::domains::{self, MalformedDomain};
use crate::store::leads::NewLead;

use super::mapping::{ColumnMapping, ColumnTarget};

/// Cells longer than this are not contact data; the row is reported instead of imported.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// A mapping resolved to column positions once, so each row is a few indexed reads.
#[derive(Debug, Clone)]
pub struct RowMapper {
    fields: Vec<(usize, ColumnTarget)>,
    /// Custom columns in the order of their headers, each with its header already written as a JSON key.
    custom: Vec<(usize, String)>,
    width: usize,
}

impl RowMapper {
    pub fn new(mapping: &[ColumnMapping], width: usize) -> Self {
        let fields = mapping.iter().filter(|m| ColumnTarget::FIELDS.contains(&m.target)).map(|m| (m.column as usize, m.target)).collect();
        let mut custom: Vec<(usize, &str)> =
            mapping.iter().filter(|m| m.target == ColumnTarget::Custom).map(|m| (m.column as usize, m.header.as_str())).collect();
        custom.sort_by_key(|&(_, header)| header);
        let custom = custom.into_iter().map(|(i, header)| (i, serde_json::to_string(header).unwrap_or_default())).collect();
        RowMapper { fields, custom, width }
    }

    /// The custom cells of a row as one JSON object, keys in header order, empty cells left out.
    fn custom_json<'c>(&self, get: impl Fn(usize) -> Option<&'c str>) -> String {
        // Sized up front (keys, values, quotes and separators) so the text is allocated once, not regrown.
        let capacity = 2 + self.custom.iter().filter_map(|(i, key)| get(*i).map(|v| key.len() + v.len() + 4)).sum::<usize>();
        let mut json = String::with_capacity(capacity);
        json.push('{');
        for (i, key) in &self.custom {
            if let Some(v) = get(*i) {
                if json.len() > 1 {
                    json.push(',');
                }
                json.push_str(key);
                json.push(':');
                push_json_string(&mut json, v);
            }
        }
        json.push('}');
        json
    }

    /// Validates a row given as its cells. Ragged rows (other than trailing empty cells) are refused,
    /// because shifted cells would put data in the wrong fields.
    pub fn to_lead(&self, cells: &[&str]) -> Result<NewLead, String> {
        self.map(cells).map(MappedLead::into_owned)
    }

    /// As `to_lead`, with the values borrowed from the cells wherever they are the cell as it stands, so a
    /// row costs an allocation or two instead of one per field.
    pub fn map<'a>(&self, cells: &[&'a str]) -> Result<MappedLead<'a>, String> {
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
        let get = |i: usize| -> Option<&'a str> { cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty()) };

        let mut lead = MappedLead::default();
        let mut full_name: Option<&str> = None;
        let mut given_domain: Option<&str> = None;
        for &(i, target) in &self.fields {
            let Some(v) = get(i) else { continue };
            match target {
                ColumnTarget::Email => lead.email = Some(normalized_email(v)?),
                ColumnTarget::FirstName => lead.first_name = Some(v),
                ColumnTarget::LastName => lead.last_name = Some(v),
                ColumnTarget::FullName => full_name = Some(v),
                ColumnTarget::Company => lead.company = Some(v),
                ColumnTarget::Title => lead.title = Some(v),
                ColumnTarget::Website => lead.website = Some(normalize_website(v)),
                ColumnTarget::Domain => given_domain = Some(v),
                ColumnTarget::LinkedinUrl => lead.linkedin_url = Some(v),
                ColumnTarget::Country => lead.country = Some(v),
                ColumnTarget::Timezone => lead.timezone = Some(v),
                ColumnTarget::Custom | ColumnTarget::Ignore => {}
            }
        }
        if let Some(name) = full_name {
            if lead.first_name.is_none() && lead.last_name.is_none() {
                (lead.first_name, lead.last_name) = split_name(name);
            }
        }
        // The registrable domains of the address and the website; the lead's domain is the one its file gave,
        // else the website's, else the address's unless that is a free-mail provider's. A name that is not a
        // valid internationalized domain leaves its domain empty and the row is imported with a warning.
        let mut registrable = |v: &str, of: fn(&str) -> Result<Option<String>, MalformedDomain>| match of(v) {
            Ok(d) => d,
            Err(e) => {
                lead.warning.get_or_insert_with(|| e.to_string());
                None
            }
        };
        let email_domain = lead.email.as_deref().and_then(|e| registrable(e, domains::email_domain));
        let website_domain = lead.website.as_deref().and_then(|w| registrable(w, domains::registrable_domain));
        let given_domain = given_domain.and_then(|d| registrable(d, domains::registrable_domain));
        lead.domain =
            given_domain.or_else(|| website_domain.clone()).or_else(|| email_domain.clone().filter(|d| !domains::is_free_mail(d)));
        (lead.email_domain, lead.website_domain) = (email_domain, website_domain);
        lead.dedupe_key = match (&lead.email, &lead.domain, &lead.linkedin_url) {
            (Some(_), _, _) => None,
            (None, _, Some(profile)) => Some(format!("li:{}", profile.trim_end_matches('/').to_lowercase())),
            (None, Some(domain), None) => {
                let who = format!("{} {}", lead.first_name.unwrap_or(""), lead.last_name.unwrap_or(""));
                Some(format!("web:{domain}|{}", who.trim().to_lowercase()))
            }
            (None, None, None) => return Err("the row has no email address".into()),
        };
        lead.custom = self.custom_json(get);
        Ok(lead)
    }
}

/// A lead as one row of a file gives it (see `RowMapper::map`).
#[derive(Debug, Default)]
pub struct MappedLead<'a> {
    /// The key leads are told apart by, when it is not the email.
    dedupe_key: Option<String>,
    email: Option<Cow<'a, str>>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    company: Option<&'a str>,
    title: Option<&'a str>,
    website: Option<Cow<'a, str>>,
    domain: Option<String>,
    linkedin_url: Option<&'a str>,
    country: Option<&'a str>,
    timezone: Option<&'a str>,
    custom: String,
    email_domain: Option<String>,
    website_domain: Option<String>,
    /// Something about the row the user should know, though the lead is kept.
    warning: Option<String>,
}

impl MappedLead<'_> {
    /// What the user should know about the row, though it is imported.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// The values in the order `LeadField` lists them.
    pub fn fields(&self) -> [Option<&str>; 14] {
        [
            self.dedupe_key.as_deref().or(self.email.as_deref()),
            self.email.as_deref(),
            self.first_name,
            self.last_name,
            self.company,
            self.title,
            self.website.as_deref(),
            self.domain.as_deref(),
            self.linkedin_url,
            self.country,
            self.timezone,
            Some(&self.custom),
            self.email_domain.as_deref(),
            self.website_domain.as_deref(),
        ]
    }

    pub fn into_owned(self) -> NewLead {
        let owned = |v: Option<&str>| v.map(str::to_string);
        NewLead {
            dedupe_key: self.dedupe_key.or_else(|| owned(self.email.as_deref())).unwrap_or_default(),
            email: self.email.map(Cow::into_owned),
            first_name: owned(self.first_name),
            last_name: owned(self.last_name),
            company: owned(self.company),
            title: owned(self.title),
            website: self.website.map(Cow::into_owned),
            domain: self.domain,
            linkedin_url: owned(self.linkedin_url),
            country: owned(self.country),
            timezone: owned(self.timezone),
            custom: self.custom,
            email_domain: self.email_domain,
            website_domain: self.website_domain,
        }
    }
}

/// Appends `v` as a JSON string. Most cells need no escaping and are copied as they are.
fn push_json_string(json: &mut String, v: &str) {
    if v.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        json.push_str(&serde_json::to_string(v).unwrap_or_default());
    } else {
        json.push('"');
        json.push_str(v);
        json.push('"');
    }
}

/// Lowercases and checks an address the way a mail server would accept it for delivery.
pub fn normalize_email(raw: &str) -> Result<String, String> {
    normalized_email(raw).map(Cow::into_owned)
}

fn normalized_email(raw: &str) -> Result<Cow<'_, str>, String> {
    let v = raw.trim().trim_start_matches("mailto:").trim_matches(|c| c == '<' || c == '>').trim();
    if looks_like_email(v) {
        Ok(lowercase(v))
    } else if v.contains([',', ';']) && v.split([',', ';']).filter(|p| looks_like_email(p.trim())).count() > 1 {
        Err(format!("\"{}\" holds more than one email address; keep one per row", clip(raw)))
    } else {
        Err(format!("\"{}\" is not a valid email address", clip(raw)))
    }
}

/// An address a mail server would accept for delivery: the local part by RFC 5322 (`email_address`), and a
/// host name of dotted labels with a letter TLD. The crate's own domain check is left out: it takes any
/// RFC 5322 atom characters (`a!b#c.com`) and a single label (`john@acme`), which no mail is delivered to.
pub fn looks_like_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    if domain.len() > 253 || v.len() > 254 || !email_address::EmailAddress::is_valid_local_part(local) {
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

fn normalize_website(v: &str) -> Cow<'_, str> {
    if scheme_end(v).is_some() {
        Cow::Borrowed(v)
    } else {
        Cow::Owned(format!("https://{v}"))
    }
}

/// Where the "://" after a URL's scheme ends, if there is one.
fn scheme_end(v: &str) -> Option<usize> {
    v.as_bytes().windows(3).position(|w| w == b"://").map(|i| i + 3)
}

/// The text in lower case, borrowed when it already is.
fn lowercase(v: &str) -> Cow<'_, str> {
    if v.is_ascii() && !v.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(v)
    } else {
        Cow::Owned(v.to_lowercase())
    }
}

fn split_name(name: &str) -> (Option<&str>, Option<&str>) {
    match name.trim().rsplit_once(char::is_whitespace) {
        Some((first, last)) => (Some(first.trim()), Some(last.trim())),
        None => (Some(name.trim()), None),
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
    fn custom_columns_become_one_json_object_in_header_order() {
        let column = |column: u32, header: &str, target: ColumnTarget| ColumnMapping { column, header: header.into(), target };
        let mapping = [
            column(0, "Email", ColumnTarget::Email),
            column(1, "Zone", ColumnTarget::Custom),
            column(2, "Note \"x\"", ColumnTarget::Custom),
            column(3, "City", ColumnTarget::Custom),
        ];
        let mapper = RowMapper::new(&mapping, 4);
        let lead = mapper.to_lead(&["a@b.io", "EU", "said \"hi\"\\\tback", "Lyon"]).unwrap();
        let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&lead.custom).unwrap();
        assert_eq!(lead.custom, r#"{"City":"Lyon","Note \"x\"":"said \"hi\"\\\tback","Zone":"EU"}"#, "keys in header order");
        assert_eq!(parsed["Note \"x\""], "said \"hi\"\\\tback");
        assert_eq!(mapper.to_lead(&["a@b.io", "", " ", "Lyon"]).unwrap().custom, r#"{"City":"Lyon"}"#, "empty cells are left out");
        assert_eq!(mapper.to_lead(&["a@b.io", "", "", ""]).unwrap().custom, "{}");
    }

    fn mapper(targets: &[ColumnTarget]) -> RowMapper {
        let mapping: Vec<ColumnMapping> =
            targets.iter().enumerate().map(|(i, &target)| ColumnMapping { column: i as u32, header: format!("c{i}"), target }).collect();
        RowMapper::new(&mapping, targets.len())
    }

    #[test]
    fn a_lead_keeps_the_registrable_domains_of_its_address_and_website() {
        let m = mapper(&[ColumnTarget::Email, ColumnTarget::Website]);
        let lead = m.map(&["anna@mail.beispiel.co.uk", "https://shop.beispiel.co.uk/de"]).unwrap();
        let f = lead.fields();
        assert_eq!((f[7], f[12], f[13]), (Some("beispiel.co.uk"), Some("beispiel.co.uk"), Some("beispiel.co.uk")));
        let lead = m.map(&["bob@gmail.com", ""]).unwrap();
        assert_eq!(lead.fields()[7], None, "a free-mail domain says nothing about the company");
        assert_eq!(lead.fields()[12], Some("gmail.com"), "the address's domain is kept all the same");
        let lead = m.map(&["cy@other.io", "www.acme.com"]).unwrap();
        assert_eq!((lead.fields()[7], lead.fields()[13]), (Some("acme.com"), Some("acme.com")), "the website's domain comes first");
    }

    #[test]
    fn a_malformed_internationalized_domain_keeps_the_lead_with_a_warning() {
        let m = mapper(&[ColumnTarget::Email, ColumnTarget::Website]);
        let lead = m.map(&["ann@acme.com", "https://bücher|shop.de/"]).unwrap();
        assert_eq!(lead.fields()[13], None, "the website's domain is left empty");
        assert_eq!(lead.fields()[7], Some("acme.com"), "the address's domain stands in");
        assert!(lead.warning().is_some_and(|w| w.contains("not a valid internationalized domain name")), "{:?}", lead.warning());
        assert_eq!(m.map(&["ann@acme.com", "acme.com"]).unwrap().warning(), None);
    }
}
