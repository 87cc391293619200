// SPDX-License-Identifier: MIT
// Golden files: compares output with tests/golden/<area>/<name>, rewrites the file instead when
// CAIRN_UPDATE_GOLDEN=1, and describes a mismatch as a line diff (- expected, + actual).
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>

#include <vector>

namespace cairn::test {

/// A minimal line diff through the longest common subsequence: enough for golden files of a few
/// hundred lines. Unchanged lines are shown with two spaces, at most `context` around a change.
inline QString lineDiff(const QStringList& expected, const QStringList& actual, int context = 2)
{
    const auto n = static_cast<std::size_t>(expected.size());
    const auto m = static_cast<std::size_t>(actual.size());
    std::vector<std::vector<int>> common(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            common[i][j] = expected[static_cast<qsizetype>(i)] == actual[static_cast<qsizetype>(j)]
                ? common[i + 1][j + 1] + 1
                : std::max(common[i + 1][j], common[i][j + 1]);
    struct Line {
        char mark;
        QString text;
    };
    std::vector<Line> lines;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected[static_cast<qsizetype>(i)] == actual[static_cast<qsizetype>(j)]) {
            lines.push_back({' ', expected[static_cast<qsizetype>(i++)]});
            ++j;
        } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
            lines.push_back({'+', actual[static_cast<qsizetype>(j++)]});
        } else {
            lines.push_back({'-', expected[static_cast<qsizetype>(i++)]});
        }
    }
    QString out;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        bool near = false;
        for (std::size_t d = k >= static_cast<std::size_t>(context) ? k - static_cast<std::size_t>(context) : 0;
             d < lines.size() && d <= k + static_cast<std::size_t>(context); ++d)
            near = near || lines[d].mark != ' ';
        if (near)
            out += QString(QLatin1Char(lines[k].mark)) + QLatin1Char(' ') + lines[k].text + QLatin1Char('\n');
    }
    return out;
}

/// True when `actual` equals the golden file `area/name` under CAIRN_GOLDEN_DIR; `problem` says why not.
inline bool matchesGolden(const QString& area, const QString& name, const QByteArray& actual, QString& problem)
{
    const QString path = QStringLiteral(CAIRN_GOLDEN_DIR) + QLatin1Char('/') + area + QLatin1Char('/') + name;
    if (qEnvironmentVariable("CAIRN_UPDATE_GOLDEN") == QLatin1String("1")) {
        QDir().mkpath(QFileInfo(path).path());
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(actual) != actual.size()) {
            problem = path + QStringLiteral(": cannot write: ") + out.errorString();
            return false;
        }
        return true;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        problem = path + QStringLiteral(": missing; CAIRN_UPDATE_GOLDEN=1 writes it");
        return false;
    }
    const QByteArray expected = in.readAll();
    if (expected == actual)
        return true;
    problem = path + QStringLiteral(" differs (- golden, + actual; CAIRN_UPDATE_GOLDEN=1 accepts the actual):\n")
        + lineDiff(QString::fromUtf8(expected).split(QLatin1Char('\n')),
                   QString::fromUtf8(actual).split(QLatin1Char('\n')));
    return false;
}

} // namespace cairn::test
