//! The `reach` command line: the same engine as the desktop app, for scripts and terminals.

fn main() -> std::process::ExitCode {
    reach::cli::main()
}
