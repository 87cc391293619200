// SPDX-License-Identifier: MIT
// A loaded model: the mapped GGUF, its forward pass and its thread pool. Several sessions may
// share one model; their forward passes take turns on the model's pool.
#pragma once

#include "engine/api/progress.h"
#include "engine/api/result.h"
#include "engine/api/tokenizer.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cairn {

class ForwardPass;
class GgufFile;
class ThreadPool;

struct ModelParams {
    std::string path;      ///< a GGUF file
    int threads = 0;       ///< worker threads including the caller; 0 = one per core
    bool prefetch = false; ///< ask the kernel to read all weights ahead (madvise WILLNEED)
    /// Copy the weights whose CPU kernels read an interleaved layout faster (Q8_0 with AVX-512
    /// VNNI) out of the file mapping at load, when they take at most 60 % of physical memory:
    /// decoding reads them faster and prefill repacks nothing. Off keeps every weight mapped.
    bool interleave = true;
    /// When set, the load also reads every weight page in, in chunks, reporting ("weights", bytes
    /// read, weight bytes) after each, so that a progress bar follows the disk and the first reply
    /// does not stall on page faults.
    ProgressFn progress;
    /// Checked between load steps and weight chunks; a set token ends the load with Cancelled.
    const CancelToken* cancel = nullptr;
};

class Model {
public:
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    /// Maps the file, validates its metadata and binds every tensor. Errors name the file.
    /// With params.progress, also reads the weights in (see ModelParams::progress).
    static Result<std::shared_ptr<Model>> load(const ModelParams& params);

    [[nodiscard]] const GgufFile& file() const { return *m_file; }
    [[nodiscard]] const std::string& architecture() const { return m_architecture; }
    /// general.name from the file; empty when it has none.
    [[nodiscard]] std::string name() const;
    [[nodiscard]] std::uint32_t vocabSize() const;
    [[nodiscard]] std::uint32_t trainedContext() const;
    [[nodiscard]] int threads() const;
    /// Bytes of tensor data in the file.
    [[nodiscard]] std::uint64_t weightBytes() const;
    /// Bytes of weights the load copied into the interleaved layout (ModelParams::interleave).
    [[nodiscard]] std::uint64_t interleavedBytes() const { return m_interleavedBytes; }

    /// The vocabulary stored in the file, or nothing (then tokenizerProblem() says why): a model
    /// without one still runs on token ids (`cairn-cli logits`).
    [[nodiscard]] const Tokenizer* tokenizer() const { return m_tokenizer ? &*m_tokenizer : nullptr; }
    [[nodiscard]] const std::string& tokenizerProblem() const { return m_tokenizerProblem; }

    /// The forward pass, for sessions: hold `lock()` while calling it.
    [[nodiscard]] ForwardPass& forwardPass() const { return *m_forward; }
    [[nodiscard]] std::unique_lock<std::mutex> lock() const { return std::unique_lock(m_mutex); }

private:
    Model() = default;

    std::unique_ptr<GgufFile> m_file;
    std::unique_ptr<ThreadPool> m_pool;
    std::unique_ptr<ForwardPass> m_forward;
    std::string m_architecture;
    std::optional<Tokenizer> m_tokenizer;
    std::string m_tokenizerProblem;
    std::uint64_t m_interleavedBytes = 0;
    mutable std::mutex m_mutex;
};

} // namespace cairn
