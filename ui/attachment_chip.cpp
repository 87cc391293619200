// SPDX-License-Identifier: MIT
// AttachmentChip: the preview is painted (no image files): a scaled thumbnail, min/max bars of the
// waveform, a page glyph with the count, a rotating arc while reading, a "!" on failure.

#include "ui/attachment_chip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace cairn::ui {

namespace {

constexpr int kPreviewSide = 40;
constexpr int kTextWidth = 180;

} // namespace

class AttachmentChip::Preview : public QWidget {
public:
    explicit Preview(QWidget* parent) : QWidget(parent), m_spin(this)
    {
        setFixedSize(kPreviewSide, kPreviewSide);
        m_spin.setInterval(80);
        connect(&m_spin, &QTimer::timeout, this, [this] {
            m_angle = (m_angle + 30) % 360;
            update();
        });
        m_spin.start();
    }

    void display(State state, const app::AttachmentInfo& attachment)
    {
        m_state = state;
        m_attachment = attachment;
        if (state == State::Reading)
            m_spin.start();
        else
            m_spin.stop();
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF box = QRectF(rect()).adjusted(1, 1, -1, -1);
        const QPalette& colors = palette();
        painter.setPen(Qt::NoPen);
        painter.setBrush(colors.color(QPalette::AlternateBase));
        painter.drawRoundedRect(box, 6, 6);
        switch (m_state) {
        case State::Reading:
            paintSpinner(painter, box);
            return;
        case State::Failed:
            paintMark(painter, box, QStringLiteral("!"), QColor(0xc0, 0x39, 0x2b));
            return;
        case State::Ready:
            break;
        }
        if (!m_attachment.thumbnail.isNull()) {
            const QSize size = m_attachment.thumbnail.size().scaled(box.size().toSize(), Qt::KeepAspectRatio);
            QRectF target{QPointF(), QSizeF(size)};
            target.moveCenter(box.center());
            QPainterPath clip;
            clip.addRoundedRect(box, 6, 6);
            painter.setClipPath(clip);
            painter.drawImage(target, m_attachment.thumbnail);
        } else if (!m_attachment.waveform.isEmpty()) {
            paintWaveform(painter, box);
        } else if (m_attachment.pageCount > 0) {
            paintPage(painter, box, QString::number(m_attachment.pageCount));
        } else {
            paintPage(painter, box, QString());
        }
    }

private:
    void paintSpinner(QPainter& painter, const QRectF& box) const
    {
        QPen pen(palette().color(QPalette::Highlight), 3);
        pen.setCapStyle(Qt::RoundCap);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawArc(box.adjusted(10, 10, -10, -10), -m_angle * 16, 270 * 16);
    }

    void paintMark(QPainter& painter, const QRectF& box, const QString& mark, const QColor& color) const
    {
        painter.setPen(color);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(22);
        painter.setFont(font);
        painter.drawText(box, Qt::AlignCenter, mark);
    }

    void paintWaveform(QPainter& painter, const QRectF& box) const
    {
        const QList<float>& peaks = m_attachment.waveform;
        const float loudest = std::max(*std::max_element(peaks.begin(), peaks.end()), 1e-4f);
        const QRectF area = box.adjusted(3, 4, -3, -4);
        const double step = area.width() / double(peaks.size());
        painter.setPen(QPen(palette().color(QPalette::Highlight), std::max(1.0, step * 0.8)));
        for (qsizetype i = 0; i < peaks.size(); ++i) {
            const double half = std::max(0.5, area.height() / 2 * double(peaks[i] / loudest));
            const double x = area.left() + (double(i) + 0.5) * step;
            painter.drawLine(QPointF(x, area.center().y() - half), QPointF(x, area.center().y() + half));
        }
    }

    void paintPage(QPainter& painter, const QRectF& box, const QString& pages) const
    {
        const QRectF sheet = box.adjusted(9, 5, -9, -5);
        painter.setPen(QPen(palette().color(QPalette::Text), 1.2));
        painter.setBrush(palette().color(QPalette::Base));
        painter.drawRoundedRect(sheet, 2, 2);
        QFont font = painter.font();
        font.setPixelSize(11);
        painter.setFont(font);
        if (!pages.isEmpty()) {
            painter.drawText(sheet, Qt::AlignCenter, pages);
            return;
        }
        for (int line = 1; line <= 4; ++line) {
            const double y = sheet.top() + line * sheet.height() / 5;
            painter.drawLine(QPointF(sheet.left() + 4, y), QPointF(sheet.right() - 4, y));
        }
    }

    QTimer m_spin;
    int m_angle = 0;
    State m_state = State::Reading;
    app::AttachmentInfo m_attachment;
};

AttachmentChip::AttachmentChip(quint64 ticket, const QString& name, QWidget* parent)
    : QFrame(parent), m_ticket(ticket), m_name(name), m_detail(tr("Reading…"))
{
    setObjectName(QStringLiteral("attachmentChip"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Attachment %1").arg(name));

    m_preview = new Preview(this);
    m_nameLabel = new QLabel(this);
    m_nameLabel->setObjectName(QStringLiteral("attachmentName"));
    QFont bold = m_nameLabel->font();
    bold.setBold(true);
    m_nameLabel->setFont(bold);
    m_detailLabel = new QLabel(this);
    m_detailLabel->setObjectName(QStringLiteral("attachmentDetail"));
    m_removeButton = new QToolButton(this);
    m_removeButton->setObjectName(QStringLiteral("removeAttachmentButton"));
    m_removeButton->setText(QStringLiteral("\u00d7"));
    m_removeButton->setAutoRaise(true);
    m_removeButton->setAccessibleName(tr("Remove %1").arg(name));
    m_removeButton->setToolTip(tr("Remove this attachment"));
    connect(m_removeButton, &QToolButton::clicked, this, [this] { emit removeRequested(m_ticket); });

    auto* text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(m_nameLabel);
    text->addWidget(m_detailLabel);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 2, 4);
    layout->setSpacing(6);
    layout->addWidget(m_preview);
    layout->addLayout(text);
    layout->addWidget(m_removeButton, 0, Qt::AlignTop);
    showText();
}

void AttachmentChip::setReady(const app::AttachmentInfo& attachment)
{
    m_state = State::Ready;
    m_attachment = attachment;
    m_name = attachment.name;
    m_detail = attachment.summary;
    m_preview->display(m_state, m_attachment);
    showText();
}

void AttachmentChip::setFailed(const QString& message)
{
    m_state = State::Failed;
    m_detail = message;
    m_preview->display(m_state, m_attachment);
    showText();
}

void AttachmentChip::showText()
{
    const QFontMetrics nameMetrics(m_nameLabel->font());
    m_nameLabel->setText(nameMetrics.elidedText(m_name, Qt::ElideMiddle, kTextWidth));
    // An error names the file, which the first line shows already: the chip shows the problem.
    QString shown = m_detail;
    const QString prefix = m_name + QStringLiteral(": ");
    if (m_state == State::Failed && shown.contains(prefix))
        shown = shown.mid(shown.indexOf(prefix) + prefix.size());
    const QFontMetrics detailMetrics(m_detailLabel->font());
    m_detailLabel->setText(detailMetrics.elidedText(shown, Qt::ElideRight, kTextWidth));
    QPalette colors = m_detailLabel->palette();
    colors.setColor(QPalette::WindowText,
                    m_state == State::Failed ? QColor(0xc0, 0x39, 0x2b) : palette().color(QPalette::PlaceholderText));
    m_detailLabel->setPalette(colors);

    QString tip = m_attachment.path.isEmpty() ? m_name : m_attachment.path;
    tip += u'\n' + m_detail;
    for (const QString& note : m_attachment.notes)
        tip += u'\n' + note;
    setToolTip(tip);
    setAccessibleDescription(m_detail);
}

} // namespace cairn::ui
