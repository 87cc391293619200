// SPDX-License-Identifier: MIT
// ConversationSidebar: a QTreeView over a QStandardItemModel rebuilt from ConversationList's
// entries. Group headings are disabled top-level rows (the cursor skips them); conversations are
// their children. Renaming edits the title in place and hands it to the list.

#include "ui/conversation_sidebar.h"

#include "app/services/conversation_list.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QTreeView>
#include <QVBoxLayout>

#include <functional>
#include <optional>
#include <utility>

namespace cairn::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kTitleRole = Qt::UserRole + 2;
constexpr int kPinnedRole = Qt::UserRole + 3;
constexpr int kSnippetRole = Qt::UserRole + 4;
constexpr int kMatchesRole = Qt::UserRole + 5; ///< QList<QPoint>: (start, length) of each match in the snippet
constexpr int kSearchDelayMs = 150;

/// Draws a search result's snippet under its title with the matched words in bold; edits the
/// title alone and hands the new title to a callback instead of writing it into the model, which
/// the list rebuilds.
class ConversationDelegate : public QStyledItemDelegate {
public:
    using Commit = std::function<void(std::int64_t, const QString&)>;
    ConversationDelegate(Commit commit, QObject* parent) : QStyledItemDelegate(parent), m_commit(std::move(commit)) { }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QString snippet = index.data(kSnippetRole).toString();
        if (snippet.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem item(option);
        initStyleOption(&item, index);
        const QString title = index.data(Qt::DisplayRole).toString().section(QLatin1Char('\n'), 0, 0);
        item.text.clear();
        const QWidget* widget = item.widget;
        const QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);

        const QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &item, widget);
        const int lineHeight = item.fontMetrics.height();
        painter->save();
        painter->setClipRect(area);
        painter->setPen(
            item.palette.color(item.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(QRect(area.left(), area.top(), area.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                          item.fontMetrics.elidedText(title, Qt::ElideRight, area.width()));
        QTextLayout layout(snippet, item.font);
        QList<QTextLayout::FormatRange> bold;
        const QList<QPoint> matches = index.data(kMatchesRole).value<QList<QPoint>>();
        for (const QPoint& match : matches) {
            QTextLayout::FormatRange range;
            range.start = match.x();
            range.length = match.y();
            range.format.setFontWeight(QFont::Bold);
            bold.push_back(range);
        }
        layout.setFormats(bold);
        layout.beginLayout();
        QTextLine line = layout.createLine();
        line.setLineWidth(area.width());
        layout.endLayout();
        layout.draw(painter, QPointF(area.left(), area.top() + lineHeight));
        painter->restore();
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->setText(index.data(kTitleRole).toString());
            line->selectAll();
            line->setAccessibleName(ConversationSidebar::tr("Conversation title"));
        }
    }
    void setModelData(QWidget* editor, QAbstractItemModel* /*model*/, const QModelIndex& index) const override
    {
        if (auto* line = qobject_cast<QLineEdit*>(editor))
            if (line->text() != index.data(kTitleRole).toString())
                m_commit(index.data(kIdRole).value<std::int64_t>(), line->text());
    }

private:
    Commit m_commit;
};

} // namespace

ConversationSidebar::ConversationSidebar(app::ConversationList& list, QWidget* parent) : QWidget(parent), m_list(list)
{
    setObjectName(QStringLiteral("conversationSidebar"));
    setAccessibleName(tr("Conversations"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* top = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("conversationSearch"));
    m_search->setPlaceholderText(tr("Search (Ctrl+K)"));
    m_search->setAccessibleName(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    m_newChat = new QPushButton(tr("New chat"), this);
    m_newChat->setObjectName(QStringLiteral("newChatButton"));
    m_newChat->setAccessibleName(tr("New chat"));
    m_newChat->setToolTip(tr("Start a new conversation (Ctrl+N)"));
    top->addWidget(m_search, 1);
    top->addWidget(m_newChat);
    layout->addLayout(top);

    m_model = new QStandardItemModel(this);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("conversationTree"));
    m_tree->setAccessibleName(tr("Conversation list"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setUniformRowHeights(false);
    m_tree->setWordWrap(false);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setIndentation(0);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setItemDelegate(new ConversationDelegate(
        [this](std::int64_t id, const QString& title) { renameFromEditor(id, title); }, m_tree));
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    layout->addWidget(m_tree, 1);

    m_undoBar = new QWidget(this);
    m_undoBar->setObjectName(QStringLiteral("undoBar"));
    auto* undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(4, 2, 4, 2);
    m_undoLabel = new QLabel(m_undoBar);
    m_undoLabel->setObjectName(QStringLiteral("undoLabel"));
    m_undoLabel->setTextFormat(Qt::PlainText);
    auto* undoButton = new QPushButton(tr("Undo"), m_undoBar);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    undoButton->setAccessibleName(tr("Undo delete"));
    undoButton->setToolTip(tr("Bring the conversation back (Ctrl+Z)"));
    undoLayout->addWidget(m_undoLabel, 1);
    undoLayout->addWidget(undoButton);
    layout->addWidget(m_undoBar);

    m_renameAction = new QAction(tr("Rename"), this);
    m_renameAction->setObjectName(QStringLiteral("renameConversationAction"));
    m_renameAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_pinAction = new QAction(tr("Pin"), this);
    m_pinAction->setObjectName(QStringLiteral("pinConversationAction"));
    m_deleteAction = new QAction(tr("Delete"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteConversationAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    for (QAction* action : {m_renameAction, m_pinAction, m_deleteAction}) {
        action->setShortcutContext(Qt::WidgetShortcut);
        m_tree->addAction(action);
    }
    m_undoAction = new QAction(tr("Undo delete"), this);
    m_undoAction->setObjectName(QStringLiteral("undoDeleteAction"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_undoAction);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, [this] { m_list.setSearchText(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &ConversationSidebar::openFirstResult);
    m_search->installEventFilter(this);
    connect(m_newChat, &QPushButton::clicked, this, &ConversationSidebar::newChatRequested);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& index) { onCurrentChanged(index); });
    connect(m_renameAction, &QAction::triggered, this, &ConversationSidebar::renameCurrent);
    connect(m_pinAction, &QAction::triggered, this, &ConversationSidebar::togglePinCurrent);
    connect(m_deleteAction, &QAction::triggered, this, &ConversationSidebar::deleteCurrent);
    connect(m_undoAction, &QAction::triggered, this, [this] { m_list.undoRemove(); });
    connect(undoButton, &QPushButton::clicked, this, [this] { m_list.undoRemove(); });
    connect(&m_list, &app::ConversationList::changed, this, &ConversationSidebar::rebuild);
    connect(&m_list, &app::ConversationList::pendingRemovalChanged, this, &ConversationSidebar::updateUndoBar);

    rebuild();
    updateUndoBar();
}

void ConversationSidebar::setCurrentConversation(std::int64_t id)
{
    m_current = id;
    selectCurrent();
}

QList<std::int64_t> ConversationSidebar::shownConversations() const
{
    QList<std::int64_t> ids;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QStandardItem* header = m_model->item(row);
        for (int child = 0; child < header->rowCount(); ++child)
            ids.push_back(header->child(child)->data(kIdRole).value<std::int64_t>());
    }
    return ids;
}

void ConversationSidebar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ConversationSidebar::openAdjacent(int step)
{
    const QList<std::int64_t> ids = shownConversations();
    if (ids.isEmpty())
        return;
    const qsizetype at = ids.indexOf(m_current);
    const qsizetype count = ids.size();
    const qsizetype next = at < 0 ? (step > 0 ? 0 : count - 1) : ((at + step) % count + count) % count;
    if (ids[next] == m_current)
        return;
    setCurrentConversation(ids[next]);
    emit conversationActivated(m_current);
}

void ConversationSidebar::renameCurrent()
{
    if (QStandardItem* item = itemFor(m_current)) {
        m_tree->setFocus();
        m_tree->edit(item->index());
    }
}

void ConversationSidebar::togglePinCurrent()
{
    if (QStandardItem* item = itemFor(m_current)) {
        QString problem;
        if (!m_list.setPinned(m_current, !item->data(kPinnedRole).toBool(), &problem))
            emit problemOccurred(tr("Cannot pin the conversation: %1").arg(problem));
    }
}

void ConversationSidebar::deleteCurrent()
{
    if (itemFor(m_current) != nullptr)
        m_list.remove(m_current);
}

bool ConversationSidebar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Down) {
            const QList<std::int64_t> ids = shownConversations();
            m_tree->setFocus(Qt::TabFocusReason);
            if (itemFor(m_current) == nullptr && !ids.isEmpty()) {
                setCurrentConversation(ids.front());
                emit conversationActivated(m_current);
            }
            return true;
        }
        if (key == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            m_searchDelay.stop();
            m_list.setSearchText(QString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConversationSidebar::rebuild()
{
    // A title being typed outlives the rebuild: the model reset closes the editor without
    // committing, so its text and cursor are taken here and put back into a new editor below.
    const std::optional<PendingRename> rename = pendingRename();
    m_rebuilding = true;
    m_model->clear();
    const QList<app::ConversationEntry> entries = m_list.entries();
    QStandardItem* header = nullptr;
    std::optional<app::ConversationGroup> group;
    for (const app::ConversationEntry& entry : entries) {
        if (!group || *group != entry.group) {
            group = entry.group;
            header = new QStandardItem(app::conversationGroupTitle(entry.group));
            header->setFlags(Qt::NoItemFlags);
            QFont bold = header->font();
            bold.setBold(true);
            header->setFont(bold);
            header->setAccessibleText(app::conversationGroupTitle(entry.group));
            m_model->appendRow(header);
        }
        const QString title = entry.title.isEmpty() ? tr("Untitled") : entry.title;
        auto* item = new QStandardItem(entry.snippet.isEmpty() ? title : title + QLatin1Char('\n') + entry.snippet);
        item->setData(QVariant::fromValue(entry.id), kIdRole);
        item->setData(entry.title, kTitleRole);
        item->setData(entry.pinned, kPinnedRole);
        item->setData(entry.snippet, kSnippetRole);
        QList<QPoint> matches;
        for (const auto& [start, length] : entry.snippetMatches)
            matches.push_back(QPoint(static_cast<int>(start), static_cast<int>(length)));
        item->setData(QVariant::fromValue(matches), kMatchesRole);
        item->setToolTip(entry.snippet.isEmpty() ? title : entry.snippet);
        item->setAccessibleText(entry.snippet.isEmpty() ? title : tr("%1, found: %2").arg(title, entry.snippet));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
        header->appendRow(item);
    }
    if (entries.isEmpty()) {
        auto* empty = new QStandardItem(m_list.searchText().isEmpty() ? tr("No conversations yet")
                                                                      : tr("No conversation matches"));
        empty->setFlags(Qt::NoItemFlags);
        m_model->appendRow(empty);
    }
    m_tree->expandAll();
    selectCurrent();
    m_rebuilding = false;
    updateActions();
    if (rename)
        resumeRename(*rename);
}

std::optional<ConversationSidebar::PendingRename> ConversationSidebar::pendingRename() const
{
    // The only widget the tree puts on a row is the title editor the delegate opens.
    const QModelIndex index = m_tree->currentIndex();
    const auto* editor = qobject_cast<const QLineEdit*>(m_tree->indexWidget(index));
    if (editor == nullptr || idAt(index) == 0)
        return std::nullopt;
    PendingRename rename;
    rename.id = idAt(index);
    rename.text = editor->text();
    rename.cursor = editor->cursorPosition();
    rename.selectionStart = editor->selectionStart();
    rename.selectionLength = editor->selectionLength();
    rename.hadFocus = editor->hasFocus();
    return rename;
}

void ConversationSidebar::resumeRename(const PendingRename& rename)
{
    QStandardItem* item = itemFor(rename.id);
    if (item == nullptr)
        return; // the conversation is gone (deleted elsewhere): nothing left to rename
    if (rename.hadFocus)
        m_tree->setFocus();
    m_tree->edit(item->index());
    auto* editor = qobject_cast<QLineEdit*>(m_tree->indexWidget(item->index()));
    if (editor == nullptr)
        return;
    editor->setText(rename.text);
    if (rename.selectionStart >= 0)
        editor->setSelection(rename.selectionStart, rename.selectionLength);
    else
        editor->setCursorPosition(rename.cursor);
}

void ConversationSidebar::selectCurrent()
{
    const bool wasRebuilding = std::exchange(m_rebuilding, true);
    if (QStandardItem* item = itemFor(m_current))
        m_tree->setCurrentIndex(item->index());
    else
        m_tree->selectionModel()->clear();
    m_rebuilding = wasRebuilding;
    updateActions();
}

void ConversationSidebar::updateActions()
{
    const QStandardItem* item = itemFor(m_current);
    const bool pinned = item != nullptr && item->data(kPinnedRole).toBool();
    m_pinAction->setText(pinned ? tr("Unpin") : tr("Pin"));
    for (QAction* action : {m_renameAction, m_pinAction, m_deleteAction})
        action->setEnabled(item != nullptr);
}

void ConversationSidebar::updateUndoBar()
{
    const bool pending = m_list.pendingRemoval() != 0;
    m_undoLabel->setText(pending ? tr("“%1” deleted").arg(m_list.pendingRemovalTitle()) : QString());
    m_undoBar->setAccessibleName(m_undoLabel->text());
    m_undoBar->setVisible(pending);
    m_undoAction->setEnabled(pending);
}

void ConversationSidebar::onCurrentChanged(const QModelIndex& index)
{
    if (m_rebuilding)
        return;
    const std::int64_t id = idAt(index);
    if (id == 0 || id == m_current)
        return;
    m_current = id;
    updateActions();
    emit conversationActivated(id);
}

void ConversationSidebar::openFirstResult()
{
    m_searchDelay.stop();
    m_list.setSearchText(m_search->text());
    const QList<std::int64_t> ids = shownConversations();
    if (ids.isEmpty())
        return;
    setCurrentConversation(ids.front());
    m_tree->setFocus();
    emit conversationActivated(m_current);
}

void ConversationSidebar::renameFromEditor(std::int64_t id, const QString& title)
{
    // After the editor has closed: renaming rebuilds the model the editor belongs to.
    QTimer::singleShot(0, this, [this, id, title] {
        QString problem;
        if (!m_list.rename(id, title, &problem))
            emit problemOccurred(tr("Cannot rename the conversation: %1").arg(problem));
    });
}

std::int64_t ConversationSidebar::idAt(const QModelIndex& index) const
{
    return index.isValid() ? index.data(kIdRole).value<std::int64_t>() : 0;
}

QStandardItem* ConversationSidebar::itemFor(std::int64_t id) const
{
    if (id == 0)
        return nullptr;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QStandardItem* header = m_model->item(row);
        for (int child = 0; child < header->rowCount(); ++child)
            if (header->child(child)->data(kIdRole).value<std::int64_t>() == id)
                return header->child(child);
    }
    return nullptr;
}

} // namespace cairn::ui
