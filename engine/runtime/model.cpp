// SPDX-License-Identifier: MIT
// Loading: map, parse, pick the architecture's forward pass from the table, bind weights.

#include "engine/api/model.h"

#include "engine/arch/arch_table.h"
#include "engine/core/thread_pool.h"
#include "engine/format/gguf_file.h"
#include "engine/runtime/gguf_vocabulary.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace cairn {

namespace {

constexpr std::uint64_t kReadChunkBytes = std::uint64_t{16} << 20;
constexpr std::uint64_t kPageStride = 4096;

Error cancelledLoad(const std::string& path)
{
    return Error{ErrorCode::Cancelled, path, "loading cancelled"};
}

/// Touches one byte per page of every tensor, in file order and chunks of kReadChunkBytes,
/// reporting progress after each chunk. The kernel is asked to read each chunk ahead first.
Status readWeightsIn(const GgufFile& file, const ProgressFn& progress, const CancelToken* cancel)
{
    std::vector<const GgufTensor*> tensors;
    std::uint64_t total = 0;
    for (const GgufTensor& tensor : file.tensors()) {
        tensors.push_back(&tensor);
        total += tensor.bytes;
    }
    std::sort(tensors.begin(), tensors.end(),
              [](const GgufTensor* a, const GgufTensor* b) { return a->offset < b->offset; });
    progress("weights", 0, total);
    std::uint64_t done = 0;
    std::uint64_t reported = 0;
    volatile unsigned char sink = 0;
    for (const GgufTensor* tensor : tensors) {
        file.prefetch(*tensor);
        for (std::uint64_t offset = 0; offset < tensor->bytes; offset += kReadChunkBytes) {
            if (cancel != nullptr && cancel->cancelled())
                return cancelledLoad(file.path());
            const std::uint64_t bytes = std::min(kReadChunkBytes, tensor->bytes - offset);
            const auto* chunk = reinterpret_cast<const unsigned char*>(tensor->data + offset);
            unsigned char touched = 0;
            for (std::uint64_t at = 0; at < bytes; at += kPageStride)
                touched = static_cast<unsigned char>(touched ^ chunk[at]);
            sink = static_cast<unsigned char>(sink ^ touched);
            done += bytes;
            if (done - reported >= kReadChunkBytes || done == total) {
                progress("weights", done, total);
                reported = done;
            }
        }
    }
    if (reported != total)
        progress("weights", total, total);
    return Ok{};
}

/// How much memory interleaved copies of the weights may take: 60 % of the physical memory and
/// 80 % of what is available now (the copies, unlike the file mapping, cannot be dropped under
/// pressure, and the model this one replaces may still be loaded).
std::uint64_t interleaveBudget()
{
    const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    std::uint64_t budget = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * page / 10 * 6;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit) {
        if (key == "MemAvailable:") {
            budget = std::min(budget, kib * 1024 / 10 * 8);
            break;
        }
    }
    return budget;
}

} // namespace

Model::~Model() = default;

Result<std::shared_ptr<Model>> Model::load(const ModelParams& params)
{
    Result<GgufFile> file = GgufFile::open(params.path);
    if (!file)
        return file.error();
    if (params.cancel != nullptr && params.cancel->cancelled())
        return cancelledLoad(params.path);
    std::shared_ptr<Model> model(new Model());
    model->m_file = std::make_unique<GgufFile>(std::move(file).value());
    model->m_architecture = model->m_file->getString("general.architecture").value_or("");
    model->m_pool = std::make_unique<ThreadPool>(params.threads);
    Result<std::unique_ptr<ForwardPass>> forward = createForwardPass(*model->m_file, *model->m_pool);
    if (!forward)
        return forward.error();
    model->m_forward = std::move(forward).value();
    Result<Vocabulary> vocabulary = readGgufVocabulary(*model->m_file);
    if (vocabulary) {
        Result<Tokenizer> tokenizer = Tokenizer::create(std::move(vocabulary).value());
        if (tokenizer)
            model->m_tokenizer = std::move(tokenizer).value();
        else
            model->m_tokenizerProblem = params.path + ": " + tokenizer.error().message();
    } else {
        model->m_tokenizerProblem = vocabulary.error().message();
    }
    if (params.prefetch) {
        for (const GgufTensor& tensor : model->m_file->tensors())
            model->m_file->prefetch(tensor);
    }
    if (params.progress) {
        if (Status read = readWeightsIn(*model->m_file, params.progress, params.cancel); !read)
            return read.error();
    } else if (params.cancel != nullptr && params.cancel->cancelled()) {
        return cancelledLoad(params.path);
    }
    if (params.interleave) {
        // After the reads above, so that they do not map the copied pages back in.
        const std::optional<std::uint64_t> copied
            = model->m_forward->interleaveWeights(*model->m_file, interleaveBudget(), params.progress, params.cancel);
        if (!copied)
            return cancelledLoad(params.path);
        model->m_interleavedBytes = *copied;
    }
    return model;
}

std::string Model::name() const
{
    return m_file->getString("general.name").value_or(std::string());
}

std::uint32_t Model::vocabSize() const
{
    return m_forward->vocabSize();
}

std::uint32_t Model::trainedContext() const
{
    return m_forward->trainedContext();
}

int Model::threads() const
{
    return m_pool->size();
}

std::uint64_t Model::weightBytes() const
{
    std::uint64_t total = 0;
    for (const GgufTensor& tensor : m_file->tensors())
        total += tensor.bytes;
    return total;
}

} // namespace cairn
