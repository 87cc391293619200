// SPDX-License-Identifier: MIT
// Ctrl+C for terminal commands: while a CancelToken (engine work) or a CancelFlag (ingest work) is
// armed, SIGINT cancels the running work (the reply or the index stops, the program goes on); when
// nothing runs (it is already cancelled), SIGINT ends the program as usual.
#pragma once

#include "engine/api/progress.h"
#include "ingest/cancel_flag.h"

namespace cairn::app {

class InterruptToCancel {
public:
    /// Routes SIGINT to `token` until destruction. One instance at a time.
    explicit InterruptToCancel(CancelToken& token);
    /// Routes SIGINT to `flag` until destruction. One instance at a time.
    explicit InterruptToCancel(ingest::CancelFlag& flag);
    ~InterruptToCancel();
    InterruptToCancel(const InterruptToCancel&) = delete;
    InterruptToCancel& operator=(const InterruptToCancel&) = delete;

private:
    void install();
};

} // namespace cairn::app
