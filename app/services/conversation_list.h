// SPDX-License-Identifier: MIT
// ConversationList: the sidebar's data. Conversations grouped Pinned / Today / Yesterday / Previous
// 7 days / Previous 30 days / Older by their last update in local time, full-text search over their
// messages with a snippet, rename, pin, and delete with undo (the deletion is written when the undo
// window passes, another deletion comes, or the list is destroyed). Lives on the GUI thread.
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

enum class ConversationGroup { Pinned, Today, Yesterday, Previous7Days, Previous30Days, Older, SearchResults };

/// The heading the sidebar shows above a group, translated.
QString conversationGroupTitle(ConversationGroup group);

struct ConversationEntry {
    std::int64_t id = 0;
    QString title;
    ConversationGroup group = ConversationGroup::Older;
    bool pinned = false;
    std::int64_t updatedMs = 0;
    /// For search results: the best matching message's text around the match (plain text), and
    /// the message it comes from (0 when only the title matched).
    QString snippet;
    /// The matched words in `snippet`: (start, length) in QString positions.
    QList<std::pair<qsizetype, qsizetype>> snippetMatches;
    std::int64_t matchMessageId = 0;
};

class ConversationList : public QObject {
    Q_OBJECT
public:
    /// The current local time; tests pass a fixed one.
    using Clock = std::function<QDateTime()>;
    static constexpr std::chrono::milliseconds kDefaultUndoWindow{8000};

    explicit ConversationList(storage::Database& db, QObject* parent = nullptr);
    /// Writes a pending deletion.
    ~ConversationList() override;

    void setClock(Clock clock);
    void setUndoWindow(std::chrono::milliseconds window);

    /// Rereads the conversations from the database (and reruns the search, if any); emits changed().
    void refresh();
    /// The rows to show: without a search, every conversation in group order (pinned first, then by
    /// date, newest first); with one, the matching conversations, best first. A conversation whose
    /// deletion is pending is left out.
    [[nodiscard]] QList<ConversationEntry> entries() const;
    [[nodiscard]] std::optional<ConversationEntry> entry(std::int64_t id) const;
    /// The group a conversation updated at `updatedMs` falls in, by the clock's local date.
    [[nodiscard]] ConversationGroup groupFor(std::int64_t updatedMs, bool pinned) const;

    /// Searches message text (every word must match) and titles; an empty text ends the search.
    void setSearchText(const QString& text);
    [[nodiscard]] QString searchText() const;

    /// False with `problem` set when the title is empty or the database refuses.
    bool rename(std::int64_t id, const QString& title, QString* problem = nullptr);
    bool setPinned(std::int64_t id, bool pinned, QString* problem = nullptr);

    /// Hides the conversation at once and deletes it when the undo window passes (or on the next
    /// remove(), or when the list is destroyed).
    void remove(std::int64_t id);
    /// Brings back the conversation whose deletion is pending; false when there is none.
    bool undoRemove();
    /// The conversation whose deletion can still be undone, 0 when none.
    [[nodiscard]] std::int64_t pendingRemoval() const;
    [[nodiscard]] QString pendingRemovalTitle() const;
    /// Deletes the pending conversation now.
    void commitRemoval();

    /// The last error (a failed read, search or delete), empty when the last operation worked.
    [[nodiscard]] QString lastProblem() const;

signals:
    /// entries() changed.
    void changed();
    /// A deletion became pending, was undone or was written.
    void pendingRemovalChanged();
    /// The conversation is gone from the database.
    void removed(std::int64_t id);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::app
