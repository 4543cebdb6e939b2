//! Eviction drops the evicted results after the cache's lock is let go
//! (dpia's patch, see PATCHED.md).

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// 0: the probe was not dropped; 1: it was dropped while its cache was free;
/// 2: it was dropped while its cache was locked.
static SEEN: AtomicU8 = AtomicU8::new(0);

/// A result which, when dropped, asks for another result of its own cache
/// from another thread, and records whether the answer came.
struct Probe(u32);

impl Drop for Probe {
    fn drop(&mut self) {
        if self.0 != 1 {
            return;
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(probe(2).0);
        });
        let free = rx.recv_timeout(Duration::from_secs(10)).is_ok();
        SEEN.store(if free { 1 } else { 2 }, Ordering::SeqCst);
    }
}

#[comemo::memoize]
fn probe(n: u32) -> Arc<Probe> {
    Arc::new(Probe(n))
}

#[test]
fn evicted_results_are_dropped_after_the_lock_is_released() {
    // The cache now holds the only other reference to the probe.
    drop(probe(1));
    comemo::evict(0);
    assert_eq!(
        SEEN.load(Ordering::SeqCst),
        1,
        "the probe was dropped under the cache's lock"
    );
}
