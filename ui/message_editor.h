// SPDX-License-Identifier: MIT
// MessageEditor: the text box of the input area. Enter asks to send, Shift+Enter breaks the line,
// Up in an empty box asks to edit the last message, Esc asks to stop a reply; it grows with its
// text up to a few lines. Pasted images and files become requests to attach, not text.
#pragma once

#include <QImage>
#include <QList>
#include <QPlainTextEdit>
#include <QUrl>

namespace cairn::ui {

class MessageEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int kDefaultMaximumLines = 8;

    explicit MessageEditor(QWidget* parent = nullptr);

    /// Lines shown before the editor scrolls instead of growing.
    void setMaximumLines(int lines);
    /// While a reply is generated Enter does not send and Esc asks to stop.
    void setGenerating(bool generating);
    [[nodiscard]] bool isGenerating() const { return m_generating; }

signals:
    void submitRequested();
    void editLastRequested();
    void stopRequested();
    void imagePasted(const QImage& image);
    /// Pasted file URLs, all local (a file manager's copy); images pasted as files come here too.
    void urlsPasted(const QList<QUrl>& urls);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    [[nodiscard]] bool canInsertFromMimeData(const QMimeData* source) const override;
    void insertFromMimeData(const QMimeData* source) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateHeight();

    int m_maximumLines = kDefaultMaximumLines;
    bool m_generating = false;
};

/// `mime`'s URLs when it has some and all are local files; empty otherwise.
QList<QUrl> localFileUrls(const QMimeData* mime);

} // namespace cairn::ui
