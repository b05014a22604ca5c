//! Counting words the way a reader does, and shortening a draft without leaving half a sentence.

pub const EMAIL_TARGET_WORDS: usize = 120;
pub const EMAIL_HARD_WORDS: usize = 200;
pub const LINKEDIN_TARGET_WORDS: usize = 60;
pub const LINKEDIN_HARD_WORDS: usize = 100;

/// Whitespace-separated tokens with a letter or digit: a dash or an emoji on its own is not a word.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|t| is_word(t)).count()
}

fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Byte ranges of the whitespace-separated tokens of `text`.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let tail = &text[rest..];
        let start = rest + tail.find(|c: char| !c.is_whitespace())?;
        let len = text[start..].find(char::is_whitespace).unwrap_or(text.len() - start);
        rest = start + len;
        Some((start, start + len))
    })
}

fn ends_sentence(token: &str) -> bool {
    let core = token.trim_end_matches(['"', '\'', ')', '”', '’', '»']);
    core.ends_with(['.', '!', '?', '…'])
}

/// At most `max` words. Whole sentences are kept when the last one ending within the limit keeps at
/// least half of it; otherwise the text is cut at the limit and ends in "…", since a draft trimmed to a
/// few words would read worse than one cut mid-sentence. Paragraph breaks before the cut stay.
pub fn trim_to_words(text: &str, max: usize) -> String {
    if word_count(text) <= max {
        return text.to_string();
    }
    let mut words = 0;
    let mut limit_end = 0;
    let mut sentence_end: Option<(usize, usize)> = None;
    for (start, end) in tokens(text) {
        let token = &text[start..end];
        if is_word(token) {
            if words == max {
                break;
            }
            words += 1;
        }
        limit_end = end;
        if ends_sentence(token) {
            sentence_end = Some((end, words));
        }
    }
    match sentence_end {
        Some((end, kept)) if kept > 0 && kept * 2 >= max => text[..end].to_string(),
        _ => {
            let cut = text[..limit_end].trim_end_matches([',', ';', ':', '-', '–', '—', ' ']);
            format!("{cut}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tokens_with_a_letter_or_digit() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("Hi Ann — 2 quick ideas 🙂 !"), 5);
        assert_eq!(word_count("one\n\ntwo\tthree"), 3);
        assert_eq!(word_count("Grüße, Jürgen."), 2);
    }

    #[test]
    fn text_within_the_limit_is_unchanged() {
        let text = "Hi Ann,\n\nShort note.  ";
        assert_eq!(trim_to_words(text, 4), text);
    }

    #[test]
    fn cuts_at_the_last_sentence_end_within_the_limit() {
        let text = "One two three. Four five six!\n\nSeven eight nine ten. Eleven twelve.";
        assert_eq!(trim_to_words(text, 8), "One two three. Four five six!");
        assert_eq!(trim_to_words(text, 10), "One two three. Four five six!\n\nSeven eight nine ten.");
        assert_eq!(trim_to_words("He said “go.” Then we left quietly today", 4), "He said “go.”");
    }

    #[test]
    fn cuts_at_the_word_limit_when_no_sentence_ends_early_enough() {
        let text = "Hi. One two three four five six seven, eight nine ten.";
        assert_eq!(trim_to_words(text, 8), "Hi. One two three four five six seven…");
        let trimmed = trim_to_words("a b c d e f g", 4);
        assert_eq!(trimmed, "a b c d…");
        assert_eq!(word_count(&trimmed), 4);
    }

    #[test]
    fn trimmed_text_never_exceeds_the_limit() {
        let text = "Word ".repeat(300) + "end.";
        for max in [1, 60, 100, 120, 200] {
            assert!(word_count(&trim_to_words(&text, max)) <= max);
        }
    }
}
