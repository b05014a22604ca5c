//! A secret given on standard input (`--key-stdin`, `--password-stdin`): its first line, straight into a
//! `SecretString`, never an argument a process list would show.

use std::io::Read;

use secrecy::SecretString;

use crate::error::{EngineError, Result};

/// The first line of standard input. `trim` drops surrounding spaces (an API key has none; a password may).
pub fn secret_from_stdin(what: &str, flag: &str, trim: bool) -> Result<SecretString> {
    let mut text = String::new();
    std::io::stdin()
        .take(16 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| EngineError::Validation(format!("could not read the {what} from standard input: {e}")))?;
    let line = text.lines().next().unwrap_or("");
    let secret = if trim { line.trim() } else { line }.to_string();
    drop(text);
    if secret.is_empty() {
        return Err(EngineError::Validation(format!("{flag} was given but standard input held no {what}")));
    }
    Ok(SecretString::from(secret))
}
