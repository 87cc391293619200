// SPDX-License-Identifier: MIT
// GitIgnoreRules: answers "does git ignore this path?" for one walked folder through libgit2, for a
// folder in a git work tree and for a plain folder alike. Internal to the walker; not thread-safe.
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace cairn::ingest {

class GitIgnoreRules {
public:
    /// Loads the rules for `canonicalRoot` (an absolute, symlink-free path in the OS encoding).
    explicit GitIgnoreRules(const QByteArray& canonicalRoot);
    ~GitIgnoreRules();
    GitIgnoreRules(const GitIgnoreRules&) = delete;
    GitIgnoreRules& operator=(const GitIgnoreRules&) = delete;

    /// True when the rules could be loaded; otherwise note() says why and nothing is ignored.
    [[nodiscard]] bool usable() const;
    /// True when the root lies in a git work tree (its own repository answers).
    [[nodiscard]] bool inWorkTree() const;
    [[nodiscard]] QString note() const;

    /// `relativePath` is relative to the root, '/'-separated, without a trailing slash.
    [[nodiscard]] bool ignored(const QByteArray& relativePath, bool isFolder) const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::ingest
