/// A UE's message ladder as an SVG sequence diagram: one lifeline per node, one arrow per message with its
/// name above and its summary below, the time since the first message on the left, flagged messages in red.
enum SequenceDiagram {
    static let column = 190.0, left = 96.0, headerHeight = 44.0, rowHeight = 40.0

    static func render(_ ladder: [LadderEntry]) -> String {
        let nodes = participants(ladder)
        guard !nodes.isEmpty else { return "<p class=\"muted\">No messages were recorded for this UE.</p>" }
        let index = Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let width = Int(left + column * Double(nodes.count) + 30)
        let height = Int(headerHeight + rowHeight * Double(ladder.count) + 16)
        func x(_ node: String) -> Double { left + column * (Double(index[node] ?? 0) + 0.5) }
        var svg = "<svg class=\"ladder\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" role=\"img\" aria-label=\"message ladder\">"
        for n in nodes {
            let cx = x(n)
            svg += "<rect class=\"node\" x=\"\(f(cx - 62))\" y=\"6\" width=\"124\" height=\"26\" rx=\"5\"/>"
            svg += "<text class=\"nodename\" x=\"\(f(cx))\" y=\"19\" dy=\"0.32em\" text-anchor=\"middle\">\(MarkupText.text(cut(n, 18)))</text>"
            svg += "<line class=\"life\" x1=\"\(f(cx))\" x2=\"\(f(cx))\" y1=\"32\" y2=\"\(height - 6)\"/>"
        }
        let t0 = ladder[0].time
        for (i, e) in ladder.enumerated() {
            let y = headerHeight + rowHeight * Double(i) + 18
            let cls = e.flagged ? " bad" : ""
            let ms = Double(e.time.microseconds - t0.microseconds) / 1000
            svg += "<text class=\"lt\" x=\"8\" y=\"\(f(y))\" dy=\"0.32em\">+\(ReportNumber.milliseconds(ms)) ms</text>"
            let x1 = x(e.from), x2 = x(e.to)
            if e.from == e.to {
                svg += "<rect class=\"note\(cls)\" x=\"\(f(x1 + 6))\" y=\"\(f(y - 13))\" width=\"\(f(column * 0.9))\" height=\"26\" rx=\"4\"/>"
                svg += "<text class=\"msg\(cls)\" x=\"\(f(x1 + 12))\" y=\"\(f(y - 3))\">\(MarkupText.text(cut(e.message, 30)))</text>"
                svg += "<text class=\"sum\" x=\"\(f(x1 + 12))\" y=\"\(f(y + 9))\">\(MarkupText.text(cut(e.summary, 32)))</text>"
                continue
            }
            let dir = x2 > x1 ? 1.0 : -1.0
            let tip = x2 - dir * 2
            svg += "<line class=\"arrow\(cls)\" x1=\"\(f(x1))\" x2=\"\(f(tip - dir * 6))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
            svg += "<polygon class=\"head\(cls)\" points=\"\(f(tip)),\(f(y)) \(f(tip - dir * 8)),\(f(y - 4)) \(f(tip - dir * 8)),\(f(y + 4))\"/>"
            let mid = (x1 + x2) / 2
            let room = Int(abs(x2 - x1) / 6.6)
            svg += "<text class=\"msg\(cls)\" x=\"\(f(mid))\" y=\"\(f(y - 6))\" text-anchor=\"middle\">\(MarkupText.text(cut(e.message, room)))"
            svg += "<title>\(MarkupText.text(e.message + (e.summary.isEmpty ? "" : ": " + e.summary)))</title></text>"
            if !e.summary.isEmpty {
                svg += "<text class=\"sum\" x=\"\(f(mid))\" y=\"\(f(y + 13))\" text-anchor=\"middle\">\(MarkupText.text(cut(e.summary, room + 4)))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Nodes in network order (UE, gNBs, AMF, SMF, UPF, others), each kind in order of appearance.
    static func participants(_ ladder: [LadderEntry]) -> [String] {
        var seen: [String] = []
        for e in ladder {
            for n in [e.from, e.to] where !seen.contains(n) { seen.append(n) }
        }
        func rank(_ n: String) -> Int {
            let u = n.uppercased()
            if u.hasPrefix("UE") { return 0 }
            if u.hasPrefix("GNB") || u.hasPrefix("NG-RAN") { return 1 }
            if u.hasPrefix("AMF") { return 2 }
            if u.hasPrefix("SMF") { return 3 }
            if u.hasPrefix("UPF") { return 4 }
            return 5
        }
        return seen.enumerated().sorted { a, b in
            rank(a.element) != rank(b.element) ? rank(a.element) < rank(b.element) : a.offset < b.offset
        }.map(\.element)
    }

    static func cut(_ s: String, _ n: Int) -> String { s.count <= max(4, n) ? s : String(s.prefix(max(4, n) - 1)) + "…" }
    static func f(_ v: Double) -> String { ReportNumber.json(v, decimals: 1) }
}
