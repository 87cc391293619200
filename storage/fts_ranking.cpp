// SPDX-License-Identifier: MIT
// code_bm25: FTS5's bm25 formula with a bounded-cost document count per phrase (see fts_ranking.h),
// registered through the fts5_api pointer. Not a tokenizer and not a query parser.

#include "storage/fts_ranking.h"

#include "storage/statement.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace cairn::storage {

namespace {

// Okapi BM25 as FTS5's bm25() computes it (https://www.sqlite.org/fts5.html#the_bm25_function).
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
/// FTS5's floor for an idf that the formula makes zero or negative (phrases in over half the rows).
constexpr double kMinIdf = 1e-6;

constexpr const char* kGetFts5Api = "SELECT fts5(?1)";
// Two subqueries: SQLite reads min() and max() from the ends of the rowid B-tree only when each
// is alone in its SELECT.
constexpr const char* kCodeChunkRowidRange
    = "SELECT (SELECT min(id) FROM code_chunks), (SELECT max(id) FROM code_chunks)";

/// What the document counts were computed on: they hold while none of it changes.
struct IndexStamp {
    unsigned int dataVersion = 0;         ///< changes when any connection commits to the file
    sqlite3_int64 connectionChanges = -1; ///< this connection's rows written, committed or not
    sqlite3_int64 rows = 0;
    sqlite3_int64 tokens = 0;
    bool operator==(const IndexStamp&) const = default;
};

/// The document counts of the query ranked last, keyed by its phrases' tokens. FTS5 ranks an
/// `ORDER BY rank` query's rows in one cursor and computes the rank column again, in a second
/// cursor with its own auxiliary data, for each row read: without this, every query counted its
/// phrases twice.
struct LastCounts {
    std::string phrases;
    IndexStamp stamp;
    std::vector<double> counts;
};

struct RankingContext {
    sqlite3* db = nullptr;
    const char* rowidRangeSql = nullptr;
    LastCounts last;
};

/// What one query needs on every row: computed on its first row, kept with xSetAuxdata.
struct QueryWeights {
    double averageLength = 0;
    std::vector<double> idf;       ///< per phrase
    std::vector<double> frequency; ///< per phrase, the current row's (scratch)
};

struct PhraseCount {
    std::int64_t matches = 0;
    std::int64_t lastRowid = 0;
};

int countUpToLimit(const Fts5ExtensionApi* api, Fts5Context* fts, void* user)
{
    auto* count = static_cast<PhraseCount*>(user);
    count->lastRowid = api->xRowid(fts);
    return ++count->matches == kExactDocumentCount ? SQLITE_DONE : SQLITE_OK; // DONE stops, as success
}

int readRowidRange(const RankingContext& context, std::int64_t& first, std::int64_t& last)
{
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v2(context.db, context.rowidRangeSql, -1, &statement, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(statement);
        if (rc == SQLITE_ROW) {
            first = sqlite3_column_int64(statement, 0);
            last = sqlite3_column_int64(statement, 1);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(statement);
    return rc;
}

/// The number of rows holding phrase `phrase`: exact up to kExactDocumentCount, else estimated
/// from the rowid range the first kExactDocumentCount matches covered (see fts_ranking.h).
int documentCount(const Fts5ExtensionApi* api, Fts5Context* fts, int phrase, std::int64_t rows, double& count)
{
    PhraseCount counted;
    int rc = api->xQueryPhrase(fts, phrase, &counted, countUpToLimit);
    if (rc != SQLITE_OK)
        return rc;
    count = static_cast<double>(counted.matches);
    if (counted.matches < kExactDocumentCount)
        return SQLITE_OK;
    const auto* context = static_cast<const RankingContext*>(api->xUserData(fts));
    std::int64_t first = 0;
    std::int64_t last = 0;
    rc = readRowidRange(*context, first, last);
    if (rc != SQLITE_OK)
        return rc;
    if (counted.lastRowid < first || counted.lastRowid > last)
        return SQLITE_OK; // a table that is not the range's: keep the proven count
    const double covered = static_cast<double>(counted.lastRowid - first + 1);
    const double estimate = count * static_cast<double>(last - first + 1) / covered;
    const double atMost = std::min(static_cast<double>(rows), count + static_cast<double>(last - counted.lastRowid));
    count = std::clamp(estimate, count, std::max(count, atMost));
    return SQLITE_OK;
}

struct PhraseTokens {
    int first = 0; ///< the phrase instance's first token position
    int end = 0;
    int position = -1;
    std::string* key = nullptr;
};

int collectPhraseToken(void* user, int flags, const char* token, int size, int /*start*/, int /*end*/)
{
    auto* phrase = static_cast<PhraseTokens*>(user);
    if ((flags & FTS5_TOKEN_COLOCATED) != 0)
        return SQLITE_OK; // a synonym at the same position: the first form stands for it
    if (++phrase->position >= phrase->end)
        return SQLITE_DONE;
    if (phrase->position >= phrase->first) {
        phrase->key->append(token, static_cast<std::size_t>(size));
        phrase->key->push_back('\x1f');
    }
    return SQLITE_OK;
}

/// The query's phrases as the current row holds them (each phrase's first instance, tokenized):
/// the key of LastCounts. Empty when a phrase has no instance in the row (an OR query).
int phraseKey(const Fts5ExtensionApi* api, Fts5Context* fts, std::string& key)
{
    key.clear();
    for (int i = 0; i < api->xPhraseCount(fts); ++i) {
        Fts5PhraseIter iterator{};
        int column = 0;
        int offset = 0;
        int rc = api->xPhraseFirst(fts, i, &iterator, &column, &offset);
        if (rc != SQLITE_OK)
            return rc;
        if (column < 0) {
            key.clear();
            return SQLITE_OK;
        }
        const char* text = nullptr;
        int size = 0;
        rc = api->xColumnText(fts, column, &text, &size);
        PhraseTokens phrase{offset, offset + api->xPhraseSize(fts, i), -1, &key};
        if (rc == SQLITE_OK)
            rc = api->xTokenize(fts, text, size, &phrase, collectPhraseToken);
        if (rc != SQLITE_OK && rc != SQLITE_DONE)
            return rc;
        key += std::to_string(column);
        key.push_back('\x1e');
    }
    return SQLITE_OK;
}

int computeWeights(const Fts5ExtensionApi* api, Fts5Context* fts, QueryWeights& weights)
{
    sqlite3_int64 rows = 0;
    sqlite3_int64 tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc != SQLITE_OK)
        return rc;
    auto* context = static_cast<RankingContext*>(api->xUserData(fts));
    IndexStamp stamp{0, sqlite3_total_changes64(context->db), rows, tokens};
    rc = sqlite3_file_control(context->db, "main", SQLITE_FCNTL_DATA_VERSION, &stamp.dataVersion);
    std::string phrases;
    if (rc == SQLITE_OK)
        rc = phraseKey(api, fts, phrases);
    if (rc != SQLITE_OK)
        return rc;
    rows = std::max<sqlite3_int64>(rows, 1);
    weights.averageLength = static_cast<double>(tokens) / static_cast<double>(rows);
    const auto phraseCount = static_cast<std::size_t>(std::max(0, api->xPhraseCount(fts)));
    weights.frequency.assign(phraseCount, 0.0);
    std::vector<double> counts;
    LastCounts& last = context->last;
    if (!phrases.empty() && phrases == last.phrases && stamp == last.stamp) {
        counts = last.counts;
    } else {
        counts.assign(phraseCount, 0.0);
        for (std::size_t i = 0; i < phraseCount; ++i) {
            rc = documentCount(api, fts, static_cast<int>(i), rows, counts[i]);
            if (rc != SQLITE_OK)
                return rc;
        }
        last = {phrases, stamp, counts};
    }
    weights.idf.assign(phraseCount, 0.0);
    for (std::size_t i = 0; i < phraseCount; ++i) {
        const double idf = std::log((static_cast<double>(rows) - counts[i] + 0.5) / (counts[i] + 0.5));
        weights.idf[i] = idf <= 0.0 ? kMinIdf : idf;
    }
    return SQLITE_OK;
}

void deleteWeights(void* weights)
{
    delete static_cast<QueryWeights*>(weights);
}

/// One row's score, negated as bm25()'s is (lower is better). Arguments after the table: one
/// weight per column, 1.0 where missing.
void codeBm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int argc, sqlite3_value** argv)
{
    auto* weights = static_cast<QueryWeights*>(api->xGetAuxdata(fts, 0));
    int rc = SQLITE_OK;
    if (weights == nullptr) {
        auto computed = std::make_unique<QueryWeights>();
        rc = computeWeights(api, fts, *computed);
        if (rc == SQLITE_OK) {
            weights = computed.get();
            rc = api->xSetAuxdata(fts, computed.release(), deleteWeights); // deletes it on failure
        }
    }
    int instances = 0;
    if (rc == SQLITE_OK) {
        std::fill(weights->frequency.begin(), weights->frequency.end(), 0.0);
        rc = api->xInstCount(fts, &instances);
    }
    for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
        int phrase = 0;
        int column = 0;
        int offset = 0;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK)
            weights->frequency[static_cast<std::size_t>(phrase)]
                += column < argc ? sqlite3_value_double(argv[column]) : 1.0;
    }
    int length = 0;
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &length);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(result, rc);
        return;
    }
    const double lengthNorm = kK1 * (1 - kB + kB * static_cast<double>(length) / weights->averageLength);
    double score = 0.0;
    for (std::size_t i = 0; i < weights->idf.size(); ++i) {
        const double f = weights->frequency[i];
        score += weights->idf[i] * ((f * (kK1 + 1.0)) / (f + lengthNorm));
    }
    sqlite3_result_double(result, -1.0 * score);
}

void deleteContext(void* context)
{
    delete static_cast<RankingContext*>(context);
}

} // namespace

Status registerFtsRanking(sqlite3* db, const std::string& subject)
{
    fts5_api* api = nullptr;
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v2(db, kGetFts5Api, -1, &statement, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sqliteError(db, rc);
    if (api == nullptr || api->iVersion < 2)
        return Error{ErrorCode::Sql, subject, "this SQLite has no FTS5 (version 2 API), which search needs"};
    auto context = std::make_unique<RankingContext>(RankingContext{db, kCodeChunkRowidRange, {}});
    rc = api->xCreateFunction(api, kCodeRankFunction, context.get(), codeBm25, deleteContext);
    if (rc != SQLITE_OK)
        return Error{ErrorCode::Sql, subject,
                     std::string("cannot register the FTS5 function ") + kCodeRankFunction + ": " + sqlite3_errstr(rc)};
    context.release(); // owned by FTS5 now
    return Ok{};
}

} // namespace cairn::storage
