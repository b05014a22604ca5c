//! The recipient's region and the legal basis it calls for.
//!
//! A lead's country field is free text from a spreadsheet ("Germany", "DE", "Deutschland", "U.K."), so names,
//! codes and common aliases all resolve to one ISO 3166-1 alpha-2 code. When the field is empty or unknown,
//! the address's country-code TLD stands in for it.

use std::str::FromStr;

use celes::Country;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a mail to this recipient may be sent: recorded consent, or the sender's legitimate interest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LegalBasis {
    Consent,
    LegitimateInterest,
}

/// Where unsolicited business mail needs prior consent (seed 000): the EU and EEA, the UK, Canada and
/// Australia. The EU's outermost regions with codes of their own (French overseas departments, Saint-Martin,
/// Åland) are EU territory under the GDPR.
const CONSENT_REGIONS: &[&str] = &[
    // EU members
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT",
    "RO", "SK", "SI", "ES", "SE", // EU outermost regions and Åland
    "GF", "GP", "MQ", "RE", "YT", "MF", "AX", // EEA beyond the EU
    "IS", "LI", "NO", // others with consent rules for commercial mail
    "GB", "CA", "AU",
];

/// Names people write that the ISO tables do not hold: everyday short forms and the countries' own names.
/// Keys are folded the way `fold` folds input.
const ALIASES: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("britain", "GB"),
    ("wales", "GB"),
    ("us", "US"),
    ("usa", "US"),
    ("unitedstatesofamerica", "US"),
    ("korea", "KR"),
    ("uae", "AE"),
    ("deutschland", "DE"),
    ("bundesrepublikdeutschland", "DE"),
    ("osterreich", "AT"),
    ("oesterreich", "AT"),
    ("schweiz", "CH"),
    ("suisse", "CH"),
    ("svizzera", "CH"),
    ("espana", "ES"),
    ("italia", "IT"),
    ("frankreich", "FR"),
    ("polska", "PL"),
    ("nederland", "NL"),
    ("belgie", "BE"),
    ("belgique", "BE"),
    ("danmark", "DK"),
    ("sverige", "SE"),
    ("norge", "NO"),
    ("suomi", "FI"),
    ("eire", "IE"),
    ("magyarorszag", "HU"),
    ("cesko", "CZ"),
    ("ceskarepublika", "CZ"),
    ("slovensko", "SK"),
    ("hrvatska", "HR"),
    ("hellas", "GR"),
    ("ellada", "GR"),
    ("romania", "RO"),
    ("brasil", "BR"),
    ("mexico", "MX"),
    ("luxemburg", "LU"),
    ("island", "IS"),
];

/// Country-code TLDs used worldwide as generic ones (.io start-ups, .co, .me, .tv …): they say nothing about
/// where the recipient is.
const GENERIC_CCTLDS: &[&str] =
    &["ac", "ad", "ai", "cc", "co", "fm", "gg", "io", "la", "ly", "me", "ms", "nu", "sh", "so", "tk", "to", "tv", "vc", "ws"];

/// The ISO 3166-1 alpha-2 code of a free-text country: a code ("DE", "deu"), an English name or alias
/// ("Germany", "United Kingdom", "Great Britain", "USA", "U.S.") or a country's own name ("Deutschland").
/// `None` when it names no country.
pub fn country_code(country: &str) -> Option<&'static str> {
    let key = fold(country);
    if key.is_empty() || key.bytes().all(|b| b.is_ascii_digit()) {
        // Numeric ISO codes are left out: a number in a country column is far likelier a postcode.
        return None;
    }
    if let Some((_, code)) = ALIASES.iter().find(|(alias, _)| *alias == key) {
        return Some(code);
    }
    let bare = key.strip_prefix("the").filter(|rest| rest.len() > 2).unwrap_or(&key);
    Country::from_str(&key)
        .or_else(|_| Country::from_name(&key))
        .or_else(|_| Country::from_name(format!("the{bare}")))
        .or_else(|_| Country::from_alias(bare))
        .ok()
        .map(|c| c.alpha2)
}

/// The country of an address's country-code TLD (".de" → DE; ".co.uk" and ".uk" → GB). `None` for generic
/// TLDs (.com, .org), for country codes used as generic ones (.io, .co) and for .eu.
pub fn country_of_email(email: &str) -> Option<&'static str> {
    let domain = email.rsplit_once('@').map_or(email, |(_, d)| d).trim().trim_end_matches('.');
    let tld = domain.rsplit('.').next()?.to_ascii_lowercase();
    if tld.len() != 2 || GENERIC_CCTLDS.contains(&tld.as_str()) {
        return None;
    }
    if tld == "uk" {
        return Some("GB");
    }
    Country::from_alpha2(&tld).ok().map(|c| c.alpha2)
}

/// The recipient's country: the lead's country field when it names one, else the address's TLD.
pub fn recipient_country(country_field: Option<&str>, email: &str) -> Option<&'static str> {
    country_field.and_then(country_code).or_else(|| country_of_email(email))
}

/// The legal basis for mailing a recipient in `country` (a code or a name); an unknown country is treated as
/// one without a consent rule.
pub fn legal_basis(country: Option<&str>) -> LegalBasis {
    match country.and_then(country_code) {
        Some(code) if CONSENT_REGIONS.contains(&code) => LegalBasis::Consent,
        _ => LegalBasis::LegitimateInterest,
    }
}

/// Lowercase letters only, with the accents of Latin letters dropped: "Österreich" and "osterreich", "U.S."
/// and "us", "Côte d'Ivoire" and "cotedivoire" compare equal.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            'a'..='z' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => Some('a'),
            'ç' | 'ć' | 'č' => Some('c'),
            'ď' | 'đ' => Some('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => Some('e'),
            'ğ' => Some('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => Some('i'),
            'ł' | 'ľ' => Some('l'),
            'ñ' | 'ń' | 'ň' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => Some('o'),
            'ř' => Some('r'),
            'ś' | 'š' | 'ş' | 'ș' => Some('s'),
            'ť' | 'ţ' | 'ț' => Some('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => Some('u'),
            'ý' | 'ÿ' => Some('y'),
            'ź' | 'ż' | 'ž' => Some('z'),
            _ if c.is_ascii_digit() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::code("DE", "DE")]
    #[case::lowercase_code("de", "DE")]
    #[case::alpha3("DEU", "DE")]
    #[case::english_name("Germany", "DE")]
    #[case::own_name("Deutschland", "DE")]
    #[case::own_name_with_umlaut("Österreich", "AT")]
    #[case::uk("UK", "GB")]
    #[case::uk_with_dots("U.K.", "GB")]
    #[case::united_kingdom("United Kingdom", "GB")]
    #[case::great_britain("Great Britain", "GB")]
    #[case::england("England", "GB")]
    #[case::usa("USA", "US")]
    #[case::united_states("United States", "US")]
    #[case::us_with_dots("U.S.", "US")]
    #[case::us_of_a("United States of America", "US")]
    #[case::the_netherlands("The Netherlands", "NL")]
    #[case::netherlands("netherlands", "NL")]
    #[case::holland("Holland", "NL")]
    #[case::spaces_around("  France ", "FR")]
    #[case::czech_republic("Czech Republic", "CZ")]
    #[case::south_korea("South Korea", "KR")]
    #[case::ivory_coast_accented("Côte d'Ivoire", "CI")]
    #[case::russia("Russia", "RU")]
    #[case::canada("canada", "CA")]
    fn a_country_field_resolves_to_its_iso_code(#[case] text: &str, #[case] code: &str) {
        assert_eq!(country_code(text), Some(code), "\"{text}\" names {code}");
    }

    #[rstest]
    #[case::empty("")]
    #[case::made_up("Narnia")]
    #[case::postcode("10115")]
    #[case::punctuation_only("--")]
    fn text_that_names_no_country_resolves_to_none(#[case] text: &str) {
        assert_eq!(country_code(text), None, "\"{text}\" names no country");
    }

    #[rstest]
    #[case::de("anna@beispiel.de", Some("DE"))]
    #[case::co_uk("anna@shop.example.co.uk", Some("GB"))]
    #[case::uk("anna@example.uk", Some("GB"))]
    #[case::uppercase_tld("ANNA@EXAMPLE.FR", Some("FR"))]
    #[case::trailing_dot("anna@example.at.", Some("AT"))]
    #[case::com_au("anna@example.com.au", Some("AU"))]
    #[case::com("anna@example.com", None)]
    #[case::org("anna@example.org", None)]
    #[case::io_is_generic("anna@startup.io", None)]
    #[case::co_is_generic("anna@startup.co", None)]
    #[case::eu_is_no_country("anna@agency.eu", None)]
    #[case::no_domain("anna", None)]
    fn an_address_tld_names_its_country(#[case] email: &str, #[case] code: Option<&str>) {
        assert_eq!(country_of_email(email), code, "{email}");
    }

    #[test]
    fn the_country_field_wins_over_the_tld() {
        assert_eq!(recipient_country(Some("United States"), "anna@beispiel.de"), Some("US"), "the field names the recipient's country");
        assert_eq!(legal_basis(recipient_country(Some("USA"), "anna@beispiel.de")), LegalBasis::LegitimateInterest);
        assert_eq!(recipient_country(Some("Germany"), "bob@example.com"), Some("DE"));
    }

    #[test]
    fn an_empty_or_unknown_country_field_falls_back_to_the_tld() {
        assert_eq!(recipient_country(None, "anna@beispiel.de"), Some("DE"));
        assert_eq!(recipient_country(Some(""), "anna@beispiel.de"), Some("DE"));
        assert_eq!(recipient_country(Some("Narnia"), "anna@example.co.uk"), Some("GB"));
        assert_eq!(recipient_country(None, "anna@example.com"), None);
    }

    #[rstest]
    #[case::germany("DE", LegalBasis::Consent)]
    #[case::france_by_name("France", LegalBasis::Consent)]
    #[case::norway_eea("NO", LegalBasis::Consent)]
    #[case::iceland_eea("IS", LegalBasis::Consent)]
    #[case::liechtenstein_eea("LI", LegalBasis::Consent)]
    #[case::uk("UK", LegalBasis::Consent)]
    #[case::canada("CA", LegalBasis::Consent)]
    #[case::australia("Australia", LegalBasis::Consent)]
    #[case::reunion_is_eu("RE", LegalBasis::Consent)]
    #[case::usa("US", LegalBasis::LegitimateInterest)]
    #[case::switzerland_is_not_eea("CH", LegalBasis::LegitimateInterest)]
    #[case::japan("JP", LegalBasis::LegitimateInterest)]
    #[case::unknown("Narnia", LegalBasis::LegitimateInterest)]
    fn consent_regions_need_consent(#[case] country: &str, #[case] basis: LegalBasis) {
        assert_eq!(legal_basis(Some(country)), basis, "{country}");
    }

    #[test]
    fn an_unknown_region_is_legitimate_interest() {
        assert_eq!(legal_basis(None), LegalBasis::LegitimateInterest);
    }

    #[test]
    fn the_legal_basis_crosses_to_the_ui_in_snake_case() {
        assert_eq!(serde_json::to_string(&LegalBasis::LegitimateInterest).unwrap(), r#""legitimate_interest""#);
        assert_eq!(serde_json::to_string(&LegalBasis::Consent).unwrap(), r#""consent""#);
    }

    #[test]
    fn every_consent_region_is_an_iso_code() {
        for code in CONSENT_REGIONS {
            assert_eq!(country_code(code), Some(*code), "{code} must be a real ISO 3166-1 code or it never matches");
        }
    }

    #[test]
    fn every_alias_folds_to_itself_and_names_an_iso_code() {
        for (alias, code) in ALIASES {
            assert_eq!(fold(alias), *alias, "alias keys are compared after folding");
            assert!(Country::from_alpha2(code).is_ok(), "{code} is not an ISO code");
        }
    }
}
