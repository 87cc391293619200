// SPDX-License-Identifier: MIT
// AttachmentStore: content-hash deduplication, links to messages in order, cascades and clean-up.

#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/database.h"

#include <QtTest>

using namespace cairn::storage;

Q_DECLARE_METATYPE(cairn::storage::AttachmentKind)

namespace {

std::string sha256Of(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
}

NewAttachment document(const QByteArray& bytes, const char* path)
{
    NewAttachment attachment;
    attachment.contentHash = sha256Of(bytes);
    attachment.kind = AttachmentKind::Document;
    attachment.mime = "application/pdf";
    attachment.sizeBytes = bytes.size();
    attachment.originalPath = path;
    attachment.extractedText = "text of " + std::string(path);
    attachment.metadataJson = R"({"pages":3})";
    return attachment;
}

} // namespace

class TestAttachmentStore : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void storedAttachmentRoundTrips_data();
    void storedAttachmentRoundTrips();
    void sameContentIsStoredOnce();
    void malformedHashIsRejected_data();
    void malformedHashIsRejected();
    void messageListsAttachmentsInOrder();
    void linkErrorsNameTheProblem();
    void deletingMessagesUnlinksAndCleanUpRemoves();

private:
    std::int64_t newMessageId();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<AttachmentStore> m_attachments;
    std::unique_ptr<ConversationStore> m_conversations;
    std::int64_t m_conversation = 0;
};

void TestAttachmentStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    m_attachments = std::make_unique<AttachmentStore>(*m_db, [] { return std::int64_t{5000}; });
    m_conversations = std::make_unique<ConversationStore>(*m_db);
    m_conversation = m_conversations->createConversation({}).value().id;
}

void TestAttachmentStore::cleanup()
{
    m_attachments.reset();
    m_conversations.reset();
    m_db.reset();
    m_dir.reset();
}

std::int64_t TestAttachmentStore::newMessageId()
{
    NewMessage message;
    message.content = "see attached";
    return m_conversations->appendMessage(m_conversation, message).value().id;
}

void TestAttachmentStore::storedAttachmentRoundTrips_data()
{
    QTest::addColumn<AttachmentKind>("kind");
    QTest::newRow("image") << AttachmentKind::Image;
    QTest::newRow("audio") << AttachmentKind::Audio;
    QTest::newRow("video") << AttachmentKind::Video;
    QTest::newRow("document") << AttachmentKind::Document;
    QTest::newRow("repository") << AttachmentKind::Repository;
}

void TestAttachmentStore::storedAttachmentRoundTrips()
{
    QFETCH(AttachmentKind, kind);
    NewAttachment fresh = document("%PDF-1.7 bytes", "/home/a/report.pdf");
    fresh.kind = kind;
    auto added = m_attachments->addAttachment(fresh);
    QVERIFY2(added.ok(), added.ok() ? "" : added.error().message().c_str());
    QVERIFY(added.value().created);
    const Attachment stored = m_attachments->attachment(added.value().id).value();
    QCOMPARE(stored.contentHash, fresh.contentHash);
    QCOMPARE(stored.kind, kind);
    QCOMPARE(stored.mime, fresh.mime);
    QCOMPARE(stored.sizeBytes, fresh.sizeBytes);
    QCOMPARE(stored.originalPath, fresh.originalPath);
    QCOMPARE(stored.extractedText, fresh.extractedText);
    QCOMPARE(stored.metadataJson, fresh.metadataJson);
    QCOMPARE(stored.createdMs, 5000);
    QCOMPARE(m_attachments->attachment(stored.id + 1).error().code, ErrorCode::NotFound);
}

void TestAttachmentStore::sameContentIsStoredOnce()
{
    auto first = m_attachments->addAttachment(document("same bytes", "/a/one.pdf"));
    auto second = m_attachments->addAttachment(document("same bytes", "/b/copy-of-one.pdf"));
    auto other = m_attachments->addAttachment(document("other bytes", "/a/two.pdf"));
    QVERIFY(first.ok() && second.ok() && other.ok());
    QVERIFY(first.value().created);
    QVERIFY(!second.value().created);
    QCOMPARE(second.value().id, first.value().id);
    QVERIFY(other.value().created);
    QVERIFY(other.value().id != first.value().id);
    QCOMPARE(m_attachments->attachment(first.value().id).value().originalPath, std::string("/a/one.pdf"));
}

void TestAttachmentStore::malformedHashIsRejected_data()
{
    QTest::addColumn<QString>("hash");
    QTest::newRow("empty") << QString();
    QTest::newRow("too short") << QStringLiteral("abc123");
    QTest::newRow("upper case") << QString::fromStdString(sha256Of("x")).toUpper();
    QTest::newRow("not hex") << QString(64, QLatin1Char('g'));
}

void TestAttachmentStore::malformedHashIsRejected()
{
    QFETCH(QString, hash);
    NewAttachment attachment = document("x", "/x");
    attachment.contentHash = hash.toStdString();
    auto added = m_attachments->addAttachment(attachment);
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, ErrorCode::InvalidInput);
}

void TestAttachmentStore::messageListsAttachmentsInOrder()
{
    const std::int64_t message = newMessageId();
    const std::int64_t later = newMessageId();
    const std::int64_t a = m_attachments->addAttachment(document("a", "/a")).value().id;
    const std::int64_t b = m_attachments->addAttachment(document("b", "/b")).value().id;
    const std::int64_t c = m_attachments->addAttachment(document("c", "/c")).value().id;
    QVERIFY(m_attachments->attachToMessage(message, c, 0).ok());
    QVERIFY(m_attachments->attachToMessage(message, a, 1).ok());
    QVERIFY(m_attachments->attachToMessage(message, b, 2).ok());
    QVERIFY(m_attachments->attachToMessage(later, a, 0).ok()); // one stored file, two messages
    const auto listed = m_attachments->messageAttachments(message).value();
    QCOMPARE(listed.size(), std::size_t{3});
    QCOMPARE(listed[0].id, c);
    QCOMPARE(listed[1].id, a);
    QCOMPARE(listed[2].id, b);
    QCOMPARE(m_attachments->messageAttachments(later).value().size(), std::size_t{1});
    QVERIFY(m_attachments->messageAttachments(later + 100).value().empty());
}

void TestAttachmentStore::linkErrorsNameTheProblem()
{
    const std::int64_t message = newMessageId();
    const std::int64_t a = m_attachments->addAttachment(document("a", "/a")).value().id;
    QVERIFY(m_attachments->attachToMessage(message, a, 0).ok());
    QCOMPARE(m_attachments->attachToMessage(message, a, 1).error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_attachments->attachToMessage(message + 100, a, 0).error().code, ErrorCode::NotFound);
    QCOMPARE(m_attachments->attachToMessage(message, a + 100, 0).error().code, ErrorCode::NotFound);
}

void TestAttachmentStore::deletingMessagesUnlinksAndCleanUpRemoves()
{
    const std::int64_t first = newMessageId();
    const std::int64_t second = newMessageId();
    const std::int64_t shared = m_attachments->addAttachment(document("shared", "/s")).value().id;
    const std::int64_t own = m_attachments->addAttachment(document("own", "/o")).value().id;
    QVERIFY(m_attachments->attachToMessage(first, shared, 0).ok());
    QVERIFY(m_attachments->attachToMessage(first, own, 1).ok());
    QVERIFY(m_attachments->attachToMessage(second, shared, 0).ok());

    QVERIFY(m_conversations->deleteMessage(first).ok());
    QCOMPARE(m_attachments->deleteUnlinked().value(), 1);
    QCOMPARE(m_attachments->attachment(own).error().code, ErrorCode::NotFound);
    QVERIFY(m_attachments->attachment(shared).ok());

    QVERIFY(m_conversations->deleteConversation(m_conversation).ok());
    QCOMPARE(m_attachments->deleteUnlinked().value(), 1);
    QCOMPARE(m_attachments->deleteUnlinked().value(), 0);
}

QTEST_GUILESS_MAIN(TestAttachmentStore)
#include "tst_attachment_store.moc"
