// SPDX-License-Identifier: MIT
// InputServices: what the InputArea tests run on: a temporary folder holding a profile database,
// and the attachment and repository indexing services over it (their cache files in that folder).
#pragma once

#include "app/services/attachment_service.h"
#include "app/services/repository_indexing.h"
#include "storage/database.h"

#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

namespace cairn::test {

struct InputServices {
    /// Called from a test's init(): a failing check there fails the test.
    void open()
    {
        dir = std::make_unique<QTemporaryDir>();
        QVERIFY(dir->isValid());
        auto opened
            = storage::Database::open(QFile::encodeName(dir->filePath(QStringLiteral("cairn.db"))).toStdString());
        QVERIFY(opened.ok());
        db.emplace(std::move(opened).value());
        attachments = std::make_unique<app::AttachmentService>(*db);
        attachments->setCacheFolder(dir->filePath(QStringLiteral("cache")));
        indexing = std::make_unique<app::RepositoryIndexing>(*db);
    }

    /// Called from cleanup(): the services go before the database they write, the folder last.
    void close()
    {
        indexing.reset();
        attachments.reset();
        db.reset();
        dir.reset();
    }

    std::unique_ptr<QTemporaryDir> dir;
    std::optional<storage::Database> db;
    std::unique_ptr<app::AttachmentService> attachments;
    std::unique_ptr<app::RepositoryIndexing> indexing;
};

} // namespace cairn::test
