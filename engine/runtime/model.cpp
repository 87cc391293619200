// SPDX-License-Identifier: MIT
// Loading: map, parse, pick the architecture's forward pass from the table, bind weights.

#include "engine/api/model.h"

#include "engine/arch/arch_table.h"
#include "engine/core/thread_pool.h"
#include "engine/format/gguf_file.h"
#include "engine/runtime/gguf_vocabulary.h"

namespace cairn {

Model::~Model() = default;

Result<std::shared_ptr<Model>> Model::load(const ModelParams& params)
{
    Result<GgufFile> file = GgufFile::open(params.path);
    if (!file)
        return file.error();
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
    return model;
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
