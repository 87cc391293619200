// SPDX-License-Identifier: MIT
// Message search: bm25 ranking order, snippet markers, the index following edits and deletes, and
// user text with FTS5 syntax taken literally.

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/message_search.h"

#include <QtTest>

using namespace cairn::storage;

namespace {

NewMessage userMessage(const char* content)
{
    NewMessage message;
    message.content = content;
    return message;
}

} // namespace

class TestMessageSearch : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void ranksByRelevance_data();
    void ranksByRelevance();
    void snippetMarksMatchedWords();
    void limitCapsHits();
    void indexFollowsEditsAndDeletes();
    void userTextIsLiteral_data();
    void userTextIsLiteral();
    void queryTextBecomesQuotedWords_data();
    void queryTextBecomesQuotedWords();

private:
    QList<QString> search(const char* query);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
    std::int64_t m_conversation = 0;
    std::map<std::int64_t, QString> m_names; ///< message id -> short name used in expectations
};

void TestMessageSearch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    m_store = std::make_unique<ConversationStore>(*m_db);
    NewConversation conversation;
    conversation.title = "Attention notes";
    m_conversation = m_store->createConversation(conversation).value().id;
    const std::pair<const char*, const char*> corpus[] = {
        {"dense", "kv cache, kv cache, kv cache: compressing the kv cache"},
        {"sparse",
         "the kv cache holds the keys and values of every past token of the sequence for each layer of "
         "the model, which is why long contexts need a lot of memory"},
        {"rust", "the borrow checker rejects two mutable references"},
        {"accents", "Crème brûlée recipe for the café"},
    };
    for (const auto& [name, text] : corpus)
        m_names[m_store->appendMessage(m_conversation, userMessage(text)).value().id] = QString::fromLatin1(name);
}

void TestMessageSearch::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

QList<QString> TestMessageSearch::search(const char* query)
{
    auto hits = MessageSearch(*m_db).search(query, 10);
    if (!hits.ok()) {
        qWarning("%s", hits.error().message().c_str());
        return {QStringLiteral("error")};
    }
    QList<QString> names;
    double previousRank = -1e300;
    for (const SearchHit& hit : hits.value()) {
        names.append(m_names.count(hit.messageId) != 0 ? m_names[hit.messageId] : QString::number(hit.messageId));
        if (hit.rank < previousRank || hit.conversationId != m_conversation
            || hit.conversationTitle != "Attention notes")
            return {QStringLiteral("bad hit")};
        previousRank = hit.rank;
    }
    return names;
}

void TestMessageSearch::ranksByRelevance_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<QString>>("expected");
    QTest::newRow("more occurrences in a shorter text first") << "kv cache" << QList<QString>{"dense", "sparse"};
    QTest::newRow("every word required") << "cache memory" << QList<QString>{"sparse"};
    QTest::newRow("case folded") << "BORROW" << QList<QString>{"rust"};
    QTest::newRow("diacritics folded") << "creme brulee cafe" << QList<QString>{"accents"};
    QTest::newRow("no match") << "transformer" << QList<QString>{};
    QTest::newRow("empty query") << "   " << QList<QString>{};
}

void TestMessageSearch::ranksByRelevance()
{
    QFETCH(QString, query);
    QFETCH(QList<QString>, expected);
    QCOMPARE(search(query.toUtf8().constData()), expected);
}

void TestMessageSearch::snippetMarksMatchedWords()
{
    SnippetStyle style;
    style.begin = "[";
    style.end = "]";
    style.ellipsis = "...";
    style.tokens = 6;
    auto hits = MessageSearch(*m_db).search("memory", 10, style);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), std::size_t{1});
    QCOMPARE(hits.value()[0].snippet, std::string("...contexts need a lot of [memory]"));

    auto defaults = MessageSearch(*m_db).search("borrow", 10);
    QVERIFY(defaults.ok());
    QCOMPARE(defaults.value()[0].snippet,
             std::string("the \x02"
                         "borrow\x03 checker rejects two mutable references"));

    style.tokens = 0;
    QCOMPARE(MessageSearch(*m_db).search("memory", 10, style).error().code, ErrorCode::InvalidInput);
}

void TestMessageSearch::limitCapsHits()
{
    auto hits = MessageSearch(*m_db).search("kv", 1);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), std::size_t{1});
    QCOMPARE(m_names[hits.value()[0].messageId], QStringLiteral("dense"));
}

void TestMessageSearch::indexFollowsEditsAndDeletes()
{
    // A streamed reply is searchable as it grows, and only by its current text.
    const std::int64_t reply = m_store->beginReply(m_conversation, std::nullopt).value();
    m_names[reply] = QStringLiteral("reply");
    QVERIFY(m_store->updateReply(reply, "quantization draft").ok());
    QCOMPARE(search("quantization"), QList<QString>{"reply"});
    QVERIFY(m_store->finishReply(reply, "grouped query attention", {}).ok());
    QCOMPARE(search("quantization"), QList<QString>{});
    QCOMPARE(search("grouped"), QList<QString>{"reply"});

    QVERIFY(m_store->deleteMessage(reply).ok());
    QCOMPARE(search("grouped"), QList<QString>{});

    // Deleting a message deletes its replies' entries; deleting the conversation deletes the rest.
    const std::int64_t parent = m_store->appendMessage(m_conversation, userMessage("parent zebra")).value().id;
    NewMessage child = userMessage("child zebra");
    child.parentId = parent;
    QVERIFY(m_store->appendMessage(m_conversation, child).ok());
    QCOMPARE(search("zebra").size(), 2);
    QVERIFY(m_store->deleteMessage(parent).ok());
    QCOMPARE(search("zebra"), QList<QString>{});
    QVERIFY(m_store->deleteConversation(m_conversation).ok());
    QCOMPARE(search("kv"), QList<QString>{});
}

void TestMessageSearch::userTextIsLiteral_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<QString>>("expected");
    QTest::newRow("unbalanced quote") << "\"borrow" << QList<QString>{"rust"};
    QTest::newRow("operator words") << "borrow AND" << QList<QString>{};
    QTest::newRow("column filter syntax") << "content:borrow" << QList<QString>{};
    QTest::newRow("punctuation") << "kv-cache" << QList<QString>{"dense", "sparse"};
    QTest::newRow("star and parentheses") << "(borrow*)" << QList<QString>{"rust"};
}

void TestMessageSearch::userTextIsLiteral()
{
    QFETCH(QString, query);
    QFETCH(QList<QString>, expected);
    QCOMPARE(search(query.toUtf8().constData()), expected);
}

void TestMessageSearch::queryTextBecomesQuotedWords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("words") << "kv  cache\t"
                           << "\"kv\" \"cache\"";
    QTest::newRow("quotes doubled") << "c++ \"x"
                                    << "\"c++\" \"\"\"x\"";
    QTest::newRow("blank") << " \n "
                           << "";
}

void TestMessageSearch::queryTextBecomesQuotedWords()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(ftsQueryFromUserText(text.toStdString())), expected);
}

QTEST_GUILESS_MAIN(TestMessageSearch)
#include "tst_message_search.moc"
