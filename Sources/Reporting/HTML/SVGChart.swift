/// Inline SVG charts drawn at report time (no script, no network): line charts over time and a
/// horizontal bar chart of latency percentiles.
enum SVGChart {
    struct Series {
        var name: String
        var color: String
        /// (x, y) in data units, x increasing; nil y breaks the line.
        var points: [(Double, Double?)]
    }

    /// Evenly spaced "nice" ticks (1, 2, 2.5, 5 × 10^n) covering 0...max.
    static func ticks(max value: Double, count: Int = 5) -> [Double] {
        guard value > 0, value.isFinite else { return [0, 1] }
        let raw = value / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var out: [Double] = []
        var t = 0.0
        while t < value + step * 0.999 && out.count < 50 {
            out.append(t)
            t += step
        }
        return out
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        if v >= 1_000_000 { return ReportNumber.json(v / 1_000_000, decimals: 1) + "M" }
        if v >= 10_000 { return ReportNumber.json(v / 1000, decimals: 1) + "k" }
        return ReportNumber.json(v, decimals: v < 10 ? 2 : 1)
    }

    /// `m:ss` (or `h:mm:ss`) for seconds since the start of the run.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let h = s / 3600, m = s / 60 % 60, r = s % 60
        let mmss = (h > 0 ? Timestamp.padded(m, 2) : String(m)) + ":" + Timestamp.padded(r, 2)
        return h > 0 ? "\(h):" + mmss : mmss
    }

    /// A line chart of several series over run time (x in seconds since the start).
    static func lines(_ series: [Series], title: String, unit: String, xMax: Double, width: Int = 560, height: Int = 240) -> String {
        let left = 52.0, right = 14.0, top = 30.0, bottom = 30.0
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        var yMax = 0.0
        for s in series { for (_, y) in s.points { if let y, y.isFinite { yMax = max(yMax, y) } } }
        let yTicks = ticks(max: yMax * 1.05)
        let yTop = yTicks.last ?? 1
        let xTicks = timeTicks(xMax)
        let xTop = max(xMax, 1)
        func px(_ x: Double) -> Double { left + x / xTop * w }
        func py(_ y: Double) -> Double { top + h - y / max(yTop, 1e-9) * h }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(MarkupText.attribute(title))\">"
        svg += "<text class=\"ct\" x=\"\(Int(left))\" y=\"18\">\(MarkupText.text(title))</text>"
        svg += "<text class=\"cu\" x=\"\(width - Int(right))\" y=\"18\" text-anchor=\"end\">\(MarkupText.text(unit))</text>"
        for t in yTicks {
            let y = f(py(t))
            svg += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + w))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            svg += "<text class=\"ax\" x=\"\(f(left - 6))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\">\(label(t))</text>"
        }
        for t in xTicks where t <= xTop {
            svg += "<text class=\"ax\" x=\"\(f(px(t)))\" y=\"\(f(top + h + 18))\" text-anchor=\"middle\">\(clock(t))</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(f(left))\" x2=\"\(f(left + w))\" y1=\"\(f(top + h))\" y2=\"\(f(top + h))\"/>"
        for s in series {
            var d = ""
            var pen = false
            for (x, y) in s.points {
                guard let y, y.isFinite else { pen = false; continue }
                d += (pen ? "L" : "M") + f(px(x)) + " " + f(py(y))
                pen = true
            }
            if d.isEmpty { continue }
            svg += "<path class=\"line\" d=\"\(d)\" stroke=\"\(s.color)\"><title>\(MarkupText.text(s.name))</title></path>"
        }
        if series.allSatisfy({ $0.points.allSatisfy { $0.1 == nil } }) {
            svg += "<text class=\"empty\" x=\"\(f(left + w / 2))\" y=\"\(f(top + h / 2))\" text-anchor=\"middle\">no data</text>"
        }
        return svg + "</svg>"
    }

    /// Ticks at round clock times.
    static func timeTicks(_ seconds: Double) -> [Double] {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400]
        let step = steps.first { seconds / $0 <= 7 } ?? (seconds / 7).rounded(.up)
        return stride(from: 0, through: seconds, by: step).map { $0 }
    }

    /// Horizontal bars: for each row, one bar per value (p50, p95, p99) in the given colours.
    static func bars(rows: [(name: String, values: [Double])], keys: [(String, String)], title: String, unit: String, width: Int = 560) -> String {
        let left = 190.0, right = 56.0, top = 44.0, rowHeight = 12.0 * Double(max(1, keys.count)) + 14
        let height = Int(top + rowHeight * Double(max(1, rows.count)) + 28)
        let w = Double(width) - left - right
        let vMax = rows.flatMap(\.values).filter(\.isFinite).max() ?? 0
        let xt = ticks(max: vMax * 1.05)
        let xTop = max(xt.last ?? 1, 1e-9)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(MarkupText.attribute(title))\">"
        svg += "<text class=\"ct\" x=\"8\" y=\"18\">\(MarkupText.text(title))</text>"
        var lx = left
        for (name, color) in keys {
            svg += "<rect x=\"\(f(lx))\" y=\"27\" width=\"10\" height=\"10\" rx=\"2\" fill=\"\(color)\"/>"
            svg += "<text class=\"ax\" x=\"\(f(lx + 14))\" y=\"36\">\(MarkupText.text(name))</text>"
            lx += 64
        }
        svg += "<text class=\"cu\" x=\"\(width - 8)\" y=\"18\" text-anchor=\"end\">\(MarkupText.text(unit))</text>"
        let plotBottom = top + rowHeight * Double(rows.count)
        for t in xt {
            let x = f(left + t / xTop * w)
            svg += "<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(f(top - 4))\" y2=\"\(f(plotBottom))\"/>"
            svg += "<text class=\"ax\" x=\"\(x)\" y=\"\(f(plotBottom + 16))\" text-anchor=\"middle\">\(label(t))</text>"
        }
        for (i, row) in rows.enumerated() {
            let y0 = top + rowHeight * Double(i) + 4
            svg += "<text class=\"rl\" x=\"\(f(left - 8))\" y=\"\(f(y0 + rowHeight / 2 - 2))\" dy=\"0.32em\" text-anchor=\"end\">\(MarkupText.text(row.name))</text>"
            for (k, v) in row.values.enumerated() where k < keys.count && v.isFinite {
                let y = y0 + Double(k) * 12
                let bw = max(1, v / xTop * w)
                svg += "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(bw))\" height=\"10\" rx=\"2\" fill=\"\(keys[k].1)\">"
                svg += "<title>\(MarkupText.text(row.name)) \(keys[k].0): \(ReportNumber.milliseconds(v)) \(unit)</title></rect>"
                svg += "<text class=\"bv\" x=\"\(f(left + bw + 4))\" y=\"\(f(y + 5))\" dy=\"0.32em\">\(ReportNumber.milliseconds(v))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Coordinates with one decimal.
    static func f(_ v: Double) -> String { ReportNumber.json(v, decimals: 1) }
}
