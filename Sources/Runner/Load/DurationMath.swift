extension Duration {
    /// Whole nanoseconds (rounded down; saturating far outside a run's range).
    var nanoseconds: Int64 {
        let (s, atto) = components
        let (scaled, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return s < 0 ? .min : .max }
        return scaled.addingReportingOverflow(atto / 1_000_000_000).partialValue
    }

    /// Seconds as a double.
    var secondsValue: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
