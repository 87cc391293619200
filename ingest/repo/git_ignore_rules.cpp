// SPDX-License-Identifier: MIT
// libgit2 behind GitIgnoreRules: the enclosing repository when there is one, else a temporary bare
// repository whose work tree is set (in memory only) to the walked folder.

#include "ingest/repo/git_ignore_rules.h"

#include <QFile>
#include <QTemporaryDir>

#include <git2.h>

namespace cairn::ingest {

namespace {

QString lastGitError(const char* what)
{
    const git_error* error = git_error_last();
    return QStringLiteral("%1: %2").arg(
        QLatin1String(what), error != nullptr ? QString::fromUtf8(error->message) : QStringLiteral("failed"));
}

} // namespace

struct GitIgnoreRules::State {
    git_repository* repo = nullptr;
    git_index* index = nullptr;
    QByteArray prefix; ///< the root relative to the repository's work tree, "" or ending in '/'
    bool workTree = false;
    QString note;
    std::unique_ptr<QTemporaryDir> scratch;

    ~State()
    {
        git_index_free(index);
        git_repository_free(repo);
        git_libgit2_shutdown();
    }
};

GitIgnoreRules::GitIgnoreRules(const QByteArray& canonicalRoot) : m_state(std::make_unique<State>())
{
    git_libgit2_init();
    State& s = *m_state;
    if (git_repository_open_ext(&s.repo, canonicalRoot.constData(), 0, nullptr) == 0) {
        const char* workdir = git_repository_workdir(s.repo);
        QByteArray base = workdir != nullptr ? QByteArray(workdir) : QByteArray();
        if (!base.isEmpty() && !base.endsWith('/'))
            base.append('/');
        const QByteArray root = canonicalRoot.endsWith('/') ? canonicalRoot : canonicalRoot + '/';
        if (!base.isEmpty() && root.startsWith(base)) {
            s.prefix = root.mid(base.size());
            s.workTree = true;
            if (git_repository_index(&s.index, s.repo) != 0)
                s.index = nullptr; // ignore rules still work; tracked-but-ignored files are then skipped
            return;
        }
        // A bare repository, or one whose work tree does not hold the root: use the plain-folder way.
        git_repository_free(s.repo);
        s.repo = nullptr;
    } else if (git_error_last() != nullptr && git_error_last()->klass != GIT_ERROR_REPOSITORY) {
        s.note = lastGitError("git repository");
    }

    s.scratch = std::make_unique<QTemporaryDir>();
    if (!s.scratch->isValid()) {
        s.note = QStringLiteral("cannot create a temporary folder for ignore rules");
        return;
    }
    const QByteArray scratch = QFile::encodeName(s.scratch->path());
    if (git_repository_init(&s.repo, scratch.constData(), 1) != 0) {
        s.note = lastGitError("git_repository_init");
        s.repo = nullptr;
        return;
    }
    if (git_repository_set_workdir(s.repo, canonicalRoot.constData(), 0) != 0) {
        s.note = lastGitError("git_repository_set_workdir");
        git_repository_free(s.repo);
        s.repo = nullptr;
    }
}

GitIgnoreRules::~GitIgnoreRules() = default;

bool GitIgnoreRules::usable() const
{
    return m_state->repo != nullptr;
}

bool GitIgnoreRules::inWorkTree() const
{
    return m_state->workTree;
}

QString GitIgnoreRules::note() const
{
    return m_state->note;
}

bool GitIgnoreRules::ignored(const QByteArray& relativePath, bool isFolder) const
{
    const State& s = *m_state;
    if (s.repo == nullptr)
        return false;
    QByteArray path = s.prefix + relativePath;
    if (isFolder)
        path.append('/');
    int ignoredFlag = 0;
    if (git_ignore_path_is_ignored(&ignoredFlag, s.repo, path.constData()) != 0 || ignoredFlag == 0)
        return false;
    if (s.index == nullptr)
        return true;
    // git never ignores what it tracks: keep indexed files (and folders holding any) despite a pattern.
    if (!isFolder)
        return git_index_get_bypath(s.index, path.constData(), 0) == nullptr;
    size_t at = 0;
    return git_index_find_prefix(&at, s.index, path.constData()) != 0;
}

} // namespace cairn::ingest
