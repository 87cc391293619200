-- SPDX-License-Identifier: MIT
-- Schema 7: how code_chunk_fts writes and merges its segments (FTS5 configuration, kept in
-- code_chunk_fts_config; the index itself is unchanged). Measured with bench_code_index
-- (1,000,000 chunks in batches of 250 files, 2 cores): 33,000 -> 39,600 chunks/s inserted.
-- hashsize: FTS5 writes its pending terms out as a new segment whenever they exceed this many bytes
-- (default 1 MB); a 250-file batch holds ~3 MB, so with 16 MB each batch makes one segment, not four.
-- automerge: merge a level's segments once 16 of them exist (default 4): each index byte is rewritten
-- about half as often. Queries read at most 15 segments a level; optimizeSearchIndex merges all.
INSERT INTO code_chunk_fts(code_chunk_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO code_chunk_fts(code_chunk_fts, rank) VALUES ('automerge', 16);
