// SPDX-License-Identifier: MIT
// Writing a conversation as Markdown (selected branch or all branches) and reading that format
// back; the format itself is described in conversation_markdown.h.

#include "app/services/conversation_markdown.h"

#include <QDateTime>
#include <QFileInfo>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <unordered_map>

namespace cairn::app {

namespace {

const QLatin1String kMarkerStart("<!-- cairn:");
const QLatin1String kMarkerEnd(" -->");
const QString kDateFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'");

QString formatDate(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(kDateFormat);
}

QString displayRole(storage::Role role)
{
    switch (role) {
    case storage::Role::System:
        return QStringLiteral("System");
    case storage::Role::User:
        return QStringLiteral("User");
    case storage::Role::Assistant:
        return QStringLiteral("Assistant");
    case storage::Role::Tool:
        return QStringLiteral("Tool");
    }
    return QStringLiteral("User");
}

/// True for a line that would read as one of our markers, however many backslashes precede it.
bool looksLikeMarker(const QString& line)
{
    qsizetype at = 0;
    while (at < line.size() && line.at(at) == QLatin1Char('\\'))
        ++at;
    return QStringView(line).mid(at).startsWith(kMarkerStart);
}

/// The text with every marker-like line given one more leading backslash, ending in one newline.
QString escapedBody(const std::string& text)
{
    QStringList lines = QString::fromStdString(text).split(QLatin1Char('\n'));
    for (QString& line : lines)
        if (looksLikeMarker(line))
            line.prepend(QLatin1Char('\\'));
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    return lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

struct Writer {
    const ConversationDocument& document;
    QString out;

    void section(const QString& marker, const QString& heading, const std::string& text)
    {
        out += kMarkerStart + marker + kMarkerEnd + QLatin1Char('\n');
        out += QStringLiteral("## ") + heading + QStringLiteral("\n\n");
        out += escapedBody(text);
        out += QLatin1Char('\n');
    }

    void message(std::size_t position, int turn, const QString& version)
    {
        const DocumentMessage& message = document.messages[position];
        QString marker = QStringLiteral("message id=%1 parent=%2 role=%3 created=%4")
                             .arg(message.id)
                             .arg(message.parentId ? QString::number(*message.parentId) : QStringLiteral("none"))
                             .arg(QLatin1String(storage::roleName(message.role)))
                             .arg(message.createdMs);
        if (document.activeMessageId == message.id)
            marker += QStringLiteral(" active");
        if (!message.complete)
            marker += QStringLiteral(" incomplete");
        QString heading = QStringLiteral("%1. %2").arg(turn).arg(displayRole(message.role));
        if (!version.isEmpty())
            heading += QStringLiteral(" (") + version + QLatin1Char(')');
        if (!message.complete)
            heading += QStringLiteral(" (interrupted)");
        section(marker, heading, message.content);
        if (message.attachments.empty())
            return;
        out += kMarkerStart + QStringLiteral("attachments") + kMarkerEnd + QLatin1Char('\n');
        for (const storage::NewAttachment& attachment : message.attachments) {
            const QString name = attachment.originalPath.empty()
                ? QString::fromStdString(attachment.contentHash.substr(0, 12))
                : QFileInfo(QString::fromStdString(attachment.originalPath)).fileName();
            out += QStringLiteral("- `%1` (%2, %3, %4 bytes)\n")
                       .arg(name, QLatin1String(storage::attachmentKindName(attachment.kind)),
                            attachment.mime.empty() ? QStringLiteral("unknown type")
                                                    : QString::fromStdString(attachment.mime))
                       .arg(attachment.sizeBytes);
        }
        out += QLatin1Char('\n');
    }
};

/// Sections end in a blank line; the file ends in one newline.
QByteArray withOneFinalNewline(QString text)
{
    while (text.endsWith(QStringLiteral("\n\n")))
        text.chop(1);
    return text.toUtf8();
}

// ---- reading ----

struct Marker {
    QString kind; ///< conversation, system, message, attachments
    std::unordered_map<std::string, QString> attributes;
    int line = 0; ///< 1-based
};

/// Parses `<!-- cairn:kind key=value flag -->`; false with `problem` set when the line is malformed.
bool parseMarker(const QString& line, int lineNumber, Marker& marker, std::string& problem)
{
    const QString inner = line.trimmed();
    if (!inner.endsWith(kMarkerEnd.trimmed())) {
        problem = "line " + std::to_string(lineNumber) + ": the marker does not end with '-->'";
        return false;
    }
    const QStringList words = inner.mid(kMarkerStart.size(), inner.size() - kMarkerStart.size() - 3)
                                  .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    marker.line = lineNumber;
    marker.kind = words.value(0);
    for (qsizetype i = 1; i < words.size(); ++i) {
        const qsizetype equals = words[i].indexOf(QLatin1Char('='));
        marker.attributes[(equals < 0 ? words[i] : words[i].left(equals)).toStdString()]
            = equals < 0 ? QString() : words[i].mid(equals + 1);
    }
    return true;
}

std::optional<std::int64_t> parseInteger(const QString& text)
{
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    return ok ? std::optional<std::int64_t>(value) : std::nullopt;
}

class MarkdownReader {
public:
    MarkdownReader(const QByteArray& markdown, std::string fileName) : m_fileName(std::move(fileName))
    {
        QString text = QString::fromUtf8(markdown);
        text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        m_lines = text.split(QLatin1Char('\n'));
    }

    storage::Result<ConversationDocument> read()
    {
        qsizetype at = 0;
        while (at < m_lines.size() && !m_lines[at].startsWith(kMarkerStart + QStringLiteral("conversation")))
            ++at;
        if (at == m_lines.size())
            return invalid(std::string("not a Cairn Markdown conversation (no '<!-- cairn:conversation version=")
                           + std::to_string(kConversationMarkdownVersion) + " -->' line)");
        Marker header;
        if (!parseMarker(m_lines[at], static_cast<int>(at + 1), header, m_problem))
            return invalid(m_problem);
        const QString version = header.attributes["version"];
        if (version != QString::number(kConversationMarkdownVersion))
            return invalid("line " + std::to_string(at + 1) + ": format version "
                           + (version.isEmpty() ? std::string("(missing)") : version.toStdString())
                           + " is not supported; this Cairn reads version "
                           + std::to_string(kConversationMarkdownVersion));

        qsizetype end = nextMarker(at + 1);
        if (!readHeader(at + 1, end))
            return invalid(m_problem);
        while (end < m_lines.size()) {
            const qsizetype start = end;
            end = nextMarker(start + 1);
            if (!readSection(start, end))
                return invalid(m_problem);
        }
        if (std::optional<std::string> tree = treeProblem(m_document))
            return invalid(*tree);
        return m_document;
    }

private:
    storage::Error invalid(std::string detail) const
    {
        return storage::Error{storage::ErrorCode::InvalidInput, m_fileName, std::move(detail)};
    }

    bool fail(qsizetype line, const std::string& what)
    {
        m_problem = "line " + std::to_string(line + 1) + ": " + what;
        return false;
    }

    qsizetype nextMarker(qsizetype from) const
    {
        while (from < m_lines.size() && !m_lines[from].startsWith(kMarkerStart))
            ++from;
        return from;
    }

    bool readDate(qsizetype line, const QString& text, std::int64_t& ms)
    {
        // Read as UTC fields directly: a local-time parse could fall into a daylight saving gap.
        const QString trimmed = text.trimmed();
        const QDate date = QDate::fromString(trimmed.left(10), QStringLiteral("yyyy-MM-dd"));
        const QTime time = QTime::fromString(trimmed.mid(11, 8), QStringLiteral("HH:mm:ss"));
        if (trimmed.size() != 23 || trimmed.at(10) != QLatin1Char(' ') || !trimmed.endsWith(QLatin1String(" UTC"))
            || !date.isValid() || !time.isValid())
            return fail(line, "date '" + trimmed.toStdString() + "' is not YYYY-MM-DD HH:MM:SS UTC");
        ms = QDateTime(date, time, QTimeZone::utc()).toMSecsSinceEpoch();
        return true;
    }

    bool readHeader(qsizetype from, qsizetype to)
    {
        for (qsizetype line = from; line < to; ++line) {
            const QString& text = m_lines[line];
            if (text.startsWith(QStringLiteral("# ")))
                m_document.title = text.mid(2).trimmed().toStdString();
            else if (text.startsWith(QStringLiteral("- Model: ")))
                m_document.model = text.mid(9).trimmed().toStdString();
            else if (text.startsWith(QStringLiteral("- Created: "))
                     && !readDate(line, text.mid(11), m_document.createdMs))
                return false;
            else if (text.startsWith(QStringLiteral("- Updated: "))
                     && !readDate(line, text.mid(11), m_document.updatedMs))
                return false;
        }
        return true;
    }

    /// The text of a section: after its `## ` heading and one blank line, trailing blank lines dropped.
    std::string body(qsizetype from, qsizetype to) const
    {
        if (from < to && m_lines[from].startsWith(QStringLiteral("## ")))
            ++from;
        if (from < to && m_lines[from].trimmed().isEmpty())
            ++from;
        while (to > from && m_lines[to - 1].trimmed().isEmpty())
            --to;
        QStringList lines = m_lines.mid(from, to - from);
        for (QString& line : lines)
            if (line.startsWith(QLatin1Char('\\')) && looksLikeMarker(line))
                line.remove(0, 1);
        return lines.join(QLatin1Char('\n')).toStdString();
    }

    bool readSection(qsizetype start, qsizetype end)
    {
        Marker marker;
        if (!parseMarker(m_lines[start], static_cast<int>(start + 1), marker, m_problem))
            return false;
        if (marker.kind == QLatin1String("attachments"))
            return true; // for reading only
        if (marker.kind == QLatin1String("system")) {
            m_document.systemPrompt = body(start + 1, end);
            return true;
        }
        if (marker.kind != QLatin1String("message"))
            return fail(start, "unknown marker '" + marker.kind.toStdString() + "'");

        DocumentMessage message;
        for (const auto& [key, value] : marker.attributes) {
            if (key == "role") {
                const std::optional<storage::Role> role = storage::roleFromName(value.toStdString());
                if (!role)
                    return fail(start, "role '" + value.toStdString() + "' is not system, user, assistant or tool");
                message.role = *role;
            } else if (key == "id" || key == "created" || (key == "parent" && value != QLatin1String("none"))) {
                const std::optional<std::int64_t> number = parseInteger(value);
                if (!number)
                    return fail(start, key + " '" + value.toStdString() + "' is not an integer");
                if (key == "id")
                    message.id = *number;
                else if (key == "created")
                    message.createdMs = *number;
                else
                    message.parentId = *number;
            } else if (key != "parent" && key != "active" && key != "incomplete") {
                return fail(start, "unknown attribute '" + key + "'");
            }
        }
        if (!marker.attributes.contains("role"))
            return fail(start, "the message has no role");
        if (!marker.attributes.contains("id"))
            message.id = static_cast<std::int64_t>(m_document.messages.size()) + 1;
        if (!marker.attributes.contains("parent") && !m_document.messages.empty())
            message.parentId = m_document.messages.back().id;
        if (!marker.attributes.contains("created"))
            message.createdMs = m_document.createdMs;
        message.complete = !marker.attributes.contains("incomplete");
        if (marker.attributes.contains("active"))
            m_document.activeMessageId = message.id;
        message.content = body(start + 1, end);
        m_document.messages.push_back(std::move(message));
        return true;
    }

    std::string m_fileName;
    QStringList m_lines;
    ConversationDocument m_document;
    std::string m_problem;
};

} // namespace

QByteArray conversationToMarkdown(const ConversationDocument& document, MarkdownOptions options)
{
    Writer writer{document, {}};
    QString& out = writer.out;
    out += QStringLiteral("<!-- cairn:conversation version=%1 -->\n").arg(kConversationMarkdownVersion);
    QString title = QString::fromStdString(document.title).simplified();
    out += QStringLiteral("# ") + (title.isEmpty() ? QStringLiteral("Untitled conversation") : title)
        + QStringLiteral("\n\n");
    if (!document.model.empty())
        out += QStringLiteral("- Model: ") + QString::fromStdString(document.model).simplified() + QLatin1Char('\n');
    out += QStringLiteral("- Created: ") + formatDate(document.createdMs) + QLatin1Char('\n');
    out += QStringLiteral("- Updated: ") + formatDate(document.updatedMs) + QLatin1Char('\n');

    const std::vector<std::size_t> branch = activeBranch(document);
    if (options.allBranches)
        out += QStringLiteral("- Showing: all branches, %1 messages\n").arg(document.messages.size());
    else
        out += QStringLiteral("- Showing: the selected branch, %1 of %2 messages\n")
                   .arg(branch.size())
                   .arg(document.messages.size());
    out += QLatin1Char('\n');

    if (!document.systemPrompt.empty())
        writer.section(QStringLiteral("system"), QStringLiteral("System prompt"), document.systemPrompt);

    if (!options.allBranches) {
        int turn = 0;
        for (const std::size_t position : branch)
            writer.message(position, ++turn, {});
        return withOneFinalNewline(out);
    }

    // Depth first from the roots, siblings in creation order.
    std::unordered_map<std::int64_t, std::vector<std::size_t>> children;
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < document.messages.size(); ++i) {
        const std::optional<std::int64_t> parent = document.messages[i].parentId;
        (parent ? children[*parent] : roots).push_back(i);
    }
    struct Pending {
        std::size_t position;
        int turn;
        QString version;
    };
    std::vector<Pending> stack;
    const auto pushSiblings = [&stack](const std::vector<std::size_t>& siblings, int turn) {
        for (std::size_t k = siblings.size(); k-- > 0;)
            stack.push_back(
                {siblings[k], turn,
                 siblings.size() > 1 ? QStringLiteral("version %1 of %2").arg(k + 1).arg(siblings.size()) : QString()});
    };
    pushSiblings(roots, 1);
    while (!stack.empty()) {
        const Pending next = stack.back();
        stack.pop_back();
        writer.message(next.position, next.turn, next.version);
        const auto found = children.find(document.messages[next.position].id);
        if (found != children.end())
            pushSiblings(found->second, next.turn + 1);
    }
    return withOneFinalNewline(out);
}

storage::Result<ConversationDocument> conversationFromMarkdown(const QByteArray& markdown, const std::string& fileName)
{
    return MarkdownReader(markdown, fileName).read();
}

} // namespace cairn::app
