// SPDX-License-Identifier: MIT
// AppServices: the services the desktop window works with, built over one open profile database
// (main_gui.cpp passes the profile's, tests a temporary one) and wired to each other.
#pragma once

#include <memory>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

class AttachmentService;
class BackendProbeService;
class ChatService;
class ConversationList;
class EngineHost;
class ModelCatalog;
class RepositoryIndexing;
class SettingsService;

class AppServices {
public:
    /// `db` must outlive the services.
    explicit AppServices(storage::Database& db);
    /// Stops generation, cancels ingestion and indexing, and writes a pending conversation
    /// deletion before the database goes.
    ~AppServices();
    AppServices(const AppServices&) = delete;
    AppServices& operator=(const AppServices&) = delete;

    [[nodiscard]] storage::Database& database() const;
    [[nodiscard]] EngineHost& engine() const;
    [[nodiscard]] ChatService& chat() const;
    [[nodiscard]] ConversationList& conversations() const;
    [[nodiscard]] BackendProbeService& backends() const;
    [[nodiscard]] AttachmentService& attachments() const;
    [[nodiscard]] RepositoryIndexing& repositoryIndexing() const;
    [[nodiscard]] ModelCatalog& models() const;
    [[nodiscard]] SettingsService& settings() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::app
