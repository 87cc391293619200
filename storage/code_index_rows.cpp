// SPDX-License-Identifier: MIT
// Row readers of the code-index tables (column orders in code_index_rows.h).

#include "storage/code_index_rows.h"

namespace cairn::storage {

Repository readRepository(const Statement& row)
{
    Repository repository;
    repository.id = row.columnInt(0);
    repository.rootPath = row.columnText(1);
    repository.name = row.columnText(2);
    repository.headRevision = row.columnText(3);
    repository.indexedMs = row.columnOptionalInt(4);
    repository.createdMs = row.columnInt(5);
    return repository;
}

CodeFile readFile(const Statement& row)
{
    CodeFile file;
    file.id = row.columnInt(0);
    file.repositoryId = row.columnInt(1);
    file.path = row.columnText(2);
    file.language = row.columnText(3);
    file.sizeBytes = row.columnInt(4);
    file.mtimeMs = row.columnInt(5);
    file.contentHash = row.columnText(6);
    return file;
}

CodeSymbol readSymbol(const Statement& row)
{
    CodeSymbol symbol;
    symbol.id = row.columnInt(0);
    symbol.fileId = row.columnInt(1);
    symbol.parentId = row.columnOptionalInt(2);
    symbol.name = row.columnText(3);
    symbol.kind = row.columnText(4);
    symbol.startByte = row.columnInt(5);
    symbol.endByte = row.columnInt(6);
    symbol.startLine = row.columnInt(7);
    symbol.endLine = row.columnInt(8);
    symbol.signature = row.columnText(9);
    symbol.path = row.columnText(10);
    return symbol;
}

CodeReference readReference(const Statement& row)
{
    CodeReference reference;
    reference.id = row.columnInt(0);
    reference.fileId = row.columnInt(1);
    reference.fromSymbolId = row.columnOptionalInt(2);
    reference.line = row.columnInt(3);
    reference.toName = row.columnText(4);
    reference.toSymbolId = row.columnOptionalInt(5);
    reference.kind = row.columnText(6);
    return reference;
}

CodeChunk readChunk(const Statement& row)
{
    CodeChunk chunk;
    chunk.id = row.columnInt(0);
    chunk.fileId = row.columnInt(1);
    chunk.symbolId = row.columnOptionalInt(2);
    chunk.startLine = row.columnInt(3);
    chunk.endLine = row.columnInt(4);
    chunk.startByte = row.columnInt(5);
    chunk.endByte = row.columnInt(6);
    chunk.text = row.columnText(7);
    chunk.tokenCount = row.columnInt(8);
    return chunk;
}

} // namespace cairn::storage
