// SPDX-License-Identifier: MIT
// ChatView: a scroll area holding one MessageWidget per message. Streamed text goes into the
// message's string at once and reaches the screen from a 33 ms single-shot timer that renders only
// the messages that changed. The view follows the tail while its scroll bar sits at the bottom.

#include "ui/chat_view.h"

#include "ui/chat/message_widget.h"

#include <QHash>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include <vector>

namespace cairn::ui {

namespace {

/// Longest time between a streamed token and its repaint (about 30 frames a second).
constexpr int kRepaintIntervalMs = 33;
/// Pixels from the bottom that still count as "at the bottom".
constexpr int kBottomSlack = 4;

} // namespace

struct ChatView::State {
    struct Entry {
        app::ChatMessageView message;
        MessageWidget* widget = nullptr;
        bool dirty = false;
    };

    QScrollArea* scroll = nullptr;
    QWidget* list = nullptr;
    QVBoxLayout* layout = nullptr;
    QTimer repaintTimer;
    std::vector<Entry> entries;
    QHash<std::int64_t, std::size_t> indexById;
    bool followTail = true;
    int streamRenders = 0;

    Entry* find(std::int64_t id)
    {
        const auto at = indexById.constFind(id);
        return at == indexById.constEnd() ? nullptr : &entries[*at];
    }
};

ChatView::ChatView(QWidget* parent) : QWidget(parent), m_state(std::make_unique<State>())
{
    setAccessibleName(tr("Conversation"));
    m_state->scroll = new QScrollArea(this);
    m_state->scroll->setWidgetResizable(true);
    m_state->scroll->setFrameShape(QFrame::NoFrame);
    m_state->scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_state->scroll->setAccessibleName(tr("Messages"));
    m_state->list = new QWidget;
    m_state->list->setBackgroundRole(QPalette::Base);
    m_state->list->setAutoFillBackground(true);
    m_state->layout = new QVBoxLayout(m_state->list);
    m_state->layout->setContentsMargins(8, 8, 8, 8);
    m_state->layout->setSpacing(8);
    m_state->layout->addStretch(1);
    m_state->scroll->setWidget(m_state->list);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_state->scroll);

    QScrollBar* bar = m_state->scroll->verticalScrollBar();
    // Content grew or shrank: stay at the bottom while following.
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_state->followTail)
            bar->setValue(maximum);
    });
    // The user moved: following stops above the bottom and resumes at it.
    connect(bar, &QScrollBar::valueChanged, this,
            [this, bar](int value) { m_state->followTail = value >= bar->maximum() - kBottomSlack; });

    m_state->repaintTimer.setSingleShot(true);
    m_state->repaintTimer.setInterval(kRepaintIntervalMs);
    connect(&m_state->repaintTimer, &QTimer::timeout, this, [this] {
        for (State::Entry& entry : m_state->entries) {
            if (!entry.dirty)
                continue;
            entry.dirty = false;
            entry.widget->setContent(entry.message.content, entry.message.complete);
            ++m_state->streamRenders;
        }
        // Test hook: how many times streamed text reached the screen.
        setProperty("streamRenderCount", m_state->streamRenders);
    });
    setProperty("streamRenderCount", 0);
}

ChatView::~ChatView() = default;

void ChatView::setMessages(const QList<app::ChatMessageView>& messages)
{
    m_state->repaintTimer.stop();
    m_state->list->setUpdatesEnabled(false);
    for (State::Entry& entry : m_state->entries) {
        // Out of the list now, deleted later: this may run inside one of the widget's own button signals.
        entry.widget->hide();
        entry.widget->setParent(nullptr);
        entry.widget->deleteLater();
    }
    m_state->entries.clear();
    m_state->indexById.clear();
    m_state->entries.reserve(static_cast<std::size_t>(messages.size()));
    for (const app::ChatMessageView& message : messages)
        appendMessage(message);
    m_state->list->setUpdatesEnabled(true);
    m_state->followTail = true;
    QScrollBar* bar = m_state->scroll->verticalScrollBar();
    bar->setValue(bar->maximum());
}

void ChatView::appendMessage(const app::ChatMessageView& message)
{
    if (m_state->find(message.id) != nullptr) {
        updateMessage(message);
        return;
    }
    auto* widget = new MessageWidget(message, m_state->list);
    connect(widget, &MessageWidget::regenerateRequested, this, &ChatView::regenerateRequested);
    connect(widget, &MessageWidget::editRequested, this, &ChatView::editRequested);
    connect(widget, &MessageWidget::deleteRequested, this, &ChatView::deleteRequested);
    connect(widget, &MessageWidget::branchRequested, this, &ChatView::branchRequested);
    // Before the trailing stretch.
    m_state->layout->insertWidget(m_state->layout->count() - 1, widget);
    m_state->indexById.insert(message.id, m_state->entries.size());
    m_state->entries.push_back({message, widget, false});
}

void ChatView::appendText(std::int64_t messageId, const QString& text)
{
    State::Entry* entry = m_state->find(messageId);
    if (entry == nullptr || text.isEmpty())
        return;
    entry->message.content += text;
    entry->dirty = true;
    if (!m_state->repaintTimer.isActive())
        m_state->repaintTimer.start();
}

void ChatView::updateMessage(const app::ChatMessageView& message)
{
    State::Entry* entry = m_state->find(message.id);
    if (entry == nullptr)
        return;
    entry->message = message;
    entry->dirty = false;
    entry->widget->setMessage(message);
}

bool ChatView::followsTail() const
{
    return m_state->followTail;
}

QString ChatView::messageText(std::int64_t messageId) const
{
    const State::Entry* entry = m_state->find(messageId);
    return entry != nullptr ? entry->message.content : QString();
}

int ChatView::messageCount() const
{
    return static_cast<int>(m_state->entries.size());
}

} // namespace cairn::ui
