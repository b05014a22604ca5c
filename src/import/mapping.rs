//! Which lead field each column of a file fills: the guess from headers and sample values, and its checks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validate::looks_like_email;
use super::ImportError;

/// Where a column's values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ColumnTarget {
    Email,
    FirstName,
    LastName,
    FullName,
    Company,
    Title,
    Website,
    Domain,
    LinkedinUrl,
    Country,
    Timezone,
    /// Kept on the lead as a custom field named after the header.
    Custom,
    /// Not imported.
    Ignore,
}

impl ColumnTarget {
    pub const FIELDS: [ColumnTarget; 11] = [
        ColumnTarget::Email,
        ColumnTarget::FirstName,
        ColumnTarget::LastName,
        ColumnTarget::FullName,
        ColumnTarget::Company,
        ColumnTarget::Title,
        ColumnTarget::Website,
        ColumnTarget::Domain,
        ColumnTarget::LinkedinUrl,
        ColumnTarget::Country,
        ColumnTarget::Timezone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ColumnTarget::Email => "email",
            ColumnTarget::FirstName => "first_name",
            ColumnTarget::LastName => "last_name",
            ColumnTarget::FullName => "full_name",
            ColumnTarget::Company => "company",
            ColumnTarget::Title => "title",
            ColumnTarget::Website => "website",
            ColumnTarget::Domain => "domain",
            ColumnTarget::LinkedinUrl => "linkedin_url",
            ColumnTarget::Country => "country",
            ColumnTarget::Timezone => "timezone",
            ColumnTarget::Custom => "custom",
            ColumnTarget::Ignore => "ignore",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let wanted = normalize_header(s);
        ColumnTarget::FIELDS
            .into_iter()
            .chain([ColumnTarget::Custom, ColumnTarget::Ignore])
            .find(|t| normalize_header(t.as_str()) == wanted)
    }

    /// Header spellings (normalized) that mean this field, in the order they are tried.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            ColumnTarget::Email => &[
                "email",
                "emailaddress",
                "mail",
                "workemail",
                "businessemail",
                "contactemail",
                "emails",
                "courriel",
                "primaryemail",
                "emailid",
            ],
            ColumnTarget::FirstName => &["firstname", "first", "givenname", "fname", "forename", "prenom", "vorname"],
            ColumnTarget::LastName => &["lastname", "last", "surname", "familyname", "lname", "nom", "nachname"],
            ColumnTarget::FullName => &["name", "fullname", "contactname", "contact", "personname", "leadname"],
            ColumnTarget::Company => &[
                "company",
                "companyname",
                "organization",
                "organisation",
                "org",
                "account",
                "accountname",
                "business",
                "employer",
                "firm",
                "firma",
                "societe",
            ],
            ColumnTarget::Title => &["title", "jobtitle", "position", "role", "designation", "headline"],
            ColumnTarget::Website => &["website", "url", "web", "site", "homepage", "companywebsite", "websiteurl", "companyurl"],
            ColumnTarget::Domain => &["domain", "companydomain", "websitedomain", "domainname"],
            ColumnTarget::LinkedinUrl => {
                &["linkedin", "linkedinurl", "linkedinprofile", "linkedinprofileurl", "personlinkedinurl", "profileurl", "li"]
            }
            ColumnTarget::Country => &["country", "countrycode", "nation", "land", "pays", "countryname"],
            ColumnTarget::Timezone => &["timezone", "tz", "timezonename", "ianatimezone"],
            ColumnTarget::Custom | ColumnTarget::Ignore => &[],
        }
    }
}

/// One column of the file and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMapping {
    /// 0-based position of the column in the file.
    pub column: u32,
    pub header: String,
    pub target: ColumnTarget,
}

/// Lowercase letters and digits only: "E-Mail Address" → "emailaddress".
pub fn normalize_header(h: &str) -> String {
    h.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Makes every header non-blank and unique, as the user will see them; returns notes on what changed.
pub fn clean_headers(raw: &[String]) -> (Vec<String>, Vec<String>) {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut notes = Vec::new();
    for (i, h) in raw.iter().enumerate() {
        let trimmed = h.trim();
        let mut name = if trimmed.is_empty() {
            notes.push(format!("Column {} has no header; it is called \"Column {}\"", i + 1, i + 1));
            format!("Column {}", i + 1)
        } else {
            trimmed.to_string()
        };
        if out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            let mut n = 2;
            while out.iter().any(|o| o.eq_ignore_ascii_case(&format!("{name} ({n})"))) {
                n += 1;
            }
            notes.push(format!("The header \"{name}\" appears more than once; column {} is called \"{name} ({n})\"", i + 1));
            name = format!("{name} ({n})");
        }
        out.push(name);
    }
    (out, notes)
}

/// Guesses a target for every column from its header, then finds the email column from the values
/// when no header names it. Each lead field is given to one column at most.
pub fn suggest_mapping(headers: &[String], sample: &[Vec<String>]) -> Vec<ColumnMapping> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut targets = vec![ColumnTarget::Custom; headers.len()];
    for field in ColumnTarget::FIELDS {
        // Exact synonym first, then a header that contains the field's main word ("Contact Email").
        let exact = field
            .synonyms()
            .iter()
            .find_map(|syn| normalized.iter().enumerate().position(|(i, n)| n == syn && targets[i] == ColumnTarget::Custom));
        let contains = || {
            let main = field.synonyms().first().copied().unwrap_or_default();
            normalized.iter().enumerate().position(|(i, n)| {
                targets[i] == ColumnTarget::Custom && n.contains(main) && !(field == ColumnTarget::Email && n.contains("status"))
            })
        };
        let found = exact.or_else(|| {
            if matches!(field, ColumnTarget::Email | ColumnTarget::LinkedinUrl | ColumnTarget::Website) {
                contains()
            } else {
                None
            }
        });
        if let Some(i) = found {
            targets[i] = field;
        }
    }
    if !targets.contains(&ColumnTarget::Email) {
        if let Some(i) = email_column_from_values(headers.len(), sample, &targets) {
            targets[i] = ColumnTarget::Email;
        }
    }
    headers.iter().enumerate().map(|(i, h)| ColumnMapping { column: i as u32, header: h.clone(), target: targets[i] }).collect()
}

/// The column whose sample values are mostly email addresses, if any.
fn email_column_from_values(width: usize, sample: &[Vec<String>], targets: &[ColumnTarget]) -> Option<usize> {
    (0..width)
        .filter(|&i| targets[i] == ColumnTarget::Custom)
        .map(|i| {
            let values: Vec<&str> = sample.iter().filter_map(|r| r.get(i)).map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
            let hits = values.iter().filter(|v| looks_like_email(v)).count();
            (i, hits, values.len())
        })
        .filter(|&(_, hits, n)| n > 0 && hits * 2 >= n)
        .max_by_key(|&(_, hits, _)| hits)
        .map(|(i, _, _)| i)
}

/// Checks a mapping before an import: known columns, each field once, something to identify a lead by.
pub fn check_mapping(mapping: &[ColumnMapping], width: usize, file: &str) -> Result<(), ImportError> {
    for m in mapping {
        if m.column as usize >= width {
            return Err(ImportError::MappedColumnMissing { file: file.to_string(), column: m.column + 1, width });
        }
    }
    for field in ColumnTarget::FIELDS {
        let cols: Vec<&ColumnMapping> = mapping.iter().filter(|m| m.target == field).collect();
        if cols.len() > 1 {
            return Err(ImportError::FieldMappedTwice {
                first: cols[0].header.clone(),
                second: cols[1].header.clone(),
                field: field.as_str().to_string(),
            });
        }
    }
    let has = |t: ColumnTarget| mapping.iter().any(|m| m.target == t);
    if !has(ColumnTarget::Email) {
        return Err(ImportError::NoEmailColumn { file: file.to_string() });
    }
    Ok(())
}

/// Applies `COLUMN=FIELD` overrides (COLUMN is a header or a 1-based column number) to a suggested mapping.
pub fn apply_overrides(mapping: &mut [ColumnMapping], overrides: &[(String, String)]) -> Result<(), ImportError> {
    for (column, field) in overrides {
        let target = ColumnTarget::parse(field).ok_or_else(|| {
            let names: Vec<&str> = ColumnTarget::FIELDS.iter().map(|t| t.as_str()).collect();
            ImportError::UnknownField { field: field.clone(), known: names.join(", ") }
        })?;
        let idx = mapping
            .iter()
            .position(|m| m.header.eq_ignore_ascii_case(column.trim()))
            .or_else(|| column.trim().parse::<usize>().ok().filter(|n| *n >= 1 && *n <= mapping.len()).map(|n| n - 1))
            .ok_or_else(|| {
                let headers: Vec<&str> = mapping.iter().map(|m| m.header.as_str()).collect();
                ImportError::NoSuchColumn { column: column.clone(), columns: headers.join(", ") }
            })?;
        if ColumnTarget::FIELDS.contains(&target) {
            for m in mapping.iter_mut().filter(|m| m.target == target) {
                m.target = ColumnTarget::Custom;
            }
        }
        mapping[idx].target = target;
    }
    Ok(())
}
