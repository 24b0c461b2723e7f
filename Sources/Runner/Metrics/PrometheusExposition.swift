/// Writes `MetricsState` in the Prometheus text exposition format (version 0.0.4): `# HELP` and `# TYPE`
/// per family, samples sorted by label for stable output, label values escaped (`\\`, `\"`, `\n`).
///
/// Families: `coregate_procedure_attempts_total`, `_successes_total`, `_failures_total` (counters, label
/// `procedure`), `coregate_procedure_latency_seconds` (histogram of successful attempts: cumulative
/// `_bucket{le}`, `_sum`, `_count`), `coregate_messages_total` (counter, labels `type` and `direction`),
/// `coregate_iterations_started_total`, `coregate_dropped_arrivals_total` (counters) and
/// `coregate_iterations_running` (gauge).
public enum PrometheusExposition {
    /// The `Content-Type` of the format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ state: MetricsState) -> String {
        var out = ""
        let procedures = state.procedures.keys.sorted()
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func counters(_ name: String, _ help: String, _ value: (MetricsState.Procedure) -> UInt64) {
            family(name, "counter", help)
            for p in procedures {
                out += "\(name){procedure=\"\(escape(p))\"} \(value(state.procedures[p] ?? .init()))\n"
            }
        }
        counters("coregate_procedure_attempts_total", "Procedure attempts started.") { $0.attempts }
        counters("coregate_procedure_successes_total", "Procedure attempts that succeeded.") { $0.successes }
        counters("coregate_procedure_failures_total", "Procedure attempts that failed (rejected, timed out, cut).") { $0.failures }

        let latency = "coregate_procedure_latency_seconds"
        family(latency, "histogram", "Latency of successful procedure attempts.")
        for p in procedures {
            let stats = state.procedures[p] ?? .init()
            let label = "procedure=\"\(escape(p))\""
            var cumulative: UInt64 = 0
            for (i, bound) in MetricsState.latencyBounds.enumerated() {
                cumulative &+= stats.buckets[i]
                out += "\(latency)_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative &+= stats.buckets[MetricsState.latencyBounds.count]
            out += "\(latency)_bucket{\(label),le=\"+Inf\"} \(cumulative)\n"
            out += "\(latency)_sum{\(label)} \(stats.latencySum)\n"
            out += "\(latency)_count{\(label)} \(cumulative)\n"
        }

        family("coregate_messages_total", "counter", "Messages by type and direction.")
        for type in state.messages.keys.sorted() {
            let m = state.messages[type] ?? .init()
            out += "coregate_messages_total{type=\"\(escape(type))\",direction=\"received\"} \(m.received)\n"
            out += "coregate_messages_total{type=\"\(escape(type))\",direction=\"sent\"} \(m.sent)\n"
        }

        family("coregate_iterations_started_total", "counter", "Iterations of the scenario started.")
        out += "coregate_iterations_started_total \(state.iterationsStarted)\n"
        family("coregate_iterations_running", "gauge", "Iterations of the scenario running now.")
        out += "coregate_iterations_running \(state.iterationsRunning)\n"
        family("coregate_dropped_arrivals_total", "counter", "Open-model arrivals that found no idle UE or no room under max_concurrent.")
        out += "coregate_dropped_arrivals_total \(state.droppedArrivals)\n"
        return out
    }

    /// A label value with `\`, `"` and line feeds escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        for c in value.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
