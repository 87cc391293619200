// SPDX-License-Identifier: MIT
// ChatView: the scrolling list of messages of one conversation branch. Renders Markdown (tables,
// lists, links, code blocks highlighted by tree-sitter with a copy button), collapsible <think>
// sections, per-message actions and branch arrows, and a stats line under replies. Streamed text
// is coalesced and repainted at most every 33 ms, re-laying out only the streaming message; it
// follows the tail until the user scrolls up and resumes when they scroll back to the bottom.
#pragma once

#include "app/services/chat_service.h"

#include <QList>
#include <QWidget>

#include <cstdint>
#include <memory>

namespace cairn::ui {

class ChatView : public QWidget {
    Q_OBJECT
public:
    explicit ChatView(QWidget* parent = nullptr);
    ~ChatView() override;

    /// Replaces everything shown.
    void setMessages(const QList<app::ChatMessageView>& messages);
    /// Adds a message at the end (a reply that starts streaming).
    void appendMessage(const app::ChatMessageView& message);
    /// Streams `text` onto the end of message `messageId`.
    void appendText(std::int64_t messageId, const QString& text);
    /// Replaces a message's text, completeness and stats (a finished reply).
    void updateMessage(const app::ChatMessageView& message);
    /// Whether new text scrolls the view (false after the user scrolled up).
    [[nodiscard]] bool followsTail() const;
    /// The plain text of message `messageId` as shown (for tests and copy).
    [[nodiscard]] QString messageText(std::int64_t messageId) const;
    [[nodiscard]] int messageCount() const;

signals:
    void regenerateRequested(std::int64_t messageId);
    void editRequested(std::int64_t messageId, const QString& newText);
    void deleteRequested(std::int64_t messageId);
    void branchRequested(std::int64_t messageId, int step);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::ui
