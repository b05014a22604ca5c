//! The day an out-of-office says its writer is back: the first date after "back on", "until", "zurück am",
//! "de retour le", … in several languages and formats. The year comes from the message's date when the
//! text leaves it out. None whenever the date is not certain (a 03/04 that could be either order).

use chrono::{Datelike, Duration, NaiveDate};

use super::quote::latest_text;

/// Words after which the return date stands, longest first where one begins another.
const TRIGGERS: &[&str] = &[
    "back in the office on",
    "back in the office",
    "back at work on",
    "back on",
    "return to the office on",
    "returning on",
    "return on",
    "i will return",
    "i return",
    "returning",
    "back",
    "until",
    "till",
    "through",
    "zurück am",
    "zurück ab",
    "wieder im büro am",
    "wieder im büro",
    "wieder erreichbar am",
    "wieder erreichbar",
    "ab dem",
    "bis einschließlich",
    "bis zum",
    "bis",
    "de retour le",
    "de retour",
    "jusqu'au",
    "jusqu’au",
    "à partir du",
    "hasta el",
    "de vuelta el",
    "regreso el",
    "regresaré el",
    "volveré el",
    "fino al",
    "rientro il",
    "di ritorno il",
    "terug op",
    "tot en met",
    "tot",
    "vanaf",
    "de volta em",
    "retorno em",
    "até",
    "till och med",
    "tillbaka",
    "til og med",
    "tilbage",
    "tilbake",
    "takaisin",
    "asti",
];

/// Words that may stand between a trigger and its date.
const FILLERS: &[&str] = &[
    "on", "the", "of", "le", "am", "el", "den", "dem", "zum", "op", "il", "em", "de", "del", "du", "en", "au", "in", "office", "work",
    "on", "at", "i", "will", "be", "am", "the",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "segunda",
    "terça",
    "quarta",
    "quinta",
    "sexta",
    "måndag",
    "tisdag",
    "onsdag",
    "torsdag",
    "fredag",
    "mandag",
    "tirsdag",
];

/// Month names (full, several languages); a token may be a name, a 3+ letter start of one, or a name with
/// an ending (Finnish "joulukuuta").
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("maj", 5),
    ("augusti", 8),
    ("desember", 12),
    ("tammikuu", 1),
    ("helmikuu", 2),
    ("maaliskuu", 3),
    ("huhtikuu", 4),
    ("toukokuu", 5),
    ("kesäkuu", 6),
    ("heinäkuu", 7),
    ("elokuu", 8),
    ("syyskuu", 9),
    ("lokakuu", 10),
    ("marraskuu", 11),
    ("joulukuu", 12),
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
];

/// Starts of month names that are also common words in another language.
const NOT_MONTHS: &[&str] = &["ago", "set", "out", "des", "mar", "mei", "jun", "jul", "sep"];

/// The return date written in an out-of-office body; `sent` is the message's date, for the year.
pub(super) fn return_date(body: &str, sent: Option<NaiveDate>) -> Option<NaiveDate> {
    let text = latest_text(body).to_lowercase();
    let mut best: Option<(usize, NaiveDate)> = None;
    for trigger in TRIGGERS {
        for (at, _) in text.match_indices(trigger) {
            let end = at + trigger.len();
            let before_ok = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !before_ok || !after_ok || best.is_some_and(|(b, _)| b <= at) {
                continue;
            }
            if let Some(date) = date_at(&text[end..], sent) {
                best = Some((at, date));
            }
        }
    }
    best.map(|(_, d)| d)
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|t| !t.is_empty()).take(8).collect()
}

/// A date at the start of a text, after filler words.
fn date_at(text: &str, sent: Option<NaiveDate>) -> Option<NaiveDate> {
    let tokens = tokens(text);
    let mut i = 0;
    while i < tokens.len() && is_filler(tokens[i]) {
        i += 1;
    }
    let rest = &tokens[i..];
    let first = *rest.first()?;
    let date = numeric_date(first, sent).or_else(|| month_first(rest, sent)).or_else(|| day_first(rest, sent))?;
    plausible(date, sent).then_some(date)
}

fn is_filler(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ':']);
    FILLERS.contains(&t) || WEEKDAYS.contains(&t) || t == "-" || t == "–"
}

fn month(token: &str) -> Option<u32> {
    let t = token.trim_end_matches(['.', ',']);
    if t.chars().count() < 3 || !t.chars().all(char::is_alphabetic) {
        return None;
    }
    if let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == t) {
        return Some(*m);
    }
    if NOT_MONTHS.contains(&t) {
        return None;
    }
    MONTHS.iter().find(|(name, _)| name.starts_with(t) || (t.starts_with(name) && name.chars().count() >= 5)).map(|(_, m)| *m)
}

/// "14", "14th", "1er", "14." → 14.
fn day(token: &str) -> Option<u32> {
    let t = token.trim_end_matches(['.', ',']);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &t[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !["", "st", "nd", "rd", "th", "er", "e", "º"].contains(&suffix) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(token: Option<&&str>) -> Option<i32> {
    let t = token?.trim_end_matches(['.', ',']);
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten().filter(|y| (2000..2100).contains(y))
}

/// "December 14", "Dec. 14th, 2026".
fn month_first(tokens: &[&str], sent: Option<NaiveDate>) -> Option<NaiveDate> {
    let m = month(tokens.first()?)?;
    let d = day(tokens.get(1)?)?;
    complete(year(tokens.get(2)), m, d, sent)
}

/// "14 December 2026", "14th of December", "14. Dezember", "14 de diciembre de 2026".
fn day_first(tokens: &[&str], sent: Option<NaiveDate>) -> Option<NaiveDate> {
    let d = day(tokens.first()?)?;
    let mut i = 1;
    while tokens.get(i).is_some_and(|t| matches!(*t, "of" | "de" | "di")) {
        i += 1;
    }
    let m = month(tokens.get(i)?)?;
    i += 1;
    if tokens.get(i).is_some_and(|t| *t == "de" || *t == "del") {
        i += 1;
    }
    complete(year(tokens.get(i)), m, d, sent)
}

/// "2026-12-14", "14.12.2026", "14.12.", "12/14/2026" (US, clear because 14 > 12), "14/12"; None for an
/// order that cannot be told.
fn numeric_date(token: &str, sent: Option<NaiveDate>) -> Option<NaiveDate> {
    let t = token.trim_end_matches([',', ';', '.']);
    let sep = ['.', '/', '-'].into_iter().find(|s| t.contains(*s))?;
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let year_of = |p: &str| -> Option<i32> {
        match p.len() {
            4 => p.parse().ok(),
            2 => p.parse::<i32>().ok().map(|y| 2000 + y),
            _ => None,
        }
    };
    if parts[0].len() == 4 {
        return (parts.len() == 3).then(|| NaiveDate::from_ymd_opt(year_of(parts[0])?, n[1], n[2])).flatten();
    }
    let y = if parts.len() == 3 { Some(year_of(parts[2])?) } else { None };
    let (d, m) = match sep {
        '.' => (n[0], n[1]),
        _ if n[0] > 12 && n[1] <= 12 => (n[0], n[1]),
        _ if n[1] > 12 && n[0] <= 12 => (n[1], n[0]),
        _ if n[0] == n[1] => (n[0], n[1]),
        _ => return None,
    };
    complete(y, m, d, sent)
}

/// The date with its year: the written one, else the first such day not long before the message.
fn complete(year: Option<i32>, month: u32, day: u32, sent: Option<NaiveDate>) -> Option<NaiveDate> {
    if let Some(y) = year {
        return NaiveDate::from_ymd_opt(y, month, day);
    }
    let sent = sent?;
    let this_year = NaiveDate::from_ymd_opt(sent.year(), month, day)?;
    if this_year < sent - Duration::days(30) {
        NaiveDate::from_ymd_opt(sent.year() + 1, month, day)
    } else {
        Some(this_year)
    }
}

/// A return date is near the message: not long before it, not more than a year after.
fn plausible(date: NaiveDate, sent: Option<NaiveDate>) -> bool {
    sent.is_none_or(|s| date >= s - Duration::days(30) && date <= s + Duration::days(400))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(body: &str) -> Option<String> {
        return_date(body, NaiveDate::from_ymd_opt(2026, 12, 7)).map(|d| d.to_string())
    }

    #[test]
    fn return_dates_are_read_in_several_languages_and_formats() {
        let cases = [
            ("I am out of the office and will be back on December 14.", "2026-12-14"),
            ("I'm away until Monday, Dec. 14th. For urgent matters call Bo.", "2026-12-14"),
            ("I will return on 14 December 2026.", "2026-12-14"),
            ("Back in the office on the 14th of December.", "2026-12-14"),
            ("Out until 12/14/2026, limited access to email.", "2026-12-14"),
            ("Ich bin ab dem 14.12.2026 wieder im Büro.", "2026-12-14"),
            ("Ich bin bis zum 14.12. nicht erreichbar.", "2026-12-14"),
            ("Ich bin zurück am 14. Dezember.", "2026-12-14"),
            ("Je suis absente, de retour le 14 décembre.", "2026-12-14"),
            ("Estoy fuera de la oficina hasta el 14 de diciembre de 2026.", "2026-12-14"),
            ("Ik ben afwezig tot en met 14 december.", "2026-12-14"),
            ("Sono fuori ufficio fino al 14 dicembre.", "2026-12-14"),
            ("Back on 2026-12-14.", "2026-12-14"),
            ("I'm on leave until January 4.", "2027-01-04"),
        ];
        for (body, expected) in cases {
            assert_eq!(on(body).as_deref(), Some(expected), "{body}");
        }
    }

    #[test]
    fn an_uncertain_date_is_no_date() {
        assert_eq!(on("Out until 03/04/2027."), None, "either April 3 or March 4");
        assert_eq!(on("I am out of the office with limited access to email."), None, "no date at all");
        assert_eq!(on("Back 2 days ago"), None, "'ago' is no month");
        assert_eq!(return_date("Back on December 14.", None), None, "no year and no message date to take one from");
    }
}
