// SPDX-License-Identifier: MIT
// AppServices: construction order (engine before the chat that uses it; the services that write
// to the database are destroyed before it) and the wiring between services: the sidebar list
// follows the chat's conversation changes, and a conversation being deleted is closed in the
// chat first.

#include "app/services/app_services.h"

#include "app/services/attachment_service.h"
#include "app/services/backend_probe_service.h"
#include "app/services/chat_service.h"
#include "app/services/conversation_list.h"
#include "app/services/engine_host.h"
#include "app/services/model_catalog.h"
#include "app/services/repository_indexing.h"
#include "app/services/settings_service.h"

namespace cairn::app {

struct AppServices::State {
    explicit State(storage::Database& database)
        : db(database), settings(database), chat(database, engine), conversations(database), attachments(database),
          repositoryIndexing(database), models(database)
    {
    }

    storage::Database& db;
    SettingsService settings;
    EngineHost engine;
    ChatService chat;
    ConversationList conversations;
    AttachmentService attachments;
    RepositoryIndexing repositoryIndexing;
    ModelCatalog models;
    BackendProbeService backends;
};

AppServices::AppServices(storage::Database& db) : m_state(std::make_unique<State>(db))
{
    State& s = *m_state;
    QObject::connect(&s.chat, &ChatService::conversationsChanged, &s.conversations, &ConversationList::refresh);
    QObject::connect(&s.conversations, &ConversationList::pendingRemovalChanged, &s.chat, [&s] {
        const std::int64_t pending = s.conversations.pendingRemoval();
        if (pending != 0 && pending == s.chat.conversationId()) {
            s.chat.stop();
            s.chat.startNewConversation();
        }
    });
}

AppServices::~AppServices()
{
    m_state->chat.stop();
    m_state->attachments.cancelAll();
    m_state->repositoryIndexing.cancelAll();
}

storage::Database& AppServices::database() const
{
    return m_state->db;
}

EngineHost& AppServices::engine() const
{
    return m_state->engine;
}

ChatService& AppServices::chat() const
{
    return m_state->chat;
}

ConversationList& AppServices::conversations() const
{
    return m_state->conversations;
}

BackendProbeService& AppServices::backends() const
{
    return m_state->backends;
}

AttachmentService& AppServices::attachments() const
{
    return m_state->attachments;
}

RepositoryIndexing& AppServices::repositoryIndexing() const
{
    return m_state->repositoryIndexing;
}

ModelCatalog& AppServices::models() const
{
    return m_state->models;
}

SettingsService& AppServices::settings() const
{
    return m_state->settings;
}

} // namespace cairn::app
