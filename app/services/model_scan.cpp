// SPDX-License-Identifier: MIT
// Layouts read here: Ollama keeps manifests/<registry>/<namespace>/<model>/<tag> (JSON naming the
// model layer's digest) and blobs/sha256-<hex>; Hugging Face keeps
// models--<org>--<repo>/snapshots/<revision>/<file> as symlinks into the repo's blobs/.

#include "app/services/model_scan.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace cairn::app {

namespace {

constexpr char kOllamaModelLayer[] = "application/vnd.ollama.image.model";
constexpr char kOllamaDefaultRegistry[] = "registry.ollama.ai";

struct Candidate {
    QString path;
    QString displayName;
    ModelSource source;
};

bool hasGgufMagic(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(4) == "GGUF";
}

/// A *.gguf name, but not the second or later part of a split model ("x-00002-of-00003.gguf"):
/// the first part stands for the whole.
bool isGgufName(const QString& fileName)
{
    static const QRegularExpression laterPart(QStringLiteral("-(\\d{5})-of-\\d{5}\\.gguf$"),
                                              QRegularExpression::CaseInsensitiveOption);
    if (!fileName.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive))
        return false;
    const QRegularExpressionMatch part = laterPart.match(fileName);
    return !part.hasMatch() || part.captured(1).toInt() == 1;
}

/// Every *.gguf under `folder` (recursively, not following folder symlinks).
void scanFolder(const QString& folder, ModelSource source, QList<Candidate>& out)
{
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        return;
    QDirIterator it(folder, QDir::Files | QDir::Readable | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        if (isGgufName(info.fileName()))
            out.append({info.filePath(), info.completeBaseName(), source});
    }
}

/// "deepseek-v2:16b" for the default registry's library, else the path's parts joined.
QString ollamaName(const QString& manifestsRoot, const QString& manifestPath)
{
    QStringList parts = QDir(manifestsRoot).relativeFilePath(manifestPath).split(QLatin1Char('/'));
    if (parts.size() < 2)
        return parts.join(QLatin1Char('/'));
    const QString tag = parts.takeLast();
    if (parts.size() == 3 && parts[0] == QLatin1String(kOllamaDefaultRegistry)) {
        parts.removeFirst();
        if (parts[0] == QLatin1String("library"))
            parts.removeFirst();
    }
    return parts.join(QLatin1Char('/')) + QLatin1Char(':') + tag;
}

void scanOllama(const QString& root, QList<Candidate>& out)
{
    if (root.isEmpty() || !QFileInfo(root).isDir())
        return;
    const QString blobs = root + QLatin1String("/blobs");
    const QString manifests = root + QLatin1String("/manifests");
    QSet<QString> named;
    QDirIterator it(manifests, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
    QStringList manifestPaths;
    while (it.hasNext())
        manifestPaths.append(it.next());
    manifestPaths.sort();
    for (const QString& manifestPath : manifestPaths) {
        QFile manifest(manifestPath);
        if (!manifest.open(QIODevice::ReadOnly) || manifest.size() > 1024 * 1024)
            continue;
        const QJsonArray layers
            = QJsonDocument::fromJson(manifest.readAll()).object().value(QLatin1String("layers")).toArray();
        for (const QJsonValue& layer : layers) {
            const QJsonObject object = layer.toObject();
            if (object.value(QLatin1String("mediaType")).toString() != QLatin1String(kOllamaModelLayer))
                continue;
            // Digest "sha256:<hex>" is stored as blobs/sha256-<hex>.
            const QString digest = object.value(QLatin1String("digest")).toString();
            const QString blob = blobs + QLatin1Char('/') + QString(digest).replace(QLatin1Char(':'), QLatin1Char('-'));
            if (digest.isEmpty() || !QFileInfo::exists(blob))
                continue;
            out.append({blob, ollamaName(manifests, manifestPath), ModelSource::Ollama});
            named.insert(QFileInfo(blob).fileName());
        }
    }
    // Blobs no manifest names (a tag was removed, or manifests are unreadable): GGUF by magic.
    const QFileInfoList files = QDir(blobs).entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& file : files) {
        if (!named.contains(file.fileName()) && file.size() >= 4 && hasGgufMagic(file.filePath()))
            out.append({file.filePath(), file.fileName(), ModelSource::Ollama});
    }
}

void scanHuggingFace(const QString& hub, QList<Candidate>& out)
{
    if (hub.isEmpty() || !QFileInfo(hub).isDir())
        return;
    const QFileInfoList repos
        = QDir(hub).entryInfoList({QStringLiteral("models--*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& repo : repos) {
        // models--<org>--<name>: "--" separates the parts of the repository id.
        const QString id = repo.fileName().mid(8).replace(QLatin1String("--"), QLatin1String("/"));
        const QString snapshots = repo.filePath() + QLatin1String("/snapshots");
        QDirIterator it(snapshots, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files.append(it.next());
        files.sort();
        for (const QString& file : files) {
            const QFileInfo info(file);
            if (isGgufName(info.fileName()))
                out.append({file, id + QLatin1String(": ") + info.completeBaseName(), ModelSource::HuggingFace});
        }
    }
}

ModelEntry inspect(const Candidate& candidate, const QString& canonical)
{
    ModelEntry entry;
    entry.path = canonical;
    entry.displayName = candidate.displayName;
    entry.source = candidate.source;
    entry.fileBytes = QFileInfo(canonical).size();
    Result<ModelInfo> info = inspectModel(canonical.toStdString());
    if (info) {
        entry.info = std::move(info).value();
    } else {
        entry.error = QString::fromStdString(info.error().message());
    }
    return entry;
}

} // namespace

QString modelSourceName(ModelSource source)
{
    switch (source) {
    case ModelSource::Cairn:
        return QCoreApplication::translate("cairn::app::ModelScan", "Cairn");
    case ModelSource::Ollama:
        return QCoreApplication::translate("cairn::app::ModelScan", "Ollama");
    case ModelSource::LmStudio:
        return QCoreApplication::translate("cairn::app::ModelScan", "LM Studio");
    case ModelSource::HuggingFace:
        return QCoreApplication::translate("cairn::app::ModelScan", "Hugging Face");
    case ModelSource::UserFolder:
        break;
    }
    return QCoreApplication::translate("cairn::app::ModelScan", "Your folder");
}

ModelScanRoots ModelScanRoots::forHome(const QString& home, const QProcessEnvironment& environment)
{
    auto absoluteVariable = [&](const char* name) {
        const QString value = environment.value(QLatin1String(name));
        return QDir::isAbsolutePath(value) ? QDir::cleanPath(value) : QString();
    };
    ModelScanRoots roots;
    QString data = absoluteVariable("XDG_DATA_HOME");
    if (data.isEmpty())
        data = home + QLatin1String("/.local/share");
    roots.cairnModels = data + QLatin1String("/cairn/models");
    roots.ollamaModels = absoluteVariable("OLLAMA_MODELS");
    if (roots.ollamaModels.isEmpty())
        roots.ollamaModels = home + QLatin1String("/.ollama/models");
    roots.lmStudio = {home + QLatin1String("/.lmstudio/models"), home + QLatin1String("/.cache/lm-studio/models")};
    roots.huggingFaceHub = absoluteVariable("HF_HUB_CACHE");
    if (roots.huggingFaceHub.isEmpty()) {
        const QString hfHome = absoluteVariable("HF_HOME");
        roots.huggingFaceHub
            = hfHome.isEmpty() ? home + QLatin1String("/.cache/huggingface/hub") : hfHome + QLatin1String("/hub");
    }
    return roots;
}

QList<ModelEntry> scanModels(const ModelScanRoots& roots)
{
    if (!roots.cairnModels.isEmpty())
        QDir().mkpath(roots.cairnModels);
    QList<Candidate> candidates;
    scanFolder(roots.cairnModels, ModelSource::Cairn, candidates);
    scanOllama(roots.ollamaModels, candidates);
    for (const QString& folder : roots.lmStudio)
        scanFolder(folder, ModelSource::LmStudio, candidates);
    scanHuggingFace(roots.huggingFaceHub, candidates);
    for (const QString& folder : roots.userFolders)
        scanFolder(folder, ModelSource::UserFolder, candidates);

    QList<ModelEntry> entries;
    QSet<QString> seen;
    for (const Candidate& candidate : candidates) {
        const QString canonical = QFileInfo(candidate.path).canonicalFilePath();
        if (canonical.isEmpty() || seen.contains(canonical))
            continue; // a dangling link, or a file already found under another name
        seen.insert(canonical);
        entries.append(inspect(candidate, canonical));
    }
    std::stable_sort(entries.begin(), entries.end(), [](const ModelEntry& a, const ModelEntry& b) {
        return QString::localeAwareCompare(a.displayName, b.displayName) < 0;
    });
    return entries;
}

} // namespace cairn::app
