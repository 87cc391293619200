// SPDX-License-Identifier: MIT
// Word shapes come from consonant-vowel syllables; word frequency follows a Zipf law so BPE
// finds frequent pairs the way it does in real text.

#include "engine/tools/synthetic_corpus.h"

#include "engine/tools/random.h"

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

namespace cairn {

namespace {

constexpr std::array<std::string_view, 20> kOnsets{"b", "c", "d", "f", "g", "h", "k",  "l",  "m",  "n",
                                                   "p", "r", "s", "t", "v", "w", "st", "tr", "ch", "th"};
constexpr std::array<std::string_view, 8> kVowels{"a", "e", "i", "o", "u", "ai", "ou", "ee"};
constexpr std::array<std::string_view, 6> kCodas{"", "", "n", "r", "s", "l"};
constexpr std::array<std::string_view, 8> kForeign{"café", "naïve",  "straße", "東京",
                                                   "模型", "данные", "λόγος",  "🙂"};
constexpr std::array<std::string_view, 6> kCode{"int ", "return ", "if (", "for (", "const ", "fn "};

std::string inventWord(SplitMix64& rng)
{
    std::string word;
    const std::uint64_t syllables = 1 + rng.below(3);
    for (std::uint64_t s = 0; s < syllables; ++s) {
        word += kOnsets[rng.below(kOnsets.size())];
        word += kVowels[rng.below(kVowels.size())];
        word += kCodas[rng.below(kCodas.size())];
    }
    return word;
}

} // namespace

std::string syntheticCorpus(std::uint64_t seed, std::size_t bytes)
{
    SplitMix64 rng(seed);
    std::vector<std::string> lexicon(4000);
    for (std::string& word : lexicon)
        word = inventWord(rng);
    // Zipf: P(rank r) ∝ 1 / (r + 1); sample by inverting the harmonic CDF approximately.
    const double harmonic = std::log(static_cast<double>(lexicon.size())) + 0.5772;
    auto pickWord = [&]() -> const std::string& {
        const double u = rng.uniform() * harmonic;
        const auto rank = static_cast<std::size_t>(std::exp(u - 0.5772));
        return lexicon[std::min(rank, lexicon.size() - 1)];
    };

    std::string text;
    text.reserve(bytes + 256);
    while (text.size() < bytes) {
        const std::uint64_t kind = rng.below(20);
        if (kind == 0) {
            text += kCode[rng.below(kCode.size())];
            text += pickWord();
            text += " = " + std::to_string(rng.below(100000)) + ";\n";
            continue;
        }
        std::string sentence = pickWord();
        sentence[0] = static_cast<char>(sentence[0] - 'a' + 'A');
        const std::uint64_t length = 4 + rng.below(14);
        for (std::uint64_t i = 0; i < length; ++i) {
            sentence += ' ';
            const std::uint64_t roll = rng.below(40);
            if (roll == 0)
                sentence += kForeign[rng.below(kForeign.size())];
            else if (roll == 1)
                sentence += std::to_string(rng.below(2030));
            else
                sentence += pickWord();
            if (rng.below(12) == 0)
                sentence += ',';
        }
        sentence += rng.below(8) == 0 ? "?" : ".";
        text += sentence;
        text += rng.below(6) == 0 ? "\n\n" : " ";
    }
    return text;
}

} // namespace cairn
