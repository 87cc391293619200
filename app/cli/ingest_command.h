// SPDX-License-Identifier: MIT
// `cairn-cli ingest FILE... [--db DB] [--no-ocr] [--ocr-lang LANGS]`: extracts each file through
// ingest::open and prints what came out; with --db stores each as an attachment.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

/// `args` starts with "ingest". Exit codes: 0 every file done, 1 any file failed, 2 usage.
int runIngestCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
