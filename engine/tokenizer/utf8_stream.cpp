// SPDX-License-Identifier: MIT
// Utf8Stream: incremental UTF-8 validation with replacement of invalid sequences.

#include "engine/tokenizer/utf8_stream.h"

#include "engine/tokenizer/utf8.h"

namespace cairn {

std::string Utf8Stream::push(std::string_view bytes)
{
    m_pending.append(bytes);
    std::string out;
    out.reserve(m_pending.size());
    std::size_t pos = 0;
    while (pos < m_pending.size()) {
        const Utf8Char c = readUtf8(m_pending, pos);
        if (c.kind == Utf8Char::Kind::Incomplete)
            break;
        if (c.kind == Utf8Char::Kind::Complete)
            out.append(m_pending, pos, c.length);
        else
            out += kReplacementCharacter;
        pos += c.length;
    }
    m_pending.erase(0, pos);
    return out;
}

std::string Utf8Stream::finish()
{
    // What is left is one valid but unfinished prefix: a single maximal subpart.
    std::string out = m_pending.empty() ? std::string() : std::string(kReplacementCharacter);
    m_pending.clear();
    return out;
}

} // namespace cairn
