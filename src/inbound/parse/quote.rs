//! The latest part of a reply: the quoted history below it cut off (`On … wrote:`, `>` lines,
//! `-----Original Message-----`, `From: … Sent: …` blocks and their translations), and a short snippet.

/// Lines that begin the quoted history on their own.
const SEPARATORS: &[&str] = &[
    "-----original message-----",
    "----- original message -----",
    "-------- original message --------",
    "---------- forwarded message ---------",
    "-----ursprüngliche nachricht-----",
    "-------- ursprüngliche nachricht --------",
    "----- ursprüngliche nachricht -----",
    "-------- message d'origine --------",
    "----- message d'origine -----",
    "-----message d'origine-----",
    "-------- mensaje original --------",
    "----- mensaje original -----",
    "-----mensaje original-----",
    "-------- messaggio originale --------",
    "-----messaggio originale-----",
    "-------- oorspronkelijk bericht --------",
    "-----oorspronkelijk bericht-----",
    "-------- mensagem original --------",
    "-----mensagem original-----",
    "-------- originalmeddelande --------",
    "-----ursprungligt meddelande-----",
    "-----oprindelig meddelelse-----",
    "-----opprinnelig melding-----",
    "-----alkuperäinen viesti-----",
    "-----wiadomość oryginalna-----",
    "-----original message-----",
];

/// "On … wrote:" in several languages: how the line starts and a word it holds; it ends with a colon.
const WROTE: &[(&str, &str)] = &[
    ("on ", " wrote"),
    ("am ", " schrieb "),
    ("le ", " a écrit"),
    ("el ", " escribió"),
    ("op ", " geschreven"),
    ("op ", " schreef "),
    ("il ", " ha scritto"),
    ("em ", " escreveu"),
    ("w dniu ", " pisze"),
    ("w dniu ", " napisał"),
    ("den ", " skrev"),
    ("", " schrieb "),
    ("", " skrev"),
    ("", " kirjoitti"),
    ("", " wrote"),
];

/// Header names of a quoted `From: … Sent: …` block: the sender line, then the date line.
const FROM_NAMES: &[&str] = &["from:", "von:", "de :", "de:", "van:", "da:", "från:", "fra:", "od:", "lähettäjä:", "*from:*"];
const SENT_NAMES: &[&str] = &[
    "sent:",
    "date:",
    "gesendet:",
    "datum:",
    "envoyé :",
    "envoyé:",
    "date :",
    "enviado:",
    "enviado el:",
    "fecha:",
    "verzonden:",
    "inviato:",
    "data:",
    "skickat:",
    "sendt:",
    "wysłano:",
    "lähetetty:",
    "*sent:*",
    "to:",
    "an:",
    "à :",
];

/// The reply's own words, without the history it quotes and without a signature's "--" tail.
pub fn latest_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim().to_lowercase();
        if is_history_start(&l, &lines, i) {
            end = i;
            break;
        }
    }
    let kept: Vec<&str> = lines[..end].iter().copied().filter(|l| !l.trim_start().starts_with('>')).collect();
    let mut out = kept.join("\n");
    if let Some(sig) = out.find("\n-- \n").or_else(|| out.find("\n--\n")) {
        out.truncate(sig);
    }
    let out = out.trim().to_string();
    if out.is_empty() && end < lines.len() {
        // Written below the quote: what is not quoted.
        return lines.iter().copied().filter(|l| !l.trim_start().starts_with('>')).collect::<Vec<_>>().join("\n").trim().to_string();
    }
    out
}

fn is_history_start(l: &str, lines: &[&str], i: usize) -> bool {
    if l.starts_with('>') {
        return true;
    }
    if SEPARATORS.iter().any(|s| l.starts_with(s)) || l.starts_with("________________________________") {
        return true;
    }
    if l.starts_with("sent from my ")
        || l.starts_with("von meinem iphone")
        || l.starts_with("envoyé de mon")
        || l.starts_with("enviado desde mi")
    {
        return true;
    }
    // "On Mon, 7 Dec 2026 at 10:00, Ann <ann@x> wrote:", possibly wrapped over two lines.
    let joined = match lines.get(i + 1) {
        Some(next) if !l.ends_with(':') => format!("{l} {}", next.trim().to_lowercase()),
        _ => l.to_string(),
    };
    for candidate in [l, joined.as_str()] {
        let dated = candidate.contains('@') || candidate.contains(|c: char| c.is_ascii_digit());
        let is_wrote =
            |(start, word): &(&str, &str)| candidate.starts_with(start) && candidate.contains(word) && (!start.is_empty() || dated);
        if candidate.ends_with(':') && candidate.len() < 300 && WROTE.iter().any(is_wrote) {
            return true;
        }
    }
    if FROM_NAMES.iter().any(|f| l.starts_with(f)) {
        return lines.iter().skip(i + 1).take(4).any(|next| {
            let n = next.trim().to_lowercase();
            SENT_NAMES.iter().any(|s| n.starts_with(s))
        });
    }
    false
}

/// The text on one line, cut at a word near `max_chars` with "…".
pub fn snippet(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    let ends_a_word = flat.chars().nth(cut.chars().count()) == Some(' ');
    let at_word = match cut.rfind(' ') {
        Some(space) if !ends_a_word && space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_history_is_cut_in_its_usual_forms() {
        let cases = [
            "Sounds good.\n\nOn Mon, Dec 7, 2026 at 10:00 AM Zoë <zoe@reach.test> wrote:\n> Hi Ann, remove me? no",
            "Sounds good.\n\nOn Mon, Dec 7, 2026 at 10:00 AM Zoë Example\n<zoe@reach.test> wrote:\n> unsubscribe",
            "Sounds good.\n\n-----Original Message-----\nFrom: Zoë\nSent: Monday\nSubject: unsubscribe",
            "Sounds good.\n\n________________________________\nFrom: Zoë <zoe@reach.test>\nSent: Monday, December 7, 2026 10:00\nTo: Ann",
            "Sounds good.\n\nFrom: Zoë <zoe@reach.test>\nSent: Monday, December 7, 2026 10:00\nSubject: unsubscribe",
            "Sounds good.\n\nAm 07.12.2026 um 10:00 schrieb Zoë <zoe@reach.test>:\n> abmelden",
            "Sounds good.\n\nLe lun. 7 déc. 2026 à 10:00, Zoë <zoe@reach.test> a écrit :\n> désinscrire",
            "Sounds good.\n\nEl lun, 7 dic 2026 a las 10:00, Zoë (<zoe@reach.test>) escribió:\n> baja",
            "Sounds good.\n\nVon: Zoë <zoe@reach.test>\nGesendet: Montag, 7. Dezember 2026 10:00\nAn: Ann",
            "Sounds good.\n\nOp ma 7 dec. 2026 om 10:00 schreef Zoë <zoe@reach.test>:\n> afmelden",
            "Sounds good.\n-- \nAnn Lee\nHead of unsubscribe",
        ];
        for text in cases {
            assert_eq!(latest_text(text), "Sounds good.", "{text}");
        }
    }

    #[test]
    fn a_reply_written_below_the_quote_is_kept() {
        assert_eq!(latest_text("> Would a call help?\n\nYes, Tuesday works."), "Yes, Tuesday works.");
    }

    #[test]
    fn a_from_line_in_the_reply_itself_is_not_a_quote() {
        let text = "From: my side, this works.\nLet's talk next week.";
        assert_eq!(latest_text(text), text, "no Sent/Date line follows, so it is the person's own words");
    }

    #[test]
    fn snippets_are_one_line_and_cut_at_a_word() {
        assert_eq!(snippet("Hello\n\nthere   you", 50), "Hello there you");
        assert_eq!(snippet("Thanks for reaching out, we would love to talk", 20), "Thanks for reaching…");
    }
}
