//! The periodic update thread.

use std::time::{Duration, Instant};

use mica_update::Outcome;

use crate::support::*;

/// Generous bound for one check against the loopback server on a loaded 2-core machine.
const WAIT: Duration = Duration::from_secs(60);

#[test]
fn checks_at_start_and_on_demand_and_stops_when_dropped() {
    let f = Fixture::new("periodic");
    f.publish(&["1.0.0"]);
    let handle = f
        .updater()
        .spawn_periodic(Duration::from_secs(3600))
        .expect("spawn");
    let first = handle.outcomes().recv_timeout(WAIT).expect("first outcome");
    assert_eq!(first.expect("check"), Outcome::Installed(v("1.0.0")));

    f.store.begin_launch(&TestVerifier).expect("launch");
    f.store.mark_started().expect("started");
    f.publish(&["1.0.0", "1.1.0"]);
    handle.check_now();
    let second = handle
        .outcomes()
        .recv_timeout(WAIT)
        .expect("second outcome");
    assert_eq!(second.expect("check"), Outcome::Installed(v("1.1.0")));

    // The thread waits an hour for its next check; stopping does not wait for that.
    let started = Instant::now();
    handle.stop();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "stop took {:?}",
        started.elapsed()
    );
}

#[test]
fn repeats_on_the_interval() {
    let f = Fixture::new("interval");
    f.server.put("releases.json", index_json(APPID, vec![]));
    let handle = f
        .updater()
        .spawn_periodic(Duration::from_millis(10))
        .expect("spawn");
    for _ in 0..3 {
        let outcome = handle.outcomes().recv_timeout(WAIT).expect("outcome");
        assert_eq!(outcome.expect("check"), Outcome::UpToDate);
    }
    drop(handle);
    assert!(f.server.requests_for("releases.json").len() >= 3);
}

#[test]
fn offline_checks_are_reported_and_the_thread_keeps_going() {
    let f = Fixture::new("periodicoffline");
    let handle = f
        .updater_for(&dead_url("releases.json"))
        .spawn_periodic(Duration::from_millis(10))
        .expect("spawn");
    for _ in 0..2 {
        let outcome = handle.outcomes().recv_timeout(WAIT).expect("outcome");
        assert!(matches!(outcome, Ok(Outcome::Offline(_))), "{outcome:?}");
    }
}
