// SPDX-License-Identifier: MIT
// decodeText: BOM, then uchardet (ASCII counts as UTF-8), then iconv from that encoding to UTF-8.

#include "ingest/document/text_decoding.h"

#include <QFile>
#include <QStringDecoder>

#include <uchardet.h>

#include <cerrno>
#include <cstring>
#include <iconv.h>
#include <memory>

namespace cairn::ingest {

namespace {

QString detectEncoding(const QByteArray& bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF"))
        return QStringLiteral("UTF-8");
    if (bytes.startsWith("\xFF\xFE"))
        return QStringLiteral("UTF-16LE");
    if (bytes.startsWith("\xFE\xFF"))
        return QStringLiteral("UTF-16BE");
    std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(uchardet_new(), uchardet_delete);
    // 1 MiB is plenty to tell encodings apart.
    uchardet_handle_data(detector.get(), bytes.constData(), size_t(qMin<qsizetype>(bytes.size(), 1 << 20)));
    uchardet_data_end(detector.get());
    const QString charset = QString::fromLatin1(uchardet_get_charset(detector.get())).toUpper();
    if (charset.isEmpty() || charset == QLatin1String("ASCII"))
        return QStringLiteral("UTF-8");
    return charset;
}

Result<QString> convertWithIconv(const QByteArray& bytes, const QString& encoding, const QString& subject)
{
    iconv_t cd = iconv_open("UTF-8", encoding.toLatin1().constData());
    if (cd == reinterpret_cast<iconv_t>(-1))
        return Error{ErrorCode::Unsupported, subject,
                     QStringLiteral("text encoding %1 cannot be converted").arg(encoding)};
    QByteArray out;
    out.resize(bytes.size() * 2 + 16);
    QByteArray in = bytes; // iconv takes a non-const input pointer
    char* inPtr = in.data();
    size_t inLeft = size_t(in.size());
    size_t done = 0;
    for (;;) {
        char* outPtr = out.data() + done;
        size_t outLeft = size_t(out.size()) - done;
        const size_t status = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
        done = size_t(out.size()) - outLeft;
        if (status != size_t(-1))
            break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
        } else {
            // An invalid or cut-off sequence: keep a replacement character and go on.
            if (size_t(out.size()) - done < 3)
                out.resize(out.size() + 64);
            std::memcpy(out.data() + done, "\xEF\xBF\xBD", 3);
            done += 3;
            ++inPtr;
            --inLeft;
            if (inLeft == 0)
                break;
        }
    }
    iconv_close(cd);
    out.resize(qsizetype(done));
    return QString::fromUtf8(out);
}

} // namespace

Result<QByteArray> readFileCapped(const QString& path, qint64 maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::Io, path, file.errorString()};
    if (file.size() > maxBytes)
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("%1 bytes of text, over the limit of %2").arg(file.size()).arg(maxBytes)};
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("more than %1 bytes of text").arg(maxBytes)};
    return bytes;
}

Result<DecodedText> decodeText(const QByteArray& bytes, const QString& subject)
{
    DecodedText decoded;
    decoded.encoding = detectEncoding(bytes);
    if (decoded.encoding == QLatin1String("UTF-8")) {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        decoded.text = utf8.decode(bytes);
    } else {
        Result<QString> text = convertWithIconv(bytes, decoded.encoding, subject);
        if (!text)
            return text.error();
        decoded.text = std::move(text.value());
    }
    if (decoded.text.startsWith(QChar(0xFEFF)))
        decoded.text.remove(0, 1);
    return decoded;
}

} // namespace cairn::ingest
