// SPDX-License-Identifier: MIT
// EngineHost: a worker object on its own QThread owns the model and the session; the host's
// state (loaded model, busy flags) lives on the caller's thread and changes only when the
// worker's queued signals arrive there, just before they are passed on.

#include "app/services/engine_host.h"

#include "engine/api/generation.h"
#include "engine/api/model.h"
#include "engine/api/session.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <exception>
#include <new>
#include <vector>

namespace cairn::app {

namespace {

/// Streamed text is passed on at most this often.
constexpr qint64 kTextIntervalMs = 30;
/// Load progress below this step is not worth a signal.
constexpr double kProgressStep = 0.01;
/// The share of the progress bar for reading the weights in; the rest is for the engine copying
/// them into the layout its kernels read fastest ("interleave"), where the CPU has those kernels.
constexpr double kReadShare = 0.85;

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

/// `message`, prefixed with the file's path unless it already names it.
QString namingFile(const QString& path, const QString& message)
{
    return message.contains(path) ? message : path + QLatin1String(": ") + message;
}

/// "end of text" -> "end-of-text": the names EngineHost's summaries carry.
QString stopReasonKey(StopReason reason)
{
    const std::string_view name = stopReasonName(reason);
    QString key = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    key.replace(QLatin1Char(' '), QLatin1Char('-'));
    return key;
}

std::int64_t commonPrefix(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b)
{
    const auto mismatch
        = std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(std::min(a.size(), b.size())), b.begin());
    return static_cast<std::int64_t>(mismatch.first - a.begin());
}

} // namespace

/// Lives on the engine thread; every slot runs to completion there, one at a time.
class EngineHost::Worker : public QObject {
    Q_OBJECT
public:
    void load(const ModelLoadOptions& options, const std::shared_ptr<CancelToken>& cancel);
    void unload();
    void generate(std::uint64_t requestId, const GenerationRequest& request, const CancelToken* cancel);

signals:
    void loadProgress(double fraction);
    void loaded(const cairn::app::LoadedModelInfo& info);
    void loadFailed(const QString& path, const QString& message);
    void unloaded();
    void prefillProgress(quint64 requestId, qint64 done, qint64 total);
    void textGenerated(quint64 requestId, const QString& text);
    void finished(quint64 requestId, const cairn::app::GenerationSummary& summary);
    void failed(quint64 requestId, const QString& message);

private:
    std::shared_ptr<Model> m_model;
    std::unique_ptr<Session> m_session;
    /// The tokens known to sit at the start of the session's cache.
    std::vector<std::int32_t> m_cached;
};

struct EngineHost::State {
    QThread thread;
    std::unique_ptr<Worker> worker;
    std::optional<LoadedModelInfo> model;
    int pendingLoads = 0;
    std::shared_ptr<CancelToken> loadCancel;
    std::uint64_t generatingId = 0;
    std::uint64_t nextRequestId = 1;
    CancelToken generationCancel;
};

void EngineHost::Worker::load(const ModelLoadOptions& options, const std::shared_ptr<CancelToken>& cancel)
{
    const QString path = options.path;
    if (cancel->cancelled()) {
        emit loadFailed(path, tr("%1: loading cancelled").arg(path));
        return;
    }
    ModelParams params;
    params.path = path.toStdString();
    params.threads = options.threads;
    params.cancel = cancel.get();
    double reported = -1.0;
    const auto report = [this, &reported](double fraction) {
        if (fraction - reported >= kProgressStep || (fraction >= 1.0 && reported < 1.0)) {
            reported = fraction;
            emit loadProgress(fraction);
        }
    };
    params.progress = [&report](std::string_view step, std::uint64_t done, std::uint64_t total) {
        const double part = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
        report(step == "interleave" ? kReadShare + (1.0 - kReadShare) * part : kReadShare * part);
    };
    try {
        Result<std::shared_ptr<Model>> result = Model::load(params);
        if (!result) {
            const Error& error = result.error();
            emit loadFailed(path,
                            error.code == ErrorCode::Cancelled ? tr("%1: loading cancelled").arg(path)
                                                               : namingFile(path, fromStd(error.message())));
            return;
        }
        std::shared_ptr<Model> model = std::move(result).value();
        if (model->tokenizer() == nullptr) {
            QString problem = fromStd(model->tokenizerProblem());
            if (problem.startsWith(path + QLatin1String(": ")))
                problem.remove(0, path.size() + 2);
            emit loadFailed(path, tr("%1: no usable tokenizer (%2)").arg(path, problem));
            return;
        }
        ContextParams context;
        context.contextLength = options.contextLength;
        auto session = std::make_unique<Session>(model, context);

        LoadedModelInfo info;
        info.path = path;
        info.name = fromStd(model->name());
        if (info.name.isEmpty())
            info.name = QFileInfo(path).fileName();
        info.architecture = fromStd(model->architecture());
        info.backend = QStringLiteral("CPU");
        info.threads = model->threads();
        info.contextLength = session->capacity();
        info.trainedContext = model->trainedContext();
        info.weightBytes = model->weightBytes();

        report(1.0); // whether or not the weights were interleaved
        // The new model replaces the old one only now that it is ready.
        m_session = std::move(session);
        m_model = std::move(model);
        m_cached.clear();
        emit loaded(info);
    } catch (const std::bad_alloc&) {
        emit loadFailed(
            path,
            tr("%1: not enough memory for the model and a context of %2 tokens").arg(path).arg(options.contextLength));
    }
}

void EngineHost::Worker::unload()
{
    m_session.reset();
    m_model.reset();
    m_cached.clear();
    emit unloaded();
}

void EngineHost::Worker::generate(std::uint64_t requestId, const GenerationRequest& request, const CancelToken* cancel)
{
    if (!m_session) {
        emit failed(requestId, tr("No model is loaded."));
        return;
    }
    const Tokenizer& tokenizer = *m_model->tokenizer();
    const std::vector<std::int32_t> prompt = tokenizer.encode(request.prompt, false, true);
    const auto promptSize = static_cast<std::int64_t>(prompt.size());
    if (promptSize == 0) {
        emit failed(requestId, tr("The prompt is empty."));
        return;
    }
    if (promptSize >= m_session->capacity()) {
        emit failed(requestId,
                    tr("The conversation needs %1 tokens but the context holds %2: start a new "
                       "conversation or raise the context length.")
                        .arg(promptSize)
                        .arg(m_session->capacity()));
        return;
    }

    // Keep what the cache already holds of this prompt; at least one token is fed for fresh logits.
    const std::int64_t reused = std::min(commonPrefix(m_cached, prompt), promptSize - 1);
    m_session->truncate(reused);
    m_cached.assign(prompt.begin(), prompt.begin() + reused);
    const std::span<const std::int32_t> rest(prompt.data() + reused, prompt.size() - static_cast<std::size_t>(reused));

    QString pending;
    QElapsedTimer sinceText;
    sinceText.start();
    const TextFn onText = [&](std::string_view text) {
        pending += QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
        if (sinceText.elapsed() >= kTextIntervalMs) {
            emit textGenerated(requestId, pending);
            pending.clear();
            sinceText.restart();
        }
        return true;
    };
    const ProgressFn onPrefill = [&](std::string_view, std::uint64_t done, std::uint64_t total) {
        emit prefillProgress(requestId, static_cast<qint64>(done), static_cast<qint64>(total));
    };

    Result<GenerationStats> stats = cairn::generate(*m_session, rest, request.sampling, onText, cancel, onPrefill);
    if (!pending.isEmpty())
        emit textGenerated(requestId, pending);
    // The tokens the cache holds now: the prompt (a cancelled prefill may have stopped short),
    // then the generated tokens that were fed back.
    m_cached = prompt;
    if (stats)
        m_cached.insert(m_cached.end(), stats.value().tokens.begin(), stats.value().tokens.end());
    m_cached.resize(
        static_cast<std::size_t>(std::min(m_session->position(), static_cast<std::int64_t>(m_cached.size()))));
    if (!stats) {
        emit failed(requestId, fromStd(stats.error().message()));
        return;
    }
    GenerationSummary summary;
    summary.promptTokens = promptSize;
    summary.reusedTokens = reused;
    summary.generatedTokens = stats.value().generatedTokens;
    summary.prefillSeconds = stats.value().prefillSeconds;
    summary.decodeSeconds = stats.value().decodeSeconds;
    summary.stopReason = stopReasonKey(stats.value().reason);
    summary.seed = stats.value().seed;
    summary.contextUsed = m_session->position();
    summary.contextTotal = m_session->capacity();
    emit finished(requestId, summary);
}

EngineHost::EngineHost(QObject* parent) : QObject(parent), m_state(std::make_unique<State>())
{
    qRegisterMetaType<LoadedModelInfo>();
    qRegisterMetaType<GenerationSummary>();
    State& s = *m_state;
    s.thread.setObjectName(QStringLiteral("cairn-engine"));
    s.worker = std::make_unique<Worker>();
    s.worker->moveToThread(&s.thread);

    connect(s.worker.get(), &Worker::loadProgress, this, &EngineHost::loadProgress);
    connect(s.worker.get(), &Worker::loaded, this, [this](const LoadedModelInfo& info) {
        --m_state->pendingLoads;
        m_state->model = info;
        emit modelLoaded(info);
    });
    connect(s.worker.get(), &Worker::loadFailed, this, [this](const QString& path, const QString& message) {
        --m_state->pendingLoads;
        emit modelLoadFailed(path, message);
    });
    connect(s.worker.get(), &Worker::unloaded, this, [this] {
        m_state->model.reset();
        emit modelUnloaded();
    });
    connect(s.worker.get(), &Worker::prefillProgress, this,
            [this](quint64 id, qint64 done, qint64 total) { emit prefillProgress(id, done, total); });
    connect(s.worker.get(), &Worker::textGenerated, this,
            [this](quint64 id, const QString& text) { emit textGenerated(id, text); });
    connect(s.worker.get(), &Worker::finished, this, [this](quint64 id, const GenerationSummary& summary) {
        m_state->generatingId = 0;
        emit generationFinished(id, summary);
    });
    connect(s.worker.get(), &Worker::failed, this, [this](quint64 id, const QString& message) {
        m_state->generatingId = 0;
        emit generationFailed(id, message);
    });
    s.thread.start();
}

EngineHost::~EngineHost()
{
    State& s = *m_state;
    if (s.loadCancel)
        s.loadCancel->cancel();
    s.generationCancel.cancel();
    s.thread.quit();
    s.thread.wait();
    s.worker.reset();
}

void EngineHost::loadModel(const ModelLoadOptions& options)
{
    State& s = *m_state;
    if (s.generatingId != 0) {
        const QString path = options.path;
        QMetaObject::invokeMethod(
            this,
            [this, path] {
                emit modelLoadFailed(path,
                                     tr("%1: a reply is being generated; stop it before loading a model").arg(path));
            },
            Qt::QueuedConnection);
        return;
    }
    if (s.loadCancel)
        s.loadCancel->cancel(); // a newer request wins over a load still running
    s.loadCancel = std::make_shared<CancelToken>();
    ++s.pendingLoads;
    Worker* worker = s.worker.get();
    QMetaObject::invokeMethod(
        worker, [worker, options, cancel = s.loadCancel] { worker->load(options, cancel); }, Qt::QueuedConnection);
}

void EngineHost::cancelLoad()
{
    if (m_state->loadCancel)
        m_state->loadCancel->cancel();
}

void EngineHost::unloadModel()
{
    State& s = *m_state;
    if (s.loadCancel)
        s.loadCancel->cancel();
    s.generationCancel.cancel();
    Worker* worker = s.worker.get();
    QMetaObject::invokeMethod(
        worker, [worker] { worker->unload(); }, Qt::QueuedConnection);
}

std::optional<LoadedModelInfo> EngineHost::model() const
{
    return m_state->model;
}

bool EngineHost::isLoading() const
{
    return m_state->pendingLoads > 0;
}

bool EngineHost::isGenerating() const
{
    return m_state->generatingId != 0;
}

std::uint64_t EngineHost::generate(const GenerationRequest& request)
{
    State& s = *m_state;
    QString refusal;
    if (s.generatingId != 0)
        refusal = tr("A reply is already being generated.");
    else if (s.pendingLoads > 0)
        refusal = tr("A model is still loading.");
    else if (!s.model)
        refusal = tr("No model is loaded: load one on the Models page first.");
    if (!refusal.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, refusal] { emit generationFailed(0, refusal); }, Qt::QueuedConnection);
        return 0;
    }
    const std::uint64_t id = s.nextRequestId++;
    s.generatingId = id;
    s.generationCancel.reset();
    Worker* worker = s.worker.get();
    const CancelToken* cancel = &s.generationCancel;
    QMetaObject::invokeMethod(
        worker, [worker, id, request, cancel] { worker->generate(id, request, cancel); }, Qt::QueuedConnection);
    return id;
}

void EngineHost::stop()
{
    m_state->generationCancel.cancel();
}

} // namespace cairn::app

#include "engine_host.moc"
