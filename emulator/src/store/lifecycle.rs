//! An instance's state over time.
//!
//! A change of state (RunInstances, StartInstance, ...) is stored as the
//! steps the instance goes through, each ending at an instant, and the state
//! it settles in. The state at any moment is read from that, so nothing has
//! to run in the background, and an instance is in exactly one state at a
//! time: the one its steps give for the moment of the request. Every change
//! is made under the store's write lock from the state at that moment.

use std::time::{Duration, Instant};

/// The states the API reference documents for an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Pending,
    Starting,
    Running,
    Stopping,
    Stopped,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Pending,
        State::Starting,
        State::Running,
        State::Stopping,
        State::Stopped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "Pending",
            State::Starting => "Starting",
            State::Running => "Running",
            State::Stopping => "Stopping",
            State::Stopped => "Stopped",
        }
    }

    /// The state a seeded `Status` names, if it is one of the five.
    pub fn parse(status: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == status)
    }
}

/// Steps through states, then a settled state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// Each state lasts until its instant; the instants increase.
    steps: Vec<(State, Instant)>,
    settled: State,
}

impl Lifecycle {
    /// In `state` from now on.
    pub fn settled(state: State) -> Self {
        Self {
            steps: Vec::new(),
            settled: state,
        }
    }

    /// Through each of `through` for `step` from `now`, then `to`. A zero
    /// step settles at once.
    pub fn moving(through: &[State], to: State, now: Instant, step: Duration) -> Self {
        let mut until = now;
        let steps = through
            .iter()
            .map(|state| {
                until = until.checked_add(step).unwrap_or(until);
                (*state, until)
            })
            .collect();
        Self { steps, settled: to }
    }

    /// The state at `now`.
    pub fn state(&self, now: Instant) -> State {
        self.steps
            .iter()
            .find(|(_, until)| now < *until)
            .map_or(self.settled, |(state, _)| *state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_lasts_its_time_then_the_state_settles() {
        let t0 = Instant::now();
        let step = Duration::from_millis(100);
        let life = Lifecycle::moving(&[State::Pending, State::Starting], State::Running, t0, step);
        assert_eq!(life.state(t0), State::Pending);
        assert_eq!(life.state(t0 + Duration::from_millis(99)), State::Pending);
        assert_eq!(life.state(t0 + step), State::Starting);
        assert_eq!(life.state(t0 + step * 2), State::Running);
        assert_eq!(life.state(t0 + step * 50), State::Running);
    }

    #[test]
    fn a_zero_step_settles_at_once() {
        let t0 = Instant::now();
        let life = Lifecycle::moving(&[State::Stopping], State::Stopped, t0, Duration::ZERO);
        assert_eq!(life.state(t0), State::Stopped);
    }

    #[test]
    fn only_the_documented_states_parse() {
        for state in State::ALL {
            assert_eq!(State::parse(state.as_str()), Some(state));
        }
        assert_eq!(State::parse("running"), None);
        assert_eq!(State::parse("Deleted"), None);
    }
}
