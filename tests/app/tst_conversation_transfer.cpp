// SPDX-License-Identifier: MIT
// Export and import through a database: the JSON round trip of a branched conversation field by
// field, Markdown through the database, format sniffing, and every malformed JSON input refused
// with the file named and nothing written.

#include "app/services/conversation_json.h"
#include "app/services/conversation_transfer.h"
#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/database.h"

#include <QtTest>

using namespace cairn::app;
using namespace cairn::storage;

Q_DECLARE_METATYPE(cairn::app::ConversationFormat)

namespace {

NewMessage newMessage(Role role, const char* content, std::optional<std::int64_t> parent)
{
    NewMessage message;
    message.role = role;
    message.content = content;
    message.parentId = parent;
    return message;
}

NewAttachment attachmentWith(char hashDigit, AttachmentKind kind, const char* path)
{
    NewAttachment attachment;
    attachment.contentHash = std::string(64, hashDigit);
    attachment.kind = kind;
    attachment.mime = kind == AttachmentKind::Image ? "image/png" : "application/pdf";
    attachment.sizeBytes = 1234 + hashDigit;
    attachment.originalPath = path;
    attachment.extractedText = std::string("text of ") + path;
    attachment.metadataJson = R"({"pages":3})";
    return attachment;
}

struct Fixture {
    QTemporaryDir dir;
    std::optional<Database> db;
    std::int64_t clockMs = 1'714'557'600'000;

    Database& open(const QString& name = QStringLiteral("cairn.db"))
    {
        auto opened = Database::open(dir.filePath(name).toStdString());
        if (!opened)
            qFatal("%s", opened.error().message().c_str());
        db.emplace(std::move(opened).value());
        return *db;
    }
};

/// Question, answer with statistics and a regenerated sibling, a follow-up with attachments under
/// the first answer, an interrupted reply; the active message is the regenerated answer.
std::int64_t makeBranchedConversation(Database& db, std::int64_t& clockMs)
{
    ConversationStore store(db, [&clockMs] { return clockMs += 1000; });
    AttachmentStore attachments(db, [&clockMs] { return clockMs; });
    NewConversation fresh;
    fresh.title = "Reading list";
    fresh.model = "deepseek-v2-lite-q4_k_m.gguf";
    fresh.systemPrompt = "You are a librarian.";
    fresh.settingsJson = R"({"temperature":0.6,"topP":0.9})";
    const std::int64_t id = store.createConversation(fresh).value().id;
    const std::int64_t question = store.appendMessage(id, newMessage(Role::User, "Suggest a novel.", {})).value().id;
    const std::int64_t answer = store.beginReply(id, question).value();
    if (!store.finishReply(answer, "Try *Middlemarch*.",
                           {.promptTokens = 21, .completionTokens = 7, .statsJson = R"({"tokensPerSecond":31.5})"}))
        qFatal("finishReply failed");
    const std::int64_t regenerated = store.beginReply(id, question).value();
    if (!store.finishReply(regenerated, "Try *Beloved*.",
                           {.promptTokens = 21, .completionTokens = 6, .statsJson = "{}"}))
        qFatal("finishReply failed");
    const std::int64_t followUp
        = store.appendMessage(id, newMessage(Role::User, "Summarise these.", answer)).value().id;
    int position = 0;
    for (const NewAttachment& attachment : {attachmentWith('1', AttachmentKind::Document, "/home/a/review.pdf"),
                                            attachmentWith('2', AttachmentKind::Image, "/home/a/cover.png")}) {
        const std::int64_t attachmentId = attachments.addAttachment(attachment).value().id;
        if (!attachments.attachToMessage(followUp, attachmentId, position++))
            qFatal("attachToMessage failed");
    }
    const std::int64_t interrupted = store.beginReply(id, followUp).value();
    if (!store.updateReply(interrupted, "The review says"))
        qFatal("updateReply failed");
    if (!store.setActiveMessage(id, regenerated) || !store.setPinned(id, true) || !store.setArchived(id, true))
        qFatal("flags failed");
    return id;
}

} // namespace

class TestConversationTransfer : public QObject {
    Q_OBJECT
private slots:
    void jsonRoundTripKeepsEveryField();
    void markdownRoundTripKeepsTheSelectedBranch();
    void sniffsFormat_data();
    void sniffsFormat();
    void badJsonIsRefusedWithoutWriting_data();
    void badJsonIsRefusedWithoutWriting();
    void unreadableFileIsNamed();
    void missingConversationIsNotFound();
};

void TestConversationTransfer::jsonRoundTripKeepsEveryField()
{
    Fixture source;
    Database& from = source.open();
    const std::int64_t id = makeBranchedConversation(from, source.clockMs);
    auto json = exportConversation(from, id, ConversationFormat::Json);
    QVERIFY2(json.ok(), json.ok() ? "" : json.error().message().c_str());
    QVERIFY(json.value().contains("\"version\": 1"));

    Fixture target;
    Database& to = target.open();
    ConversationStore existing(to);
    QVERIFY(existing.createConversation(NewConversation{}).ok()); // the import's ids differ from the source's
    auto imported = importConversation(to, json.value(), QStringLiteral("reading.json"));
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());

    const ConversationStore before(from);
    const ConversationStore after(to);
    const Conversation original = before.conversation(id).value();
    const Conversation copy = imported.value();
    QVERIFY(copy.id != original.id);
    QCOMPARE(copy.title, original.title);
    QCOMPARE(copy.model, original.model);
    QCOMPARE(copy.systemPrompt, original.systemPrompt);
    QCOMPARE(copy.settingsJson, original.settingsJson);
    QCOMPARE(copy.createdMs, original.createdMs);
    QCOMPARE(copy.updatedMs, original.updatedMs);
    QCOMPARE(copy.pinned, true);
    QCOMPARE(copy.archived, true);

    const std::vector<Message> originalMessages = before.messages(id).value();
    const std::vector<Message> copiedMessages = after.messages(copy.id).value();
    QCOMPARE(copiedMessages.size(), std::size_t{5});
    QCOMPARE(copiedMessages.size(), originalMessages.size());
    std::map<std::int64_t, std::int64_t> newIdOf;
    for (std::size_t i = 0; i < originalMessages.size(); ++i)
        newIdOf[originalMessages[i].id] = copiedMessages[i].id;
    const AttachmentStore originalAttachments(from);
    const AttachmentStore copiedAttachments(to);
    for (std::size_t i = 0; i < originalMessages.size(); ++i) {
        const Message& a = originalMessages[i];
        const Message& b = copiedMessages[i];
        QCOMPARE(b.parentId.has_value(), a.parentId.has_value());
        if (a.parentId)
            QCOMPARE(*b.parentId, newIdOf.at(*a.parentId));
        QCOMPARE(b.role, a.role);
        QCOMPARE(b.content, a.content);
        QCOMPARE(b.promptTokens, a.promptTokens);
        QCOMPARE(b.completionTokens, a.completionTokens);
        QCOMPARE(b.statsJson, a.statsJson);
        QCOMPARE(b.complete, a.complete);
        QCOMPARE(b.createdMs, a.createdMs);
        const std::vector<Attachment> x = originalAttachments.messageAttachments(a.id).value();
        const std::vector<Attachment> y = copiedAttachments.messageAttachments(b.id).value();
        QCOMPARE(y.size(), x.size());
        for (std::size_t k = 0; k < x.size(); ++k) {
            QCOMPARE(y[k].contentHash, x[k].contentHash);
            QCOMPARE(y[k].kind, x[k].kind);
            QCOMPARE(y[k].mime, x[k].mime);
            QCOMPARE(y[k].sizeBytes, x[k].sizeBytes);
            QCOMPARE(y[k].originalPath, x[k].originalPath);
            QCOMPARE(y[k].extractedText, x[k].extractedText);
            QCOMPARE(y[k].metadataJson, x[k].metadataJson);
        }
    }
    QVERIFY(!copiedMessages[4].complete); // the interrupted reply stays interrupted
    QCOMPARE(copiedAttachments.messageAttachments(copiedMessages[3].id).value().size(), std::size_t{2});
    QCOMPARE(copy.activeMessageId, std::optional<std::int64_t>(newIdOf.at(*original.activeMessageId)));

    // Exporting the copy gives the same file but for the ids.
    auto again = exportConversation(to, copy.id, ConversationFormat::Json);
    QVERIFY(again.ok());
    QByteArray expected = json.value();
    for (auto it = newIdOf.rbegin(); it != newIdOf.rend(); ++it) // ids grow: replace longer numbers first
        expected
            .replace("\"id\": " + QByteArray::number(it->first) + ",",
                     "\"id\": X" + QByteArray::number(it->second) + ",")
            .replace("\"parentId\": " + QByteArray::number(it->first) + ",",
                     "\"parentId\": X" + QByteArray::number(it->second) + ",")
            .replace("\"activeMessageId\": " + QByteArray::number(it->first) + ",",
                     "\"activeMessageId\": X" + QByteArray::number(it->second) + ",");
    QCOMPARE(again.value(), QByteArray(expected).replace("X", ""));
}

void TestConversationTransfer::markdownRoundTripKeepsTheSelectedBranch()
{
    Fixture fixture;
    Database& db = fixture.open();
    const std::int64_t id = makeBranchedConversation(db, fixture.clockMs);
    auto markdown = exportConversation(db, id, ConversationFormat::Markdown);
    QVERIFY(markdown.ok());
    auto imported = importConversation(db, markdown.value(), QStringLiteral("reading.md"));
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
    const ConversationStore store(db);
    const std::vector<Message> original = store.activePath(id).value();
    const std::vector<Message> copy = store.activePath(imported.value().id).value();
    QCOMPARE(copy.size(), std::size_t{2}); // question and the regenerated answer
    QCOMPARE(store.messages(imported.value().id).value().size(), std::size_t{2});
    for (std::size_t i = 0; i < copy.size(); ++i) {
        QCOMPARE(copy[i].role, original[i].role);
        QCOMPARE(copy[i].content, original[i].content);
        QCOMPARE(copy[i].createdMs, original[i].createdMs);
    }
    QCOMPARE(imported.value().title, std::string("Reading list"));
    QCOMPARE(imported.value().systemPrompt, std::string("You are a librarian."));
    QCOMPARE(imported.value().createdMs, store.conversation(id).value().createdMs);
}

void TestConversationTransfer::sniffsFormat_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("expected"); // -1: none
    QTest::newRow("json by content") << QByteArray("  \n{\"format\": 1}") << "export.txt"
                                     << static_cast<int>(ConversationFormat::Json);
    QTest::newRow("markdown by content") << QByteArray("<!-- cairn:conversation version=1 -->\n") << "x.json"
                                         << static_cast<int>(ConversationFormat::Markdown);
    QTest::newRow("json by extension") << QByteArray("[1, 2]") << "a.JSON"
                                       << static_cast<int>(ConversationFormat::Json);
    QTest::newRow("markdown by extension")
        << QByteArray("# notes") << "a.md" << static_cast<int>(ConversationFormat::Markdown);
    QTest::newRow("neither") << QByteArray("hello") << "a.txt" << -1;
}

void TestConversationTransfer::sniffsFormat()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, fileName);
    QFETCH(int, expected);
    const std::optional<ConversationFormat> format = sniffConversationFormat(content, fileName);
    QCOMPARE(format ? static_cast<int>(*format) : -1, expected);
}

void TestConversationTransfer::badJsonIsRefusedWithoutWriting_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expectedError");
    const QByteArray head = R"({"format": "cairn.conversation", "version": 1, )";
    const QByteArray user = R"({"id": 1, "parentId": null, "role": "user", "content": "hi"})";
    QTest::newRow("not json") << QByteArray("{\"format\": ") << "bad.json: not valid JSON: ";
    QTest::newRow("not an object") << QByteArray("[1, 2, 3]")
                                   << R"(bad.json: not a Cairn conversation (no "format": "cairn.conversation"))";
    QTest::newRow("another format") << QByteArray(R"({"format": "chatgpt", "version": 1})")
                                    << R"(bad.json: not a Cairn conversation (no "format": "cairn.conversation"))";
    QTest::newRow("newer version") << QByteArray(R"({"format": "cairn.conversation", "version": 2, "messages": []})")
                                   << "bad.json: format version 2 is not supported; this Cairn reads version 1";
    QTest::newRow("no version") << QByteArray(R"({"format": "cairn.conversation", "messages": []})")
                                << "bad.json: format version (missing) is not supported; this Cairn reads version 1";
    QTest::newRow("no messages") << head + R"("title": "x"})"
                                 << R"(bad.json: "messages" is missing)";
    QTest::newRow("title not text") << head + R"("title": 5, "messages": []})"
                                    << R"(bad.json: "title" is not a string)";
    QTest::newRow("message not an object") << head + R"("messages": [7]})"
                                           << "bad.json: message 0: is not an object";
    QTest::newRow("message without role") << head + R"("messages": [{"id": 1, "content": ""}]})"
                                          << R"(bad.json: message 0: "role" is missing)";
    QTest::newRow("unknown role") << head + R"("messages": [{"id": 1, "role": "robot", "content": ""}]})"
                                  << R"(bad.json: message 0: "role" 'robot' is not system, user, assistant or tool)";
    QTest::newRow("fractional id") << head + R"("messages": [{"id": 1.5, "role": "user", "content": ""}]})"
                                   << R"(bad.json: message 0: "id" is not an integer)";
    QTest::newRow("tokens as text") << head
            + R"("messages": [{"id": 1, "role": "user", "content": "", "promptTokens": "9"}]})"
                                    << R"(bad.json: message 0: "promptTokens" is not an integer)";
    QTest::newRow("bad attachment kind")
        << head
            + R"("messages": [{"id": 1, "role": "user", "content": "", "attachments": [{"contentHash": "ab", "kind": "smell"}]}]})"
        << R"(bad.json: message 0: attachment 0: "kind" 'smell' is not image, audio, video, document or repository)";
    QTest::newRow("dangling parent") << head + R"("messages": [)" + user
            + R"(, {"id": 2, "parentId": 5, "role": "assistant", "content": ""}]})"
                                     << "bad.json: message 2 names parent 5, which is not in the file";
    QTest::newRow("cyclic parents") << head + R"("messages": [)" + user
            + R"(, {"id": 2, "parentId": 3, "role": "user", "content": ""}, {"id": 3, "parentId": 2, "role": "assistant", "content": ""}]})"
                                    << "bad.json: messages form a cycle through their parents: 2 -> 3 -> 2";
    QTest::newRow("own parent") << head + R"("messages": [{"id": 4, "parentId": 4, "role": "user", "content": ""}]})"
                                << "bad.json: messages form a cycle through their parents: 4 -> 4";
    QTest::newRow("repeated id") << head + R"("messages": [)" + user + ", " + user + "]}"
                                 << "bad.json: message id 1 appears twice";
    QTest::newRow("active message missing") << head + R"("activeMessageId": 9, "messages": [)" + user + "]}"
                                            << "bad.json: the active message 9 is not in the file";
    QTest::newRow("malformed attachment hash") << head
            + R"("messages": [{"id": 1, "role": "user", "content": "", "attachments": [{"contentHash": "ab", "kind": "image"}]}]})"
                                               << "'ab' is not 64 lower-case hex digits";
}

void TestConversationTransfer::badJsonIsRefusedWithoutWriting()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expectedError);
    Fixture fixture;
    Database& db = fixture.open();
    auto imported = importConversation(db, json, QStringLiteral("bad.json"));
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, ErrorCode::InvalidInput);
    const QString message = QString::fromStdString(imported.error().message());
    QVERIFY2(message.startsWith(expectedError) || message.contains(expectedError), qPrintable(message));
    const ConversationStore store(db);
    QCOMPARE(store.listConversations(ConversationFilter::All).value().size(), std::size_t{0});
}

void TestConversationTransfer::unreadableFileIsNamed()
{
    Fixture fixture;
    Database& db = fixture.open();
    const QString path = fixture.dir.filePath(QStringLiteral("absent.json"));
    auto imported = importConversationFile(db, path);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, ErrorCode::Io);
    QVERIFY2(QString::fromStdString(imported.error().message()).startsWith(path + ": cannot read the file"),
             imported.error().message().c_str());
}

void TestConversationTransfer::missingConversationIsNotFound()
{
    Fixture fixture;
    Database& db = fixture.open();
    auto exported = exportConversation(db, 42, ConversationFormat::Markdown);
    QVERIFY(!exported.ok());
    QCOMPARE(exported.error().code, ErrorCode::NotFound);
    QVERIFY(QString::fromStdString(exported.error().message()).endsWith(QLatin1String("no conversation 42")));
}

QTEST_GUILESS_MAIN(TestConversationTransfer)
#include "tst_conversation_transfer.moc"
