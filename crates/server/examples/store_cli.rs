//! The store subcommands of `tidings` as they will be wired into crates/cli/src/main.rs, so they
//! can be run and tested before that: `cargo run -p tidings-server --example store_cli -- ingest examples/seeds`.

#[path = "../../cli/src/cmd_store.rs"]
mod cmd_store;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "tidings", about = "The story store subcommands of tidings")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    Ingest(cmd_store::IngestArgs),
    Stories(cmd_store::StoriesArgs),
    Story(cmd_store::StoryArgs),
    Search(cmd_store::SearchArgs),
    Serve(cmd_store::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Ingest(a) => cmd_store::ingest(a),
        Cmd::Stories(a) => cmd_store::stories(a),
        Cmd::Story(a) => cmd_store::story(a),
        Cmd::Search(a) => cmd_store::search(a),
        Cmd::Serve(a) => cmd_store::serve(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
