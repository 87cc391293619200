// SPDX-License-Identifier: MIT
// The handler only touches lock-free atomics (async-signal-safe), then, the second time,
// restores the default action and re-raises the signal.

#include "app/cli/interrupt.h"

#include <atomic>
#include <csignal>

namespace cairn::app {

namespace {

std::atomic<CancelToken*> g_token{nullptr};
std::atomic<ingest::CancelFlag*> g_flag{nullptr};
struct sigaction g_previous { };

void onInterrupt(int signal)
{
    CancelToken* token = g_token.load();
    if (token != nullptr && !token->cancelled()) {
        token->cancel();
        return;
    }
    ingest::CancelFlag* flag = g_flag.load();
    if (flag != nullptr && !flag->cancelled()) {
        flag->cancel();
        return;
    }
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

} // namespace

InterruptToCancel::InterruptToCancel(CancelToken& token)
{
    g_token.store(&token);
    install();
}

InterruptToCancel::InterruptToCancel(ingest::CancelFlag& flag)
{
    g_flag.store(&flag);
    install();
}

void InterruptToCancel::install()
{
    struct sigaction action { };
    action.sa_handler = &onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_previous);
}

InterruptToCancel::~InterruptToCancel()
{
    sigaction(SIGINT, &g_previous, nullptr);
    g_token.store(nullptr);
    g_flag.store(nullptr);
}

} // namespace cairn::app
