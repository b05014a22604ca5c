//! A prepared statement that binds text without copying it.
//!
//! rusqlite binds every string as `SQLITE_TRANSIENT`, so SQLite copies it into memory of its own and frees
//! that memory at the next bind: for a million leads of a dozen fields each, twelve million allocations and
//! copies on the one thread that writes. Here text is bound as `SQLITE_STATIC`, which SQLite reads in place;
//! the lifetime `'t` makes the borrow checker hold the text for as long as the statement may read it.

use std::ffi::{c_int, CString};
use std::marker::PhantomData;
use std::ptr;

use rusqlite::ffi;

pub struct BorrowedStmt<'t> {
    db: *mut ffi::sqlite3,
    stmt: *mut ffi::sqlite3_stmt,
    text: PhantomData<&'t str>,
}

impl<'t> BorrowedStmt<'t> {
    /// Prepares `sql` on the connection. The statement is finalized when dropped.
    pub fn prepare(conn: &'t rusqlite::Connection, sql: &str) -> rusqlite::Result<Self> {
        // SAFETY: the handle belongs to `conn`, which outlives the statement (`'t`).
        let db = unsafe { conn.handle() };
        let sql = CString::new(sql).map_err(rusqlite::Error::NulError)?;
        let mut stmt = ptr::null_mut();
        // SAFETY: `db` is an open connection and `sql` a NUL-terminated string.
        let rc = unsafe { ffi::sqlite3_prepare_v3(db, sql.as_ptr(), -1, ffi::SQLITE_PREPARE_PERSISTENT, &mut stmt, ptr::null_mut()) };
        let prepared = BorrowedStmt { db, stmt, text: PhantomData };
        prepared.check(rc)?;
        Ok(prepared)
    }

    /// Binds parameter `index` (1-based) to `value`, or to NULL when absent. SQLite reads the text where it
    /// lies until the parameter is bound again or the statement is dropped.
    pub fn bind_text(&mut self, index: usize, value: Option<&'t str>) -> rusqlite::Result<()> {
        // SAFETY: `stmt` is a live prepared statement; the text outlives it (`'t`), so SQLITE_STATIC is sound.
        let rc = unsafe {
            match value {
                Some(v) => ffi::sqlite3_bind_text64(
                    self.stmt,
                    index as c_int,
                    v.as_ptr().cast(),
                    v.len() as ffi::sqlite3_uint64,
                    ffi::SQLITE_STATIC(),
                    ffi::SQLITE_UTF8 as u8,
                ),
                None => ffi::sqlite3_bind_null(self.stmt, index as c_int),
            }
        };
        self.check(rc)
    }

    pub fn bind_int(&mut self, index: usize, value: Option<i64>) -> rusqlite::Result<()> {
        // SAFETY: `stmt` is a live prepared statement.
        let rc = unsafe {
            match value {
                Some(v) => ffi::sqlite3_bind_int64(self.stmt, index as c_int, v),
                None => ffi::sqlite3_bind_null(self.stmt, index as c_int),
            }
        };
        self.check(rc)
    }

    /// Runs a statement that returns no rows and returns how many rows it changed.
    pub fn execute(&mut self) -> rusqlite::Result<u64> {
        // SAFETY: `stmt` is a live prepared statement on `db`.
        let step = unsafe { ffi::sqlite3_step(self.stmt) };
        let reset = unsafe { ffi::sqlite3_reset(self.stmt) };
        match step {
            ffi::SQLITE_DONE => {
                self.check(reset)?;
                // SAFETY: `db` is the statement's open connection.
                Ok(unsafe { ffi::sqlite3_changes64(self.db) } as u64)
            }
            ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
            _ => Err(self.error(step)),
        }
    }

    fn check(&self, rc: c_int) -> rusqlite::Result<()> {
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(self.error(rc))
        }
    }

    fn error(&self, rc: c_int) -> rusqlite::Error {
        // SAFETY: `db` is an open connection; sqlite3_errmsg returns a NUL-terminated string it owns.
        let message = unsafe { std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(self.db)) }.to_string_lossy().into_owned();
        rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(message))
    }
}

impl Drop for BorrowedStmt<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement is finalized once, here; finalizing NULL is a no-op.
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_text_in_place_and_nulls() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a TEXT, b INTEGER, UNIQUE (a))").unwrap();
        let values = ["one".to_string(), "two".to_string()];
        {
            let mut insert = BorrowedStmt::prepare(&conn, "INSERT INTO t (a, b) VALUES (?1, ?2) ON CONFLICT DO NOTHING").unwrap();
            for (i, v) in values.iter().chain(values.iter().take(1)).enumerate() {
                insert.bind_text(1, Some(v)).unwrap();
                insert.bind_int(2, Some(i as i64)).unwrap();
                assert_eq!(insert.execute().unwrap(), u64::from(i < 2), "the repeat of \"one\" changes nothing");
            }
            insert.bind_text(1, None).unwrap();
            insert.bind_int(2, None).unwrap();
            assert_eq!(insert.execute().unwrap(), 1);
        }
        let rows: Vec<(Option<String>, Option<i64>)> = conn
            .prepare("SELECT a, b FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows, vec![(Some("one".into()), Some(0)), (Some("two".into()), Some(1)), (None, None)]);
    }

    #[test]
    fn reports_errors_in_sqlites_words() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let err = BorrowedStmt::prepare(&conn, "INSERT INTO missing VALUES (1)").err().unwrap();
        assert!(err.to_string().contains("no such table: missing"), "{err}");
        conn.execute_batch("CREATE TABLE t (a TEXT NOT NULL)").unwrap();
        let mut insert = BorrowedStmt::prepare(&conn, "INSERT INTO t (a) VALUES (?1)").unwrap();
        insert.bind_text(1, None).unwrap();
        assert!(insert.execute().unwrap_err().to_string().contains("NOT NULL"));
    }
}
