//! A received mail's HTML made safe to show: nothing runs, nothing hides, nothing loads until asked.
//! ammonia parses the HTML as a browser would (entities, broken markup) and keeps only an allow-list.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use ammonia::{Builder, UrlRelative};

/// Sanitized HTML and how many remote images were taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeHtml {
    pub html: String,
    pub blocked_images: usize,
}

/// No script, style, iframe, object or form; no event handler or style attribute (CSS cannot hide text);
/// links only http, https and mailto (rel="noopener noreferrer"); `cid:` and `javascript:` gone; remote
/// images (http/https src, srcset, background) removed and counted unless `allow_remote_images`; data:
/// images kept.
pub fn sanitize(html: &str, allow_remote_images: bool) -> SafeHtml {
    let blocked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&blocked);
    let mut builder = Builder::default();
    builder
        .url_schemes(["http", "https", "mailto", "data"].into_iter().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .add_clean_content_tags(["title", "noscript", "template", "textarea", "select", "option", "head"])
        .add_tag_attributes("img", ["srcset"])
        .add_tag_attributes("table", ["background", "width", "cellpadding", "cellspacing", "border"])
        .add_tag_attributes("td", ["background", "width"])
        .add_tag_attributes("th", ["background", "width"])
        .attribute_filter(move |element, attribute, value| filter(element, attribute, value, allow_remote_images, &counter));
    let html = builder.clean(html).to_string();
    SafeHtml { html, blocked_images: blocked.load(Ordering::Relaxed) }
}

fn is_remote(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//")
}

fn filter<'a>(element: &str, attribute: &str, value: &'a str, allow_remote: bool, blocked: &AtomicUsize) -> Option<Cow<'a, str>> {
    let lower = value.trim().to_ascii_lowercase();
    match (element, attribute) {
        ("img", "src") => {
            if lower.starts_with("data:") {
                return lower.starts_with("data:image/").then_some(Cow::Borrowed(value));
            }
            if is_remote(value) && !lower.starts_with("//") {
                if allow_remote {
                    return Some(Cow::Borrowed(value));
                }
                blocked.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            if lower.starts_with("//") {
                // A scheme-relative address loads over the network like any other.
                blocked.fetch_add(usize::from(!allow_remote), Ordering::Relaxed);
                return allow_remote.then(|| Cow::Owned(format!("https:{}", value.trim())));
            }
            None
        }
        ("img", "srcset") => {
            let candidates: Vec<&str> = value.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
            let all_web = candidates.iter().all(|c| {
                let url = c.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
                url.starts_with("https://") || url.starts_with("http://")
            });
            if allow_remote && all_web {
                return Some(Cow::Borrowed(value));
            }
            if candidates.iter().any(|c| is_remote(c)) && !allow_remote {
                blocked.fetch_add(1, Ordering::Relaxed);
            }
            None
        }
        (_, "background") => {
            if allow_remote && (lower.starts_with("https://") || lower.starts_with("http://")) {
                return Some(Cow::Borrowed(value));
            }
            if is_remote(value) && !allow_remote {
                blocked.fetch_add(1, Ordering::Relaxed);
            }
            None
        }
        // Relative links have no page to be relative to; data: links open documents.
        (_, "href") => ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s)).then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile inputs and what must not survive them.
    const XSS: &[(&str, &[&str])] = &[
        ("<script>alert(1)</script><p>hi</p>", &["<script", "alert"]),
        ("<img src=x onerror=alert(1)>", &["onerror", "alert"]),
        ("<svg onload=alert(1)><circle r=1></circle></svg>", &["<svg", "onload"]),
        ("<a href=\"javascript:alert(1)\">x</a>", &["javascript"]),
        ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", &["ascript", "alert"]),
        ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", &["ascript"]),
        ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", &["data:"]),
        ("<p style=\"display:none\">hidden offer</p>", &["style", "display"]),
        ("<style>p{display:none}</style><p>x</p>", &["<style", "display"]),
        ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test\">", &["<meta", "refresh", "evil.test"]),
        ("<base href=\"https://evil.test/\"><a href=\"/x\">x</a>", &["<base", "evil.test", "href=\"/x\""]),
        ("<form action=\"https://evil.test\"><input name=p></form>", &["<form", "<input", "evil.test"]),
        ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", &["<iframe", "srcdoc", "alert"]),
        ("<object data=\"x.swf\"></object><embed src=\"x.swf\">", &["<object", "<embed", "swf"]),
        ("<div onclick=\"alert(1)\" onmouseover=\"alert(2)\">x</div>", &["onclick", "onmouseover", "alert"]),
        ("<img src=\"cid:logo@acme\">", &["cid:"]),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", &["onerror", "alert"]),
        ("<link rel=stylesheet href=\"https://evil.test/x.css\">", &["<link", "evil.test"]),
        ("<font color=\"#ffffff\">white on white</font>", &["color", "<font"]),
    ];

    #[test]
    fn hostile_html_keeps_nothing_that_runs_hides_or_redirects() {
        for (input, banned) in XSS {
            let safe = sanitize(input, true).html.to_lowercase();
            for word in *banned {
                assert!(!safe.contains(word), "{input:?} left {word:?} in {safe:?}");
            }
        }
    }

    #[test]
    fn remote_images_are_removed_and_counted_until_allowed() {
        let html = "<p>Hi</p><img src=\"https://t.evil.test/pixel.gif\"><img src=//x.evil.test/a.png>\
<img srcset=\"https://a.test/1.png 1x, https://a.test/2.png 2x\"><table background=\"http://a.test/bg.png\"><tr><td>x</td></tr></table>";
        let blocked = sanitize(html, false);
        assert_eq!(blocked.blocked_images, 4, "src, scheme-relative src, srcset and background: {}", blocked.html);
        for url in ["evil.test", "a.test"] {
            assert!(!blocked.html.contains(url), "nothing remote is left to load: {}", blocked.html);
        }
        let allowed = sanitize(html, true);
        assert_eq!(allowed.blocked_images, 0);
        assert!(allowed.html.contains("https://t.evil.test/pixel.gif"), "asked for, remote images load: {}", allowed.html);
        assert!(allowed.html.contains("https://x.evil.test/a.png"), "a scheme-relative image loads over https: {}", allowed.html);
    }

    #[test]
    fn inline_data_images_and_plain_links_are_kept() {
        let safe = sanitize("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"logo\"><a href=\"https://acme.test/x\">site</a> <a href=\"mailto:a@acme.test\">mail</a>", false);
        assert_eq!(safe.blocked_images, 0);
        assert!(safe.html.contains("data:image/png;base64,iVBORw0KGgo="), "{}", safe.html);
        assert!(safe.html.contains("href=\"https://acme.test/x\""), "{}", safe.html);
        assert!(safe.html.contains("rel=\"noopener noreferrer\""), "links never hand over the window: {}", safe.html);
        assert!(safe.html.contains("mailto:a@acme.test"), "{}", safe.html);
    }

    #[test]
    fn a_data_image_of_another_type_is_removed() {
        let safe = sanitize("<img src=\"data:text/html;base64,PHNjcmlwdD4=\">", true);
        assert!(!safe.html.contains("data:"), "{}", safe.html);
    }
}
