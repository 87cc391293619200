// SPDX-License-Identifier: MIT
// inspectModel: a GGUF file's description from its metadata and tensor table. Keys follow
// llama.cpp's `<arch>.*` naming, so unsupported architectures are described as far as they use it.

#include "engine/api/model_info.h"

#include "engine/arch/arch_table.h"
#include "engine/format/gguf_file.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

namespace cairn {

namespace {

/// llama.cpp's llama_ftype values (general.file_type) and their names.
constexpr std::array<std::pair<std::uint64_t, std::string_view>, 34> kFileTypes{{
    {0, "F32"},     {1, "F16"},     {2, "Q4_0"},       {3, "Q4_1"},          {7, "Q8_0"},     {8, "Q5_0"},
    {9, "Q5_1"},    {10, "Q2_K"},   {11, "Q3_K_S"},    {12, "Q3_K_M"},       {13, "Q3_K_L"},  {14, "Q4_K_S"},
    {15, "Q4_K_M"}, {16, "Q5_K_S"}, {17, "Q5_K_M"},    {18, "Q6_K"},         {19, "IQ2_XXS"}, {20, "IQ2_XS"},
    {21, "Q2_K_S"}, {22, "IQ3_XS"}, {23, "IQ3_XXS"},   {24, "IQ1_S"},        {25, "IQ4_NL"},  {26, "IQ3_S"},
    {27, "IQ3_M"},  {28, "IQ2_S"},  {29, "IQ2_M"},     {30, "IQ4_XS"},       {31, "IQ1_M"},   {32, "BF16"},
    {36, "TQ1_0"},  {37, "TQ2_0"},  {38, "MXFP4_MOE"}, {4, "Q4_1_SOME_F16"},
}};

std::string fileTypeName(const GgufFile& file)
{
    if (const auto id = file.getUInt("general.file_type")) {
        for (const auto& [value, name] : kFileTypes) {
            if (value == *id)
                return std::string(name);
        }
    }
    // The type most weight bytes are in; weights are the matrices (two or more dimensions).
    std::map<DType, std::uint64_t> bytesByType;
    for (const GgufTensor& tensor : file.tensors()) {
        if (tensor.dims.size() >= 2)
            bytesByType[tensor.type] += tensor.bytes;
    }
    DType best = DType::F32;
    std::uint64_t bestBytes = 0;
    for (const auto& [type, bytes] : bytesByType) {
        if (bytes > bestBytes) {
            best = type;
            bestBytes = bytes;
        }
    }
    return bestBytes == 0 ? std::string() : std::string(dtypeInfo(best).name);
}

std::uint32_t count32(const GgufFile& file, const std::string& key)
{
    const auto value = file.getUInt(key);
    return value && *value <= 0xffffffffU ? static_cast<std::uint32_t>(*value) : 0;
}

} // namespace

Result<ModelInfo> inspectModel(const std::string& path)
{
    Result<GgufFile> opened = GgufFile::open(path);
    if (!opened)
        return opened.error();
    const GgufFile& file = opened.value();

    ModelInfo info;
    info.path = path;
    const auto arch = file.getString("general.architecture");
    if (!arch)
        return Error{ErrorCode::InvalidInput, path, "missing key general.architecture"};
    info.architecture = *arch;
    info.name = file.getString("general.name").value_or("");
    info.quantization = fileTypeName(file);
    for (const GgufTensor& tensor : file.tensors()) {
        info.parameterCount += tensor.elements();
        info.weightBytes += tensor.bytes;
    }
    std::error_code sizeError;
    info.fileBytes = std::filesystem::file_size(path, sizeError);
    if (sizeError)
        return Error{ErrorCode::Io, path, "cannot stat: " + sizeError.message()};

    const std::string prefix = info.architecture + ".";
    auto key = [&](const char* name) { return count32(file, prefix + name); };
    info.trainedContext = file.getUInt(prefix + "context_length").value_or(0);
    info.layerCount = key("block_count");
    info.expertCount = key("expert_count");
    info.expertUsedCount = key("expert_used_count");
    info.expertSharedCount = key("expert_shared_count");
    info.embedding = key("embedding_length");
    info.headCount = key("attention.head_count");
    info.qLoraRank = key("attention.q_lora_rank");
    info.kvLoraRank = key("attention.kv_lora_rank");
    info.ropeDim = key("rope.dimension_count");
    // Split-MLA files keep the per-head sizes in the *_mla keys (key_length then means the latent row).
    const bool mla = file.find(prefix + "attention.key_length_mla") != nullptr;
    info.headDimQk = key(mla ? "attention.key_length_mla" : "attention.key_length");
    info.headDimV = key(mla ? "attention.value_length_mla" : "attention.value_length");
    info.denseFf = key("feed_forward_length");
    info.expertFf = key("expert_feed_forward_length");
    if (const GgufTensor* embd = file.tensor("token_embd.weight"); embd != nullptr && embd->dims.size() == 2)
        info.vocab = static_cast<std::uint32_t>(embd->dims[1]);

    info.splitCount = std::max(1U, count32(file, "split.count"));
    info.unsupportedReason = unsupportedArchitectureReason(info.architecture);
    if (info.unsupportedReason.empty() && info.splitCount > 1)
        info.unsupportedReason = "split into " + std::to_string(info.splitCount)
            + " files; this build reads single-file models (merge them with llama-gguf-split --merge)";
    info.supported = info.unsupportedReason.empty();
    return info;
}

} // namespace cairn
