// SPDX-License-Identifier: MIT
// MessageWidget: one message in the chat view: who wrote it, its attachments, its blocks (prose,
// code, reasoning), the generation stats under a reply, the actions (copy, regenerate, edit and
// resend, delete) and the "‹ 2/3 ›" arrows between its branches. Re-rendering compares blocks and
// touches only the ones that changed, which while streaming is the last one.
#pragma once

#include "app/services/chat_service.h"
#include "ui/chat/markdown_blocks.h"

#include <QFrame>
#include <QList>

#include <cstdint>

class QLabel;
class QPlainTextEdit;
class QToolButton;
class QVBoxLayout;

namespace cairn::ui {

class MessageWidget : public QFrame {
    Q_OBJECT
public:
    explicit MessageWidget(const app::ChatMessageView& message, QWidget* parent = nullptr);

    [[nodiscard]] std::int64_t messageId() const { return m_id; }
    /// Takes everything from `message`: text, completeness, stats, branch position, attachments.
    void setMessage(const app::ChatMessageView& message);
    /// Takes new text; only blocks whose text changed are rendered again.
    void setContent(const QString& content, bool complete);
    /// Blocks rendered since construction (created or updated): a measure of streaming cost.
    [[nodiscard]] int blockRenderCount() const { return m_blockRenders; }
    /// Opens the inline editor with the message's text (user messages).
    void startEditing();
    [[nodiscard]] bool isEditing() const;

signals:
    void regenerateRequested(std::int64_t messageId);
    void editRequested(std::int64_t messageId, const QString& newText);
    void deleteRequested(std::int64_t messageId);
    void branchRequested(std::int64_t messageId, int step);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Slot {
        MessageBlock block;
        QWidget* widget = nullptr;
    };

    void buildActions();
    void updateBranch(int index, int count);
    void updateStats(const QString& stats);
    void updateAttachments(const QList<app::ChatAttachmentView>& attachments);
    void renderBlocks();
    [[nodiscard]] QWidget* createBlockWidget(const MessageBlock& block);
    void updateBlockWidget(QWidget* widget, const MessageBlock& block);
    void copyMessage();
    void finishEditing(bool send);

    std::int64_t m_id = 0;
    app::ChatRole m_role = app::ChatRole::User;
    QString m_content;
    bool m_complete = true;
    int m_blockRenders = 0;
    QList<Slot> m_slots;

    QLabel* m_attachments = nullptr;
    QWidget* m_blocksArea = nullptr;
    QVBoxLayout* m_blocksLayout = nullptr;
    QWidget* m_editorArea = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QLabel* m_stats = nullptr;
    QWidget* m_branchArea = nullptr;
    QToolButton* m_previousBranch = nullptr;
    QToolButton* m_nextBranch = nullptr;
    QLabel* m_branchLabel = nullptr;
};

} // namespace cairn::ui
