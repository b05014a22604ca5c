use serde::{Deserialize, Serialize};
use ts_rs::TS;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel { Email, Linkedin, Article }
impl Channel {
    pub fn as_str(self) -> &'static str { match self { Channel::Email => "email", Channel::Linkedin => "linkedin", Channel::Article => "article" } }
    pub fn parse(s: &str) -> Option<Self> { match s { "email" => Some(Channel::Email), "linkedin" => Some(Channel::Linkedin), "article" => Some(Channel::Article), _ => None } }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QcLevel { Error, Warning }
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QcCheck { WordCount, EmptySubject, EmptyBody, UnresolvedVariable, EmptyVariable, UnrenderedSpintax, SpamWords, LinkCount, SubjectLength, Personalization, RepeatedText, ArticleLink, Language, Trimmed, UnsourcedClaim }
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QcResult { pub check: QcCheck, pub level: QcLevel, pub message: String }
pub struct ArticleTarget<'a> { pub target_url: &'a str, pub anchor_text: &'a str, pub min_words: usize, pub max_words: usize }
pub struct QcInput<'a> { pub channel: Channel, pub subject: &'a str, pub body: &'a str, pub personal_terms: &'a [&'a str], pub empty_variables: &'a [String], pub article: Option<ArticleTarget<'a>>, pub expected_language: Option<&'a str>, pub trimmed: bool }
pub fn check_draft(_input: &QcInput) -> Vec<QcResult> { Vec::new() }
pub fn has_errors(results: &[QcResult]) -> bool { results.iter().any(|r| r.level == QcLevel::Error) }
pub fn counts(results: &[QcResult]) -> (usize, usize) { let e = results.iter().filter(|r| r.level == QcLevel::Error).count(); (e, results.len() - e) }
pub fn repeated_text(_bodies: &[(i64, &str)]) -> std::collections::HashMap<i64, QcResult> { Default::default() }
