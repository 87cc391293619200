// SPDX-License-Identifier: MIT
// RepositoryProgress: each row is a framed [name][bar][count][Cancel/×] line; the bar shows a busy
// indicator until the walk has counted the files.

#include "ui/repository_progress.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace cairn::ui {

struct RepositoryProgress::Row {
    RowState state = RowState::Indexing;
    QFrame* frame = nullptr;
    QLabel* name = nullptr;
    QProgressBar* bar = nullptr;
    QLabel* status = nullptr;
    QPushButton* cancel = nullptr;
    QToolButton* dismiss = nullptr;
};

RepositoryProgress::RepositoryProgress(QWidget* parent) : QWidget(parent), m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("repositoryProgress"));
    setAccessibleName(tr("Repository indexing"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    setVisible(false);
}

RepositoryProgress::~RepositoryProgress()
{
    qDeleteAll(m_rows);
}

void RepositoryProgress::addRun(quint64 ticket, const QString& folder)
{
    if (contains(ticket))
        return;
    auto* row = new Row;
    const QString name = QFileInfo(folder).fileName().isEmpty() ? folder : QFileInfo(folder).fileName();
    row->frame = new QFrame(this);
    row->frame->setObjectName(QStringLiteral("repositoryRow"));
    row->frame->setFrameShape(QFrame::StyledPanel);
    row->frame->setToolTip(folder);
    row->name = new QLabel(tr("Indexing %1").arg(name), row->frame);
    row->name->setObjectName(QStringLiteral("repositoryName"));
    row->bar = new QProgressBar(row->frame);
    row->bar->setObjectName(QStringLiteral("repositoryProgressBar"));
    row->bar->setAccessibleName(tr("Indexing progress of %1").arg(name));
    row->bar->setRange(0, 0);
    row->bar->setTextVisible(false);
    row->status = new QLabel(tr("Looking for files…"), row->frame);
    row->status->setObjectName(QStringLiteral("repositoryStatus"));
    row->cancel = new QPushButton(tr("Cancel"), row->frame);
    row->cancel->setObjectName(QStringLiteral("cancelIndexingButton"));
    row->cancel->setAccessibleName(tr("Cancel indexing %1").arg(name));
    row->dismiss = new QToolButton(row->frame);
    row->dismiss->setObjectName(QStringLiteral("dismissRepositoryButton"));
    row->dismiss->setText(QStringLiteral("\u00d7"));
    row->dismiss->setAutoRaise(true);
    row->dismiss->setAccessibleName(tr("Dismiss %1").arg(name));
    row->dismiss->hide();
    connect(row->cancel, &QPushButton::clicked, this, [this, ticket] { emit cancelRequested(ticket); });
    connect(row->dismiss, &QToolButton::clicked, this, [this, ticket] { removeRun(ticket); });

    auto* layout = new QHBoxLayout(row->frame);
    layout->setContentsMargins(6, 3, 3, 3);
    layout->addWidget(row->name);
    layout->addWidget(row->bar, 1);
    layout->addWidget(row->status);
    layout->addWidget(row->cancel);
    layout->addWidget(row->dismiss);
    m_layout->addWidget(row->frame);
    m_rows.insert(ticket, row);
    setVisible(true);
}

void RepositoryProgress::setProgress(quint64 ticket, qint64 filesDone, qint64 filesTotal, const QString& currentFile)
{
    Row* found = row(ticket);
    if (found == nullptr || found->state != RowState::Indexing)
        return;
    // QProgressBar counts in int; a repository of more than 2^31 files is not a concern here.
    found->bar->setRange(0, static_cast<int>(std::max<qint64>(filesTotal, 1)));
    found->bar->setValue(static_cast<int>(std::min(filesDone, filesTotal)));
    const QLocale locale;
    found->status->setText(tr("%1 / %2 files").arg(locale.toString(filesDone), locale.toString(filesTotal)));
    found->status->setToolTip(currentFile);
}

void RepositoryProgress::setFinished(quint64 ticket, const app::RepositoryIndexSummary& summary)
{
    Row* found = row(ticket);
    if (found == nullptr)
        return;
    found->state = RowState::Ready;
    found->bar->hide();
    found->cancel->hide();
    found->dismiss->show();
    found->name->setText(QStringLiteral("\u2713 %1").arg(summary.name));
    found->status->setText(tr("ready \u00b7 %1").arg(summary.text()));
    found->status->setToolTip(summary.root);
    found->frame->setAccessibleName(tr("Repository %1 ready").arg(summary.name));
}

void RepositoryProgress::setFailed(quint64 ticket, const QString& message)
{
    Row* found = row(ticket);
    if (found == nullptr)
        return;
    found->state = RowState::Failed;
    found->bar->hide();
    found->cancel->hide();
    found->dismiss->show();
    found->status->setText(message);
    found->status->setToolTip(message);
    QPalette colors = found->status->palette();
    colors.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    found->status->setPalette(colors);
}

void RepositoryProgress::removeRun(quint64 ticket)
{
    Row* found = m_rows.take(ticket);
    if (found == nullptr)
        return;
    // Often called from the row's own dismiss button: delete its widgets once the click returned.
    m_layout->removeWidget(found->frame);
    found->frame->hide();
    found->frame->deleteLater();
    delete found;
    setVisible(!m_rows.isEmpty());
}

bool RepositoryProgress::contains(quint64 ticket) const
{
    return m_rows.contains(ticket);
}

RepositoryProgress::RowState RepositoryProgress::rowState(quint64 ticket) const
{
    const Row* found = row(ticket);
    return found != nullptr ? found->state : RowState::Failed;
}

QString RepositoryProgress::rowText(quint64 ticket) const
{
    const Row* found = row(ticket);
    return found != nullptr ? found->status->text() : QString();
}

int RepositoryProgress::indexingCount() const
{
    return int(
        std::count_if(m_rows.begin(), m_rows.end(), [](const Row* r) { return r->state == RowState::Indexing; }));
}

RepositoryProgress::Row* RepositoryProgress::row(quint64 ticket) const
{
    return m_rows.value(ticket, nullptr);
}

} // namespace cairn::ui
