// SPDX-License-Identifier: MIT
// chunkSections: greedy packing of the largest pieces that fit, splitting a piece that does not
// fit at the next finer separator.

#include "ingest/text_chunker.h"

namespace cairn::ingest {

namespace {

class Packer {
public:
    Packer(const TextChunkOptions& options, QList<TextChunk>& out, TextChunk prototype)
        : m_options(options), m_out(out), m_prototype(std::move(prototype))
    {
    }

    void add(const QString& piece, int level)
    {
        static const QString separators[] = {QStringLiteral("\n\n"), QStringLiteral("\n"), QStringLiteral(" ")};
        if (size(piece) <= m_options.maxSize) {
            append(piece, level);
            return;
        }
        if (level < 3) {
            for (const QString& part : piece.split(separators[level], Qt::SkipEmptyParts))
                add(part, level + 1);
            return;
        }
        // One word longer than the budget: cut it by characters.
        qsizetype begin = 0;
        while (begin < piece.size()) {
            qsizetype length = 1;
            while (begin + length < piece.size() && size(piece.mid(begin, length + 1)) <= m_options.maxSize)
                ++length;
            append(piece.mid(begin, length), level);
            begin += length;
        }
    }

    void finish()
    {
        if (!m_current.trimmed().isEmpty()) {
            TextChunk chunk = m_prototype;
            chunk.text = m_current.trimmed();
            m_out.append(chunk);
        }
        m_current.clear();
    }

private:
    int size(const QString& text) const { return m_options.size ? m_options.size(text) : int(text.size()); }

    void append(const QString& piece, int level)
    {
        static const QString joiners[]
            = {QStringLiteral("\n\n"), QStringLiteral("\n\n"), QStringLiteral("\n"), QStringLiteral(" ")};
        const QString joined = m_current.isEmpty() ? piece : m_current + joiners[qBound(0, level, 3)] + piece;
        if (!m_current.isEmpty() && size(joined) > m_options.maxSize) {
            finish();
            m_current = piece;
        } else {
            m_current = joined;
        }
    }

    const TextChunkOptions& m_options;
    QList<TextChunk>& m_out;
    TextChunk m_prototype;
    QString m_current;
};

} // namespace

QString TextChunk::citation() const
{
    if (page > 0)
        return QStringLiteral("page %1").arg(page);
    if (!title.isEmpty())
        return QStringLiteral("section “%1”").arg(title);
    return {};
}

QList<TextChunk> chunkSections(const QList<Section>& sections, const TextChunkOptions& options)
{
    QList<TextChunk> chunks;
    TextChunkOptions safe = options;
    safe.maxSize = qMax(1, options.maxSize);
    for (qsizetype i = 0; i < sections.size(); ++i) {
        const Section& section = sections[i];
        Packer packer(safe, chunks, TextChunk{int(i), section.page, section.title, {}});
        packer.add(section.text, 0);
        packer.finish();
    }
    return chunks;
}

} // namespace cairn::ingest
