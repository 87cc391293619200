// SPDX-License-Identifier: MIT
// Linear mixes of the palette's Text and Base colours.

#include "ui/chat/chat_palette.h"

#include <QWidget>

namespace cairn::ui {

namespace {

QColor mix(const QColor& from, const QColor& to, double amount)
{
    const auto channel = [amount](double a, double b) { return a + (b - a) * amount; };
    return QColor::fromRgbF(static_cast<float>(channel(from.redF(), to.redF())),
                            static_cast<float>(channel(from.greenF(), to.greenF())),
                            static_cast<float>(channel(from.blueF(), to.blueF())));
}

} // namespace

QColor mutedTextColor(const QPalette& palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
}

QColor codeBackgroundColor(const QPalette& palette)
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.05);
}

void setMutedText(QWidget* widget, const QPalette& palette)
{
    QPalette muted = widget->palette();
    const QColor color = mutedTextColor(palette);
    muted.setColor(QPalette::WindowText, color);
    muted.setColor(QPalette::Text, color);
    muted.setColor(QPalette::ButtonText, color);
    widget->setPalette(muted);
}

} // namespace cairn::ui
