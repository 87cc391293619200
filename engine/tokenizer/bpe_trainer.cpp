// SPDX-License-Identifier: MIT
// Greedy byte-level BPE training with incremental pair counts: a merge rewrites only the words
// that contain its pair, and a max-heap with lazy invalidation picks the next pair.

#include "engine/tokenizer/bpe_trainer.h"

#include "engine/tokenizer/byte_level.h"
#include "engine/tokenizer/pretokenizer.h"

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace cairn {
namespace {

using Pair = std::uint64_t; // left id << 32 | right id

Pair makePair(std::int32_t left, std::int32_t right)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}
std::int32_t leftOf(Pair pair)
{
    return static_cast<std::int32_t>(pair >> 32);
}
std::int32_t rightOf(Pair pair)
{
    return static_cast<std::int32_t>(pair & 0xFFFFFFFFu);
}

struct Word {
    std::vector<std::int32_t> symbols;
    std::int64_t count = 0;
};

struct HeapEntry {
    std::int64_t count;
    Pair pair;
};

// Highest count first; among equal counts the smallest pair (left id, then right id).
struct LowerPriority {
    bool operator()(const HeapEntry& a, const HeapEntry& b) const
    {
        return a.count != b.count ? a.count < b.count : a.pair > b.pair;
    }
};

Error trainerError(std::string detail)
{
    return Error{ErrorCode::InvalidInput, "bpe trainer", std::move(detail)};
}

class Trainer {
public:
    Trainer(std::vector<Word> words, Vocabulary& vocab) : m_words(std::move(words)), m_vocab(vocab)
    {
        for (std::size_t id = 0; id < m_vocab.tokens.size(); ++id)
            m_ids.try_emplace(m_vocab.tokens[id], static_cast<std::int32_t>(id));
        m_lastVisit.assign(m_words.size(), -1);
        for (std::size_t w = 0; w < m_words.size(); ++w)
            addPairs(static_cast<std::int32_t>(w), +1);
        for (const auto& [pair, count] : m_counts)
            m_heap.push({count, pair});
    }

    void run(std::size_t vocabSize, std::size_t specialCount)
    {
        std::int64_t step = 0;
        while (m_vocab.tokens.size() < vocabSize && !m_heap.empty()) {
            const HeapEntry top = m_heap.top();
            m_heap.pop();
            const auto it = m_counts.find(top.pair);
            if (it == m_counts.end() || it->second != top.count || top.count <= 0)
                continue; // stale entry
            const std::string& left = m_vocab.tokens[static_cast<std::size_t>(leftOf(top.pair))];
            const std::string& right = m_vocab.tokens[static_cast<std::size_t>(rightOf(top.pair))];
            std::string merged = left + right;
            const auto existing = m_ids.find(merged);
            if (existing != m_ids.end() && static_cast<std::size_t>(existing->second) < specialCount) {
                m_counts.erase(it); // would spell a special token: never merge this pair
                continue;
            }
            m_vocab.merges.push_back(left + " " + right);
            std::int32_t result = 0;
            if (existing != m_ids.end()) {
                result = existing->second;
            } else {
                result = static_cast<std::int32_t>(m_vocab.tokens.size());
                m_ids.emplace(merged, result);
                m_vocab.tokens.push_back(std::move(merged));
                m_vocab.tokenTypes.push_back(TokenType::Normal);
            }
            applyMerge(top.pair, result, step++);
        }
    }

private:
    // Adds (sign +1) or removes (-1) the word's adjacent pairs from the counts.
    void addPairs(std::int32_t w, int sign)
    {
        const Word& word = m_words[static_cast<std::size_t>(w)];
        for (std::size_t i = 0; i + 1 < word.symbols.size(); ++i) {
            const Pair pair = makePair(word.symbols[i], word.symbols[i + 1]);
            m_counts[pair] += sign * word.count;
            m_touched.push_back(pair);
            if (sign > 0) {
                auto& where = m_where[pair];
                if (where.empty() || where.back() != w)
                    where.push_back(w);
            }
        }
    }

    void applyMerge(Pair pair, std::int32_t result, std::int64_t step)
    {
        const std::int32_t a = leftOf(pair);
        const std::int32_t b = rightOf(pair);
        const std::vector<std::int32_t> where = std::move(m_where[pair]);
        m_where.erase(pair);
        m_touched.clear();
        for (const std::int32_t w : where) {
            if (m_lastVisit[static_cast<std::size_t>(w)] == step)
                continue;
            m_lastVisit[static_cast<std::size_t>(w)] = step;
            Word& word = m_words[static_cast<std::size_t>(w)];
            bool found = false;
            for (std::size_t i = 0; i + 1 < word.symbols.size() && !found; ++i)
                found = word.symbols[i] == a && word.symbols[i + 1] == b;
            if (!found)
                continue; // stale: an earlier merge changed this word
            addPairs(w, -1);
            std::vector<std::int32_t> merged;
            merged.reserve(word.symbols.size());
            for (std::size_t i = 0; i < word.symbols.size(); ++i) {
                if (i + 1 < word.symbols.size() && word.symbols[i] == a && word.symbols[i + 1] == b) {
                    merged.push_back(result);
                    ++i;
                } else {
                    merged.push_back(word.symbols[i]);
                }
            }
            word.symbols = std::move(merged);
            addPairs(w, +1);
        }
        m_counts.erase(pair);
        std::sort(m_touched.begin(), m_touched.end());
        m_touched.erase(std::unique(m_touched.begin(), m_touched.end()), m_touched.end());
        for (const Pair touched : m_touched) {
            const auto it = m_counts.find(touched);
            if (it == m_counts.end())
                continue;
            if (it->second <= 0)
                m_counts.erase(it);
            else
                m_heap.push({it->second, touched});
        }
    }

    std::vector<Word> m_words;
    Vocabulary& m_vocab;
    std::unordered_map<std::string, std::int32_t> m_ids;
    std::unordered_map<Pair, std::int64_t> m_counts;
    std::unordered_map<Pair, std::vector<std::int32_t>> m_where; // may list a word twice or stale
    std::vector<std::int64_t> m_lastVisit;
    std::vector<Pair> m_touched;
    std::priority_queue<HeapEntry, std::vector<HeapEntry>, LowerPriority> m_heap;
};

} // namespace

Result<Vocabulary> trainBpe(std::string_view corpus, std::int32_t vocabSize, std::span<const std::string> specialTokens,
                            std::string_view pre)
{
    const std::size_t specialCount = specialTokens.size();
    if (vocabSize < 0 || static_cast<std::size_t>(vocabSize) < specialCount + 256)
        return trainerError("vocabulary size " + std::to_string(vocabSize) + " leaves no room for "
                            + std::to_string(specialCount) + " special and 256 byte tokens");
    std::unordered_set<std::string_view> seen;
    for (const std::string& special : specialTokens) {
        if (special.empty())
            return trainerError("empty special token");
        if (!seen.insert(special).second)
            return trainerError("special token \"" + special + "\" given twice");
    }
    auto preTokenizer = PreTokenizer::create(pre);
    if (!preTokenizer)
        return preTokenizer.error();

    Vocabulary vocab;
    vocab.pre = std::string(pre);
    vocab.tokens.assign(specialTokens.begin(), specialTokens.end());
    vocab.tokenTypes.assign(specialCount, TokenType::Control);
    for (int byte = 0; byte < 256; ++byte) {
        vocab.tokens.push_back(bytesToTokenText(std::string(1, static_cast<char>(byte))));
        vocab.tokenTypes.push_back(TokenType::Normal);
    }

    // Unique words in first-seen order, so that the result never depends on hashing.
    std::unordered_map<std::string_view, std::size_t> index;
    std::vector<Word> words;
    for (const std::string_view piece : preTokenizer.value().split(corpus)) {
        const auto [it, inserted] = index.try_emplace(piece, words.size());
        if (inserted) {
            Word word;
            for (const char c : piece)
                word.symbols.push_back(static_cast<std::int32_t>(specialCount) + static_cast<unsigned char>(c));
            words.push_back(std::move(word));
        }
        ++words[it->second].count;
    }

    Trainer trainer(std::move(words), vocab);
    trainer.run(static_cast<std::size_t>(vocabSize), specialCount);
    return vocab;
}

} // namespace cairn
