//! XLSX sheets read as a stream of cells on a thread of their own: a large sheet is never held in memory
//! whole, and rows reach the importer while the rest of the file is still being parsed.

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

use calamine::{Data, DataRef, Dimensions, Xlsx, XlsxError};

use super::source::SourceRow;
use super::ImportError;

pub type XlsxWorkbook = Xlsx<BufReader<File>>;

/// Rows per chunk handed from the parsing thread to the reader.
const CHUNK_ROWS: usize = 2048;
/// Chunks that exist at once; the reader hands each one back to be refilled.
const CHUNKS_IN_FLIGHT: usize = 4;

/// One non-empty cell of a parsed row, its text at `start..end` of the chunk's text.
struct ChunkCell {
    col: u32,
    start: u32,
    end: u32,
    is_text: bool,
}

/// A parsed row: its 0-based sheet row and where its cells end in the chunk's cell list.
struct ChunkRow {
    row: u32,
    cells_end: u32,
}

/// Parsed rows in shared buffers, so a sheet's cells are not allocated one by one.
#[derive(Default)]
struct Chunk {
    text: String,
    cells: Vec<ChunkCell>,
    rows: Vec<ChunkRow>,
}

impl Chunk {
    fn push_cell(&mut self, col: u32, value: &DataRef<'_>) {
        let start = self.text.len() as u32;
        let is_text = match value {
            DataRef::SharedString(s) => {
                self.text.push_str(s);
                true
            }
            DataRef::String(s) => {
                self.text.push_str(s);
                true
            }
            other => {
                super::sheet_source::render_into(&Data::from(other.clone()), &mut self.text);
                false
            }
        };
        self.cells.push(ChunkCell { col, start, end: self.text.len() as u32, is_text });
    }

    fn end_row(&mut self, row: u32) {
        self.rows.push(ChunkRow { row, cells_end: self.cells.len() as u32 });
    }

    fn row_cells(&self, index: usize) -> &[ChunkCell] {
        let start = if index == 0 { 0 } else { self.rows[index - 1].cells_end as usize };
        &self.cells[start..self.rows[index].cells_end as usize]
    }

    fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.rows.clear();
    }
}

/// What the parsing thread hands over. The sheet has been read through only when `End` arrives: a thread
/// that goes away without saying so stopped part-way, and the rows after it are not silently dropped.
enum Parsed {
    Rows(Chunk),
    End,
    Failed(String),
}

/// A row read ahead of the importer (while looking for the header row), with its cells owned.
pub struct SampleRow {
    /// 0-based sheet row.
    pub row: u32,
    /// Non-empty cells: column, text, and whether the cell held text (rather than a number, date, …).
    pub cells: Vec<(u32, String, bool)>,
}

/// Reads whether a sheet has any value, and its declared size, by parsing only as far as the first value.
/// A chart sheet has no values.
pub fn probe_sheet(workbook: &mut XlsxWorkbook, sheet: &str) -> Result<(bool, Dimensions), XlsxError> {
    let mut reader = match workbook.worksheet_cells_reader(sheet) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok((false, Dimensions::default())),
        Err(e) => return Err(e),
    };
    let dimensions = reader.dimensions();
    while let Some(cell) = reader.next_cell()? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            return Ok((true, dimensions));
        }
    }
    Ok((false, dimensions))
}

/// The rows of one sheet, parsed on a thread of their own, in sheet order.
pub struct XlsxRows {
    chunks: Receiver<Parsed>,
    free: Sender<Chunk>,
    queue: VecDeque<Chunk>,
    /// Index of the next row in the front chunk.
    next: usize,
    /// Rows taken back from a sample, served before the queue.
    pushed_back: VecDeque<SampleRow>,
    finished: bool,
    file: String,
    /// The last row the declared dimensions cover, for progress.
    last_row: u32,
    /// The row of the last row served.
    at_row: u32,
}

impl XlsxRows {
    /// Starts parsing `sheet` on a new thread, which owns the workbook from then on.
    pub fn start(workbook: XlsxWorkbook, sheet: String, file: String, dimensions: Dimensions) -> Result<XlsxRows, ImportError> {
        let (out, chunks) = sync_channel(CHUNKS_IN_FLIGHT);
        let (free, free_rx) = channel();
        std::thread::Builder::new().name("xlsx-reader".into()).spawn(move || parse_cells(workbook, &sheet, out, free_rx)).map_err(|e| {
            ImportError::Spreadsheet {
                file: file.clone(),
                reason: format!("the reader could not start ({e}); close other programs and try again"),
            }
        })?;
        Ok(XlsxRows {
            chunks,
            free,
            queue: VecDeque::new(),
            next: 0,
            pushed_back: VecDeque::new(),
            finished: false,
            file,
            last_row: dimensions.end.0,
            at_row: 0,
        })
    }

    /// Makes sure the front chunk has a row at `next`; false at the end of the sheet.
    fn fill(&mut self) -> Result<bool, ImportError> {
        loop {
            if let Some(front) = self.queue.front() {
                if self.next < front.rows.len() {
                    return Ok(true);
                }
                let mut used = self.queue.pop_front().expect("front exists");
                used.clear();
                let _ = self.free.send(used);
                self.next = 0;
                continue;
            }
            if self.finished {
                return Ok(false);
            }
            match self.chunks.recv() {
                Ok(Parsed::Rows(chunk)) => self.queue.push_back(chunk),
                Ok(Parsed::End) => self.finished = true,
                Ok(Parsed::Failed(reason)) => {
                    self.finished = true;
                    return Err(ImportError::Spreadsheet { file: self.file.clone(), reason });
                }
                Err(_) => {
                    self.finished = true;
                    let reason = "the reader stopped before the end of the sheet".to_string();
                    return Err(ImportError::Spreadsheet { file: self.file.clone(), reason });
                }
            }
        }
    }

    /// The next row with its cells owned, for looking ahead.
    pub fn take_sample_row(&mut self) -> Result<Option<SampleRow>, ImportError> {
        if let Some(row) = self.pushed_back.pop_front() {
            return Ok(Some(row));
        }
        if !self.fill()? {
            return Ok(None);
        }
        let chunk = &self.queue[0];
        let cells = chunk
            .row_cells(self.next)
            .iter()
            .map(|c| (c.col, chunk.text[c.start as usize..c.end as usize].to_string(), c.is_text))
            .collect();
        let row = SampleRow { row: chunk.rows[self.next].row, cells };
        self.next += 1;
        Ok(Some(row))
    }

    /// Puts sampled rows back, in order, to be read again as data.
    pub fn push_back(&mut self, rows: impl IntoIterator<Item = SampleRow>) {
        let mut rows: Vec<SampleRow> = rows.into_iter().collect();
        rows.extend(self.pushed_back.drain(..));
        self.pushed_back = rows.into();
    }

    /// Fills `out` with the next row that has a value in columns `first_col..first_col + width`, the cells
    /// laid out from `first_col`; false at the end of the sheet.
    pub fn next_row(&mut self, first_col: u32, width: usize, out: &mut SourceRow) -> Result<bool, ImportError> {
        let last_col = first_col + width as u32;
        while let Some(sample) = self.pushed_back.pop_front() {
            self.at_row = sample.row;
            if lay_out(sample.cells.iter().map(|(c, t, _)| (*c, t.as_str())), first_col, last_col, out) {
                out.line = sample.row as u64 + 1;
                return Ok(true);
            }
        }
        while self.fill()? {
            let index = self.next;
            let chunk = &self.queue[0];
            let row = chunk.rows[index].row;
            let cells = chunk.row_cells(index).iter().map(|c| (c.col, &chunk.text[c.start as usize..c.end as usize]));
            let laid_out = lay_out(cells, first_col, last_col, out);
            self.next += 1;
            self.at_row = row;
            if laid_out {
                out.line = row as u64 + 1;
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub fn fraction_read(&self) -> f64 {
        if self.last_row == 0 {
            return 0.0;
        }
        (self.at_row as f64 / self.last_row as f64).min(1.0)
    }
}

/// Writes the cells of columns `first_col..last_col` (given in column order) into `out`, empty where a row
/// has no value; false when the row has no value in those columns.
fn lay_out<'t>(cells: impl Iterator<Item = (u32, &'t str)> + Clone, first_col: u32, last_col: u32, out: &mut SourceRow) -> bool {
    if !cells.clone().any(|(c, _)| (first_col..last_col).contains(&c)) {
        return false;
    }
    out.cells.clear();
    let mut cells = cells.peekable();
    for col in first_col..last_col {
        while cells.next_if(|(c, _)| *c < col).is_some() {}
        match cells.next_if(|(c, _)| *c == col) {
            Some((_, text)) => out.cells.push_field(text.as_bytes()),
            None => out.cells.push_field(b""),
        }
    }
    true
}

/// The parsing thread: cells into chunks of rows, until the sheet ends or the reader goes away.
fn parse_cells(mut workbook: XlsxWorkbook, sheet: &str, out: SyncSender<Parsed>, free: Receiver<Chunk>) {
    let mut reader = match workbook.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        Err(e) => {
            let _ = out.send(Parsed::Failed(e.to_string()));
            return;
        }
    };
    let mut made = 1;
    let mut chunk = Chunk::default();
    let mut current: Option<u32> = None;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                if let Some(row) = current {
                    chunk.end_row(row);
                }
                if !chunk.rows.is_empty() && out.send(Parsed::Rows(chunk)).is_err() {
                    return;
                }
                let _ = out.send(Parsed::Failed(e.to_string()));
                return;
            }
        };
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        if current != Some(row) {
            if let Some(done) = current {
                chunk.end_row(done);
            }
            if chunk.rows.len() >= CHUNK_ROWS {
                if out.send(Parsed::Rows(std::mem::take(&mut chunk))).is_err() {
                    return;
                }
                chunk = match free.try_recv() {
                    Ok(c) => c,
                    Err(_) if made < CHUNKS_IN_FLIGHT => {
                        made += 1;
                        Chunk::default()
                    }
                    Err(_) => match free.recv() {
                        Ok(c) => c,
                        Err(_) => return,
                    },
                };
            }
            current = Some(row);
        }
        chunk.push_cell(col, value);
    }
    if let Some(row) = current {
        chunk.end_row(row);
    }
    if !chunk.rows.is_empty() && out.send(Parsed::Rows(chunk)).is_err() {
        return;
    }
    let _ = out.send(Parsed::End);
}
