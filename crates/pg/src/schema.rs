//! The PostgreSQL schema and its versioned migrations.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in one transaction with
//! the row that records it in `schema_version`. Opening a store takes an advisory lock while it
//! migrates, so that many workers starting at once migrate once. A database written by a newer
//! binary is refused. Never edit a shipped migration: add the next one.

use postgres::Client;
use tidings_store::{Result, StoreError};

use crate::db_err;

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The advisory lock taken while migrating.
const MIGRATE_LOCK: i64 = 0x7469_6469_6e67_0001;

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the store: articles, stories, history, aliases, counters; full-text search with
    // PostgreSQL's own text search ('simple' configuration: every language, no stemming, like
    // the SQLite store's FTS5 index).
    r#"
    CREATE TABLE articles (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL,              -- canonical URL, else the path, else 'content:'
        content_hash TEXT NOT NULL,     -- of the raw title and body
        revision INTEGER NOT NULL,
        superseded_by TEXT,
        path TEXT, url TEXT, outlet TEXT,
        title TEXT NOT NULL,
        byline TEXT,
        published TEXT,                 -- RFC 3339 as given
        time_ms BIGINT NOT NULL,        -- published, else ingested
        language TEXT,
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL,       -- JSON [[start, end], ...]
        sentences TEXT NOT NULL,        -- JSON [[start, end], ...]
        summary TEXT NOT NULL,          -- JSON [sentence index, ...]
        words BIGINT NOT NULL,
        copy_of TEXT,
        story_id TEXT,
        ingested_ms BIGINT NOT NULL,
        pending BOOLEAN NOT NULL DEFAULT FALSE,  -- written, not yet grouped
        prev_story TEXT,                -- the story of the revision this one replaces
        -- tsvector holds at most 1 MB: the first 300,000 characters of a text are indexed.
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A') ||
            setweight(to_tsvector('simple', left(text, 300000)), 'B') ||
            setweight(to_tsvector('simple', coalesce(outlet, '')), 'C')) STORED,
        UNIQUE (key, content_hash)
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_time ON articles(time_ms);
    CREATE INDEX articles_key ON articles(key) WHERE superseded_by IS NULL;
    CREATE INDEX articles_pending ON articles(time_ms) WHERE pending;
    CREATE INDEX articles_outlet ON articles(lower(outlet)) WHERE superseded_by IS NULL;
    CREATE INDEX articles_tsv ON articles USING GIN (tsv);

    CREATE TABLE stories (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        headline TEXT NOT NULL,
        summary_text TEXT NOT NULL,
        sources INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        outlets JSONB NOT NULL,         -- ["outlet", ...]
        conflict BOOLEAN NOT NULL,
        created_ms BIGINT NOT NULL,
        updated_ms BIGINT NOT NULL,
        last_time_ms BIGINT NOT NULL,
        wire TEXT NOT NULL,             -- the digest's WireStory JSON
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', headline), 'A') ||
            setweight(to_tsvector('simple', summary_text), 'B')) STORED
    );
    CREATE INDEX stories_updated ON stories(updated_ms DESC, seq DESC);
    CREATE INDEX stories_size ON stories(n_articles DESC, updated_ms DESC);
    CREATE INDEX stories_last ON stories(last_time_ms);
    CREATE INDEX stories_tsv ON stories USING GIN (tsv);

    CREATE TABLE story_changes (
        seq BIGSERIAL PRIMARY KEY,
        story_id TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        created BOOLEAN NOT NULL,
        articles TEXT NOT NULL,
        sentences TEXT NOT NULL,
        conflicts TEXT NOT NULL
    );
    CREATE INDEX story_changes_story ON story_changes(story_id, at_ms);
    CREATE TABLE story_aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
    CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
    INSERT INTO store_meta (key, value) VALUES ('articles', 0), ('outlets', 0), ('stories', 0), ('updated_ms', 0), ('batches', 0);
    "#,
    // 2: the work queue and the workers that lease its jobs.
    r#"
    CREATE TABLE jobs (
        id BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL,             -- 'doc' (a document to store) or 'url' (a page or feed to fetch)
        meta TEXT NOT NULL,             -- JSON: path, url, outlet, title, published, html
        body BYTEA,                     -- the document's bytes (dropped once done)
        state TEXT NOT NULL DEFAULT 'queued',   -- queued, leased, done, failed
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until_ms BIGINT,
        created_ms BIGINT NOT NULL,
        done_ms BIGINT,
        error TEXT
    );
    CREATE INDEX jobs_open ON jobs(id) WHERE state IN ('queued', 'leased');
    CREATE TABLE workers (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        backend_pid INTEGER,            -- its PostgreSQL session, to tell who holds the grouping lock
        started_ms BIGINT NOT NULL,
        heartbeat_ms BIGINT NOT NULL,
        jobs_done BIGINT NOT NULL DEFAULT 0,
        groupings BIGINT NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'running'   -- running, stopped
    );
    "#,
    // 3: when each live lease was taken, for the oldest-lease metric.
    r#"
    ALTER TABLE jobs ADD COLUMN leased_ms BIGINT;
    "#,
    // 4: the desk (as the SQLite store's migration 5). What the story list shows and filters on,
    // history rows made by hand, and the log of corrections by hand; stories written before get
    // the new fields from their stored brief here, and exactly when they next change.
    r#"
    ALTER TABLE stories ADD COLUMN gist TEXT NOT NULL DEFAULT '';
    ALTER TABLE stories ADD COLUMN language TEXT;
    ALTER TABLE stories ADD COLUMN event_date TEXT;
    ALTER TABLE stories ADD COLUMN first_published_ms BIGINT;
    ALTER TABLE stories ADD COLUMN last_published_ms BIGINT;
    ALTER TABLE stories ADD COLUMN edited BOOLEAN NOT NULL DEFAULT FALSE;
    UPDATE stories SET
        gist = COALESCE(wire::jsonb #>> '{summary,0,text}', ''),
        language = wire::jsonb #>> '{articles,0,language}',
        first_published_ms = (SELECT MIN(a.time_ms) FROM articles a WHERE a.story_id = stories.id AND a.published IS NOT NULL AND a.superseded_by IS NULL),
        last_published_ms = (SELECT MAX(a.time_ms) FROM articles a WHERE a.story_id = stories.id AND a.published IS NOT NULL AND a.superseded_by IS NULL);
    UPDATE stories SET event_date = to_char(to_timestamp(first_published_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
        WHERE first_published_ms IS NOT NULL;
    CREATE INDEX stories_latest ON stories(last_time_ms DESC, seq DESC);
    CREATE INDEX articles_story_time ON articles(story_id, time_ms) WHERE superseded_by IS NULL AND published IS NOT NULL;

    CREATE TABLE story_facets (
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL,             -- outlet, person, place, organization, language
        value TEXT NOT NULL,            -- what a filter compares (lowercased; an outlet's key)
        label TEXT NOT NULL,            -- what is shown
        PRIMARY KEY (story_id, kind, value)
    );
    CREATE INDEX story_facets_value ON story_facets(kind, value);
    INSERT INTO story_facets
        SELECT s.id, 'outlet', lower(regexp_replace(o, '^www[.]', '', 'i')), regexp_replace(o, '^www[.]', '', 'i')
        FROM stories s, jsonb_array_elements_text(s.outlets) o WHERE trim(o) <> ''
        ON CONFLICT DO NOTHING;
    INSERT INTO story_facets
        SELECT s.id, e->>'kind', lower(e->>'name'), e->>'name'
        FROM stories s, jsonb_array_elements(s.wire::jsonb -> 'entities') e
        WHERE e->>'kind' IN ('person', 'place', 'organization')
        ON CONFLICT DO NOTHING;
    INSERT INTO story_facets
        SELECT DISTINCT s.id, 'language', lower(a->>'language'), lower(a->>'language')
        FROM stories s, jsonb_array_elements(s.wire::jsonb -> 'articles') a WHERE a->>'language' IS NOT NULL
        ON CONFLICT DO NOTHING;

    ALTER TABLE story_changes ADD COLUMN edit TEXT;

    CREATE TABLE corrections (
        seq BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL,             -- split, move, merge, headline
        story_id TEXT NOT NULL,
        other_id TEXT,
        payload TEXT NOT NULL,          -- JSON: what the replay pins (crates/store/src/corrections.rs)
        note TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        undone_ms BIGINT
    );
    CREATE INDEX corrections_story ON corrections(story_id);
    CREATE INDEX corrections_other ON corrections(other_id);
    "#,
    // Running document frequencies of the grouping's terms (the empty term counts documents); a
    // database made before starts counting from here.
    r#"
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df BIGINT NOT NULL
    );
    "#,
];

/// The schema version of a database (0 for an empty one).
pub fn version(c: &mut Client, url: &str) -> Result<u32> {
    c.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_ms BIGINT NOT NULL)")
        .map_err(db_err(url, "cannot create the schema_version table"))?;
    let v: i32 = c
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
        .map_err(db_err(url, "cannot read the schema version"))?
        .get(0);
    Ok(v as u32)
}

/// Migrates the database up to `target` (at most [`SCHEMA_VERSION`]).
pub fn migrate_to(c: &mut Client, url: &str, target: u32) -> Result<u32> {
    // Two processes creating schema_version at once can clash on the catalog: serialise first.
    c.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK]).map_err(db_err(url, "cannot lock for migration"))?;
    let result = (|| {
        let found = version(c, url)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: url.to_string(), found, supported: SCHEMA_VERSION });
        }
        for v in found..target.min(SCHEMA_VERSION) {
            let mut tx = c.transaction().map_err(db_err(url, "cannot start a migration"))?;
            tx.batch_execute(MIGRATIONS[v as usize]).map_err(db_err(url, "migration failed"))?;
            tx.execute("INSERT INTO schema_version (version, applied_ms) VALUES ($1, $2)", &[&((v + 1) as i32), &tidings_store::now_ms()])
                .map_err(db_err(url, "cannot record the schema version"))?;
            tx.commit().map_err(db_err(url, "cannot commit a migration"))?;
        }
        version(c, url)
    })();
    let _ = c.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK]);
    result
}
