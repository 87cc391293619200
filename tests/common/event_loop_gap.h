// SPDX-License-Identifier: MIT
// EventLoopGap: how long the event loop stalled while work ran beside it, measured as the longest
// gap between ticks of a 5 ms timer on the calling thread. For the stall tests; not a profiler.
#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

namespace cairn::test {

class EventLoopGap {
public:
    static constexpr int kTickMs = 5;

    /// Starts ticking at once.
    EventLoopGap()
    {
        m_ticker.setInterval(kTickMs);
        QObject::connect(&m_ticker, &QTimer::timeout, &m_ticker, [this] {
            const qint64 now = m_clock.elapsed();
            m_longestMs = std::max(m_longestMs, now - m_lastMs);
            m_lastMs = now;
        });
        m_clock.start();
        m_ticker.start();
    }

    void stop() { m_ticker.stop(); }
    /// The longest gap between two ticks (or from the start to the first), in milliseconds.
    [[nodiscard]] qint64 longestMs() const { return m_longestMs; }
    /// Since the start, in milliseconds.
    [[nodiscard]] qint64 elapsedMs() const { return m_clock.elapsed(); }

private:
    QElapsedTimer m_clock;
    QTimer m_ticker;
    qint64 m_lastMs = 0;
    qint64 m_longestMs = 0;
};

} // namespace cairn::test
