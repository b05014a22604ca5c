//! Which language a lead reads, from their data, and which language a draft is written in.
//! Languages are whatlang's ISO 639-3 codes ("eng", "deu", "nob"), so the two compare directly.

use serde_json::{Map, Value};
use whatlang::Lang;

/// ISO 639-1 codes of the languages consultants write in most, for "de" or "pt-BR" in a locale column.
const TWO_LETTER: &[(&str, &str)] = &[
    ("en", "eng"),
    ("de", "deu"),
    ("fr", "fra"),
    ("es", "spa"),
    ("it", "ita"),
    ("nl", "nld"),
    ("pt", "por"),
    ("sv", "swe"),
    ("da", "dan"),
    ("no", "nob"),
    ("nb", "nob"),
    ("fi", "fin"),
    ("pl", "pol"),
    ("cs", "ces"),
    ("ru", "rus"),
    ("uk", "ukr"),
    ("tr", "tur"),
    ("ja", "jpn"),
    ("zh", "cmn"),
    ("ko", "kor"),
    ("ar", "ara"),
    ("he", "heb"),
    ("hi", "hin"),
    ("el", "ell"),
    ("hu", "hun"),
    ("ro", "ron"),
];

/// Countries with one clear language of business. Canada, Belgium and Switzerland are left out on purpose:
/// guessing there would flag correct drafts.
const COUNTRIES: &[(&[&str], &str)] = &[
    (&["de", "at", "germany", "austria", "deutschland", "österreich"], "deu"),
    (&["fr", "france"], "fra"),
    (&["es", "mx", "ar", "co", "cl", "spain", "mexico", "méxico", "argentina", "colombia", "chile", "españa"], "spa"),
    (&["it", "italy", "italia"], "ita"),
    (&["nl", "netherlands", "the netherlands", "holland", "nederland"], "nld"),
    (&["pt", "br", "portugal", "brazil", "brasil"], "por"),
    (&["se", "sweden", "sverige"], "swe"),
    (&["dk", "denmark", "danmark"], "dan"),
    (&["no", "norway", "norge"], "nob"),
    (&["fi", "finland", "suomi"], "fin"),
    (&["pl", "poland", "polska"], "pol"),
    (
        &[
            "us",
            "usa",
            "gb",
            "uk",
            "ie",
            "au",
            "nz",
            "united states",
            "united states of america",
            "america",
            "united kingdom",
            "great britain",
            "england",
            "scotland",
            "wales",
            "ireland",
            "australia",
            "new zealand",
        ],
        "eng",
    ),
];

fn is_language_column(header: &str) -> bool {
    let header = header.trim().to_lowercase();
    ["language", "lang", "locale"].iter().any(|k| header == *k || header.split([' ', '_', '-']).any(|w| w == *k))
}

/// The language a lead's messages should be in: a language column wins, else a country with one clear
/// language; None when unknown or ambiguous.
pub fn expected_language(country: Option<&str>, custom: &Map<String, Value>) -> Option<&'static str> {
    let from_column =
        custom.iter().filter(|(header, _)| is_language_column(header)).find_map(|(_, value)| value.as_str().and_then(language_code));
    from_column.or_else(|| country.and_then(country_language))
}

/// A language written as a code ("de", "deu", "pt-BR", "en_GB") or a name ("German", "Deutsch").
pub fn language_code(text: &str) -> Option<&'static str> {
    let text = text.trim().to_lowercase();
    let primary = text.split(['-', '_']).next().unwrap_or("");
    if let Some((_, code)) = TWO_LETTER.iter().find(|(two, _)| *two == primary) {
        return Some(code);
    }
    if primary.len() == 3 {
        if let Some(lang) = Lang::from_code(primary) {
            return Some(lang.code());
        }
    }
    if text == "norwegian" {
        return Some("nob");
    }
    Lang::all().iter().find(|l| l.eng_name().to_lowercase() == text || l.name().to_lowercase() == text).map(|l| l.code())
}

fn country_language(country: &str) -> Option<&'static str> {
    let country = country.trim().trim_end_matches('.').to_lowercase();
    COUNTRIES.iter().find(|(names, _)| names.contains(&country.as_str())).map(|(_, code)| *code)
}

/// The English name of a language code, as the consultant reads it.
pub fn english_name(code: &str) -> Option<&'static str> {
    let lang = Lang::from_code(code)?;
    // whatlang calls Norwegian by its written standard, which consultants rarely recognise.
    Some(if lang == Lang::Nob { "Norwegian" } else { lang.eng_name() })
}

/// The language a text is written in, (code, English name), only when the detector is sure.
pub fn detect(text: &str) -> Option<(&'static str, &'static str)> {
    let info = whatlang::detect(text).filter(|i| i.is_reliable())?;
    let code = info.lang().code();
    Some((code, english_name(code)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn custom(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn countries_with_one_clear_language() {
        let none = Map::new();
        for (country, code) in [
            ("DE", "deu"),
            ("Austria", "deu"),
            ("fr", "fra"),
            ("MX", "spa"),
            ("Brazil", "por"),
            ("NO", "nob"),
            ("UK", "eng"),
            ("United States", "eng"),
            ("NZ", "eng"),
            ("Poland", "pol"),
        ] {
            assert_eq!(expected_language(Some(country), &none), Some(code), "{country}");
        }
        assert_eq!(expected_language(Some("CA"), &none), None);
        assert_eq!(expected_language(Some("Switzerland"), &none), None);
        assert_eq!(expected_language(None, &none), None);
    }

    #[test]
    fn a_language_column_wins_over_the_country() {
        assert_eq!(expected_language(Some("DE"), &custom(json!({"Language": "English"}))), Some("eng"));
        assert_eq!(expected_language(Some("US"), &custom(json!({"locale": "de-AT"}))), Some("deu"));
        assert_eq!(expected_language(None, &custom(json!({"Preferred lang": "fra"}))), Some("fra"));
        assert_eq!(expected_language(None, &custom(json!({"lang": "Deutsch"}))), Some("deu"));
        assert_eq!(expected_language(Some("FR"), &custom(json!({"Language": "Klingon"}))), Some("fra"));
        assert_eq!(expected_language(None, &custom(json!({"slang": "de"}))), None);
    }

    #[test]
    fn names_read_as_consultants_say_them() {
        assert_eq!(english_name("deu"), Some("German"));
        assert_eq!(english_name("nob"), Some("Norwegian"));
        assert_eq!(english_name("xx"), None);
        assert_eq!(language_code("Norwegian"), Some("nob"));
    }

    #[test]
    fn detects_only_when_reliable() {
        let german = "Ich habe Ihre Website gesehen und hätte eine kurze Idee, wie Sie mehr Kunden aus Ihrem Blog gewinnen können.";
        assert_eq!(detect(german), Some(("deu", "German")));
        let english = "I came across your website this morning and had a quick idea about how your team could turn the blog into a steady source of new customers. Would you be open to a short call next week?";
        assert_eq!(detect(english), Some(("eng", "English")));
        assert_eq!(detect("ok"), None);
    }
}
