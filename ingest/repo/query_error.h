// SPDX-License-Identifier: MIT
// Words for tree-sitter's query compile errors, shared by the tag and highlight queries.
#pragma once

#include <QString>

#include <tree_sitter/api.h>

namespace cairn::ingest {

/// "syntax error", "unknown node type", ... for a failed ts_query_new.
QString queryErrorName(TSQueryError error);

} // namespace cairn::ingest
