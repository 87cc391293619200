// SPDX-License-Identifier: MIT
// AttachmentChips: a horizontal layout of chips with a trailing stretch.

#include "ui/attachment_chips.h"

#include "ui/attachment_chip.h"

#include <QHBoxLayout>

#include <algorithm>

namespace cairn::ui {

AttachmentChips::AttachmentChips(QWidget* parent) : QWidget(parent), m_layout(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("attachmentChips"));
    setAccessibleName(tr("Attachments"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(6);
    m_layout->addStretch(1);
    setVisible(false);
}

void AttachmentChips::addPending(quint64 ticket, const QString& name)
{
    auto* chip = new AttachmentChip(ticket, name, this);
    connect(chip, &AttachmentChip::removeRequested, this, &AttachmentChips::removeRequested);
    m_layout->insertWidget(m_layout->count() - 1, chip);
    m_chips.append(chip);
    setVisible(true);
    emit changed();
}

void AttachmentChips::setReady(quint64 ticket, const app::AttachmentInfo& attachment)
{
    if (AttachmentChip* found = chip(ticket)) {
        found->setReady(attachment);
        emit changed();
    }
}

void AttachmentChips::setFailed(quint64 ticket, const QString& message)
{
    if (AttachmentChip* found = chip(ticket)) {
        found->setFailed(message);
        emit changed();
    }
}

void AttachmentChips::remove(quint64 ticket)
{
    AttachmentChip* found = chip(ticket);
    if (found == nullptr)
        return;
    m_chips.removeOne(found);
    // Often called from the chip's own remove button's click: delete it once that has returned.
    m_layout->removeWidget(found);
    found->hide();
    found->deleteLater();
    setVisible(!m_chips.isEmpty());
    emit changed();
}

void AttachmentChips::clear()
{
    if (m_chips.isEmpty())
        return;
    for (AttachmentChip* each : std::as_const(m_chips)) {
        m_layout->removeWidget(each);
        each->hide();
        each->deleteLater();
    }
    m_chips.clear();
    setVisible(false);
    emit changed();
}

bool AttachmentChips::contains(quint64 ticket) const
{
    return chip(ticket) != nullptr;
}

AttachmentChip* AttachmentChips::chip(quint64 ticket) const
{
    for (AttachmentChip* candidate : m_chips) {
        if (candidate->ticket() == ticket)
            return candidate;
    }
    return nullptr;
}

int AttachmentChips::pendingCount() const
{
    return int(std::count_if(m_chips.begin(), m_chips.end(),
                             [](const AttachmentChip* c) { return c->state() == AttachmentChip::State::Reading; }));
}

QList<std::int64_t> AttachmentChips::attachmentIds() const
{
    QList<std::int64_t> ids;
    for (const AttachmentChip* candidate : m_chips) {
        if (candidate->state() == AttachmentChip::State::Ready)
            ids.append(candidate->attachment().id);
    }
    return ids;
}

} // namespace cairn::ui
