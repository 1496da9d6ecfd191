//! The chain's clock: what `0x2::clock::Clock` shows, checkpoint timestamps, and what tests
//! advance to reach epoch ends and round deadlines without waiting.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How the clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockMode {
    /// Wall-clock time plus an offset that only grows ([`ChainClock::advance`]).
    Wall,
    /// Stands still except when advanced (deterministic tests).
    Manual,
}

/// A snapshot of the clock, persisted with every checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    /// How the clock runs.
    pub mode: ClockMode,
    /// Total advance so far (ms): added to the wall clock in `Wall` mode.
    pub offset_ms: u64,
    /// The time in `Manual` mode (ms since the Unix epoch).
    pub manual_ms: u64,
    /// The latest time handed out: the clock never goes back, even across restarts.
    pub last_ms: u64,
}

/// The chain's clock: monotonic, advanceable.
#[derive(Debug)]
pub struct ChainClock {
    state: Mutex<ClockState>,
}

/// Milliseconds since the Unix epoch, from the system clock.
pub fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

impl ChainClock {
    /// A clock following the wall clock.
    pub fn wall() -> Self {
        Self::restore(ClockState {
            mode: ClockMode::Wall,
            offset_ms: 0,
            manual_ms: 0,
            last_ms: 0,
        })
    }

    /// A clock standing at `start_ms` until advanced.
    pub fn manual(start_ms: u64) -> Self {
        Self::restore(ClockState {
            mode: ClockMode::Manual,
            offset_ms: 0,
            manual_ms: start_ms,
            last_ms: start_ms,
        })
    }

    /// A clock continuing from a snapshot.
    pub fn restore(state: ClockState) -> Self {
        Self {
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current time (ms since the Unix epoch); never decreases.
    pub fn now(&self) -> u64 {
        let mut s = self.lock();
        let t = match s.mode {
            ClockMode::Wall => wall_ms().saturating_add(s.offset_ms),
            ClockMode::Manual => s.manual_ms,
        };
        s.last_ms = s.last_ms.max(t);
        s.last_ms
    }

    /// Moves the clock forward by `ms`; returns the new time.
    pub fn advance(&self, ms: u64) -> u64 {
        {
            let mut s = self.lock();
            s.offset_ms = s.offset_ms.saturating_add(ms);
            s.manual_ms = s.manual_ms.saturating_add(ms);
            s.last_ms = s.last_ms.saturating_add(ms);
        }
        self.now()
    }

    /// Moves the clock forward to at least `ms`; returns the new time.
    pub fn advance_to(&self, ms: u64) -> u64 {
        let now = self.now();
        if ms > now {
            self.advance(ms - now)
        } else {
            now
        }
    }

    /// Makes sure the clock reads at least `ms` (after a restart: the last checkpoint's time).
    pub fn not_before(&self, ms: u64) {
        let mut s = self.lock();
        s.last_ms = s.last_ms.max(ms);
        if s.mode == ClockMode::Manual {
            s.manual_ms = s.manual_ms.max(ms);
        }
    }

    /// A snapshot for persistence.
    pub fn snapshot(&self) -> ClockState {
        *self.lock()
    }

    /// The mode.
    pub fn mode(&self) -> ClockMode {
        self.lock().mode
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let c = ChainClock::manual(1_000);
        assert_eq!(c.now(), 1_000);
        assert_eq!(c.now(), 1_000);
        assert_eq!(c.advance(500), 1_500);
        assert_eq!(c.advance_to(1_200), 1_500);
        assert_eq!(c.advance_to(2_000), 2_000);
        let restored = ChainClock::restore(c.snapshot());
        assert_eq!(restored.now(), 2_000);
    }

    #[test]
    fn wall_clock_is_monotonic_and_advances() {
        let c = ChainClock::wall();
        let a = c.now();
        let b = c.advance(3_600_000);
        assert!(b >= a + 3_600_000);
        assert!(c.now() >= b);
    }
}
