//! The `reach` command line: the same engine as the desktop app, for scripts and terminals.

fn main() -> std::process::ExitCode {
    end_quietly_when_the_reader_goes();
    reach::memory::use_one_malloc_arena();
    reach::cli::main()
}

/// Rust ignores SIGPIPE, so printing into a pipe whose reader has gone (`reach leads list | head`) would
/// panic. A command-line tool ends there instead, as `cat` or `grep` do: nothing it prints is a write to
/// the database, which SQLite keeps whole however the process ends.
fn end_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; it only resets a signal disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
