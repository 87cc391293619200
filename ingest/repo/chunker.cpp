// SPDX-License-Identifier: MIT
// The chunking walk: over line ranges, definitions in source order, gaps between them as chunks of
// their own, and a line-by-line (then byte-by-byte, for a giant line) split of what stays too large.

#include "ingest/repo/chunker.h"

#include <algorithm>
#include <vector>

namespace cairn::ingest {

namespace {

constexpr int kMaxDepth = 64; // deeper definitions are split by lines: the walk recurses per level

class Chunking {
public:
    Chunking(const QString& file, QByteArrayView source, const QList<Symbol>& symbols, const ChunkOptions& options)
        : m_file(file), m_source(source), m_symbols(symbols), m_budget(std::max(options.maxTokens, 16)),
          m_count(options.count ? options.count : TokenCounter(estimateTokens))
    {
        m_lineStarts.push_back(0);
        for (qsizetype i = 0; i < source.size(); ++i) {
            if (source[i] == '\n' && i + 1 < source.size())
                m_lineStarts.push_back(static_cast<uint32_t>(i + 1));
        }
        m_lineStarts.push_back(static_cast<uint32_t>(source.size()));
        const int lines = lineCount();
        m_tokenPrefix.assign(static_cast<size_t>(lines) + 1, 0);
        for (int line = 0; line < lines; ++line)
            m_tokenPrefix[static_cast<size_t>(line) + 1]
                = m_tokenPrefix[static_cast<size_t>(line)] + m_count(bytes(line, line));
        m_children.resize(static_cast<size_t>(symbols.size()));
        for (qsizetype i = 0; i < symbols.size(); ++i) {
            if (symbols[i].parent >= 0 && symbols[i].parent < i)
                m_children[static_cast<size_t>(symbols[i].parent)].push_back(static_cast<int>(i));
            else
                m_topLevel.push_back(static_cast<int>(i));
        }
    }

    QList<Chunk> run()
    {
        if (!m_source.isEmpty())
            range(0, lineCount() - 1, m_topLevel, -1, QString(), QString(), 0);
        return std::move(m_chunks);
    }

private:
    [[nodiscard]] int lineCount() const { return static_cast<int>(m_lineStarts.size()) - 1; }

    [[nodiscard]] std::string_view bytes(int first, int last) const
    {
        const uint32_t start = m_lineStarts[static_cast<size_t>(first)];
        const uint32_t end = lineStart(last + 1);
        return {m_source.data() + start, end - start};
    }

    [[nodiscard]] int tokens(int first, int last) const
    {
        return m_tokenPrefix[static_cast<size_t>(last) + 1] - m_tokenPrefix[static_cast<size_t>(first)];
    }

    [[nodiscard]] uint32_t lineStart(int line) const { return m_lineStarts[static_cast<size_t>(line)]; }

    [[nodiscard]] bool blank(int first, int last) const
    {
        const std::string_view text = bytes(first, last);
        return std::all_of(text.begin(), text.end(),
                           [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
    }

    /// First and last line (0-based) a symbol's chunk covers: its doc comment through its end.
    [[nodiscard]] std::pair<int, int> region(int symbol) const
    {
        const Symbol& s = m_symbols[symbol];
        const int first = (s.docStartLine > 0 && s.docStartLine < s.startLine ? s.docStartLine : s.startLine) - 1;
        return {std::clamp(first, 0, lineCount() - 1), std::clamp(s.endLine - 1, 0, lineCount() - 1)};
    }

    void addChunk(uint32_t start, uint32_t end, int firstLine, int lastLine, const QString& path, const QString& header,
                  int tokenCount)
    {
        Chunk chunk;
        chunk.file = m_file;
        chunk.startLine = firstLine + 1;
        chunk.endLine = lastLine + 1;
        chunk.startByte = start;
        chunk.endByte = end;
        chunk.symbolPath = path;
        chunk.header = header;
        chunk.text = QString::fromUtf8(m_source.sliced(start, end - start));
        chunk.tokens = tokenCount;
        m_chunks.append(std::move(chunk));
    }

    /// Lines [lo, hi] holding `children` (sorted) of `owner`: children and the gaps between them.
    /// `startHeader` heads a piece that starts at the owner's own first line, `header` the others.
    void range(int lo, int hi, const std::vector<int>& children, int owner, const QString& startHeader,
               const QString& header, int depth)
    {
        int cursor = lo;
        for (size_t k = 0; k < children.size(); ++k) {
            auto [first, last] = region(children[k]);
            first = std::max(first, cursor);
            last = std::min(last, hi);
            if (last < first)
                continue; // shares lines with what came before: already covered
            if (first > cursor) {
                if (blank(cursor, first - 1))
                    first = cursor; // blank lines go with the definition after them
                else
                    gap(cursor, first - 1, owner, cursor == lo ? startHeader : header);
            }
            definition(children[k], first, last, first == lo ? startHeader : header, depth);
            cursor = last + 1;
        }
        if (cursor > hi)
            return;
        if (blank(cursor, hi) && !m_chunks.isEmpty() && m_chunks.back().endByte == lineStart(cursor)) {
            Chunk& previous = m_chunks.back(); // trailing blank lines go with the chunk before them
            previous.endLine = hi + 1;
            previous.endByte = lineStart(hi + 1);
            previous.text
                = QString::fromUtf8(m_source.sliced(previous.startByte, previous.endByte - previous.startByte));
            previous.tokens += tokens(cursor, hi);
            return;
        }
        gap(cursor, hi, owner, cursor == lo ? startHeader : header);
    }

    void gap(int first, int last, int owner, const QString& header)
    {
        lines(first, last, owner >= 0 ? m_symbols[owner].path : QString(), header, header);
    }

    void definition(int symbol, int first, int last, const QString& header, int depth)
    {
        const int headerTokens = header.isEmpty() ? 0 : m_count(header.toStdString());
        const int total = headerTokens + tokens(first, last);
        const Symbol& s = m_symbols[symbol];
        if (total <= m_budget) {
            addChunk(lineStart(first), lineStart(last + 1), first, last, s.path, header, total);
            return;
        }
        if (!m_children[static_cast<size_t>(symbol)].empty() && depth < kMaxDepth) {
            const QString inner = header + s.signature + QLatin1Char('\n');
            range(first, last, m_children[static_cast<size_t>(symbol)], symbol, header, inner, depth + 1);
            return;
        }
        // The first piece holds the signature itself; the others repeat it in their header.
        lines(first, last, s.path, header, header + s.signature + QLatin1Char('\n'));
    }

    /// Lines [first, last] cut greedily into pieces within the budget, the first headed by
    /// `firstHeader`, the others by `header`.
    void lines(int first, int last, const QString& path, const QString& firstHeader, const QString& header)
    {
        QString currentHeader = firstHeader;
        int start = first;
        while (start <= last) {
            const int headerTokens = currentHeader.isEmpty() ? 0 : m_count(currentHeader.toStdString());
            const int room = std::max(m_budget - headerTokens, 8);
            int end = start;
            while (end + 1 <= last && tokens(start, end + 1) <= room)
                ++end;
            if (tokens(start, end) > room) {
                longLine(start, path, currentHeader, room, headerTokens);
            } else {
                addChunk(lineStart(start), lineStart(end + 1), start, end, path, currentHeader,
                         headerTokens + tokens(start, end));
            }
            start = end + 1;
            currentHeader = header;
        }
    }

    /// One line larger than the budget (minified code): pieces at UTF-8 character boundaries.
    void longLine(int line, const QString& path, const QString& header, int room, int headerTokens)
    {
        uint32_t start = lineStart(line);
        const uint32_t end = lineStart(line + 1);
        while (start < end) {
            const std::string_view rest(m_source.data() + start, end - start);
            const int restTokens = m_count(rest);
            uint32_t length = restTokens <= room
                ? end - start
                : static_cast<uint32_t>(static_cast<double>(end - start) * room / std::max(restTokens, 1));
            length = std::clamp<uint32_t>(length, 1, end - start);
            int pieceTokens = 0;
            while (true) {
                while (start + length < end && (static_cast<unsigned char>(m_source[start + length]) & 0xC0) == 0x80)
                    ++length; // never cut inside a character
                pieceTokens = m_count({m_source.data() + start, length});
                if (pieceTokens <= room || length <= 4)
                    break;
                length = std::max<uint32_t>(length * 3 / 4, 4);
            }
            addChunk(start, start + length, line, line, path, header, headerTokens + pieceTokens);
            start += length;
        }
    }

    const QString& m_file;
    QByteArrayView m_source;
    const QList<Symbol>& m_symbols;
    int m_budget;
    TokenCounter m_count;
    std::vector<uint32_t> m_lineStarts; ///< byte offset of each line, then the file size
    std::vector<int> m_tokenPrefix;     ///< tokens of lines [0, i)
    std::vector<std::vector<int>> m_children;
    std::vector<int> m_topLevel;
    QList<Chunk> m_chunks;
};

} // namespace

int estimateTokens(std::string_view text)
{
    return static_cast<int>((text.size() + 3) / 4);
}

QList<Chunk> chunkFile(const QString& file, QByteArrayView source, const QList<Symbol>& symbols,
                       const ChunkOptions& options)
{
    return Chunking(file, source, symbols, options).run();
}

} // namespace cairn::ingest
