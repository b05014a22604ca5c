//! The streaming row source every file format implements.

use csv::ByteRecord;

use super::ImportError;

/// One data row: its cells and the line (CSV) or row (spreadsheet) where it starts, counted from 1.
#[derive(Debug, Default)]
pub struct SourceRow {
    pub line: u64,
    pub cells: ByteRecord,
}

impl SourceRow {
    /// The cells as text, or None when a cell is not valid UTF-8. The row is checked as a whole, once, and
    /// each cell must then start and end on a character boundary.
    pub fn texts(&self) -> Option<Vec<&str>> {
        let text = std::str::from_utf8(self.cells.as_slice()).ok()?;
        (0..self.cells.len())
            .map(|i| self.cells.range(i).filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)).map(|r| &text[r]))
            .collect()
    }
}

/// Reads data rows one at a time, so memory stays flat however large the file.
pub trait RowSource: Send {
    /// Fills `row` with the next data row; returns false at the end of the data.
    fn next_row(&mut self, row: &mut SourceRow) -> Result<bool, ImportError>;

    /// How far through the file the reader is, as a fraction in 0..=1, for progress estimates.
    fn fraction_read(&self) -> f64;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&[u8]]) -> SourceRow {
        SourceRow { line: 1, cells: ByteRecord::from(cells.to_vec()) }
    }

    #[test]
    fn cells_are_text_only_when_each_is_valid_utf8() {
        assert_eq!(row(&[b"ana@x.io", "Jos\u{e9}".as_bytes(), b""]).texts(), Some(vec!["ana@x.io", "Jos\u{e9}", ""]));
        assert_eq!(row(&[b"ok", b"caf\xe9"]).texts(), None, "Latin-1 bytes are not UTF-8");
        // Valid once joined, but the cells split a character between them.
        assert_eq!(row(&[b"caf\xc3", b"\xa9"]).texts(), None);
    }
}
