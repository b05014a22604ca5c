use crate::error_code::ErrorCode;

/// Why a file could not be read. Every message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file} could not be opened: {source}")]
    Open {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is empty: there is nothing to import")]
    Empty { file: String },
    #[error("{file} has a header row but no data rows")]
    HeaderOnly { file: String },
    #[error("{file} does not look like a text CSV file (it contains binary data); export the list as CSV or XLSX and try again")]
    Binary { file: String },
    #[error("{file}: line {line} is longer than {limit_mb} MB, which no lead list has; check that this is a CSV export")]
    LineTooLong { file: String, line: u64, limit_mb: u64 },
    #[error("{file} could not be read at line {line}: {reason}")]
    Malformed { file: String, line: u64, reason: String },
    #[error("{file} is password-protected or encrypted; remove the password in your spreadsheet app, save, and import again")]
    Encrypted { file: String },
    #[error("{file} could not be read as a spreadsheet ({reason}); it may be damaged; open and re-save it, or export it as CSV")]
    Spreadsheet { file: String, reason: String },
    #[error("{file} has no sheet named \"{sheet}\"")]
    NoSuchSheet { file: String, sheet: String },
    #[error("{file} has an unsupported type; Reach imports .csv, .tsv, .txt, .xlsx, .xlsm, .xls and .ods files")]
    UnsupportedFormat { file: String },
    #[error("no column of {file} looks like an email address; choose the email column (on the command line: --map \"COLUMN=email\")")]
    NoEmailColumn { file: String },
    #[error("the mapping names column {column} but {file} has {width} columns")]
    MappedColumnMissing { file: String, column: u32, width: usize },
    #[error("both \"{first}\" and \"{second}\" are mapped to {field}; map one column to each field")]
    FieldMappedTwice { first: String, second: String, field: String },
    #[error("unknown field \"{field}\"; use one of {known}, custom or ignore")]
    UnknownField { field: String, known: String },
    #[error("the file has no column \"{column}\"; its columns are: {columns}")]
    NoSuchColumn { column: String, columns: String },
    #[error("{reason}. The rows before it were imported ({summary})")]
    Stopped { reason: String, summary: String },
    #[error("could not read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

impl ImportError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ImportError::NoEmailColumn { .. }
            | ImportError::MappedColumnMissing { .. }
            | ImportError::FieldMappedTwice { .. }
            | ImportError::UnknownField { .. }
            | ImportError::NoSuchColumn { .. }
            | ImportError::NoSuchSheet { .. } => ErrorCode::Validation,
            _ => ErrorCode::FileUnreadable,
        }
    }
}
