// SPDX-License-Identifier: MIT
// Words for tree-sitter's query compile errors.

#include "ingest/repo/query_error.h"

namespace cairn::ingest {

QString queryErrorName(TSQueryError error)
{
    switch (error) {
    case TSQueryErrorSyntax:
        return QStringLiteral("syntax error");
    case TSQueryErrorNodeType:
        return QStringLiteral("unknown node type");
    case TSQueryErrorField:
        return QStringLiteral("unknown field");
    case TSQueryErrorCapture:
        return QStringLiteral("unknown capture");
    case TSQueryErrorStructure:
        return QStringLiteral("impossible pattern");
    case TSQueryErrorLanguage:
        return QStringLiteral("language mismatch");
    case TSQueryErrorNone:
        break;
    }
    return QStringLiteral("error");
}

} // namespace cairn::ingest
