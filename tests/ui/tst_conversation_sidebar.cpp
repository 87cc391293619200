// SPDX-License-Identifier: MIT
// ConversationSidebar offscreen over a temporary database: date headings, search typed into the
// field, rename with F2 (kept open across a refresh), pin, Delete with the undo bar and Ctrl+Z,
// switching with openAdjacent, and accessible names on its controls.

#include "app/services/conversation_list.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "ui/conversation_sidebar.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <optional>

using cairn::app::ConversationList;
using cairn::ui::ConversationSidebar;
namespace storage = cairn::storage;

class TestConversationSidebar : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void showsDateHeadingsAndAccessibleNames();
    void searchFieldFindsOldMessage();
    void f2RenamesInPlace();
    void renameSurvivesRefresh_issue7();
    void pinMovesToPinnedGroup();
    void deleteKeyHidesAndUndoBringsBack();
    void openAdjacentWrapsAround();
    void newChatButtonAsks();

private:
    std::int64_t add(const char* title, int daysAgo, const char* message = nullptr);
    [[nodiscard]] QStringList rowsShown() const;
    /// Shows a sidebar over the stored conversations, selects `id` and presses F2 on it: the
    /// title editor that opens, or nullptr if none does within 5 s.
    QLineEdit* startRename(std::int64_t id);
    [[nodiscard]] QTreeView* tree() const
    {
        return m_sidebar->findChild<QTreeView*>(QStringLiteral("conversationTree"));
    }

    std::optional<QTemporaryDir> m_dir;
    std::optional<storage::Database> m_db;
    std::optional<ConversationList> m_list;
    std::optional<ConversationSidebar> m_sidebar;
    std::int64_t m_stamp = 0;
};

void TestConversationSidebar::init()
{
    m_dir.emplace();
    storage::Result<storage::Database> db
        = storage::Database::open(m_dir->filePath(QStringLiteral("t.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
}

void TestConversationSidebar::cleanup()
{
    m_sidebar.reset();
    m_list.reset();
    m_db.reset();
    m_dir.reset();
}

std::int64_t TestConversationSidebar::add(const char* title, int daysAgo, const char* message)
{
    m_stamp = QDateTime::currentDateTime().addDays(-daysAgo).toMSecsSinceEpoch();
    storage::ConversationStore store(*m_db, [this] { return m_stamp; });
    const std::int64_t id = store.createConversation({title, {}, {}, "{}"}).value().id;
    if (message != nullptr) {
        storage::NewMessage user;
        user.content = message;
        (void)store.appendMessage(id, user);
    }
    if (m_list)
        m_list->refresh();
    return id;
}

QStringList TestConversationSidebar::rowsShown() const
{
    QStringList rows;
    const QAbstractItemModel* model = tree()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex header = model->index(row, 0);
        rows << QStringLiteral("# ") + header.data().toString();
        for (int child = 0; child < model->rowCount(header); ++child)
            rows << model->index(child, 0, header).data().toString();
    }
    return rows;
}

QLineEdit* TestConversationSidebar::startRename(std::int64_t id)
{
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    m_sidebar->show();
    if (!QTest::qWaitForWindowExposed(&*m_sidebar))
        return nullptr;
    m_sidebar->setCurrentConversation(id);
    tree()->setFocus();
    QTest::keyClick(tree(), Qt::Key_F2);
    QLineEdit* editor = nullptr;
    const bool opened
        = QTest::qWaitFor([&] { return (editor = tree()->viewport()->findChild<QLineEdit*>()) != nullptr; });
    return opened ? editor : nullptr;
}

void TestConversationSidebar::showsDateHeadingsAndAccessibleNames()
{
    add("Old chat", 100);
    add("Fresh chat", 0);
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    m_sidebar->show();
    QCOMPARE(rowsShown(),
             (QStringList{QStringLiteral("# Today"), QStringLiteral("Fresh chat"), QStringLiteral("# Older"),
                          QStringLiteral("Old chat")}));
    // Headings cannot be selected: the cursor goes from conversation to conversation.
    QVERIFY(!(tree()->model()->index(0, 0).flags() & Qt::ItemIsSelectable));
    const auto widgets = m_sidebar->findChildren<QWidget*>();
    for (const QWidget* widget : widgets)
        if (qobject_cast<const QLineEdit*>(widget) != nullptr || qobject_cast<const QPushButton*>(widget) != nullptr
            || qobject_cast<const QTreeView*>(widget) != nullptr)
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    QVERIFY(!m_sidebar->findChild<QWidget*>(QStringLiteral("undoBar"))->isVisible());
}

void TestConversationSidebar::searchFieldFindsOldMessage()
{
    add("Recipes", 60, "The secret of good risotto is patience and warm stock");
    add("Other", 0, "nothing to see");
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    m_sidebar->show();
    QSignalSpy activated(&*m_sidebar, &ConversationSidebar::conversationActivated);
    m_sidebar->focusSearch();
    auto* search = m_sidebar->findChild<QLineEdit*>(QStringLiteral("conversationSearch"));
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("risotto"));
    QTRY_COMPARE(rowsShown().size(), 2);
    QCOMPARE(rowsShown().front(), QStringLiteral("# Search results"));
    QVERIFY2(rowsShown().back().startsWith(QLatin1String("Recipes\n")), qPrintable(rowsShown().back()));
    QVERIFY(rowsShown().back().contains(QLatin1String("good risotto is patience")));
    // The result row is drawn with its snippet (matches in bold) without trouble.
    const QImage drawn = m_sidebar->grab().toImage();
    QVERIFY(!drawn.isNull());
    if (qEnvironmentVariableIsSet("CAIRN_SIDEBAR_SHOT"))
        drawn.save(qEnvironmentVariable("CAIRN_SIDEBAR_SHOT"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(m_sidebar->currentConversation(), activated.front().front().value<std::int64_t>());

    search->clear();
    QTest::keyClicks(search, QStringLiteral("nonexistentword"));
    QTRY_COMPARE(rowsShown(), QStringList{QStringLiteral("# No conversation matches")});

    // Esc ends the search; Down goes from the field into the list.
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QCOMPARE(m_sidebar->shownConversations().size(), 2);
    QTest::keyClick(search, Qt::Key_Down);
    QTRY_VERIFY(tree()->hasFocus());
}

void TestConversationSidebar::f2RenamesInPlace()
{
    const std::int64_t id = add("Before", 0);
    QLineEdit* editor = startRename(id);
    QVERIFY(editor != nullptr);
    QCOMPARE(editor->text(), QStringLiteral("Before"));
    QVERIFY(!editor->accessibleName().isEmpty());
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("After"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(m_list->entry(id)->title, QStringLiteral("After"));
    QCOMPARE(storage::ConversationStore(*m_db).conversation(id).value().title, std::string("After"));
    QCOMPARE(m_sidebar->currentConversation(), id);
}

void TestConversationSidebar::renameSurvivesRefresh_issue7()
{
    const std::int64_t other = add("Other", 1);
    const std::int64_t id = add("Before", 0);
    QLineEdit* editor = startRename(id);
    QVERIFY(editor != nullptr);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Half typ"));
    // A reply finishing in another conversation moves it to the top and refreshes the list.
    m_stamp = QDateTime::currentDateTime().toMSecsSinceEpoch() + 1000;
    storage::NewMessage reply;
    reply.content = "done";
    QVERIFY(storage::ConversationStore(*m_db, [this] { return m_stamp; }).appendMessage(other, reply).ok());
    m_list->refresh();
    QCOMPARE(m_sidebar->shownConversations().front(), other);
    QTRY_VERIFY((editor = tree()->viewport()->findChild<QLineEdit*>()) != nullptr && editor->isVisible());
    QCOMPARE(editor->text(), QStringLiteral("Half typ"));
    QCOMPARE(editor->cursorPosition(), 8);
    QVERIFY(!editor->hasSelectedText());
    QCOMPARE(m_sidebar->currentConversation(), id);
    QTest::keyClicks(editor, QStringLiteral("ed"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(m_list->entry(id)->title, QStringLiteral("Half typed"));
    QCOMPARE(m_list->entry(other)->title, QStringLiteral("Other"));
}

void TestConversationSidebar::pinMovesToPinnedGroup()
{
    add("Newer", 0);
    const std::int64_t old = add("Keep handy", 20);
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    m_sidebar->setCurrentConversation(old);
    auto* pin = m_sidebar->findChild<QAction*>(QStringLiteral("pinConversationAction"));
    QCOMPARE(pin->text(), QStringLiteral("Pin"));
    pin->trigger();
    QCOMPARE(rowsShown().mid(0, 2), (QStringList{QStringLiteral("# Pinned"), QStringLiteral("Keep handy")}));
    QCOMPARE(pin->text(), QStringLiteral("Unpin"));
    QVERIFY(storage::ConversationStore(*m_db).conversation(old).value().pinned);
    m_sidebar->togglePinCurrent();
    QCOMPARE(rowsShown().back(), QStringLiteral("Keep handy"));
}

void TestConversationSidebar::deleteKeyHidesAndUndoBringsBack()
{
    const std::int64_t keep = add("Keep", 1);
    const std::int64_t id = add("Doomed", 0, "words that must survive an undo");
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    m_sidebar->show();
    QVERIFY(QTest::qWaitForWindowExposed(&*m_sidebar));
    m_sidebar->setCurrentConversation(id);
    tree()->setFocus();
    QTest::keyClick(tree(), Qt::Key_Delete);
    QCOMPARE(m_sidebar->shownConversations(), QList<std::int64_t>{keep});
    auto* bar = m_sidebar->findChild<QWidget*>(QStringLiteral("undoBar"));
    QVERIFY(bar->isVisible());
    QCOMPARE(m_sidebar->findChild<QLabel*>(QStringLiteral("undoLabel"))->text(), QStringLiteral("“Doomed” deleted"));
    QTest::keyClick(tree(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_sidebar->shownConversations(), (QList<std::int64_t>{id, keep}));
    QVERIFY(!bar->isVisible());

    // Delete again and use the button this time.
    m_sidebar->setCurrentConversation(id);
    m_sidebar->deleteCurrent();
    QVERIFY(bar->isVisible());
    QTest::mouseClick(m_sidebar->findChild<QPushButton*>(QStringLiteral("undoButton")), Qt::LeftButton);
    QCOMPARE(m_sidebar->shownConversations(), (QList<std::int64_t>{id, keep}));
    QVERIFY(storage::ConversationStore(*m_db).conversation(id).ok());

    // Left alone, the deletion is written when the window passes.
    m_list->setUndoWindow(std::chrono::milliseconds(50));
    m_sidebar->deleteCurrent();
    QTRY_VERIFY(!storage::ConversationStore(*m_db).conversation(id).ok());
    QTRY_VERIFY(!bar->isVisible());
    QCOMPARE(m_sidebar->shownConversations(), QList<std::int64_t>{keep});
}

void TestConversationSidebar::openAdjacentWrapsAround()
{
    const std::int64_t c = add("c", 2);
    const std::int64_t b = add("b", 1);
    const std::int64_t a = add("a", 0);
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    QSignalSpy activated(&*m_sidebar, &ConversationSidebar::conversationActivated);
    QCOMPARE(m_sidebar->shownConversations(), (QList<std::int64_t>{a, b, c}));
    m_sidebar->openAdjacent(1); // nothing open yet: the first
    QCOMPARE(m_sidebar->currentConversation(), a);
    m_sidebar->openAdjacent(1);
    m_sidebar->openAdjacent(1);
    QCOMPARE(m_sidebar->currentConversation(), c);
    m_sidebar->openAdjacent(1);
    QCOMPARE(m_sidebar->currentConversation(), a);
    m_sidebar->openAdjacent(-1);
    QCOMPARE(m_sidebar->currentConversation(), c);
    QCOMPARE(activated.count(), 5);
    QCOMPARE(activated.back().front().value<std::int64_t>(), c);
}

void TestConversationSidebar::newChatButtonAsks()
{
    m_list.emplace(*m_db);
    m_sidebar.emplace(*m_list);
    QCOMPARE(rowsShown(), QStringList{QStringLiteral("# No conversations yet")});
    QSignalSpy asked(&*m_sidebar, &ConversationSidebar::newChatRequested);
    QTest::mouseClick(m_sidebar->findChild<QPushButton*>(QStringLiteral("newChatButton")), Qt::LeftButton);
    QCOMPARE(asked.count(), 1);
}

QTEST_MAIN(TestConversationSidebar)
#include "tst_conversation_sidebar.moc"
