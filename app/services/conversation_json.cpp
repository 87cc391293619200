// SPDX-License-Identifier: MIT
// Writing and reading the JSON conversation format with QJsonDocument; every field is checked for
// its type so that a bad file is named with the field, not half imported.

#include "app/services/conversation_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>

namespace cairn::app {

namespace {

constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53: larger integers lose digits in a JSON double

/// A stored JSON text as a value: the object itself when it is one, else the text unchanged.
QJsonValue embeddedJson(const std::string& text)
{
    QJsonParseError error{};
    const QJsonDocument parsed = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error == QJsonParseError::NoError && parsed.isObject())
        return parsed.object();
    return QString::fromStdString(text);
}

QJsonValue optionalId(const std::optional<std::int64_t>& id)
{
    return id ? QJsonValue(static_cast<qint64>(*id)) : QJsonValue(QJsonValue::Null);
}

/// Reads one object's fields; the first problem is kept with the place it was found at.
class FieldReader {
public:
    FieldReader(const QJsonObject& object, std::string place, std::string& problem)
        : m_object(object), m_place(std::move(place)), m_problem(problem)
    {
    }

    std::string text(const char* key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() && !required)
            return {};
        if (!value.isString())
            fail(key, required && value.isUndefined() ? "is missing" : "is not a string");
        return value.toString().toStdString();
    }

    std::int64_t integer(const char* key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() && !required)
            return 0;
        const double number = value.toDouble();
        if (!value.isDouble() || std::floor(number) != number || std::fabs(number) > kMaxExactInteger) {
            fail(key, value.isUndefined() ? "is missing" : "is not an integer");
            return 0;
        }
        return static_cast<std::int64_t>(number);
    }

    std::optional<std::int64_t> optionalInteger(const char* key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        return integer(key);
    }

    bool boolean(const char* key, bool fallback)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            fail(key, "is not true or false");
        return value.toBool();
    }

    /// An embedded JSON object (stored as compact text) or a text kept as it is.
    std::string json(const char* key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return "{}";
        if (value.isObject())
            return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString();
        if (value.isString())
            return value.toString().toStdString();
        fail(key, "is neither an object nor a string");
        return "{}";
    }

    QJsonArray array(const char* key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() && !required)
            return {};
        if (!value.isArray())
            fail(key, value.isUndefined() ? "is missing" : "is not an array");
        return value.toArray();
    }

    void fail(const char* key, const std::string& what)
    {
        if (m_problem.empty())
            m_problem = m_place + "\"" + key + "\" " + what;
    }

private:
    const QJsonObject& m_object;
    std::string m_place;
    std::string& m_problem;
};

storage::NewAttachment readAttachment(const QJsonValue& value, const std::string& place, std::string& problem)
{
    storage::NewAttachment attachment;
    if (!value.isObject()) {
        if (problem.empty())
            problem = place + "is not an object";
        return attachment;
    }
    const QJsonObject object = value.toObject();
    FieldReader read(object, place, problem);
    attachment.contentHash = read.text("contentHash", true);
    const std::string kind = read.text("kind", true);
    if (const std::optional<storage::AttachmentKind> parsed = storage::attachmentKindFromName(kind))
        attachment.kind = *parsed;
    else
        read.fail("kind", "'" + kind + "' is not image, audio, video, document or repository");
    attachment.mime = read.text("mime");
    attachment.sizeBytes = read.integer("sizeBytes");
    attachment.originalPath = read.text("originalPath");
    attachment.extractedText = read.text("extractedText");
    attachment.metadataJson = read.json("metadata");
    return attachment;
}

DocumentMessage readMessage(const QJsonValue& value, const std::string& place, std::string& problem)
{
    DocumentMessage message;
    if (!value.isObject()) {
        if (problem.empty())
            problem = place + "is not an object";
        return message;
    }
    const QJsonObject object = value.toObject();
    FieldReader read(object, place, problem);
    message.id = read.integer("id", true);
    message.parentId = read.optionalInteger("parentId");
    const std::string role = read.text("role", true);
    if (const std::optional<storage::Role> parsed = storage::roleFromName(role))
        message.role = *parsed;
    else
        read.fail("role", "'" + role + "' is not system, user, assistant or tool");
    message.content = read.text("content", true);
    message.promptTokens = read.integer("promptTokens");
    message.completionTokens = read.integer("completionTokens");
    message.statsJson = read.json("stats");
    message.complete = read.boolean("complete", true);
    message.createdMs = read.integer("createdMs");
    const QJsonArray attachments = read.array("attachments");
    for (qsizetype i = 0; i < attachments.size() && problem.empty(); ++i)
        message.attachments.push_back(
            readAttachment(attachments.at(i), place + "attachment " + std::to_string(i) + ": ", problem));
    return message;
}

} // namespace

QByteArray conversationToJson(const ConversationDocument& document)
{
    QJsonArray messages;
    for (const DocumentMessage& message : document.messages) {
        QJsonArray attachments;
        for (const storage::NewAttachment& attachment : message.attachments) {
            attachments.append(QJsonObject{
                {QStringLiteral("contentHash"), QString::fromStdString(attachment.contentHash)},
                {QStringLiteral("kind"), QString::fromLatin1(storage::attachmentKindName(attachment.kind))},
                {QStringLiteral("mime"), QString::fromStdString(attachment.mime)},
                {QStringLiteral("sizeBytes"), static_cast<qint64>(attachment.sizeBytes)},
                {QStringLiteral("originalPath"), QString::fromStdString(attachment.originalPath)},
                {QStringLiteral("extractedText"), QString::fromStdString(attachment.extractedText)},
                {QStringLiteral("metadata"), embeddedJson(attachment.metadataJson)},
            });
        }
        messages.append(QJsonObject{
            {QStringLiteral("id"), static_cast<qint64>(message.id)},
            {QStringLiteral("parentId"), optionalId(message.parentId)},
            {QStringLiteral("role"), QString::fromLatin1(storage::roleName(message.role))},
            {QStringLiteral("content"), QString::fromStdString(message.content)},
            {QStringLiteral("promptTokens"), static_cast<qint64>(message.promptTokens)},
            {QStringLiteral("completionTokens"), static_cast<qint64>(message.completionTokens)},
            {QStringLiteral("stats"), embeddedJson(message.statsJson)},
            {QStringLiteral("complete"), message.complete},
            {QStringLiteral("createdMs"), static_cast<qint64>(message.createdMs)},
            {QStringLiteral("attachments"), attachments},
        });
    }
    const QJsonObject root{
        {QStringLiteral("format"), QString::fromLatin1(kConversationJsonFormat)},
        {QStringLiteral("version"), kConversationJsonVersion},
        {QStringLiteral("title"), QString::fromStdString(document.title)},
        {QStringLiteral("model"), QString::fromStdString(document.model)},
        {QStringLiteral("systemPrompt"), QString::fromStdString(document.systemPrompt)},
        {QStringLiteral("settings"), embeddedJson(document.settingsJson)},
        {QStringLiteral("pinned"), document.pinned},
        {QStringLiteral("archived"), document.archived},
        {QStringLiteral("createdMs"), static_cast<qint64>(document.createdMs)},
        {QStringLiteral("updatedMs"), static_cast<qint64>(document.updatedMs)},
        {QStringLiteral("activeMessageId"), optionalId(document.activeMessageId)},
        {QStringLiteral("messages"), messages},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

storage::Result<ConversationDocument> conversationFromJson(const QByteArray& json, const std::string& fileName)
{
    const auto invalid = [&fileName](std::string detail) {
        return storage::Error{storage::ErrorCode::InvalidInput, fileName, std::move(detail)};
    };
    QJsonParseError parseError{};
    const QJsonDocument parsed = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid("not valid JSON: " + parseError.errorString().toStdString() + " at byte "
                       + std::to_string(parseError.offset));
    const QJsonObject root = parsed.object();
    if (!parsed.isObject() || root.value(QLatin1String("format")).toString() != QLatin1String(kConversationJsonFormat))
        return invalid(std::string("not a Cairn conversation (no \"format\": \"") + kConversationJsonFormat + "\")");
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != kConversationJsonVersion)
        return invalid("format version "
                       + (version.isDouble() ? QString::number(version.toDouble()).toStdString() : "(missing)")
                       + " is not supported; this Cairn reads version " + std::to_string(kConversationJsonVersion));

    std::string problem;
    FieldReader read(root, "", problem);
    ConversationDocument document;
    document.title = read.text("title");
    document.model = read.text("model");
    document.systemPrompt = read.text("systemPrompt");
    document.settingsJson = read.json("settings");
    document.pinned = read.boolean("pinned", false);
    document.archived = read.boolean("archived", false);
    document.createdMs = read.integer("createdMs");
    document.updatedMs = read.integer("updatedMs");
    document.activeMessageId = read.optionalInteger("activeMessageId");
    const QJsonArray messages = read.array("messages", true);
    for (qsizetype i = 0; i < messages.size() && problem.empty(); ++i)
        document.messages.push_back(readMessage(messages.at(i), "message " + std::to_string(i) + ": ", problem));
    if (!problem.empty())
        return invalid(problem);
    if (std::optional<std::string> tree = treeProblem(document))
        return invalid(*tree);
    return document;
}

} // namespace cairn::app
