// SPDX-License-Identifier: MIT
// ZipArchive over libzip: declared sizes are checked before inflating, inflated bytes while reading,
// so an archive that lies about its sizes is stopped too.

#include "ingest/document/zip_archive.h"

#include "ingest/file_type.h"

#include <zip.h>

namespace cairn::ingest {

void ZipArchive::ZipCloser::operator()(zip* archive) const
{
    zip_discard(archive);
}

ZipArchive::ZipArchive(QString path, zip* archive, const ZipLimits& limits)
    : m_path(std::move(path)), m_zip(archive), m_limits(limits)
{
}

ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

Result<ZipArchive> ZipArchive::open(const QString& path, const ZipLimits& limits)
{
    int code = 0;
    zip* archive = zip_open(path.toLocal8Bit().constData(), ZIP_RDONLY, &code);
    if (archive == nullptr) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        QString detail
            = QStringLiteral("not a readable zip archive (%1)").arg(QString::fromUtf8(zip_error_strerror(&error)));
        zip_error_fini(&error);
        return Error{ErrorCode::InvalidInput, path, detail};
    }
    return ZipArchive(path, archive, limits);
}

QStringList ZipArchive::entryNames() const
{
    QStringList names;
    const zip_int64_t count = zip_get_num_entries(m_zip.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        if (const char* name = zip_get_name(m_zip.get(), static_cast<zip_uint64_t>(i), 0))
            names << QString::fromUtf8(name);
    }
    return names;
}

bool ZipArchive::contains(const QString& name) const
{
    return zip_name_locate(m_zip.get(), name.toUtf8().constData(), 0) >= 0;
}

Result<QByteArray> ZipArchive::read(const QString& name)
{
    const QByteArray utf8 = name.toUtf8();
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(m_zip.get(), utf8.constData(), 0, &stat) != 0)
        return Error{ErrorCode::InvalidInput, m_path, QStringLiteral("no part %1 in the archive").arg(name)};
    const auto declared = static_cast<qint64>(stat.size);
    const auto compressed = static_cast<qint64>(stat.comp_size);
    const qint64 budget = m_limits.maxTotalBytes - m_bytesRead;
    auto bomb = [&](qint64 size) {
        return Error{ErrorCode::InvalidInput, m_path,
                     QStringLiteral("zip bomb guard: part %1 inflates to %2 bytes from %3 (limits: %4 bytes in all, "
                                    "ratio %5:1)")
                         .arg(name)
                         .arg(size)
                         .arg(compressed)
                         .arg(m_limits.maxTotalBytes)
                         .arg(m_limits.maxRatio)};
    };
    auto ratioTooHigh = [&](qint64 size) {
        return size >= m_limits.ratioFloorBytes
            && size > static_cast<qint64>(m_limits.maxRatio) * qMax<qint64>(compressed, 1);
    };
    if (declared > budget || ratioTooHigh(declared))
        return bomb(declared);

    zip_file_t* file = zip_fopen(m_zip.get(), utf8.constData(), 0);
    if (file == nullptr)
        return Error{ErrorCode::InvalidInput, m_path,
                     QStringLiteral("cannot open part %1: %2").arg(name, QString::fromUtf8(zip_strerror(m_zip.get())))};
    QByteArray bytes;
    bytes.reserve(static_cast<qsizetype>(declared));
    char buffer[64 * 1024];
    for (;;) {
        const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
        if (got < 0) {
            const QString why = QString::fromUtf8(zip_error_strerror(zip_file_get_error(file)));
            zip_fclose(file);
            return Error{ErrorCode::InvalidInput, m_path, QStringLiteral("part %1 is damaged: %2").arg(name, why)};
        }
        if (got == 0)
            break;
        bytes.append(buffer, static_cast<qsizetype>(got));
        if (bytes.size() > budget || ratioTooHigh(bytes.size())) {
            zip_fclose(file);
            return bomb(bytes.size());
        }
    }
    zip_fclose(file);
    m_bytesRead += bytes.size();
    return bytes;
}

QString officeMimeOfZip(const QString& path)
{
    Result<ZipArchive> archive
        = ZipArchive::open(path, ZipLimits{.maxTotalBytes = 4096, .maxRatio = 1000, .ratioFloorBytes = 0});
    if (!archive)
        return {};
    ZipArchive& zip = archive.value();
    if (zip.contains(QStringLiteral("word/document.xml")))
        return QString::fromLatin1(mime::kDocx);
    if (zip.contains(QStringLiteral("ppt/presentation.xml")))
        return QString::fromLatin1(mime::kPptx);
    if (zip.contains(QStringLiteral("mimetype"))) {
        Result<QByteArray> type = zip.read(QStringLiteral("mimetype"));
        if (type)
            return QString::fromLatin1(type.value().trimmed());
    }
    return {};
}

} // namespace cairn::ingest
