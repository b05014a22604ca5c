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
    /// The cells as text, or None when a cell is not valid UTF-8.
    pub fn texts(&self) -> Option<Vec<&str>> {
        self.cells.iter().map(|c| std::str::from_utf8(c).ok()).collect()
    }
}

/// Reads data rows one at a time, so memory stays flat however large the file.
pub trait RowSource: Send {
    /// Fills `row` with the next data row; returns false at the end of the data.
    fn next_row(&mut self, row: &mut SourceRow) -> Result<bool, ImportError>;

    /// How far through the file the reader is, as a fraction in 0..=1, for progress estimates.
    fn fraction_read(&self) -> f64;
}
