use super::*;
use rstest::rstest;

#[rstest]
#[case::address("Someone@Example.COM", SuppressionKind::Address, "someone@example.com")]
#[case::address_in_brackets("<anna@beispiel.de>", SuppressionKind::Address, "anna@beispiel.de")]
#[case::mailto("mailto:anna@beispiel.de", SuppressionKind::Address, "anna@beispiel.de")]
#[case::address_keeps_its_subdomain("anna@mail.beispiel.co.uk", SuppressionKind::Address, "anna@mail.beispiel.co.uk")]
#[case::unicode_address_domain("jürgen@münchen.de", SuppressionKind::Address, "jürgen@xn--mnchen-3ya.de")]
#[case::at_domain("@Example.com", SuppressionKind::Domain, "example.com")]
#[case::bare_domain("example.com", SuppressionKind::Domain, "example.com")]
#[case::subdomain_is_its_registrable_domain("@mail.beispiel.co.uk", SuppressionKind::Domain, "beispiel.co.uk")]
#[case::unicode_domain("@münchen.de", SuppressionKind::Domain, "xn--mnchen-3ya.de")]
#[case::web_address("https://www.example.com/contact", SuppressionKind::Domain, "example.com")]
fn an_entry_is_an_address_or_a_registrable_domain(#[case] text: &str, #[case] kind: SuppressionKind, #[case] value: &str) {
    assert_eq!(parse_entry(text), Ok((kind, value.to_string())), "{text}");
}

#[rstest]
#[case::empty("  ", "empty")]
#[case::no_domain("anna@", "not a valid email address")]
#[case::single_label_domain("anna@localhost", "not a valid email address")]
#[case::spaces_in_address("an na@example.com", "not a valid email address")]
#[case::word("hello", "not a domain name")]
#[case::ip("@192.168.0.1", "not a domain name")]
#[case::double_at("@@example.com", "not a domain name")]
#[case::public_suffix("@co.uk", "public suffix")]
#[case::bad_punycode("@xn--a.com", "not a valid internationalized domain name")]
#[case::bad_punycode_in_an_address("anna@xn--a.com", "not a valid internationalized domain name")]
fn a_bad_entry_is_refused_with_the_reason(#[case] text: &str, #[case] says: &str) {
    let err = parse_entry(text).expect_err(text);
    assert!(err.to_string().contains(says), "\"{text}\" must be refused saying \"{says}\", said: {err}");
}

#[test]
fn a_recipient_and_an_entry_for_them_normalize_alike() {
    let (_, entry) = parse_entry("Jürgen@MÜNCHEN.de").unwrap();
    assert_eq!(normalize_address("jürgen@münchen.de"), Ok(entry), "the send-time check compares these two strings");
}

#[test]
fn a_csv_with_a_header_reads_its_columns_by_name() {
    let csv = "name,Email,Reason\nAnna,anna@beispiel.de,asked to stop\nBob,@Example.com,\n";
    let file = read_suppression_csv(csv.as_bytes());
    assert_eq!(
        file.entries,
        vec![
            SuppressionLine {
                line: 2,
                kind: SuppressionKind::Address,
                value: "anna@beispiel.de".into(),
                reason: Some("asked to stop".into())
            },
            SuppressionLine { line: 3, kind: SuppressionKind::Domain, value: "example.com".into(), reason: None },
        ]
    );
    assert!(file.refused.is_empty(), "{:?}", file.refused);
}

#[test]
fn a_csv_refuses_bad_lines_with_their_numbers_and_keeps_the_rest() {
    let csv = "email;reason\nanna@beispiel.de;bounced\nnot an address;typo\n;no value\n\n@co.uk;suffix\nANNA@beispiel.de;again\nbob@example.com;ok\n";
    let file = read_suppression_csv(csv.as_bytes());
    let values: Vec<(u64, &str)> = file.entries.iter().map(|e| (e.line, e.value.as_str())).collect();
    assert_eq!(values, vec![(2, "anna@beispiel.de"), (8, "bob@example.com")]);
    let refused: Vec<u64> = file.refused.iter().map(|r| r.line).collect();
    assert_eq!(refused, vec![3, 4, 6, 7], "each bad line is reported by its number in the file: {:?}", file.refused);
    assert!(file.refused[0].reason.contains("not a domain name"), "{:?}", file.refused[0]);
    assert!(file.refused[1].reason.contains("no address or domain"), "{:?}", file.refused[1]);
    assert!(file.refused[2].reason.contains("public suffix"), "{:?}", file.refused[2]);
    assert!(file.refused[3].reason.contains("line 2"), "a repeat names the line it repeats: {:?}", file.refused[3]);
}

#[test]
fn plain_text_with_one_entry_per_line_is_read_too() {
    let text = "# exported from the old tool\r\nanna@beispiel.de\r\n@example.com\r\n\r\nexample.org\r\n";
    let file = read_suppression_csv(text.as_bytes());
    let values: Vec<(u64, SuppressionKind, &str)> = file.entries.iter().map(|e| (e.line, e.kind, e.value.as_str())).collect();
    assert_eq!(
        values,
        vec![
            (2, SuppressionKind::Address, "anna@beispiel.de"),
            (3, SuppressionKind::Domain, "example.com"),
            (5, SuppressionKind::Domain, "example.org")
        ]
    );
    assert!(file.refused.is_empty(), "{:?}", file.refused);
}

#[test]
fn a_headerless_csv_takes_the_value_then_the_reason() {
    let file = read_suppression_csv(b"anna@beispiel.de,unsubscribed\n");
    assert_eq!(file.entries[0].reason.as_deref(), Some("unsubscribed"));
}

#[test]
fn a_windows_1252_file_keeps_its_accents() {
    // "jürgen@example.de,Löschung" as Excel on Windows saves it.
    let bytes = b"j\xfcrgen@example.de,L\xf6schung\n";
    let file = read_suppression_csv(bytes);
    assert_eq!(file.entries[0].value, "jürgen@example.de");
    assert_eq!(file.entries[0].reason.as_deref(), Some("Löschung"));
}

#[test]
fn an_export_reads_back_as_the_same_entries_with_formulas_neutralized() {
    let at = DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap().with_timezone(&Utc);
    let rows = vec![
        (SuppressionKind::Address, "anna@beispiel.de".to_string(), Some("=HYPERLINK(\"x\")".to_string()), at),
        (SuppressionKind::Domain, "example.com".to_string(), None, at),
    ];
    let mut out = Vec::new();
    write_suppression_csv(rows, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "value,kind,reason,created_at\nanna@beispiel.de,address,\"'=HYPERLINK(\"\"x\"\")\",2026-12-07T10:00:00Z\nexample.com,domain,,2026-12-07T10:00:00Z\n",
        "a reason starting with = must not run as a formula in a spreadsheet"
    );
    let back = read_suppression_csv(text.as_bytes());
    assert_eq!(back.entries.len(), 2, "{:?}", back.refused);
    assert_eq!(back.entries[0].reason.as_deref(), Some("=HYPERLINK(\"x\")"), "the quote added on export is removed on import");
    assert_eq!((back.entries[1].kind, back.entries[1].value.as_str()), (SuppressionKind::Domain, "example.com"));
}

#[test]
fn a_tab_separated_file_with_a_domain_column_reads_by_that_column() {
    let file = read_suppression_csv(b"added\tDomain\n2026-01-02\tbeispiel.de\n");
    assert_eq!(file.entries.len(), 1, "{:?}", file.refused);
    assert_eq!((file.entries[0].line, file.entries[0].kind, file.entries[0].value.as_str()), (2, SuppressionKind::Domain, "beispiel.de"));
    assert_eq!(file.entries[0].reason, None, "no reason column, no reason");
}

#[test]
fn the_kind_crosses_to_the_ui_in_snake_case() {
    assert_eq!(serde_json::to_string(&SuppressionKind::Domain).unwrap(), r#""domain""#);
    assert_eq!(serde_json::from_str::<SuppressionKind>(r#""address""#).unwrap(), SuppressionKind::Address);
}
