// SPDX-License-Identifier: MIT
// sniffFileType: libmagic on the content, then refinements by content (zip parts) and, for text
// only, by name (CSV, Markdown, source languages), since libmagic calls most of those text/plain.

#include "ingest/file_type.h"

#include "ingest/document/zip_archive.h"
#include "ingest/repo/language.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

#include <magic.h>

#include <memory>

namespace cairn::ingest {

namespace {

struct MagicCloser {
    void operator()(magic_set* cookie) const { magic_close(cookie); }
};

/// libmagic's cookie is not thread-safe and loading its database takes tens of milliseconds, so
/// each thread loads one on first use and keeps it.
Result<magic_set*> threadMagic()
{
    thread_local std::unique_ptr<magic_set, MagicCloser> cookie;
    thread_local QString failure;
    if (!cookie && failure.isEmpty()) {
        std::unique_ptr<magic_set, MagicCloser> opened(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
        if (!opened)
            failure = QStringLiteral("libmagic could not start");
        else if (magic_load(opened.get(), nullptr) != 0)
            failure = QStringLiteral("libmagic has no database: %1").arg(QString::fromUtf8(magic_error(opened.get())));
        else
            cookie = std::move(opened);
    }
    if (!cookie)
        return Error{ErrorCode::Unsupported, {}, failure};
    return cookie.get();
}

Result<QString> magicMime(const QString& path)
{
    Result<magic_set*> cookie = threadMagic();
    if (!cookie)
        return Error{ErrorCode::Unsupported, path, cookie.error().detail};
    const char* type = magic_file(cookie.value(), QFile::encodeName(path).constData());
    if (type == nullptr)
        return Error{ErrorCode::Io, path, QString::fromUtf8(magic_error(cookie.value()))};
    return QString::fromLatin1(type);
}

bool isTextMime(const QString& mime)
{
    return mime.startsWith(QLatin1String("text/")) || mime == QLatin1String("application/json")
        || mime == QLatin1String("application/xml") || mime == QLatin1String("application/csv");
}

/// Text subtypes the name may pick when the content only says "text".
QString textSubtypeByName(const QString& path, const QString& contentMime, const QString& extensionMime)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (contentMime == QLatin1String("text/html"))
        return contentMime; // libmagic saw markup; a .txt name does not change that
    if (suffix == QLatin1String("csv"))
        return QStringLiteral("text/csv");
    if (suffix == QLatin1String("tsv") || suffix == QLatin1String("tab"))
        return QStringLiteral("text/tab-separated-values");
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
        return QStringLiteral("text/markdown");
    if (extensionMime == QLatin1String("text/html"))
        return extensionMime;
    QFile file(path);
    QByteArray head;
    if (file.open(QIODevice::ReadOnly))
        head = file.read(512);
    if (const Language* language = detectLanguage(QFileInfo(path).fileName(), head))
        return QStringLiteral("text/x-source-") + language->id;
    return contentMime;
}

} // namespace

QString mimeFamily(const QString& mime)
{
    for (const char* family : {"image", "audio", "video"}) {
        if (mime.startsWith(QLatin1String(family) + u'/'))
            return QLatin1String(family);
    }
    if (isTextMime(mime))
        return QStringLiteral("text");
    return mime;
}

bool FileType::extensionLies() const
{
    return !extensionMime.isEmpty() && extensionMime != QLatin1String("application/octet-stream")
        && mime != QLatin1String("inode/x-empty") && mimeFamily(extensionMime) != mimeFamily(mime);
}

Result<FileType> sniffFileType(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{ErrorCode::Io, path, QStringLiteral("no such file")};
    if (!info.isFile())
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("not a regular file")};
    if (!info.isReadable())
        return Error{ErrorCode::Io, path, QStringLiteral("not readable")};

    Result<QString> content = magicMime(path);
    if (!content)
        return content.error();
    FileType type;
    type.mime = content.value();
    const QMimeType byName = QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchExtension);
    if (!byName.isDefault())
        type.extensionMime = byName.name();

    if (type.mime == QLatin1String("application/zip") || type.mime == QLatin1String("application/octet-stream")) {
        const QString office = officeMimeOfZip(path);
        if (!office.isEmpty())
            type.mime = office;
    }
    if (isTextMime(type.mime))
        type.mime = textSubtypeByName(path, type.mime, type.extensionMime);
    return type;
}

} // namespace cairn::ingest
