//! `zhibu`: the ledger from the command line, for batch work and for scripts. Errors go to stderr
//! in Chinese with exit code 1; nothing here panics on input. One file per command group in `cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
