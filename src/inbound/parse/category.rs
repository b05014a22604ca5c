//! What a person's reply says, by rules on its latest part. The order matters: an unsubscribe request
//! wins over everything; a referral names someone else; "not interested" is checked before "interested"
//! (which it contains), and "not now" before the words of interest it often carries.

use super::ReplyCategory;

/// The category of a reply's latest text. `sender` is the replying address (not a referral target).
pub(super) fn categorize(latest: &str, sender: &str) -> ReplyCategory {
    let t = normalize(latest);
    if has_any(&t, UNSUBSCRIBE) || is_one_word_stop(&t) {
        ReplyCategory::Unsubscribe
    } else if is_referral(&t, sender) {
        ReplyCategory::Referral
    } else if has_any(&t, NOT_INTERESTED) {
        ReplyCategory::NotInterested
    } else if has_any(&t, NOT_NOW) || names_a_later_quarter(&t) {
        ReplyCategory::NotNow
    } else if has_any(&t, INTERESTED) {
        ReplyCategory::Interested
    } else if is_question(&t) {
        ReplyCategory::Question
    } else {
        ReplyCategory::Other
    }
}

/// A reply that is only "stop" or "remove".
fn is_one_word_stop(t: &str) -> bool {
    matches!(t.trim_end_matches(['.', '!']), "stop" | "remove" | "stopp" | "arrêter" | "baja")
}

/// Lower-cased, typographic apostrophes made plain, white space single.
fn normalize(text: &str) -> String {
    text.to_lowercase().replace(['’', '‘', '`'], "'").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| text.contains(p))
}

const UNSUBSCRIBE: &[&str] = &[
    "unsubscribe",
    "remove me",
    "remove my email",
    "remove my address",
    "remove us from",
    "take me off",
    "take us off",
    "stop emailing",
    "stop e-mailing",
    "stop sending",
    "stop contacting",
    "stop writing",
    "don't email me",
    "do not email me",
    "don't contact me",
    "do not contact me",
    "do not contact us",
    "don't contact us",
    "opt out",
    "opt-out",
    "no more emails",
    "delete my data",
    "delete my email",
    "abmelden",
    "abbestellen",
    "austragen",
    "keine weiteren e-mails",
    "keine e-mails mehr",
    "keine mails mehr",
    "nicht mehr kontaktieren",
    "nicht mehr anschreiben",
    "entfernen sie mich",
    "melden sie mich ab",
    "mich abmelden",
    "aus ihrem verteiler",
    "aus dem verteiler",
    "löschen sie meine",
    "désinscrire",
    "désinscription",
    "désabonner",
    "désabonnement",
    "retirez-moi",
    "retirer de votre liste",
    "ne plus recevoir",
    "ne me contactez plus",
    "arrêtez de m'envoyer",
    "darse de baja",
    "darme de baja",
    "dar de baja",
    "denme de baja",
    "deme de baja",
    "no me envíe",
    "no me envíen",
    "no me contacte",
    "elimínenme",
    "elimíneme",
    "bórrenme",
    "no quiero recibir",
    "cancellami",
    "disiscrivi",
    "non voglio ricevere",
    "afmelden",
    "uitschrijven",
    "verwijder mij",
    "verwijder me",
    "descadastrar",
    "descadastre",
    "cancelar inscrição",
    "remover meu",
    "wypisz mnie",
    "avregistrera",
    "afmeld mig",
];

const NOT_INTERESTED: &[&str] = &[
    "not interested",
    "no interest",
    "not a fit",
    "not for us",
    "not something we need",
    "we have no need",
    "we're not looking",
    "we are not looking",
    "not a good fit",
    "not the right fit",
    "no thanks",
    "no thank you",
    "no, thank",
    "we're all set",
    "we are all set",
    "we already have",
    "we already use",
    "we already work with",
    "already have a solution",
    "already have a provider",
    "not looking for",
    "no need for",
    "don't need",
    "do not need",
    "not relevant",
    "pass on this",
    "we'll pass",
    "we will pass",
    "kein interesse",
    "nicht interessiert",
    "pas intéressé",
    "pas intéressée",
    "pas intéressés",
    "pas d'intérêt",
    "ne nous intéresse pas",
    "ne m'intéresse pas",
    "no estamos interesados",
    "no estoy interesado",
    "no estoy interesada",
    "no me interesa",
    "no nos interesa",
    "non sono interessato",
    "non siamo interessati",
    "niet geïnteresseerd",
    "geen interesse",
    "não tenho interesse",
    "não estamos interessados",
];

const NOT_NOW: &[&str] = &[
    "not right now",
    "not now",
    "not at the moment",
    "not at this time",
    "not this year",
    "not the right time",
    "bad timing",
    "not a priority",
    "timing isn't right",
    "timing is not right",
    "maybe next quarter",
    "next quarter",
    "next year",
    "later this year",
    "in a few months",
    "in a couple of months",
    "after the holidays",
    "after the new year",
    "circle back",
    "check back",
    "reach out again",
    "get back to me in",
    "ping me in",
    "follow up in",
    "touch base in",
    "revisit",
    "no budget",
    "budget is frozen",
    "too busy",
    "swamped right now",
    "maybe later",
    "im moment nicht",
    "derzeit nicht",
    "später wieder",
    "nächstes jahr",
    "pas pour le moment",
    "pas maintenant",
    "plus tard",
    "ahora no",
    "más adelante",
    "el próximo año",
    "adesso no",
    "più avanti",
    "nu niet",
    "later dit jaar",
];

/// "circle back in Q2", "after Q1": a quarter named as the time to talk.
fn names_a_later_quarter(t: &str) -> bool {
    ["in q1", "in q2", "in q3", "in q4", "after q1", "after q2", "after q3", "after q4", "until q1", "until q2", "until q3", "until q4"]
        .iter()
        .any(|p| t.contains(p))
}

const INTERESTED: &[&str] = &[
    "sounds good",
    "sounds great",
    "sounds interesting",
    "let's talk",
    "let's meet",
    "can we talk",
    "can we chat",
    "could we talk",
    "could we chat",
    "open to a call",
    "open to a chat",
    "open to chatting",
    "open to a quick",
    "quick chat",
    "set up a time",
    "find a time",
    "learn more",
    "hear more",
    "interested in hearing",
    "i'd be interested",
    "i would be interested",
    "send over some",
    "send me details",
    "send me some details",
    "more details",
    "more information",
    "send some times",
    "let's chat",
    "let's connect",
    "let's do it",
    "let's set up",
    "let's schedule",
    "let's find a time",
    "book a call",
    "book a time",
    "schedule a call",
    "set up a call",
    "hop on a call",
    "jump on a call",
    "quick call",
    "send me more",
    "send more info",
    "send over more",
    "send me some info",
    "send me the deck",
    "tell me more",
    "i'm interested",
    "i am interested",
    "we're interested",
    "we are interested",
    "interested in learning",
    "interested to learn",
    "happy to chat",
    "happy to talk",
    "happy to connect",
    "love to learn more",
    "love to chat",
    "love to hear more",
    "would like to learn more",
    "count me in",
    "what times work",
    "when are you free",
    "when works for you",
    "how about tuesday",
    "calendly",
    "yes please",
    "yes, please",
    "interessiert",
    "gerne mehr",
    "gerne ein gespräch",
    "intéressé",
    "intéressée",
    "avec plaisir",
    "m'intéresse",
    "parlons-en",
    "me interesa",
    "estamos interesados",
    "geïnteresseerd",
];

/// A question: a question mark with the form of a question (a question word or an inverted verb), or a
/// question mark ending a sentence.
fn is_question(t: &str) -> bool {
    if !t.contains('?') {
        return false;
    }
    const STARTS: &[&str] = &[
        "what", "how", "who", "when", "where", "why", "which", "can", "could", "do", "does", "did", "is", "are", "will", "would", "should",
        "may", "have", "has", "was", "wie", "was", "wer", "wann", "warum", "kann", "können", "gibt", "quel", "quelle", "comment",
        "pourquoi", "combien", "est-ce", "qué", "cómo", "cuánto", "cuándo", "por qué", "wat", "hoe", "waarom", "kunt",
    ];
    t.split_inclusive(['.', '!', '?', '\n']).filter(|s| s.trim_end().ends_with('?')).any(|sentence| {
        let s = sentence.trim().trim_start_matches(['-', '*', '"', '(']).trim_start();
        let first = s.split_whitespace().next().unwrap_or("");
        STARTS.contains(&first.trim_end_matches(',')) || s.split_whitespace().count() >= 3
    })
}

/// The reply points to another person: a phrase of referral, or an address other than the sender's.
fn is_referral(t: &str, sender: &str) -> bool {
    const PHRASES: &[&str] = &[
        "i'm cc'ing",
        "i am cc'ing",
        "cc'ing",
        "cc'd",
        "ccing",
        "copying in",
        "looping in",
        "i've looped in",
        "adding my colleague",
        "forwarded your email to",
        "forwarding this to",
        "forwarded this to",
        "better person to",
        "right person to talk",
        "right person for this",
        "is the right person",
        "not the right person",
        "handles this",
        "handles our",
        "is in charge of",
        "is responsible for",
        "you should talk to",
        "you should speak",
        "please contact",
        "best to contact",
        "zuständig ist",
        "wenden sie sich an",
        "la personne en charge",
        "s'adresser à",
        "la persona encargada",
        "póngase en contacto con",
    ];
    if has_any(t, PHRASES) {
        return true;
    }
    // "reach out to Jane", "contact Jane at jane@…": not "reach out to me/us".
    for (at, _) in t.match_indices("reach out to ") {
        let next = t[at + "reach out to ".len()..].split_whitespace().next().unwrap_or("");
        if !["me", "me.", "me,", "us", "us.", "us,", "you", "you.", "him", "her", "them", "anyone", "someone", "my"].contains(&next) {
            return true;
        }
    }
    let sender_domain = sender.split('@').nth(1).unwrap_or("");
    t.split(|c: char| c.is_whitespace() || "<>()[],;:\"'".contains(c)).any(|word| {
        let word = word.trim_end_matches('.');
        match word.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && word != sender
                    && (sender_domain.is_empty() || domain == sender_domain || t.contains("contact"))
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReplyCategory::*;

    #[test]
    fn each_category_is_told_by_its_words() {
        let cases = [
            ("Please unsubscribe me from this list.", Unsubscribe),
            ("Remove me from your list, thanks.", Unsubscribe),
            ("Bitte abmelden.", Unsubscribe),
            ("Merci de me désinscrire.", Unsubscribe),
            ("Por favor, quiero darme de baja.", Unsubscribe),
            ("I'm not interested, thanks.", NotInterested),
            ("No thanks, we're all set with our current vendor.", NotInterested),
            ("Not right now. Can you circle back in Q2?", NotNow),
            ("Maybe next quarter, budgets are frozen.", NotNow),
            ("Jane handles this for us, please reach out to Jane at jane@acme.test", Referral),
            ("I'm cc'ing my colleague Bo who runs ops.", Referral),
            ("Sounds good, let's talk next week.", Interested),
            ("Happy to chat. Send me more about pricing.", Interested),
            ("How does this compare to Mailchimp?", Question),
            ("Thanks for the note.", Other),
            ("STOP", Unsubscribe),
            ("Please don't contact me again.", Unsubscribe),
            ("I'd be open to a quick chat next week.", Interested),
            ("Can we talk on Thursday?", Interested),
            ("Thanks! I'd be happy to learn more. Could you send over some times?", Interested),
            ("Interested, but not right now.", NotNow),
            ("It's not a priority this quarter.", NotNow),
            ("What's the pricing?", Question),
            ("I'm no longer at Acme; please contact my colleague Sam at sam@acme.test", Referral),
        ];
        for (text, expected) in cases {
            assert_eq!(categorize(text, "ann@acme.test"), expected, "{text}");
        }
    }

    #[test]
    fn not_interested_wins_over_the_word_interested_it_contains() {
        assert_eq!(categorize("We are not interested.", "a@acme.test"), NotInterested);
    }

    #[test]
    fn an_unsubscribe_request_wins_over_everything() {
        assert_eq!(categorize("Sounds good but please remove me from your list?", "a@acme.test"), Unsubscribe);
    }

    #[test]
    fn reach_out_to_me_is_not_a_referral() {
        assert_eq!(categorize("Feel free to reach out to me next week, let's talk.", "a@acme.test"), Interested);
    }
}
