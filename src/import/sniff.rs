//! Guesses a text file's encoding and delimiter from its first bytes.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How much of the file the guesses look at.
pub const SAMPLE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Text { encoding: &'static Encoding, bom_len: usize },
    Binary,
}

/// Decides the encoding: a BOM wins; then UTF-16 by its zero bytes; then valid UTF-8; else chardetng's guess.
pub fn sniff_encoding(sample: &[u8], is_whole_file: bool) -> Sniffed {
    if let Some((enc, bom_len)) = Encoding::for_bom(sample) {
        return Sniffed::Text { encoding: enc, bom_len };
    }
    let zeros = sample.iter().filter(|b| **b == 0).count();
    if zeros > 0 {
        let even_zeros = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_zeros = zeros - even_zeros;
        let half = sample.len() / 2;
        // ASCII-heavy UTF-16 has a zero in nearly every other byte, on one side only.
        if odd_zeros * 10 >= half * 7 && even_zeros * 20 < half {
            return Sniffed::Text { encoding: UTF_16LE, bom_len: 0 };
        }
        if even_zeros * 10 >= half * 7 && odd_zeros * 20 < half {
            return Sniffed::Text { encoding: UTF_16BE, bom_len: 0 };
        }
        return Sniffed::Binary;
    }
    let controls = sample.iter().filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b) && b != 0x1b).count();
    if controls * 100 > sample.len().max(1) {
        return Sniffed::Binary;
    }
    let valid_upto = match std::str::from_utf8(sample) {
        Ok(_) => sample.len(),
        Err(e) => e.valid_up_to(),
    };
    // A sample may end inside a multi-byte character: that is still UTF-8.
    if valid_upto == sample.len() || (!is_whole_file && sample.len() - valid_upto < 4) {
        return Sniffed::Text { encoding: UTF_8, bom_len: 0 };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, is_whole_file);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    let encoding = if guess == UTF_8 { WINDOWS_1252 } else { guess };
    Sniffed::Text { encoding, bom_len: 0 }
}

/// Picks the delimiter among comma, semicolon, tab and pipe that splits the sample's lines most consistently.
pub fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut best = (b',', 0.0f64);
    for d in CANDIDATES {
        let mut reader = csv::ReaderBuilder::new().delimiter(d).has_headers(false).flexible(true).from_reader(text.as_bytes());
        let counts: Vec<usize> = reader.records().take(50).filter_map(Result::ok).map(|r| r.len()).collect();
        if counts.is_empty() {
            continue;
        }
        // Ignore a last line cut by the sample's end.
        let counts = if counts.len() > 2 { &counts[..counts.len() - 1] } else { &counts[..] };
        let header = counts[0];
        if header < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == header).count() as f64 / counts.len() as f64;
        let score = consistent * (header as f64).ln_1p();
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// A display name for a delimiter byte.
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "other",
    }
}

pub fn delimiter_from_name(name: &str) -> Option<u8> {
    match name {
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "tab" => Some(b'\t'),
        "pipe" => Some(b'|'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_one_that_splits_lines_consistently() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter("email,name\n\"x@y.com\",\"Smith; John\"\n"), b',');
    }

    #[test]
    fn utf16_without_bom_is_recognized_by_its_zero_bytes() {
        let bytes: Vec<u8> = "email,name\nx@y.com,Ana\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(sniff_encoding(&bytes, true), Sniffed::Text { encoding: UTF_16LE, bom_len: 0 });
    }

    #[test]
    fn latin1_text_is_not_taken_for_utf8() {
        let bytes = b"email,name\nx@y.com,Jos\xe9 Mu\xf1oz\n";
        assert_eq!(sniff_encoding(bytes, true), Sniffed::Text { encoding: WINDOWS_1252, bom_len: 0 });
    }

    #[test]
    fn random_bytes_are_binary() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert_eq!(sniff_encoding(&bytes, true), Sniffed::Binary);
    }
}
