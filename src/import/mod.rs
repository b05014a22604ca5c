//! Lead import: streaming CSV and spreadsheet readers, column mapping, validation, dedupe, a durable job.

mod csv_source;
mod error;
pub mod job;
pub mod mapping;
mod sheet_source;
mod sniff;
mod source;
pub mod validate;
mod xlsx_stream;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use error::ImportError;
pub use mapping::{ColumnMapping, ColumnTarget};

use csv_source::{display_name, CsvFormat, CsvSource};
use sheet_source::open_sheet;
use sniff::{delimiter_from_name, delimiter_name};
use source::{RowSource, SourceRow};

use crate::store::imports::{ImportSummary, RowIssue};
use crate::store::jobs::Job;

/// Rows shown in the wizard's preview.
pub const PREVIEW_ROWS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileFormat {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
            FileFormat::Xls => "xls",
            FileFormat::Ods => "ods",
        }
    }

    /// The format by extension, else by the file's first bytes (zip → xlsx, OLE → xls, else text).
    pub fn detect(path: &Path) -> Result<FileFormat, ImportError> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        Ok(match ext.as_str() {
            "csv" | "tsv" | "txt" | "tab" => FileFormat::Csv,
            "xlsx" | "xlsm" | "xlsb" => FileFormat::Xlsx,
            "xls" => FileFormat::Xls,
            "ods" => FileFormat::Ods,
            "" => {
                use std::io::Read;
                let mut magic = [0u8; 4];
                let n = std::fs::File::open(path)
                    .and_then(|mut f| f.read(&mut magic))
                    .map_err(|source| ImportError::Open { file: display_name(path), source })?;
                match &magic[..n] {
                    [b'P', b'K', 3, 4] => FileFormat::Xlsx,
                    [0xD0, 0xCF, 0x11, 0xE0] => FileFormat::Xls,
                    _ => FileFormat::Csv,
                }
            }
            _ => return Err(ImportError::UnsupportedFormat { file: display_name(path) }),
        })
    }
}

/// Which file to look at, and optionally which sheet and header row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct InspectRequest {
    pub path: String,
    #[ts(optional)]
    pub sheet: Option<String>,
    /// 1-based line (CSV) or row (spreadsheet) of the column names; guessed when absent.
    #[ts(optional)]
    pub header_row: Option<u32>,
}

/// What the wizard shows before an import: the file's shape, a sample and a suggested mapping.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub path: String,
    pub file_name: String,
    pub format: FileFormat,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub header_row: u32,
    pub headers: Vec<String>,
    pub row_count: u64,
    pub preview: Vec<Vec<String>>,
    /// Where each preview row is in the file: its line as a text editor shows it (CSV), or its row number
    /// in the spreadsheet; the same numbers the import report gives.
    pub preview_lines: Vec<u64>,
    /// 0-based column guessed to hold email addresses.
    pub email_column: Option<u32>,
    pub suggested_mapping: Vec<ColumnMapping>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportRequest {
    pub workspace_id: i64,
    pub path: String,
    #[ts(optional)]
    pub sheet: Option<String>,
    #[ts(optional)]
    pub header_row: Option<u32>,
    pub mapping: Vec<ColumnMapping>,
    #[ts(optional)]
    pub campaign_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportStarted {
    pub import_id: i64,
    pub job_id: i64,
}

/// The outcome of an import: counts, the job that ran it, and the rows that were not imported.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub import: ImportSummary,
    pub job: Option<Job>,
    pub issues: Vec<RowIssue>,
    pub issues_total: i64,
}

/// The text-file format fixed when an import starts, so a resumed run reads the file the same way.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TextFormat {
    pub encoding: String,
    pub bom_len: usize,
    pub delimiter: String,
}

impl TextFormat {
    fn from_csv(f: &CsvFormat) -> Self {
        TextFormat { encoding: f.encoding.name().to_string(), bom_len: f.bom_len, delimiter: delimiter_name(f.delimiter).to_string() }
    }

    fn to_csv(&self) -> Option<CsvFormat> {
        Some(CsvFormat {
            encoding: encoding_rs::Encoding::for_label(self.encoding.as_bytes())?,
            bom_len: self.bom_len,
            delimiter: delimiter_from_name(&self.delimiter)?,
        })
    }
}

/// The file's name as the user knows it.
pub fn file_name(path: &Path) -> String {
    display_name(path)
}

/// An open file positioned on its first data row.
pub(crate) struct OpenedFile {
    pub source: Box<dyn RowSource>,
    pub format: FileFormat,
    pub file_name: String,
    pub headers: Vec<String>,
    pub header_row: u64,
    pub text_format: Option<TextFormat>,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// Data rows, when the reader knows them without a pass over the file.
    pub known_rows: Option<u64>,
    pub warnings: Vec<String>,
}

pub(crate) fn open_file(
    path: &Path,
    sheet: Option<&str>,
    header_row: Option<u64>,
    text_format: Option<&TextFormat>,
) -> Result<OpenedFile, ImportError> {
    let format = FileFormat::detect(path)?;
    let file_name = display_name(path);
    if format == FileFormat::Csv {
        let known = text_format.and_then(TextFormat::to_csv);
        let (source, csv_format, raw_headers) = CsvSource::open(path, header_row.unwrap_or(1), known)?;
        let (headers, warnings) = mapping::clean_headers(&raw_headers);
        let header_line = source.header_line();
        return Ok(OpenedFile {
            source: Box::new(source),
            format,
            file_name,
            headers,
            header_row: header_line,
            text_format: Some(TextFormat::from_csv(&csv_format)),
            sheets: vec![],
            sheet: None,
            known_rows: None,
            warnings,
        });
    }
    let opened = open_sheet(path, sheet, header_row)?;
    let (headers, warnings) = mapping::clean_headers(&opened.headers);
    Ok(OpenedFile {
        source: Box::new(opened.source),
        format,
        file_name,
        headers,
        header_row: opened.header_row,
        text_format: None,
        sheets: opened.sheets,
        sheet: Some(opened.sheet),
        known_rows: opened.data_rows,
        warnings,
    })
}

/// Reads a file's header, a sample and its row count, and suggests a mapping.
pub fn inspect(req: &InspectRequest) -> Result<ImportPreview, ImportError> {
    inspect_with(req, true)
}

/// As `inspect`; without `count_rows` it stops after the sample and `row_count` counts only the sample.
pub fn inspect_with(req: &InspectRequest, count_rows: bool) -> Result<ImportPreview, ImportError> {
    let path = PathBuf::from(&req.path);
    let mut opened = open_file(&path, req.sheet.as_deref(), req.header_row.map(u64::from), None)?;
    let mut row = SourceRow::default();
    let mut preview = Vec::new();
    let mut preview_lines = Vec::new();
    let mut count = 0u64;
    let mut undecodable = 0u64;
    while opened.source.next_row(&mut row)? {
        count += 1;
        if preview.len() < PREVIEW_ROWS {
            let mut cells: Vec<String> = row.cells.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            cells.resize(opened.headers.len(), String::new());
            preview.push(cells);
            preview_lines.push(row.line);
        } else if opened.known_rows.is_some() || !count_rows {
            break;
        }
        if row.texts().is_none() {
            undecodable += 1;
        }
    }
    let row_count = opened.known_rows.unwrap_or(count);
    if row_count == 0 {
        return Err(ImportError::HeaderOnly { file: opened.file_name });
    }
    let mut warnings = opened.warnings;
    if undecodable > 0 {
        warnings
            .push(format!("{undecodable} rows contain text that is not valid in the file's encoding; they will be reported and skipped"));
    }
    let suggested_mapping = mapping::suggest_mapping(&opened.headers, &preview);
    let email_column = suggested_mapping.iter().find(|m| m.target == ColumnTarget::Email).map(|m| m.column);
    if email_column.is_none() {
        warnings.push("No column looks like an email address; choose the email column".to_string());
    }
    Ok(ImportPreview {
        path: req.path.clone(),
        file_name: opened.file_name,
        format: opened.format,
        encoding: opened.text_format.as_ref().map(|t| t.encoding.clone()),
        delimiter: opened.text_format.as_ref().map(|t| t.delimiter.clone()),
        sheets: opened.sheets,
        sheet: opened.sheet,
        header_row: opened.header_row as u32,
        headers: opened.headers,
        row_count,
        preview,
        preview_lines,
        email_column,
        suggested_mapping,
        warnings,
    })
}
