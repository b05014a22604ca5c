//! The quality checks every rendered draft passes before a consultant can approve it. Errors block
//! approval; warnings are shown beside the draft. Messages say what is wrong and what to do about it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::language;
use super::scan;
use super::words::{self, word_count};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel {
    Email,
    Linkedin,
    Article,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Linkedin => "linkedin",
            Channel::Article => "article",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "email" => Some(Channel::Email),
            "linkedin" => Some(Channel::Linkedin),
            "article" => Some(Channel::Article),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QcLevel {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QcCheck {
    WordCount,
    EmptySubject,
    EmptyBody,
    UnresolvedVariable,
    EmptyVariable,
    UnrenderedSpintax,
    SpamWords,
    LinkCount,
    SubjectLength,
    Personalization,
    RepeatedText,
    ArticleLink,
    Language,
    Trimmed,
    UnsourcedClaim,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QcResult {
    pub check: QcCheck,
    pub level: QcLevel,
    pub message: String,
}

/// The backlink an article must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleTarget<'a> {
    pub target_url: &'a str,
    pub anchor_text: &'a str,
    pub min_words: usize,
    pub max_words: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct QcInput<'a> {
    pub channel: Channel,
    pub subject: &'a str,
    pub body: &'a str,
    /// The lead's first name, company, opener: a draft naming none of them reads as bulk mail.
    pub personal_terms: &'a [&'a str],
    /// Variables that rendered from a `default` fallback or empty.
    pub empty_variables: &'a [String],
    pub article: Option<ArticleTarget<'a>>,
    /// An ISO 639-3 code such as "eng" or "deu".
    pub expected_language: Option<&'a str>,
    /// The model's answer was over the limit twice and was cut.
    pub trimmed: bool,
}

pub const SUBJECT_MAX_CHARS: usize = 60;
pub const MAX_LINKS: usize = 2;

fn error(check: QcCheck, message: impl Into<String>) -> QcResult {
    QcResult { check, level: QcLevel::Error, message: message.into() }
}

fn warning(check: QcCheck, message: impl Into<String>) -> QcResult {
    QcResult { check, level: QcLevel::Warning, message: message.into() }
}

pub fn check_draft(input: &QcInput) -> Vec<QcResult> {
    let mut results = Vec::new();
    let subject = if input.channel == Channel::Linkedin { "" } else { input.subject };
    check_presence(input, &mut results);
    check_template_leftovers(subject, input.body, &mut results);
    check_length(input, &mut results);
    if let Some(article) = input.article.filter(|_| input.channel == Channel::Article) {
        check_article_link(input.body, &article, &mut results);
    }
    if !input.empty_variables.is_empty() {
        let names = input.empty_variables.join(", ");
        results.push(warning(
            QcCheck::EmptyVariable,
            format!("These variables were empty or used their fallback: {names}. Check the sentence still reads well."),
        ));
    }
    let spam = scan::spam_phrases(&format!("{subject}\n{}", input.body));
    if !spam.is_empty() {
        results.push(warning(
            QcCheck::SpamWords,
            format!("Spam-trigger words: {}. Rephrase them so filters do not flag the message.", quoted(&spam)),
        ));
    }
    if input.channel != Channel::Article {
        let links = scan::url_count(input.body);
        if links > MAX_LINKS {
            results.push(warning(
                QcCheck::LinkCount,
                format!("{links} links; a first message with more than {MAX_LINKS} looks like marketing. Keep one or two."),
            ));
        }
    }
    if input.channel == Channel::Email && subject.chars().count() > SUBJECT_MAX_CHARS {
        results.push(warning(
            QcCheck::SubjectLength,
            format!("The subject is {} characters; phones cut it after about {SUBJECT_MAX_CHARS}. Shorten it.", subject.chars().count()),
        ));
    }
    check_personalization(input, subject, &mut results);
    check_language(input, &mut results);
    if input.trimmed {
        results.push(warning(
            QcCheck::Trimmed,
            format!("The model's answer was over the limit twice; it was cut to {} words — read the ending.", word_count(input.body)),
        ));
    }
    results
}

fn check_presence(input: &QcInput, results: &mut Vec<QcResult>) {
    let subject_empty = input.subject.trim().is_empty();
    match input.channel {
        Channel::Email if subject_empty => {
            results.push(error(QcCheck::EmptySubject, "The subject is empty: write one before approving."));
        }
        Channel::Article if subject_empty => {
            results.push(error(QcCheck::EmptySubject, "The article has no title: add one before approving."));
        }
        _ => {}
    }
    if input.body.trim().is_empty() {
        results.push(error(QcCheck::EmptyBody, "The message is empty: write or regenerate it before approving."));
    }
}

fn check_template_leftovers(subject: &str, body: &str, results: &mut Vec<QcResult>) {
    let mut leftovers: Vec<&str> = scan::template_leftovers(subject);
    leftovers.extend(scan::template_leftovers(body));
    leftovers.dedup();
    if !leftovers.is_empty() {
        results.push(error(
            QcCheck::UnresolvedVariable,
            format!(
                "Template code was left in the text: {}. Add the missing value to the lead or give the variable a default.",
                leftovers.join(", ")
            ),
        ));
    }
    if let Some(group) = scan::spintax_leftover(subject).or_else(|| scan::spintax_leftover(body)) {
        results.push(error(
            QcCheck::UnrenderedSpintax,
            format!("Unresolved spintax or a stray brace: “{group}”. Fix the braces in the template."),
        ));
    }
}

fn check_length(input: &QcInput, results: &mut Vec<QcResult>) {
    let words = word_count(input.body);
    let (target, hard) = match input.channel {
        Channel::Email => (words::EMAIL_TARGET_WORDS, words::EMAIL_HARD_WORDS),
        Channel::Linkedin => (words::LINKEDIN_TARGET_WORDS, words::LINKEDIN_HARD_WORDS),
        Channel::Article => {
            let Some(article) = input.article else { return };
            // A 20 % margin over the brief's maximum before it blocks approval.
            let hard = article.max_words + article.max_words.div_ceil(5);
            if words > hard {
                results.push(over_hard_limit(words, hard));
            } else if words > article.max_words {
                results.push(warning(
                    QcCheck::WordCount,
                    format!("Longer than the brief's {} words ({words} words): tighten it.", article.max_words),
                ));
            } else if words < article.min_words && words > 0 {
                results.push(warning(
                    QcCheck::WordCount,
                    format!("Shorter than the brief's {} words ({words} words): expand it.", article.min_words),
                ));
            }
            return;
        }
    };
    if words > hard {
        results.push(over_hard_limit(words, hard));
    } else if words > target {
        results.push(warning(
            QcCheck::WordCount,
            format!("Over the {target}-word target ({words} words): shorter messages get more replies."),
        ));
    }
}

fn over_hard_limit(words: usize, hard: usize) -> QcResult {
    error(QcCheck::WordCount, format!("Over the {hard}-word hard limit ({words} words): shorten it before approving."))
}

fn check_article_link(body: &str, article: &ArticleTarget, results: &mut Vec<QcResult>) {
    let links: Vec<_> = scan::links(body).into_iter().filter(|l| scan::same_url(l.url, article.target_url)).collect();
    let url = article.target_url;
    let anchor = article.anchor_text;
    let message = match links.as_slice() {
        [] => format!("The article does not link to {url}: add one link with the text “{anchor}”."),
        [link] if link.text != anchor.trim() => {
            format!("The link to {url} reads “{}”; the agreed anchor text is “{anchor}”.", link.text)
        }
        [_] => return,
        many => format!("The article links to {url} {} times: keep exactly one.", many.len()),
    };
    results.push(error(QcCheck::ArticleLink, message));
}

fn check_personalization(input: &QcInput, subject: &str, results: &mut Vec<QcResult>) {
    let terms: Vec<String> = input.personal_terms.iter().map(|t| scan::normalize_spaces(t)).filter(|t| !t.is_empty()).collect();
    if terms.is_empty() {
        return;
    }
    let text = scan::normalize_spaces(&format!("{subject}\n{}", input.body));
    if !terms.iter().any(|t| text.contains(t.as_str())) {
        results.push(warning(QcCheck::Personalization, "Nothing in it is about this lead (name, company or opener): add a personal line."));
    }
}

fn check_language(input: &QcInput, results: &mut Vec<QcResult>) {
    let Some(expected) = input.expected_language else { return };
    let Some((found, found_name)) = language::detect(input.body) else { return };
    if found != expected {
        let expected_name = language::english_name(expected).unwrap_or(expected);
        results.push(warning(QcCheck::Language, format!("Written in {found_name}; the lead's language is {expected_name}.")));
    }
}

fn quoted(items: &[&str]) -> String {
    items.iter().map(|i| format!("“{i}”")).collect::<Vec<_>>().join(", ")
}

pub fn has_errors(results: &[QcResult]) -> bool {
    results.iter().any(|r| r.level == QcLevel::Error)
}

/// (errors, warnings)
pub fn counts(results: &[QcResult]) -> (usize, usize) {
    let errors = results.iter().filter(|r| r.level == QcLevel::Error).count();
    (errors, results.len() - errors)
}

const REPEAT_MIN_WORDS: usize = 8;
const REPEAT_MIN_DRAFTS: usize = 3;

/// Long sentences shared by many drafts of a campaign: mailbox providers fingerprint them as bulk mail.
/// A sentence counts when it is in at least 3 drafts and in more than a fifth of them; each draft holding
/// one gets a single warning naming the first.
pub fn repeated_text(bodies: &[(i64, &str)]) -> HashMap<i64, QcResult> {
    let per_draft: Vec<Vec<(String, &str)>> = bodies.iter().map(|(_, body)| long_sentences(body)).collect();
    let mut drafts_with: HashMap<&str, usize> = HashMap::new();
    for sentences in &per_draft {
        let mut seen = std::collections::HashSet::new();
        for (normalized, _) in sentences {
            if seen.insert(normalized.as_str()) {
                *drafts_with.entry(normalized.as_str()).or_default() += 1;
            }
        }
    }
    let mut out = HashMap::new();
    for ((id, _), sentences) in bodies.iter().zip(&per_draft) {
        let shared = sentences.iter().find_map(|(normalized, original)| {
            let count = drafts_with[normalized.as_str()];
            (count >= REPEAT_MIN_DRAFTS && count * 5 > bodies.len()).then_some((original, count))
        });
        if let Some((original, count)) = shared {
            let others = count - 1;
            let drafts = if others == 1 { "draft" } else { "drafts" };
            out.insert(
                *id,
                warning(
                    QcCheck::RepeatedText,
                    format!(
                        "“{}” appears in {others} other {drafts} of this campaign: providers may see it as bulk mail; vary it with spintax or the opener.",
                        shorten(original, 60)
                    ),
                ),
            );
        }
    }
    out
}

/// Sentences of at least 8 words: (normalized, as written).
fn long_sentences(body: &str) -> Vec<(String, &str)> {
    body.split(['.', '!', '?', '…', '\n'])
        .filter_map(|sentence| {
            let normalized: String = sentence
                .chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            (normalized.split(' ').count() >= REPEAT_MIN_WORDS).then(|| (normalized, sentence.trim()))
        })
        .collect()
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    // Cut between words when there is a space to cut at, so no word is shown half written.
    let cut = match text[cut.len()..].starts_with(char::is_whitespace) {
        true => cut.as_str(),
        false => cut.rfind(char::is_whitespace).map_or(cut.as_str(), |i| &cut[..i]),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
#[path = "qc_tests.rs"]
mod tests;
