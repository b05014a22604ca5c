//! The `reach` command line: the same engine as the desktop app, for scripts and terminals.

fn main() -> std::process::ExitCode {
    reach::memory::use_one_malloc_arena();
    reach::cli::main()
}
