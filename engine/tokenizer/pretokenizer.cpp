// SPDX-License-Identifier: MIT
// The split patterns of each supported pre-tokenizer (facts from llama.cpp's llama-vocab.cpp and
// the models' tokenizer.json files) and the PCRE2 matching that applies them.

#include "engine/tokenizer/pretokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>

namespace cairn {
namespace {

// Literal CR and LF characters (not regex escapes) sit inside some classes below, exactly as the
// tokenizer.json files spell them, so that nameForPatterns() can compare strings. Non-ASCII is
// written as \u escapes: an editor's Unicode normalisation would silently turn a class bound such
// as U+1F7D into its canonical equivalent U+03CE and break the range.

// DeepSeek-V3 (also V3.1, V3.2, R1, V4): digits in groups of up to three, runs of CJK ideographs
// and kana, then a GPT-4o-like word/punctuation/whitespace pattern.
constexpr std::array<std::string_view, 3> kDeepSeekV3 = {
    R"(\p{N}{1,3})",
    "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+",
    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+|"
    " ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
};

// DeepSeek LLM (V1) and V2: newlines alone, letter runs of the cased scripts, ASCII and
// full-width punctuation, trailing whitespace, CJK and Hangul runs, digit runs.
constexpr std::array<std::string_view, 6> kDeepSeekLlm = {
    "[\r\n]",
    "\\s?[A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF"
    "\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5"
    "\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA"
    "\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45"
    "\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE"
    "\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC"
    "\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139"
    "\u213C-\u213F\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3"
    "\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06"
    "\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A\U00010400-\U0001044F\U000104B0-\U000104D3"
    "\U000104D8-\U000104FB\U00010C80-\U00010CB2\U00010CC0-\U00010CF2\U000118A0-\U000118DF"
    "\U0001E900-\U0001E943]+",
    "\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+",
    "\\s+$",
    "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
    "\\p{N}+",
};

// GPT-2 (`gpt2`): contractions, letter runs, digit runs, other runs, each with one optional
// leading space, and whitespace not followed by a non-space.
constexpr std::string_view kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";
constexpr std::array<std::string_view, 1> kGpt2 = {kGpt2Pattern};

// llama.cpp's fallback for BPE vocabularies with no or an unlisted pre-tokenizer (`default`).
constexpr std::array<std::string_view, 4> kDefault = {
    R"([\p{P}\$\+<=>\^~\|]+)",
    kGpt2Pattern,
    R"(\p{N}+)",
    "[0-9][0-9][0-9]",
};

struct NamedPatterns {
    std::string_view name;
    std::span<const std::string_view> patterns;
};

constexpr std::array<NamedPatterns, 4> kPreTokenizers = {{
    {"deepseek-v3", kDeepSeekV3},
    {"deepseek-llm", kDeepSeekLlm},
    {"gpt2", kGpt2},
    {"default", kDefault},
}};

std::string pcreMessage(int code)
{
    std::array<PCRE2_UCHAR, 256> buffer{};
    if (pcre2_get_error_message(code, buffer.data(), buffer.size()) < 0)
        return "PCRE2 error " + std::to_string(code);
    return std::string(reinterpret_cast<const char*>(buffer.data()));
}

// Offset of the next character start after `pos` (a UTF-8 lead byte or an invalid byte).
std::size_t nextCharStart(std::string_view text, std::size_t pos)
{
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0u) == 0x80u)
        ++pos;
    return pos;
}

} // namespace

struct PreTokenizer::Regex {
    pcre2_code* code = nullptr;
    ~Regex() { pcre2_code_free(code); }
};

Result<PreTokenizer> PreTokenizer::create(std::string_view name)
{
    const auto list = patterns(name);
    if (list.empty())
        return Error{ErrorCode::Unsupported, "tokenizer", "unknown pre-tokenizer \"" + std::string(name) + "\""};

    PreTokenizer pre;
    pre.m_name = std::string(name);
    // UCP: \s, \w and \p{..} use Unicode properties. MATCH_INVALID_UTF: a subject with invalid
    // UTF-8 is matched, the invalid bytes matching nothing. DOLLAR_ENDONLY: `$` is the end only,
    // as in the Rust and ECMAScript engines the patterns were written for.
    constexpr std::uint32_t kOptions = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY;
    for (const std::string_view pattern : list) {
        int errorCode = 0;
        PCRE2_SIZE errorOffset = 0;
        auto regex = std::make_shared<Regex>();
        regex->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), kOptions, &errorCode,
                                    &errorOffset, nullptr);
        if (regex->code == nullptr)
            return Error{ErrorCode::Unsupported, "tokenizer",
                         "pre-tokenizer " + pre.m_name + ": pattern does not compile at offset "
                             + std::to_string(errorOffset) + ": " + pcreMessage(errorCode)};
        // Without JIT support (or when it fails) pcre2_match interprets the pattern instead.
        pcre2_jit_compile(regex->code, PCRE2_JIT_COMPLETE);
        pre.m_regexes.push_back(std::move(regex));
    }
    return pre;
}

std::vector<std::string_view> PreTokenizer::split(std::string_view text) const
{
    std::vector<std::string_view> pieces;
    if (text.empty())
        return pieces;
    pieces.push_back(text);

    std::vector<std::string_view> next;
    for (const auto& regex : m_regexes) {
        std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> matchData(
            pcre2_match_data_create_from_pattern(regex->code, nullptr), &pcre2_match_data_free);
        next.clear();
        for (const std::string_view piece : pieces) {
            const auto* subject = reinterpret_cast<PCRE2_SPTR>(piece.data());
            std::size_t gapStart = 0;
            std::size_t searchFrom = 0;
            while (searchFrom < piece.size()) {
                int rc = pcre2_match(regex->code, subject, piece.size(), searchFrom, 0, matchData.get(), nullptr);
                // The JIT's stack is small; the interpreter uses the heap.
                if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
                    rc = pcre2_match(regex->code, subject, piece.size(), searchFrom, PCRE2_NO_JIT, matchData.get(),
                                     nullptr);
                // No match, or a resource limit hit: the rest of the piece stays one gap.
                if (rc < 0)
                    break;
                const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(matchData.get());
                const std::size_t start = ovector[0];
                const std::size_t end = ovector[1];
                if (end == start) { // no supported pattern matches empty; step on regardless
                    searchFrom = nextCharStart(piece, start);
                    continue;
                }
                if (start > gapStart)
                    next.push_back(piece.substr(gapStart, start - gapStart));
                next.push_back(piece.substr(start, end - start));
                gapStart = end;
                searchFrom = end;
            }
            if (gapStart < piece.size())
                next.push_back(piece.substr(gapStart));
        }
        pieces.swap(next);
    }
    return pieces;
}

std::span<const std::string_view> PreTokenizer::patterns(std::string_view name)
{
    for (const auto& entry : kPreTokenizers) {
        if (entry.name == name)
            return entry.patterns;
    }
    return {};
}

std::optional<std::string_view> PreTokenizer::nameForPatterns(std::span<const std::string> patterns)
{
    for (const auto& entry : kPreTokenizers) {
        if (entry.patterns.size() != patterns.size())
            continue;
        bool same = true;
        for (std::size_t i = 0; i < patterns.size() && same; ++i)
            same = entry.patterns[i] == patterns[i];
        if (same)
            return entry.name;
    }
    return std::nullopt;
}

} // namespace cairn
