// SPDX-License-Identifier: MIT
// libFuzzer target: tokenizer.json parsing, then Tokenizer::create, then an encode/decode
// round trip of the input itself, which must give back its bytes exactly.

#include "engine/api/tokenizer.h"
#include "engine/tokenizer/hf_tokenizer_json.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto vocab = cairn::parseHfTokenizerJson(text, "fuzz.json");
    if (!vocab)
        return 0;
    const auto tok = cairn::Tokenizer::create(std::move(vocab).value());
    if (!tok)
        return 0;
    const std::string_view sample = text.substr(0, 512);
    for (const bool parseSpecial : {false, true}) {
        if (tok.value().decode(tok.value().encode(sample, false, parseSpecial)) != sample)
            std::abort();
    }
    return 0;
}
