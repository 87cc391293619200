// SPDX-License-Identifier: MIT
// Test helper: renders FileTags as text lines and compares them with a golden file next to the
// source (regenerated with CAIRN_UPDATE_GOLDEN=1), printing a line diff on mismatch.
#pragma once

#include "ingest/repo/tags.h"

#include <QFile>
#include <QStringList>

namespace cairn::test {

inline QStringList renderTags(const cairn::ingest::FileTags& tags)
{
    QStringList lines;
    for (const auto& s : tags.symbols) {
        const QString parent = s.parent >= 0 ? tags.symbols[s.parent].path : QStringLiteral("-");
        QString line = QStringLiteral("def %1 %2 %3-%4 parent=%5 sig=%6")
                           .arg(cairn::ingest::symbolKindName(s.kind), s.path)
                           .arg(s.startLine)
                           .arg(s.endLine)
                           .arg(parent, s.signature.section(QLatin1Char('\n'), 0, 0));
        if (!s.doc.isEmpty())
            line += QStringLiteral(" doc@%1=%2").arg(s.docStartLine).arg(s.doc.section(QLatin1Char('\n'), 0, 0));
        lines << line;
    }
    for (const auto& r : tags.references) {
        const QString in = r.enclosing >= 0 ? tags.symbols[r.enclosing].path : QStringLiteral("-");
        lines << QStringLiteral("ref %1 %2 %3 in=%4")
                     .arg(cairn::ingest::referenceKindName(r.kind), r.name)
                     .arg(r.line)
                     .arg(in);
    }
    return lines;
}

/// Empty when `actual` matches the golden file, else a message with the differing lines.
inline QString compareGolden(const QString& goldenPath, const QStringList& actual)
{
    if (qEnvironmentVariableIntValue("CAIRN_UPDATE_GOLDEN") == 1) {
        QFile out(goldenPath);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write %1").arg(goldenPath);
        out.write((actual.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
        return {};
    }
    QFile in(goldenPath);
    if (!in.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 missing (CAIRN_UPDATE_GOLDEN=1 writes it)").arg(goldenPath);
    QStringList expected = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    if (!expected.isEmpty() && expected.back().isEmpty())
        expected.removeLast();
    if (expected == actual)
        return {};
    QStringList diff{QStringLiteral("%1 differs:").arg(goldenPath)};
    for (const QString& line : expected) {
        if (!actual.contains(line))
            diff << QStringLiteral("- ") + line;
    }
    for (const QString& line : actual) {
        if (!expected.contains(line))
            diff << QStringLiteral("+ ") + line;
    }
    if (diff.size() == 1)
        diff << QStringLiteral("(same lines, different order)");
    return diff.join(QLatin1Char('\n'));
}

} // namespace cairn::test
