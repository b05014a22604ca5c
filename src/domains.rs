//! Registrable domains: the part of a host name that one company owns, by the public suffix list.
//! `https://shop.beispiel.co.uk/de` and `anna@mail.beispiel.co.uk` are both `beispiel.co.uk`: one company,
//! one domain, whatever its subdomains. Per-domain send caps, domain suppression and company research key
//! on it.
//!
//! Domains are kept in their ASCII form (punycode for internationalized names, `xn--mnchen-3ya.de` for
//! `münchen.de`), lowercased: one spelling per domain, so a key compares equal however the name was typed.

use std::borrow::Cow;
use std::net::Ipv4Addr;

/// Free-mail providers: their domain says nothing about the lead's company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "free.fr",
    "orange.fr",
    "laposte.net",
    "t-online.de",
];

/// An internationalized host name that is not a valid one (the IDNA rules refuse it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{host}\" is not a valid internationalized domain name; its domain is left empty")]
pub struct MalformedDomain {
    pub host: String,
}

/// The host of a URL or of a bare host name, lowercased ASCII (punycode), without scheme, user, port, path or
/// trailing dot. `None` when there is no host name in it: an IP address, a single word, text with spaces.
pub fn host(input: &str) -> Result<Option<Cow<'_, str>>, MalformedDomain> {
    let v = input.trim();
    let rest = v.find("://").map_or(v, |i| &v[i + 3..]);
    let Some(authority) = rest.split(['/', '?', '#']).next() else { return Ok(None) };
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if host_port.starts_with('[') || host_port.matches(':').count() > 1 {
        return Ok(None); // an IPv6 address
    }
    let name = host_port.split(':').next().unwrap_or(host_port).trim_end_matches('.');
    if name.is_empty() || !name.contains(['.', '。', '．', '｡']) || name.contains(char::is_whitespace) {
        return Ok(None);
    }
    if name.is_ascii() {
        let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(name.to_ascii_lowercase()) } else { Cow::Borrowed(name) };
        if !lower.split('.').all(ascii_label) {
            return Ok(None);
        }
        if lower.split('.').any(|l| l.starts_with("xn--")) {
            // A punycode label must decode to a valid name.
            let (_, checked) = idna::domain_to_unicode(&lower);
            if checked.is_err() {
                return Err(MalformedDomain { host: name.to_string() });
            }
        }
        if lower.parse::<Ipv4Addr>().is_ok() {
            return Ok(None);
        }
        return Ok(Some(lower));
    }
    match idna::domain_to_ascii(name) {
        Ok(ascii) if !ascii.is_empty() && ascii.split('.').all(ascii_label) => Ok(Some(Cow::Owned(ascii))),
        _ => Err(MalformedDomain { host: name.to_string() }),
    }
}

/// A label of a host name: letters, digits and inner hyphens, 1 to 63 of them.
fn ascii_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The registrable domain of a lowercased ASCII host: the public suffix and the label before it. `None` for a
/// host that is itself a public suffix (`co.uk`).
pub fn registrable_of_host(host: &str) -> Option<&str> {
    psl::domain_str(host)
}

/// The registrable domain of a URL or host name (see `host`).
pub fn registrable_domain(input: &str) -> Result<Option<String>, MalformedDomain> {
    Ok(host(input)?.and_then(|h| registrable_of_host(&h).map(str::to_string)))
}

/// The registrable domain of an email address's domain.
pub fn email_domain(email: &str) -> Result<Option<String>, MalformedDomain> {
    match email.rsplit_once('@') {
        Some((_, domain)) => registrable_domain(domain),
        None => Ok(None),
    }
}

/// A free-mail provider's registrable domain, which says nothing about the person's company.
pub fn is_free_mail(registrable: &str) -> bool {
    FREE_MAIL.contains(&registrable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::subdomain_of_a_multi_part_suffix("https://shop.beispiel.co.uk/de", Some("beispiel.co.uk"))]
    #[case::www_never_matters("http://www.Acme.com/about?x=1", Some("acme.com"))]
    #[case::bare_www("www.acme.com", Some("acme.com"))]
    #[case::deep_subdomains("a.b.c.acme.io", Some("acme.io"))]
    #[case::com_au("https://blog.shop.example.com.au", Some("example.com.au"))]
    #[case::co_jp("tokyo.example.co.jp", Some("example.co.jp"))]
    #[case::port_and_user("https://user:pw@Sales.Acme.com:8443/x", Some("acme.com"))]
    #[case::trailing_dot("acme.com.", Some("acme.com"))]
    #[case::unicode_idn("https://www.münchen.de/rathaus", Some("xn--mnchen-3ya.de"))]
    #[case::punycode_idn("shop.xn--mnchen-3ya.de", Some("xn--mnchen-3ya.de"))]
    #[case::uppercase_unicode("MÜNCHEN.DE", Some("xn--mnchen-3ya.de"))]
    #[case::idn_suffix("食狮.公司.cn", Some("xn--85x722f.xn--55qx5d.cn"))]
    #[case::a_public_suffix_alone("co.uk", None)]
    #[case::bare_word("localhost", None)]
    #[case::ipv4("http://192.168.1.10/admin", None)]
    #[case::ipv6("http://[2001:db8::1]:8080/", None)]
    #[case::spaces("not a site", None)]
    #[case::empty("", None)]
    #[case::underscore("my_host.acme.com", None)]
    fn registrable_domains(#[case] input: &str, #[case] expected: Option<&str>) {
        assert_eq!(registrable_domain(input).unwrap().as_deref(), expected, "{input}");
    }

    #[rstest]
    #[case::subdomain("anna@mail.beispiel.co.uk", Some("beispiel.co.uk"))]
    #[case::plain("bob@acme.com", Some("acme.com"))]
    #[case::idn("jürgen@münchen.de", Some("xn--mnchen-3ya.de"))]
    #[case::free_mail_still_has_its_domain("x@mail.yahoo.co.uk", Some("yahoo.co.uk"))]
    #[case::no_at("acme.com", None)]
    fn email_domains(#[case] email: &str, #[case] expected: Option<&str>) {
        assert_eq!(email_domain(email).unwrap().as_deref(), expected, "{email}");
    }

    #[rstest]
    #[case::bad_punycode("xn--a.com")]
    #[case::bad_punycode_in_a_url("https://shop.xn--ls8h-bad.de/")]
    #[case::forbidden_code_point("bücher|shop.de")]
    fn a_malformed_internationalized_name_is_an_error(#[case] input: &str) {
        assert!(registrable_domain(input).is_err(), "{input} must be refused: {:?}", registrable_domain(input));
    }

    #[test]
    fn free_mail_is_known_by_its_registrable_domain() {
        assert!(is_free_mail("gmail.com"));
        assert!(is_free_mail(&email_domain("x@mail.yahoo.co.uk").unwrap().unwrap()));
        assert!(!is_free_mail("acme.com"));
    }
}
