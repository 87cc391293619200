// SPDX-License-Identifier: MIT
// tokenizer.json -> Vocabulary. Format facts: Hugging Face `tokenizers` serialization
// (model, added_tokens, normalizer, pre_tokenizer) and llama.cpp's convert_hf_to_gguf.py token typing.

#include "engine/tokenizer/hf_tokenizer_json.h"

#include "engine/tokenizer/chat_format.h"
#include "engine/tokenizer/pretokenizer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace cairn {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kDeepSeekPad = "<｜▁pad▁｜>";
// More unused ids than this between the used ones is taken as a broken file, not padding.
constexpr std::size_t kMaxIdHoles = 65536;
// Real files nest one Sequence; the limit keeps hostile input from exhausting the stack.
constexpr int kMaxSequenceDepth = 8;

class Parser {
public:
    explicit Parser(std::string name) : m_name(std::move(name)) { }

    Error invalid(const std::string& detail) const { return Error{ErrorCode::InvalidInput, m_name, detail}; }
    Error unsupported(const std::string& detail) const { return Error{ErrorCode::Unsupported, m_name, detail}; }

    Result<Vocabulary> parse(const Json& root) const;

private:
    Result<std::string> preTokenizerName(const Json& root) const;
    std::optional<Error> collectPatterns(const Json& node, int depth, std::vector<std::string>& patterns) const;

    std::string m_name;
};

bool looksLikeControl(std::string_view text)
{
    const auto wrapped = [text](std::string_view open, std::string_view close) {
        return text.size() >= open.size() + close.size() && text.starts_with(open) && text.ends_with(close);
    };
    return wrapped("<|", "|>") || wrapped("<｜", "｜>");
}

Result<Json> parseJson(std::string_view text, const std::string& name)
{
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::exception& e) {
        return Error{ErrorCode::InvalidInput, name, std::string("not valid JSON: ") + e.what()};
    }
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{ErrorCode::Io, path, "cannot open"};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return Error{ErrorCode::Io, path, "read failed"};
    return buffer.str();
}

std::optional<Error> Parser::collectPatterns(const Json& node, int depth, std::vector<std::string>& patterns) const
{
    if (depth > kMaxSequenceDepth)
        return unsupported("unsupported pre-tokenizer: Sequences nested more than " + std::to_string(kMaxSequenceDepth)
                           + " deep");
    if (!node.is_object() || !node.contains("type") || !node["type"].is_string())
        return invalid("pre_tokenizer: an entry has no type");
    const std::string type = node["type"].get<std::string>();
    if (type == "Sequence") {
        if (!node.contains("pretokenizers") || !node["pretokenizers"].is_array())
            return invalid("pre_tokenizer: Sequence without a pretokenizers array");
        for (const Json& child : node["pretokenizers"]) {
            if (auto error = collectPatterns(child, depth + 1, patterns))
                return error;
        }
        return std::nullopt;
    }
    if (type == "Split") {
        const Json* regex = nullptr;
        if (node.contains("pattern") && node["pattern"].is_object() && node["pattern"].contains("Regex"))
            regex = &node["pattern"]["Regex"];
        if (regex == nullptr || !regex->is_string())
            return unsupported("unsupported pre-tokenizer: Split without a Regex pattern");
        if (node.value("behavior", std::string()) != "Isolated" || node.value("invert", false))
            return unsupported("unsupported pre-tokenizer: Split behaviour other than Isolated");
        patterns.push_back(regex->get<std::string>());
        return std::nullopt;
    }
    if (type == "ByteLevel") {
        if (node.value("add_prefix_space", false))
            return unsupported("unsupported pre-tokenizer: ByteLevel with add_prefix_space");
        // ByteLevel's own regex is GPT-2's (with a trailing |\s+, which gives the same pieces).
        if (node.value("use_regex", true))
            patterns.emplace_back(PreTokenizer::patterns("gpt2").front());
        return std::nullopt;
    }
    return unsupported("unsupported pre-tokenizer: " + type);
}

Result<std::string> Parser::preTokenizerName(const Json& root) const
{
    if (!root.contains("pre_tokenizer") || root["pre_tokenizer"].is_null())
        return unsupported("unsupported pre-tokenizer: none (byte-level BPE needs one)");
    std::vector<std::string> patterns;
    if (auto error = collectPatterns(root["pre_tokenizer"], 0, patterns))
        return *error;
    const auto name = PreTokenizer::nameForPatterns(patterns);
    if (!name)
        return unsupported("unsupported pre-tokenizer: its " + std::to_string(patterns.size())
                           + " split pattern(s) match none of deepseek-v3, deepseek-llm, gpt2, default");
    return std::string(*name);
}

Result<Vocabulary> Parser::parse(const Json& root) const
{
    if (!root.is_object())
        return invalid("top level is not an object");
    if (!root.contains("model") || !root["model"].is_object())
        return invalid("no model object");
    const Json& model = root["model"];
    if (!model.contains("type") || !model["type"].is_string())
        return invalid("model.type missing");
    if (model["type"].get<std::string>() != "BPE")
        return unsupported("model.type " + model["type"].get<std::string>() + " (only BPE is supported)");
    if (model.value("ignore_merges", false))
        return unsupported("model.ignore_merges is set");
    if (!model.contains("vocab") || !model["vocab"].is_object())
        return invalid("model.vocab missing or not an object");
    if (!model.contains("merges") || !model["merges"].is_array())
        return invalid("model.merges missing or not an array");

    if (root.contains("normalizer") && !root["normalizer"].is_null()) {
        const Json& normalizer = root["normalizer"];
        const bool emptySequence = normalizer.value("type", std::string()) == "Sequence"
            && normalizer.contains("normalizers") && normalizer["normalizers"].is_array()
            && normalizer["normalizers"].empty();
        if (!emptySequence)
            return unsupported("unsupported normalizer");
    }

    // id -> (text, type); a std::map keeps them sorted for the hole check.
    std::map<std::uint64_t, std::pair<std::string, TokenType>> byId;
    for (const auto& [text, id] : model["vocab"].items()) {
        if (!id.is_number_unsigned())
            return invalid("model.vocab: token \"" + text + "\" has no non-negative integer id");
        byId[id.get<std::uint64_t>()] = {text, TokenType::Normal};
    }
    if (root.contains("added_tokens") && !root["added_tokens"].is_null()) {
        if (!root["added_tokens"].is_array())
            return invalid("added_tokens is not an array");
        for (const Json& added : root["added_tokens"]) {
            if (!added.is_object() || !added.contains("id") || !added["id"].is_number_unsigned()
                || !added.contains("content") || !added["content"].is_string())
                return invalid("added_tokens: an entry lacks an id or content");
            const std::string content = added["content"].get<std::string>();
            const bool control = added.value("special", false) || looksLikeControl(content);
            byId[added["id"].get<std::uint64_t>()] = {content, control ? TokenType::Control : TokenType::UserDefined};
        }
    }
    if (byId.empty())
        return invalid("model.vocab is empty");
    const std::uint64_t size = byId.rbegin()->first + 1;
    if (size - byId.size() > kMaxIdHoles)
        return invalid("token ids run to " + std::to_string(size - 1) + " with only " + std::to_string(byId.size())
                       + " tokens");

    Vocabulary vocab;
    vocab.tokens.resize(size);
    vocab.tokenTypes.assign(size, TokenType::Unused);
    for (std::uint64_t id = 0; id < size; ++id)
        vocab.tokens[id] = "[PAD" + std::to_string(id) + "]"; // llama.cpp's filler for unused ids
    for (auto& [id, entry] : byId) {
        vocab.tokens[id] = std::move(entry.first);
        vocab.tokenTypes[id] = entry.second;
    }

    vocab.merges.reserve(model["merges"].size());
    for (const Json& merge : model["merges"]) {
        if (merge.is_string()) {
            vocab.merges.push_back(merge.get<std::string>());
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
            vocab.merges.push_back(merge[0].get<std::string>() + " " + merge[1].get<std::string>());
        } else {
            return invalid("model.merges: entry " + std::to_string(vocab.merges.size())
                           + " is neither \"a b\" nor [\"a\", \"b\"]");
        }
    }

    auto pre = preTokenizerName(root);
    if (!pre)
        return pre.error();
    vocab.pre = std::move(pre).value();

    for (std::size_t id = 0; id < vocab.tokens.size(); ++id) {
        const auto value = static_cast<std::int32_t>(id);
        if (vocab.tokens[id] == kDeepSeekBos)
            vocab.bos = value;
        else if (vocab.tokens[id] == kDeepSeekEos)
            vocab.eos = value;
        else if (vocab.tokens[id] == kDeepSeekPad)
            vocab.pad = value;
    }
    vocab.addBos = vocab.bos.has_value();
    return vocab;
}

// tokenizer_config.json's bos_token etc. are a string or an object with "content".
std::optional<std::string> specialTokenText(const Json& config, const char* key)
{
    if (!config.contains(key))
        return std::nullopt;
    const Json& value = config[key];
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value["content"].is_string())
        return value["content"].get<std::string>();
    return std::nullopt;
}

std::optional<Error> applyTokenizerConfig(const std::string& path, Vocabulary& vocab)
{
    auto text = readFile(path);
    if (!text)
        return text.error();
    auto config = parseJson(text.value(), path);
    if (!config)
        return config.error();
    if (!config.value().is_object())
        return Error{ErrorCode::InvalidInput, path, "top level is not an object"};
    const auto find = [&vocab](const std::string& content) -> std::optional<std::int32_t> {
        for (std::size_t id = 0; id < vocab.tokens.size(); ++id) {
            if (vocab.tokens[id] == content)
                return static_cast<std::int32_t>(id);
        }
        return std::nullopt;
    };
    for (auto [key, slot] :
         {std::pair{"bos_token", &vocab.bos}, {"eos_token", &vocab.eos}, {"pad_token", &vocab.pad}}) {
        const auto content = specialTokenText(config.value(), key);
        if (!content)
            continue;
        const auto id = find(*content);
        if (!id)
            return Error{ErrorCode::InvalidInput, path, std::string(key) + " \"" + *content + "\" is not a token"};
        *slot = id;
    }
    const Json& root = config.value();
    if (root.contains("add_bos_token") && root["add_bos_token"].is_boolean())
        vocab.addBos = root["add_bos_token"].get<bool>();
    return std::nullopt;
}

} // namespace

Result<Vocabulary> parseHfTokenizerJson(std::string_view json, const std::string& name)
{
    auto root = parseJson(json, name);
    if (!root)
        return root.error();
    const Parser parser(name);
    try {
        return parser.parse(root.value());
    } catch (const Json::exception& e) { // a field of an unexpected type deep inside
        return parser.invalid(std::string("malformed: ") + e.what());
    }
}

Result<Vocabulary> loadHfTokenizerJson(const std::string& path)
{
    auto text = readFile(path);
    if (!text)
        return text.error();
    auto vocab = parseHfTokenizerJson(text.value(), path);
    if (!vocab)
        return vocab;
    const auto configPath = std::filesystem::path(path).parent_path() / "tokenizer_config.json";
    std::error_code ec;
    if (std::filesystem::exists(configPath, ec)) {
        if (auto error = applyTokenizerConfig(configPath.string(), vocab.value()))
            return *error;
    }
    return vocab;
}

} // namespace cairn
