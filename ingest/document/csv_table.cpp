// SPDX-License-Identifier: MIT
// parseDelimited is a three-state scanner (field start, unquoted, quoted); markdownTable pads.

#include "ingest/document/csv_table.h"

namespace cairn::ingest {

QList<QStringList> parseDelimited(const QString& text, QChar delimiter)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    auto endField = [&] {
        row << field;
        field.clear();
        fieldStarted = false;
    };
    auto endRow = [&] {
        endField();
        if (!(row.size() == 1 && row[0].isEmpty()))
            rows << row;
        row.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == delimiter) {
            endField();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            endRow();
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.isEmpty() || !row.isEmpty())
        endRow();
    return rows;
}

QString markdownTable(const QList<QStringList>& rows, qsizetype maxRows)
{
    if (rows.isEmpty())
        return {};
    qsizetype columns = 0;
    for (const QStringList& row : rows)
        columns = qMax(columns, row.size());
    auto line = [columns](QStringList cells) {
        for (QString& cell : cells)
            cell = cell.replace(u'|', QStringLiteral("\\|"))
                       .replace(QStringLiteral("\r\n"), QStringLiteral("<br>"))
                       .replace(u'\n', QStringLiteral("<br>"))
                       .trimmed();
        while (cells.size() < columns)
            cells << QString();
        return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |");
    };
    QStringList lines{line(rows[0]),
                      QStringLiteral("|") + QStringList(columns, QStringLiteral(" --- ")).join(u'|') + u'|'};
    const qsizetype shown = qMin(rows.size() - 1, maxRows);
    for (qsizetype r = 1; r <= shown; ++r)
        lines << line(rows[r]);
    if (rows.size() - 1 > shown)
        lines << QStringLiteral("(%1 more rows not shown)").arg(rows.size() - 1 - shown);
    return lines.join(u'\n');
}

} // namespace cairn::ingest
