// SPDX-License-Identifier: MIT
// The folder walk: POSIX directory reads on byte paths (so any file name is safe), an explicit stack
// instead of recursion, ignore rules from GitIgnoreRules, and an 8 KiB sniff for binary and non-UTF-8.

#include "ingest/repo/walker.h"

#include "ingest/repo/git_ignore_rules.h"
#include "ingest/repo/language.h"

#include <QFile>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cairn::ingest {

namespace {

constexpr qsizetype kSniffBytes = 8192;

QString osError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString displayName(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes); // invalid sequences become U+FFFD: for reports only
}

struct DirCloser {
    void operator()(DIR* dir) const { closedir(dir); }
};

struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    bool operator==(const FileId&) const = default;
};

size_t qHash(const FileId& id, size_t seed = 0)
{
    return qHashMulti(seed, static_cast<quint64>(id.dev), static_cast<quint64>(id.ino));
}

class Walk {
public:
    Walk(const WalkOptions& options, const CancelFlag* cancel, WalkResult& result)
        : m_options(options), m_cancel(cancel), m_result(result)
    {
    }

    void run(const QByteArray& root, GitIgnoreRules* rules)
    {
        m_root = root;
        m_rules = rules;
        struct stat rootStat { };
        if (::stat(root.constData(), &rootStat) == 0)
            m_seenFolders.insert({rootStat.st_dev, rootStat.st_ino});
        // Depth-first in name order, so files come out sorted by path; a stack of open folders
        // rather than recursion, so folder depth cannot exhaust the call stack.
        std::vector<Frame> stack;
        stack.push_back({QByteArray(), readFolder(QByteArray()), 0});
        while (!stack.empty()) {
            if (m_cancel != nullptr && m_cancel->cancelled()) {
                m_result.cancelled = true;
                return;
            }
            Frame& top = stack.back();
            if (top.next == top.names.size()) {
                stack.pop_back();
                continue;
            }
            const QByteArray& name = top.names[top.next++];
            QByteArray relative = top.folder.isEmpty() ? name : top.folder + '/' + name;
            if (visit(relative, name)) {
                std::vector<QByteArray> names = readFolder(relative);
                stack.push_back({std::move(relative), std::move(names), 0});
            }
        }
    }

private:
    struct Frame {
        QByteArray folder;
        std::vector<QByteArray> names;
        size_t next = 0;
    };

    QByteArray absolute(const QByteArray& relative) const
    {
        return relative.isEmpty() ? m_root : m_root + '/' + relative;
    }

    void skip(const QByteArray& relative, bool folder, SkipReason reason, const QString& detail = {})
    {
        QString path = displayName(relative);
        if (folder)
            path.append(QLatin1Char('/'));
        m_result.skipped.append({path, reason, detail});
    }

    /// The entry names of one folder, sorted; reports a folder that cannot be read.
    std::vector<QByteArray> readFolder(const QByteArray& folder)
    {
        if (m_options.onFolder)
            m_options.onFolder(displayName(folder));
        const std::unique_ptr<DIR, DirCloser> dir(::opendir(absolute(folder).constData()));
        if (!dir) {
            const int error = errno;
            if (!folder.isEmpty())
                skip(folder, true, error == ENOENT ? SkipReason::Vanished : SkipReason::Unreadable, osError(error));
            return {};
        }
        std::vector<QByteArray> names;
        while (const dirent* entry = ::readdir(dir.get())) {
            if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
                names.emplace_back(entry->d_name);
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    /// Looks at one entry; true when it is a folder to walk into.
    bool visit(const QByteArray& relative, const QByteArray& name)
    {
        const QByteArray path = absolute(relative);
        struct stat info { };
        if (::lstat(path.constData(), &info) != 0) {
            const int error = errno;
            skip(relative, false, error == ENOENT ? SkipReason::Vanished : SkipReason::Unreadable, osError(error));
            return false;
        }
        if (S_ISLNK(info.st_mode) && !followLink(relative, path, info))
            return false;
        const bool folder = S_ISDIR(info.st_mode);
        if (!isValidUtf8(relative, false)) {
            skip(relative, folder, SkipReason::NonUtf8Name);
            return false;
        }
        if (folder && m_options.excludedFolders.contains(QString::fromUtf8(name))) {
            skip(relative, true, SkipReason::ExcludedFolder);
            return false;
        }
        if (m_rules != nullptr && m_rules->ignored(relative, folder)) {
            skip(relative, folder, SkipReason::Ignored);
            return false;
        }
        if (folder) {
            if (m_seenFolders.contains({info.st_dev, info.st_ino})) {
                skip(relative, true, SkipReason::SymlinkLoop, QStringLiteral("this folder was already walked"));
                return false;
            }
            m_seenFolders.insert({info.st_dev, info.st_ino});
            return true;
        }
        if (!S_ISREG(info.st_mode)) {
            skip(relative, false, SkipReason::NotRegular);
            return false;
        }
        if (info.st_size > m_options.maxFileBytes) {
            skip(relative, false, SkipReason::TooLarge,
                 QStringLiteral("%1 bytes > %2").arg(info.st_size).arg(m_options.maxFileBytes));
            return false;
        }
        addFile(relative, path, info);
        return false;
    }

    /// Replaces `info` by the link target's; false (and reported) when the link is not followed.
    bool followLink(const QByteArray& relative, const QByteArray& path, struct stat& info)
    {
        if (::stat(path.constData(), &info) != 0) {
            const int error = errno;
            skip(relative, false, error == ELOOP ? SkipReason::SymlinkLoop : SkipReason::BrokenSymlink, osError(error));
            return false;
        }
        char resolved[PATH_MAX];
        if (::realpath(path.constData(), resolved) == nullptr) {
            skip(relative, false, SkipReason::BrokenSymlink, osError(errno));
            return false;
        }
        const QByteArray target(resolved);
        if (target != m_root && !target.startsWith(m_root + '/') && m_root != "/") {
            skip(relative, S_ISDIR(info.st_mode), SkipReason::OutsideRoot, displayName(target));
            return false;
        }
        return true;
    }

    void addFile(const QByteArray& relative, const QByteArray& path, const struct stat& info)
    {
        const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            const int error = errno;
            skip(relative, false, error == ENOENT ? SkipReason::Vanished : SkipReason::Unreadable, osError(error));
            return;
        }
        QByteArray head(kSniffBytes, Qt::Uninitialized);
        qsizetype got = 0;
        while (got < head.size()) {
            const ssize_t n = ::read(fd, head.data() + got, static_cast<size_t>(head.size() - got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                const int error = errno;
                ::close(fd);
                skip(relative, false, SkipReason::Unreadable, osError(error));
                return;
            }
            if (n == 0)
                break;
            got += n;
        }
        ::close(fd);
        head.truncate(got);
        if (head.contains('\0')) {
            skip(relative, false, SkipReason::Binary);
            return;
        }
        if (!isValidUtf8(head, info.st_size > got)) {
            skip(relative, false, SkipReason::InvalidUtf8);
            return;
        }
        const QString relativeName = QString::fromUtf8(relative);
        const Language* language = detectLanguage(relativeName, head);
        if (language == nullptr && !m_options.includeUnknownLanguages)
            return;
        const qint64 mtimeNs = static_cast<qint64>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
        m_result.files.append({relativeName, QFile::decodeName(path), static_cast<qint64>(info.st_size), mtimeNs,
                               language != nullptr ? language->id : QString()});
    }

    const WalkOptions& m_options;
    const CancelFlag* m_cancel;
    WalkResult& m_result;
    QByteArray m_root;
    GitIgnoreRules* m_rules = nullptr;
    QSet<FileId> m_seenFolders;
};

} // namespace

QString skipReasonName(SkipReason reason)
{
    switch (reason) {
    case SkipReason::Ignored:
        return QStringLiteral("ignored");
    case SkipReason::ExcludedFolder:
        return QStringLiteral("excluded folder");
    case SkipReason::TooLarge:
        return QStringLiteral("too large");
    case SkipReason::Binary:
        return QStringLiteral("binary");
    case SkipReason::InvalidUtf8:
        return QStringLiteral("not UTF-8");
    case SkipReason::Unreadable:
        return QStringLiteral("unreadable");
    case SkipReason::SymlinkLoop:
        return QStringLiteral("symlink loop");
    case SkipReason::OutsideRoot:
        return QStringLiteral("symlink out of the folder");
    case SkipReason::BrokenSymlink:
        return QStringLiteral("broken symlink");
    case SkipReason::NotRegular:
        return QStringLiteral("not a regular file");
    case SkipReason::NonUtf8Name:
        return QStringLiteral("file name not UTF-8");
    case SkipReason::Vanished:
        return QStringLiteral("vanished");
    }
    return QStringLiteral("unknown");
}

bool isValidUtf8(QByteArrayView bytes, bool truncated)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned minCode = 0;
        unsigned code = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            minCode = 0x80;
            code = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            minCode = 0x800;
            code = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            minCode = 0x10000;
            code = c & 0x07u;
        } else {
            return false;
        }
        if (i + extra >= n) {
            // The sequence runs past the end: fine only when the bytes were cut from a longer file
            // and what is there so far is continuation bytes.
            if (!truncated)
                return false;
            for (qsizetype k = i + 1; k < n; ++k) {
                if ((p[k] & 0xC0) != 0x80)
                    return false;
            }
            return true;
        }
        for (int k = 1; k <= extra; ++k) {
            const unsigned char cc = p[i + k];
            if ((cc & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (cc & 0x3Fu);
        }
        if (code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

Result<WalkResult> walkFolder(const QString& root, const WalkOptions& options, const CancelFlag* cancel)
{
    const QByteArray encoded = QFile::encodeName(root);
    char resolved[PATH_MAX];
    if (::realpath(encoded.constData(), resolved) == nullptr)
        return Error{ErrorCode::Io, root, osError(errno)};
    struct stat info { };
    if (::stat(resolved, &info) != 0)
        return Error{ErrorCode::Io, root, osError(errno)};
    if (!S_ISDIR(info.st_mode))
        return Error{ErrorCode::InvalidInput, root, QStringLiteral("not a folder")};
    if (::access(resolved, R_OK | X_OK) != 0)
        return Error{ErrorCode::Io, root, osError(errno)};

    WalkResult result;
    const QByteArray canonical(resolved);
    result.root = QFile::decodeName(canonical);
    std::unique_ptr<GitIgnoreRules> rules;
    if (options.gitIgnore) {
        rules = std::make_unique<GitIgnoreRules>(canonical);
        result.gitRepository = rules->inWorkTree();
        result.ignoreNote = rules->note();
        if (!rules->usable())
            rules.reset();
    }
    Walk walk(options, cancel, result);
    walk.run(canonical, rules.get());
    return result;
}

} // namespace cairn::ingest
