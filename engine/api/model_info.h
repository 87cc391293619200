// SPDX-License-Identifier: MIT
// What a GGUF model file is, read from its metadata and tensor table without loading it (no
// weights bound, no forward pass), and how much memory running it at a context length needs.
#pragma once

#include "engine/api/kv_type.h"
#include "engine/api/result.h"

#include <cstdint>
#include <string>

namespace cairn {

struct ModelInfo {
    std::string path;
    std::string architecture;         ///< general.architecture, e.g. "deepseek2"
    std::string name;                 ///< general.name; empty when the file has none
    std::uint64_t parameterCount = 0; ///< elements of every tensor summed
    /// general.file_type's llama.cpp name ("Q4_K_M") when present, else the type holding most
    /// weight bytes in GGML's spelling ("q4_K").
    std::string quantization;
    std::uint64_t trainedContext = 0; ///< <arch>.context_length; 0 when absent
    std::uint32_t layerCount = 0;
    std::uint32_t expertCount = 0;     ///< routed experts per MoE layer; 0 for a dense model
    std::uint32_t expertUsedCount = 0; ///< routed experts each token uses
    std::uint32_t expertSharedCount = 0;
    // Shape used by the memory estimate (0 when the file does not say).
    std::uint32_t embedding = 0;
    std::uint32_t vocab = 0;
    std::uint32_t headCount = 0;
    std::uint32_t qLoraRank = 0;
    std::uint32_t kvLoraRank = 0; ///< latent values cached per token and layer
    std::uint32_t ropeDim = 0;    ///< rotary key values cached next to the latent
    std::uint32_t headDimQk = 0;
    std::uint32_t headDimV = 0;
    std::uint32_t denseFf = 0;
    std::uint32_t expertFf = 0;
    std::uint64_t fileBytes = 0;
    std::uint64_t weightBytes = 0; ///< tensor data bytes
    /// split.count: a model stored in several files (llama.cpp's gguf-split); 1 for one file.
    std::uint32_t splitCount = 1;
    bool supported = false; ///< this build has a forward pass for the architecture and reads the file whole
    /// Why it cannot run ("architecture 'deepseek4' is not supported yet (this build runs:
    /// deepseek2)", "split into 3 files ..."), empty when supported.
    std::string unsupportedReason;
};

/// Opens `path` (mapped; only the header and tensor table are read) and describes it. Errors
/// name the file: "x.gguf: not a GGUF file (wrong magic)", "x.gguf: file ends before ...".
Result<ModelInfo> inspectModel(const std::string& path);

/// Resident memory a session needs: the mapped file, the latent KV cache filled to
/// `contextLength`, and the forward pass's working buffers (activations of one prefill batch of
/// `batchSize` tokens, attention scores, decompressed keys and values, vocabulary and logits).
struct MemoryEstimate {
    std::uint64_t weightBytes = 0;
    std::uint64_t kvCacheBytes = 0;
    std::uint64_t workspaceBytes = 0;
    [[nodiscard]] std::uint64_t totalBytes() const { return weightBytes + kvCacheBytes + workspaceBytes; }
};

/// `contextLength` 0 means the trained context; `batchSize` is ContextParams::batchSize.
MemoryEstimate estimateMemory(const ModelInfo& info, std::int64_t contextLength, KvType kvType = KvType::F16,
                              std::int64_t batchSize = 512);

} // namespace cairn
