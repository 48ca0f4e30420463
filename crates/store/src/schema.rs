//! The SQLite schema and its versioned migrations.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in one transaction with
//! the row that records it in `schema_version`. A store written by an older binary is migrated
//! when it opens; one written by a newer binary is refused with [`StoreError::TooNew`]. Never
//! edit a shipped migration: add the next one.

use rusqlite::Connection;

use crate::{Result, StoreError};

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles, stories and their full-text indexes.
    r#"
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL,              -- canonical URL, else the path, else 'content:'
        content_hash TEXT NOT NULL,     -- of the raw title and body
        revision INTEGER NOT NULL,
        superseded_by TEXT,
        path TEXT, url TEXT, outlet TEXT,
        title TEXT NOT NULL,
        byline TEXT,
        published TEXT,                 -- RFC 3339 as given
        time_ms INTEGER NOT NULL,       -- published, else ingested
        language TEXT,
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL,       -- JSON [[start, end], ...]
        sentences TEXT NOT NULL,        -- JSON [[start, end], ...]
        summary TEXT NOT NULL,          -- JSON [sentence index, ...]
        words INTEGER NOT NULL,
        copy_of TEXT,
        story_id TEXT,
        ingested_ms INTEGER NOT NULL,
        UNIQUE (key, content_hash)
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_time ON articles(time_ms);
    CREATE INDEX articles_key ON articles(key) WHERE superseded_by IS NULL;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, outlet, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, outlet) VALUES (new.seq, new.title, new.text, new.outlet);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, outlet) VALUES ('delete', old.seq, old.title, old.text, old.outlet);
    END;

    CREATE TABLE stories (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        headline TEXT NOT NULL,
        summary_text TEXT NOT NULL,     -- the summary sentences, for search
        sources INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        outlets TEXT NOT NULL,          -- JSON ["outlet", ...]
        conflict INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        last_time_ms INTEGER NOT NULL,  -- newest article time
        wire TEXT NOT NULL              -- the digest's WireStory JSON
    );
    CREATE INDEX stories_updated ON stories(updated_ms DESC, seq DESC);
    CREATE INDEX stories_size ON stories(n_articles DESC, updated_ms DESC);
    CREATE INDEX stories_last ON stories(last_time_ms);
    CREATE VIRTUAL TABLE stories_fts USING fts5(
        headline, summary_text, content='stories', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts(rowid, headline, summary_text) VALUES (new.seq, new.headline, new.summary_text);
    END;
    CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, headline, summary_text) VALUES ('delete', old.seq, old.headline, old.summary_text);
    END;
    CREATE TRIGGER stories_fts_update AFTER UPDATE ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, headline, summary_text) VALUES ('delete', old.seq, old.headline, old.summary_text);
        INSERT INTO stories_fts(rowid, headline, summary_text) VALUES (new.seq, new.headline, new.summary_text);
    END;
    "#,
    // 2: per-story history, and where merged stories went.
    r#"
    CREATE TABLE story_changes (
        seq INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        created INTEGER NOT NULL,
        articles TEXT NOT NULL,         -- JSON [{id, title, outlet}]
        sentences TEXT NOT NULL,        -- JSON ["sentence", ...]
        conflicts TEXT NOT NULL         -- JSON [claim, ...]
    );
    CREATE INDEX story_changes_story ON story_changes(story_id, at_ms);
    CREATE TABLE story_aliases (
        old_id TEXT PRIMARY KEY,
        new_id TEXT NOT NULL
    );
    "#,
    // 3: counters kept by each batch, so pages need not count rows on every request.
    r#"
    CREATE INDEX articles_outlet ON articles(lower(outlet)) WHERE superseded_by IS NULL;
    CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO store_meta (key, value) VALUES
        ('articles', (SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL)),
        ('outlets', (SELECT COUNT(DISTINCT lower(outlet)) FROM articles WHERE superseded_by IS NULL)),
        ('stories', (SELECT COUNT(*) FROM stories)),
        ('updated_ms', (SELECT COALESCE(MAX(updated_ms), 0) FROM stories)),
        ('batches', 0);
    "#,
    // 4: pending articles (written, not yet in a story) and the story of the revision they
    // replace, so that writing and grouping can run in separate transactions.
    r#"
    ALTER TABLE articles ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN prev_story TEXT;
    CREATE INDEX articles_pending ON articles(time_ms) WHERE pending = 1;
    "#,
    // 5: the desk. What the story list shows and filters on (the gist, the event's day, the first
    // and last publication, the headline's language, filter values with counts), history rows
    // made by hand, and the log of corrections by hand. Stories written before get these fields
    // from their stored brief here, and exactly when they next change.
    r#"
    ALTER TABLE stories ADD COLUMN gist TEXT NOT NULL DEFAULT '';
    ALTER TABLE stories ADD COLUMN language TEXT;
    ALTER TABLE stories ADD COLUMN event_date TEXT;
    ALTER TABLE stories ADD COLUMN first_published_ms INTEGER;
    ALTER TABLE stories ADD COLUMN last_published_ms INTEGER;
    ALTER TABLE stories ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
    UPDATE stories SET
        gist = COALESCE(json_extract(wire, '$.summary[0].text'), ''),
        language = json_extract(wire, '$.articles[0].language'),
        first_published_ms = (SELECT MIN(a.time_ms) FROM articles a WHERE a.story_id = stories.id AND a.published IS NOT NULL AND a.superseded_by IS NULL),
        last_published_ms = (SELECT MAX(a.time_ms) FROM articles a WHERE a.story_id = stories.id AND a.published IS NOT NULL AND a.superseded_by IS NULL);
    UPDATE stories SET event_date = strftime('%Y-%m-%d', first_published_ms / 1000, 'unixepoch') WHERE first_published_ms IS NOT NULL;
    CREATE INDEX stories_latest ON stories(last_time_ms DESC, seq DESC);
    CREATE INDEX articles_story_time ON articles(story_id, time_ms) WHERE superseded_by IS NULL AND published IS NOT NULL;

    CREATE TABLE story_facets (
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL,             -- outlet, person, place, organization, language
        value TEXT NOT NULL,            -- what a filter compares (lowercased; an outlet's key)
        label TEXT NOT NULL,            -- what is shown
        PRIMARY KEY (story_id, kind, value)
    ) WITHOUT ROWID;
    CREATE INDEX story_facets_value ON story_facets(kind, value);
    INSERT OR IGNORE INTO story_facets
        SELECT s.id, 'outlet', lower(CASE WHEN lower(o.value) LIKE 'www.%' THEN substr(o.value, 5) ELSE o.value END),
               CASE WHEN lower(o.value) LIKE 'www.%' THEN substr(o.value, 5) ELSE o.value END
        FROM stories s, json_each(s.outlets) o WHERE trim(o.value) != '';
    INSERT OR IGNORE INTO story_facets
        SELECT s.id, json_extract(e.value, '$.kind'), lower(json_extract(e.value, '$.name')), json_extract(e.value, '$.name')
        FROM stories s, json_each(s.wire, '$.entities') e
        WHERE json_extract(e.value, '$.kind') IN ('person', 'place', 'organization');
    INSERT OR IGNORE INTO story_facets
        SELECT s.id, 'language', lower(json_extract(a.value, '$.language')), lower(json_extract(a.value, '$.language'))
        FROM stories s, json_each(s.wire, '$.articles') a WHERE json_extract(a.value, '$.language') IS NOT NULL;

    ALTER TABLE story_changes ADD COLUMN edit TEXT;   -- what an editor did, for a change by hand

    CREATE TABLE corrections (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,             -- split, move, merge, headline
        story_id TEXT NOT NULL,         -- the story it was made on
        other_id TEXT,                  -- the new story of a split, the target of a move or merge
        payload TEXT NOT NULL,          -- JSON: what the replay pins (crates/store/src/corrections.rs)
        note TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        undone_ms INTEGER
    );
    CREATE INDEX corrections_story ON corrections(story_id);
    CREATE INDEX corrections_other ON corrections(other_id);
    "#,
    // 6: running document frequencies of the grouping's terms (the empty term counts documents);
    // a store made before starts counting from here.
    r#"
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
];

fn db<'a>(path: &'a str, what: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
    move |source| crate::sqlite::map_err(path, what, source)
}

/// The schema version of an open database (0 for a new file).
pub fn version(conn: &Connection, path: &str) -> Result<u32> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_ms INTEGER NOT NULL)")
        .map_err(db(path, "cannot create the schema_version table"))?;
    conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], |r| r.get::<_, u32>(0))
        .map_err(db(path, "cannot read the schema version"))
}

/// Migrates the database up to `target` (at most [`SCHEMA_VERSION`]).
pub fn migrate_to(conn: &mut Connection, path: &str, target: u32) -> Result<u32> {
    let found = version(conn, path)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_string(), found, supported: SCHEMA_VERSION });
    }
    for v in found..target.min(SCHEMA_VERSION) {
        // Under the write lock, and only if no other process opening the same store at the same
        // moment applied this step already.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(db(path, "cannot start a migration"))?;
        let now: u32 = tx
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], |r| r.get(0))
            .map_err(db(path, "cannot read the schema version"))?;
        if now > v {
            continue;
        }
        tx.execute_batch(MIGRATIONS[v as usize]).map_err(db(path, "migration failed"))?;
        tx.execute("INSERT INTO schema_version (version, applied_ms) VALUES (?1, ?2)", (v + 1, crate::now_ms()))
            .map_err(db(path, "cannot record the schema version"))?;
        tx.commit().map_err(db(path, "cannot commit a migration"))?;
    }
    version(conn, path)
}
