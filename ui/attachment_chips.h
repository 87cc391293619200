// SPDX-License-Identifier: MIT
// AttachmentChips: the row of attachment chips above the editor, in the order they were added,
// keyed by AttachmentService ticket. Hidden while empty. Says which attachments are ready to send.
#pragma once

#include "app/services/attachment_service.h"

#include <QList>
#include <QWidget>

#include <cstdint>

class QHBoxLayout;

namespace cairn::ui {

class AttachmentChip;

class AttachmentChips : public QWidget {
    Q_OBJECT
public:
    explicit AttachmentChips(QWidget* parent = nullptr);

    /// A chip in its "reading…" state.
    void addPending(quint64 ticket, const QString& name);
    void setReady(quint64 ticket, const app::AttachmentInfo& attachment);
    void setFailed(quint64 ticket, const QString& message);
    void remove(quint64 ticket);
    void clear();

    [[nodiscard]] bool contains(quint64 ticket) const;
    [[nodiscard]] AttachmentChip* chip(quint64 ticket) const;
    [[nodiscard]] QList<AttachmentChip*> chips() const { return m_chips; }
    [[nodiscard]] int count() const { return int(m_chips.size()); }
    [[nodiscard]] int pendingCount() const;
    /// AttachmentStore ids of the ready chips, left to right.
    [[nodiscard]] QList<std::int64_t> attachmentIds() const;

signals:
    /// The user pressed a chip's remove button; the owner cancels and calls remove().
    void removeRequested(quint64 ticket);
    /// A chip was added, removed or changed state.
    void changed();

private:
    QHBoxLayout* m_layout = nullptr;
    QList<AttachmentChip*> m_chips;
};

} // namespace cairn::ui
