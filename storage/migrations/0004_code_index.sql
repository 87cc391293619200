-- SPDX-License-Identifier: MIT
-- Schema 4: the code index. A repository's files with their symbols, references and chunks, as
-- ingest's repository walker and tagger produce them. Lines are 1-based and inclusive; bytes are
-- 0-based offsets, end exclusive. Times are Unix milliseconds (UTC).

CREATE TABLE repositories (
    id          INTEGER PRIMARY KEY,
    root_path   TEXT    NOT NULL UNIQUE CHECK (root_path <> ''),
    name        TEXT    NOT NULL DEFAULT '',
    head_rev    TEXT    NOT NULL DEFAULT '', -- commit id (or other revision text) of the last index
    indexed_ms  INTEGER,                     -- when the last complete index finished; NULL: never
    created_ms  INTEGER NOT NULL
);

CREATE TABLE code_files (
    id            INTEGER PRIMARY KEY,
    repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    path          TEXT    NOT NULL CHECK (path <> ''), -- relative to the root, '/'-separated
    language      TEXT    NOT NULL DEFAULT '',
    size_bytes    INTEGER NOT NULL DEFAULT 0,
    mtime_ms      INTEGER NOT NULL DEFAULT 0,
    content_hash  TEXT    NOT NULL DEFAULT '',
    UNIQUE (repository_id, path)
);

CREATE TABLE code_symbols (
    id         INTEGER PRIMARY KEY,
    file_id    INTEGER NOT NULL REFERENCES code_files(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES code_symbols(id) ON DELETE CASCADE, -- the enclosing class, namespace, ...
    name       TEXT    NOT NULL CHECK (name <> ''),
    kind       TEXT    NOT NULL CHECK (kind <> ''), -- function, method, class, ... as the tagger names it
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL CHECK (end_byte >= start_byte),
    start_line INTEGER NOT NULL CHECK (start_line >= 1),
    end_line   INTEGER NOT NULL CHECK (end_line >= start_line),
    signature  TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE code_references (
    id             INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES code_files(id) ON DELETE CASCADE,
    from_symbol_id INTEGER REFERENCES code_symbols(id) ON DELETE CASCADE, -- NULL: at file level
    line           INTEGER NOT NULL CHECK (line >= 1),
    to_name        TEXT    NOT NULL CHECK (to_name <> ''),
    to_symbol_id   INTEGER REFERENCES code_symbols(id) ON DELETE SET NULL, -- NULL: not resolved
    kind           TEXT    NOT NULL CHECK (kind <> '') -- call, type, import, ...
);

CREATE TABLE code_chunks (
    id          INTEGER PRIMARY KEY,
    file_id     INTEGER NOT NULL REFERENCES code_files(id) ON DELETE CASCADE,
    symbol_id   INTEGER REFERENCES code_symbols(id) ON DELETE SET NULL, -- the symbol the chunk covers
    start_line  INTEGER NOT NULL CHECK (start_line >= 1),
    end_line    INTEGER NOT NULL CHECK (end_line >= start_line),
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL CHECK (end_byte >= start_byte),
    text        TEXT    NOT NULL,
    token_count INTEGER NOT NULL DEFAULT 0
);

-- Every foreign key column is indexed: deletes cascade through them.
CREATE INDEX code_symbols_by_file ON code_symbols(file_id, start_byte);
CREATE INDEX code_symbols_by_name ON code_symbols(name);
CREATE INDEX code_symbols_by_parent ON code_symbols(parent_id);
CREATE INDEX code_references_by_file ON code_references(file_id, line);
CREATE INDEX code_references_by_from ON code_references(from_symbol_id);
CREATE INDEX code_references_by_name ON code_references(to_name);
CREATE INDEX code_references_by_target ON code_references(to_symbol_id);
CREATE INDEX code_chunks_by_file ON code_chunks(file_id, start_line);
CREATE INDEX code_chunks_by_symbol ON code_chunks(symbol_id);
