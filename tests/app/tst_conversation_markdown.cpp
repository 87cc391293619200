// SPDX-License-Identifier: MIT
// Markdown export of a conversation (golden files for the selected branch and for all branches)
// and Markdown import: of our own exports, of a hand-written file, and the inputs it refuses.

#include "app/services/conversation_markdown.h"
#include "golden.h"

#include <QtTest>

using namespace cairn::app;
using cairn::storage::AttachmentKind;
using cairn::storage::Role;

namespace {

constexpr std::int64_t kMay1 = 1714557600000; // 2024-05-01 10:00:00 UTC

DocumentMessage message(std::int64_t id, std::optional<std::int64_t> parent, Role role, const char* content)
{
    DocumentMessage out;
    out.id = id;
    out.parentId = parent;
    out.role = role;
    out.content = content;
    out.createdMs = kMay1 + id * 60'000;
    return out;
}

/// A question (10) with two answers (11, 12), the second with a follow-up (13) and its reply (14),
/// plus an interrupted reply (15) under the first answer's branch. The selected branch is 10-12-13-14.
ConversationDocument branchedDocument()
{
    ConversationDocument document;
    document.title = "Trip to Lisbon";
    document.model = "deepseek-v2-lite-q4_k_m.gguf";
    document.systemPrompt = "Answer briefly.\nUse metric units.";
    document.createdMs = kMay1;
    document.updatedMs = kMay1 + 3'600'000;
    document.messages.push_back(message(10, std::nullopt, Role::User, "Which sights should I see?"));
    document.messages.push_back(message(11, 10, Role::Assistant, "The Alfama district and the tram 28."));
    document.messages.push_back(
        message(12, 10, Role::Assistant, "## Top three\n\n1. Belém Tower\n2. Alfama\n3. LX Factory\n"));
    document.messages.push_back(message(13, 12, Role::User, "How far is Belém from the centre?"));
    document.messages.push_back(message(14, 13, Role::Assistant, "About 6 km; tram 15 takes 25 minutes."));
    document.messages.push_back(message(15, 11, Role::User, "And in the evening?"));
    document.messages.back().complete = false;
    document.messages[0].attachments.push_back({.contentHash = std::string(64, 'c'),
                                                .kind = AttachmentKind::Image,
                                                .mime = "image/jpeg",
                                                .sizeBytes = 48213,
                                                .originalPath = "/home/ana/Pictures/map.jpg",
                                                .extractedText = "map of Lisbon",
                                                .metadataJson = "{}"});
    document.activeMessageId = 13;
    return document;
}

std::string withoutTrailingNewlines(std::string text)
{
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

QList<qint64> ids(const ConversationDocument& document)
{
    QList<qint64> out;
    for (const DocumentMessage& m : document.messages)
        out.append(m.id);
    return out;
}

} // namespace

class TestConversationMarkdown : public QObject {
    Q_OBJECT
private slots:
    void exportMatchesGolden_data();
    void exportMatchesGolden();
    void selectedBranchImportsAsLinearConversation();
    void allBranchesImportAsTheWholeTree();
    void markerLikeTextSurvivesTheRoundTrip();
    void handWrittenLinearFileImports();
    void badInputIsRefusedWithFileAndLine_data();
    void badInputIsRefusedWithFileAndLine();
};

void TestConversationMarkdown::exportMatchesGolden_data()
{
    QTest::addColumn<bool>("allBranches");
    QTest::addColumn<QString>("golden");
    QTest::newRow("selected branch") << false << "branched_selected.md";
    QTest::newRow("all branches") << true << "branched_all.md";
}

void TestConversationMarkdown::exportMatchesGolden()
{
    QFETCH(bool, allBranches);
    QFETCH(QString, golden);
    const QByteArray markdown = conversationToMarkdown(branchedDocument(), {.allBranches = allBranches});
    QString problem;
    QVERIFY2(cairn::test::matchesGolden(QStringLiteral("conversation"), golden, markdown, problem),
             qPrintable(problem));
}

void TestConversationMarkdown::selectedBranchImportsAsLinearConversation()
{
    const ConversationDocument source = branchedDocument();
    auto imported = conversationFromMarkdown(conversationToMarkdown(source), "trip.md");
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
    const ConversationDocument& document = imported.value();
    QCOMPARE(document.title, source.title);
    QCOMPARE(document.model, source.model);
    QCOMPARE(document.systemPrompt, source.systemPrompt);
    QCOMPARE(document.createdMs, source.createdMs);
    QCOMPARE(document.updatedMs, source.updatedMs);
    QCOMPARE(ids(document), (QList<qint64>{10, 12, 13, 14}));
    QCOMPARE(document.activeMessageId, std::optional<std::int64_t>(13));
    for (const DocumentMessage& m : document.messages) {
        const auto original = std::find_if(source.messages.begin(), source.messages.end(),
                                           [&m](const DocumentMessage& s) { return s.id == m.id; });
        QVERIFY(original != source.messages.end());
        QCOMPARE(m.parentId, original->parentId);
        QCOMPARE(m.role, original->role);
        QCOMPARE(m.content, withoutTrailingNewlines(original->content)); // as documented
        QCOMPARE(m.createdMs, original->createdMs);
        QVERIFY(m.attachments.empty()); // Markdown lists attachments for reading only
    }
}

void TestConversationMarkdown::allBranchesImportAsTheWholeTree()
{
    const ConversationDocument source = branchedDocument();
    auto imported = conversationFromMarkdown(conversationToMarkdown(source, {.allBranches = true}), "trip.md");
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
    const ConversationDocument& document = imported.value();
    QCOMPARE(document.messages.size(), source.messages.size());
    QCOMPARE(ids(document), (QList<qint64>{10, 11, 15, 12, 13, 14})); // depth first
    for (const DocumentMessage& m : document.messages) {
        const auto original = std::find_if(source.messages.begin(), source.messages.end(),
                                           [&m](const DocumentMessage& s) { return s.id == m.id; });
        QCOMPARE(m.parentId, original->parentId);
        QCOMPARE(m.role, original->role);
        QCOMPARE(m.complete, original->complete);
    }
    QCOMPARE(document.activeMessageId, std::optional<std::int64_t>(13));
    QVERIFY(!treeProblem(document));
}

void TestConversationMarkdown::markerLikeTextSurvivesTheRoundTrip()
{
    ConversationDocument source;
    source.createdMs = kMay1;
    source.updatedMs = kMay1;
    source.messages.push_back(message(1, std::nullopt, Role::User,
                                      "Quote:\n<!-- cairn:message role=user -->\n\\<!-- cairn:system -->\n"
                                      "<!-- cairn: indented -->\n## 2. Assistant\nend"));
    const QByteArray markdown = conversationToMarkdown(source);
    QVERIFY(markdown.contains("\n\\<!-- cairn:message role=user -->\n\\\\<!-- cairn:system -->\n"));
    auto imported = conversationFromMarkdown(markdown, "quote.md");
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
    QCOMPARE(imported.value().messages.size(), std::size_t{1});
    QCOMPARE(imported.value().messages[0].content, source.messages[0].content);
    QCOMPARE(imported.value().title, std::string("Untitled conversation"));
}

void TestConversationMarkdown::handWrittenLinearFileImports()
{
    const QByteArray markdown = "Notes before the conversation are ignored.\n"
                                "<!-- cairn:conversation version=1 -->\n"
                                "# Hand written\n"
                                "\n"
                                "- Created: 2024-05-01 10:00:00 UTC\n"
                                "\n"
                                "<!-- cairn:message role=user -->\n"
                                "## Question\n"
                                "\n"
                                "What is 2 + 2?\n"
                                "\n"
                                "<!-- cairn:message role=assistant -->\n"
                                "4\n"
                                "\n"
                                "<!-- cairn:message role=user -->\r\n"
                                "## Thanks\r\n"
                                "\r\n"
                                "Thanks!\r\n";
    auto imported = conversationFromMarkdown(markdown, "notes.md");
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
    const ConversationDocument& document = imported.value();
    QCOMPARE(document.title, std::string("Hand written"));
    QCOMPARE(document.createdMs, kMay1);
    QCOMPARE(ids(document), (QList<qint64>{1, 2, 3}));
    QCOMPARE(document.messages[0].parentId, std::nullopt);
    QCOMPARE(document.messages[1].parentId, std::optional<std::int64_t>(1));
    QCOMPARE(document.messages[2].parentId, std::optional<std::int64_t>(2));
    QCOMPARE(document.messages[0].content, std::string("What is 2 + 2?"));
    QCOMPARE(document.messages[1].content, std::string("4"));
    QCOMPARE(document.messages[1].role, Role::Assistant);
    QCOMPARE(document.messages[2].content, std::string("Thanks!"));
    QCOMPARE(document.messages[2].createdMs, kMay1);
}

void TestConversationMarkdown::badInputIsRefusedWithFileAndLine_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::addColumn<QString>("expectedError");
    const QByteArray head = "<!-- cairn:conversation version=1 -->\n# T\n\n";
    QTest::newRow("no conversation line")
        << QByteArray("# Just notes\n\nsome text\n")
        << "bad.md: not a Cairn Markdown conversation (no '<!-- cairn:conversation version=1 -->' line)";
    QTest::newRow("newer version") << QByteArray("<!-- cairn:conversation version=2 -->\n")
                                   << "bad.md: line 1: format version 2 is not supported; this Cairn reads version 1";
    QTest::newRow("unknown marker") << head + "<!-- cairn:poem -->\n"
                                    << "bad.md: line 4: unknown marker 'poem'";
    QTest::newRow("unclosed marker") << head + "<!-- cairn:message role=user\n"
                                     << "bad.md: line 4: the marker does not end with '-->'";
    QTest::newRow("missing role") << head + "<!-- cairn:message id=1 -->\n"
                                  << "bad.md: line 4: the message has no role";
    QTest::newRow("bad role") << head + "<!-- cairn:message role=robot -->\n"
                              << "bad.md: line 4: role 'robot' is not system, user, assistant or tool";
    QTest::newRow("unknown attribute") << head + "<!-- cairn:message role=user mood=happy -->\n"
                                       << "bad.md: line 4: unknown attribute 'mood'";
    QTest::newRow("id not a number") << head + "<!-- cairn:message id=x role=user -->\n"
                                     << "bad.md: line 4: id 'x' is not an integer";
    QTest::newRow("bad date") << QByteArray("<!-- cairn:conversation version=1 -->\n- Created: yesterday\n")
                              << "bad.md: line 2: date 'yesterday' is not YYYY-MM-DD HH:MM:SS UTC";
    QTest::newRow("dangling parent") << head
            + "<!-- cairn:message id=1 parent=none role=user -->\nhi\n<!-- cairn:message id=2 parent=7 role=assistant "
              "-->\n"
                                     << "bad.md: message 2 names parent 7, which is not in the file";
    QTest::newRow("cyclic parents") << head
            + "<!-- cairn:message id=1 parent=2 role=user -->\n"
              "<!-- cairn:message id=2 parent=1 role=assistant -->\n"
                                    << "bad.md: messages form a cycle through their parents: 1 -> 2 -> 1";
    QTest::newRow("repeated id") << head
            + "<!-- cairn:message id=1 parent=none role=user -->\n"
              "<!-- cairn:message id=1 parent=none role=user -->\n"
                                 << "bad.md: message id 1 appears twice";
}

void TestConversationMarkdown::badInputIsRefusedWithFileAndLine()
{
    QFETCH(QByteArray, markdown);
    QFETCH(QString, expectedError);
    auto imported = conversationFromMarkdown(markdown, "bad.md");
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, cairn::storage::ErrorCode::InvalidInput);
    QCOMPARE(QString::fromStdString(imported.error().message()), expectedError);
}

QTEST_GUILESS_MAIN(TestConversationMarkdown)
#include "tst_conversation_markdown.moc"
