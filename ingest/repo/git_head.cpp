// SPDX-License-Identifier: MIT
// gitHeadCommit: git_repository_open_ext searching upward, then HEAD peeled to its commit.

#include "ingest/repo/git_head.h"

#include <QFile>

#include <git2.h>

namespace cairn::ingest {

QString gitHeadCommit(const QString& folder)
{
    git_libgit2_init();
    QString commitId;
    git_repository* repository = nullptr;
    if (git_repository_open_ext(&repository, QFile::encodeName(folder).constData(), 0, nullptr) == 0
        && git_repository_is_bare(repository) == 0) {
        git_oid oid;
        if (git_reference_name_to_id(&oid, repository, "HEAD") == 0) {
            char hex[GIT_OID_HEXSZ + 1] = {};
            git_oid_tostr(hex, sizeof hex, &oid);
            commitId = QString::fromLatin1(hex);
        }
    }
    git_repository_free(repository);
    git_libgit2_shutdown();
    return commitId;
}

} // namespace cairn::ingest
