// SPDX-License-Identifier: MIT
// Review findings: batched adds (all or none), filters, status changes and counts, the cascade from
// the repository, the conversation link cleared when its conversation goes, and enum names.

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/findings_store.h"
#include "storage/repo_index_store.h"

#include <QtTest>

using namespace cairn::storage;

namespace {

NewFinding finding(std::optional<std::string> path, std::optional<std::int64_t> line, FindingSeverity severity,
                   std::string message)
{
    NewFinding result;
    result.path = std::move(path);
    result.startLine = line;
    result.severity = severity;
    result.category = "correctness";
    result.message = std::move(message);
    return result;
}

QStringList messages(const Result<std::vector<Finding>>& findings)
{
    if (!findings.ok())
        return {QString::fromStdString("error: " + findings.error().message())};
    QStringList list;
    for (const Finding& f : findings.value())
        list.append(QString::fromStdString(f.message));
    return list;
}

} // namespace

class TestFindingsStore : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void addAndRead();
    void listsFilteredAndOrdered();
    void statusChangesAndCounts();
    void badInputAddsNothing_data();
    void badInputAddsNothing();
    void deletesCascadeAndClearConversation();
    void enumNamesRoundTrip();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<FindingsStore> m_store;
    std::int64_t m_clock = 0;
    std::int64_t m_repository = 0;
    std::int64_t m_other = 0;
};

void TestFindingsStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    m_clock = 100;
    m_store = std::make_unique<FindingsStore>(*m_db, [this] { return ++m_clock; });
    RepoIndexStore repositories(*m_db);
    m_repository = repositories.addRepository({"/src/a", "a", ""}).value().id;
    m_other = repositories.addRepository({"/src/b", "b", ""}).value().id;
    auto added
        = m_store->addFindings(m_repository,
                               {finding("src/z.c", 40, FindingSeverity::Error, "use after free"),
                                finding("src/a.c", 12, FindingSeverity::Warning, "unchecked return value"),
                                finding(std::nullopt, std::nullopt, FindingSeverity::Info, "no tests for the parser"),
                                finding("src/a.c", 3, FindingSeverity::Info, "unused include")});
    QVERIFY(added.ok());
    QVERIFY(m_store->addFindings(m_other, {finding("src/a.c", 1, FindingSeverity::Error, "elsewhere")}).ok());
}

void TestFindingsStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestFindingsStore::addAndRead()
{
    NewFinding ranged = finding("src/m.c", 5, FindingSeverity::Warning, "loop never ends");
    ranged.endLine = 9;
    ranged.category = "logic";
    auto ids = m_store->addFindings(m_repository, {ranged, finding("src/m.c", 7, FindingSeverity::Info, "typo")});
    QVERIFY(ids.ok());
    QCOMPARE(ids.value().size(), 2u);
    QVERIFY(ids.value()[0] < ids.value()[1]);
    auto stored = m_store->finding(ids.value()[0]);
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().repositoryId, m_repository);
    QCOMPARE(stored.value().path, std::optional<std::string>("src/m.c"));
    QCOMPARE(stored.value().startLine, std::optional<std::int64_t>(5));
    QCOMPARE(stored.value().endLine, std::optional<std::int64_t>(9));
    QCOMPARE(stored.value().severity, FindingSeverity::Warning);
    QCOMPARE(stored.value().category, "logic");
    QCOMPARE(stored.value().message, "loop never ends");
    QCOMPARE(stored.value().status, FindingStatus::Open);
    QVERIFY(!stored.value().conversationId);
    QCOMPARE(stored.value().createdMs, stored.value().updatedMs);
    // A single line: the end defaults to the start.
    QCOMPARE(m_store->finding(ids.value()[1]).value().endLine, std::optional<std::int64_t>(7));
    QCOMPARE(m_store->finding(999).error().code, ErrorCode::NotFound);
    QVERIFY(m_store->addFindings(m_repository, {}).value().empty());
}

void TestFindingsStore::listsFilteredAndOrdered()
{
    // Repository-wide findings first, then by path and line.
    QCOMPARE(messages(m_store->findings(m_repository)),
             (QStringList{"no tests for the parser", "unused include", "unchecked return value", "use after free"}));
    FindingFilter byFile;
    byFile.path = "src/a.c";
    QCOMPARE(messages(m_store->findings(m_repository, byFile)),
             (QStringList{"unused include", "unchecked return value"}));
    FindingFilter bySeverity;
    bySeverity.severity = FindingSeverity::Info;
    QCOMPARE(messages(m_store->findings(m_repository, bySeverity)),
             (QStringList{"no tests for the parser", "unused include"}));
    FindingFilter combined = byFile;
    combined.severity = FindingSeverity::Warning;
    combined.status = FindingStatus::Open;
    QCOMPARE(messages(m_store->findings(m_repository, combined)), QStringList{"unchecked return value"});
    combined.status = FindingStatus::Dismissed;
    QCOMPARE(messages(m_store->findings(m_repository, combined)), QStringList{});
    QCOMPARE(messages(m_store->findings(m_other)), QStringList{"elsewhere"});
    QCOMPARE(messages(m_store->findings(999)), QStringList{});
}

void TestFindingsStore::statusChangesAndCounts()
{
    const auto all = m_store->findings(m_repository).value();
    QVERIFY(m_store->setStatus(all[0].id, FindingStatus::Accepted).ok());
    QVERIFY(m_store->setStatus(all[1].id, FindingStatus::Dismissed).ok());
    QVERIFY(m_store->setStatus(all[2].id, FindingStatus::Dismissed).ok());
    QCOMPARE(m_store->setStatus(999, FindingStatus::Open).error().code, ErrorCode::NotFound);

    auto changed = m_store->finding(all[0].id);
    QCOMPARE(changed.value().status, FindingStatus::Accepted);
    QVERIFY(changed.value().updatedMs > changed.value().createdMs);
    auto counts = m_store->statusCounts(m_repository);
    QVERIFY(counts.ok());
    QCOMPARE(counts.value().open, 1);
    QCOMPARE(counts.value().accepted, 1);
    QCOMPARE(counts.value().dismissed, 2);
    FindingFilter dismissed;
    dismissed.status = FindingStatus::Dismissed;
    QCOMPARE(m_store->findings(m_repository, dismissed).value().size(), 2u);
    auto empty = m_store->statusCounts(999);
    QCOMPARE(empty.value().open + empty.value().accepted + empty.value().dismissed, 0);
}

void TestFindingsStore::badInputAddsNothing_data()
{
    QTest::addColumn<int>("defect");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = static_cast<int>(ErrorCode::InvalidInput);
    const int notFound = static_cast<int>(ErrorCode::NotFound);
    QTest::newRow("no message") << 0 << invalid << "finding 1 has no message";
    QTest::newRow("line without a file") << 1 << invalid << "finding 1 has a line but no file";
    QTest::newRow("end before start") << 2 << invalid << "finding 1 ends on line 2, before its start line 8";
    QTest::newRow("line 0") << 3 << invalid << "finding 1 starts on line 0";
    QTest::newRow("empty path") << 4 << invalid << "finding 1 has an empty path";
    QTest::newRow("unknown repository") << 5 << notFound << "no repository 999";
    QTest::newRow("unknown conversation") << 6 << notFound << "no conversation 777";
    QTest::newRow("end line without a start") << 7 << invalid << "finding 1 has an end line but no start line";
}

void TestFindingsStore::badInputAddsNothing()
{
    QFETCH(int, defect);
    QFETCH(int, code);
    QFETCH(QString, message);
    std::vector<NewFinding> batch{finding("ok.c", 1, FindingSeverity::Info, "fine"),
                                  finding("bad.c", 8, FindingSeverity::Error, "bad")};
    NewFinding& bad = batch.back();
    std::int64_t repository = m_repository;
    switch (defect) {
    case 0:
        bad.message.clear();
        break;
    case 1:
        bad.path.reset();
        break;
    case 2:
        bad.endLine = 2;
        break;
    case 3:
        bad.startLine = 0;
        break;
    case 4:
        bad.path = "";
        break;
    case 5:
        repository = 999;
        break;
    case 6:
        bad.conversationId = 777;
        break;
    case 7:
        bad.startLine.reset();
        bad.endLine = 4;
        break;
    }
    auto added = m_store->addFindings(repository, batch);
    QVERIFY(!added.ok());
    QCOMPARE(static_cast<int>(added.error().code), code);
    QVERIFY2(added.error().message().find(message.toStdString()) != std::string::npos, added.error().message().c_str());
    QCOMPARE(m_store->findings(m_repository).value().size(), 4u); // "fine" was not added either
}

void TestFindingsStore::deletesCascadeAndClearConversation()
{
    ConversationStore conversations(*m_db);
    const std::int64_t conversation = conversations.createConversation({"review", "", "", "{}"}).value().id;
    NewFinding linked = finding("src/k.c", 2, FindingSeverity::Warning, "from a chat");
    linked.conversationId = conversation;
    const std::int64_t id = m_store->addFindings(m_repository, {linked}).value().front();
    QCOMPARE(m_store->finding(id).value().conversationId, std::optional<std::int64_t>(conversation));
    QVERIFY(conversations.deleteConversation(conversation).ok());
    auto kept = m_store->finding(id);
    QVERIFY(kept.ok()); // the finding stays; only its link goes
    QVERIFY(!kept.value().conversationId);

    QCOMPARE(m_store->deleteFindings(m_other).value(), 1);
    QVERIFY(m_store->findings(m_other).value().empty());
    QCOMPARE(m_store->findings(m_repository).value().size(), 5u);
    QVERIFY(RepoIndexStore(*m_db).deleteRepository(m_repository).ok());
    QCOMPARE(m_store->finding(id).error().code, ErrorCode::NotFound);
    QVERIFY(m_store->findings(m_repository).value().empty());
    QCOMPARE(m_store->deleteFindings(m_repository).value(), 0);
}

void TestFindingsStore::enumNamesRoundTrip()
{
    for (const FindingSeverity severity : {FindingSeverity::Info, FindingSeverity::Warning, FindingSeverity::Error})
        QCOMPARE(parseSeverity(severityName(severity)).value(), severity);
    for (const FindingStatus status : {FindingStatus::Open, FindingStatus::Accepted, FindingStatus::Dismissed})
        QCOMPARE(parseFindingStatus(findingStatusName(status)).value(), status);
    for (const char* bad : {"", "Error", "fatal", "warning "}) {
        auto severity = parseSeverity(bad);
        QVERIFY(!severity.ok());
        QCOMPARE(severity.error().code, ErrorCode::InvalidInput);
        QVERIFY2(severity.error().message().find("is not one of info, warning, error") != std::string::npos,
                 severity.error().message().c_str());
    }
    auto status = parseFindingStatus("closed");
    QVERIFY(!status.ok());
    QCOMPARE(status.error().message(), "finding status: 'closed' is not one of open, accepted, dismissed");
}

QTEST_GUILESS_MAIN(TestFindingsStore)
#include "tst_findings_store.moc"
