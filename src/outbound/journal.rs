//! The hand-over journal: one line per mail as it goes to the server and one as its outcome comes back,
//! appended to a small file beside the database. The outbox settles mails a batch at a time; if Reach stops
//! before a batch is settled, its mails are still `sending`, and this journal tells which of them never
//! reached the server (queued again), which the server accepted (sent), and which truly have an unknown
//! outcome. Without it every mail of the batch would have to be shown as unknown. Lines are plain `write`s:
//! they survive the process being killed, as the database's commits do.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What the journal knows of one mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Its bytes were being handed to the server: the outcome is unknown unless a later line says more.
    Handing,
    /// The server accepted it.
    Accepted,
    /// It certainly did not reach the server (refused before or after the data, never sent).
    NotDelivered,
    /// The data went out and no final reply came.
    Unknown,
}

impl Mark {
    fn letter(self) -> char {
        match self {
            Mark::Handing => 'H',
            Mark::Accepted => 'A',
            Mark::NotDelivered => 'N',
            Mark::Unknown => 'U',
        }
    }

    fn parse(letter: &str) -> Option<Mark> {
        match letter {
            "H" => Some(Mark::Handing),
            "A" => Some(Mark::Accepted),
            "N" => Some(Mark::NotDelivered),
            "U" => Some(Mark::Unknown),
            _ => None,
        }
    }
}

pub struct Journal {
    file: File,
    path: PathBuf,
}

/// What a journal read back says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Mails of batches the journal was told of: only for these does a missing mark mean "never handed over".
    pub batched: HashSet<i64>,
    pub marks: HashMap<i64, Mark>,
}

impl Recorded {
    /// What became of a mail found `sending`: `None` when it never reached the server (queue it again).
    pub fn outcome(&self, attempt_id: i64) -> Option<Mark> {
        match self.marks.get(&attempt_id) {
            Some(Mark::NotDelivered) => None,
            Some(mark) => Some(*mark),
            None if self.batched.contains(&attempt_id) => None,
            // Not in a batch the journal knows: the journal cannot vouch for it.
            None => Some(Mark::Unknown),
        }
    }
}

impl Journal {
    /// The journal of one campaign's outbox (real or dry run), in `dir`.
    pub fn open(dir: &Path, campaign_id: i64, dry_run: bool) -> std::io::Result<Journal> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!("campaign-{campaign_id}{}.journal", if dry_run { "-dry" } else { "" }));
        let file = OpenOptions::new().read(true).append(true).create(true).open(&path)?;
        Ok(Journal { file, path })
    }

    /// The batches and the last mark of each mail the journal holds.
    pub fn read(&mut self) -> std::io::Result<Recorded> {
        let mut text = String::new();
        self.file.seek(SeekFrom::Start(0))?;
        self.file.read_to_string(&mut text)?;
        let mut recorded = Recorded::default();
        for line in text.lines() {
            let Some((letter, rest)) = line.split_once(' ') else { continue };
            if letter == "B" {
                recorded.batched.extend(rest.split(' ').filter_map(|id| id.parse::<i64>().ok()));
            } else if let (Some(mark), Ok(id)) = (Mark::parse(letter), rest.trim().parse::<i64>()) {
                recorded.marks.insert(id, mark);
            }
        }
        Ok(recorded)
    }

    /// Records the mails a committed gate batch moved to `sending`, before any of them is handed over.
    pub fn batch(&mut self, attempt_ids: &[i64]) -> std::io::Result<()> {
        let ids: Vec<String> = attempt_ids.iter().map(i64::to_string).collect();
        self.file.write_all(format!("B {}\n", ids.join(" ")).as_bytes())
    }

    pub fn mark(&mut self, attempt_id: i64, mark: Mark) -> std::io::Result<()> {
        self.marks(&[Some((attempt_id, mark))])
    }

    /// Several marks in one write, in order.
    pub fn marks(&mut self, marks: &[Option<(i64, Mark)>]) -> std::io::Result<()> {
        let lines: String = marks.iter().flatten().map(|(id, mark)| format!("{} {id}\n", mark.letter())).collect();
        if lines.is_empty() {
            return Ok(());
        }
        self.file.write_all(lines.as_bytes())
    }

    /// Empties the journal once what it recorded is settled in the database.
    pub fn clear(&mut self) -> std::io::Result<()> {
        self.file.set_len(0)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Writes to the journal; a journal that fails is dropped (a crash would then leave its batch unknown).
pub fn note(journal: &mut Option<&mut Journal>, write: impl FnOnce(&mut Journal) -> std::io::Result<()>) {
    if let Some(j) = journal.as_deref_mut() {
        if let Err(e) = write(j) {
            tracing::warn!(error = %e, path = %j.path().display(), "could not write the hand-over journal");
            *journal = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_of_each_mail_says_what_became_of_it_and_clearing_forgets_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path(), 7, false).unwrap();
        journal.batch(&[1, 2, 3, 4]).unwrap();
        journal.mark(1, Mark::Handing).unwrap();
        journal.mark(1, Mark::Accepted).unwrap();
        journal.mark(2, Mark::Handing).unwrap();
        journal.mark(3, Mark::Handing).unwrap();
        journal.mark(3, Mark::NotDelivered).unwrap();
        let read = Journal::open(dir.path(), 7, false).unwrap().read().unwrap();
        assert_eq!(read.outcome(1), Some(Mark::Accepted));
        assert_eq!(read.outcome(2), Some(Mark::Handing), "handed over with no reply: unknown");
        assert_eq!(read.outcome(3), None, "refused: it can go again");
        assert_eq!(read.outcome(4), None, "in the batch but never handed over: it can go again");
        assert_eq!(read.outcome(5), Some(Mark::Unknown), "a mail of no batch the journal knows is not vouched for");
        journal.clear().unwrap();
        assert_eq!(journal.read().unwrap(), Recorded::default());
        journal.mark(4, Mark::Unknown).unwrap();
        assert_eq!(journal.read().unwrap().marks, HashMap::from([(4, Mark::Unknown)]), "appends after a clear start at the top");
        assert!(Journal::open(dir.path(), 7, true).unwrap().read().unwrap().marks.is_empty(), "a dry run keeps its own");
    }
}
