// SPDX-License-Identifier: MIT
// Chunker: cuts one file into retrieval chunks along its definitions. A definition that fits the
// token budget is one chunk; a larger one is cut at its nested definitions, then by lines, each
// piece headed by the signatures that enclose it. Code between definitions becomes chunks too, so
// every byte of the file is in exactly one chunk.
#pragma once

#include "ingest/repo/tags.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <cstdint>
#include <functional>
#include <string_view>

namespace cairn::ingest {

/// Counts tokens of UTF-8 text; app passes the loaded model's tokenizer.
using TokenCounter = std::function<int(std::string_view text)>;

/// The estimate used without a tokenizer: one token per four bytes, rounded up.
int estimateTokens(std::string_view text);

struct Chunk {
    QString file;      ///< the file's path as the caller named it
    int startLine = 0; ///< 1-based, inclusive
    int endLine = 0;
    uint32_t startByte = 0; ///< [startByte, endByte) in the file
    uint32_t endByte = 0;
    QString symbolPath; ///< innermost definition it belongs to ("geo::Shape::area"), or "" between definitions
    QString header;     ///< signatures of the enclosing definitions when it is a piece of a larger one, one per line
    QString text;       ///< the file's bytes [startByte, endByte)
    int tokens = 0;     ///< of header + text, by the counter
};

struct ChunkOptions {
    int maxTokens = 512;
    TokenCounter count; ///< empty: estimateTokens
};

/// Chunks `source` using `symbols` as FileTags::symbols gives them (ordered by start, parents first).
/// Pure and thread-safe as long as the counter is.
QList<Chunk> chunkFile(const QString& file, QByteArrayView source, const QList<Symbol>& symbols,
                       const ChunkOptions& options = {});

} // namespace cairn::ingest
