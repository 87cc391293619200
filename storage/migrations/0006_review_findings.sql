-- SPDX-License-Identifier: MIT
-- Schema 6: review findings about a repository. A finding names its file by path, not by a
-- code_files row, so it outlives re-indexing and the file's removal; it goes with its repository.

CREATE TABLE review_findings (
    id              INTEGER PRIMARY KEY,
    repository_id   INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    path            TEXT CHECK (path <> ''), -- relative to the root; NULL: about the whole repository
    start_line      INTEGER CHECK (start_line >= 1),
    end_line        INTEGER CHECK (end_line >= start_line),
    severity        TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    category        TEXT    NOT NULL DEFAULT '',
    message         TEXT    NOT NULL CHECK (message <> ''),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
    -- the conversation the finding came from; kept when that conversation is deleted
    conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL
);

CREATE INDEX review_findings_by_repository ON review_findings(repository_id, path, start_line);
CREATE INDEX review_findings_by_conversation ON review_findings(conversation_id);
