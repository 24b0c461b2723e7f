import Histogram

/// Per-interval counts and latencies of each procedure, keyed by wall time so that shards line up.
///
/// Intervals start at multiples of `intervalSeconds` since the Unix epoch. The series stays bounded: when
/// the run spans more than `maxPoints` intervals, the interval doubles (1 s, 2 s, 4 s, ...) and neighbouring
/// points merge exactly (their counts add, their histograms add).
public struct TimeSeries: Sendable, Equatable {
    /// The most intervals a series spans before its interval doubles (10 minutes at 1 s).
    public static let defaultMaxPoints = 600
    /// Per-interval latencies are kept at 2 significant digits (1 %): enough for a p95 curve, small to merge.
    public static let latencyDigits = SignificantDigits.two

    public private(set) var intervalSeconds: Int64
    public let maxPoints: Int
    /// Points of each procedure, in time order; intervals with no activity have no point.
    public private(set) var procedures: [String: [Point]]

    public init(intervalSeconds: Int64 = 1, maxPoints: Int = TimeSeries.defaultMaxPoints) {
        self.intervalSeconds = max(1, intervalSeconds)
        self.maxPoints = max(2, maxPoints)
        procedures = [:]
    }

    /// One interval of one procedure.
    public struct Point: Sendable, Equatable {
        /// Start of the interval, in seconds since the epoch (a multiple of the series' interval).
        public var second: Int64
        /// Attempts started in the interval.
        public var attempts: UInt64
        /// Attempts that succeeded in the interval (counted when they ended).
        public var successes: UInt64
        /// Attempts that failed in the interval (counted when they ended).
        public var errors: UInt64
        /// Latencies of the successes, in microseconds.
        public var latency: LatencyHistogram

        public init(second: Int64, attempts: UInt64 = 0, successes: UInt64 = 0, errors: UInt64 = 0,
                    latency: LatencyHistogram = LatencyHistogram(significantDigits: TimeSeries.latencyDigits)) {
            self.second = second
            self.attempts = attempts
            self.successes = successes
            self.errors = errors
            self.latency = latency
        }

        mutating func add(_ other: Point) throws(ReportingError) {
            attempts = try checkedSum(attempts, other.attempts, "time series attempts")
            successes = try checkedSum(successes, other.successes, "time series successes")
            errors = try checkedSum(errors, other.errors, "time series errors")
            try latency.add(other.latency)
        }

        /// Adds a point of the same series (same latency precision by construction).
        mutating func absorb(_ other: Point) {
            attempts &+= other.attempts
            successes &+= other.successes
            errors &+= other.errors
            latency.absorb(other.latency)
        }
    }

    /// The first and last interval starts over all procedures; nil when empty.
    public var span: ClosedRange<Int64>? {
        var low = Int64.max, high = Int64.min
        for points in procedures.values {
            if let f = points.first { low = min(low, f.second) }
            if let l = points.last { high = max(high, l.second) }
        }
        return low <= high ? low...high : nil
    }

    /// Counts an attempt of `procedure` started at `start`.
    public mutating func recordAttempt(_ procedure: String, at start: Timestamp) {
        update(procedure, at: start) { $0.attempts &+= 1 }
    }

    /// Counts the end of an attempt of `procedure` at `end`: a success with its latency, or an error.
    public mutating func recordOutcome(_ procedure: String, at end: Timestamp, succeeded: Bool, latencyMicroseconds: UInt64?) {
        update(procedure, at: end) { point in
            if succeeded {
                point.successes &+= 1
                if let latencyMicroseconds { point.latency.record(microseconds: latencyMicroseconds) }
            } else {
                point.errors &+= 1
            }
        }
    }

    /// Adds a whole point (a driver that aggregates per interval itself); its second is aligned to the interval.
    public mutating func add(_ procedure: String, point: Point) throws(ReportingError) {
        var error: ReportingError?
        update(procedure, at: Timestamp(microseconds: point.second * 1_000_000)) { existing in
            do throws(ReportingError) { try existing.add(point) } catch let e { error = e }
        }
        if let error { throw error }
    }

    /// Applies `change` to the point of `procedure` holding `time`, creating it if needed.
    mutating func update(_ procedure: String, at time: Timestamp, _ change: (inout Point) -> Void) {
        let second = Self.floor(time.second, intervalSeconds)
        var points = procedures.removeValue(forKey: procedure) ?? []
        if let last = points.last, last.second == second {
            change(&points[points.count - 1])
        } else if points.last.map({ $0.second < second }) ?? true {
            var p = Point(second: second)
            change(&p)
            points.append(p)
        } else {
            let i = Self.insertionIndex(points, second)
            if i < points.count && points[i].second == second {
                change(&points[i])
            } else {
                var p = Point(second: second)
                change(&p)
                points.insert(p, at: i)
            }
        }
        procedures[procedure] = points
        coarsenWhileTooLong()
    }

    /// Adds `other` (another shard's series) interval by interval, at the coarser of the two intervals.
    public mutating func add(_ other: TimeSeries) throws(ReportingError) {
        var other = other
        let interval = max(intervalSeconds, other.intervalSeconds)
        try coarsen(to: interval)
        try other.coarsen(to: interval)
        for (name, theirs) in other.procedures {
            procedures[name] = try Self.mergePoints(procedures[name] ?? [], theirs)
        }
        coarsenWhileTooLong()
    }

    /// Doubles the interval while the span holds more than `maxPoints` intervals.
    mutating func coarsenWhileTooLong() {
        guard let span else { return }
        var interval = intervalSeconds
        while (Self.floor(span.upperBound, interval) - Self.floor(span.lowerBound, interval)) / interval + 1 > Int64(maxPoints) {
            interval *= 2
        }
        if interval != intervalSeconds { rebucket(to: interval) }
    }

    /// Re-buckets every point at `interval`, a multiple of the current interval.
    mutating func coarsen(to interval: Int64) throws(ReportingError) {
        guard interval > intervalSeconds else { return }
        guard interval % intervalSeconds == 0 else {
            throw ReportingError(.mergeConflict, "time series intervals \(intervalSeconds) s and \(interval) s do not nest")
        }
        rebucket(to: interval)
    }

    /// Re-buckets every point at `interval` (a multiple of the current one); neighbours merge.
    mutating func rebucket(to interval: Int64) {
        for (name, points) in procedures {
            var out: [Point] = []
            out.reserveCapacity(points.count)
            for var p in points {
                p.second = Self.floor(p.second, interval)
                if let last = out.last, last.second == p.second {
                    out[out.count - 1].absorb(p)
                } else {
                    out.append(p)
                }
            }
            procedures[name] = out
        }
        intervalSeconds = interval
    }

    static func mergePoints(_ a: [Point], _ b: [Point]) throws(ReportingError) -> [Point] {
        var out: [Point] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i].second < b[j].second) {
                out.append(a[i]); i += 1
            } else if i >= a.count || b[j].second < a[i].second {
                out.append(b[j]); j += 1
            } else {
                var p = a[i]
                try p.add(b[j])
                out.append(p)
                i += 1; j += 1
            }
        }
        return out
    }

    /// Builds a series from stored parts, checking that points are aligned and in order.
    public init(intervalSeconds: Int64, maxPoints: Int = TimeSeries.defaultMaxPoints, procedures: [String: [Point]]) throws(ReportingError) {
        guard intervalSeconds >= 1, intervalSeconds <= 1 << 30, intervalSeconds & (intervalSeconds - 1) == 0 else {
            throw ReportingError(.invalidResults, "time series interval \(intervalSeconds) s is not a power of two")
        }
        self.init(intervalSeconds: intervalSeconds, maxPoints: maxPoints)
        for (name, points) in procedures {
            var previous: Int64?
            for p in points {
                guard p.second % intervalSeconds == 0 else {
                    throw ReportingError(.invalidResults, "time series point \(p.second) of \(name) is not a multiple of the interval \(intervalSeconds) s")
                }
                if let previous, p.second <= previous {
                    throw ReportingError(.invalidResults, "time series points of \(name) are not in time order")
                }
                guard p.latency.significantDigits == Self.latencyDigits else {
                    throw ReportingError(.invalidResults, "time series latencies must have \(Self.latencyDigits.rawValue) significant digits")
                }
                previous = p.second
            }
        }
        self.procedures = procedures
        coarsenWhileTooLong()
    }

    /// `value` rounded down to a multiple of `interval`.
    @inlinable
    static func floor(_ value: Int64, _ interval: Int64) -> Int64 {
        let q = value / interval
        return (value % interval < 0 ? q - 1 : q) * interval
    }

    static func insertionIndex(_ points: [Point], _ second: Int64) -> Int {
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].second < second { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
