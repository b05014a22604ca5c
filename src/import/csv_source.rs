//! CSV and other delimited text: encoding and delimiter sniffed, read as a stream.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::sniff::{sniff_delimiter, sniff_encoding, Sniffed, SAMPLE_BYTES};
use super::source::{RowSource, SourceRow};
use super::ImportError;

/// No lead list has a physical line this long; past it the file is refused instead of filling memory.
pub const MAX_LINE_BYTES: u64 = 64 * 1024 * 1024;

/// How a text file was understood.
#[derive(Debug, Clone)]
pub struct CsvFormat {
    pub encoding: &'static Encoding,
    pub bom_len: usize,
    pub delimiter: u8,
}

pub struct CsvSource {
    reader: csv::Reader<Box<dyn Read + Send>>,
    file: String,
    consumed: Arc<AtomicU64>,
    lines: Arc<Mutex<LineIndex>>,
    size: u64,
    header_line: u64,
}

impl CsvSource {
    /// Opens the file, works out its format (unless given), and positions the reader after the header row.
    /// Returns the source and the header cells.
    pub fn open(path: &Path, header_line: u64, known: Option<CsvFormat>) -> Result<(CsvSource, CsvFormat, Vec<String>), ImportError> {
        let file = display_name(path);
        let mut f = File::open(path).map_err(|source| ImportError::Open { file: file.clone(), source })?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        if size == 0 {
            return Err(ImportError::Empty { file });
        }
        let format = match known {
            Some(k) => k,
            None => detect_format(&mut f, size, &file)?,
        };
        f.seek(SeekFrom::Start(format.bom_len as u64)).map_err(|source| ImportError::Io { file: file.clone(), source })?;
        let consumed = Arc::new(AtomicU64::new(0));
        let counted = CountingReader { inner: BufReader::with_capacity(256 * 1024, f), consumed: consumed.clone() };
        let decoded: Box<dyn Read + Send> = if format.encoding == UTF_8 {
            Box::new(counted)
        } else {
            Box::new(DecodeReaderBytesBuilder::new().encoding(Some(format.encoding)).bom_sniffing(false).build(counted))
        };
        let lines = Arc::new(Mutex::new(LineIndex::default()));
        let decoded: Box<dyn Read + Send> =
            Box::new(LineTrackingReader { inner: decoded, index: lines.clone(), offset: 0, line_start: 0, line_has_text: false });
        let reader = csv::ReaderBuilder::new()
            .delimiter(format.delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(decoded);
        let mut source = CsvSource { reader, file: file.clone(), consumed, lines, size, header_line };
        let mut row = SourceRow::default();
        loop {
            if !source.read_raw(&mut row)? {
                return Err(ImportError::Empty { file });
            }
            if row.line >= header_line && row.cells.iter().any(|c| !c.iter().all(u8::is_ascii_whitespace)) {
                break;
            }
        }
        source.header_line = row.line;
        let headers = row.cells.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        Ok((source, format, headers))
    }

    /// The line the header row was found on.
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The line (1-based, as an editor counts them) holding this byte of the decoded text.
    fn line_at(&self, byte: u64) -> u64 {
        self.lines.lock().map_or(0, |mut index| index.line_at(byte))
    }

    fn read_raw(&mut self, row: &mut SourceRow) -> Result<bool, ImportError> {
        match self.reader.read_byte_record(&mut row.cells) {
            Ok(more) => {
                row.line = self.line_at(row.cells.position().map_or(0, |p| p.byte()));
                Ok(more)
            }
            Err(e) => {
                let line = self.line_at(e.position().map_or(0, |p| p.byte()));
                match e.into_kind() {
                    csv::ErrorKind::Io(io) => Err(match io.get_ref().and_then(|i| i.downcast_ref::<LineTooLong>()) {
                        Some(LineTooLong(line)) => {
                            ImportError::LineTooLong { file: self.file.clone(), line: *line, limit_mb: MAX_LINE_BYTES >> 20 }
                        }
                        None => ImportError::Io { file: self.file.clone(), source: io },
                    }),
                    other => Err(ImportError::Malformed { file: self.file.clone(), line, reason: format!("{other:?}") }),
                }
            }
        }
    }
}

impl RowSource for CsvSource {
    fn next_row(&mut self, row: &mut SourceRow) -> Result<bool, ImportError> {
        loop {
            if !self.read_raw(row)? {
                return Ok(false);
            }
            // Blank lines between records are not rows.
            if row.cells.len() == 1 && row.cells[0].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(true);
        }
    }

    fn fraction_read(&self) -> f64 {
        (self.consumed.load(Ordering::Relaxed) as f64 / self.size.max(1) as f64).min(1.0)
    }
}

fn detect_format(f: &mut File, size: u64, file: &str) -> Result<CsvFormat, ImportError> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES.min(size as usize));
    f.by_ref().take(SAMPLE_BYTES as u64).read_to_end(&mut sample).map_err(|source| ImportError::Io { file: file.to_string(), source })?;
    let (encoding, bom_len) = match sniff_encoding(&sample, sample.len() as u64 == size) {
        Sniffed::Text { encoding, bom_len } => (encoding, bom_len),
        Sniffed::Binary => return Err(ImportError::Binary { file: file.to_string() }),
    };
    let (text, _, _) = encoding.decode(&sample[bom_len..]);
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    Ok(CsvFormat { encoding, bom_len, delimiter: sniff_delimiter(&text) })
}

pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

#[derive(Debug)]
struct LineTooLong(u64);

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is too long", self.0)
    }
}

impl std::error::Error for LineTooLong {}

/// Counts the file's bytes as they are read, for progress.
struct CountingReader<R> {
    inner: R,
    consumed: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Offsets of the newlines the parser has not passed yet. The CSV parser's own line count skips blank
/// lines, so line numbers are worked out here, where every byte of decoded text goes by.
#[derive(Default)]
struct LineIndex {
    /// (offset of a newline, whether the line it ends is blank)
    pending: VecDeque<(u64, bool)>,
    /// Newlines before the first pending one.
    passed: u64,
}

impl LineIndex {
    /// The line of the first non-blank line at or after `byte` (the parser reports a record's start
    /// before the blank lines it skipped).
    fn line_at(&mut self, mut byte: u64) -> u64 {
        loop {
            match self.pending.front() {
                Some(&(nl, _)) if nl < byte => {}
                // A start on a newline is the tail of the previous record's CRLF.
                Some(&(nl, _)) if nl == byte => byte = nl + 1,
                Some(&(nl, true)) if nl <= byte + 1 => byte = nl + 1,
                _ => return self.passed + 1,
            }
            self.pending.pop_front();
            self.passed += 1;
        }
    }
}

/// Records newline offsets of the decoded text and stops a runaway line before it fills memory.
struct LineTrackingReader<R> {
    inner: R,
    index: Arc<Mutex<LineIndex>>,
    offset: u64,
    line_start: u64,
    line_has_text: bool,
}

impl<R: Read> Read for LineTrackingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &buf[..n];
        let mut index = self.index.lock().map_err(|_| io::Error::other("line index poisoned"))?;
        let mut from = 0;
        for i in memchr::memchr_iter(b'\n', read) {
            let has_text = self.line_has_text || read[from..i].iter().any(|&b| b != b'\r');
            let at = self.offset + i as u64;
            index.pending.push_back((at, !has_text));
            self.line_start = at + 1;
            self.line_has_text = false;
            from = i + 1;
        }
        self.line_has_text |= read[from..].iter().any(|&b| b != b'\r');
        self.offset += n as u64;
        if self.offset - self.line_start > MAX_LINE_BYTES {
            let line = index.passed + index.pending.len() as u64 + 1;
            return Err(io::Error::new(io::ErrorKind::InvalidData, LineTooLong(line)));
        }
        Ok(n)
    }
}
