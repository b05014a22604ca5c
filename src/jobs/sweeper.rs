//! The sweeper's pace and the lock that keeps one `reach agent` per database.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{EngineError, Result};

/// How often the sweeper looks for due and interrupted jobs.
pub const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// Held by a running `reach agent`: a second agent on the same database is refused while the first lives.
/// The OS releases the lock when the process ends, however it ends.
#[derive(Debug)]
pub struct AgentLock {
    _file: File,
}

impl AgentLock {
    /// The lock file that sits beside the database.
    pub fn path_for(db: &Path) -> PathBuf {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".agent.lock");
        db.with_file_name(name)
    }

    /// Takes the lock, or says which process holds it.
    pub fn acquire(db: &Path) -> Result<AgentLock> {
        let path = AgentLock::path_for(db);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| EngineError::DataDir(format!("could not open {}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() { String::new() } else { format!(" (process {holder})") };
                return Err(EngineError::AgentRunning { who });
            }
            Err(TryLockError::Error(e)) => {
                return Err(EngineError::DataDir(format!("could not lock {}: {e}", path.display())));
            }
        }
        let _ = file.set_len(0).and_then(|_| file.rewind()).and_then(|_| write!(file, "{}", std::process::id()));
        Ok(AgentLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_agent_lock_on_one_database_is_refused_until_the_first_goes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("reach.db");
        let first = AgentLock::acquire(&db).expect("the first agent takes the lock");
        let second = AgentLock::acquire(&db).expect_err("a second agent on the same database is refused");
        assert!(second.to_string().contains(&format!("process {}", std::process::id())), "it names the holder: {second}");
        drop(first);
        AgentLock::acquire(&db).expect("the lock is free once the first agent ended");
    }
}
