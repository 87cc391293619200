// SPDX-License-Identifier: MIT
// Rows of the code-index tables as value types: what RepoIndexStore and RepoGraphStore read. Each
// reader expects the columns in the order the stores' SELECTs list them (see the .cpp).
#pragma once

#include "storage/repo_index_store.h"
#include "storage/statement.h"

namespace cairn::storage {

/// id, root_path, name, head_rev, indexed_ms, created_ms
Repository readRepository(const Statement& row);
/// id, repository_id, path, language, size_bytes, mtime_ms, content_hash
CodeFile readFile(const Statement& row);
/// id, file_id, parent_id, name, kind, start_byte, end_byte, start_line, end_line, signature, path
CodeSymbol readSymbol(const Statement& row);
/// id, file_id, from_symbol_id, line, to_name, to_symbol_id, kind
CodeReference readReference(const Statement& row);
/// id, file_id, symbol_id, start_line, end_line, start_byte, end_byte, text, token_count
CodeChunk readChunk(const Statement& row);

} // namespace cairn::storage
