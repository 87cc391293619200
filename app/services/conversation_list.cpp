// SPDX-License-Identifier: MIT
// ConversationList: grouping by local date, search over MessageSearch plus titles, and the pending
// deletion behind the undo window.

#include "app/services/conversation_list.h"

#include "storage/conversation_store.h"
#include "storage/message_search.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace cairn::app {

namespace {

constexpr int kSearchHitLimit = 200;
/// Past midnight, by this much, the groups are worked out again ("Today" becomes "Yesterday").
constexpr qint64 kAfterMidnightMs = 1000;

ConversationEntry entryFrom(const storage::Conversation& conversation)
{
    ConversationEntry entry;
    entry.id = conversation.id;
    entry.title = QString::fromStdString(conversation.title);
    entry.pinned = conversation.pinned;
    entry.updatedMs = conversation.updatedMs;
    return entry;
}

/// Marks FTS puts around the matched words; control characters that message text does not hold.
const QChar kMatchBegin(0x02);
const QChar kMatchEnd(0x03);

/// The snippet as one line (FTS keeps the message's line breaks, the sidebar shows one row) with
/// its match marks taken out and their places recorded.
void setSnippet(ConversationEntry& entry, const std::string& marked)
{
    const QString text = QString::fromStdString(marked).simplified();
    entry.snippet.clear();
    entry.snippetMatches.clear();
    qsizetype start = -1;
    for (const QChar c : text) {
        if (c == kMatchBegin) {
            start = entry.snippet.size();
        } else if (c == kMatchEnd) {
            if (start >= 0 && entry.snippet.size() > start)
                entry.snippetMatches.push_back({start, entry.snippet.size() - start});
            start = -1;
        } else {
            entry.snippet.push_back(c);
        }
    }
}

} // namespace

QString conversationGroupTitle(ConversationGroup group)
{
    switch (group) {
    case ConversationGroup::Pinned:
        return QCoreApplication::translate("ConversationList", "Pinned");
    case ConversationGroup::Today:
        return QCoreApplication::translate("ConversationList", "Today");
    case ConversationGroup::Yesterday:
        return QCoreApplication::translate("ConversationList", "Yesterday");
    case ConversationGroup::Previous7Days:
        return QCoreApplication::translate("ConversationList", "Previous 7 days");
    case ConversationGroup::Previous30Days:
        return QCoreApplication::translate("ConversationList", "Previous 30 days");
    case ConversationGroup::Older:
        return QCoreApplication::translate("ConversationList", "Older");
    case ConversationGroup::SearchResults:
        return QCoreApplication::translate("ConversationList", "Search results");
    }
    return {};
}

struct ConversationList::State {
    explicit State(storage::Database& database) : db(database), store(database), search(database) { }

    storage::Database& db;
    storage::ConversationStore store;
    storage::MessageSearch search;
    Clock clock = [] { return QDateTime::currentDateTime(); };
    QList<ConversationEntry> all;     ///< every unarchived conversation, in group order
    QList<ConversationEntry> results; ///< of the current search
    QString searchText;
    std::int64_t pending = 0;
    QString pendingTitle;
    QTimer undoTimer;
    QTimer midnightTimer;
    QString problem;
};

ConversationList::ConversationList(storage::Database& db, QObject* parent)
    : QObject(parent), m_state(std::make_unique<State>(db))
{
    m_state->undoTimer.setSingleShot(true);
    m_state->undoTimer.setInterval(kDefaultUndoWindow);
    connect(&m_state->undoTimer, &QTimer::timeout, this, &ConversationList::commitRemoval);
    m_state->midnightTimer.setSingleShot(true);
    connect(&m_state->midnightTimer, &QTimer::timeout, this, &ConversationList::refresh);
    refresh();
}

ConversationList::~ConversationList()
{
    // Written before the database goes; no signal, nobody is listening any more.
    if (m_state->pending != 0)
        (void)m_state->store.deleteConversation(m_state->pending);
}

void ConversationList::setClock(Clock clock)
{
    m_state->clock = std::move(clock);
    refresh();
}

void ConversationList::setUndoWindow(std::chrono::milliseconds window)
{
    m_state->undoTimer.setInterval(window);
}

ConversationGroup ConversationList::groupFor(std::int64_t updatedMs, bool pinned) const
{
    if (pinned)
        return ConversationGroup::Pinned;
    const QDate today = m_state->clock().date();
    const QDate day = QDateTime::fromMSecsSinceEpoch(updatedMs).toLocalTime().date();
    const qint64 daysAgo = day.daysTo(today);
    if (daysAgo <= 0)
        return ConversationGroup::Today;
    if (daysAgo == 1)
        return ConversationGroup::Yesterday;
    if (daysAgo <= 7)
        return ConversationGroup::Previous7Days;
    if (daysAgo <= 30)
        return ConversationGroup::Previous30Days;
    return ConversationGroup::Older;
}

void ConversationList::refresh()
{
    State& s = *m_state;
    s.problem.clear();
    s.all.clear();
    const QDateTime now = s.clock();
    s.midnightTimer.start(
        std::chrono::milliseconds(now.msecsTo(QDateTime(now.date().addDays(1), QTime(0, 0))) + kAfterMidnightMs));
    storage::Result<std::vector<storage::Conversation>> listed = s.store.listConversations();
    if (!listed) {
        s.problem = QString::fromStdString(listed.error().message());
    } else {
        for (const storage::Conversation& conversation : listed.value()) {
            ConversationEntry entry = entryFrom(conversation);
            entry.group = groupFor(entry.updatedMs, entry.pinned);
            s.all.push_back(entry);
        }
        // The store orders pinned first, then newest first: that is already group order, since
        // the groups follow each other back in time. Stable sort keeps it should that change.
        std::stable_sort(s.all.begin(), s.all.end(), [](const ConversationEntry& a, const ConversationEntry& b) {
            return static_cast<int>(a.group) < static_cast<int>(b.group);
        });
    }
    setSearchText(s.searchText);
}

QList<ConversationEntry> ConversationList::entries() const
{
    const State& s = *m_state;
    QList<ConversationEntry> shown = s.searchText.isEmpty() ? s.all : s.results;
    shown.removeIf([&s](const ConversationEntry& entry) { return entry.id == s.pending; });
    return shown;
}

std::optional<ConversationEntry> ConversationList::entry(std::int64_t id) const
{
    for (const ConversationEntry& entry : m_state->all)
        if (entry.id == id)
            return entry;
    return std::nullopt;
}

void ConversationList::setSearchText(const QString& text)
{
    State& s = *m_state;
    s.searchText = text.trimmed();
    s.results.clear();
    if (!s.searchText.isEmpty()) {
        storage::SnippetStyle style;
        style.begin = QString(kMatchBegin).toStdString();
        style.end = QString(kMatchEnd).toStdString();
        storage::Result<std::vector<storage::SearchHit>> hits
            = s.search.search(s.searchText.toStdString(), kSearchHitLimit, style);
        if (!hits) {
            s.problem = QString::fromStdString(hits.error().message());
        } else {
            for (const storage::SearchHit& hit : hits.value()) {
                const bool seen = std::any_of(s.results.begin(), s.results.end(), [&hit](const ConversationEntry& e) {
                    return e.id == hit.conversationId;
                });
                std::optional<ConversationEntry> known = entry(hit.conversationId);
                if (seen || !known) // archived conversations stay out of the sidebar
                    continue;
                known->group = ConversationGroup::SearchResults;
                setSnippet(*known, hit.snippet);
                known->matchMessageId = hit.messageId;
                s.results.push_back(*known);
            }
        }
        for (ConversationEntry candidate : s.all) {
            const bool seen = std::any_of(s.results.begin(), s.results.end(),
                                          [&candidate](const ConversationEntry& e) { return e.id == candidate.id; });
            if (!seen && candidate.title.contains(s.searchText, Qt::CaseInsensitive)) {
                candidate.group = ConversationGroup::SearchResults;
                s.results.push_back(candidate);
            }
        }
    }
    emit changed();
}

QString ConversationList::searchText() const
{
    return m_state->searchText;
}

bool ConversationList::rename(std::int64_t id, const QString& title, QString* problem)
{
    const QString trimmed = title.simplified();
    if (trimmed.isEmpty()) {
        if (problem != nullptr)
            *problem = tr("A conversation needs a title.");
        return false;
    }
    storage::Status done = m_state->store.renameConversation(id, trimmed.toStdString());
    if (!done) {
        if (problem != nullptr)
            *problem = QString::fromStdString(done.error().message());
        return false;
    }
    refresh();
    return true;
}

bool ConversationList::setPinned(std::int64_t id, bool pinned, QString* problem)
{
    storage::Status done = m_state->store.setPinned(id, pinned);
    if (!done) {
        if (problem != nullptr)
            *problem = QString::fromStdString(done.error().message());
        return false;
    }
    refresh();
    return true;
}

void ConversationList::remove(std::int64_t id)
{
    State& s = *m_state;
    if (id == s.pending)
        return;
    commitRemoval();
    const std::optional<ConversationEntry> found = entry(id);
    if (!found)
        return;
    s.pending = id;
    s.pendingTitle = found->title;
    s.undoTimer.start();
    emit changed();
    emit pendingRemovalChanged();
}

bool ConversationList::undoRemove()
{
    State& s = *m_state;
    if (s.pending == 0)
        return false;
    s.undoTimer.stop();
    s.pending = 0;
    s.pendingTitle.clear();
    emit changed();
    emit pendingRemovalChanged();
    return true;
}

std::int64_t ConversationList::pendingRemoval() const
{
    return m_state->pending;
}

QString ConversationList::pendingRemovalTitle() const
{
    return m_state->pendingTitle;
}

void ConversationList::commitRemoval()
{
    State& s = *m_state;
    if (s.pending == 0)
        return;
    s.undoTimer.stop();
    const std::int64_t id = s.pending;
    s.pending = 0;
    s.pendingTitle.clear();
    storage::Status done = s.store.deleteConversation(id);
    refresh();
    if (!done)
        s.problem = QString::fromStdString(done.error().message());
    emit pendingRemovalChanged();
    if (done)
        emit removed(id);
}

QString ConversationList::lastProblem() const
{
    return m_state->problem;
}

} // namespace cairn::app
