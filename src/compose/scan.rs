//! Finding things in a rendered draft: template syntax left behind, links and spam-trigger phrases.

/// Phrases that spam filters and wary readers react to, lowercase; matched as whole words. "Cash" alone is
/// not one: cash flow is what a finance consultant writes about; "fast cash" is.
pub(crate) const SPAM_PHRASES: &[&str] = &[
    "free",
    "guarantee",
    "guaranteed",
    "act now",
    "risk-free",
    "click here",
    "buy now",
    "limited time",
    "100%",
    "winner",
    "cash bonus",
    "urgent",
    "$$$",
    "no obligation",
    "special promotion",
    "order now",
    "earn money",
    "make money",
    "extra income",
    "double your",
    "million dollars",
    "best price",
    "lowest price",
    "cheap",
    "discount",
    "bonus",
    "prize",
    "congratulations",
    "apply now",
    "call now",
    "exclusive deal",
    "fast cash",
    "no cost",
    "no credit check",
    "once in a lifetime",
    "save big",
    "this isn't spam",
    "while supplies last",
    "get paid",
    "miracle",
    "no catch",
    "offer expires",
];

/// Jinja left in a rendered text (`{{ name }}`, `{% if x %}`), as written; an unclosed one runs to the
/// end of its line.
pub(crate) fn template_leftovers(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(pos) = text[rest..].find('{') {
        let start = rest + pos;
        let closer = match text[start + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = start + 1;
                continue;
            }
        };
        let end = match text[start + 2..].find(closer) {
            Some(i) => start + 2 + i + 2,
            None => text[start..].find('\n').map_or(text.len(), |i| start + i),
        };
        found.push(&text[start..end]);
        rest = end;
    }
    found
}

/// The text with Jinja regions removed, so their braces are not taken for spintax.
fn without_template(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for region in template_leftovers(text) {
        // Each region is a slice of `text`, so its offset is the distance between the pointers.
        let start = region.as_ptr() as usize - text.as_ptr() as usize;
        out.push_str(&text[rest..start]);
        out.push(' ');
        rest = start + region.len();
    }
    out.push_str(&text[rest..]);
    out
}

/// A spintax group or a stray brace still in a rendered text, shown as the consultant would find it.
pub(crate) fn spintax_leftover(text: &str) -> Option<String> {
    let text = without_template(text);
    let start = text.find(['{', '}'])?;
    if text[start..].starts_with('{') {
        if let Some(len) = text[start..].find('}') {
            let group = &text[start..start + len + 1];
            if group.contains('|') && !group[1..].contains('{') {
                return Some(group.chars().take(60).collect());
            }
        }
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Some(text[line_start..line_end].trim().chars().take(60).collect())
}

/// A link written in Markdown (`[text](url)`) or HTML (`<a href="url">text</a>`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Link<'a> {
    pub text: &'a str,
    pub url: &'a str,
}

pub(crate) fn links(text: &str) -> Vec<Link<'_>> {
    let mut found = markdown_links(text);
    found.extend(html_links(text));
    found
}

fn markdown_links(text: &str) -> Vec<Link<'_>> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(pos) = text[rest..].find("](") {
        let mid = rest + pos;
        rest = mid + 2;
        let Some(open) = text[..mid].rfind('[') else { continue };
        let Some(close) = text[mid + 2..].find(')') else { continue };
        let url = text[mid + 2..mid + 2 + close].split_whitespace().next().unwrap_or("");
        found.push(Link { text: text[open + 1..mid].trim(), url });
        rest = mid + 2 + close + 1;
    }
    found
}

fn html_links(text: &str) -> Vec<Link<'_>> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(pos) = lower[rest..].find("<a ") {
        let tag_start = rest + pos;
        rest = tag_start + 3;
        let Some(tag_len) = lower[tag_start..].find('>') else { break };
        let tag_end = tag_start + tag_len;
        let Some(close_len) = lower[tag_end..].find("</a>") else { continue };
        let Some(href) = lower[tag_start..tag_end].find("href=") else { continue };
        let value_start = tag_start + href + 5;
        let url = match text[value_start..tag_end].chars().next() {
            Some(q @ ('"' | '\'')) => text[value_start + 1..tag_end].split(q).next().unwrap_or(""),
            _ => text[value_start..tag_end].split_whitespace().next().unwrap_or(""),
        };
        found.push(Link { text: text[tag_end + 1..tag_end + close_len].trim(), url });
        rest = tag_end + close_len + 4;
    }
    found
}

pub(crate) fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/').eq_ignore_ascii_case(b.trim().trim_end_matches('/'))
}

/// Web addresses in a text: each `http://`, `https://` and bare `www.` counts once.
pub(crate) fn url_count(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    let schemes = lower.matches("http://").count() + lower.matches("https://").count();
    let bare = lower
        .match_indices("www.")
        .filter(|(i, _)| !lower[..*i].ends_with("//") && !lower[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '.' || c == '@'))
        .count();
    schemes + bare
}

/// Whether `phrase` (lowercase) occurs in `haystack` (lowercase, whitespace collapsed) as whole words.
pub(crate) fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    haystack.match_indices(phrase).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

pub(crate) fn normalize_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The spam phrases in a text, in list order; a phrase found only inside a longer one ("free" in
/// "risk-free") is not named twice.
pub(crate) fn spam_phrases(text: &str) -> Vec<&'static str> {
    let mut haystack = normalize_spaces(text);
    let mut by_length: Vec<&'static str> = SPAM_PHRASES.to_vec();
    by_length.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut found = Vec::new();
    for phrase in by_length {
        if contains_phrase(&haystack, phrase) {
            found.push(phrase);
            haystack = haystack.replace(phrase, " ");
        }
    }
    SPAM_PHRASES.iter().copied().filter(|p| found.contains(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_template_syntax_left_in_a_text() {
        assert_eq!(template_leftovers("Hi {{ first_name }}, {% if x %}yes"), ["{{ first_name }}", "{% if x %}"]);
        assert_eq!(template_leftovers("Hi {{ name\nnext"), ["{{ name"]);
        assert!(template_leftovers("Hi {there} 100% {").is_empty());
    }

    #[test]
    fn finds_spintax_left_in_a_text() {
        assert_eq!(spintax_leftover("{Hi|Hello} Ann").as_deref(), Some("{Hi|Hello}"));
        assert_eq!(spintax_leftover("Hi Ann }\nbye").as_deref(), Some("Hi Ann }"));
        assert_eq!(spintax_leftover("Hi {{ name }} and {% if a %}"), None);
        assert_eq!(spintax_leftover("Hi Ann | bye"), None);
    }

    #[test]
    fn reads_markdown_and_html_links() {
        let text = "See [our guide](https://ex.com/guide/ \"t\") and <A class=x HREF='https://b.io'> B </a>.";
        assert_eq!(links(text), [Link { text: "our guide", url: "https://ex.com/guide/" }, Link { text: "B", url: "https://b.io" }]);
        assert!(same_url("https://ex.com/guide/", "https://ex.com/guide"));
        assert!(!same_url("https://ex.com/guide", "https://ex.com/other"));
    }

    #[test]
    fn counts_web_addresses_once_each() {
        assert_eq!(url_count("https://a.com and http://www.b.com and www.c.com, www.d.org"), 4);
        assert_eq!(url_count("email me at ann@www.example.com? no links here"), 0);
    }

    #[test]
    fn spam_phrases_are_whole_words_and_named_once() {
        assert_eq!(spam_phrases("A risk-free, FREE trial.\nAct   now!"), ["free", "act now", "risk-free"]);
        assert_eq!(spam_phrases("A risk-free trial"), ["risk-free"]);
        assert_eq!(spam_phrases("Freedom and cashflow, a winnerless 1000% plan"), Vec::<&str>::new());
        assert_eq!(spam_phrases("It is 100% yours for $$$"), ["100%", "$$$"]);
    }
}
