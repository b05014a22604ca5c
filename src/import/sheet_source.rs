//! Spreadsheets (XLSX, XLSM, XLS, ODS) through calamine: sheet choice, header row detection, cells as text.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};

use super::csv_source::display_name;
use super::source::{RowSource, SourceRow};
use super::validate::looks_like_email;
use super::ImportError;

/// How many top rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

pub struct SheetSource {
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
    pub data_rows: u64,
}

/// Opens a workbook and one sheet (the first that has data, unless named), finding its header row
/// unless given (1-based, as the spreadsheet app shows it).
pub fn open_sheet(path: &Path, sheet: Option<&str>, header_row: Option<u64>) -> Result<OpenedSheet, ImportError> {
    let file = display_name(path);
    if std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false) {
        return Err(ImportError::Empty { file });
    }
    let mut workbook = open_workbook_auto(path).map_err(|e| spreadsheet_error(path, &file, e))?;
    let sheets = workbook.sheet_names();
    let mut chosen: Option<(String, Range<Data>)> = None;
    match sheet {
        Some(name) => {
            let name = sheets
                .iter()
                .find(|s| s.eq_ignore_ascii_case(name))
                .cloned()
                .ok_or_else(|| ImportError::NoSuchSheet { file: file.clone(), sheet: name.to_string() })?;
            let range = workbook.worksheet_range(&name).map_err(|e| spreadsheet_error(path, &file, e))?;
            chosen = Some((name, range));
        }
        None => {
            for name in &sheets {
                let range = workbook.worksheet_range(name).map_err(|e| spreadsheet_error(path, &file, e))?;
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
    let Some((sheet, range)) = chosen else { return Err(ImportError::Empty { file }) };
    if range.is_empty() || range.rows().all(|r| r.iter().all(|c| matches!(c, Data::Empty))) {
        return Err(ImportError::Empty { file: format!("{file} (sheet \"{sheet}\")") });
    }
    let first_row = range.start().map_or(1, |(r, _)| r as u64 + 1);
    let width = range.width();
    let header_index = match header_row {
        Some(n) if n >= first_row => (n - first_row) as usize,
        Some(_) => 0,
        None => guess_header_index(&range),
    };
    let header_cells: Vec<String> = range.rows().nth(header_index).map(|r| r.iter().map(render_cell).collect()).unwrap_or_default();
    let data_rows = range
        .rows()
        .skip(header_index + 1)
        .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
        .count() as u64;
    Ok(OpenedSheet {
        source: SheetSource { range, next: header_index + 1, first_row, width },
        sheets,
        sheet,
        headers: header_cells,
        header_row: first_row + header_index as u64,
        data_rows,
    })
}

/// The first of the top rows that reads like column names: several text cells, no numbers, no addresses,
/// and at least half as wide as the widest row near it (titles and notes above a table are narrower).
fn guess_header_index(range: &Range<Data>) -> usize {
    let rows: Vec<&[Data]> = range.rows().take(HEADER_SEARCH_ROWS).collect();
    let filled = |r: &[Data]| r.iter().filter(|c| !matches!(c, Data::Empty)).count();
    let widest = rows.iter().map(|r| filled(r)).max().unwrap_or(0);
    rows.iter()
        .position(|r| {
            let n = filled(r);
            n >= 2.min(widest)
                && n * 2 >= widest
                && r.iter().all(|c| match c {
                    Data::String(s) => !looks_like_email(s.trim()),
                    Data::Empty => true,
                    _ => false,
                })
        })
        .unwrap_or(0)
}

impl RowSource for SheetSource {
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

    fn fraction_read(&self) -> f64 {
        self.next as f64 / self.range.height().max(1) as f64
    }
}

fn render_cell(c: &Data) -> String {
    let mut s = String::new();
    render_into(c, &mut s);
    s
}

/// Renders a cell as the user sees it: whole numbers without ".0", dates as ISO dates, errors empty.
fn render_into(c: &Data, out: &mut String) {
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
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
}

fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
