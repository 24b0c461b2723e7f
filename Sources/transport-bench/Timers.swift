import EventLoop

/// Arms `count` token timers spread over one second, cancels half, then fires the rest through a running
/// loop: nanoseconds per arm, per cancel and per fired timer.
func timerCosts(loop: EventLoop, count: Int) throws {
    var fired = 0
    let handler = loop.addTimerHandler { _ in fired += 1 }
    let start = loop.refreshTime()
    var ids: [TimerID] = []
    ids.reserveCapacity(count)
    let armStart = MonotonicTime.now()
    for i in 0..<count {
        // Spread over 1 s in a scrambled order, as UE timers armed at random times would be.
        let offset = (i &* 7919) % 1_000_000
        ids.append(loop.schedule(at: start.advanced(by: .microseconds(offset)), handler: handler, token: UInt64(i)))
    }
    let armed = MonotonicTime.now()
    for i in stride(from: 0, to: count, by: 2) { loop.cancel(ids[i]) }
    let cancelled = MonotonicTime.now()
    loop.schedule(at: start.advanced(by: .milliseconds(1100))) { loop.stop() }
    let fireStart = MonotonicTime.now()
    try loop.run(until: start.advanced(by: .seconds(10)))
    let fireEnd = MonotonicTime.now()
    func perOperation(_ from: MonotonicTime, _ to: MonotonicTime, _ n: Int) -> String {
        formatted(Double(to.nanoseconds - from.nanoseconds) / Double(max(1, n)), 0)
    }
    // Firing time includes the 1.1 s wait; the loop's own cost is what the CPU time shows.
    say("coregate-timers timers=\(count) arm_ns=\(perOperation(armStart, armed, count)) cancel_ns=\(perOperation(armed, cancelled, count / 2)) fired=\(fired) wall_s=\(formatted(Double(fireEnd.nanoseconds - fireStart.nanoseconds) / 1e9, 2)) cpu_us_per_fired=\(cpuMicroseconds(per: fired)) wakeups=\(loop.wakeUps)")
}
