// SPDX-License-Identifier: MIT
// ChatView on the offscreen platform: messages and their Markdown structure, code blocks with
// tree-sitter colours and a working Copy button, screen-reader names in three languages, folding
// reasoning, streaming that repaints at most every 33 ms and only the last block, tail following,
// the action signals, and two measurements: opening a 200-message conversation and the longest
// event-loop stall while a reply streams.

#include "ui/chat/code_block_widget.h"
#include "ui/chat/code_syntax_highlighter.h"
#include "ui/chat/markdown_blocks.h"
#include "ui/chat/message_widget.h"
#include "ui/chat/prose_block.h"
#include "ui/chat/think_block.h"
#include "ui/chat_view.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <QtTest>

using cairn::app::ChatMessageView;
using cairn::app::ChatRole;
using cairn::ui::ChatView;
using cairn::ui::CodeBlockWidget;
using cairn::ui::MessageBlock;
using cairn::ui::MessageWidget;
using cairn::ui::ProseBlock;
using cairn::ui::ThinkBlock;

namespace {

ChatMessageView message(std::int64_t id, ChatRole role, const QString& content, bool complete = true)
{
    ChatMessageView view;
    view.id = id;
    view.role = role;
    view.content = content;
    view.complete = complete;
    return view;
}

MessageWidget* widgetFor(const ChatView& view, std::int64_t id)
{
    for (MessageWidget* widget : view.findChildren<MessageWidget*>()) {
        if (widget->messageId() == id)
            return widget;
    }
    return nullptr;
}

/// Messages of mixed Markdown like a real conversation: prose, lists, tables, code, reasoning.
QList<ChatMessageView> conversation(int count)
{
    QList<ChatMessageView> messages;
    for (int i = 0; i < count; ++i) {
        const auto id = static_cast<std::int64_t>(i + 1);
        if (i % 2 == 0) {
            messages.append(
                message(id, ChatRole::User, QStringLiteral("Question %1: how do I sort a **vector**?").arg(i)));
            continue;
        }
        QString reply;
        switch (i % 6) {
        case 1:
            reply = QStringLiteral("<think>The user wants std::sort.</think>\n\n## Sorting\n\nUse `std::sort`:\n\n"
                                   "```cpp\n#include <algorithm>\nvoid f(std::vector<int>& v) {\n"
                                   "    std::sort(v.begin(), v.end()); // ascending\n}\n```\n\nThat is all.");
            break;
        case 3:
            reply = QStringLiteral("| Algorithm | Cost |\n|---|---|\n| sort | n log n |\n| stable_sort | n log n |\n\n"
                                   "- one\n- two\n  1. nested\n\nSee [cppreference](https://en.cppreference.com).");
            break;
        default:
            reply = QStringLiteral("In Python:\n\n```python\ndef f(xs):\n    return sorted(xs)  # new list\n```\n");
            break;
        }
        ChatMessageView view = message(id, ChatRole::Assistant, reply);
        view.statsText = QStringLiteral("42 tokens · 30.0 tok/s");
        messages.append(view);
    }
    return messages;
}

/// Stands in for the desktop's browser.
class LinkReceiver : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl& url) { opened.append(url); }
};

} // namespace

class TestChatView : public QObject {
    Q_OBJECT
private slots:
    void splitsBlocks_data();
    void splitsBlocks();
    void setMessagesRendersEveryMessage();
    void openingTwoHundredMessagesIsQuick();
    void markdownStructure();
    void linksOpenExternally();
    void proseRewrapsWhenResized();
    void codeBlockHasLanguageHighlightAndCopy();
    void codeBlockStreamsPlainThenHighlights();
    void largeCodeBlockHighlightsOnce();
    void codeColoursFollowTheTheme();
    void thinkBlockFoldsWhenFinished();
    void streamingCoalescesRepaints();
    void streamingRendersOnlyTheLastBlock();
    void followsTailUntilScrolledUp();
    void actionsEmitWithIds();
    void editAndResend();
    void branchArrows();
    void statsLineUnderReply();
    void eventLoopStaysResponsiveWhileStreaming();
    void screenReaderNamesAreWholeSentences_issue7_data();
    void screenReaderNamesAreWholeSentences_issue7();
};

void TestChatView::splitsBlocks_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QList<MessageBlock>>("blocks");
    using Kind = MessageBlock::Kind;

    QTest::newRow("prose") << "Hello **there**" << QList<MessageBlock>{{Kind::Prose, "Hello **there**", {}, true}};
    QTest::newRow("fence") << "Look:\n```cpp\nint x;\n```\nDone."
                           << QList<MessageBlock>{{Kind::Prose, "Look:\n", {}, true},
                                                  {Kind::Code, "int x;", "cpp", true},
                                                  {Kind::Prose, "Done.", {}, true}};
    QTest::newRow("unterminated fence") << "```python\nprint(1)\npri"
                                        << QList<MessageBlock>{{Kind::Code, "print(1)\npri", "python", false}};
    QTest::newRow("tilde fence, longer close") << "~~~\na\n~~~~\n" << QList<MessageBlock>{{Kind::Code, "a", "", true}};
    QTest::newRow("shorter run does not close")
        << "````md\n```\nx\n````" << QList<MessageBlock>{{Kind::Code, "```\nx", "md", true}};
    QTest::newRow("think") << "<think>\nplan it\n</think>\n\nAnswer"
                           << QList<MessageBlock>{{Kind::Think, "plan it", {}, true},
                                                  {Kind::Prose, "\n\nAnswer", {}, true}};
    QTest::newRow("unterminated think") << "<think>still going"
                                        << QList<MessageBlock>{{Kind::Think, "still going", {}, false}};
    QTest::newRow("think tag inside code is code")
        << "```\n<think>\n```" << QList<MessageBlock>{{Kind::Code, "<think>", "", true}};
}

void TestChatView::splitsBlocks()
{
    QFETCH(QString, content);
    QFETCH(QList<MessageBlock>, blocks);
    const QList<MessageBlock> actual = cairn::ui::splitMessage(content);
    QCOMPARE(actual.size(), blocks.size());
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        QCOMPARE(actual[i].kind, blocks[i].kind);
        QCOMPARE(actual[i].text, blocks[i].text);
        QCOMPARE(actual[i].info, blocks[i].info);
        QCOMPARE(actual[i].closed, blocks[i].closed);
    }
    QVERIFY(!cairn::ui::withoutReasoning(u"<think>secret</think>Visible").contains(QLatin1String("secret")));
}

void TestChatView::setMessagesRendersEveryMessage()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    const QList<ChatMessageView> messages = conversation(12);
    view.setMessages(messages);
    QCOMPARE(view.messageCount(), 12);
    for (const ChatMessageView& m : messages) {
        QCOMPARE(view.messageText(m.id), m.content);
        QVERIFY(widgetFor(view, m.id) != nullptr);
    }
    // Replacing the list replaces the widgets.
    view.setMessages(conversation(3));
    QCOMPARE(view.messageCount(), 3);
    QTRY_COMPARE(view.findChildren<MessageWidget*>().size(), 3);
    QVERIFY(view.messageText(4).isEmpty());
}

void TestChatView::openingTwoHundredMessagesIsQuick()
{
    ChatView view;
    view.resize(800, 600);
    view.show();
    const QList<ChatMessageView> messages = conversation(200);
    QElapsedTimer timer;
    timer.start();
    view.setMessages(messages);
    const qint64 built = timer.elapsed();
    QCoreApplication::processEvents(); // the first layout and paint
    const qint64 shown = timer.elapsed();
    qInfo("setMessages(200 mixed Markdown messages): %lld ms to build, %lld ms to first layout", built, shown);
    QCOMPARE(view.messageCount(), 200);
    QVERIFY2(shown < 5000, "opening 200 messages took over 5 s");
}

void TestChatView::markdownStructure()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    const QString reply = QStringLiteral("# Title\n\nSome `inline` text.\n\n- alpha\n- beta\n\n"
                                         "| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com/docs)");
    view.setMessages({message(1, ChatRole::Assistant, reply)});
    const QList<ProseBlock*> prose = widgetFor(view, 1)->findChildren<ProseBlock*>();
    QCOMPARE(prose.size(), 1);
    QTextDocument* doc = prose.front()->document();

    bool heading = false;
    bool list = false;
    bool link = false;
    bool inlineCode = false;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        heading = heading || (block.blockFormat().headingLevel() == 1 && block.text() == QLatin1String("Title"));
        list = list || (block.textList() != nullptr && block.text() == QLatin1String("beta"));
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            link = link || (format.isAnchor() && format.anchorHref() == QLatin1String("https://example.com/docs"));
            inlineCode = inlineCode || (it.fragment().text() == QLatin1String("inline") && format.fontFixedPitch());
        }
    }
    QVERIFY(heading);
    QVERIFY(list);
    QVERIFY(link);
    QVERIFY(inlineCode);

    QTextTable* table = nullptr;
    for (QTextFrame* frame : doc->rootFrame()->childFrames())
        table = table != nullptr ? table : qobject_cast<QTextTable*>(frame);
    QVERIFY(table != nullptr);
    QCOMPARE(table->rows(), 2);
    QCOMPARE(table->columns(), 2);
    QCOMPARE(table->cellAt(1, 1).firstCursorPosition().block().text(), QStringLiteral("2"));

    // The block is exactly as tall as its text: no scroll bar of its own.
    QTRY_VERIFY(prose.front()->height() >= static_cast<int>(doc->size().height()));
    QCOMPARE(prose.front()->verticalScrollBar()->maximum(), 0);
}

void TestChatView::linksOpenExternally()
{
    // QDesktopServices hands https links to this receiver instead of a browser.
    LinkReceiver receiver;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &receiver, "open");
    ProseBlock block;
    block.resize(300, 50);
    block.setMarkdownText(QStringLiteral("Read [the docs](https://example.com/docs) first."));
    block.show();
    QVERIFY(QTest::qWaitForWindowExposed(&block));
    QVERIFY(!block.openLinks()); // never navigates itself
    QTextCursor inLink(block.document());
    inLink.setPosition(static_cast<int>(block.toPlainText().indexOf(QLatin1String("docs"))));
    const QPoint at = block.cursorRect(inLink).center() + QPoint(3, 0);
    QTest::mouseClick(block.viewport(), Qt::LeftButton, {}, at);
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QCOMPARE(receiver.opened, QList<QUrl>{QUrl(QStringLiteral("https://example.com/docs"))});
    QCOMPARE(block.toPlainText(), QStringLiteral("Read the docs first.")); // still showing the message
}

void TestChatView::proseRewrapsWhenResized()
{
    ChatView view;
    view.resize(900, 400);
    view.show();
    QString words;
    for (int i = 0; i < 120; ++i)
        words += QStringLiteral("word%1 ").arg(i);
    view.setMessages({message(1, ChatRole::Assistant, words)});
    ProseBlock* prose = widgetFor(view, 1)->findChild<ProseBlock*>();
    QTRY_VERIFY(prose->width() > 700);
    const int wideHeight = prose->height();
    view.resize(400, 400);
    QTRY_VERIFY(prose->width() < 400);
    QTRY_VERIFY(prose->height() > wideHeight * 3 / 2);
    // The text is wrapped for the width shown, and the whole of it fits.
    QCOMPARE(qRound(prose->document()->textWidth()), prose->viewport()->width());
    QVERIFY(prose->height() >= qCeil(prose->document()->size().height()));
    view.resize(900, 400);
    QTRY_COMPARE(prose->height(), wideHeight);
}

void TestChatView::codeBlockHasLanguageHighlightAndCopy()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    const QString code = QStringLiteral("int main() {\n    return 0; // done\n}");
    view.setMessages({message(1, ChatRole::Assistant, QStringLiteral("Here:\n\n```cpp\n%1\n```\n").arg(code))});
    const QList<CodeBlockWidget*> blocks = widgetFor(view, 1)->findChildren<CodeBlockWidget*>();
    QCOMPARE(blocks.size(), 1);
    CodeBlockWidget* block = blocks.front();
    QCOMPARE(block->language(), QStringLiteral("cpp"));
    QCOMPARE(block->code(), code);
    QVERIFY(block->highlightedSpanCount() > 0);

    // "return" (line 2, columns 4-10) carries the keyword colour; plain text ("main"'s parenthesis) none.
    auto* editor = block->findChild<QPlainTextEdit*>();
    QVERIFY(editor != nullptr);
    const QTextBlock second = editor->document()->findBlockByNumber(1);
    bool keywordColoured = false;
    for (const QTextLayout::FormatRange& range : second.layout()->formats()) {
        if (range.start == 4 && range.length == 6)
            keywordColoured = range.format.foreground().color()
                == cairn::ui::CodeSyntaxHighlighter::formatFor(QStringLiteral("keyword"), block->palette())
                       .foreground()
                       .color();
    }
    QVERIFY(keywordColoured);

    QApplication::clipboard()->clear();
    auto* copy = block->findChild<QToolButton*>();
    QVERIFY(copy != nullptr);
    QCOMPARE(copy->text(), QStringLiteral("Copy"));
    copy->click();
    QCOMPARE(QApplication::clipboard()->text(), code);
    QCOMPARE(copy->text(), QStringLiteral("Copied"));
    QTRY_COMPARE_WITH_TIMEOUT(copy->text(), QStringLiteral("Copy"), 3000);
}

void TestChatView::codeBlockStreamsPlainThenHighlights()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    view.setMessages({message(1, ChatRole::Assistant, QStringLiteral("```python\n"), false)});
    view.appendText(1, QStringLiteral("def f():\n    return 'x'\n"));
    QTRY_COMPARE(view.property("streamRenderCount").toInt(), 1);
    CodeBlockWidget* block = widgetFor(view, 1)->findChild<CodeBlockWidget*>();
    QVERIFY(block != nullptr);
    QCOMPARE(block->code(), QStringLiteral("def f():\n    return 'x'"));
    QCOMPARE(block->highlightedSpanCount(), 0); // plain while the fence is open
    view.appendText(1, QStringLiteral("```\nDone."));
    QTRY_COMPARE(view.property("streamRenderCount").toInt(), 2);
    QCOMPARE(widgetFor(view, 1)->findChild<CodeBlockWidget*>(), block); // the same widget, not rebuilt
    QVERIFY(block->highlightedSpanCount() > 0);
}

void TestChatView::largeCodeBlockHighlightsOnce()
{
    QString code = QStringLiteral("/* a comment\n   over two lines */\n");
    for (int i = 0; i < 600; ++i)
        code += QStringLiteral("int f%1(int x) { return x * %1; } // line %1\n").arg(i);
    code.chop(1);
    ChatView view;
    view.resize(800, 600);
    view.show();
    QElapsedTimer timer;
    timer.start();
    view.setMessages({message(1, ChatRole::Assistant, QStringLiteral("```c++\n%1\n```").arg(code))});
    qInfo("a 602-line C++ block parsed, highlighted and laid out in %lld ms", timer.elapsed());
    CodeBlockWidget* block = widgetFor(view, 1)->findChild<CodeBlockWidget*>();
    QVERIFY(block != nullptr);
    QVERIFY2(block->highlightedSpanCount() > 600 * 4,
             qPrintable(QStringLiteral("%1 spans").arg(block->highlightedSpanCount())));
    // The comment's second line is coloured from a span that started on the first.
    const QTextDocument* doc = block->findChild<QPlainTextEdit*>()->document();
    const QList<QTextLayout::FormatRange> second = doc->findBlockByNumber(1).layout()->formats();
    QVERIFY(!second.isEmpty());
    QCOMPARE(second.front().start, 0);
    QVERIFY(second.front().format.fontItalic());
    // The last line is highlighted too.
    QVERIFY(!doc->lastBlock().layout()->formats().isEmpty());
}

void TestChatView::codeColoursFollowTheTheme()
{
    ChatView view;
    view.show();
    view.setMessages({message(1, ChatRole::Assistant, QStringLiteral("```rust\nfn main() {}\n```"))});
    CodeBlockWidget* block = widgetFor(view, 1)->findChild<CodeBlockWidget*>();
    const QTextDocument* doc = block->findChild<QPlainTextEdit*>()->document();
    const auto keywordColour = [doc] {
        for (const QTextLayout::FormatRange& range : doc->firstBlock().layout()->formats()) {
            if (range.start == 0 && range.length == 2)
                return range.format.foreground().color();
        }
        return QColor();
    };
    QPalette light = view.palette();
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    view.setPalette(light);
    const QColor onLight = keywordColour();
    QPalette dark = light;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xdd, 0xdd, 0xdd));
    view.setPalette(dark);
    const QColor onDark = keywordColour();
    QVERIFY(onLight.isValid() && onDark.isValid());
    QVERIFY(onLight != onDark);
    QVERIFY(onLight.lightness() < 128); // dark ink on white
    QVERIFY(onDark.lightness() > 128);  // light ink on near-black
}

void TestChatView::thinkBlockFoldsWhenFinished()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    view.setMessages({message(7, ChatRole::Assistant, QStringLiteral("<think>Let me see"), false)});
    ThinkBlock* think = widgetFor(view, 7)->findChild<ThinkBlock*>();
    QVERIFY(think != nullptr);
    QVERIFY(think->isExpanded()); // open while the model reasons
    QVERIFY(!think->isFinished());

    view.appendText(7, QStringLiteral(" more.</think>\n\nThe answer is 4."));
    QTRY_VERIFY(think->isFinished());
    QVERIFY(!think->isExpanded()); // folded once finished
    QCOMPARE(think->reasoning(), QStringLiteral("Let me see more."));
    QCOMPARE(widgetFor(view, 7)->findChildren<ProseBlock*>().last()->toPlainText(), QStringLiteral("The answer is 4."));

    auto* toggle = think->findChild<QToolButton*>();
    QVERIFY(toggle != nullptr);
    toggle->click();
    QVERIFY(think->isExpanded());
    toggle->click();
    QVERIFY(!think->isExpanded());

    // A finished reply that opens with reasoning starts folded.
    view.setMessages({message(8, ChatRole::Assistant, QStringLiteral("<think>a</think>b"))});
    QVERIFY(!widgetFor(view, 8)->findChild<ThinkBlock*>()->isExpanded());
}

void TestChatView::streamingCoalescesRepaints()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    view.setMessages(
        {message(1, ChatRole::User, QStringLiteral("Count")), message(2, ChatRole::Assistant, QString(), false)});
    QString expected;
    for (int i = 0; i < 2000; ++i) {
        const QString piece = QStringLiteral("w%1 ").arg(i);
        expected += piece;
        view.appendText(2, piece);
    }
    QCOMPARE(view.messageText(2), expected); // exact before any repaint
    QCOMPARE(view.property("streamRenderCount").toInt(), 0);
    QTRY_COMPARE(view.property("streamRenderCount").toInt(), 1); // 2,000 appends, one repaint
    QTest::qWait(100);
    QCOMPARE(view.property("streamRenderCount").toInt(), 1); // nothing left to repaint
    QCOMPARE(widgetFor(view, 2)->findChild<ProseBlock*>()->toPlainText(), expected.trimmed());

    // Appends spread over time repaint at most once per 33 ms.
    QElapsedTimer clock;
    clock.start();
    int appended = 0;
    while (clock.elapsed() < 500) {
        view.appendText(2, QStringLiteral("x"));
        expected += QLatin1Char('x');
        ++appended;
        QCoreApplication::processEvents();
    }
    QTRY_VERIFY(view.property("streamRenderCount").toInt() > 1);
    QTest::qWait(60);
    const int renders = view.property("streamRenderCount").toInt() - 1;
    qInfo("%d appends over %lld ms: %d repaints", appended, clock.elapsed(), renders);
    QVERIFY(renders <= static_cast<int>(clock.elapsed() / 33) + 2);
    QCOMPARE(view.messageText(2), expected);
}

void TestChatView::streamingRendersOnlyTheLastBlock()
{
    ChatView view;
    view.resize(700, 500);
    view.show();
    const QString start = QStringLiteral("Intro\n\n```cpp\nint x = 1;\n```\n\nThen");
    view.setMessages({message(3, ChatRole::Assistant, start, false)});
    MessageWidget* widget = widgetFor(view, 3);
    const QList<ProseBlock*> before = widget->findChildren<ProseBlock*>();
    QCOMPARE(before.size(), 2);
    QCOMPARE(widget->blockRenderCount(), 3);
    const QString introDocument = before.front()->toHtml();

    for (int round = 1; round <= 5; ++round) {
        view.appendText(3, QStringLiteral(" more"));
        QTRY_COMPARE(view.property("streamRenderCount").toInt(), round);
        QCOMPARE(widget->blockRenderCount(), 3 + round); // one block per repaint: the last
    }
    QCOMPARE(widget->findChildren<ProseBlock*>(), before); // no widget rebuilt
    QCOMPARE(before.front()->toHtml(), introDocument);
    QCOMPARE(before.back()->toPlainText(), QStringLiteral("Then more more more more more"));

    // The reply ends: updateMessage applies the final text at once.
    ChatMessageView done = message(3, ChatRole::Assistant, start + QStringLiteral(" done."));
    done.statsText = QStringLiteral("9 tokens");
    view.updateMessage(done);
    QCOMPARE(before.back()->toPlainText(), QStringLiteral("Then done."));
    QCOMPARE(view.messageText(3), done.content);
}

void TestChatView::followsTailUntilScrolledUp()
{
    ChatView view;
    view.resize(600, 300);
    view.show();
    view.setMessages(conversation(20));
    auto* scroll = view.findChild<QScrollArea*>();
    QVERIFY(scroll != nullptr);
    QScrollBar* bar = scroll->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(view.followsTail());

    view.appendMessage(message(100, ChatRole::Assistant, QString(), false));
    for (int i = 0; i < 20; ++i)
        view.appendText(100, QStringLiteral("Line %1\n\n").arg(i));
    QTRY_VERIFY(view.property("streamRenderCount").toInt() >= 1);
    QTRY_COMPARE(bar->value(), bar->maximum()); // the tail is followed

    bar->setValue(0); // the user scrolls up
    QVERIFY(!view.followsTail());
    const int maximumBefore = bar->maximum();
    for (int i = 0; i < 20; ++i)
        view.appendText(100, QStringLiteral("More %1\n\n").arg(i));
    QTRY_VERIFY(bar->maximum() > maximumBefore);
    QCOMPARE(bar->value(), 0); // stays where the user put it
    QVERIFY(!view.followsTail());

    bar->setValue(bar->maximum()); // back at the bottom
    QVERIFY(view.followsTail());
    const int maximumAtBottom = bar->maximum();
    view.appendText(100, QStringLiteral("Last line\n\nand another\n\nand one more"));
    QTRY_VERIFY(bar->maximum() > maximumAtBottom);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestChatView::actionsEmitWithIds()
{
    ChatView view;
    view.show();
    view.setMessages({message(11, ChatRole::User, QStringLiteral("Hi")),
                      message(12, ChatRole::Assistant, QStringLiteral("<think>hmm</think>Hello **you**"))});
    QSignalSpy regenerate(&view, &ChatView::regenerateRequested);
    QSignalSpy remove(&view, &ChatView::deleteRequested);

    MessageWidget* reply = widgetFor(view, 12);
    reply->findChild<QToolButton*>(QStringLiteral("regenerateButton"))->click();
    QCOMPARE(regenerate.size(), 1);
    QCOMPARE(regenerate.front().front().value<std::int64_t>(), 12);
    QVERIFY(reply->findChild<QToolButton*>(QStringLiteral("editButton")) == nullptr); // replies are regenerated

    widgetFor(view, 11)->findChild<QToolButton*>(QStringLiteral("deleteButton"))->click();
    QCOMPARE(remove.size(), 1);
    QCOMPARE(remove.front().front().value<std::int64_t>(), 11);
    QVERIFY(widgetFor(view, 11)->findChild<QToolButton*>(QStringLiteral("regenerateButton")) == nullptr);

    QApplication::clipboard()->clear();
    reply->findChild<QToolButton*>(QStringLiteral("copyButton"))->click();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Hello **you**")); // without the reasoning
}

void TestChatView::editAndResend()
{
    ChatView view;
    view.show();
    view.setMessages({message(21, ChatRole::User, QStringLiteral("What is 2+2?")),
                      message(22, ChatRole::Assistant, QStringLiteral("4"))});
    QSignalSpy edit(&view, &ChatView::editRequested);
    MessageWidget* question = widgetFor(view, 21);
    question->findChild<QToolButton*>(QStringLiteral("editButton"))->click();
    QVERIFY(question->isEditing());
    auto* editor = question->findChild<QPlainTextEdit*>(QStringLiteral("editEditor"));
    QVERIFY(editor != nullptr);
    QCOMPARE(editor->toPlainText(), QStringLiteral("What is 2+2?"));

    // Cancel keeps the message and sends nothing.
    editor->setPlainText(QStringLiteral("discarded"));
    question->findChild<QPushButton*>(QStringLiteral("editCancelButton"))->click();
    QVERIFY(!question->isEditing());
    QCOMPARE(edit.size(), 0);

    question->findChild<QToolButton*>(QStringLiteral("editButton"))->click();
    QCOMPARE(editor->toPlainText(), QStringLiteral("What is 2+2?"));
    editor->setPlainText(QStringLiteral("What is 3+3?"));
    question->findChild<QPushButton*>(QStringLiteral("editSendButton"))->click();
    QCOMPARE(edit.size(), 1);
    QCOMPARE(edit.front().at(0).value<std::int64_t>(), 21);
    QCOMPARE(edit.front().at(1).toString(), QStringLiteral("What is 3+3?"));
    QVERIFY(!question->isEditing());

    // Keyboard: Escape cancels, Ctrl+Enter sends.
    QApplication::setActiveWindow(&view);
    QVERIFY(QTest::qWaitForWindowActive(&view));
    question->findChild<QToolButton*>(QStringLiteral("editButton"))->click();
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(!question->isEditing());
    question->findChild<QToolButton*>(QStringLiteral("editButton"))->click();
    editor->setPlainText(QStringLiteral("What is 4+4?"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(edit.size(), 2);
    QCOMPARE(edit.back().at(1).toString(), QStringLiteral("What is 4+4?"));
    QVERIFY(!question->isEditing());

    // An empty edit is not sent.
    question->findChild<QToolButton*>(QStringLiteral("editButton"))->click();
    editor->setPlainText(QStringLiteral("   "));
    question->findChild<QPushButton*>(QStringLiteral("editSendButton"))->click();
    QCOMPARE(edit.size(), 2);
    QVERIFY(question->isEditing());
}

void TestChatView::branchArrows()
{
    ChatView view;
    view.show();
    ChatMessageView middle = message(31, ChatRole::Assistant, QStringLiteral("second try"));
    middle.branchIndex = 1;
    middle.branchCount = 3;
    ChatMessageView first = message(32, ChatRole::User, QStringLiteral("only one"));
    view.setMessages({first, middle});
    QSignalSpy branch(&view, &ChatView::branchRequested);

    MessageWidget* widget = widgetFor(view, 31);
    QCOMPARE(widget->findChild<QLabel*>(QStringLiteral("branchLabel"))->text(), QStringLiteral("2/3"));
    auto* previous = widget->findChild<QToolButton*>(QStringLiteral("previousBranchButton"));
    auto* next = widget->findChild<QToolButton*>(QStringLiteral("nextBranchButton"));
    QVERIFY(previous->isVisibleTo(widget) && next->isVisibleTo(widget));
    previous->click();
    next->click();
    QCOMPARE(branch.size(), 2);
    QCOMPARE(branch.at(0).at(0).value<std::int64_t>(), 31);
    QCOMPARE(branch.at(0).at(1).toInt(), -1);
    QCOMPARE(branch.at(1).at(1).toInt(), 1);

    // At the first of two the previous arrow is off; a single version shows no arrows.
    middle.branchIndex = 0;
    middle.branchCount = 2;
    view.updateMessage(middle);
    QVERIFY(!previous->isEnabled());
    QVERIFY(next->isEnabled());
    QCOMPARE(widget->findChild<QLabel*>(QStringLiteral("branchLabel"))->text(), QStringLiteral("1/2"));
    QVERIFY(!widgetFor(view, 32)
                 ->findChild<QToolButton*>(QStringLiteral("previousBranchButton"))
                 ->isVisibleTo(widgetFor(view, 32)));
}

void TestChatView::statsLineUnderReply()
{
    ChatView view;
    view.show();
    view.setMessages({message(41, ChatRole::Assistant, QStringLiteral("Hello"), false)});
    QVERIFY(widgetFor(view, 41)->findChild<QLabel*>(QStringLiteral("statsLabel")) == nullptr);
    ChatMessageView done = message(41, ChatRole::Assistant, QStringLiteral("Hello there"));
    done.statsText = QStringLiteral("128 tokens · 23.4 tok/s · 0.41 s to first token");
    view.updateMessage(done);
    auto* stats = widgetFor(view, 41)->findChild<QLabel*>(QStringLiteral("statsLabel"));
    QVERIFY(stats != nullptr);
    QCOMPARE(stats->text(), done.statsText);
    QVERIFY(stats->isVisibleTo(widgetFor(view, 41)));
}

void TestChatView::eventLoopStaysResponsiveWhileStreaming()
{
    ChatView view;
    view.resize(800, 600);
    view.show();
    view.setMessages(conversation(40));
    view.appendMessage(message(500, ChatRole::Assistant, QString(), false));
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::qWait(100); // the first layout and paint of the conversation are not part of streaming

    // A 5 ms heartbeat measures the longest gap between its ticks while tokens arrive 50 times a second.
    QElapsedTimer sinceTick;
    qint64 longestGap = 0;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    connect(&heartbeat, &QTimer::timeout, this, [&] { longestGap = qMax(longestGap, sinceTick.restart()); });
    QString expected;
    int sent = 0;
    QTimer tokens;
    tokens.setInterval(20);
    connect(&tokens, &QTimer::timeout, this, [&] {
        // Markdown that keeps re-parsing: words, a list, then a growing code block.
        QString piece = QStringLiteral("token%1 ").arg(sent);
        if (sent == 30)
            piece = QStringLiteral("\n\n- item\n- item\n\n```cpp\n");
        else if (sent > 30)
            piece = QStringLiteral("int v%1 = %1;\n").arg(sent);
        expected += piece;
        view.appendText(500, piece);
        ++sent;
    });
    sinceTick.start();
    heartbeat.start();
    tokens.start();
    QEventLoop loop;
    QTimer::singleShot(2000, &loop, &QEventLoop::quit);
    loop.exec();
    tokens.stop();
    heartbeat.stop();
    qInfo("streaming %d appendText calls over 2 s (50/s): longest event-loop stall %lld ms, %d repaints", sent,
          longestGap, view.property("streamRenderCount").toInt());
    QVERIFY(sent >= 50);
    QCOMPARE(view.messageText(500), expected);
    QVERIFY2(longestGap < 50, "the event loop stalled for 50 ms or more while streaming");
}

void TestChatView::screenReaderNamesAreWholeSentences_issue7_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<ChatRole>("role");
    QTest::addColumn<QString>("name");
    QTest::newRow("en user") << QString() << ChatRole::User << QStringLiteral("Your message");
    QTest::newRow("en assistant") << QString() << ChatRole::Assistant << QStringLiteral("Assistant's reply");
    QTest::newRow("en system") << QString() << ChatRole::System << QStringLiteral("System prompt");
    QTest::newRow("de user") << QStringLiteral("de_DE") << ChatRole::User << QStringLiteral("Ihre Nachricht");
    QTest::newRow("de assistant") << QStringLiteral("de_DE") << ChatRole::Assistant
                                  << QStringLiteral("Antwort des Assistenten");
    QTest::newRow("de system") << QStringLiteral("de_DE") << ChatRole::System << QStringLiteral("Systemprompt");
    QTest::newRow("zh_CN user") << QStringLiteral("zh_CN") << ChatRole::User << QStringLiteral("您的消息");
    QTest::newRow("zh_CN assistant") << QStringLiteral("zh_CN") << ChatRole::Assistant << QStringLiteral("助手的回复");
    QTest::newRow("zh_CN system") << QStringLiteral("zh_CN") << ChatRole::System << QStringLiteral("系统提示词");
}

void TestChatView::screenReaderNamesAreWholeSentences_issue7()
{
    QFETCH(QString, locale);
    QFETCH(ChatRole, role);
    QFETCH(QString, name);
    // The same lookup main_gui.cpp does for the system locale.
    QTranslator translator;
    if (!locale.isEmpty()) {
        QVERIFY(
            translator.load(QLocale(locale), QStringLiteral("cairn"), QStringLiteral("_"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
    }
    const MessageWidget widget(message(1, role, QStringLiteral("Hello")));
    QCOMPARE(widget.accessibleName(), name);
    if (!locale.isEmpty())
        QVERIFY(QCoreApplication::removeTranslator(&translator));
}

QTEST_MAIN(TestChatView)
#include "tst_chat_view.moc"
