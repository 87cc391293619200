// SPDX-License-Identifier: MIT
// DropOverlay: highlight colour at low alpha, a dashed rounded frame and the message centred.

#include "ui/drop_overlay.h"

#include <QEvent>
#include <QPainter>

namespace cairn::ui {

DropOverlay::DropOverlay(QWidget* covered) : QWidget(covered)
{
    setObjectName(QStringLiteral("dropOverlay"));
    setAccessibleName(tr("Drop area"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    covered->installEventFilter(this);
    setGeometry(covered->rect());
    hide();
}

void DropOverlay::showOverlay()
{
    setGeometry(parentWidget()->rect());
    raise();
    show();
}

void DropOverlay::hideOverlay()
{
    hide();
}

QString DropOverlay::message() const
{
    return tr("Drop files to attach, folders to index");
}

void DropOverlay::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    QColor fill = palette().color(QPalette::Highlight);
    fill.setAlpha(48);
    painter.fillRect(rect(), fill);
    QColor edge = palette().color(QPalette::Highlight);
    QPen pen(edge, 3, Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(QRectF(rect()).adjusted(12, 12, -12, -12), 14, 14);

    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    painter.setFont(font);
    const QRect textBox = painter.fontMetrics().boundingRect(rect(), Qt::AlignCenter | Qt::TextWordWrap, message());
    QColor back = palette().color(QPalette::Window);
    back.setAlpha(230);
    painter.setPen(Qt::NoPen);
    painter.setBrush(back);
    painter.drawRoundedRect(QRectF(textBox).adjusted(-18, -12, 18, 12), 10, 10);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, message());
}

bool DropOverlay::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

} // namespace cairn::ui
