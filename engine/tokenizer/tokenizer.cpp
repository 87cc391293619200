// SPDX-License-Identifier: MIT
// Tokenizer: vocabulary validation, special-token partitioning, pre-tokenization + BPE, decoding.

#include "engine/tokenizer/tokenizer.h"

#include "engine/tokenizer/byte_level.h"

#include <limits>

namespace cairn {
namespace {

Error vocabularyError(std::string detail)
{
    return Error{ErrorCode::InvalidInput, "vocabulary", std::move(detail)};
}

// Control and user-defined tokens are plain UTF-8; the others spell bytes through the table.
bool isPlainText(TokenType type)
{
    return type == TokenType::Control || type == TokenType::UserDefined;
}

std::string quoted(std::string_view text)
{
    // Appended piecewise: `"\"" + std::string(text) + "\""` trips GCC 12's -Wrestrict at -O3.
    std::string result;
    result.reserve(text.size() + 2);
    result += '"';
    result += text;
    result += '"';
    return result;
}

} // namespace

Result<Tokenizer> Tokenizer::create(Vocabulary vocabulary)
{
    Tokenizer tok;
    if (vocabulary.tokens.empty())
        return vocabularyError("no tokens");
    if (vocabulary.tokens.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        return vocabularyError("too many tokens (" + std::to_string(vocabulary.tokens.size()) + ")");
    const auto count = static_cast<std::int32_t>(vocabulary.tokens.size());

    if (vocabulary.tokenTypes.empty())
        vocabulary.tokenTypes.assign(vocabulary.tokens.size(), TokenType::Normal);
    if (vocabulary.tokenTypes.size() != vocabulary.tokens.size())
        return vocabularyError(std::to_string(vocabulary.tokenTypes.size()) + " token types for "
                               + std::to_string(count) + " tokens");
    for (std::int32_t id = 0; id < count; ++id) {
        const auto type = static_cast<std::int32_t>(vocabulary.tokenTypes[static_cast<std::size_t>(id)]);
        if (type < static_cast<std::int32_t>(TokenType::Normal) || type > static_cast<std::int32_t>(TokenType::Byte))
            return vocabularyError("token " + std::to_string(id) + " has unknown type " + std::to_string(type));
    }

    tok.m_tokens = std::move(vocabulary.tokens);
    tok.m_types = std::move(vocabulary.tokenTypes);
    tok.m_ids.reserve(tok.m_tokens.size());
    tok.m_bytes.reserve(tok.m_tokens.size());
    for (std::int32_t id = 0; id < count; ++id) {
        const std::string& text = tok.m_tokens[static_cast<std::size_t>(id)];
        const TokenType type = tok.m_types[static_cast<std::size_t>(id)];
        const bool plain = isPlainText(type);
        // A repeated spelling keeps its first id, except that a byte-level token beats a plain
        // one: bytes and merges resolve through this map and must decode through the table.
        const auto [it, inserted] = tok.m_ids.try_emplace(text, id);
        if (!inserted && !plain && isPlainText(tok.m_types[static_cast<std::size_t>(it->second)]))
            it->second = id;
        std::optional<std::string> bytes = plain ? std::nullopt : tokenTextToBytes(text);
        tok.m_bytes.push_back(bytes ? std::move(*bytes) : text);
        if (plain)
            tok.m_specials.add(text, id, type == TokenType::UserDefined);
    }
    // The id of a byte-level token spelled `text`.
    const auto byteLevelId = [&tok](std::string_view text) -> std::optional<std::int32_t> {
        const auto id = tok.tokenId(text);
        if (!id || isPlainText(tok.m_types[static_cast<std::size_t>(*id)]))
            return std::nullopt;
        return id;
    };

    for (int byte = 0; byte < 256; ++byte) {
        const std::string text = bytesToTokenText(std::string(1, static_cast<char>(byte)));
        const auto id = byteLevelId(text);
        if (!id) {
            constexpr std::string_view kHex = "0123456789ABCDEF";
            return vocabularyError(std::string("no token for byte 0x") + kHex[static_cast<std::size_t>(byte >> 4)]
                                   + kHex[static_cast<std::size_t>(byte & 15)] + " (expected " + quoted(text)
                                   + "); byte-level BPE needs all 256");
        }
        tok.m_byteTokens[static_cast<std::size_t>(byte)] = *id;
    }

    for (std::size_t rank = 0; rank < vocabulary.merges.size(); ++rank) {
        const std::string& merge = vocabulary.merges[rank];
        const auto what = [&](const std::string& problem) {
            return vocabularyError("merge " + std::to_string(rank) + " " + quoted(merge) + ": " + problem);
        };
        const std::size_t space = merge.find(' ', 1);
        if (space == std::string::npos || space + 1 >= merge.size())
            return what("not two tokens separated by a space");
        const std::string_view left = std::string_view(merge).substr(0, space);
        const std::string_view right = std::string_view(merge).substr(space + 1);
        const auto leftId = byteLevelId(left);
        if (!leftId)
            return what("token " + quoted(left) + " is not in the vocabulary");
        const auto rightId = byteLevelId(right);
        if (!rightId)
            return what("token " + quoted(right) + " is not in the vocabulary");
        std::string joined = std::string(left) + std::string(right);
        const auto resultId = byteLevelId(joined);
        if (!resultId)
            return what("the merged token " + quoted(joined) + " is not in the vocabulary");
        tok.m_merges.add(*leftId, *rightId, *resultId);
    }

    const auto checkId = [&](const std::optional<std::int32_t>& id, std::string_view name) -> std::optional<Error> {
        if (id && !tok.validId(*id))
            return vocabularyError(std::string(name) + " id " + std::to_string(*id) + " is out of range (vocabulary of "
                                   + std::to_string(count) + ")");
        return std::nullopt;
    };
    for (const auto& [id, name] :
         {std::pair{vocabulary.bos, "BOS"}, {vocabulary.eos, "EOS"}, {vocabulary.pad, "PAD"}}) {
        if (auto error = checkId(id, name))
            return *error;
    }
    if (vocabulary.addBos && !vocabulary.bos)
        return vocabularyError("add_bos is set but there is no BOS token");
    tok.m_bos = vocabulary.bos;
    tok.m_eos = vocabulary.eos;
    tok.m_pad = vocabulary.pad;
    tok.m_addBos = vocabulary.addBos;

    auto pre = PreTokenizer::create(vocabulary.pre);
    if (!pre)
        return pre.error();
    tok.m_pre = std::move(pre).value();
    return tok;
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, bool addBos, bool parseSpecial) const
{
    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 2);
    if (addBos && m_bos)
        ids.push_back(*m_bos);
    if (m_specials.empty()) {
        encodePlain(text, ids);
        return ids;
    }
    std::size_t plainStart = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto match = m_specials.matchAt(text, pos, parseSpecial);
        if (!match) {
            ++pos;
            continue;
        }
        encodePlain(text.substr(plainStart, pos - plainStart), ids);
        ids.push_back(match->id);
        pos += match->length;
        plainStart = pos;
    }
    encodePlain(text.substr(plainStart), ids);
    return ids;
}

void Tokenizer::encodePlain(std::string_view text, std::vector<std::int32_t>& out) const
{
    for (const std::string_view word : m_pre.split(text))
        m_merges.encodeWord(word, m_byteTokens, out);
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids) const
{
    std::string bytes;
    for (const std::int32_t id : ids) {
        if (validId(id))
            bytes += m_bytes[static_cast<std::size_t>(id)];
    }
    return bytes;
}

std::string Tokenizer::tokenBytes(std::int32_t id) const
{
    return validId(id) ? m_bytes[static_cast<std::size_t>(id)] : std::string();
}

std::string_view Tokenizer::tokenText(std::int32_t id) const
{
    return validId(id) ? std::string_view(m_tokens[static_cast<std::size_t>(id)]) : std::string_view();
}

std::optional<std::int32_t> Tokenizer::tokenId(std::string_view tokenText) const
{
    const auto it = m_ids.find(tokenText);
    if (it == m_ids.end())
        return std::nullopt;
    return it->second;
}

TokenType Tokenizer::tokenType(std::int32_t id) const
{
    return validId(id) ? m_types[static_cast<std::size_t>(id)] : TokenType::Unused;
}

} // namespace cairn
