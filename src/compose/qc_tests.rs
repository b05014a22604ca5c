use super::*;

const GOOD_BODY: &str = "Hi Ann,\n\nI saw that Acme opened a second office in Leeds. We help teams like yours hire faster \
    without agency fees. Would a short call next week be useful?\n\nBest,\nSam";

fn email<'a>(subject: &'a str, body: &'a str) -> QcInput<'a> {
    QcInput {
        channel: Channel::Email,
        subject,
        body,
        personal_terms: &["Ann", "Acme"],
        empty_variables: &[],
        article: None,
        expected_language: None,
        trimmed: false,
    }
}

fn checks(results: &[QcResult]) -> Vec<(QcCheck, QcLevel)> {
    results.iter().map(|r| (r.check, r.level)).collect()
}

fn find(results: &[QcResult], check: QcCheck) -> Option<&QcResult> {
    results.iter().find(|r| r.check == check)
}

fn words(n: usize) -> String {
    format!("Ann {}", "word ".repeat(n - 1))
}

#[test]
fn a_good_email_passes_every_check() {
    let results = check_draft(&QcInput { expected_language: Some("eng"), ..email("Leeds office", GOOD_BODY) });
    assert_eq!(results, []);
    assert!(!has_errors(&results));
    assert_eq!(counts(&results), (0, 0));
}

#[test]
fn empty_subject_is_an_error_for_email_and_article_only() {
    let results = check_draft(&email("  ", GOOD_BODY));
    assert_eq!(checks(&results), [(QcCheck::EmptySubject, QcLevel::Error)]);
    assert!(has_errors(&results));
    assert_eq!(check_draft(&QcInput { channel: Channel::Linkedin, ..email("", "Hi Ann, quick idea for Acme.") }), []);
    let article = QcInput { channel: Channel::Article, ..email("", GOOD_BODY) };
    assert!(find(&check_draft(&article), QcCheck::EmptySubject).unwrap().message.contains("no title"));
}

#[test]
fn empty_body_is_an_error() {
    let results = check_draft(&QcInput { personal_terms: &[], ..email("Hi", " \n ") });
    assert_eq!(checks(&results), [(QcCheck::EmptyBody, QcLevel::Error)]);
}

#[test]
fn template_code_left_in_the_text_is_named() {
    let results = check_draft(&email("Hi {{ first_name }}", "Ann, {% if company %}Acme{% endif %} hi {{ first_name }}"));
    let found = find(&results, QcCheck::UnresolvedVariable).unwrap();
    assert_eq!(found.level, QcLevel::Error);
    assert!(found.message.contains("{{ first_name }}, {% if company %}, {% endif %}"), "{}", found.message);
    assert!(find(&results, QcCheck::UnrenderedSpintax).is_none());
}

#[test]
fn spintax_left_in_the_text_is_an_error() {
    let results = check_draft(&email("Hi", "{Hi|Hello} Ann"));
    assert!(find(&results, QcCheck::UnrenderedSpintax).unwrap().message.contains("{Hi|Hello}"));
    assert!(has_errors(&check_draft(&email("Hi", "Hello Ann }"))));
    assert_eq!(check_draft(&email("Hi", "Hello Ann | Acme")), []);
}

#[test]
fn word_limits_per_channel() {
    let fine = words(120);
    assert_eq!(check_draft(&email("Hi", &fine)), []);
    let long = words(121);
    let results = check_draft(&email("Hi", &long));
    assert_eq!(checks(&results), [(QcCheck::WordCount, QcLevel::Warning)]);
    let too_long = words(231);
    let results = check_draft(&email("Hi", &too_long));
    assert_eq!(results[0].message, "Over the 200-word hard limit (231 words): shorten it before approving.");
    assert_eq!(results[0].level, QcLevel::Error);
    let dm = |body: &str| check_draft(&QcInput { channel: Channel::Linkedin, ..email("", body) });
    assert_eq!(dm(&words(60)), []);
    assert_eq!(checks(&dm(&words(61))), [(QcCheck::WordCount, QcLevel::Warning)]);
    assert_eq!(checks(&dm(&words(101))), [(QcCheck::WordCount, QcLevel::Error)]);
}

fn article_input<'a>(body: &'a str) -> QcInput<'a> {
    QcInput {
        channel: Channel::Article,
        article: Some(ArticleTarget { target_url: "https://acme.com/guide/", anchor_text: "hiring guide", min_words: 10, max_words: 20 }),
        personal_terms: &[],
        ..email("Title", body)
    }
}

#[test]
fn article_word_limits_have_a_margin() {
    let link = "[hiring guide](https://acme.com/guide)";
    let body = |n: usize| format!("{link} {}", "word ".repeat(n - 2));
    assert_eq!(check_draft(&article_input(&body(20))), []);
    assert_eq!(checks(&check_draft(&article_input(&body(24)))), [(QcCheck::WordCount, QcLevel::Warning)]);
    assert_eq!(checks(&check_draft(&article_input(&body(25)))), [(QcCheck::WordCount, QcLevel::Error)]);
    let short = check_draft(&article_input(&body(5)));
    assert!(short[0].message.starts_with("Shorter than the brief's 10 words"));
}

#[test]
fn article_must_link_once_with_the_anchor_text() {
    let pad = "word ".repeat(12);
    let ok_md = format!("See the [hiring guide](https://acme.com/guide) {pad}");
    assert_eq!(check_draft(&article_input(&ok_md)), []);
    let ok_html = format!("See the <a href=\"https://acme.com/guide/\">hiring guide</a> {pad}");
    assert_eq!(check_draft(&article_input(&ok_html)), []);
    let missing = check_draft(&article_input(&pad));
    assert!(find(&missing, QcCheck::ArticleLink).unwrap().message.contains("does not link"));
    let wrong = format!("See [this guide](https://acme.com/guide) {pad}");
    assert!(find(&check_draft(&article_input(&wrong)), QcCheck::ArticleLink).unwrap().message.contains("“this guide”"));
    let twice = format!("{ok_md} and [hiring guide](https://acme.com/guide/)");
    assert!(find(&check_draft(&article_input(&twice)), QcCheck::ArticleLink).unwrap().message.contains("2 times"));
}

#[test]
fn empty_variables_are_listed() {
    let empty = vec!["company".to_string(), "city".to_string()];
    let results = check_draft(&QcInput { empty_variables: &empty, ..email("Hi", GOOD_BODY) });
    assert_eq!(checks(&results), [(QcCheck::EmptyVariable, QcLevel::Warning)]);
    assert!(results[0].message.contains("company, city"));
}

#[test]
fn spam_words_are_named() {
    let results = check_draft(&email("FREE audit", "Ann, click here for a risk-free trial at Acme."));
    let found = find(&results, QcCheck::SpamWords).unwrap();
    assert_eq!(found.level, QcLevel::Warning);
    assert_eq!(found.message, "Spam-trigger words: “free”, “risk-free”, “click here”. Rephrase them so filters do not flag the message.");
    assert!(find(&check_draft(&email("Freedom", "Ann, cashflow at Acme")), QcCheck::SpamWords).is_none());
}

#[test]
fn more_than_two_links_in_a_message() {
    let body = "Ann, see https://a.com, www.b.com and http://c.com about Acme.";
    assert_eq!(checks(&check_draft(&email("Hi", body))), [(QcCheck::LinkCount, QcLevel::Warning)]);
    assert_eq!(check_draft(&email("Hi", "Ann, see https://a.com and www.b.com about Acme.")), []);
}

#[test]
fn long_subjects_are_flagged() {
    let subject = "A".repeat(61);
    assert_eq!(checks(&check_draft(&email(&subject, GOOD_BODY))), [(QcCheck::SubjectLength, QcLevel::Warning)]);
    assert_eq!(check_draft(&email(&"A".repeat(60), GOOD_BODY)), []);
}

#[test]
fn a_draft_naming_nothing_about_the_lead_is_flagged() {
    let generic = "Hello,\n\nWe help companies hire faster. Interested?";
    assert_eq!(checks(&check_draft(&email("Hi", generic))), [(QcCheck::Personalization, QcLevel::Warning)]);
    assert_eq!(check_draft(&QcInput { personal_terms: &[], ..email("Hi", generic) }), []);
    assert_eq!(check_draft(&QcInput { personal_terms: &["", " "], ..email("Hi", generic) }), []);
    assert_eq!(check_draft(&QcInput { personal_terms: &["acme   corp"], ..email("Hi", "At ACME Corp you hire.") }), []);
}

#[test]
fn a_draft_in_another_language_is_flagged() {
    let german = "Hallo Ann, ich habe gesehen, dass Acme ein zweites Büro in Leeds eröffnet hat. Wir helfen Teams, schneller einzustellen.";
    let results = check_draft(&QcInput { expected_language: Some("eng"), ..email("Hallo", german) });
    assert_eq!(find(&results, QcCheck::Language).unwrap().message, "Written in German; the lead's language is English.");
    assert_eq!(check_draft(&QcInput { expected_language: Some("deu"), ..email("Hallo", german) }), []);
}

#[test]
fn a_trimmed_answer_is_flagged() {
    let results = check_draft(&QcInput { trimmed: true, ..email("Hi", "Ann, one two three four.") });
    assert_eq!(results[0].message, "The model's answer was over the limit twice; it was cut to 5 words — read the ending.");
    assert_eq!(counts(&results), (0, 1));
}

#[test]
fn channels_round_trip() {
    for channel in [Channel::Email, Channel::Linkedin, Channel::Article] {
        assert_eq!(Channel::parse(channel.as_str()), Some(channel));
        assert_eq!(serde_json::to_value(channel).unwrap(), channel.as_str());
    }
    assert_eq!(Channel::parse("fax"), None);
    assert_eq!(serde_json::to_value(QcCheck::UnrenderedSpintax).unwrap(), "unrendered_spintax");
}

const SHARED: &str = "We help growing teams hire senior engineers without agency fees.";

#[test]
fn a_sentence_shared_by_many_drafts_is_flagged_in_each() {
    let bodies: Vec<(i64, String)> = (1..=10)
        .map(|id| {
            let body = if id <= 3 { format!("Hi {id}. {SHARED} Bye.") } else { format!("Hi {id}. Something else entirely for lead {id}.") };
            (id, body)
        })
        .collect();
    let refs: Vec<(i64, &str)> = bodies.iter().map(|(id, b)| (*id, b.as_str())).collect();
    let found = repeated_text(&refs);
    assert_eq!(found.keys().copied().collect::<std::collections::BTreeSet<_>>(), [1, 2, 3].into());
    assert_eq!(
        found[&1].message,
        "“We help growing teams hire senior engineers without agency…” appears in 2 other drafts of this campaign: providers may see it as bulk mail; vary it with spintax or the opener."
    );
}

#[test]
fn sentences_in_few_drafts_or_short_ones_are_not_flagged() {
    let mut bodies: Vec<(i64, String)> = (1..=3).map(|id| (id, format!("{SHARED} Thanks for reading this far!"))).collect();
    bodies.extend((4..=20).map(|id| (id, format!("Lead {id} gets a wholly different long sentence number {id} here."))));
    let refs: Vec<(i64, &str)> = bodies.iter().map(|(id, b)| (*id, b.as_str())).collect();
    // 3 of 20 is not more than a fifth; the 5-word sentence is too short to matter.
    assert!(repeated_text(&refs).is_empty());
    let two: Vec<(i64, &str)> = vec![(1, SHARED), (2, SHARED)];
    assert!(repeated_text(&two).is_empty(), "two drafts are never bulk");
}
