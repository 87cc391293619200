// SPDX-License-Identifier: MIT
// Everything Cairn can say about the machine and its own build: library versions, tree-sitter
// grammars, SQLite features and compute backends. Shared by `cairn-cli doctor` and the GUI.
#pragma once

#include "engine/api/backends.h"
#include "ingest/library_versions.h"

#include <QList>
#include <QString>

namespace cairn::app {

struct GrammarStatus {
    QString language;
    QString package;
    QString version;
    unsigned abi = 0;
    bool loads = false;
};

struct SystemReport {
    QString appVersion;
    QString qtRuntimeVersion;
    QString qtBuildVersion;
    QString sqliteVersion;
    bool sqliteFts5 = false;
    QString sqliteProblem;
    QList<ingest::LibraryVersion> libraries; ///< FFmpeg, poppler, tesseract, libgit2, tree-sitter
    QList<GrammarStatus> grammars;
    BackendReport backends;

    /// True when everything Cairn needs works (optional GPU backends may be absent).
    [[nodiscard]] bool healthy() const;
};

/// Library versions and grammars only: fast, no device probing.
SystemReport collectLibraries();
/// Libraries plus a probe of every backend (runs a Vulkan dispatch, counts CUDA devices).
SystemReport collectSystemReport();

/// One line per backend for the status bar: "CPU avx2 fma · CUDA: 0 devices · Vulkan: llvmpipe".
QString backendSummary(const BackendReport& backends);
/// Library versions as printed by `cairn-cli --version`.
QString formatVersions(const SystemReport& report);
/// The full `cairn-cli doctor` text.
QString formatDoctor(const SystemReport& report);

} // namespace cairn::app
