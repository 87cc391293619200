// SPDX-License-Identifier: MIT
// ConversationSidebar: the list of conversations beside the chat. A search field, a "New chat"
// button, conversations under date headings (or search results with a snippet, matches in bold),
// inline rename, pin, and delete with an undo bar. Its data and actions are app::ConversationList's.
#pragma once

#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace cairn::app {
class ConversationList;
}

namespace cairn::ui {

class ConversationSidebar : public QWidget {
    Q_OBJECT
public:
    explicit ConversationSidebar(app::ConversationList& list, QWidget* parent = nullptr);

    /// Marks the conversation shown in the chat (0: a new, unsaved one) without emitting anything.
    void setCurrentConversation(std::int64_t id);
    [[nodiscard]] std::int64_t currentConversation() const { return m_current; }
    /// Conversation ids in the order shown.
    [[nodiscard]] QList<std::int64_t> shownConversations() const;

    /// Puts the cursor in the search field with its text selected (Ctrl+K).
    void focusSearch();
    /// Opens the next (+1) or previous (-1) conversation in the list, wrapping around (Ctrl+Tab).
    void openAdjacent(int step);
    /// Starts editing the current conversation's title in place (F2).
    void renameCurrent();
    void togglePinCurrent();
    /// Hides the current conversation; the undo bar offers to bring it back (Delete).
    void deleteCurrent();

signals:
    /// The user picked a conversation.
    void conversationActivated(std::int64_t id);
    void newChatRequested();
    /// Renaming or pinning failed; the message says why (the window shows it).
    void problemOccurred(const QString& message);

protected:
    /// Down in the search field moves into the list; Esc there ends the search.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// A title being typed in place when the list changes under it.
    struct PendingRename {
        std::int64_t id = 0;
        QString text;
        int cursor = 0;
        int selectionStart = -1;
        int selectionLength = 0;
        bool hadFocus = false;
    };

    void rebuild();
    [[nodiscard]] std::optional<PendingRename> pendingRename() const;
    void resumeRename(const PendingRename& rename);
    void selectCurrent();
    void updateActions();
    void updateUndoBar();
    void onCurrentChanged(const QModelIndex& index);
    void openFirstResult();
    void renameFromEditor(std::int64_t id, const QString& title);
    [[nodiscard]] std::int64_t idAt(const QModelIndex& index) const;
    [[nodiscard]] QStandardItem* itemFor(std::int64_t id) const;

    app::ConversationList& m_list;
    QLineEdit* m_search = nullptr;
    QPushButton* m_newChat = nullptr;
    QTreeView* m_tree = nullptr;
    QStandardItemModel* m_model = nullptr;
    QWidget* m_undoBar = nullptr;
    QLabel* m_undoLabel = nullptr;
    QAction* m_renameAction = nullptr;
    QAction* m_pinAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_undoAction = nullptr;
    QTimer m_searchDelay;
    std::int64_t m_current = 0;
    bool m_rebuilding = false;
};

} // namespace cairn::ui
