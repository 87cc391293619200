-- SPDX-License-Identifier: MIT
-- Schema 3: attachments, stored once per content (deduplicated by SHA-256) and linked to messages;
-- settings as key/value text.

CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    content_hash   TEXT    NOT NULL UNIQUE CHECK (length(content_hash) = 64), -- SHA-256, lower-case hex
    kind           TEXT    NOT NULL CHECK (kind IN ('image', 'audio', 'video', 'document', 'repository')),
    mime           TEXT    NOT NULL DEFAULT '',
    size_bytes     INTEGER NOT NULL DEFAULT 0,
    original_path  TEXT    NOT NULL DEFAULT '', -- where it was first attached from
    extracted_text TEXT    NOT NULL DEFAULT '', -- text, transcript or OCR output from ingest
    metadata_json  TEXT    NOT NULL DEFAULT '{}',
    created_ms     INTEGER NOT NULL
);

CREATE TABLE message_attachments (
    message_id    INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    attachment_id INTEGER NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, attachment_id)
) WITHOUT ROWID;

CREATE INDEX message_attachments_by_attachment ON message_attachments(attachment_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
