-- SPDX-License-Identifier: MIT
-- Schema 5: full-text search over code chunks and over the text extracted from attachments. Both
-- are external-content FTS5 tables kept in step by triggers, as message_fts is (schema 2).
-- code_chunk_fts indexes the chunk text only: an external-content delete must repeat the values
-- that were indexed, and a file path or symbol name read from another table may be gone by then.

CREATE VIRTUAL TABLE code_chunk_fts USING fts5(
    text,
    content = 'code_chunks',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER code_chunks_fts_after_insert AFTER INSERT ON code_chunks BEGIN
    INSERT INTO code_chunk_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER code_chunks_fts_after_delete AFTER DELETE ON code_chunks BEGIN
    INSERT INTO code_chunk_fts(code_chunk_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER code_chunks_fts_after_update AFTER UPDATE OF text ON code_chunks BEGIN
    INSERT INTO code_chunk_fts(code_chunk_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO code_chunk_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE attachment_fts USING fts5(
    extracted_text,
    content = 'attachments',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER attachments_fts_after_insert AFTER INSERT ON attachments BEGIN
    INSERT INTO attachment_fts(rowid, extracted_text) VALUES (new.id, new.extracted_text);
END;

CREATE TRIGGER attachments_fts_after_delete AFTER DELETE ON attachments BEGIN
    INSERT INTO attachment_fts(attachment_fts, rowid, extracted_text) VALUES ('delete', old.id, old.extracted_text);
END;

CREATE TRIGGER attachments_fts_after_update AFTER UPDATE OF extracted_text ON attachments BEGIN
    INSERT INTO attachment_fts(attachment_fts, rowid, extracted_text) VALUES ('delete', old.id, old.extracted_text);
    INSERT INTO attachment_fts(rowid, extracted_text) VALUES (new.id, new.extracted_text);
END;

-- index the chunks and attachments written under schemas 3 and 4
INSERT INTO code_chunk_fts(code_chunk_fts) VALUES ('rebuild');
INSERT INTO attachment_fts(attachment_fts) VALUES ('rebuild');
