// SPDX-License-Identifier: MIT
// ConversationList over a temporary database: grouping by local date with a fixed clock, pinned
// first, search with snippets, rename, pin, and deletion with undo.

#include "app/services/conversation_list.h"
#include "storage/conversation_store.h"
#include "storage/database.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using cairn::app::ConversationEntry;
using cairn::app::ConversationGroup;
using cairn::app::ConversationList;
namespace storage = cairn::storage;

namespace {

/// Noon today, local time: the clock the list and the conversations are stamped against.
const QDateTime kNow(QDate(2026, 11, 24), QTime(12, 0));

std::int64_t daysAgo(int days, int hours = 0)
{
    return kNow.addDays(-days).addSecs(-3600LL * hours).toMSecsSinceEpoch();
}

} // namespace

class TestConversationList : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void groupsByLocalDate();
    void pinnedComeFirst();
    void regroupsAfterMidnight();
    void searchFindsMessagesWithSnippet();
    void searchMatchesTitles();
    void renameAndRefuseEmpty();
    void deleteWaitsForUndoWindow();
    void undoBringsConversationBack();
    void secondDeleteCommitsFirst();
    void destructionCommitsPendingDeletion();

private:
    std::int64_t addConversation(const char* title, std::int64_t updatedMs, const char* message = nullptr);
    [[nodiscard]] QList<std::int64_t> ids(const ConversationList& list) const;
    [[nodiscard]] bool stored(std::int64_t id);

    std::optional<QTemporaryDir> m_dir;
    std::optional<storage::Database> m_db;
    std::int64_t m_stamp = 0;
};

void TestConversationList::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    storage::Result<storage::Database> db
        = storage::Database::open(m_dir->filePath(QStringLiteral("t.db")).toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    m_db.emplace(std::move(db).value());
}

void TestConversationList::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

std::int64_t TestConversationList::addConversation(const char* title, std::int64_t updatedMs, const char* message)
{
    m_stamp = updatedMs;
    storage::ConversationStore store(*m_db, [this] { return m_stamp; });
    const std::int64_t id = store.createConversation({title, {}, {}, "{}"}).value().id;
    if (message != nullptr) {
        storage::NewMessage user;
        user.content = message;
        if (!store.appendMessage(id, user).ok())
            return 0;
    }
    return id;
}

QList<std::int64_t> TestConversationList::ids(const ConversationList& list) const
{
    QList<std::int64_t> out;
    for (const ConversationEntry& entry : list.entries())
        out.push_back(entry.id);
    return out;
}

bool TestConversationList::stored(std::int64_t id)
{
    return storage::ConversationStore(*m_db).conversation(id).ok();
}

void TestConversationList::groupsByLocalDate()
{
    const std::int64_t today = addConversation("today", daysAgo(0, 11));
    const std::int64_t yesterday = addConversation("yesterday", daysAgo(1));
    const std::int64_t week = addConversation("week", daysAgo(6));
    const std::int64_t month = addConversation("month", daysAgo(25));
    const std::int64_t older = addConversation("older", daysAgo(200));
    const std::int64_t future = addConversation("clock skew", daysAgo(-2));

    ConversationList list(*m_db);
    list.setClock([] { return kNow; });
    QCOMPARE(ids(list), (QList<std::int64_t>{future, today, yesterday, week, month, older}));
    QList<ConversationGroup> groups;
    for (const ConversationEntry& entry : list.entries())
        groups.push_back(entry.group);
    QCOMPARE(groups,
             (QList<ConversationGroup>{ConversationGroup::Today, ConversationGroup::Today, ConversationGroup::Yesterday,
                                       ConversationGroup::Previous7Days, ConversationGroup::Previous30Days,
                                       ConversationGroup::Older}));
    // Just after midnight, an hour-old conversation is yesterday's.
    QCOMPARE(list.groupFor(kNow.addSecs(-3600).toMSecsSinceEpoch(), false), ConversationGroup::Today);
    list.setClock([] { return QDateTime(kNow.date(), QTime(0, 30)); });
    QCOMPARE(list.groupFor(QDateTime(kNow.date().addDays(-1), QTime(23, 40)).toMSecsSinceEpoch(), false),
             ConversationGroup::Yesterday);
    QCOMPARE(list.entry(today)->title, QStringLiteral("today"));
    QCOMPARE(conversationGroupTitle(ConversationGroup::Previous7Days), QStringLiteral("Previous 7 days"));
}

void TestConversationList::regroupsAfterMidnight()
{
    const std::int64_t id = addConversation("late night", kNow.toMSecsSinceEpoch());
    QDateTime now(kNow.date(), QTime(23, 59, 59, 800));
    ConversationList list(*m_db);
    list.setClock([&now] { return now; });
    QCOMPARE(list.entry(id)->group, ConversationGroup::Today);
    now = QDateTime(kNow.date().addDays(1), QTime(0, 0, 1));
    QSignalSpy changed(&list, &ConversationList::changed);
    QVERIFY(changed.wait(5000)); // the timer set for just after midnight
    QCOMPARE(list.entry(id)->group, ConversationGroup::Yesterday);
    QCOMPARE(list.entries().front().group, ConversationGroup::Yesterday);
}

void TestConversationList::pinnedComeFirst()
{
    const std::int64_t recent = addConversation("recent", daysAgo(0));
    const std::int64_t old = addConversation("old", daysAgo(90));
    ConversationList list(*m_db);
    list.setClock([] { return kNow; });
    QSignalSpy changed(&list, &ConversationList::changed);
    QVERIFY(list.setPinned(old, true));
    QVERIFY(changed.count() >= 1);
    QCOMPARE(ids(list), (QList<std::int64_t>{old, recent}));
    QCOMPARE(list.entries().front().group, ConversationGroup::Pinned);
    QVERIFY(list.entries().front().pinned);
    QVERIFY(list.setPinned(old, false));
    QCOMPARE(ids(list), (QList<std::int64_t>{recent, old}));
    QCOMPARE(list.entries().back().group, ConversationGroup::Older);
    QString problem;
    QVERIFY(!list.setPinned(9999, true, &problem));
    QVERIFY2(problem.contains(QLatin1String("no conversation 9999")), qPrintable(problem));
}

void TestConversationList::searchFindsMessagesWithSnippet()
{
    const std::int64_t cooking = addConversation(
        "Cooking", daysAgo(40), "How long should a soft boiled egg cook?\nAbout six minutes in boiling water.");
    addConversation("Rust", daysAgo(1), "Explain the borrow checker to me");
    ConversationList list(*m_db);
    list.setClock([] { return kNow; });
    QSignalSpy changed(&list, &ConversationList::changed);
    list.setSearchText(QStringLiteral("boiled egg"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(ids(list), (QList<std::int64_t>{cooking}));
    const ConversationEntry hit = list.entries().front();
    QCOMPARE(hit.group, ConversationGroup::SearchResults);
    QVERIFY2(hit.snippet.contains(QLatin1String("soft boiled egg cook")), qPrintable(hit.snippet));
    QVERIFY(!hit.snippet.contains(QLatin1Char('\n')));
    QCOMPARE(hit.snippetMatches.size(), 2);
    QCOMPARE(hit.snippet.mid(hit.snippetMatches[0].first, hit.snippetMatches[0].second), QStringLiteral("boiled"));
    QCOMPARE(hit.snippet.mid(hit.snippetMatches[1].first, hit.snippetMatches[1].second), QStringLiteral("egg"));
    QVERIFY(hit.matchMessageId > 0);
    QCOMPARE(list.searchText(), QStringLiteral("boiled egg"));

    list.setSearchText(QStringLiteral("no such words"));
    QVERIFY(list.entries().isEmpty());
    list.setSearchText(QString());
    QCOMPARE(list.entries().size(), 2);
}

void TestConversationList::searchMatchesTitles()
{
    const std::int64_t trip = addConversation("Holiday planning", daysAgo(3), "Which trains go to Lyon?");
    ConversationList list(*m_db);
    list.setSearchText(QStringLiteral("holiday"));
    QCOMPARE(ids(list), (QList<std::int64_t>{trip}));
    QVERIFY(list.entries().front().snippet.isEmpty());
    QCOMPARE(list.entries().front().matchMessageId, 0);
}

void TestConversationList::renameAndRefuseEmpty()
{
    const std::int64_t id = addConversation("first title", daysAgo(0));
    ConversationList list(*m_db);
    QSignalSpy changed(&list, &ConversationList::changed);
    QVERIFY(list.rename(id, QStringLiteral("  Better   title ")));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(list.entry(id)->title, QStringLiteral("Better title"));
    QCOMPARE(storage::ConversationStore(*m_db).conversation(id).value().title, std::string("Better title"));
    QString problem;
    QVERIFY(!list.rename(id, QStringLiteral("   "), &problem));
    QCOMPARE(problem, QStringLiteral("A conversation needs a title."));
    QCOMPARE(list.entry(id)->title, QStringLiteral("Better title"));
}

void TestConversationList::deleteWaitsForUndoWindow()
{
    const std::int64_t keep = addConversation("keep", daysAgo(0));
    const std::int64_t gone = addConversation("gone", daysAgo(0), "a message that goes with it");
    ConversationList list(*m_db);
    list.setUndoWindow(std::chrono::milliseconds(200));
    QSignalSpy removed(&list, &ConversationList::removed);
    QSignalSpy pendingChanged(&list, &ConversationList::pendingRemovalChanged);
    list.remove(gone);
    QCOMPARE(ids(list), (QList<std::int64_t>{keep}));
    QCOMPARE(list.pendingRemoval(), gone);
    QCOMPARE(list.pendingRemovalTitle(), QStringLiteral("gone"));
    QCOMPARE(pendingChanged.count(), 1);
    QVERIFY(stored(gone));
    // A search does not bring it back while pending.
    list.setSearchText(QStringLiteral("message"));
    QVERIFY(list.entries().isEmpty());
    list.setSearchText(QString());

    QVERIFY(removed.wait(5000));
    QCOMPARE(removed.front().front().value<std::int64_t>(), gone);
    QVERIFY(!stored(gone));
    QVERIFY(stored(keep));
    QCOMPARE(list.pendingRemoval(), 0);
    QVERIFY(!list.undoRemove());
    QCOMPARE(ids(list), (QList<std::int64_t>{keep}));
}

void TestConversationList::undoBringsConversationBack()
{
    const std::int64_t id = addConversation("precious", daysAgo(2), "never lose this");
    ConversationList list(*m_db);
    list.setUndoWindow(std::chrono::milliseconds(100));
    QSignalSpy removed(&list, &ConversationList::removed);
    list.remove(id);
    QVERIFY(list.entries().isEmpty());
    QVERIFY(list.undoRemove());
    QCOMPARE(ids(list), (QList<std::int64_t>{id}));
    QCOMPARE(list.pendingRemoval(), 0);
    QTest::qWait(300); // well past the window: nothing is deleted
    QCOMPARE(removed.count(), 0);
    QVERIFY(stored(id));
    QCOMPARE(storage::ConversationStore(*m_db).activePath(id).value().front().content, std::string("never lose this"));
}

void TestConversationList::secondDeleteCommitsFirst()
{
    const std::int64_t a = addConversation("a", daysAgo(0));
    const std::int64_t b = addConversation("b", daysAgo(0));
    ConversationList list(*m_db);
    list.remove(a);
    QVERIFY(stored(a));
    list.remove(b);
    QVERIFY(!stored(a));
    QCOMPARE(list.pendingRemoval(), b);
    QVERIFY(list.entries().isEmpty());
    QVERIFY(list.undoRemove());
    QCOMPARE(ids(list), (QList<std::int64_t>{b}));
}

void TestConversationList::destructionCommitsPendingDeletion()
{
    const std::int64_t id = addConversation("bye", daysAgo(0));
    {
        ConversationList list(*m_db);
        list.remove(id);
        QVERIFY(stored(id));
    }
    QVERIFY(!stored(id));
}

QTEST_GUILESS_MAIN(TestConversationList)
#include "tst_conversation_list.moc"
