//! `tidings correct`: corrections by hand from the terminal (split a story, move an article,
//! merge two stories, set a headline, undo, list), on either backend.
//!
//! Glue only: the store makes the correction and regroups (`tidings_store::corrections`).

use anyhow::Context;
use tidings_store::{Corrected, Correction, StoreError};

use crate::cmd_store::{DataArgs, StoreFormat};

/// Exit code when the story, article or correction named does not exist, or the correction
/// cannot be made as asked.
const EXIT_REFUSED: u8 = 1;

/// Correct the machine by hand: split a story, move an article, merge two stories, set a headline
#[derive(clap::Args, Debug)]
pub struct CorrectArgs {
    #[command(subcommand)]
    cmd: CorrectCmd,
}

/// The store and the output format, which every correction takes.
#[derive(clap::Args, Debug)]
struct Common {
    #[command(flatten)]
    data: DataArgs,
    /// Output format
    #[arg(long, short, value_enum, default_value = "text")]
    format: StoreFormat,
}

#[derive(clap::Subcommand, Debug)]
enum CorrectCmd {
    /// Move these articles out of the story into a new story of their own
    Split {
        /// The story (from `tidings stories`)
        story: String,
        /// Ids of the articles that leave (from `tidings story ID --format json`)
        #[arg(required = true)]
        articles: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Move an article to another story
    Move {
        /// The article's id
        article: String,
        /// The story it belongs to
        to: String,
        #[command(flatten)]
        common: Common,
    },
    /// Merge a story into another; its id keeps finding the other
    Merge {
        /// The story that joins
        story: String,
        /// The story it joins
        into: String,
        #[command(flatten)]
        common: Common,
    },
    /// Set a story's headline (instead of its most representative article's title)
    Headline {
        story: String,
        /// The headline, at most 300 characters
        headline: String,
        #[command(flatten)]
        common: Common,
    },
    /// Undo a correction by its number (from `list`): the stories it touched are regrouped
    Undo {
        correction: i64,
        #[command(flatten)]
        common: Common,
    },
    /// List the corrections made on a story, undone ones included
    List {
        story: String,
        #[command(flatten)]
        common: Common,
    },
}

pub fn run(args: CorrectArgs) -> anyhow::Result<u8> {
    let common = match &args.cmd {
        CorrectCmd::Split { common, .. }
        | CorrectCmd::Move { common, .. }
        | CorrectCmd::Merge { common, .. }
        | CorrectCmd::Headline { common, .. }
        | CorrectCmd::Undo { common, .. }
        | CorrectCmd::List { common, .. } => common,
    };
    let format = common.format;
    let store = common.data.open(false)?.store;
    let done: Result<Corrected, StoreError> = match args.cmd {
        CorrectCmd::List { story, .. } => {
            let Some(list) = store.corrections(&story)? else {
                crate::ops::error(&format!("no story with id {story} (list them with `tidings stories`)"));
                return Ok(EXIT_REFUSED);
            };
            match format {
                StoreFormat::Json => println!("{}", serde_json::to_string_pretty(&list).context("cannot encode json")?),
                StoreFormat::Text => print!("{}", tidings_store::text::corrections(&list)),
            }
            return Ok(0);
        }
        CorrectCmd::Undo { correction, .. } => store.undo(correction),
        CorrectCmd::Split { story, articles, .. } => store.correct(&Correction::Split { story, articles }),
        CorrectCmd::Move { article, to, .. } => store.correct(&Correction::Move { article, to }),
        CorrectCmd::Merge { story, into, .. } => store.correct(&Correction::Merge { story, into }),
        CorrectCmd::Headline { story, headline, .. } => store.correct(&Correction::Headline { story, headline }),
    };
    let done = match done {
        Ok(d) => d,
        Err(e @ (StoreError::NotFound { .. } | StoreError::BadEdit(_))) => {
            crate::ops::error(&e.to_string());
            return Ok(EXIT_REFUSED);
        }
        Err(e) => return Err(e.into()),
    };
    match format {
        StoreFormat::Json => println!("{}", serde_json::to_string_pretty(&done).context("cannot encode json")?),
        StoreFormat::Text => {
            println!("correction {}: {}", done.correction, done.note);
            let stories = [done.story.as_deref(), done.other.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            println!(
                "stories now: {}; {} created, {} updated, {} merged (undo with `tidings correct undo {}`)",
                if stories.is_empty() { "-".into() } else { stories },
                done.stories_created,
                done.stories_updated,
                done.stories_merged,
                done.correction
            );
        }
    }
    Ok(0)
}
