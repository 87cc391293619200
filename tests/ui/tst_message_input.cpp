// SPDX-License-Identifier: MIT
// The message input, offscreen: Enter sends, Shift+Enter breaks the line, Up in an empty editor
// asks to edit the last message, Esc and the Stop button stop a reply, the editor grows; in the
// InputArea with real services, a send carries the ready attachments' ids and clears, waits for
// attachments still being read, and pasted images and files become chips.

#include "input_services.h"

#include "app/services/attachment_service.h"
#include "app/services/repository_indexing.h"
#include "storage/database.h"
#include "ui/attachment_chip.h"
#include "ui/attachment_chips.h"
#include "ui/input_area.h"
#include "ui/message_editor.h"
#include "ui/message_input.h"
#include "ui/repository_progress.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace cairn;
using ui::AttachmentChip;
using ui::InputArea;
using ui::MessageEditor;
using ui::MessageInput;

namespace {

void writeText(const QString& path, const QByteArray& content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

} // namespace

class TestMessageInput : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void enterSendsTrimmedText();
    void shiftEnterBreaksTheLine();
    void emptyTextIsNotSent();
    void upInEmptyEditorAsksToEditLast();
    void generatingTurnsSendIntoStop();
    void blockedSendSaysWhy();
    void editorGrowsToItsLimit();
    void controlsHaveAccessibleNames();
    void attachButtonOpensAFileDialog();
    void sendCarriesAttachmentIdsAndClears();
    void sendWaitsForAttachmentsBeingRead();
    void pastedImageBecomesChip();
    void pastedFileBecomesChip();
    void pastedFolderIsIndexed();

private:
    test::InputServices m_services;
};

void TestMessageInput::init()
{
    m_services.open();
}

void TestMessageInput::cleanup()
{
    m_services.close();
}

void TestMessageInput::enterSendsTrimmedText()
{
    MessageInput input;
    input.show();
    QSignalSpy send(&input, &MessageInput::sendRequested);
    QTest::keyClicks(input.editor(), QStringLiteral("  hello there "));
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QCOMPARE(send.size(), 1);
    QCOMPARE(send.first().at(0).toString(), QStringLiteral("hello there"));
    QTest::keyClick(input.editor(), Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(send.size(), 2);
    // The Send button does the same.
    input.findChild<QPushButton*>(QStringLiteral("sendButton"))->click();
    QCOMPARE(send.size(), 3);
    QCOMPARE(input.text(), QStringLiteral("  hello there "));
}

void TestMessageInput::shiftEnterBreaksTheLine()
{
    MessageInput input;
    QSignalSpy send(&input, &MessageInput::sendRequested);
    QTest::keyClicks(input.editor(), QStringLiteral("first"));
    QTest::keyClick(input.editor(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input.editor(), QStringLiteral("second"));
    QCOMPARE(input.text(), QStringLiteral("first\nsecond"));
    QVERIFY(send.isEmpty());
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QCOMPARE(send.size(), 1);
    QCOMPARE(send.first().at(0).toString(), QStringLiteral("first\nsecond"));
}

void TestMessageInput::emptyTextIsNotSent()
{
    MessageInput input;
    QSignalSpy send(&input, &MessageInput::sendRequested);
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QTest::keyClicks(input.editor(), QStringLiteral("   "));
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QVERIFY(send.isEmpty());
    QVERIFY(!input.findChild<QPushButton*>(QStringLiteral("sendButton"))->isEnabled());
}

void TestMessageInput::upInEmptyEditorAsksToEditLast()
{
    MessageInput input;
    QSignalSpy edit(&input, &MessageInput::editLastRequested);
    QTest::keyClick(input.editor(), Qt::Key_Up);
    QCOMPARE(edit.size(), 1);
    QTest::keyClicks(input.editor(), QStringLiteral("one"));
    QTest::keyClick(input.editor(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input.editor(), QStringLiteral("two"));
    QTest::keyClick(input.editor(), Qt::Key_Up);
    QCOMPARE(edit.size(), 1);
    QCOMPARE(input.editor()->textCursor().blockNumber(), 0); // Up moved the cursor instead
}

void TestMessageInput::generatingTurnsSendIntoStop()
{
    MessageInput input;
    auto* button = input.findChild<QPushButton*>(QStringLiteral("sendButton"));
    QSignalSpy send(&input, &MessageInput::sendRequested);
    QSignalSpy stop(&input, &MessageInput::stopRequested);
    QTest::keyClick(input.editor(), Qt::Key_Escape);
    QVERIFY(stop.isEmpty());

    input.setGenerating(true);
    QCOMPARE(button->text(), QStringLiteral("Stop"));
    QVERIFY(button->isEnabled());
    QTest::keyClicks(input.editor(), QStringLiteral("next question"));
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QVERIFY(send.isEmpty());
    QCOMPARE(input.text(), QStringLiteral("next question")); // Enter neither sent nor broke the line
    QTest::keyClick(input.editor(), Qt::Key_Escape);
    QCOMPARE(stop.size(), 1);
    button->click();
    QCOMPARE(stop.size(), 2);

    input.setGenerating(false);
    QCOMPARE(button->text(), QStringLiteral("Send"));
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QCOMPARE(send.size(), 1);
}

void TestMessageInput::blockedSendSaysWhy()
{
    MessageInput input;
    auto* button = input.findChild<QPushButton*>(QStringLiteral("sendButton"));
    QSignalSpy send(&input, &MessageInput::sendRequested);
    QTest::keyClicks(input.editor(), QStringLiteral("hi"));
    input.setSendBlocked(QStringLiteral("No model loaded"));
    QVERIFY(!button->isEnabled());
    QCOMPARE(button->toolTip(), QStringLiteral("No model loaded"));
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QVERIFY(send.isEmpty());
    input.setSendBlocked(QString());
    QVERIFY(button->isEnabled());
    QTest::keyClick(input.editor(), Qt::Key_Return);
    QCOMPARE(send.size(), 1);
}

void TestMessageInput::editorGrowsToItsLimit()
{
    MessageInput input;
    input.resize(500, 100);
    input.show();
    QVERIFY(QTest::qWaitForWindowExposed(&input));
    MessageEditor* editor = input.editor();
    editor->setMaximumLines(4);
    const int oneLine = editor->height();
    QTest::keyClicks(editor, QStringLiteral("a"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(editor, QStringLiteral("b"));
    const int twoLines = editor->height();
    QVERIFY2(twoLines > oneLine, qPrintable(QStringLiteral("%1 -> %2").arg(oneLine).arg(twoLines)));
    for (int i = 0; i < 10; ++i)
        QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
    const int capped = editor->height();
    QVERIFY(capped > twoLines);
    QCOMPARE(capped - oneLine, 3 * editor->fontMetrics().lineSpacing());
    editor->clear();
    QCOMPARE(editor->height(), oneLine);
}

void TestMessageInput::controlsHaveAccessibleNames()
{
    MessageInput input;
    QCOMPARE(input.editor()->objectName(), QStringLiteral("messageInput"));
    QVERIFY(!input.editor()->accessibleName().isEmpty());
    QVERIFY(!input.editor()->placeholderText().isEmpty());
    QVERIFY(!input.findChild<QPushButton*>(QStringLiteral("sendButton"))->accessibleName().isEmpty());
    QVERIFY(!input.findChild<QToolButton*>(QStringLiteral("attachButton"))->accessibleName().isEmpty());
    QCOMPARE(input.attachAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_O));
}

void TestMessageInput::attachButtonOpensAFileDialog()
{
    const QString path = m_services.dir->filePath(QStringLiteral("chosen file.txt"));
    writeText(path, "picked\n");
    MessageInput input;
    input.show();
    QSignalSpy chosen(&input, &MessageInput::filesChosen);
    input.findChild<QToolButton*>(QStringLiteral("attachButton"))->click();
    QFileDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = input.window()->findChild<QFileDialog*>(QStringLiteral("attachDialog"))) != nullptr);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->fileMode(), QFileDialog::ExistingFiles);
    dialog->selectFile(path);
    static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept is protected
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().at(0).toStringList(), QStringList{path});
}

void TestMessageInput::sendCarriesAttachmentIdsAndClears()
{
    InputArea area(*m_services.attachments, *m_services.indexing);
    area.show();
    const QString first = m_services.dir->filePath(QStringLiteral("first note.txt"));
    const QString second = m_services.dir->filePath(QStringLiteral("zweite Notiz ä.md"));
    writeText(first, "alpha\n");
    writeText(second, "# Title\n\nbeta\n");
    area.attachFiles({first, second});
    QCOMPARE(area.attachmentChips()->count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(area.attachmentChips()->pendingCount(), 0, 30'000);
    const QList<std::int64_t> ids = area.attachmentChips()->attachmentIds();
    QCOMPARE(ids.size(), 2);

    QSignalSpy send(&area, &InputArea::sendRequested);
    MessageEditor* editor = area.messageInput()->editor();
    QTest::keyClicks(editor, QStringLiteral("compare these"));
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(send.size(), 1);
    QCOMPARE(send.first().at(0).toString(), QStringLiteral("compare these"));
    QCOMPARE(send.first().at(1).value<QList<std::int64_t>>(), ids);
    QVERIFY(area.text().isEmpty());
    QCOMPARE(area.attachmentChips()->count(), 0);
    QVERIFY(!area.attachmentChips()->isVisible());
}

void TestMessageInput::sendWaitsForAttachmentsBeingRead()
{
    InputArea area(*m_services.attachments, *m_services.indexing);
    const QString path = m_services.dir->filePath(QStringLiteral("later.txt"));
    writeText(path, "read me\n");
    QSignalSpy send(&area, &InputArea::sendRequested);
    MessageEditor* editor = area.messageInput()->editor();
    QTest::keyClicks(editor, QStringLiteral("question"));
    area.attachFiles({path});
    QCOMPARE(area.attachmentChips()->pendingCount(), 1); // ready needs the event loop
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(send.isEmpty());
    QVERIFY(!area.findChild<QPushButton*>(QStringLiteral("sendButton"))->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(area.attachmentChips()->pendingCount(), 0, 30'000);
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(send.size(), 1);
    QCOMPARE(send.first().at(1).value<QList<std::int64_t>>().size(), 1);
}

void TestMessageInput::pastedImageBecomesChip()
{
    InputArea area(*m_services.attachments, *m_services.indexing);
    QImage image(120, 80, QImage::Format_RGB32);
    image.fill(Qt::darkGreen);
    QApplication::clipboard()->setImage(image);
    MessageEditor* editor = area.messageInput()->editor();
    editor->setFocus();
    editor->paste();
    QVERIFY(editor->toPlainText().isEmpty()); // no text was inserted for the image
    QCOMPARE(area.attachmentChips()->count(), 1);
    AttachmentChip* chip = area.attachmentChips()->chips().first();
    QCOMPARE(chip->name(), QStringLiteral("Pasted image"));
    QTRY_COMPARE_WITH_TIMEOUT(chip->state(), AttachmentChip::State::Ready, 30'000);
    QVERIFY(chip->name().startsWith(QLatin1String("pasted-")));
    QCOMPARE(chip->detail(), QStringLiteral("120\u00d780"));
    QCOMPARE(chip->attachment().thumbnail.size(), QSize(120, 80));
    QVERIFY(QFileInfo::exists(chip->attachment().path));
    QVERIFY(chip->attachment().path.startsWith(m_services.dir->filePath(QStringLiteral("cache/pasted"))));
}

void TestMessageInput::pastedFileBecomesChip()
{
    InputArea area(*m_services.attachments, *m_services.indexing);
    const QString path = m_services.dir->filePath(QStringLiteral("copied in a file manager.txt"));
    writeText(path, "one\ntwo\n");
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(path)});
    mime->setText(path);
    QApplication::clipboard()->setMimeData(mime);
    area.messageInput()->editor()->paste();
    QVERIFY(area.text().isEmpty());
    QCOMPARE(area.attachmentChips()->count(), 1);
    AttachmentChip* chip = area.attachmentChips()->chips().first();
    QTRY_COMPARE_WITH_TIMEOUT(chip->state(), AttachmentChip::State::Ready, 30'000);
    QCOMPARE(chip->name(), QStringLiteral("copied in a file manager.txt"));
    QCOMPARE(chip->detail(), QStringLiteral("2 lines"));
}

void TestMessageInput::pastedFolderIsIndexed()
{
    InputArea area(*m_services.attachments, *m_services.indexing);
    const QString root = m_services.dir->filePath(QStringLiteral("copied folder"));
    QVERIFY(QDir().mkpath(root));
    writeText(root + QStringLiteral("/tool.py"), "def tool():\n    return 1\n");
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(root)});
    QApplication::clipboard()->setMimeData(mime);
    QSignalSpy ready(&area, &InputArea::repositoryReady);
    area.messageInput()->editor()->paste();
    QVERIFY(area.text().isEmpty());
    QCOMPARE(area.attachmentChips()->count(), 0);
    QCOMPARE(area.repositoryProgress()->rowCount(), 1);
    QVERIFY(ready.wait(60'000));
    QVERIFY(ready.first().at(0).value<std::int64_t>() > 0);
}

QTEST_MAIN(TestMessageInput)
#include "tst_message_input.moc"
