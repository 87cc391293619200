// SPDX-License-Identifier: MIT
// Finding GGUF model files where people keep them: Cairn's own folder, Ollama's blob store (named
// from its manifests), LM Studio's and Hugging Face's caches, and folders the user added. Plain
// file-system work that blocks: ModelCatalog runs it on a worker thread.
#pragma once

#include "engine/api/model_info.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace cairn::app {

enum class ModelSource { Cairn, Ollama, LmStudio, HuggingFace, UserFolder };

/// "Cairn", "Ollama", "LM Studio", "Hugging Face", "Your folder" (translated).
QString modelSourceName(ModelSource source);

/// The folders a scan looks in. forHome() derives them the way each tool does.
struct ModelScanRoots {
    QString cairnModels;     ///< $XDG_DATA_HOME/cairn/models or ~/.local/share/cairn/models
    QString ollamaModels;    ///< $OLLAMA_MODELS or ~/.ollama/models
    QStringList lmStudio;    ///< ~/.lmstudio/models, ~/.cache/lm-studio/models
    QString huggingFaceHub;  ///< $HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub
    QStringList userFolders; ///< added by the user

    static ModelScanRoots forHome(const QString& home, const QProcessEnvironment& environment);
};

struct ModelEntry {
    QString path;        ///< canonical (symlinks resolved): the identity of the entry
    QString displayName; ///< "deepseek-v2:16b" (Ollama), "org/repo: file" (Hugging Face), else the file name
    ModelSource source = ModelSource::Cairn;
    std::int64_t fileBytes = 0;
    std::optional<ModelInfo> info; ///< empty when the file could not be read as a model
    QString error;                 ///< why not, naming the file; empty when `info` is set
};

/// Every GGUF found under `roots`, each canonical path once (the first source wins, in the order
/// Cairn, Ollama, LM Studio, Hugging Face, user folders), sorted by display name. Files named
/// *.gguf that are not readable models are listed with their error; Ollama blobs are recognised
/// by their GGUF magic.
QList<ModelEntry> scanModels(const ModelScanRoots& roots);

} // namespace cairn::app
