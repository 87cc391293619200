// SPDX-License-Identifier: MIT
// AttachmentChip: one attachment above the editor: a preview (thumbnail, drawn waveform, page
// icon, a spinner while the file is read, a warning sign on failure), name, summary and a remove
// button. Shows what it is given; reading the file is AttachmentService's.
#pragma once

#include "app/services/attachment_service.h"

#include <QFrame>

#include <cstdint>

class QLabel;
class QToolButton;

namespace cairn::ui {

class AttachmentChip : public QFrame {
    Q_OBJECT
public:
    enum class State { Reading, Ready, Failed };

    AttachmentChip(quint64 ticket, const QString& name, QWidget* parent = nullptr);

    void setReady(const app::AttachmentInfo& attachment);
    /// `message` names the file and the problem; it is shown shortened, whole in the tooltip.
    void setFailed(const QString& message);

    [[nodiscard]] quint64 ticket() const { return m_ticket; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const app::AttachmentInfo& attachment() const { return m_attachment; }
    [[nodiscard]] QString name() const { return m_name; }
    /// The second line as shown in full: summary, "reading…" or the error.
    [[nodiscard]] QString detail() const { return m_detail; }

signals:
    void removeRequested(quint64 ticket);

private:
    class Preview;
    void showText();

    quint64 m_ticket = 0;
    State m_state = State::Reading;
    app::AttachmentInfo m_attachment;
    QString m_name;
    QString m_detail;
    Preview* m_preview = nullptr;
    QLabel* m_nameLabel = nullptr;
    QLabel* m_detailLabel = nullptr;
    QToolButton* m_removeButton = nullptr;
};

} // namespace cairn::ui
