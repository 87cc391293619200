// SPDX-License-Identifier: MIT
// Walker: lists the text files of a folder that are worth indexing, honouring git's ignore rules,
// and reports every file or folder it leaves out with the reason. It reads no more than 8 KiB per file.
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cairn::ingest {

/// Why the walker left a file or folder out. Every skip is reported, none is fatal.
enum class SkipReason {
    Ignored,        ///< matched .gitignore, .git/info/exclude or the global excludes file
    ExcludedFolder, ///< a generated or vendored folder name from WalkOptions::excludedFolders
    TooLarge,       ///< larger than WalkOptions::maxFileBytes
    Binary,         ///< a NUL byte in the first 8 KiB
    InvalidUtf8,    ///< not UTF-8 in the first 8 KiB
    Unreadable,     ///< open or read refused (permissions, I/O error)
    SymlinkLoop,    ///< a symbolic link to a folder already walked
    OutsideRoot,    ///< a symbolic link that leads out of the walked folder
    BrokenSymlink,  ///< a symbolic link whose target does not exist
    NotRegular,     ///< a socket, pipe or device
    NonUtf8Name,    ///< the file name is not valid UTF-8, so it cannot be stored or shown faithfully
    Vanished,       ///< removed while the walk was running
};

/// The reason as a short lower-case phrase for summaries, e.g. "too large".
QString skipReasonName(SkipReason reason);

struct SkippedEntry {
    QString path; ///< relative to the root, '/'-separated; folders end in '/'
    SkipReason reason = SkipReason::Ignored;
    QString detail; ///< e.g. "3145728 bytes > 2097152", the OS error, or the matching rule's kind
};

struct WalkedFile {
    QString path;         ///< relative to the root, '/'-separated
    QString absolutePath; ///< for opening the file
    qint64 size = 0;      ///< bytes
    qint64 mtimeNs = 0;   ///< modification time, nanoseconds since the Unix epoch
    QString language;     ///< Language::id, or empty for text in a language we do not parse
};

struct WalkOptions {
    qint64 maxFileBytes = 2 * 1024 * 1024;
    /// Folder names skipped wherever they occur (exact, case-sensitive match on one path component).
    QStringList excludedFolders{QStringLiteral(".git"),         QStringLiteral(".hg"),    QStringLiteral(".svn"),
                                QStringLiteral("node_modules"), QStringLiteral("vendor"), QStringLiteral("third_party"),
                                QStringLiteral("build"),        QStringLiteral("dist"),   QStringLiteral("__pycache__"),
                                QStringLiteral("target"),       QStringLiteral(".venv"),  QStringLiteral(".tox"),
                                QStringLiteral(".mypy_cache"),  QStringLiteral(".cache")};
    /// Honour .gitignore files, .git/info/exclude and the global excludes file.
    bool gitIgnore = true;
    /// Also list text files no grammar parses (README, CMakeLists.txt); their language is empty.
    bool includeUnknownLanguages = true;
    /// Called before each folder is read, with its relative path ("" for the root).
    std::function<void(const QString& folder)> onFolder;
};

struct WalkResult {
    QString root;                ///< the folder walked, absolute and canonical
    bool gitRepository = false;  ///< the root is inside a git work tree
    QString ignoreNote;          ///< why ignore rules could not be loaded, when they could not
    QList<WalkedFile> files;     ///< in walk order: each folder's entries sorted by name
    QList<SkippedEntry> skipped; ///< in walk order
    bool cancelled = false;      ///< the walk stopped early because the cancel flag was set
};

/// Walks `root`. Fails only when `root` itself cannot be walked (missing, not a folder, unreadable);
/// anything below it that cannot be used is reported in WalkResult::skipped.
///
/// Ignore rules come from libgit2 (`git_ignore_path_is_ignored`). Inside a git work tree its own
/// repository is used, so nested .gitignore files, negations, .git/info/exclude and core.excludesFile
/// all apply, and files in the index are kept even when a pattern matches them. For a folder that is
/// not in a work tree, a throw-away bare repository in a temporary folder is pointed at it as its
/// work tree (nothing is written into the walked folder), so .gitignore files and the global excludes
/// still apply; there is no info/exclude to read then. Known difference from git: libgit2 applies a
/// negation (`!keep.o`) only against patterns of the same ignore file, so a nested .gitignore cannot
/// re-include what a parent one ignores (libgit2/libgit2#7284); we report what libgit2 decides.
Result<WalkResult> walkFolder(const QString& root, const WalkOptions& options = {}, const CancelFlag* cancel = nullptr);

/// True when `bytes` is valid UTF-8; an incomplete sequence at the very end counts as valid when
/// `truncated` says the bytes were cut from a longer file.
bool isValidUtf8(QByteArrayView bytes, bool truncated);

} // namespace cairn::ingest
