//! `tidings eval` on its own: compiles the CLI's glue (crates/cli/src/cmd_eval.rs) into a small
//! binary, so the evaluation commands can be built and run without the rest of the CLI.
//! `cargo run --release -p tidings-eval --example eval_cli -- synth --articles 10`
#[path = "../../cli/src/cmd_eval.rs"]
mod cmd_eval;

use clap::Parser;

#[derive(Parser)]
#[command(name = "tidings-eval")]
struct Cli {
    #[command(flatten)]
    eval: cmd_eval::EvalArgs,
}

fn main() -> std::process::ExitCode {
    match cmd_eval::run(Cli::parse().eval) {
        Ok(code) => std::process::ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}
