// SPDX-License-Identifier: MIT
// RepoGraphStore: every symbol of one repository in path order, references grouped and counted
// with their resolution, distinct names per repository or overall, and stamp updates that leave
// symbols and chunks alone.

#include "storage/database.h"
#include "storage/repo_graph_store.h"
#include "storage/repo_index_store.h"

#include <QtTest>

using namespace cairn::storage;

namespace {

/// A file defining `name` (a function) that calls each of `calls` on its own line.
FileIndex callerFile(const std::string& path, const std::string& name, const std::vector<std::string>& calls)
{
    FileIndex file;
    file.file.path = path;
    file.file.language = "c";
    file.file.sizeBytes = 100;
    file.file.mtimeMs = 1000;
    file.file.contentHash = "hash-" + path;
    file.symbols.push_back({name, "function", 0, 100, 1, 10, "void " + name + "(void)", std::nullopt});
    std::int64_t line = 2;
    for (const std::string& callee : calls)
        file.references.push_back({0, line++, callee, std::nullopt, "call"});
    file.chunks.push_back({1, 10, 0, 100, 0, "void " + name + "(void) { }", 6});
    return file;
}

} // namespace

class TestRepoGraphStore : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_db.reset(); }
    void symbolsOfOneRepositoryInPathOrder();
    void referencesGroupedAndCounted();
    void symbolNamesDistinctPerRepository();
    void updateStampsKeepsTheIndex();

private:
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    std::int64_t m_repo = 0;
    std::int64_t m_other = 0;
};

void TestRepoGraphStore::init()
{
    auto db = Database::open((m_dir.path() + "/" + QTest::currentTestFunction() + ".db").toStdString());
    QVERIFY(db.ok());
    QVERIFY(m_db.emplace(std::move(db).value()).handle() != nullptr);
    RepoIndexStore store(*m_db);
    m_repo = store.addRepository({"/src/a", "a", ""}).value().id;
    m_other = store.addRepository({"/src/b", "b", ""}).value().id;
    std::vector<FileIndex> files{callerFile("z.c", "zeta", {"alpha", "alpha", "printf"}),
                                 callerFile("a.c", "alpha", {"zeta"})};
    QVERIFY(store.upsertFiles(m_repo, files, 10).ok());
    QVERIFY(store.upsertFiles(m_other, {callerFile("o.c", "omega", {"alpha"})}, 10).ok());
    QCOMPARE(store.resolveReferences(m_repo).value(), 3); // alpha twice and zeta; printf is unknown
}

void TestRepoGraphStore::symbolsOfOneRepositoryInPathOrder()
{
    RepoGraphStore graph(*m_db);
    const auto symbols = graph.symbols(m_repo);
    QVERIFY(symbols.ok());
    QCOMPARE(symbols.value().size(), 2u);
    QCOMPARE(symbols.value()[0].path, std::string("a.c"));
    QCOMPARE(symbols.value()[0].name, std::string("alpha"));
    QCOMPARE(symbols.value()[1].name, std::string("zeta"));
    QCOMPARE(symbols.value()[1].signature, std::string("void zeta(void)"));
    QVERIFY(graph.symbols(999).value().empty());
}

void TestRepoGraphStore::referencesGroupedAndCounted()
{
    RepoGraphStore graph(*m_db);
    RepoIndexStore store(*m_db);
    const std::int64_t zFile = store.file(m_repo, "z.c").value()->id;
    const std::int64_t alphaId = store.symbolsNamed("alpha", NameMatch::Exact, m_repo, 1).value().front().id;
    const auto edges = graph.referenceEdges(m_repo);
    QVERIFY(edges.ok());
    QCOMPARE(edges.value().size(), 3u); // a.c->zeta, z.c->alpha (x2), z.c->printf
    const auto zAlpha = std::find_if(edges.value().begin(), edges.value().end(), [&](const ReferenceEdge& edge) {
        return edge.fromFileId == zFile && edge.toName == "alpha";
    });
    QVERIFY(zAlpha != edges.value().end());
    QCOMPARE(zAlpha->count, 2);
    QCOMPARE(zAlpha->kind, std::string("call"));
    QCOMPARE(zAlpha->toSymbolId, std::optional<std::int64_t>(alphaId));
    const auto printf = std::find_if(edges.value().begin(), edges.value().end(),
                                     [](const ReferenceEdge& edge) { return edge.toName == "printf"; });
    QVERIFY(printf != edges.value().end());
    QVERIFY(!printf->toSymbolId.has_value());
    QCOMPARE(graph.referenceEdges(m_other).value().size(), 1u);
}

void TestRepoGraphStore::symbolNamesDistinctPerRepository()
{
    RepoGraphStore graph(*m_db);
    RepoIndexStore store(*m_db);
    QVERIFY(store.upsertFiles(m_other, {callerFile("p.c", "alpha", {})}, 10).ok());
    QCOMPARE(graph.symbolNames(m_repo).value(), (std::vector<std::string>{"alpha", "zeta"}));
    QCOMPARE(graph.symbolNames(m_other).value(), (std::vector<std::string>{"alpha", "omega"}));
    QCOMPARE(graph.symbolNames(std::nullopt).value(), (std::vector<std::string>{"alpha", "omega", "zeta"}));
}

void TestRepoGraphStore::updateStampsKeepsTheIndex()
{
    RepoGraphStore graph(*m_db);
    RepoIndexStore store(*m_db);
    const auto matched = graph.updateStamps(m_repo, {{"a.c", 120, 5000}, {"missing.c", 1, 1}});
    QVERIFY(matched.ok());
    QCOMPARE(matched.value(), 1);
    const CodeFile file = *store.file(m_repo, "a.c").value();
    QCOMPARE(file.sizeBytes, 120);
    QCOMPARE(file.mtimeMs, 5000);
    QCOMPARE(file.contentHash, std::string("hash-a.c"));
    QCOMPARE(store.fileSymbols(file.id).value().size(), 1u);
    QCOMPARE(store.fileChunks(file.id).value().size(), 1u);
    QCOMPARE(store.file(m_other, "o.c").value()->mtimeMs, 1000); // another repository's files stay
    QCOMPARE(graph.updateStamps(m_repo, {}).value(), 0);
}

QTEST_GUILESS_MAIN(TestRepoGraphStore)
#include "tst_repo_graph_store.moc"
