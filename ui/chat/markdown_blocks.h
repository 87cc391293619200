// SPDX-License-Identifier: MIT
// Splits a chat message into the blocks the view renders separately: Markdown prose, fenced code,
// and <think> reasoning. A fence or think section still open at the end (streaming) is a block too.
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace cairn::ui {

struct MessageBlock {
    enum class Kind { Prose, Code, Think };
    Kind kind = Kind::Prose;
    QString text;       ///< Markdown for Prose and Think, the code without its fences for Code
    QString info;       ///< the fence's info string ("cpp", "python title=x.py"), Code only
    bool closed = true; ///< false while the fence or the think section has not ended yet

    bool operator==(const MessageBlock& other) const = default;
};

/// The blocks of `content`, in order. Fences follow CommonMark (``` or ~~~, at least three, up to three
/// spaces of indentation, closed by a run of the same character at least as long); <think> and
/// </think> are recognised outside code, anywhere in a line.
QList<MessageBlock> splitMessage(QStringView content);

/// `content` without its reasoning sections: what "Copy" puts on the clipboard.
QString withoutReasoning(QStringView content);

} // namespace cairn::ui
