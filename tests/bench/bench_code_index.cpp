// SPDX-License-Identifier: MIT
// bench_code_index: writes N synthetic code chunks (deterministic C-like text, one symbol each)
// through RepoIndexStore::upsertFiles, then times CodeSearch queries. Prints one fixed-format line
// per measurement and a final `result ok|FAIL` after checking known hit counts.
// Usage: bench_code_index [--chunks N] [--batch FILES] [--queries N] [--db PATH]

#include "storage/code_search.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
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

constexpr std::array kVerbs = {"get",   "set",   "parse",  "read",  "write", "load",  "store", "find",  "make",
                               "build", "check", "update", "reset", "init",  "apply", "merge", "split", "send",
                               "recv",  "open",  "close",  "flush", "emit",  "visit", "scan",  "sort",  "hash"};
constexpr std::array kNouns
    = {"header",  "buffer", "token",  "node",   "tree",    "cache",  "index",  "value",  "record", "entry",
       "context", "config", "stream", "socket", "packet",  "frame",  "layer",  "tensor", "matrix", "vector",
       "string",  "path",   "file",   "block",  "chunk",   "symbol", "scope",  "module", "plugin", "session",
       "request", "reply",  "queue",  "thread", "mutex",   "signal", "handle", "state",  "kernel", "device",
       "window",  "widget", "model",  "graph",  "edge",    "vertex", "query",  "result", "error",  "status",
       "parser",  "lexer",  "writer", "reader", "decoder", "shader", "sample", "weight", "offset", "length"};
constexpr std::array kTypes = {"int", "size_t", "uint32_t", "float", "double", "bool", "char*", "void*"};

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
    /// Skewed towards small indices (roughly Zipf-like): a few names are common, most are rare.
    std::size_t skewed(std::size_t n)
    {
        const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
        return std::min(n - 1, static_cast<std::size_t>(static_cast<double>(n) * u * u * u));
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

/// Concatenation by appending: sums of std::string trip GCC 12's -Wrestrict at -O3.
std::string cat(std::initializer_list<std::string_view> parts)
{
    std::string text;
    for (const std::string_view part : parts)
        text += part;
    return text;
}

std::string identifier(Random& random, bool snake)
{
    std::string name = kVerbs[random.skewed(kVerbs.size())];
    std::string noun = kNouns[random.skewed(kNouns.size())];
    if (snake)
        return cat({name, "_", noun});
    noun[0] = static_cast<char>(noun[0] - 'a' + 'A');
    return cat({name, noun});
}

/// One function of 6-10 lines in C style, about 300 bytes.
std::string chunkText(Random& random, const std::string& name, std::size_t chunkNumber)
{
    const std::string type = kTypes[random.below(kTypes.size())];
    const std::string arg = kNouns[random.skewed(kNouns.size())];
    std::string text = cat({"static ", type, " ", name, "(struct ", arg, "* ", arg, ", size_t count)\n{\n"});
    const std::size_t lines = 4 + random.below(5);
    for (std::size_t line = 0; line < lines; ++line) {
        const std::string callee = identifier(random, random.below(2) == 0);
        const std::string local = kNouns[random.skewed(kNouns.size())];
        switch (random.below(4)) {
        case 0:
            text += cat({"    if (!", callee, "(", arg, ", count))\n        return ", local, "_error;\n"});
            break;
        case 1:
            text += cat({"    ", local, " = ", callee, "(", local, ", ", std::to_string(random.below(4096)), ");\n"});
            break;
        case 2:
            text += cat({"    for (size_t i = 0; i < count; ++i)\n        ", callee, "(&", arg, "[i]);\n"});
            break;
        default:
            text += cat({"    // ", callee, " keeps the ", local, " in step with the ", arg, "\n"});
            break;
        }
    }
    if (chunkNumber % kMarkerEvery == 0)
        text += cat({"    ", kMarker, "_trace(", arg, ");\n"});
    text += cat({"    return ", arg, "->", kNouns[random.skewed(kNouns.size())], ";\n}\n"});
    return text;
}

FileIndex makeFile(Random& random, std::size_t fileNumber, std::size_t& chunkNumber)
{
    FileIndex file;
    file.file.path = cat({"src/", kNouns[fileNumber % kNouns.size()], "/", identifier(random, true), "_",
                          std::to_string(fileNumber), ".c"});
    file.file.language = std::string("c"); // move-assigned: GCC 12 -O3 warns (-Wrestrict) on = "c" here
    file.file.contentHash = std::to_string(random.next());
    std::int64_t line = 1;
    std::int64_t byte = 0;
    for (std::size_t i = 0; i < kChunksPerFile; ++i, ++chunkNumber) {
        const std::string name = identifier(random, random.below(2) == 0);
        std::string text = chunkText(random, name, chunkNumber);
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

double percentile(std::vector<double> values, double p)
{
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
    std::size_t queryCount = 240;
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
    Random random{42};
    std::size_t chunkNumber = 0;
    std::size_t fileNumber = 0;
    const std::size_t files = (chunks + kChunksPerFile - 1) / kChunksPerFile;
    const std::size_t otherFrom = files - files / 100;
    double insertSeconds = 0;
    while (fileNumber < files) {
        std::vector<FileIndex> slab;
        const std::size_t end = std::min(files, fileNumber + kFilesPerCall);
        const std::size_t slabEnd = fileNumber < otherFrom ? std::min(end, otherFrom) : end;
        for (; fileNumber < slabEnd; ++fileNumber)
            slab.push_back(makeFile(random, fileNumber, chunkNumber));
        const auto start = std::chrono::steady_clock::now();
        auto written
            = store.upsertFiles(fileNumber <= otherFrom ? repository.value().id : other.value().id, slab, batch);
        insertSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!written) {
            std::fprintf(stderr, "%s\n", written.error().message().c_str());
            return 1;
        }
    }
    std::printf("chunks %zu files %zu batch %zu files\n", chunkNumber, files, batch);
    std::printf("insert %.2f s %.0f chunks/s\n", insertSeconds, static_cast<double>(chunkNumber) / insertSeconds);

    // Queries: identifiers of every frequency, snake_case phrases, two-word queries, the marker,
    // some restricted to the small repository. Deterministic, so runs compare.
    std::vector<std::pair<std::string, bool>> queries; // text, only the second repository
    Random pick{7};
    while (queries.size() < queryCount) {
        const std::size_t kind = queries.size() % 6;
        std::string verb = kVerbs[pick.below(kVerbs.size())];
        std::string noun = kNouns[pick.below(kNouns.size())];
        switch (kind) {
        case 0:
            queries.emplace_back(verb + "_" + noun, false);
            break;
        case 1:
            noun[0] = static_cast<char>(noun[0] - 'a' + 'A');
            queries.emplace_back(verb + noun, false);
            break;
        case 2:
            queries.emplace_back(noun + " " + kNouns[pick.below(kNouns.size())], false);
            break;
        case 3:
            queries.emplace_back(verb + "_" + noun + " " + kNouns[pick.below(kNouns.size())], true);
            break;
        case 4:
            queries.emplace_back(noun, pick.below(2) == 0);
            break;
        default:
            queries.emplace_back(std::string(kMarker) + " " + noun, false);
            break;
        }
    }
    CodeSearch search(db.value());
    std::vector<double> latencies;
    std::size_t hitsTotal = 0;
    for (const auto& [text, onlyOther] : queries) {
        const auto start = std::chrono::steady_clock::now();
        auto hits = search.search(text, 20, onlyOther ? std::optional<std::int64_t>(other.value().id) : std::nullopt);
        latencies.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (!hits) {
            std::fprintf(stderr, "%s: %s\n", text.c_str(), hits.error().message().c_str());
            return 1;
        }
        hitsTotal += hits.value().size();
    }
    std::printf("queries %zu p50 %.2f ms p99 %.2f ms max %.2f ms hits %zu\n", latencies.size(),
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0), hitsTotal);

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
