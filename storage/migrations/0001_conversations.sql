-- SPDX-License-Identifier: MIT
-- Schema 1: conversations and their message trees. A message's parent is the turn it answers or
-- follows; editing or regenerating a turn adds a sibling under the same parent.
-- Times are Unix milliseconds (UTC).

CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL DEFAULT '',
    model           TEXT    NOT NULL DEFAULT '',
    system_prompt   TEXT    NOT NULL DEFAULT '',
    settings_json   TEXT    NOT NULL DEFAULT '{}',
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL,
    pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    -- the message the user last chose or wrote; the active branch runs through it to a leaf
    active_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    conversation_id   INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id         INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content           TEXT    NOT NULL DEFAULT '',
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    stats_json        TEXT    NOT NULL DEFAULT '{}',
    -- 0 while a reply is still being streamed (after a crash it stays 0: an interrupted reply)
    complete          INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1)),
    created_ms        INTEGER NOT NULL
);

CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_by_parent ON messages(parent_id, id);
CREATE INDEX conversations_by_recency ON conversations(pinned DESC, updated_ms DESC, id DESC);
CREATE INDEX conversations_by_active_message ON conversations(active_message_id);
