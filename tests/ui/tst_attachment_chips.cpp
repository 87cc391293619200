// SPDX-License-Identifier: MIT
// Drops on a window with the InputArea's DropHandler installed, offscreen, with real services on a
// temporary database: synthesised drag and drop events with file URLs (spaces, non-ASCII names)
// show the overlay, make chips that can be removed, an error chip for a corrupt file, a refusal for
// web URLs and for folders whose names are not UTF-8, and indexing progress for a folder that
// completes or can be cancelled.

#include "input_services.h"

#include "app/services/attachment_service.h"
#include "app/services/repository_indexing.h"
#include "storage/database.h"
#include "tests/common/event_loop_gap.h"
#include "ui/attachment_chip.h"
#include "ui/attachment_chips.h"
#include "ui/drop_handler.h"
#include "ui/drop_overlay.h"
#include "ui/input_area.h"
#include "ui/message_editor.h"
#include "ui/message_input.h"
#include "ui/repository_progress.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace cairn;
using ui::AttachmentChip;
using ui::InputArea;
using ui::RepositoryProgress;

namespace {

void writeBytes(const QString& path, const QByteArray& content)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

std::unique_ptr<QMimeData> urlData(const QList<QUrl>& urls)
{
    auto mime = std::make_unique<QMimeData>();
    mime->setUrls(urls);
    return mime;
}

/// The window the main window stands for: a chat placeholder above the input area.
struct Window {
    Window(app::AttachmentService& attachments, app::RepositoryIndexing& indexing) : area(attachments, indexing)
    {
        auto* layout = new QVBoxLayout(&widget);
        layout->addWidget(new QLabel(QStringLiteral("chat"), &widget), 1);
        area.setParent(&widget);
        layout->addWidget(&area);
        area.dropHandler()->install(&widget);
        widget.resize(640, 480);
        widget.show();
    }
    ~Window() { area.setParent(nullptr); }

    bool dragEnter(const QMimeData* mime, QWidget* target = nullptr)
    {
        QDragEnterEvent event(QPoint(100, 100), Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target != nullptr ? target : &widget, &event);
        return event.isAccepted() && event.dropAction() == Qt::CopyAction;
    }
    void dragLeave()
    {
        QDragLeaveEvent event;
        QApplication::sendEvent(&widget, &event);
    }
    bool drop(const QMimeData* mime)
    {
        if (!dragEnter(mime))
            return false;
        QDropEvent event(QPointF(100, 100), Qt::CopyAction | Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&widget, &event);
        return event.isAccepted();
    }
    [[nodiscard]] bool overlayShown() const
    {
        return area.dropHandler()->overlay() != nullptr && area.dropHandler()->overlay()->isVisible();
    }

    QWidget widget;
    InputArea area;
};

} // namespace

class TestAttachmentChips : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void overlayShowsWhileDraggingAndHidesOnLeave();
    void dragOverTheEditorReachesTheWindow();
    void droppedPngBecomesChipAndCanBeRemoved();
    void corruptFileShowsErrorChip();
    void webUrlIsRefusedWithMessage();
    void nonUtf8FileNameIsAttachedFromACopy();
    void nonUtf8FolderIsRefusedByName_issue7();
    void droppedFolderShowsProgressThatCompletes();
    void indexingCanBeCancelled();
    void eventLoopKeepsRunningWhileWorking();
    void chipsPaintEveryState();

private:
    test::InputServices m_services;
};

void TestAttachmentChips::init()
{
    m_services.open();
}

void TestAttachmentChips::cleanup()
{
    m_services.close();
}

void TestAttachmentChips::overlayShowsWhileDraggingAndHidesOnLeave()
{
    Window window(*m_services.attachments, *m_services.indexing);
    QVERIFY(window.area.dropHandler()->overlay() != nullptr);
    QVERIFY(!window.overlayShown());
    const auto mime = urlData({QUrl::fromLocalFile(m_services.dir->filePath(QStringLiteral("x.txt")))});
    QVERIFY(window.dragEnter(mime.get()));
    QVERIFY(window.overlayShown());
    QCOMPARE(window.area.dropHandler()->overlay()->geometry(), window.widget.rect());
    QCOMPARE(window.area.dropHandler()->overlay()->message(), QStringLiteral("Drop files to attach, folders to index"));
    window.dragLeave();
    QVERIFY(!window.overlayShown());

    // Plain text drags are not ours.
    QMimeData text;
    text.setText(QStringLiteral("just words"));
    QVERIFY(!window.dragEnter(&text));
    QVERIFY(!window.overlayShown());
}

void TestAttachmentChips::dragOverTheEditorReachesTheWindow()
{
    Window window(*m_services.attachments, *m_services.indexing);
    const auto mime = urlData({QUrl::fromLocalFile(m_services.dir->filePath(QStringLiteral("x.txt")))});
    ui::MessageEditor* editor = window.area.messageInput()->editor();
    QVERIFY(window.dragEnter(mime.get(), editor->viewport()));
    QVERIFY(window.overlayShown());
    QVERIFY(editor->toPlainText().isEmpty());
}

void TestAttachmentChips::droppedPngBecomesChipAndCanBeRemoved()
{
    Window window(*m_services.attachments, *m_services.indexing);
    const QString path = m_services.dir->filePath(QStringLiteral("Urlaub am Meer – 写真 100%.png"));
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(path));
    const auto mime = urlData({QUrl::fromLocalFile(path)});
    QVERIFY(window.drop(mime.get()));
    QVERIFY(!window.overlayShown());

    ui::AttachmentChips* chips = window.area.attachmentChips();
    QCOMPARE(chips->count(), 1);
    QVERIFY(chips->isVisible());
    AttachmentChip* chip = chips->chips().first();
    QCOMPARE(chip->name(), QStringLiteral("Urlaub am Meer – 写真 100%.png"));
    QCOMPARE(chip->state(), AttachmentChip::State::Reading);
    QTRY_COMPARE_WITH_TIMEOUT(chip->state(), AttachmentChip::State::Ready, 30'000);
    QCOMPARE(chip->detail(), QStringLiteral("64\u00d748"));
    QCOMPARE(chip->attachment().kind, QStringLiteral("image"));
    QCOMPARE(chip->attachment().path, path);
    QVERIFY(!chip->attachment().thumbnail.isNull());
    QCOMPARE(chips->attachmentIds(), QList<std::int64_t>{chip->attachment().id});

    chip->findChild<QToolButton*>(QStringLiteral("removeAttachmentButton"))->click();
    QCOMPARE(chips->count(), 0);
    QVERIFY(chips->attachmentIds().isEmpty());
    QVERIFY(!chips->isVisible());
}

void TestAttachmentChips::corruptFileShowsErrorChip()
{
    Window window(*m_services.attachments, *m_services.indexing);
    QSignalSpy problem(&window.area, &InputArea::problem);
    const QString path = m_services.dir->filePath(QStringLiteral("broken scan.png"));
    writeBytes(path, QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(40, '\x07'));
    const auto mime = urlData({QUrl::fromLocalFile(path)});
    QVERIFY(window.drop(mime.get()));
    AttachmentChip* chip = window.area.attachmentChips()->chips().first();
    QTRY_COMPARE_WITH_TIMEOUT(chip->state(), AttachmentChip::State::Failed, 30'000);
    QVERIFY2(chip->detail().contains(QLatin1String("broken scan.png")), qPrintable(chip->detail()));
    QVERIFY(chip->toolTip().contains(chip->detail()));
    QCOMPARE(problem.size(), 1);
    QCOMPARE(problem.first().at(0).toString(), chip->detail());
    QVERIFY(window.area.attachmentChips()->attachmentIds().isEmpty());
    // A failed chip does not hold up sending.
    QTest::keyClicks(window.area.messageInput()->editor(), QStringLiteral("hello"));
    QSignalSpy send(&window.area, &InputArea::sendRequested);
    QTest::keyClick(window.area.messageInput()->editor(), Qt::Key_Return);
    QCOMPARE(send.size(), 1);
    QVERIFY(send.first().at(1).value<QList<std::int64_t>>().isEmpty());
}

void TestAttachmentChips::webUrlIsRefusedWithMessage()
{
    Window window(*m_services.attachments, *m_services.indexing);
    QSignalSpy problem(&window.area, &InputArea::problem);
    const auto mime = urlData({QUrl(QStringLiteral("https://example.com/picture.png"))});
    QVERIFY(window.drop(mime.get()));
    QCOMPARE(problem.size(), 1);
    const QString message = problem.first().at(0).toString();
    QVERIFY2(message.contains(QLatin1String("https://example.com/picture.png")), qPrintable(message));
    QCOMPARE(window.area.attachmentChips()->count(), 0);
    QCOMPARE(window.area.repositoryProgress()->rowCount(), 0);
}

void TestAttachmentChips::nonUtf8FileNameIsAttachedFromACopy()
{
    Window window(*m_services.attachments, *m_services.indexing);
    // "Übersicht.txt" in Latin-1, as an old archive or a Windows share may name it.
    const QByteArray native = QFile::encodeName(m_services.dir->path())
        + "/\xdc"
          "bersicht.txt";
    {
        std::ofstream out(native.toStdString());
        out << "overview\n";
    }
    const auto mime = urlData({QUrl::fromEncoded("file://" + native.toPercentEncoding("/"))});
    QVERIFY(window.drop(mime.get()));
    ui::AttachmentChips* chips = window.area.attachmentChips();
    QCOMPARE(chips->count(), 1);
    AttachmentChip* chip = chips->chips().first();
    QTRY_COMPARE_WITH_TIMEOUT(chip->state(), AttachmentChip::State::Ready, 30'000);
    QCOMPARE(chip->name(), QStringLiteral("_bersicht.txt"));
    QCOMPARE(chip->detail(), QStringLiteral("1 line"));
    QCOMPARE(chips->attachmentIds().size(), 1);
    // QTemporaryDir cannot see (so cannot remove) a name Qt cannot hold.
    QVERIFY(std::filesystem::remove(native.toStdString()));
}

void TestAttachmentChips::nonUtf8FolderIsRefusedByName_issue7()
{
    Window window(*m_services.attachments, *m_services.indexing);
    QSignalSpy problem(&window.area, &InputArea::problem);
    // "café" in Latin-1, dropped itself and as the parent of the folder dropped.
    const QByteArray cafe = QFile::encodeName(m_services.dir->path()) + "/caf\xe9";
    const QByteArray project = cafe + "/project";
    QVERIFY(std::filesystem::create_directories(project.toStdString()));
    const auto mime = urlData({QUrl::fromEncoded("file://" + cafe.toPercentEncoding("/")),
                               QUrl::fromEncoded("file://" + project.toPercentEncoding("/"))});
    QVERIFY(window.drop(mime.get()));
    QCOMPARE(problem.size(), 2);
    const QString shownName = QStringLiteral("“caf\uFFFD”");
    for (int i = 0; i < 2; ++i) {
        const QString message = problem.at(i).at(0).toString();
        const QString folder = QFile::decodeName(i == 0 ? cafe : project);
        QVERIFY2(message.startsWith(folder + QLatin1Char(' ')), qPrintable(message));
        QVERIFY2(message.contains(shownName) && message.contains(QLatin1String("not valid UTF-8")),
                 qPrintable(message));
    }
    QCOMPARE(window.area.repositoryProgress()->rowCount(), 0);
    // QTemporaryDir cannot see (so cannot remove) a name Qt cannot hold.
    QCOMPARE(std::filesystem::remove_all(cafe.toStdString()), std::uintmax_t{2});
}

void TestAttachmentChips::droppedFolderShowsProgressThatCompletes()
{
    Window window(*m_services.attachments, *m_services.indexing);
    QSignalSpy ready(&window.area, &InputArea::repositoryReady);
    const QString root = m_services.dir->filePath(QStringLiteral("kleines Projekt"));
    writeBytes(root + "/src/main.c", "int main(void)\n{\n    return helper();\n}\n");
    writeBytes(root + "/src/helper.c", "int helper(void)\n{\n    return 0;\n}\n");
    writeBytes(root + "/scripts/run.py", "def run():\n    return 1\n");
    // A folder and a file in one drop: one of each.
    const QString note = m_services.dir->filePath(QStringLiteral("note.txt"));
    writeBytes(note, "see the project\n");
    const auto mime = urlData({QUrl::fromLocalFile(root), QUrl::fromLocalFile(note)});
    QVERIFY(window.drop(mime.get()));

    RepositoryProgress* progress = window.area.repositoryProgress();
    QCOMPARE(progress->rowCount(), 1);
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->indexingCount(), 1);
    QCOMPARE(window.area.attachmentChips()->count(), 1);
    QVERIFY(ready.wait(60'000));
    const auto repositoryId = ready.first().at(0).value<std::int64_t>();
    QVERIFY(repositoryId > 0);
    QCOMPARE(progress->indexingCount(), 0);
    QCOMPARE(progress->rowCount(), 1);
    const QString text = progress->findChild<QLabel*>(QStringLiteral("repositoryStatus"))->text();
    QVERIFY2(text.startsWith(QLatin1String("ready")) && text.contains(QLatin1String("3 files")), qPrintable(text));
    QVERIFY(!progress->findChild<QPushButton*>(QStringLiteral("cancelIndexingButton"))->isVisible());

    // The ready chip can be dismissed.
    auto* dismiss = progress->findChild<QToolButton*>(QStringLiteral("dismissRepositoryButton"));
    QVERIFY(dismiss->isVisible());
    dismiss->click();
    QCOMPARE(progress->rowCount(), 0);
    QVERIFY(!progress->isVisible());
}

void TestAttachmentChips::indexingCanBeCancelled()
{
    Window window(*m_services.attachments, *m_services.indexing);
    QSignalSpy ready(&window.area, &InputArea::repositoryReady);
    QSignalSpy cancelled(m_services.indexing.get(), &app::RepositoryIndexing::cancelled);
    const QString root = m_services.dir->filePath(QStringLiteral("large"));
    for (int i = 0; i < 1500; ++i)
        writeBytes(root + QStringLiteral("/d%1/f%2.c").arg(i / 100).arg(i), "int f(void) { return 0; }\n");
    const auto mime = urlData({QUrl::fromLocalFile(root)});
    QVERIFY(window.drop(mime.get()));
    RepositoryProgress* progress = window.area.repositoryProgress();
    QCOMPARE(progress->indexingCount(), 1);
    progress->findChild<QPushButton*>(QStringLiteral("cancelIndexingButton"))->click();
    QVERIFY(cancelled.wait(60'000));
    QCOMPARE(progress->rowCount(), 0);
    QVERIFY(ready.isEmpty());
}

void TestAttachmentChips::eventLoopKeepsRunningWhileWorking()
{
    Window window(*m_services.attachments, *m_services.indexing);
    const QString root = m_services.dir->filePath(QStringLiteral("busy"));
    for (int i = 0; i < 1500; ++i) {
        writeBytes(root + QStringLiteral("/d%1/f%2.py").arg(i / 100).arg(i),
                   QByteArray("def f") + QByteArray::number(i) + "(x):\n    return x + 1\n");
    }
    QImage image(2000, 1500, QImage::Format_RGB32);
    image.fill(Qt::blue);
    const QString picture = m_services.dir->filePath(QStringLiteral("large picture.png"));
    QVERIFY(image.save(picture));
    QSignalSpy ready(&window.area, &InputArea::repositoryReady);

    // The longest gap between ticks of a 5 ms timer while a folder is indexed and a picture read.
    test::EventLoopGap gap;
    const auto mime = urlData({QUrl::fromLocalFile(root), QUrl::fromLocalFile(picture)});
    QVERIFY(window.drop(mime.get()));
    QVERIFY(ready.wait(120'000));
    AttachmentChip* chip = window.area.attachmentChips()->chips().first();
    QTRY_COMPARE_WITH_TIMEOUT(chip->state(), AttachmentChip::State::Ready, 60'000);
    gap.stop();
    qInfo("longest event loop gap while indexing 1500 files and reading a 2000x1500 PNG: %lld ms over %lld ms",
          gap.longestMs(), gap.elapsedMs());
    // Generous for a sanitizer build on shared cores; a GUI thread doing the work would take seconds.
    QVERIFY2(gap.longestMs() < 100, qPrintable(QString::number(gap.longestMs())));
}

void TestAttachmentChips::chipsPaintEveryState()
{
    ui::AttachmentChips chips;
    chips.resize(900, 60);
    chips.addPending(1, QStringLiteral("song.mp3"));
    chips.addPending(2, QStringLiteral("report.pdf"));
    chips.addPending(3, QStringLiteral("photo.jpg"));
    chips.addPending(4, QStringLiteral("bad.docx"));
    QCOMPARE(chips.pendingCount(), 4);
    app::AttachmentInfo song;
    song.id = 11;
    song.name = QStringLiteral("song.mp3");
    song.kind = QStringLiteral("audio");
    song.summary = QStringLiteral("3:12");
    for (int i = 0; i < 100; ++i)
        song.waveform.append(float(i % 10) / 10.0f);
    chips.setReady(1, song);
    app::AttachmentInfo pdf;
    pdf.id = 12;
    pdf.name = QStringLiteral("report.pdf");
    pdf.kind = QStringLiteral("document");
    pdf.summary = QStringLiteral("12 pages");
    pdf.pageCount = 12;
    chips.setReady(2, pdf);
    chips.setFailed(4, QStringLiteral("bad.docx: not a zip archive"));
    QCOMPARE(chips.pendingCount(), 1);
    QCOMPARE(chips.attachmentIds(), (QList<std::int64_t>{11, 12}));
    chips.show();
    for (AttachmentChip* chip : chips.chips())
        QVERIFY(!chip->grab().isNull());
    QCOMPARE(chips.chip(4)->state(), AttachmentChip::State::Failed);
    QCOMPARE(chips.chip(2)->detail(), QStringLiteral("12 pages"));
    chips.remove(3);
    QCOMPARE(chips.count(), 3);
    chips.clear();
    QCOMPARE(chips.count(), 0);
}

QTEST_MAIN(TestAttachmentChips)
#include "tst_attachment_chips.moc"
