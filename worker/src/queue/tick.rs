//! The poll strategy of every queue worker (see [`Tick`]).

use std::{
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use apalis::prelude::{PollSnapshot, PollStrategy};

/// Wakes an idle worker every `interval`, and at once when its job's wake-up fires (a push
/// in this process, or a Redis wake-up message from another one).
///
/// apalis-core's IntervalStrategy re-arms its timer without polling it, so no waker is
/// registered and an idle worker can stall until the next heartbeat. Leaving the timer unarmed
/// after it fires has the same effect whenever the worker's fetch finishes in the same poll
/// (the fetch then parks with nothing left to wake it: the 3.6–4.7 s pickups of issue 15), so
/// every call leaves a polled timer and a polled wake-up behind it.
///
/// While the queue is paused (`paused`), it keeps its timers armed but never fires, so the
/// worker fetches nothing; a resume wakes it.
pub struct Tick {
    interval: Duration,
    sleep: Pin<Box<tokio::time::Sleep>>,
    wake: Arc<tokio::sync::Notify>,
    woken: Pin<Box<tokio::sync::futures::OwnedNotified>>,
    paused: Arc<AtomicBool>,
}

impl Tick {
    pub fn every(
        interval: Duration,
        wake: Arc<tokio::sync::Notify>,
        paused: Arc<AtomicBool>,
    ) -> Tick {
        Tick {
            interval,
            sleep: Box::pin(tokio::time::sleep(interval)),
            woken: Box::pin(wake.clone().notified_owned()),
            wake,
            paused,
        }
    }
}

impl PollStrategy for Tick {
    fn poll_drive(&mut self, cx: &mut Context<'_>, _snapshot: &PollSnapshot) -> Poll<Option<()>> {
        let mut fired = false;
        while self.woken.as_mut().poll(cx).is_ready() {
            fired = true;
            self.woken = Box::pin(self.wake.clone().notified_owned());
        }
        while self.sleep.as_mut().poll(cx).is_ready() {
            fired = true;
            self.sleep
                .as_mut()
                .reset(tokio::time::Instant::now() + self.interval);
        }
        if fired && !self.paused.load(Ordering::Relaxed) {
            Poll::Ready(Some(()))
        } else {
            Poll::Pending
        }
    }
}
