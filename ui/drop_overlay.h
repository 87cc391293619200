// SPDX-License-Identifier: MIT
// DropOverlay: a translucent sheet over a widget (the main window) while files are dragged over
// it, saying what a drop will do. It takes no input: the drop itself goes to the widget below.
#pragma once

#include <QWidget>

namespace cairn::ui {

class DropOverlay : public QWidget {
    Q_OBJECT
public:
    /// Covers `covered` (its parent) and follows its size.
    explicit DropOverlay(QWidget* covered);

    /// Shows the overlay on top of everything in `covered`.
    void showOverlay();
    void hideOverlay();
    [[nodiscard]] QString message() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace cairn::ui
