// SPDX-License-Identifier: MIT
// Prompt gathering: the branch is walked from the answered message up through its parents; the
// generation settings merge as built-ins, profile defaults, the conversation's system prompt
// column, then the conversation's overrides; repositories share a quarter of the context.

#include "app/services/chat_prompt_source.h"

#include "app/services/chat_prompt.h"
#include "app/services/context_pack.h"
#include "app/services/generation_settings.h"
#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"
#include "storage/settings_store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace cairn::app {

namespace {

/// The repositories' context takes at most this share of the context, and at most kMaxRepositoryTokens.
constexpr std::int64_t kRepositoryShareDivisor = 4;
constexpr std::int64_t kMaxRepositoryTokens = 8192;
constexpr std::int64_t kMinRepositoryTokens = 256;

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

ChatMessage::Role promptRole(storage::Role role)
{
    switch (role) {
    case storage::Role::User:
        return ChatMessage::Role::User;
    case storage::Role::Assistant:
        return ChatMessage::Role::Assistant;
    case storage::Role::System:
    case storage::Role::Tool:
        break;
    }
    return ChatMessage::Role::System;
}

QJsonObject settingsObject(const std::string& settingsJson)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(settingsJson));
    return document.isObject() ? document.object() : QJsonObject();
}

GenerationSettings mergedSettings(storage::Database& db, const storage::Conversation& conversation)
{
    GenerationSettings settings = builtInGenerationSettings();
    storage::SettingsStore store(db);
    if (auto stored = store.value(kGenerationDefaultsKey); stored && stored.value()) {
        // Defaults that no longer parse are left out: the settings dialog reports them.
        if (auto defaults = generationSettingsFromJson(QByteArray::fromStdString(*stored.value())))
            settings = mergedGenerationSettings(settings, *defaults);
    }
    if (!conversation.systemPrompt.empty()) {
        GenerationSettings column;
        column.systemPrompt = fromStd(conversation.systemPrompt);
        settings = mergedGenerationSettings(settings, column);
    }
    if (auto overrides = generationSettingsFromJson(QByteArray::fromStdString(conversation.settingsJson)))
        settings = mergedGenerationSettings(settings, *overrides);
    return settings;
}

std::string fileName(const std::string& path)
{
    const std::string name = std::filesystem::path(path).filename().string();
    return name.empty() ? path : name;
}

} // namespace

QList<std::int64_t> repositoriesFromSettingsJson(const std::string& settingsJson)
{
    QList<std::int64_t> repositories;
    const QJsonValue list = settingsObject(settingsJson).value(QLatin1String(kConversationRepositoriesKey));
    for (const QJsonValue& entry : list.toArray()) {
        const auto id = static_cast<std::int64_t>(entry.toDouble());
        if (entry.isDouble() && id > 0 && !repositories.contains(id))
            repositories.append(id);
    }
    return repositories;
}

std::string settingsJsonWithRepositories(const std::string& settingsJson, const QList<std::int64_t>& repositories)
{
    QJsonObject object = settingsObject(settingsJson);
    QJsonArray list;
    for (const std::int64_t id : repositories)
        list.append(static_cast<qint64>(id));
    if (list.isEmpty())
        object.remove(QLatin1String(kConversationRepositoriesKey));
    else
        object.insert(QLatin1String(kConversationRepositoriesKey), list);
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

PreparedPrompt preparePrompt(storage::Database& db, const PromptJob& job)
{
    PreparedPrompt prepared;
    storage::ConversationStore conversations(db);
    storage::AttachmentStore attachments(db);
    const storage::Result<storage::Conversation> conversation = conversations.conversation(job.conversationId);
    const storage::Result<std::vector<storage::Message>> messages = conversations.messages(job.conversationId);
    if (!conversation || !messages) {
        prepared.problem
            = QCoreApplication::translate("cairn::app::ChatPrompt", "Could not read the conversation: %1")
                  .arg(fromStd(conversation ? messages.error().message() : conversation.error().message()));
        return prepared;
    }
    std::unordered_map<std::int64_t, const storage::Message*> byId;
    for (const storage::Message& message : messages.value())
        byId.emplace(message.id, &message);

    std::vector<const storage::Message*> branch;
    for (auto at = byId.find(job.answeredMessageId); at != byId.end();) {
        branch.push_back(at->second);
        at = at->second->parentId ? byId.find(*at->second->parentId) : byId.end();
    }
    if (branch.empty()) {
        prepared.problem = QCoreApplication::translate("cairn::app::ChatPrompt", "The message to answer is gone.");
        return prepared;
    }
    std::reverse(branch.begin(), branch.end());

    const GenerationSettings settings = mergedSettings(db, conversation.value());
    PromptInput input;
    input.systemPrompt = settings.systemPrompt.value_or(QString()).toStdString();
    for (const storage::Message* message : branch) {
        PromptTurn turn;
        turn.role = promptRole(message->role);
        turn.content = message->content;
        if (message->role == storage::Role::User) {
            storage::Result<std::vector<storage::Attachment>> files = attachments.messageAttachments(message->id);
            if (!files) {
                prepared.problem
                    = QCoreApplication::translate("cairn::app::ChatPrompt", "Could not read the attachments: %1")
                          .arg(fromStd(files.error().message()));
                return prepared;
            }
            for (const storage::Attachment& file : files.value())
                turn.attachments.push_back({fileName(file.originalPath), file.extractedText});
        }
        input.turns.push_back(std::move(turn));
    }

    const QList<std::int64_t> repositories = repositoriesFromSettingsJson(conversation.value().settingsJson);
    if (!repositories.isEmpty()) {
        const std::int64_t share
            = std::clamp(job.contextLength / kRepositoryShareDivisor, kMinRepositoryTokens, kMaxRepositoryTokens);
        storage::RepoIndexStore index(db);
        PackOptions options;
        options.tokenBudget = share / repositories.size();
        options.question = branch.back()->content;
        for (const std::int64_t id : repositories) {
            storage::Result<storage::Repository> repository = index.repository(id);
            if (!repository)
                continue; // removed since it was given to the conversation
            storage::Result<ContextPack> pack = packContext(db, id, options);
            if (!pack) {
                prepared.problem
                    = QCoreApplication::translate("cairn::app::ChatPrompt", "Could not read repository %1: %2")
                          .arg(fromStd(repository.value().name), fromStd(pack.error().message()));
                return prepared;
            }
            const std::string& name
                = repository.value().name.empty() ? fileName(repository.value().rootPath) : repository.value().name;
            input.repositories.push_back({name, pack.value().text});
            prepared.repositoryTokens += pack.value().tokens;
        }
    }
    prepared.prompt = buildChatPrompt(input);
    prepared.sampling = samplingParamsFor(settings);
    return prepared;
}

PreparedPrompt preparePrompt(const std::filesystem::path& path, const PromptJob& job)
{
    storage::OpenOptions options;
    options.create = false;
    options.migrate = false;
    storage::Result<storage::Database> db = storage::Database::open(path, options);
    if (!db) {
        PreparedPrompt failed;
        failed.problem = QCoreApplication::translate("cairn::app::ChatPrompt", "Could not open the database: %1")
                             .arg(fromStd(db.error().message()));
        return failed;
    }
    return preparePrompt(db.value(), job);
}

} // namespace cairn::app
