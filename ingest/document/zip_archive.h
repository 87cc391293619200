// SPDX-License-Identifier: MIT
// A read-only zip archive (libzip) that guards against zip bombs: every entry read is checked
// against a cap on total uncompressed bytes and on its compression ratio, both by the sizes the
// archive declares and by the bytes actually inflated. Not a general zip API: no writing.
#pragma once

#include "ingest/ingest_result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

struct zip;

namespace cairn::ingest {

struct ZipLimits {
    qint64 maxTotalBytes = 256LL * 1024 * 1024; ///< uncompressed bytes over all entries read
    int maxRatio = 200;                         ///< uncompressed / compressed bytes of one entry
    qint64 ratioFloorBytes = 1024 * 1024;       ///< entries smaller than this skip the ratio check
};

class ZipArchive {
public:
    /// Opens `path`; the error names it ("x.docx: not a zip archive").
    static Result<ZipArchive> open(const QString& path, const ZipLimits& limits = {});

    ZipArchive(ZipArchive&&) noexcept;
    ZipArchive& operator=(ZipArchive&&) noexcept;
    ~ZipArchive();

    /// Every entry name, in archive order.
    [[nodiscard]] QStringList entryNames() const;
    [[nodiscard]] bool contains(const QString& name) const;
    /// The entry's bytes, or an error when it is missing, damaged or would break the limits.
    Result<QByteArray> read(const QString& name);
    /// Uncompressed bytes read so far.
    [[nodiscard]] qint64 bytesRead() const { return m_bytesRead; }

private:
    struct ZipCloser {
        void operator()(zip* archive) const;
    };
    ZipArchive(QString path, zip* archive, const ZipLimits& limits);

    QString m_path;
    std::unique_ptr<zip, ZipCloser> m_zip;
    ZipLimits m_limits;
    qint64 m_bytesRead = 0;
};

/// The office type of a zip by its parts: DOCX, PPTX, ODF (from its `mimetype` entry), or empty.
QString officeMimeOfZip(const QString& path);

} // namespace cairn::ingest
