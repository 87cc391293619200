// SPDX-License-Identifier: MIT
// Our FTS5 ranking function: bm25 whose per-phrase document counts cost a bounded time on large
// indexes. Registered on every connection by Database::open; used by CodeSearch's ORDER BY.
#pragma once

#include "storage/storage_result.h"

#include <cstdint>
#include <string>

struct sqlite3;

namespace cairn::storage {

/// The FTS5 auxiliary function `code_bm25(code_chunk_fts [, weight per column])`, for
/// `... AND code_chunk_fts.rank MATCH 'code_bm25()' ORDER BY rank`. It is FTS5's bm25() (k1 = 1.2,
/// b = 0.75, the same formula, term frequencies and document lengths) except for how it learns how
/// many rows contain each phrase (df, which sets the phrase's weight, its idf):
/// - a phrase in at most kExactDocumentCount rows is counted exactly, so on such indexes the
///   scores equal bm25()'s;
/// - for a phrase in more rows, counting stops at the kExactDocumentCount-th match (in rowid
///   order) and df is extrapolated from the share of code_chunks' rowid range those matches
///   covered. That assumes the phrase is spread evenly over the rowids: for matches at random
///   positions the relative error is about 1 / sqrt(kExactDocumentCount) (1.6 %); a phrase
///   clustered in old or new rows is over- or underestimated by its cluster's density ratio. The
///   estimate is clamped to what the counted matches prove (at least the count, at most the count
///   plus every row after the last counted one). Within one single-phrase query the order does not
///   depend on df at all (one idf scales every score).
/// The counts of the last query ranked are kept, keyed by its phrases' tokens (as the first row
/// ranked holds them) and by the index's state (SQLite's data version, this connection's changes,
/// row and token totals): FTS5 ranks an `ORDER BY rank` query in one cursor and computes the
/// rank column of each row read in a second one, which would otherwise count again. The key
/// assumes phrases without prefixes (CodeSearch quotes every word).
/// Applied to another FTS5 table, the rowid range would be code_chunks', not its own: don't.
inline constexpr const char* kCodeRankFunction = "code_bm25";

/// Matches counted exactly per phrase before the document count is estimated (see code_bm25).
inline constexpr std::int64_t kExactDocumentCount = 4096;

/// Registers code_bm25 on `db` (a connection whose SQLite has FTS5). `subject` names the database
/// in errors.
Status registerFtsRanking(sqlite3* db, const std::string& subject);

} // namespace cairn::storage
