// SPDX-License-Identifier: MIT
// The commit a folder's git work tree is checked out at, read through libgit2, for recording which
// revision an index was built from. Reads only; not an ignore-rule or status API (see walker.h).
#pragma once

#include <QString>

namespace cairn::ingest {

/// The full hex id of HEAD's commit for the git work tree holding `folder`; empty when the folder
/// is in no work tree, HEAD has no commit yet, or the repository cannot be read.
QString gitHeadCommit(const QString& folder);

} // namespace cairn::ingest
