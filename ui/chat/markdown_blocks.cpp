// SPDX-License-Identifier: MIT
// One pass over the message's lines with three states (prose, code, think).

#include "ui/chat/markdown_blocks.h"

namespace cairn::ui {

namespace {

constexpr QStringView kThinkOpen = u"<think>";
constexpr QStringView kThinkClose = u"</think>";

struct Fence {
    QChar marker;
    qsizetype length = 0;
    QString info;
};

/// The line without its line break.
QStringView bare(QStringView line)
{
    while (!line.isEmpty() && (line.back() == u'\n' || line.back() == u'\r'))
        line.chop(1);
    return line;
}

/// Skips up to three spaces of indentation; false when there are more (an indented code line).
bool skipIndent(QStringView& line)
{
    qsizetype spaces = 0;
    while (spaces < line.size() && line[spaces] == u' ')
        ++spaces;
    if (spaces > 3)
        return false;
    line = line.sliced(spaces);
    return true;
}

qsizetype runLength(QStringView line, QChar marker)
{
    qsizetype n = 0;
    while (n < line.size() && line[n] == marker)
        ++n;
    return n;
}

bool openingFence(QStringView line, Fence& fence)
{
    line = bare(line);
    if (!skipIndent(line) || line.isEmpty() || (line.front() != u'`' && line.front() != u'~'))
        return false;
    const QChar marker = line.front();
    const qsizetype length = runLength(line, marker);
    if (length < 3)
        return false;
    const QStringView info = line.sliced(length).trimmed();
    if (marker == u'`' && info.contains(u'`'))
        return false; // inline code such as ```x``` on one line
    fence = {marker, length, info.toString()};
    return true;
}

bool closingFence(QStringView line, const Fence& fence)
{
    line = bare(line);
    if (!skipIndent(line))
        return false;
    const qsizetype length = runLength(line, fence.marker);
    return length >= fence.length && line.sliced(length).trimmed().isEmpty();
}

/// Drops the line break that ends a code block's last line.
QString chopFinalBreak(QString text)
{
    if (text.endsWith(u'\n'))
        text.chop(1);
    if (text.endsWith(u'\r'))
        text.chop(1);
    return text;
}

} // namespace

QList<MessageBlock> splitMessage(QStringView content)
{
    enum class State { Prose, Code, Think };
    QList<MessageBlock> blocks;
    State state = State::Prose;
    QString prose;
    MessageBlock current;
    Fence fence;
    const auto flushProse = [&] {
        if (!prose.trimmed().isEmpty())
            blocks.append({MessageBlock::Kind::Prose, prose, {}, true});
        prose.clear();
    };

    qsizetype pos = 0;
    while (pos < content.size()) {
        const qsizetype lineBreak = content.indexOf(u'\n', pos);
        const qsizetype next = lineBreak < 0 ? content.size() : lineBreak + 1;
        const QStringView line = content.sliced(pos, next - pos);
        switch (state) {
        case State::Code:
            if (closingFence(line, fence)) {
                current.text = chopFinalBreak(current.text);
                blocks.append(current);
                state = State::Prose;
            } else {
                current.text += line;
            }
            break;
        case State::Think: {
            const qsizetype close = line.indexOf(kThinkClose);
            if (close < 0) {
                current.text += line;
                break;
            }
            current.text += line.first(close);
            current.text = current.text.trimmed();
            blocks.append(current);
            state = State::Prose;
            pos += close + kThinkClose.size(); // the rest of the line is prose again
            continue;
        }
        case State::Prose: {
            if (openingFence(line, fence)) {
                flushProse();
                current = {MessageBlock::Kind::Code, {}, fence.info, true};
                state = State::Code;
                break;
            }
            const qsizetype open = line.indexOf(kThinkOpen);
            if (open < 0) {
                prose += line;
                break;
            }
            prose += line.first(open);
            flushProse();
            current = {MessageBlock::Kind::Think, {}, {}, true};
            state = State::Think;
            pos += open + kThinkOpen.size();
            continue;
        }
        }
        pos = next;
    }

    switch (state) {
    case State::Prose:
        flushProse();
        break;
    case State::Code:
        current.text = chopFinalBreak(current.text);
        current.closed = false;
        blocks.append(current);
        break;
    case State::Think:
        current.text = current.text.trimmed();
        current.closed = false;
        blocks.append(current);
        break;
    }
    return blocks;
}

QString withoutReasoning(QStringView content)
{
    QString out;
    for (const MessageBlock& block : splitMessage(content)) {
        switch (block.kind) {
        case MessageBlock::Kind::Prose:
            out += block.text;
            break;
        case MessageBlock::Kind::Code:
            out += QStringLiteral("```%1\n%2\n```\n").arg(block.info, block.text);
            break;
        case MessageBlock::Kind::Think:
            break;
        }
    }
    return out.trimmed();
}

} // namespace cairn::ui
