//! The compliance footer every mail carries, and the final plain text: body, signature, footer.

/// The footer: the sender's physical address, then how to stop receiving mail. A reply saying
/// "unsubscribe" always works (the inbox reads replies); the unsubscribe mailbox and page are offered too
/// when configured. Blank settings count as unset.
pub fn compliance_footer(address: &str, unsubscribe_mailto: Option<&str>, unsubscribe_url: Option<&str>) -> String {
    fn set(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    let mailto = set(unsubscribe_mailto).map(|m| {
        // Shown as a plain address: "mailto:x@y?subject=unsubscribe" reads as x@y.
        let m = m.strip_prefix("mailto:").unwrap_or(m);
        m.split('?').next().unwrap_or(m)
    });
    let line = match (mailto, set(unsubscribe_url)) {
        (None, None) => "To stop receiving these emails, reply \"unsubscribe\".".to_string(),
        (None, Some(url)) => format!("To stop receiving these emails, reply \"unsubscribe\" or visit {url}"),
        (Some(mail), None) => format!("To stop receiving these emails, reply \"unsubscribe\" or write to {mail}."),
        (Some(mail), Some(url)) => {
            format!("To stop receiving these emails, reply \"unsubscribe\", write to {mail}, or visit {url}")
        }
    };
    let address = normalize_line_ends(address.trim());
    if address.is_empty() {
        line
    } else {
        format!("{address}\n{line}")
    }
}

/// The text of a mail: `body`, then `-- ` and the signature when there is one, then the footer, separated
/// by blank lines; all line ends as `\n`. A signature that already starts with the `-- ` delimiter keeps one.
pub fn assemble_text(body: &str, signature: Option<&str>, footer: &str) -> String {
    let mut text = normalize_line_ends(body).trim_end().to_string();
    let signature = signature.map(normalize_line_ends);
    let signature = signature.as_deref().map(|s| s.strip_prefix("-- \n").unwrap_or(s).trim_end()).filter(|s| !s.trim().is_empty());
    if let Some(signature) = signature {
        text.push_str("\n\n-- \n");
        text.push_str(signature);
    }
    let footer = normalize_line_ends(footer);
    let footer = footer.trim();
    if !footer.is_empty() {
        text.push_str("\n\n");
        text.push_str(footer);
    }
    text
}

fn normalize_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const ADDRESS: &str = "Beispiel GmbH, Hauptstr. 1, 10115 Berlin";

    #[rstest]
    #[case::neither(None, None, "To stop receiving these emails, reply \"unsubscribe\".")]
    #[case::url_only(
        None,
        Some("https://ex.com/u/abc"),
        "To stop receiving these emails, reply \"unsubscribe\" or visit https://ex.com/u/abc"
    )]
    #[case::mailto_only(Some("unsub@ex.com"), None, "To stop receiving these emails, reply \"unsubscribe\" or write to unsub@ex.com.")]
    #[case::both(
        Some("mailto:unsub@ex.com?subject=unsubscribe"),
        Some("https://ex.com/u/abc"),
        "To stop receiving these emails, reply \"unsubscribe\", write to unsub@ex.com, or visit https://ex.com/u/abc"
    )]
    #[case::blank_counts_as_unset(Some("  "), Some(""), "To stop receiving these emails, reply \"unsubscribe\".")]
    fn the_footer_offers_each_configured_way_out(#[case] mailto: Option<&str>, #[case] url: Option<&str>, #[case] line: &str) {
        assert_eq!(compliance_footer(ADDRESS, mailto, url), format!("{ADDRESS}\n{line}"));
    }

    #[test]
    fn a_multi_line_address_keeps_its_lines() {
        let footer = compliance_footer("Beispiel GmbH\r\nHauptstr. 1\r\n10115 Berlin\r\n", None, None);
        assert_eq!(footer, "Beispiel GmbH\nHauptstr. 1\n10115 Berlin\nTo stop receiving these emails, reply \"unsubscribe\".");
    }

    #[test]
    fn the_text_is_body_signature_and_footer() {
        let text = assemble_text("Hi Anna,\r\n\r\nshort question.\r\n\r\n", Some("Jan\r\nBeispiel GmbH\r\n"), "Addr\nUnsub");
        assert_eq!(text, "Hi Anna,\n\nshort question.\n\n-- \nJan\nBeispiel GmbH\n\nAddr\nUnsub");
    }

    #[test]
    fn without_a_signature_the_footer_follows_the_body() {
        assert_eq!(assemble_text("Hello", None, "Footer"), "Hello\n\nFooter");
        assert_eq!(assemble_text("Hello", Some(" \n "), "Footer"), "Hello\n\nFooter", "a blank signature is no signature");
    }

    #[test]
    fn a_signature_with_its_own_delimiter_is_not_delimited_twice() {
        assert_eq!(assemble_text("Hello", Some("-- \nJan"), "Footer"), "Hello\n\n-- \nJan\n\nFooter");
    }

    #[test]
    fn old_mac_line_ends_become_newlines() {
        assert_eq!(assemble_text("a\rb", None, "f"), "a\nb\n\nf");
    }
}
