// SPDX-License-Identifier: MIT
// EngineHost: the in-process engine on its own thread. Loads and unloads one model, keeps one
// session whose KV cache is reused when a new prompt extends what it holds, and streams replies.
// Every call returns at once; results arrive as signals on the caller's (GUI) thread.
#pragma once

#include "engine/api/params.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace cairn::app {

struct ModelLoadOptions {
    QString path;                      ///< a GGUF file
    int threads = 0;                   ///< 0: one per core
    std::int64_t contextLength = 4096; ///< KV cache tokens; 0: the model's trained context
};

struct LoadedModelInfo {
    QString path;
    QString name;         ///< general.name, else the file name
    QString architecture; ///< e.g. "deepseek2"
    QString backend;      ///< "CPU" (the backend that runs it)
    int threads = 0;
    std::int64_t contextLength = 0;  ///< of the session
    std::int64_t trainedContext = 0; ///< from the file
    std::uint64_t weightBytes = 0;
};

/// One reply to generate: the whole conversation already in the model's chat format.
struct GenerationRequest {
    std::string prompt; ///< formatted text (control tokens are parsed), ending with the assistant marker
    SamplingParams sampling;
};

struct GenerationSummary {
    std::int64_t promptTokens = 0; ///< of the whole prompt
    std::int64_t reusedTokens = 0; ///< of those, already in the KV cache (not fed again)
    std::int64_t generatedTokens = 0;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    QString stopReason; ///< engine's stopReasonName: "end-of-text", "cancelled", ...
    std::uint64_t seed = 0;
    std::int64_t contextUsed = 0; ///< tokens in the KV cache afterwards
    std::int64_t contextTotal = 0;
};

class EngineHost : public QObject {
    Q_OBJECT
public:
    explicit EngineHost(QObject* parent = nullptr); ///< starts the engine thread
    ~EngineHost() override;                         ///< stops any work and joins the thread

    /// Loads `options.path`, replacing a loaded model once the new one is ready. Ignored (with
    /// modelLoadFailed) while a reply is being generated.
    void loadModel(const ModelLoadOptions& options);
    /// Stops a load in progress; modelLoadFailed follows with a "cancelled" message.
    void cancelLoad();
    void unloadModel();
    [[nodiscard]] std::optional<LoadedModelInfo> model() const;
    [[nodiscard]] bool isLoading() const;
    [[nodiscard]] bool isGenerating() const;

    /// Starts a reply; returns its id (> 0), or 0 when no model is loaded or a reply is running
    /// (generationFailed is emitted with the reason either way).
    std::uint64_t generate(const GenerationRequest& request);
    /// Stops the running reply after the current token (safe from any thread).
    void stop();

signals:
    void loadProgress(double fraction); ///< 0..1 while loading
    void modelLoaded(const cairn::app::LoadedModelInfo& info);
    void modelLoadFailed(const QString& path, const QString& message);
    void modelUnloaded();
    /// Prompt tokens processed so far (only the new ones count toward `total`).
    void prefillProgress(std::uint64_t requestId, std::int64_t done, std::int64_t total);
    /// Text streamed since the last signal: signals are coalesced to at most one per 30 ms.
    void textGenerated(std::uint64_t requestId, const QString& text);
    void generationFinished(std::uint64_t requestId, const cairn::app::GenerationSummary& summary);
    void generationFailed(std::uint64_t requestId, const QString& message);

private:
    class Worker;
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::app

Q_DECLARE_METATYPE(cairn::app::LoadedModelInfo)
Q_DECLARE_METATYPE(cairn::app::GenerationSummary)
