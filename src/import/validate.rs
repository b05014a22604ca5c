//! Turns one row of cells into a lead, or says in plain words why it cannot be one.

use std::borrow::Cow;

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
                ColumnTarget::Domain => lead.domain = host_in(v),
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
        if lead.domain.is_none() {
            lead.domain = match &lead.website {
                Some(Cow::Borrowed(site)) => host_in(site),
                Some(Cow::Owned(site)) => host_in(site).map(|h| Cow::Owned(h.into_owned())),
                None => None,
            }
            .or_else(|| match lead.email.as_ref()? {
                Cow::Borrowed(email) => free_mail_domain(email).map(Cow::Borrowed),
                Cow::Owned(email) => free_mail_domain(email).map(|d| Cow::Owned(d.to_string())),
            });
        }
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
    domain: Option<Cow<'a, str>>,
    linkedin_url: Option<&'a str>,
    country: Option<&'a str>,
    timezone: Option<&'a str>,
    custom: String,
}

impl MappedLead<'_> {
    /// The values in the order `LeadField` lists them.
    pub fn fields(&self) -> [Option<&str>; 12] {
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
            domain: self.domain.map(Cow::into_owned),
            linkedin_url: owned(self.linkedin_url),
            country: owned(self.country),
            timezone: owned(self.timezone),
            custom: self.custom,
        }
    }
}

/// The domain of an address, unless it is a free-mail provider's, which says nothing of the lead's company.
fn free_mail_domain(email: &str) -> Option<&str> {
    let d = email.rsplit('@').next()?;
    (!FREE_MAIL.contains(&d)).then_some(d)
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

/// The host of a URL or bare domain, lowercased and without "www.".
pub fn host_of(v: &str) -> Option<String> {
    host_in(v).map(Cow::into_owned)
}

fn host_in(v: &str) -> Option<Cow<'_, str>> {
    let rest = scheme_end(v).map_or(v, |end| &v[end..]);
    let host = lowercase(rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?.trim());
    let host = match host {
        Cow::Borrowed(h) => Cow::Borrowed(h.strip_prefix("www.").unwrap_or(h)),
        Cow::Owned(h) => Cow::Owned(h.strip_prefix("www.").unwrap_or(&h).to_string()),
    };
    (host.contains('.') && !host.contains(' ')).then_some(host)
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

    #[test]
    fn host_of_strips_scheme_path_and_www() {
        assert_eq!(host_of("https://www.Acme.com/about?x=1").as_deref(), Some("acme.com"));
        assert_eq!(host_of("acme.io").as_deref(), Some("acme.io"));
        assert_eq!(host_of("not a site"), None);
    }
}
