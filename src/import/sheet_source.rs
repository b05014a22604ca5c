//! Spreadsheets (XLSX, XLSM, XLS, ODS) through calamine: sheet choice, header row detection, cells as text.

use std::path::Path;

use calamine::{open_workbook, open_workbook_auto, Data, Dimensions, Range, Reader};

use super::csv_source::display_name;
use super::source::{RowSource, SourceRow};
use super::validate::looks_like_email;
use super::xlsx_stream::{probe_sheet, SampleRow, XlsxRows, XlsxWorkbook};
use super::ImportError;

/// How many top rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// A sheet's data rows: XLSX sheets stream from a parsing thread; the other formats are read whole.
pub enum SheetSource {
    Stream { rows: XlsxRows, first_col: u32, width: usize },
    Whole(WholeSheet),
}

pub struct WholeSheet {
    range: Range<Data>,
    /// Index in `range` of the next row to read.
    next: usize,
    /// Spreadsheet row number (1-based) of range row 0.
    first_row: u64,
    width: usize,
}

pub struct OpenedSheet {
    pub source: SheetSource,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub headers: Vec<String>,
    /// The spreadsheet row number of the header row.
    pub header_row: u64,
    /// Data rows, when known without reading the sheet through.
    pub data_rows: Option<u64>,
}

/// What header detection sees of a cell.
#[derive(Clone, Copy)]
enum Probe<'a> {
    Empty,
    Text(&'a str),
    Other,
}

impl<'a> Probe<'a> {
    fn of(cell: &'a Data) -> Probe<'a> {
        match cell {
            Data::Empty => Probe::Empty,
            Data::String(s) => Probe::Text(s),
            _ => Probe::Other,
        }
    }
}

/// Opens a workbook and one sheet (the first that has data, unless named), finding its header row
/// unless given (1-based, as the spreadsheet app shows it).
pub fn open_sheet(path: &Path, sheet: Option<&str>, header_row: Option<u64>) -> Result<OpenedSheet, ImportError> {
    let file = display_name(path);
    if std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false) {
        return Err(ImportError::Empty { file });
    }
    if is_xlsx(path) {
        // Anything the streaming reader cannot open goes the general way, which explains what is wrong.
        if let Ok(workbook) = open_workbook::<XlsxWorkbook, _>(path) {
            return open_xlsx(path, &file, workbook, sheet, header_row);
        }
    }
    open_whole(path, &file, sheet, header_row)
}

fn find_sheet(sheets: &[String], name: &str, file: &str) -> Result<String, ImportError> {
    sheets
        .iter()
        .find(|s| s.eq_ignore_ascii_case(name))
        .cloned()
        .ok_or_else(|| ImportError::NoSuchSheet { file: file.to_string(), sheet: name.to_string() })
}

fn open_xlsx(
    path: &Path,
    file: &str,
    mut workbook: XlsxWorkbook,
    sheet: Option<&str>,
    header_row: Option<u64>,
) -> Result<OpenedSheet, ImportError> {
    let sheets = workbook.sheet_names();
    let mut chosen: Option<(String, bool, Dimensions)> = None;
    let names = match sheet {
        Some(name) => vec![find_sheet(&sheets, name, file)?],
        None => sheets.clone(),
    };
    for name in names {
        let (has_data, dimensions) = probe_sheet(&mut workbook, &name).map_err(|e| spreadsheet_error(path, file, e.into()))?;
        if has_data || chosen.is_none() {
            chosen = Some((name, has_data, dimensions));
        }
        if has_data {
            break;
        }
    }
    let Some((sheet, true, dimensions)) = chosen else {
        let named = chosen.map_or(String::new(), |(name, ..)| format!(" (sheet \"{name}\")"));
        return Err(ImportError::Empty { file: format!("{file}{named}") });
    };
    let mut rows = XlsxRows::start(workbook, sheet.clone(), file.to_string(), dimensions)?;

    // Look ahead at the top rows for the header row and the columns the table spans.
    let mut sample: Vec<SampleRow> = Vec::new();
    let mut first_line = None;
    while sample.len() < HEADER_SEARCH_ROWS {
        let Some(row) = rows.take_sample_row()? else { break };
        let line = row.row as u64 + 1;
        first_line.get_or_insert(line);
        if header_row.is_some_and(|n| line < n) {
            continue;
        }
        sample.push(row);
    }
    let first_col = sample.iter().flat_map(|r| r.cells.iter().map(|c| c.0)).min().unwrap_or(0);
    let declared_last = (dimensions.end.1 >= first_col && dimensions.len() > 1).then_some(dimensions.end.1);
    let last_col = sample.iter().flat_map(|r| r.cells.iter().map(|c| c.0)).chain(declared_last).max().unwrap_or(first_col);
    let width = (last_col - first_col + 1) as usize;

    let header_index = match header_row {
        // The named row is the header when it has values, or when it is above the table (as for whole sheets).
        Some(n) => sample.first().filter(|r| r.row as u64 + 1 == n || first_line.is_some_and(|f| n < f)).map(|_| 0),
        None => {
            let probes: Vec<Vec<Probe>> = sample
                .iter()
                .map(|r| {
                    let mut cells = vec![Probe::Empty; width];
                    for (col, text, is_text) in &r.cells {
                        if let Some(cell) = cells.get_mut((col - first_col) as usize) {
                            *cell = if *is_text { Probe::Text(text) } else { Probe::Other };
                        }
                    }
                    cells
                })
                .collect();
            Some(guess_header_index(&probes))
        }
    };
    let (headers, header_line) = match header_index {
        Some(i) => {
            let header = &sample[i];
            let mut cells = vec![String::new(); width];
            for (col, text, _) in &header.cells {
                if let Some(cell) = cells.get_mut((col - first_col) as usize) {
                    cell.clone_from(text);
                }
            }
            (cells, header.row as u64 + 1)
        }
        None => (vec![String::new(); width], header_row.unwrap_or(1)),
    };
    rows.push_back(sample.into_iter().skip(header_index.map_or(0, |i| i + 1)));
    Ok(OpenedSheet {
        source: SheetSource::Stream { rows, first_col, width },
        sheets,
        sheet,
        headers,
        header_row: header_line,
        data_rows: None,
    })
}

fn open_whole(path: &Path, file: &str, sheet: Option<&str>, header_row: Option<u64>) -> Result<OpenedSheet, ImportError> {
    let mut workbook = open_workbook_auto(path).map_err(|e| spreadsheet_error(path, file, e))?;
    let sheets = workbook.sheet_names();
    let mut chosen: Option<(String, Range<Data>)> = None;
    match sheet {
        Some(name) => {
            let name = find_sheet(&sheets, name, file)?;
            let range = workbook.worksheet_range(&name).map_err(|e| spreadsheet_error(path, file, e))?;
            chosen = Some((name, range));
        }
        None => {
            for name in &sheets {
                let range = workbook.worksheet_range(name).map_err(|e| spreadsheet_error(path, file, e))?;
                let has_data = range.rows().any(|r| r.iter().any(|c| !matches!(c, Data::Empty)));
                if has_data || chosen.is_none() {
                    chosen = Some((name.clone(), range));
                }
                if has_data {
                    break;
                }
            }
        }
    }
    let Some((sheet, range)) = chosen else {
        return Err(ImportError::Empty { file: file.to_string() });
    };
    if range.is_empty() || range.rows().all(|r| r.iter().all(|c| matches!(c, Data::Empty))) {
        return Err(ImportError::Empty { file: format!("{file} (sheet \"{sheet}\")") });
    }
    let first_row = range.start().map_or(1, |(r, _)| r as u64 + 1);
    let width = range.width();
    let header_index = match header_row {
        Some(n) if n >= first_row => (n - first_row) as usize,
        Some(_) => 0,
        None => {
            let probes: Vec<Vec<Probe>> = range.rows().take(HEADER_SEARCH_ROWS).map(|r| r.iter().map(Probe::of).collect()).collect();
            guess_header_index(&probes)
        }
    };
    let header_cells: Vec<String> = range.rows().nth(header_index).map(|r| r.iter().map(render_cell).collect()).unwrap_or_default();
    let data_rows = range.rows().skip(header_index + 1).filter(|r| r.iter().any(|c| !matches!(c, Data::Empty))).count() as u64;
    Ok(OpenedSheet {
        source: SheetSource::Whole(WholeSheet { range, next: header_index + 1, first_row, width }),
        sheets,
        sheet,
        headers: header_cells,
        header_row: first_row + header_index as u64,
        data_rows: Some(data_rows),
    })
}

/// XLSX and XLSM workbooks (by name, or a zip without a name that says otherwise); XLSB is not streamed.
fn is_xlsx(path: &Path) -> bool {
    match path.extension().map(|e| e.to_string_lossy().to_lowercase()) {
        Some(ext) => ext == "xlsx" || ext == "xlsm",
        None => true,
    }
}

/// The first of the top rows that reads like column names: several text cells, no numbers, no addresses,
/// and at least half as wide as the widest row near it (titles and notes above a table are narrower).
fn guess_header_index(rows: &[Vec<Probe>]) -> usize {
    let filled = |r: &[Probe]| r.iter().filter(|c| !matches!(c, Probe::Empty)).count();
    let widest = rows.iter().map(|r| filled(r)).max().unwrap_or(0);
    rows.iter()
        .position(|r| {
            let n = filled(r);
            n >= 2.min(widest)
                && n * 2 >= widest
                && r.iter().all(|c| match c {
                    Probe::Text(s) => !looks_like_email(s.trim()),
                    Probe::Empty => true,
                    Probe::Other => false,
                })
        })
        .unwrap_or(0)
}

impl RowSource for SheetSource {
    fn next_row(&mut self, row: &mut SourceRow) -> Result<bool, ImportError> {
        match self {
            SheetSource::Stream { rows, first_col, width } => rows.next_row(*first_col, *width, row),
            SheetSource::Whole(whole) => whole.next_row(row),
        }
    }

    fn fraction_read(&self) -> f64 {
        match self {
            SheetSource::Stream { rows, .. } => rows.fraction_read(),
            SheetSource::Whole(whole) => whole.next as f64 / whole.range.height().max(1) as f64,
        }
    }
}

impl WholeSheet {
    fn next_row(&mut self, row: &mut SourceRow) -> Result<bool, ImportError> {
        while self.next < self.range.height() {
            let index = self.next;
            self.next += 1;
            let cell = |col: usize| self.range.get((index, col)).unwrap_or(&Data::Empty);
            if (0..self.width).all(|col| matches!(cell(col), Data::Empty)) {
                continue;
            }
            row.cells.clear();
            let mut text = String::new();
            for col in 0..self.width {
                text.clear();
                render_into(cell(col), &mut text);
                row.cells.push_field(text.as_bytes());
            }
            row.line = self.first_row + index as u64;
            return Ok(true);
        }
        Ok(false)
    }
}

fn render_cell(c: &Data) -> String {
    let mut s = String::new();
    render_into(c, &mut s);
    s
}

/// Renders a cell as the user sees it: whole numbers without ".0", dates as ISO dates, errors empty.
pub(super) fn render_into(c: &Data, out: &mut String) {
    use std::fmt::Write;
    match c {
        Data::Empty | Data::Error(_) => {}
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                let _ = write!(out, "{}", *f as i64);
            } else {
                let _ = write!(out, "{f}");
            }
        }
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTimeIso(s) | Data::DurationIso(s) => out.push_str(s),
        Data::DateTime(d) => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            if d.is_duration() {
                let _ = write!(out, "{:02}:{mi:02}:{s:02}", d.as_f64() as i64 * 24 + h as i64);
            } else if d.as_f64() < 1.0 {
                let _ = write!(out, "{h:02}:{mi:02}:{s:02}");
            } else if h == 0 && mi == 0 && s == 0 {
                let _ = write!(out, "{y:04}-{mo:02}-{da:02}");
            } else {
                let _ = write!(out, "{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}");
            }
        }
    }
}

fn spreadsheet_error(path: &Path, file: &str, e: calamine::Error) -> ImportError {
    let reason = e.to_string();
    if reason.to_lowercase().contains("password") || is_ole_container(path) && !has_ext(path, "xls") {
        return ImportError::Encrypted { file: file.to_string() };
    }
    ImportError::Spreadsheet { file: file.to_string(), reason }
}

/// Encrypted Office files are OLE containers whatever their extension says.
fn is_ole_container(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok()
        && magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
}

fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
