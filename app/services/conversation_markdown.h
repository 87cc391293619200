// SPDX-License-Identifier: MIT
// A conversation as Markdown: the readable export, and an import of what it writes. Markdown keeps
// the tree, roles, text and times, not token counts, statistics, settings or attachments (JSON does).
#pragma once

#include "app/services/conversation_document.h"

#include <QByteArray>

#include <string>

namespace cairn::app {

/// The version in the `<!-- cairn:conversation version=N -->` line this Cairn writes and reads.
constexpr int kConversationMarkdownVersion = 1;

struct MarkdownOptions {
    /// false: the selected branch only (activeBranch()); true: every message, depth first.
    bool allBranches = false;
};

/// Writes the conversation as Markdown. The accepted (and written) format, line by line:
///
///     <!-- cairn:conversation version=1 -->
///     # Title                                  (or "Untitled conversation")
///
///     - Model: name                            (left out when there is none)
///     - Created: 2024-05-01 10:00:00 UTC
///     - Updated: 2024-05-01 10:05:00 UTC
///     - Showing: ...                           (any other "- " line is ignored)
///
///     <!-- cairn:system -->                    (only when there is a system prompt)
///     ## System prompt
///
///     text of the system prompt
///
///     <!-- cairn:message id=1 parent=none role=user created=1714557600000 -->
///     ## 1. User
///
///     text of the message, Markdown as written
///
///     <!-- cairn:attachments -->               (only when the message has attachments)
///     - `notes.pdf` (document, application/pdf, 2048 bytes)
///
/// A section runs from its `<!-- cairn:... -->` line to the next one. In a message section the
/// first `## ` line is the heading (turn number, role; "version k of n" for siblings when all
/// branches are shown), one blank line follows it, and the rest is the message text with trailing
/// blank lines dropped. Marker attributes: `role` (system, user, assistant, tool) is required;
/// `id` (an integer, default: the message's position counted from 1); `parent` (an id, `none` for
/// a root; left out: the message before it, so a hand-written file needs only `role`); `created`
/// (Unix ms); the flags `active` (the message the selected branch runs through) and `incomplete`
/// (an interrupted reply). A text line that starts with `<!-- cairn:` is written with one more
/// leading backslash (Markdown shows the same text) and read back without it. Attachment sections
/// are for reading only: an import does not bring attachments back.
QByteArray conversationToMarkdown(const ConversationDocument& document, MarkdownOptions options = {});

/// Reads the format above. `fileName` becomes the error's subject; errors (InvalidInput) name the
/// line: no conversation line, another version, an unknown marker or attribute, a bad role, id
/// or date, and every treeProblem() (repeated ids, dangling parents, cycles).
storage::Result<ConversationDocument> conversationFromMarkdown(const QByteArray& markdown, const std::string& fileName);

} // namespace cairn::app
