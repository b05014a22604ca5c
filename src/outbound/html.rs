//! The optional HTML alternative of a plain-text mail: the same words, escaped, in paragraphs; web
//! addresses become links. Nothing of the lead's data can add markup.

/// The text as a small HTML document.
pub fn html_from_text(text: &str) -> String {
    let mut out = String::from("<!DOCTYPE html><html><body style=\"font-family:sans-serif;font-size:14px;line-height:1.5\">");
    for paragraph in text.replace("\r\n", "\n").split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        let lines: Vec<String> = paragraph.lines().map(line_html).collect();
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

fn line_html(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            let trimmed = word.trim_end_matches(['.', ',', ';', ')']);
            if (trimmed.starts_with("https://") || trimmed.starts_with("http://")) && trimmed.len() > 8 {
                let rest = &word[trimmed.len()..];
                format!("<a href=\"{0}\">{0}</a>{1}", escape(trimmed), escape(rest))
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lines_keep_their_shape_and_links_are_clickable() {
        let html = html_from_text("Hi Ana,\n\nSee https://acme.example/guide.\nThanks\n\n-- \nZoë");
        assert!(html.contains("<p>Hi Ana,</p>"), "{html}");
        assert!(html.contains("<a href=\"https://acme.example/guide\">https://acme.example/guide</a>.<br>Thanks"), "{html}");
        assert!(html.contains("<p>-- <br>Zoë</p>"), "{html}");
    }

    #[test]
    fn a_leads_data_cannot_add_markup() {
        let html = html_from_text("Hi <script>alert(1)</script> & \"friends\"");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;"), "{html}");
        let link = html_from_text("http://x.example/\"onmouseover=\"alert(1)");
        assert!(!link.contains("\"onmouseover"), "a quote cannot close the href: {link}");
    }
}
