pub const EMAIL_TARGET_WORDS: usize = 120; pub const EMAIL_HARD_WORDS: usize = 200; pub const LINKEDIN_TARGET_WORDS: usize = 60; pub const LINKEDIN_HARD_WORDS: usize = 100;
pub fn word_count(text: &str) -> usize { text.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphanumeric())).count() }
pub fn trim_to_words(text: &str, max: usize) -> String { text.split_whitespace().take(max).collect::<Vec<_>>().join(" ") }
