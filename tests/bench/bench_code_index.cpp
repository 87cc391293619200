// SPDX-License-Identifier: MIT
// bench_code_index: writes N synthetic code chunks through RepoIndexStore::upsertFiles, then times
// CodeSearch queries and reports them per class of match count. Prints one fixed-format line per
// measurement and a final `result ok|FAIL` after checking known hit counts. Not a test of ranking.
//
// Corpus (deterministic, C-like): real code has a very skewed but large vocabulary, so chunks are
// built from kIdentifiers distinct identifiers (1-3 parts from kParts, snake_case, camelCase,
// PascalCase or UPPER_CASE) drawn with a Zipf law (s = 1: the i-th most used name is used ~1/i as
// often as the first; one-part names like `len` take the top ranks). A function mostly uses 4-12
// names of its own (7 draws in 10), the rest come half from a per-file set of names, half from the
// whole vocabulary; keywords and a few hundred English comment words are Zipf-drawn as well, with punctuation
// and number literals around them. Chunks are functions of 3-40 lines (most 6-15, ~550 bytes on
// average; the chunker's budget is 512 tokens). So the FTS vocabulary has tens of thousands of
// terms: identifiers and their snake_case parts are mostly rare, identifier parts like `get` and
// keywords like `return` are in a large share of the chunks, as in real repositories.
//
// Queries (deterministic): identifiers as a user pastes them (snake_case is searched as a phrase),
// with popularity ranks spread log-uniformly over the vocabulary; single identifier parts; 2-3
// word queries of parts and comment words; single common words (keywords, `error`, `the`); and a
// tenth restricted to a small second repository. After timing, each query is put in a class by
// how many chunks it matches (CodeSearch::countMatches): rare < 1,000 <= medium < 50,000 <= common.
// Latency is wall time and the query thread's CPU time (the second is what a busy machine
// cannot inflate). Usage: bench_code_index [--chunks N] [--batch FILES] [--queries N] [--db PATH]
// [--optimize 0|1] (1, the default: RepoIndexStore::optimizeSearchIndex() after the insert, timed)

#include "storage/code_search.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

using namespace cairn::storage;

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunksPerFile = 20;
constexpr std::size_t kFilesPerCall = 1000; ///< files generated and handed to upsertFiles at a time
constexpr std::size_t kMarkerEvery = 997;   ///< every 997th chunk carries the marker word
constexpr const char* kMarker = "zebrafish";
constexpr std::size_t kIdentifiers = 50000;
constexpr std::size_t kFileLocalNames = 40;
constexpr std::int64_t kRareBelow = 1000;
constexpr std::int64_t kCommonFrom = 50000;

// Identifier parts, roughly by how often they appear in names.
constexpr std::array kParts = {
    "get",    "set",     "is",       "init",     "data",   "size",     "len",      "count",    "index",    "buf",
    "name",   "value",   "type",     "id",       "list",   "node",     "read",     "write",    "file",     "path",
    "new",    "free",    "add",      "remove",   "update", "find",     "create",   "delete",   "check",    "handle",
    "error",  "err",     "state",    "ctx",      "info",   "item",     "entry",    "key",      "map",      "table",
    "parse",  "format",  "print",    "log",      "debug",  "config",   "option",   "flag",     "mode",     "str",
    "open",   "close",   "start",    "stop",     "run",    "call",     "load",     "save",     "store",    "fetch",
    "send",   "recv",    "push",     "pop",      "insert", "clear",    "reset",    "copy",     "move",     "swap",
    "begin",  "end",     "first",    "last",     "next",   "prev",     "parent",   "child",    "root",     "tree",
    "hash",   "lock",    "mutex",    "thread",   "task",   "queue",    "stack",    "pool",     "alloc",    "mem",
    "header", "body",    "request",  "response", "client", "server",   "conn",     "socket",   "port",     "host",
    "addr",   "url",     "http",     "json",     "xml",    "query",    "cache",    "event",    "signal",   "callback",
    "hook",   "plugin",  "module",   "import",   "export", "filter",   "sort",     "merge",    "split",    "join",
    "match",  "search",  "validate", "verify",   "test",   "mock",     "time",     "timer",    "clock",    "wait",
    "notify", "ready",   "done",     "valid",    "empty",  "full",     "max",      "min",      "total",    "num",
    "offset", "limit",   "range",    "scope",    "level",  "depth",    "width",    "height",   "color",    "font",
    "image",  "pixel",   "render",   "draw",     "shader", "texture",  "mesh",     "vertex",   "matrix",   "vec",
    "point",  "rect",    "scale",    "rotate",   "input",  "output",   "stream",   "pipe",     "channel",  "sink",
    "source", "token",   "lexer",    "parser",   "expr",   "stmt",     "decl",     "func",     "method",   "class",
    "field",  "member",  "attr",     "prop",     "user",   "session",  "auth",     "login",    "perm",     "role",
    "group",  "account", "email",    "device",   "driver", "irq",      "dma",      "page",     "block",    "chunk",
    "frame",  "packet",  "payload",  "crc",      "codec",  "decode",   "encode",   "compress", "sample",   "audio",
    "video",  "widget",  "window",   "layout",   "view",   "model",    "layer",    "weight",   "tensor",   "kernel",
    "graph",  "edge",    "visit",    "walk",     "scan",   "emit",     "dispatch", "schedule", "retry",    "backoff",
    "quota",  "budget",  "metric",   "trace",    "span",   "snapshot", "journal",  "commit",   "rollback", "txn",
    "shard",  "replica", "leader",   "vote",     "term",   "epoch",    "lease",    "fence",    "barrier",  "atomic"};
constexpr std::array kKeywords
    = {"return", "if",    "const",  "int",   "void",     "struct",  "static", "for",     "else",    "char",  "unsigned",
       "size_t", "while", "bool",   "break", "sizeof",   "case",    "switch", "NULL",    "true",    "false", "uint32_t",
       "enum",   "goto",  "double", "float", "continue", "default", "inline", "uint8_t", "int64_t", "do"};
constexpr std::array kWords
    = {"the",        "a",         "to",       "is",       "of",       "and",        "if",      "in",     "for",
       "this",       "we",        "it",       "not",      "be",       "when",       "that",    "on",     "with",
       "as",         "are",       "can",      "so",       "or",       "from",       "by",      "no",     "must",
       "only",       "here",      "all",      "TODO",     "will",     "has",        "should",  "before", "after",
       "each",       "one",       "may",      "then",     "fails",    "return",     "caller",  "owns",   "null",
       "already",    "still",     "again",    "never",    "always",   "keep",       "make",    "sure",   "note",
       "because",    "otherwise", "until",    "while",    "first",    "last",       "bytes",   "length", "buffer",
       "lock",       "held",      "released", "called",   "returns",  "error",      "errors",  "value",  "values",
       "pointer",    "list",      "entries",  "empty",    "full",     "valid",      "invalid", "update", "state",
       "check",      "checks",    "case",     "cases",    "slow",     "fast",       "path",    "wrong",  "right",
       "old",        "new",       "next",     "previous", "overflow", "underflow",  "race",    "leak",   "freed",
       "twice",      "copy",      "copies",   "write",    "writes",   "read",       "reads",   "retry",  "timeout",
       "deadline",   "signal",    "device",   "driver",   "kernel",   "user",       "space",   "page",   "pages",
       "memory",     "disk",      "network",  "packet",   "header",   "payload",    "size",    "sizes",  "limit",
       "limits",     "bound",     "bounds",   "range",    "hack",     "workaround", "bug",     "fix",    "fixed",
       "regression", "ticket",    "see",      "also",     "above",    "below",      "why",     "how",    "what",
       "which",      "who",       "where",    "assume",   "assumes",  "guarantee",  "order",   "sorted", "unsorted",
       "stable",     "unstable",  "atomic",   "volatile", "barrier",  "fence",      "cache"};
/// Single words a user might type that are in a large share of any C code base.
constexpr std::array kCommonQueries
    = {"return", "const", "struct", "static", "error", "size", "the", "buffer", "value", "int", "data", "if"};

/// splitmix64: a small deterministic generator, the same sequence on every machine.
struct Random {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

/// Draws ranks 0..n-1 with P(rank i) proportional to 1 / (i + 1)^s (Zipf's law).
class Zipf {
public:
    Zipf(std::size_t n, double s) : m_cdf(n)
    {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i)
            m_cdf[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), s));
        for (double& value : m_cdf)
            value /= sum;
    }
    std::size_t draw(Random& random) const
    {
        const auto it = std::lower_bound(m_cdf.begin(), m_cdf.end(), random.unit());
        return std::min(static_cast<std::size_t>(it - m_cdf.begin()), m_cdf.size() - 1);
    }

private:
    std::vector<double> m_cdf;
};

/// Concatenation by appending: sums of std::string trip GCC 12's -Wrestrict at -O3.
std::string cat(std::initializer_list<std::string_view> parts)
{
    std::string text;
    for (const std::string_view part : parts)
        text += part;
    return text;
}

/// The corpus's vocabulary and its distributions; identifiers[0] is the most used.
struct Vocabulary {
    std::vector<std::string> identifiers;
    Zipf identifierRank{kIdentifiers, 1.0};
    Zipf partRank{kParts.size(), 0.9};
    Zipf keywordRank{kKeywords.size(), 1.0};
    Zipf wordRank{kWords.size(), 1.0};

    Vocabulary()
    {
        Random random{1234};
        std::set<std::string> seen;
        identifiers.reserve(kIdentifiers);
        while (identifiers.size() < kIdentifiers) {
            const double u = random.unit();
            const std::size_t partCount = u < 0.2 ? 1 : u < 0.75 ? 2 : 3;
            std::vector<std::string> parts;
            for (std::size_t i = 0; i < partCount; ++i)
                parts.emplace_back(kParts[partRank.draw(random)]);
            const std::size_t style = random.below(100);
            std::string name;
            for (std::size_t i = 0; i < parts.size(); ++i) {
                std::string part = parts[i];
                if (style < 45) { // snake_case
                    if (i > 0)
                        name += '_';
                } else if (style < 92) { // camelCase (45-79) or PascalCase (80-91)
                    if (i > 0 || style >= 80)
                        part[0] = static_cast<char>(part[0] - 'a' + 'A');
                } else { // UPPER_CASE constant
                    if (i > 0)
                        name += '_';
                    for (char& c : part)
                        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
                }
                name += part;
            }
            if (seen.insert(name).second)
                identifiers.push_back(std::move(name));
        }
        // The most used names in real code are short and generic (`data`, `len`, `ctx`): fewer parts first.
        std::stable_sort(identifiers.begin(), identifiers.end(),
                         [](const std::string& a, const std::string& b) { return parts(a) < parts(b); });
    }

    static std::size_t parts(const std::string& name)
    {
        std::size_t count = 1;
        for (std::size_t i = 1; i < name.size(); ++i)
            count += name[i] == '_' || (name[i] >= 'A' && name[i] <= 'Z' && name[i - 1] >= 'a' && name[i - 1] <= 'z');
        return count;
    }
};

struct ChunkWriter {
    const Vocabulary& vocabulary;
    Random& random;
    const std::vector<std::size_t>& fileNames;
    std::vector<std::size_t> functionNames{};

    std::size_t fileOrGlobalName()
    {
        if (random.below(2) == 0)
            return fileNames[random.below(fileNames.size())];
        return vocabulary.identifierRank.draw(random);
    }
    /// A function mostly uses its own few names (locals, parameters), sometimes others.
    const std::string& name()
    {
        if (!functionNames.empty() && random.below(10) < 7)
            return vocabulary.identifiers[functionNames[random.below(functionNames.size())]];
        return vocabulary.identifiers[fileOrGlobalName()];
    }
    const char* keyword() { return kKeywords[vocabulary.keywordRank.draw(random)]; }
    const char* word() { return kWords[vocabulary.wordRank.draw(random)]; }

    std::string comment()
    {
        std::string text = "    //";
        const std::size_t words = 3 + random.below(9);
        for (std::size_t i = 0; i < words; ++i) {
            text += ' ';
            text += random.below(5) == 0 ? std::string_view(name()) : std::string_view(word());
        }
        return text + "\n";
    }

    std::string line()
    {
        switch (random.below(9)) {
        case 0:
            return cat({"    if (", name(), "->", name(), " == ", keyword(), ")\n        return ", name(), ";\n"});
        case 1:
            return cat({"    ", name(), " = ", name(), "(", name(), ", ", std::to_string(random.below(4096)), ");\n"});
        case 2:
            return cat(
                {"    for (", keyword(), " i = 0; i < ", name(), "; ++i)\n        ", name(), "(&", name(), "[i]);\n"});
        case 3:
            return comment();
        case 4:
            return cat({"    ", keyword(), " ", name(), " = ", name(), "->", name(), ";\n"});
        case 5:
            return cat({"    if (!", name(), "(", name(), ")) {\n        ", name(), "(\"", word(), " ", word(),
                        "\");\n", "        return -", name(), ";\n    }\n"});
        case 6:
            return cat({"    ", name(), ".", name(), "(", name(), ", sizeof(", name(), "));\n"});
        case 7:
            return cat(
                {"    while (", name(), " ", keyword(), " ", name(), ")\n        ", name(), " += ", name(), ";\n"});
        default:
            return cat({"    ", keyword(), " ", keyword(), " ", name(), "[", std::to_string(random.below(64)), "];\n"});
        }
    }

    /// Lines per function: 3-40, most 6-15 (a log-normal-like spread).
    std::size_t lineCount()
    {
        const double u = random.unit() + random.unit() + random.unit(); // 0..3, bell-shaped
        return std::clamp<std::size_t>(static_cast<std::size_t>(std::exp(0.8 + 0.9 * u)), 3, 40);
    }

    std::string function(const std::string& functionName, std::size_t chunkNumber)
    {
        functionNames.clear();
        const std::size_t ownNames = 4 + random.below(9);
        for (std::size_t i = 0; i < ownNames; ++i)
            functionNames.push_back(fileOrGlobalName());
        std::string text;
        if (random.below(3) == 0)
            text += comment().substr(4);
        text += cat({"static ", keyword(), " ", functionName, "(struct ", name(), "* ", name(), ", ", keyword(), " ",
                     name(), ")\n{\n"});
        const std::size_t lines = lineCount();
        for (std::size_t i = 0; i < lines; ++i)
            text += line();
        if (chunkNumber % kMarkerEvery == 0)
            text += cat({"    ", kMarker, "_trace(", name(), ");\n"});
        text += cat({"    return ", name(), ";\n}\n"});
        return text;
    }
};

FileIndex makeFile(const Vocabulary& vocabulary, Random& random, std::size_t fileNumber, std::size_t& chunkNumber)
{
    std::vector<std::size_t> fileNames;
    for (std::size_t i = 0; i < kFileLocalNames; ++i)
        fileNames.push_back(vocabulary.identifierRank.draw(random));
    ChunkWriter writer{vocabulary, random, fileNames};
    FileIndex file;
    file.file.path
        = cat({"src/", kParts[fileNumber % kParts.size()], "/", writer.name(), "_", std::to_string(fileNumber), ".c"});
    file.file.language = std::string("c"); // move-assigned: GCC 12 -O3 warns (-Wrestrict) on = "c" here
    file.file.contentHash = std::to_string(random.next());
    std::int64_t line = 1;
    std::int64_t byte = 0;
    for (std::size_t i = 0; i < kChunksPerFile; ++i, ++chunkNumber) {
        const std::string name = writer.name();
        std::string text = writer.function(name, chunkNumber);
        const auto lines = static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n'));
        const auto bytes = static_cast<std::int64_t>(text.size());
        file.symbols.push_back({name, "function", byte, byte + bytes, line, line + lines - 1, "", std::nullopt});
        file.chunks.push_back({line, line + lines - 1, byte, byte + bytes, i, std::move(text), bytes / 4});
        line += lines + 1;
        byte += bytes + 1;
    }
    file.file.sizeBytes = byte;
    return file;
}

struct Query {
    std::string text;
    bool onlyOther = false; ///< restricted to the small second repository
    const char* kind = "";
};

std::vector<Query> makeQueries(const Vocabulary& vocabulary, std::size_t count)
{
    std::vector<Query> queries;
    Random pick{7};
    const auto logUniformIdentifier = [&]() -> const std::string& {
        const double rank = std::exp(pick.unit() * std::log(static_cast<double>(kIdentifiers)));
        return vocabulary.identifiers[std::min(kIdentifiers - 1, static_cast<std::size_t>(rank) - 1)];
    };
    while (queries.size() < count) {
        Query query;
        const std::size_t slot = queries.size() % 10;
        if (slot < 4) {
            query.text = logUniformIdentifier();
            query.kind = "identifier";
        } else if (slot < 6) {
            query.text = kParts[vocabulary.partRank.draw(pick)];
            query.kind = "part";
        } else if (slot < 8) {
            const std::size_t words = 2 + pick.below(2);
            for (std::size_t i = 0; i < words; ++i) {
                if (i > 0)
                    query.text += ' ';
                query.text += pick.below(2) == 0 ? kParts[vocabulary.partRank.draw(pick)]
                                                 : kWords[vocabulary.wordRank.draw(pick)];
            }
            query.kind = "words";
        } else if (slot < 9) {
            query.text = kCommonQueries[pick.below(kCommonQueries.size())];
            query.kind = "common";
        } else {
            query.text = pick.below(2) == 0 ? logUniformIdentifier() : std::string(kParts[pick.below(40)]);
            query.onlyOther = true;
            query.kind = "repository";
        }
        queries.push_back(std::move(query));
    }
    return queries;
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) * 1e-6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

std::uintmax_t sizeOf(const fs::path& path)
{
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t chunks = 1000000;
    std::size_t batch = 250;
    std::size_t queryCount = 300;
    bool optimize = true;
    fs::path dbPath;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--chunks") == 0)
            chunks = std::strtoull(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--batch") == 0)
            batch = std::strtoull(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--queries") == 0)
            queryCount = std::strtoull(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--db") == 0)
            dbPath = argv[i + 1];
        else if (std::strcmp(argv[i], "--optimize") == 0)
            optimize = std::strcmp(argv[i + 1], "0") != 0;
    }
    const bool temporary = dbPath.empty();
    if (temporary)
        dbPath = fs::temp_directory_path() / ("bench_code_index_" + std::to_string(getpid()) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(dbPath.string() + suffix);

    auto db = Database::open(dbPath);
    if (!db) {
        std::fprintf(stderr, "%s\n", db.error().message().c_str());
        return 1;
    }
    RepoIndexStore store(db.value());
    const auto repository = store.addRepository({"/bench/repo", "repo", "0000000"});
    const auto other = store.addRepository({"/bench/other", "other", "0000000"});
    if (!repository || !other) {
        std::fprintf(stderr, "cannot add the repositories\n");
        return 1;
    }

    // Insert: files are generated kFilesPerCall at a time (outside the timing) and written in
    // transactions of `batch` files each; the last 1% of the files go to a second repository.
    const Vocabulary vocabulary;
    Random random{42};
    std::size_t chunkNumber = 0;
    std::size_t fileNumber = 0;
    std::uint64_t textBytes = 0;
    const std::size_t files = (chunks + kChunksPerFile - 1) / kChunksPerFile;
    const std::size_t otherFrom = files - files / 100;
    double insertSeconds = 0;
    while (fileNumber < files) {
        std::vector<FileIndex> slab;
        const std::size_t end = std::min(files, fileNumber + kFilesPerCall);
        const std::size_t slabEnd = fileNumber < otherFrom ? std::min(end, otherFrom) : end;
        for (; fileNumber < slabEnd; ++fileNumber) {
            slab.push_back(makeFile(vocabulary, random, fileNumber, chunkNumber));
            for (const NewChunk& chunk : slab.back().chunks)
                textBytes += chunk.text.size();
        }
        const auto start = std::chrono::steady_clock::now();
        auto written
            = store.upsertFiles(fileNumber <= otherFrom ? repository.value().id : other.value().id, slab, batch);
        insertSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!written) {
            std::fprintf(stderr, "%s\n", written.error().message().c_str());
            return 1;
        }
    }
    std::printf("chunks %zu files %zu batch %zu files text %.0f bytes/chunk\n", chunkNumber, files, batch,
                static_cast<double>(textBytes) / static_cast<double>(chunkNumber));
    std::printf("insert %.2f s %.0f chunks/s\n", insertSeconds, static_cast<double>(chunkNumber) / insertSeconds);
    if (optimize) {
        const auto start = std::chrono::steady_clock::now();
        Status optimized = store.optimizeSearchIndex();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!optimized) {
            std::fprintf(stderr, "%s\n", optimized.error().message().c_str());
            return 1;
        }
        std::printf("optimize %.2f s; insert with optimize %.0f chunks/s\n", seconds,
                    static_cast<double>(chunkNumber) / (insertSeconds + seconds));
    }

    CodeSearch search(db.value());
    const std::vector<Query> queries = makeQueries(vocabulary, queryCount);
    std::vector<double> latencies;
    std::vector<double> cpuTimes;
    std::size_t hitsTotal = 0;
    for (const Query& query : queries) {
        const double cpuStart = threadCpuMs();
        const auto start = std::chrono::steady_clock::now();
        auto hits = search.search(query.text, 20,
                                  query.onlyOther ? std::optional<std::int64_t>(other.value().id) : std::nullopt);
        latencies.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        cpuTimes.push_back(threadCpuMs() - cpuStart);
        if (!hits) {
            std::fprintf(stderr, "%s: %s\n", query.text.c_str(), hits.error().message().c_str());
            return 1;
        }
        hitsTotal += hits.value().size();
    }
    std::printf("queries %zu p50 %.2f ms p99 %.2f ms max %.2f ms hits %zu\n", latencies.size(),
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0), hitsTotal);
    std::printf("queries cpu p50 %.2f ms p99 %.2f ms max %.2f ms\n", percentile(cpuTimes, 0.5),
                percentile(cpuTimes, 0.99), percentile(cpuTimes, 1.0));

    // Per class of match count, so a reader sees where the time goes; the slowest queries by name.
    std::array<std::vector<double>, 3> byClass;
    std::array<std::vector<double>, 3> cpuByClass;
    std::array<std::int64_t, 3> maxMatches{};
    std::vector<std::pair<double, std::size_t>> slowest;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        auto matches = search.countMatches(
            queries[i].text, queries[i].onlyOther ? std::optional<std::int64_t>(other.value().id) : std::nullopt);
        if (!matches) {
            std::fprintf(stderr, "%s: %s\n", queries[i].text.c_str(), matches.error().message().c_str());
            return 1;
        }
        const std::size_t cls = matches.value() < kRareBelow ? 0 : matches.value() < kCommonFrom ? 1 : 2;
        byClass[cls].push_back(latencies[i]);
        cpuByClass[cls].push_back(cpuTimes[i]);
        maxMatches[cls] = std::max(maxMatches[cls], matches.value());
        slowest.emplace_back(latencies[i], i);
    }
    constexpr std::array kClassNames = {"rare", "medium", "common"};
    for (std::size_t cls = 0; cls < byClass.size(); ++cls)
        std::printf("class %s queries %zu p50 %.2f ms p99 %.2f ms max %.2f ms cpu p50 %.2f ms p99 %.2f ms"
                    " matches<=%lld\n",
                    kClassNames[cls], byClass[cls].size(), percentile(byClass[cls], 0.5),
                    percentile(byClass[cls], 0.99), percentile(byClass[cls], 1.0), percentile(cpuByClass[cls], 0.5),
                    percentile(cpuByClass[cls], 0.99), static_cast<long long>(maxMatches[cls]));
    std::sort(slowest.rbegin(), slowest.rend());
    for (std::size_t i = 0; i < std::min<std::size_t>(5, slowest.size()); ++i) {
        const Query& query = queries[slowest[i].second];
        auto matches = search.countMatches(
            query.text, query.onlyOther ? std::optional<std::int64_t>(other.value().id) : std::nullopt);
        std::printf("slow %.2f ms cpu %.2f ms %s \"%s\" matches %lld\n", slowest[i].first, cpuTimes[slowest[i].second],
                    query.kind, query.text.c_str(), static_cast<long long>(matches ? matches.value() : -1));
    }

    // Verification: every marker chunk, and nothing else, is found.
    const std::size_t expected = (chunkNumber + kMarkerEvery - 1) / kMarkerEvery;
    auto markers = search.search(kMarker, static_cast<int>(expected) + 10);
    const std::size_t found = markers ? markers.value().size() : 0;
    const std::uintmax_t bytes = sizeOf(dbPath) + sizeOf(dbPath.string() + "-wal");
    std::printf("db size %.1f MB (%.0f bytes/chunk)\n", static_cast<double>(bytes) / 1e6,
                static_cast<double>(bytes) / static_cast<double>(chunkNumber));
    const bool ok = found == expected && hitsTotal > 0;
    std::printf("result %s (%s hits %zu of %zu)\n", ok ? "ok" : "FAIL", kMarker, found, expected);
    if (temporary)
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(dbPath.string() + suffix);
    return ok ? 0 : 1;
}
