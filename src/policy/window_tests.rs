use super::*;
use chrono_tz::Tz;
use proptest::prelude::*;
use rstest::rstest;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("a valid RFC 3339 instant").with_timezone(&Utc)
}

fn window(times: &str, days: &str) -> SendWindow {
    SendWindow::new(times, days).expect("a valid window")
}

#[rstest]
#[case::plain("09:00-17:00", (9, 0), (17, 0))]
#[case::spaces_and_single_digit_hour(" 9:30 - 17:45 ", (9, 30), (17, 45))]
#[case::hours_only("9-17", (9, 0), (17, 0))]
#[case::en_dash("08:00–12:00", (8, 0), (12, 0))]
#[case::across_midnight("22:00-02:00", (22, 0), (2, 0))]
#[case::to_midnight("18:00-00:00", (18, 0), (0, 0))]
fn a_window_parses_its_start_and_end(#[case] text: &str, #[case] start: (u32, u32), #[case] end: (u32, u32)) {
    let t = |(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(parse_window(text), Ok((t(start), t(end))), "{text}");
}

#[rstest]
#[case::no_dash("09:00")]
#[case::hour_24("09:00-24:00")]
#[case::minute_60("09:60-17:00")]
#[case::words("morning-evening")]
#[case::one_digit_minute("9:5-17:00")]
#[case::empty("")]
fn a_malformed_window_is_refused_with_an_example(#[case] text: &str) {
    let err = parse_window(text).expect_err(text);
    assert!(err.to_string().contains("09:00-17:00"), "the message shows the expected form: {err}");
}

#[rstest]
#[case::list("mon,tue,wed", &[Weekday3::Mon, Weekday3::Tue, Weekday3::Wed])]
#[case::range("mon-fri", &Weekday3::ALL[..5])]
#[case::wrapping_range("fri-mon", &[Weekday3::Mon, Weekday3::Fri, Weekday3::Sat, Weekday3::Sun])]
#[case::full_names_any_case("Monday, FRIDAY", &[Weekday3::Mon, Weekday3::Fri])]
#[case::spaces("sat sun", &Weekday3::ALL[5..])]
#[case::repeats_and_order("wed,mon,wed", &[Weekday3::Mon, Weekday3::Wed])]
#[case::weekdays("weekdays", &Weekday3::ALL[..5])]
#[case::daily("daily", &Weekday3::ALL)]
fn days_parse_in_week_order(#[case] text: &str, #[case] days: &[Weekday3]) {
    assert_eq!(parse_days(text).as_deref(), Ok(days), "{text}");
}

#[test]
fn an_unknown_day_or_no_day_is_refused() {
    assert_eq!(parse_days("mon,funday"), Err(PolicyError::InvalidDay { text: "funday".into() }));
    assert_eq!(parse_days(" , "), Err(PolicyError::NoDays));
}

#[test]
fn days_serialize_as_three_letters() {
    assert_eq!(serde_json::to_string(&window("9-17", "mon,sun")).unwrap(), r#"{"start":"09:00","end":"17:00","days":["mon","sun"]}"#);
}

#[test]
fn office_hours_open_on_weekdays_only_in_the_recipient_zone() {
    let w = window("09:00-17:00", "mon-fri");
    let ny = Tz::America__New_York;
    // Wednesday 2026-06-10: 09:00 EDT is 13:00 UTC.
    assert!(!w.is_open(utc("2026-06-10T12:59:00Z"), ny), "08:59 in New York is before the window");
    assert!(w.is_open(utc("2026-06-10T13:00:00Z"), ny), "09:00 in New York opens it");
    assert!(w.is_open(utc("2026-06-10T20:59:59Z"), ny));
    assert!(!w.is_open(utc("2026-06-10T21:00:00Z"), ny), "the end is exclusive");
    assert!(!w.is_open(utc("2026-06-13T15:00:00Z"), ny), "Saturday is not a send day");
    assert!(w.is_open(utc("2026-06-10T13:00:00Z"), Tz::Europe__Berlin), "15:00 in Berlin");
}

#[test]
fn a_window_across_midnight_belongs_to_the_day_it_opens() {
    let w = window("22:00-02:00", "fri");
    let tz = Tz::UTC;
    assert!(!w.is_open(utc("2026-06-12T21:59:00Z"), tz), "Friday before 22:00");
    assert!(w.is_open(utc("2026-06-12T23:00:00Z"), tz), "Friday night");
    assert!(w.is_open(utc("2026-06-13T01:59:00Z"), tz), "early Saturday is still Friday's opening");
    assert!(!w.is_open(utc("2026-06-13T02:00:00Z"), tz));
    assert!(!w.is_open(utc("2026-06-13T23:00:00Z"), tz), "Saturday night is not a send day");
    assert!(!w.is_open(utc("2026-06-12T01:00:00Z"), tz), "early Friday belongs to Thursday, which is not a send day");
    assert_eq!(w.closes_after(utc("2026-06-12T23:00:00Z"), tz), Some(utc("2026-06-13T02:00:00Z")));
    assert_eq!(w.next_open(utc("2026-06-13T03:00:00Z"), tz), Some(utc("2026-06-19T22:00:00Z")), "a week later");
}

#[rstest]
#[case::same_start_and_end(SendWindow { start: "09:00".into(), end: "09:00".into(), days: Weekday3::ALL.to_vec() })]
#[case::no_days(SendWindow { start: "09:00".into(), end: "17:00".into(), days: vec![] })]
#[case::unreadable_time(SendWindow { start: "nine".into(), end: "17:00".into(), days: Weekday3::ALL.to_vec() })]
fn a_window_that_never_opens_says_so(#[case] w: SendWindow) {
    let at = utc("2026-06-10T12:00:00Z");
    assert!(w.never_opens());
    assert!(!w.is_open(at, Tz::UTC));
    assert_eq!(w.next_open(at, Tz::UTC), None, "no opening to wait for");
    assert_eq!(w.closes_after(at, Tz::UTC), None);
}

#[test]
fn next_open_is_now_inside_and_the_next_start_outside() {
    let w = window("09:00-17:00", "mon-fri");
    let at = utc("2026-06-10T10:00:00Z");
    assert_eq!(w.next_open(at, Tz::UTC), Some(at));
    assert_eq!(w.next_open(utc("2026-06-10T17:00:00Z"), Tz::UTC), Some(utc("2026-06-11T09:00:00Z")));
    assert_eq!(w.next_open(utc("2026-06-12T18:00:00Z"), Tz::UTC), Some(utc("2026-06-15T09:00:00Z")), "Friday evening waits for Monday");
    assert_eq!(w.closes_after(at, Tz::UTC), Some(utc("2026-06-10T17:00:00Z")));
    assert_eq!(w.closes_after(utc("2026-06-10T18:00:00Z"), Tz::UTC), None, "nothing to close when shut");
}

#[test]
fn a_start_in_the_berlin_spring_gap_opens_when_the_clock_jumps() {
    // 2026-03-29: Berlin's clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC); 02:30 does not exist.
    let w = window("02:30-04:00", "daily");
    let berlin = Tz::Europe__Berlin;
    assert_eq!(w.next_open(utc("2026-03-29T00:00:00Z"), berlin), Some(utc("2026-03-29T01:00:00Z")), "03:00 CEST");
    assert_eq!(w.closes_after(utc("2026-03-29T01:00:00Z"), berlin), Some(utc("2026-03-29T02:00:00Z")), "04:00 CEST");
    // The next day the window opens at 02:30 CEST.
    assert_eq!(w.next_open(utc("2026-03-29T03:00:00Z"), berlin), Some(utc("2026-03-30T00:30:00Z")));
}

#[test]
fn an_ambiguous_berlin_start_takes_the_earlier_time_and_the_repeat_reopens() {
    // 2026-10-25: Berlin's clocks go back from 03:00 CEST to 02:00 CET (01:00 UTC); 02:00–03:00 happens twice.
    let w = window("02:00-02:30", "sun");
    let berlin = Tz::Europe__Berlin;
    assert_eq!(w.next_open(utc("2026-10-24T22:00:00Z"), berlin), Some(utc("2026-10-25T00:00:00Z")), "02:00 CEST, the earlier");
    assert_eq!(w.closes_after(utc("2026-10-25T00:00:00Z"), berlin), Some(utc("2026-10-25T00:30:00Z")));
    assert_eq!(w.next_open(utc("2026-10-25T00:45:00Z"), berlin), Some(utc("2026-10-25T01:00:00Z")), "the clock shows 02:00 again");
}

#[test]
fn the_first_opening_after_new_york_springs_forward_is_an_hour_earlier_in_utc() {
    // Clocks go forward on Sunday 2026-03-08: Friday's 17:00 EST is 22:00 UTC, Monday's 09:00 EDT is 13:00 UTC.
    let w = window("09:00-17:00", "mon-fri");
    let ny = Tz::America__New_York;
    assert_eq!(w.next_open(utc("2026-03-06T22:00:00Z"), ny), Some(utc("2026-03-09T13:00:00Z")));
    assert_eq!(w.closes_after(utc("2026-03-09T13:00:00Z"), ny), Some(utc("2026-03-09T21:00:00Z")));
}

#[test]
fn a_new_york_window_in_the_repeated_hour_opens_at_its_first_pass() {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:30 happens at 05:30 and 06:30 UTC.
    let w = window("01:30-01:45", "sun");
    let ny = Tz::America__New_York;
    assert_eq!(w.next_open(utc("2026-11-01T04:00:00Z"), ny), Some(utc("2026-11-01T05:30:00Z")));
    assert_eq!(w.next_open(utc("2026-11-01T05:50:00Z"), ny), Some(utc("2026-11-01T06:30:00Z")));
}

/// Zones with the awkward cases: DST both ways, a southern-hemisphere DST, a half-hour DST (Lord Howe) and
/// a quarter-hour offset (Kathmandu).
const ZONES: [Tz; 6] =
    [Tz::UTC, Tz::Europe__Berlin, Tz::America__New_York, Tz::Australia__Sydney, Tz::Australia__Lord_Howe, Tz::Asia__Kathmandu];

fn any_window() -> impl Strategy<Value = SendWindow> {
    // Times near the usual 01:00–04:00 transition hours come up often, so DST edges are exercised.
    let minute = prop_oneof![0u32..1440, 60u32..240];
    (minute.clone(), minute, proptest::collection::vec(any::<bool>(), 7)).prop_map(|(s, e, mask)| SendWindow {
        start: format!("{:02}:{:02}", s / 60, s % 60),
        end: format!("{:02}:{:02}", e / 60, e % 60),
        days: Weekday3::ALL.into_iter().zip(mask).filter_map(|(d, on)| on.then_some(d)).collect(),
    })
}

/// A zone and an instant in it: anywhere in 2026–2027, or in the two days before one of the zone's offset
/// changes in 2026 (so windows that open or close across a DST change are tried often).
fn any_zone_and_instant() -> impl Strategy<Value = (Tz, DateTime<Utc>)> {
    let year_start = 1_767_225_600i64; // 2026-01-01T00:00:00Z
    let anywhere =
        (0..ZONES.len(), year_start..year_start + 2 * 365 * 86_400).prop_map(|(z, s)| (ZONES[z], DateTime::from_timestamp(s, 0).unwrap()));
    let near_change = (0..ZONES.len(), 0usize..4, -2 * 86_400i64..3_600).prop_map(move |(z, k, delta)| {
        let tz = ZONES[z];
        let from = DateTime::from_timestamp(year_start, 0).unwrap();
        let changes = offset_changes(from, from + Duration::days(365), tz);
        let base = changes.get(k % changes.len().max(1)).copied().unwrap_or(from + Duration::days(180));
        (tz, base + Duration::seconds(delta))
    });
    prop_oneof![anywhere, near_change]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn next_open_is_open_and_nothing_earlier_is(w in any_window(), (tz, at) in any_zone_and_instant()) {
        match w.next_open(at, tz) {
            None => prop_assert!(w.never_opens(), "a window that opens is found within a week"),
            Some(open) => {
                prop_assert!(open >= at);
                prop_assert!(w.is_open(open, tz), "the returned instant {open} is open");
                if open > at {
                    prop_assert!(!w.is_open(open - Duration::seconds(1), tz), "a second before {open} is still shut");
                }
                let mut t = at;
                while t < open {
                    prop_assert!(!w.is_open(t, tz), "{t} is open but next_open returned the later {open}");
                    t += Duration::minutes(1);
                }
            }
        }
    }

    #[test]
    fn closes_after_is_shut_and_everything_before_it_open(w in any_window(), (tz, at) in any_zone_and_instant()) {
        let Some(open) = w.next_open(at, tz) else { return Ok(()) };
        let close = w.closes_after(open, tz).expect("an open window closes");
        prop_assert!(close > open);
        prop_assert!(!w.is_open(close, tz), "the window is shut at {close}");
        prop_assert!(w.is_open(close - Duration::seconds(1), tz), "a second before {close} is still open");
        let mut t = open;
        while t < close {
            prop_assert!(w.is_open(t, tz), "{t} is shut but closes_after returned the later {close}");
            t += Duration::minutes(1);
        }
    }
}
