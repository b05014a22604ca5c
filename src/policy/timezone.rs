//! Which clock a recipient reads: their own time zone when the lead has one, else their country's.

use chrono_tz::{Tz, TZ_VARIANTS};

use super::country_zones::COUNTRY_ZONES;
use super::error::PolicyError;
use super::region::country_code;

/// An IANA time zone by name ("Europe/Berlin"); the case of the letters does not matter.
pub fn parse_timezone(name: &str) -> Result<Tz, PolicyError> {
    let trimmed = name.trim();
    trimmed
        .parse::<Tz>()
        .ok()
        .or_else(|| TZ_VARIANTS.iter().copied().find(|tz| tz.name().eq_ignore_ascii_case(trimmed)))
        .ok_or_else(|| PolicyError::UnknownTimezone { name: trimmed.to_string() })
}

/// The primary time zone of a country (a code or a name): where most of its people live.
pub fn country_timezone(country: &str) -> Option<Tz> {
    let code = country_code(country)?;
    let i = COUNTRY_ZONES.binary_search_by(|(c, _)| c.cmp(&code)).ok()?;
    COUNTRY_ZONES[i].1.parse().ok()
}

/// The recipient's time zone: the lead's own (an IANA name; an invalid one is ignored), else its country's
/// primary zone, else the workspace's.
pub fn recipient_timezone(lead_tz: Option<&str>, country: Option<&str>, workspace_tz: Tz) -> Tz {
    lead_tz.and_then(|name| parse_timezone(name).ok()).or_else(|| country.and_then(country_timezone)).unwrap_or(workspace_tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::exact("Europe/Berlin", Tz::Europe__Berlin)]
    #[case::other_case("america/new_york", Tz::America__New_York)]
    #[case::spaces("  Asia/Tokyo ", Tz::Asia__Tokyo)]
    #[case::utc("UTC", Tz::UTC)]
    fn a_time_zone_is_parsed_by_its_iana_name(#[case] name: &str, #[case] tz: Tz) {
        assert_eq!(parse_timezone(name), Ok(tz));
    }

    #[test]
    fn an_unknown_time_zone_names_an_example() {
        let err = parse_timezone("Mars/Olympus").unwrap_err();
        assert!(err.to_string().contains("Europe/Berlin"), "the message shows what a valid name looks like: {err}");
        assert!(err.to_string().contains("Mars/Olympus"), "the message quotes the value: {err}");
    }

    #[rstest]
    #[case::germany("DE", Tz::Europe__Berlin)]
    #[case::by_name("Germany", Tz::Europe__Berlin)]
    #[case::us_is_eastern("US", Tz::America__New_York)]
    #[case::canada_is_toronto("Canada", Tz::America__Toronto)]
    #[case::australia_is_sydney("AU", Tz::Australia__Sydney)]
    #[case::russia_is_moscow("RU", Tz::Europe__Moscow)]
    #[case::brazil_is_sao_paulo("BR", Tz::America__Sao_Paulo)]
    #[case::uk("UK", Tz::Europe__London)]
    #[case::spain_mainland("ES", Tz::Europe__Madrid)]
    #[case::ukraine("UA", Tz::Europe__Kyiv)]
    fn a_country_has_a_primary_time_zone(#[case] country: &str, #[case] tz: Tz) {
        assert_eq!(country_timezone(country), Some(tz), "{country}");
    }

    #[test]
    fn every_country_zone_is_known_to_the_compiled_in_database() {
        assert!(COUNTRY_ZONES.windows(2).all(|w| w[0].0 < w[1].0), "the table is searched by binary search: sorted, unique");
        for (code, zone) in COUNTRY_ZONES {
            assert!(zone.parse::<Tz>().is_ok(), "{code}'s zone {zone} is missing from chrono-tz");
        }
    }

    #[test]
    fn the_lead_zone_wins_then_the_country_then_the_workspace() {
        let ws = Tz::Europe__Paris;
        assert_eq!(recipient_timezone(Some("Asia/Tokyo"), Some("DE"), ws), Tz::Asia__Tokyo);
        assert_eq!(recipient_timezone(None, Some("DE"), ws), Tz::Europe__Berlin);
        assert_eq!(recipient_timezone(Some("Not/AZone"), Some("US"), ws), Tz::America__New_York, "an invalid lead zone is ignored");
        assert_eq!(recipient_timezone(None, Some("Narnia"), ws), ws);
        assert_eq!(recipient_timezone(None, None, ws), ws);
    }
}
