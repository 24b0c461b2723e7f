import Histogram

/// Latencies in microseconds as an HDR histogram (hdrhistogram-swift's bucket layout, lowest discernible
/// value 1) kept sparse: the non-empty buckets only, each as its lowest value and its count, with the exact
/// minimum and maximum. Percentiles and the mean are those `Histogram` gives for the same values; shards
/// merge exactly (bucket counts add); a run's thousands of per-interval histograms cost only their non-empty
/// buckets. A live path records into a `Histogram<UInt64>` and converts once with `init(_:)`.
public struct LatencyHistogram: Sendable, Equatable {
    /// Precision of procedure and round-trip latencies: 3 significant digits (0.1 %).
    public static let defaultDigits = SignificantDigits.three
    /// The largest value recorded or read back: about 12.7 days in microseconds; larger values are
    /// clamped when recorded and refused when read.
    public static let maxValue: UInt64 = 1 << 40

    public let significantDigits: SignificantDigits
    /// Non-empty buckets, lowest value first.
    public private(set) var buckets: [Bucket]
    /// Values recorded.
    public private(set) var count: UInt64
    @usableFromInline var minValue: UInt64
    @usableFromInline var maxValue: UInt64

    /// One non-empty bucket: the lowest value it holds and how many values it counts.
    public struct Bucket: Hashable, Sendable {
        public var value: UInt64
        public var count: UInt64
        public init(value: UInt64, count: UInt64) {
            self.value = value
            self.count = count
        }
    }

    public init(significantDigits: SignificantDigits = LatencyHistogram.defaultDigits) {
        self.significantDigits = significantDigits
        buckets = []
        count = 0
        minValue = 0
        maxValue = 0
    }

    /// The buckets of a live HDR histogram (which must have a lowest discernible value of 1).
    public init(_ histogram: Histogram<UInt64>) throws(ReportingError) {
        guard histogram.lowestDiscernibleValue == 1 else {
            throw ReportingError(.invalidResults, "latency histograms must have a lowest discernible value of 1 µs, not \(histogram.lowestDiscernibleValue)")
        }
        self.init(significantDigits: histogram.numberOfSignificantValueDigits)
        guard histogram.totalCount > 0 else { return }
        guard histogram.maxRecorded <= Self.maxValue else {
            throw ReportingError(.invalidResults, "latency \(histogram.maxRecorded) µs is above \(Self.maxValue) µs")
        }
        for v in histogram.recordedValues() {
            buckets.append(Bucket(value: histogram.lowestEquivalentForValue(v.value), count: v.count))
        }
        count = histogram.totalCount
        minValue = histogram.min
        maxValue = histogram.maxRecorded
    }

    /// The bucket layout: a histogram of the same precision, used only for its value arithmetic.
    static let layouts: [Histogram<UInt64>] = (0...5).map {
        Histogram(numberOfSignificantValueDigits: SignificantDigits(rawValue: Int8($0)) ?? .three)
    }

    var layout: Histogram<UInt64> { Self.layouts[Int(significantDigits.rawValue)] }

    public var isEmpty: Bool { count == 0 }
    /// The smallest value recorded (0 when empty).
    public var minMicroseconds: UInt64 { minValue }
    /// The largest value recorded, exactly (0 when empty).
    public var maxMicroseconds: UInt64 { maxValue }

    /// Records one latency (or `count` equal ones).
    public mutating func record(microseconds value: UInt64, count n: UInt64 = 1) {
        guard n > 0 else { return }
        let v = Swift.min(value, Self.maxValue)
        let low = layout.lowestEquivalentForValue(v)
        if let last = buckets.last, last.value < low {
            buckets.append(Bucket(value: low, count: n))
        } else if buckets.isEmpty {
            buckets.append(Bucket(value: low, count: n))
        } else {
            let i = Self.index(of: low, in: buckets)
            if i < buckets.count && buckets[i].value == low {
                buckets[i].count &+= n
            } else {
                buckets.insert(Bucket(value: low, count: n), at: i)
            }
        }
        minValue = count == 0 ? v : Swift.min(minValue, v)
        maxValue = count == 0 ? v : Swift.max(maxValue, v)
        count &+= n
    }

    /// Adds the counts of `other`, which must have the same precision.
    public mutating func add(_ other: LatencyHistogram) throws(ReportingError) {
        guard other.significantDigits == significantDigits else {
            throw ReportingError(.mergeConflict, "cannot merge latency histograms of \(significantDigits.rawValue) and \(other.significantDigits.rawValue) significant digits")
        }
        _ = try checkedSum(count, other.count, "latency histogram count")
        absorb(other)
    }

    /// Adds a histogram known to have the same precision (points of one time series).
    mutating func absorb(_ other: LatencyHistogram) {
        guard other.count > 0, other.significantDigits == significantDigits else { return }
        guard count > 0 else {
            self = other
            return
        }
        var merged: [Bucket] = []
        merged.reserveCapacity(buckets.count + other.buckets.count)
        var i = 0, j = 0
        let a = buckets, b = other.buckets
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i].value < b[j].value) {
                merged.append(a[i]); i += 1
            } else if i >= a.count || b[j].value < a[i].value {
                merged.append(b[j]); j += 1
            } else {
                merged.append(Bucket(value: a[i].value, count: a[i].count &+ b[j].count)); i += 1; j += 1
            }
        }
        buckets = merged
        minValue = Swift.min(minValue, other.minValue)
        maxValue = Swift.max(maxValue, other.maxValue)
        count &+= other.count
    }

    /// The value at `percentile` (0...100) as `Histogram.valueAtPercentile` gives it: the highest value
    /// equivalent to the bucket that reaches the percentile, within [min, max]; 0 when empty.
    public func percentileMicroseconds(_ percentile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        guard percentile != 0 else { return minValue }
        guard percentile < 100 else { return maxValue }
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let target = Swift.max(1, UInt64((requested * Double(count) / 100).rounded(.up)))
        var running: UInt64 = 0
        for b in buckets {
            running &+= b.count
            if running >= target {
                return Swift.max(Swift.min(layout.highestEquivalentForValue(b.value), maxValue), minValue)
            }
        }
        return maxValue
    }

    /// Milliseconds at `percentile`.
    public func percentileMilliseconds(_ percentile: Double) -> Double { Double(percentileMicroseconds(percentile)) / 1000 }

    /// The mean as `Histogram.mean` computes it (each bucket at its middle value); 0 when empty.
    public var meanMicroseconds: Double {
        guard count > 0 else { return 0 }
        var total = 0.0
        let layout = self.layout
        for b in buckets { total += Double(layout.medianEquivalentForValue(b.value)) * Double(b.count) }
        return total / Double(count)
    }

    /// The same values as a hdrhistogram-swift `Histogram` (auto-resizing, lowest discernible value 1).
    public var hdrHistogram: Histogram<UInt64> {
        var h = Histogram<UInt64>(numberOfSignificantValueDigits: significantDigits)
        for (i, b) in buckets.enumerated() {
            // Values at the bucket's lowest value, except the first and last buckets, recorded at min and max so
            // that both stay exact.
            let first = i == 0, last = i == buckets.count - 1
            if first && last && b.count > 1 {
                h.record(minValue, count: b.count - 1)
                h.record(maxValue)
            } else if first {
                h.record(minValue, count: b.count)
            } else if last {
                h.record(maxValue, count: b.count)
            } else {
                h.record(b.value, count: b.count)
            }
        }
        return h
    }

    /// Rebuilds a histogram from its stored form, checking that the parts agree: every bucket value is the
    /// lowest of its bucket, values increase, `min` lies in the first bucket and `max` in the last.
    public init(significantDigits: SignificantDigits, min: UInt64, max: UInt64, buckets: [Bucket]) throws(ReportingError) {
        self.init(significantDigits: significantDigits)
        guard !buckets.isEmpty else {
            guard min == 0 && max == 0 else { throw Self.invalid("min and max must be 0 when there are no buckets") }
            return
        }
        let layout = self.layout
        var previous: UInt64?
        var total: UInt64 = 0
        for b in buckets {
            guard b.value <= Self.maxValue else { throw Self.invalid("bucket value \(b.value) above \(Self.maxValue)") }
            guard b.count > 0 else { throw Self.invalid("bucket \(b.value) has count 0") }
            guard layout.lowestEquivalentForValue(b.value) == b.value else {
                throw Self.invalid("\(b.value) is not the lowest value of a bucket at \(significantDigits.rawValue) significant digits")
            }
            if let previous, b.value <= previous { throw Self.invalid("bucket values must increase (\(b.value) after \(previous))") }
            previous = b.value
            let (sum, overflow) = total.addingReportingOverflow(b.count)
            guard !overflow else { throw Self.invalid("bucket counts overflow") }
            total = sum
        }
        guard min <= max, max <= Self.maxValue,
              layout.lowestEquivalentForValue(min) == buckets[0].value,
              layout.lowestEquivalentForValue(max) == buckets[buckets.count - 1].value else {
            throw Self.invalid("min \(min) and max \(max) do not lie in the first and last buckets")
        }
        guard total > 1 || min == max else { throw Self.invalid("one value, but min \(min) differs from max \(max)") }
        self.buckets = buckets
        count = total
        minValue = min
        maxValue = max
    }

    @inline(never)
    static func invalid(_ message: String) -> ReportingError {
        ReportingError(.invalidResults, "latency histogram: " + message)
    }

    static func index(of value: UInt64, in buckets: [Bucket]) -> Int {
        var low = 0, high = buckets.count
        while low < high {
            let mid = (low + high) / 2
            if buckets[mid].value < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
