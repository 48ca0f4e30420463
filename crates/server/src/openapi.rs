//! The OpenAPI 3 document of the JSON API, served at `/api/openapi.json`. A test checks that
//! every route of [`crate::API_ROUTES`] is in it and that it names no other.

use serde_json::{json, Value};

fn error_responses(codes: &[&str]) -> Value {
    let mut m = serde_json::Map::new();
    for c in codes {
        m.insert(
            (*c).to_string(),
            json!({ "description": "error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }),
        );
    }
    Value::Object(m)
}

fn ok(schema: &str, extra_errors: &[&str]) -> Value {
    let mut r = error_responses(extra_errors);
    r["200"] = json!({ "description": "ok", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
    r
}

fn param(name: &str, location: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": location, "required": required, "schema": schema, "description": description })
}

/// A correction by hand: a guarded write with a JSON body, answered with `Corrected`.
fn correction(summary: &str, id: Value, body: Value) -> Value {
    let mut responses = ok("Corrected", &["400", "401", "403", "404", "415", "422", "503"]);
    responses["422"]["description"] = json!("the correction cannot be made as asked (code bad_correction)");
    json!({
        "summary": summary,
        "parameters": [id],
        "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
        "responses": responses,
        "security": [{ "bearer": [] }]
    })
}

/// The document.
pub fn document() -> Value {
    let id = param("id", "path", true, json!({ "type": "string" }), "story or article id");
    let s = |t: &str| json!({ "type": t });
    let opt_str = json!({ "type": ["string", "null"] });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "tidings",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stories built from news articles, with cited briefs. Story objects have exactly the fields of a story in `tidings digest --format json` (docs/digest-json.md). Errors are {code, message}."
        },
        "paths": {
            "/api/stories": { "get": {
                "summary": "List stories, newest update or largest first",
                "parameters": [
                    param("sort", "query", false, json!({ "type": "string", "enum": ["updated", "size"], "default": "updated" }), "order"),
                    param("offset", "query", false, json!({ "type": "integer", "minimum": 0, "default": 0 }), "stories to skip"),
                    param("limit", "query", false, json!({ "type": "integer", "minimum": 1, "maximum": tidings_store::MAX_PAGE, "default": tidings_store::DEFAULT_PAGE }), "page size"),
                    param("outlet", "query", false, s("string"), "only stories with an article of this outlet (any spelling: www. and case are ignored)"),
                    param("entity", "query", false, s("string"), "only stories naming this person, place or organisation"),
                    param("language", "query", false, s("string"), "only stories with an article in this language (ISO 639-1)"),
                    param("from", "query", false, s("string"), "only stories with an article published at or after this (YYYY-MM-DD or RFC 3339); stories without a dated article are counted in `undated`"),
                    param("to", "query", false, s("string"), "only stories with an article published before this"),
                    param("undated", "query", false, s("boolean"), "only the stories without any dated article")
                ],
                "responses": ok("StoryPage", &["400"])
            }},
            "/api/facets": { "get": {
                "summary": "The filter values of the stories the filters select (outlets, people, places, organisations, languages), with how many stories each has",
                "parameters": [
                    param("outlet", "query", false, s("string"), "as /api/stories"),
                    param("entity", "query", false, s("string"), "as /api/stories"),
                    param("language", "query", false, s("string"), "as /api/stories"),
                    param("from", "query", false, s("string"), "as /api/stories"),
                    param("to", "query", false, s("string"), "as /api/stories"),
                    param("undated", "query", false, s("boolean"), "as /api/stories")
                ],
                "responses": ok("Facets", &["400"])
            }},
            "/api/stories/{id}/corrections": { "get": {
                "summary": "The corrections by hand made on a story, oldest first, with those undone",
                "parameters": [id.clone()],
                "responses": ok("Corrections", &["404"])
            }},
            "/api/stories/{id}/split": { "post": correction(
                "Split by hand: the articles leave the story and become a new one. Survives later regroupings; undo with /api/corrections/{n}/undo",
                id.clone(), json!({ "type": "object", "required": ["articles"], "properties": { "articles": { "type": "array", "items": s("string"), "minItems": 1 } } })) },
            "/api/stories/{id}/merge": { "post": correction(
                "Merge by hand: the story joins the story `into` (its id keeps finding it). Survives later regroupings",
                id.clone(), json!({ "type": "object", "required": ["into"], "properties": { "into": s("string") } })) },
            "/api/stories/{id}/headline": { "post": correction(
                "Set the headline by hand (at most 300 characters); kept when the brief is recomputed",
                id.clone(), json!({ "type": "object", "required": ["headline"], "properties": { "headline": s("string") } })) },
            "/api/articles/{id}/move": { "post": correction(
                "Move an article by hand to the story `story`. Survives later regroupings",
                id.clone(), json!({ "type": "object", "required": ["story"], "properties": { "story": s("string") } })) },
            "/api/corrections/{n}/undo": { "post": correction(
                "Undo a correction: the stories it touched are regrouped without it",
                param("n", "path", true, s("integer"), "the correction's number"), json!({ "type": "object" })) },
            "/api/stories/{id}": { "get": {
                "summary": "A story with its brief (the digest's story JSON)",
                "parameters": [id.clone()],
                "responses": ok("Story", &["404"])
            }},
            "/api/stories/{id}/changes": { "get": {
                "summary": "What changed in a story since a time: new articles, new summary sentences, new conflicts",
                "parameters": [id.clone(), param("since", "query", false, s("string"), "RFC 3339, YYYY-MM-DD or milliseconds since 1970; default: the beginning")],
                "responses": ok("Changes", &["400", "404"])
            }},
            "/api/articles/{id}": { "get": {
                "summary": "One stored article with its \"no time to read\" summary",
                "parameters": [id],
                "responses": ok("Article", &["404"])
            }},
            "/api/articles": { "post": {
                "summary": "Ingest articles: one object, a list, or {\"articles\": [...]}, as in the digest's .json input",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "oneOf": [
                    { "$ref": "#/components/schemas/ArticleInput" },
                    { "type": "array", "items": { "$ref": "#/components/schemas/ArticleInput" }, "maxItems": crate::MAX_POST_ARTICLES },
                    { "type": "object", "properties": { "articles": { "type": "array", "items": { "$ref": "#/components/schemas/ArticleInput" } } } }
                ]}}}},
                "responses": {
                    "201": { "description": "articles added", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/IngestReport" } } } },
                    "200": { "description": "nothing new (all articles were known)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/IngestReport" } } } },
                    "400": error_responses(&["400"])["400"],
                    "401": error_responses(&["401"])["401"],
                    "403": error_responses(&["403"])["403"],
                    "413": error_responses(&["413"])["413"],
                    "415": error_responses(&["415"])["415"],
                    "503": { "description": "the store is busy with another writer: send again after Retry-After seconds",
                             "headers": { "Retry-After": { "schema": { "type": "integer" } } },
                             "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                    "507": error_responses(&["507"])["507"]
                },
                "security": [{ "bearer": [] }]
            }},
            "/api/search": { "get": {
                "summary": "Full-text search over stories and articles",
                "parameters": [
                    param("q", "query", true, s("string"), "words, all of which must occur"),
                    param("outlet", "query", false, s("string"), "only this outlet"),
                    param("entity", "query", false, s("string"), "a name that must occur (phrase match)"),
                    param("from", "query", false, s("string"), "published at or after (YYYY-MM-DD or RFC 3339)"),
                    param("to", "query", false, s("string"), "published before"),
                    param("limit", "query", false, json!({ "type": "integer", "maximum": tidings_store::MAX_HITS }), "hits of each kind")
                ],
                "responses": ok("SearchResults", &["400"])
            }},
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": { "200": { "description": "the OpenAPI document", "content": { "application/json": {} } } }
            }}
        },
        "components": {
          "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer",
            "description": "the token given to `tidings serve` with --token-file or $TIDINGS_TOKEN; every write needs it" } },
          "schemas": {
            "Error": { "type": "object", "required": ["code", "message"], "properties": {
                "code": { "type": "string", "enum": crate::error::TABLE.iter().map(|e| e.1).collect::<Vec<_>>() },
                "message": s("string") } },
            "StoryRow": { "type": "object", "properties": {
                "id": s("string"), "headline": s("string"),
                "gist": { "type": "string", "description": "the first summary sentence, verbatim" },
                "language": opt_str.clone(),
                "sources": { "type": "integer", "description": "independent sources: outlets, a copy counted as its original's outlet" },
                "articles": { "type": "integer", "description": "articles, copies included" },
                "outlets": { "type": "array", "items": s("string"), "description": "one name per outlet, most articles first" },
                "conflict": { "type": "boolean", "description": "two independent sources state different values of one fact" },
                "edited": { "type": "boolean", "description": "an editor corrected the story by hand" },
                "event": { "type": ["string", "null"], "description": "YYYY-MM-DD: when the event happened" },
                "first_published": opt_str.clone(), "last_published": opt_str.clone(),
                "latest": { "type": "string", "description": "what sort=latest orders by: the last publication time (ingest time for an undated article)" },
                "created": s("string"), "updated": s("string") } },
            "StoryPage": { "type": "object", "properties": {
                "stories": { "type": "array", "items": { "$ref": "#/components/schemas/StoryRow" } },
                "total": s("integer"), "offset": s("integer"), "limit": s("integer"), "sort": { "type": "string", "enum": ["latest", "size"] },
                "undated": { "type": ["integer", "null"], "description": "with a date range: stories without a dated article, left out" } } },
            "Facet": { "type": "object", "properties": { "value": s("string"), "label": s("string"), "stories": s("integer") } },
            "Facets": { "type": "object", "properties": {
                "outlets": { "type": "array", "items": { "$ref": "#/components/schemas/Facet" } },
                "people": { "type": "array", "items": { "$ref": "#/components/schemas/Facet" } },
                "places": { "type": "array", "items": { "$ref": "#/components/schemas/Facet" } },
                "organizations": { "type": "array", "items": { "$ref": "#/components/schemas/Facet" } },
                "languages": { "type": "array", "items": { "$ref": "#/components/schemas/Facet" } } } },
            "Corrected": { "type": "object", "properties": {
                "correction": s("integer"), "story": opt_str.clone(), "other": opt_str.clone(), "note": s("string"),
                "stories_created": s("integer"), "stories_updated": s("integer"), "stories_merged": s("integer") } },
            "Corrections": { "type": "object", "properties": { "story": s("string"), "corrections": { "type": "array", "items": { "type": "object", "properties": {
                "id": s("integer"), "kind": { "type": "string", "enum": ["split", "move", "merge", "headline"] }, "story": s("string"),
                "other": opt_str.clone(), "note": s("string"), "at": s("string"), "undone": opt_str.clone() } } } } },
            "Story": { "type": "object", "description": "a story of the digest JSON: see docs/digest-json.md", "properties": {
                "id": s("string"), "headline": s("string"), "sources": s("integer"), "why": s("object"),
                "summary": s("array"), "entities": s("array"), "timeline": s("array"), "claims": s("array"),
                "quotes": s("array"), "articles": s("array") } },
            "Changes": { "type": "object", "properties": {
                "story": s("string"), "since": s("string"),
                "changes": { "type": "array", "items": { "type": "object", "properties": {
                    "at": s("string"), "at_ms": s("integer"), "created": s("boolean"),
                    "articles": { "type": "array", "items": { "type": "object", "properties": { "id": s("string"), "title": s("string"), "outlet": opt_str.clone() } } },
                    "sentences": { "type": "array", "items": s("string") },
                    "conflicts": { "type": "array", "items": s("object") },
                    "edit": { "type": ["string", "null"], "description": "set when an editor made the change by hand: what they did" } } } } } },
            "Article": { "type": "object", "properties": {
                "id": s("string"), "story": opt_str.clone(), "path": opt_str.clone(), "url": opt_str.clone(), "outlet": opt_str.clone(),
                "title": s("string"), "byline": opt_str.clone(), "published": opt_str.clone(), "language": opt_str.clone(),
                "copy_of": opt_str.clone(), "read_minutes": s("integer"), "words": s("integer"),
                "summary": { "type": "array", "items": { "type": "object", "properties": { "text": s("string"), "start": s("integer"), "end": s("integer") } } },
                "text": s("string"), "paragraphs": s("array"), "revision": s("integer"), "superseded_by": opt_str.clone(), "ingested": s("string") } },
            "ArticleInput": { "type": "object", "properties": {
                "text": s("string"), "html": s("string"), "title": s("string"), "url": s("string"), "outlet": s("string"),
                "published": { "type": "string", "description": "RFC 3339, RFC 2822 or YYYY-MM-DD" } } },
            "Snippet": { "type": "object", "properties": { "text": s("string"), "highlights": { "type": "array", "items": { "type": "array", "items": s("integer") } } } },
            "SearchResults": { "type": "object", "properties": {
                "stories": { "type": "array", "items": { "type": "object", "properties": {
                    "id": s("string"), "headline": s("string"), "sources": s("integer"), "articles": s("integer"), "snippet": { "$ref": "#/components/schemas/Snippet" } } } },
                "articles": { "type": "array", "items": { "$ref": "#/components/schemas/ArticleHit" } },
                "undated": { "type": "array", "items": { "$ref": "#/components/schemas/ArticleHit" },
                    "description": "with a date range: matching articles without a publication date, listed apart" } } },
            "ArticleHit": { "type": "object", "properties": {
                "id": s("string"), "story": opt_str.clone(), "title": s("string"), "outlet": opt_str.clone(), "published": opt_str, "snippet": { "$ref": "#/components/schemas/Snippet" } } },
            "IngestReport": { "type": "object", "properties": {
                "added": s("integer"), "revised": s("integer"), "unchanged": s("integer"), "stories_created": s("integer"),
                "stories_updated": s("integer"), "stories_merged": s("integer"), "warnings": { "type": "array", "items": s("string") } } }
        }}
    })
}
