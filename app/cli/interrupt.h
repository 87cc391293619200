// SPDX-License-Identifier: MIT
// Ctrl+C for terminal commands: while a CancelToken is armed, SIGINT cancels the running work
// (the reply stops, the program goes on); when nothing runs (the token is already cancelled),
// SIGINT ends the program as usual.
#pragma once

#include "engine/api/progress.h"

namespace cairn::app {

class InterruptToCancel {
public:
    /// Routes SIGINT to `token` until destruction. One instance at a time.
    explicit InterruptToCancel(CancelToken& token);
    ~InterruptToCancel();
    InterruptToCancel(const InterruptToCancel&) = delete;
    InterruptToCancel& operator=(const InterruptToCancel&) = delete;
};

} // namespace cairn::app
