// SPDX-License-Identifier: MIT
// Key names as llama.cpp's gguf-py writes them (gguf/constants.py, Keys.Tokenizer).

#include "engine/runtime/gguf_vocabulary.h"

#include "engine/format/gguf_file.h"
#include "engine/format/gguf_writer.h"

namespace cairn {

namespace {

Result<std::vector<std::string>> stringArray(const GgufFile& file, const char* key, bool required)
{
    const GgufArray* array = file.getArray(key);
    if (array == nullptr) {
        if (required)
            return Error{ErrorCode::InvalidInput, file.path(), std::string("missing key ") + key};
        return std::vector<std::string>{};
    }
    if (array->elementType != GgufType::String)
        return Error{ErrorCode::InvalidInput, file.path(), std::string(key) + " is not an array of strings"};
    std::vector<std::string> values;
    values.reserve(array->values.size());
    for (const GgufValue& value : array->values)
        values.push_back(std::get<std::string>(value));
    return values;
}

std::optional<std::int32_t> tokenId(const GgufFile& file, const char* key)
{
    const auto value = file.getInt(key);
    if (!value || *value < 0 || *value > 0x7fffffff)
        return std::nullopt;
    return static_cast<std::int32_t>(*value);
}

} // namespace

Result<Vocabulary> readGgufVocabulary(const GgufFile& file)
{
    const std::string model = file.getString("tokenizer.ggml.model").value_or("");
    if (model != "gpt2")
        return Error{ErrorCode::Unsupported, file.path(),
                     model.empty() ? "no tokenizer (missing key tokenizer.ggml.model)"
                                   : "tokenizer model '" + model + "' is not supported (only byte-level BPE, 'gpt2')"};
    Vocabulary vocabulary;
    Result<std::vector<std::string>> tokens = stringArray(file, "tokenizer.ggml.tokens", true);
    if (!tokens)
        return tokens.error();
    vocabulary.tokens = std::move(tokens).value();
    Result<std::vector<std::string>> merges = stringArray(file, "tokenizer.ggml.merges", false);
    if (!merges)
        return merges.error();
    vocabulary.merges = std::move(merges).value();
    if (const GgufArray* types = file.getArray("tokenizer.ggml.token_type")) {
        if (types->elementType != GgufType::I32 || types->values.size() != vocabulary.tokens.size())
            return Error{ErrorCode::InvalidInput, file.path(), "tokenizer.ggml.token_type is not one i32 per token"};
        for (const GgufValue& value : types->values)
            vocabulary.tokenTypes.push_back(static_cast<TokenType>(std::get<std::int32_t>(value)));
    }
    vocabulary.pre = file.getString("tokenizer.ggml.pre").value_or("default");
    vocabulary.bos = tokenId(file, "tokenizer.ggml.bos_token_id");
    vocabulary.eos = tokenId(file, "tokenizer.ggml.eos_token_id");
    vocabulary.pad = tokenId(file, "tokenizer.ggml.padding_token_id");
    vocabulary.addBos = file.getBool("tokenizer.ggml.add_bos_token").value_or(vocabulary.bos.has_value());
    return vocabulary;
}

void writeGgufVocabulary(const Vocabulary& vocabulary, GgufWriter& writer)
{
    writer.set("tokenizer.ggml.model", std::string("gpt2"));
    writer.set("tokenizer.ggml.pre", vocabulary.pre);
    writer.setStringArray("tokenizer.ggml.tokens", vocabulary.tokens);
    std::vector<std::int32_t> types;
    for (std::size_t i = 0; i < vocabulary.tokens.size(); ++i)
        types.push_back(
            static_cast<std::int32_t>(i < vocabulary.tokenTypes.size() ? vocabulary.tokenTypes[i] : TokenType::Normal));
    writer.setInt32Array("tokenizer.ggml.token_type", types);
    writer.setStringArray("tokenizer.ggml.merges", vocabulary.merges);
    if (vocabulary.bos)
        writer.set("tokenizer.ggml.bos_token_id", static_cast<std::uint32_t>(*vocabulary.bos));
    if (vocabulary.eos)
        writer.set("tokenizer.ggml.eos_token_id", static_cast<std::uint32_t>(*vocabulary.eos));
    if (vocabulary.pad)
        writer.set("tokenizer.ggml.padding_token_id", static_cast<std::uint32_t>(*vocabulary.pad));
    writer.set("tokenizer.ggml.add_bos_token", vocabulary.addBos);
    writer.set("tokenizer.ggml.add_eos_token", false);
}

} // namespace cairn
