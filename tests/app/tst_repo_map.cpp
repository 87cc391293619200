// SPDX-License-Identifier: MIT
// The repo map on hand-made graphs: a file everyone uses ranks first, --focus moves the walk,
// imports find files by path, symbol ranks follow references, and the outline never exceeds its
// budget whatever the counter. Also the fuzzy name ranking behind `find --fuzzy`.

#include "app/services/fuzzy_match.h"
#include "app/services/repo_map.h"

#include <QtTest>

using namespace cairn::app;
using cairn::storage::CodeFile;
using cairn::storage::CodeSymbol;
using cairn::storage::ReferenceEdge;

namespace {

/// Files 1..5: core.h defines Core and core_init; a.c, b.c, c.c each call core_init and use
/// Core; a.c also calls helper() of util.c, and util.c imports "core.h".
RepoGraph handMadeGraph()
{
    RepoGraph graph;
    const char* paths[] = {"src/a.c", "src/b.c", "src/c.c", "include/core.h", "src/util.c"};
    for (std::int64_t id = 1; id <= 5; ++id)
        graph.files.push_back({id, 1, paths[id - 1], "c", 10, 0, ""});
    auto symbol = [&](std::int64_t id, std::int64_t file, const char* name, const char* kind, std::int64_t line) {
        CodeSymbol s;
        s.id = id;
        s.fileId = file;
        s.name = name;
        s.kind = kind;
        s.startLine = line;
        s.endLine = line + 2;
        s.startByte = line * 10;
        s.endByte = line * 10 + 20;
        s.signature = std::string(kind) + " " + name;
        s.path = paths[file - 1];
        graph.symbols.push_back(s);
    };
    symbol(10, 1, "main_a", "function", 1);
    symbol(20, 2, "main_b", "function", 1);
    symbol(30, 3, "main_c", "function", 1);
    symbol(40, 4, "Core", "struct", 1);
    symbol(41, 4, "core_init", "function", 5);
    symbol(50, 5, "helper", "function", 1);
    for (std::int64_t from = 1; from <= 3; ++from) {
        graph.references.push_back({from, "core_init", "call", 41, 1});
        graph.references.push_back({from, "Core", "type", std::nullopt, 2});
    }
    graph.references.push_back({1, "helper", "call", std::nullopt, 3});
    graph.references.push_back({5, "core.h", "import", std::nullopt, 1});
    return graph;
}

std::vector<std::string> rankedPaths(const RepoGraph& graph, const RepoRanking& ranking)
{
    std::vector<std::string> paths;
    for (const RankedFile& file : ranking.files)
        paths.push_back(graph.files[file.file].path);
    return paths;
}

} // namespace

class TestRepoMap : public QObject {
    Q_OBJECT
private slots:
    void fileEveryoneUsesRanksFirst();
    void focusChangesTheOrder();
    void importsAndUniqueNamesMakeEdges();
    void budgetIsNeverExceeded_data();
    void budgetIsNeverExceeded();
    void outlineShowsFilesByRankAndNesting();
    void emptyGraph();
    void fuzzyRanking();
};

void TestRepoMap::fileEveryoneUsesRanksFirst()
{
    const RepoGraph graph = handMadeGraph();
    const RepoRanking ranking = rankRepository(graph);
    QCOMPARE(rankedPaths(graph, ranking).front(), std::string("include/core.h"));
    double sum = 0;
    for (const RankedFile& file : ranking.files)
        sum += file.rank;
    QVERIFY(std::abs(sum - 1) < 1e-9);
    // core_init (resolved, 3 calls) and Core (unique type, 6 uses) lead the symbols
    const CodeSymbol& best = graph.symbols[ranking.symbols.front().symbol];
    QCOMPARE(best.name, std::string("Core"));
    QCOMPARE(ranking.symbols.front().references, 6);
    QCOMPARE(graph.symbols[ranking.symbols[1].symbol].name, std::string("core_init"));
    QCOMPARE(ranking.symbols[1].references, 3);
}

void TestRepoMap::focusChangesTheOrder()
{
    const RepoGraph graph = handMadeGraph();
    const std::vector<std::string> uniform = rankedPaths(graph, rankRepository(graph));
    RankOptions focusOnB;
    focusOnB.focusPaths = {"src/b.c"};
    const RepoRanking focused = rankRepository(graph, focusOnB);
    const std::vector<std::string> paths = rankedPaths(graph, focused);
    QVERIFY(paths != uniform);
    QCOMPARE(uniform[0], std::string("include/core.h"));
    QCOMPARE(paths[0], std::string("src/b.c")); // the walk restarts there
    QCOMPARE(paths[1], std::string("include/core.h"));
    QCOMPARE(focused.fileRank.at(1), 0.0); // a.c is not reachable from b.c
    RankOptions focusOnA;
    focusOnA.focusPaths = {"src/a.c"};
    const RepoRanking fromA = rankRepository(graph, focusOnA);
    QVERIFY(fromA.fileRank.at(5) > fromA.fileRank.at(2)); // util.c, which a.c calls, beats b.c
    QVERIFY(rankRepository(graph).fileRank.at(5) < fromA.fileRank.at(5));
}

void TestRepoMap::importsAndUniqueNamesMakeEdges()
{
    RepoGraph graph = handMadeGraph();
    // util.c only imports core.h: with focus on it, core.h gets everything it passes on
    RankOptions focus;
    focus.focusPaths = {"src/util.c"};
    RepoRanking ranking = rankRepository(graph, focus);
    QVERIFY(ranking.fileRank.at(4) > 0.4);
    // a second definition of helper in another file makes the name ambiguous: no edge a.c -> util.c
    CodeSymbol twin = graph.symbols.back();
    twin.id = 51;
    twin.fileId = 2;
    twin.path = "src/b.c";
    graph.symbols.push_back(twin);
    focus.focusPaths = {"src/a.c"};
    ranking = rankRepository(graph, focus);
    QCOMPARE(ranking.fileRank.at(5), 0.0);
    // a type use does not name a function: "helper" as a type links nowhere either
    RepoGraph typed = handMadeGraph();
    typed.references[6].kind = "type";
    QCOMPARE(rankRepository(typed, focus).fileRank.at(5), 0.0);
}

void TestRepoMap::budgetIsNeverExceeded_data()
{
    QTest::addColumn<int>("budget");
    QTest::addColumn<bool>("byLines");
    for (int budget : {0, 1, 3, 7, 12, 20, 33, 50, 1000}) {
        QTest::addRow("bytes/4, %d", budget) << budget << false;
        QTest::addRow("lines, %d", budget) << budget << true;
    }
}

void TestRepoMap::budgetIsNeverExceeded()
{
    QFETCH(int, budget);
    QFETCH(bool, byLines);
    const RepoGraph graph = handMadeGraph();
    const RepoRanking ranking = rankRepository(graph);
    cairn::ingest::TokenCounter count;
    if (byLines)
        count = [](std::string_view text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); };
    const RepoMapText map = renderRepoMap(graph, ranking, budget, count);
    const int measured = byLines ? static_cast<int>(std::count(map.text.begin(), map.text.end(), '\n'))
                                 : cairn::ingest::estimateTokens(map.text);
    QCOMPARE(map.tokens, measured);
    QVERIFY2(map.tokens <= budget, qPrintable(QString::fromStdString(map.text)));
    // one symbol more would not have fitted (or every symbol is in)
    if (map.symbols < graph.symbols.size()) {
        const RepoMapText bigger = renderRepoMap(graph, ranking, budget + 1000, count);
        QVERIFY(bigger.symbols > map.symbols);
    }
    if (budget == 1000)
        QCOMPARE(map.symbols, graph.symbols.size());
    if (byLines && budget == 3) { // "path:" plus two signatures, or one file's header and one symbol
        QCOMPARE(map.tokens, 3);
        QVERIFY(map.text.starts_with("include/core.h:\n"));
    }
}

void TestRepoMap::outlineShowsFilesByRankAndNesting()
{
    RepoGraph graph = handMadeGraph();
    CodeSymbol method = graph.symbols[3]; // inside Core
    method.id = 42;
    method.name = "reset";
    method.kind = "method";
    method.parentId = 40;
    method.startByte = 15;
    method.signature = "void reset(void)\n";
    graph.symbols.push_back(method);
    const RepoMapText map = renderRepoMap(graph, rankRepository(graph), 1000);
    const std::string expectedStart = "include/core.h:\n  struct Core\n    void reset(void)\n  function core_init\n";
    QVERIFY2(map.text.starts_with(expectedStart), map.text.c_str());
    QCOMPARE(map.files, 5u);
    QVERIFY(map.text.find("src/util.c:\n  function helper\n") != std::string::npos);
}

void TestRepoMap::emptyGraph()
{
    const RepoGraph graph;
    const RepoRanking ranking = rankRepository(graph);
    QVERIFY(ranking.files.empty());
    const RepoMapText map = renderRepoMap(graph, ranking, 100);
    QVERIFY(map.text.empty());
    QCOMPARE(map.tokens, 0);
}

void TestRepoMap::fuzzyRanking()
{
    const std::vector<std::string> names{"parse", "parseHeader", "ParserState", "compare", "sparse_matrix", "parze"};
    const std::vector<FuzzyMatch> matches = rankFuzzy("parse", names, 10);
    std::vector<std::string> order;
    for (const FuzzyMatch& match : matches)
        order.push_back(match.name);
    // prefix matches skip nothing, shorter first; "sparse_matrix" skips one; "parze" is one typo
    // away, "compare" neither holds the letters in order nor is close enough
    QCOMPARE(order, (std::vector<std::string>{"parse", "ParserState", "parseHeader", "sparse_matrix", "parze"}));
    QVERIFY(matches.back().subsequence == false);
    QCOMPARE(matches.back().penalty, 1);
    QVERIFY(rankFuzzy("psrae", {"parse"}, 10).empty()); // two edits: too far for five letters
    QCOMPARE(rankFuzzy("pHdr", names, 10).front().name, std::string("parseHeader"));
    QCOMPARE(rankFuzzy("parse", names, 2).size(), 2u);
    QVERIFY(rankFuzzy("", names, 10).empty());
    QCOMPARE(editDistance("kitten", "sitting"), 3);
    QCOMPARE(editDistance("Parse", "parse"), 0);
}

QTEST_GUILESS_MAIN(TestRepoMap)
#include "tst_repo_map.moc"
