// The progress page: the report's style (self-contained: inline CSS and SVG, nothing loaded from
// elsewhere, the same bytes for the same input), the left–right table, and per check a chart of
// the session medians over time, one line per front side, dates on the x axis.
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning

extension ProgressRenderer {
    static let sideColours: [Side: String] = [.left: "#2b6cb0", .right: "#dd6b20"]

    func html() -> String {
        let esc = HTMLReport.esc
        var h = HTMLReport.head(title: "PoseCheck progress")
        h += "<section><h1>Progress</h1><p>\(report.sessions.count) sessions, \(report.unreadable.count) unreadable. "
        h +=
            "Values are each session's median; lines: <b style=\"color:\(Self.sideColours[.left] ?? "")\">left leg in front</b>, "
        h +=
            "<b style=\"color:\(Self.sideColours[.right] ?? "")\">right leg in front</b>; the shaded band is the pass band; medians over fewer than \(CheckMedian.minimumFrames) measured frames are left out.</p></section>\n"
        for stretch in report.stretches {
            let spec = self.spec(stretch)
            h += "<section><h2>\(esc(spec?.name ?? stretch)) <span class=\"id\">\(esc(stretch))</span></h2>"
            let advice = self.advice(stretch)
            if !advice.isEmpty {
                h += "<ul class=\"advice\">" + advice.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
            }
            h += asymmetryTable(stretch)
            h += "</section>\n"
            let checks = ProgressReportChecks.checks(report, stretch)
            for measure in checks.map(ProgressMeasure.check) + [.hold] {
                h += "<section><h2>\(esc(Self.measureName(measure)))</h2>" + chart(stretch, measure) + "</section>\n"
            }
            h += "<section><h2>Sessions</h2>" + sessionTable(stretch) + "</section>\n"
        }
        if !report.unrecognised.isEmpty {
            h +=
                "<section><h2>No stretch recognised</h2><ul>"
                + report.unrecognised.map { "<li>\(esc($0)): \(esc(Grader.noStretchRecognised))</li>" }.joined()
                + "</ul></section>\n"
        }
        if !report.unreadable.isEmpty {
            h +=
                "<section><h2>Unreadable</h2><ul>" + report.unreadable.map { "<li>\(esc($0.described))</li>" }.joined()
                + "</ul></section>\n"
        }
        return h + "</main></body></html>\n"
    }

    func asymmetryTable(_ stretch: String) -> String {
        let rows = report.asymmetry.filter { $0.stretch == stretch }
        guard !rows.isEmpty else { return "<p>No check was measured with both legs in front.</p>" }
        var t =
            "<table id=\"asymmetry-\(HTMLReport.esc(stretch))\"><tr><th>check</th><th class=\"num\">left front</th><th class=\"num\">right front</th>"
        t += "<th class=\"num\">left − right</th><th class=\"num\">threshold</th><th>flag</th></tr>"
        for a in rows {
            let unit = a.check.unit
            t +=
                "<tr><td>\(HTMLReport.esc(a.check.plainName))</td><td class=\"num\">\(Self.format(a.left, unit, digits: 1))</td>"
            t +=
                "<td class=\"num\">\(Self.format(a.right, unit, digits: 1))</td><td class=\"num\">\(Self.format(a.difference, unit, digits: 1, signed: true))</td>"
            t +=
                "<td class=\"num\">\(Self.format(a.threshold, unit))</td><td class=\"\(a.flagged ? "v-fail" : "v-pass")\">\(a.flagged ? "differs" : "ok")</td></tr>"
        }
        return t + "</table>"
    }

    func sessionTable(_ stretch: String) -> String {
        var t =
            "<table><tr><th>date</th><th>dated from</th><th>front</th><th>verdict</th><th class=\"num\">hold</th><th>recording</th></tr>"
        for s in report.sessions where s.stretch == stretch {
            let cls = s.verdict == .pass ? "v-pass" : s.verdict == .fail ? "v-fail" : "v-other"
            t +=
                "<tr><td>\(Self.day(s.date))</td><td>\(HTMLReport.esc(Self.sourceWords(s.date.source)))</td><td>\(Self.sideWords(s))</td>"
            t +=
                "<td class=\"\(cls)\">\(s.verdict.rawValue)</td><td class=\"num\">\(Self.hold(s.holdSeconds))</td><td>\(HTMLReport.esc(s.path))</td></tr>"
        }
        return t + "</table>"
    }

    /// One chart: x = date, y = the measure in its unit, one polyline with dots per side.
    func chart(_ stretch: String, _ measure: ProgressMeasure) -> String {
        let points: [(Side, Double, Double)] = Side.allCases.flatMap { side in
            report.sessions(stretch: stretch, side: side).compactMap { s in
                ProgressReport.value(measure, in: s).map { (side, s.date.secondsSince1970, $0) }
            }
        }
        guard !points.isEmpty else { return "<p>Not measured with a known front side.</p>" }
        let width = 1000.0
        let height = 220.0
        let left = 64.0
        let right = 48.0
        let top = 12.0
        let bottom = 36.0
        let times = points.map(\.1)
        let t0 = times.min() ?? 0
        let t1 = times.max() ?? 1
        var lo = points.map(\.2).min() ?? 0
        var hi = points.map(\.2).max() ?? 1
        var band: Band?
        if case .check(let c) = measure { band = spec(stretch)?.check(c)?.band }
        if let b = band {
            if let l = b.lower { lo = min(lo, l) }
            if let u = b.upper { hi = max(hi, u) }
        }
        let need: Double? = measure == .hold ? spec(stretch)?.holdSeconds : nil
        if let need {
            lo = min(lo, need)
            hi = max(hi, need)
        }
        let pad = max((hi - lo) * 0.08, measure == .hold ? 0.5 : (unit(measure) == .legLengths ? 0.01 : 1))
        lo -= pad
        hi += pad
        func x(_ t: Double) -> Double {
            t1 - t0 < 1 ? left + (width - left - right) / 2 : left + (width - left - right) * (t - t0) / (t1 - t0)
        }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - lo) / (hi - lo)) }
        func f(_ v: Double) -> String { formatNumber(v, digits: 1) }
        let id = "chart-\(stretch)-\(measure.description)"
        var svg =
            "<svg id=\"\(HTMLReport.esc(id))\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" role=\"img\" aria-label=\"\(HTMLReport.esc(Self.measureName(measure))) over time\">"
        if let b = band {
            let upper = y(min(hi, b.upper ?? hi))
            let lower = y(max(lo, b.lower ?? lo))
            svg +=
                "<rect class=\"band\" x=\"\(f(left))\" y=\"\(f(upper))\" width=\"\(f(width - left - right))\" height=\"\(f(max(0, lower - upper)))\" fill=\"#1f9d55\" opacity=\".10\"/>"
        }
        if let need {
            svg +=
                "<line class=\"needed\" x1=\"\(f(left))\" y1=\"\(f(y(need)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(need)))\" stroke=\"#1f9d55\" stroke-dasharray=\"6 4\"/>"
            svg +=
                "<text x=\"\(f(width - right))\" y=\"\(f(y(need) - 4))\" text-anchor=\"end\">needed \(formatNumber(need, digits: 0)) s</text>"
        }
        // y axis: three values with the unit.
        for k in 0..<3 {
            let v = lo + (hi - lo) * Double(k) / 2
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(v)))\" stroke=\"#e4e6ea\"/>"
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(HTMLReport.esc(Self.axisLabel(v, measure)))</text>"
        }
        // x axis: the dates of the sessions (at most 8 labels).
        let days = Array(Set(points.map { Int(($0.1 / 86_400).rounded(.down)) })).sorted()
        let step = max(1, (days.count + 7) / 8)
        for (k, day) in days.enumerated() where k % step == 0 || k == days.count - 1 {
            let t = points.filter { Int(($0.1 / 86_400).rounded(.down)) == day }.map(\.1).min() ?? Double(day) * 86_400
            svg +=
                "<text x=\"\(f(x(t)))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(SessionDating.iso8601(t).prefix(10))</text>"
        }
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" stroke=\"#99a\"/>"
        for side in Side.allCases {
            let mine = points.filter { $0.0 == side }.sorted { $0.1 < $1.1 }
            guard !mine.isEmpty, let colour = Self.sideColours[side] else { continue }
            let coordinates = mine.map { "\(f(x($0.1))),\(f(y($0.2)))" }.joined(separator: " ")
            svg +=
                "<polyline class=\"side-\(side.rawValue)\" points=\"\(coordinates)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\"/>"
            for p in mine {
                svg +=
                    "<circle cx=\"\(f(x(p.1)))\" cy=\"\(f(y(p.2)))\" r=\"3.5\" fill=\"\(colour)\"><title>\(side.rawValue) front, \(SessionDating.iso8601(p.1).prefix(10)): \(HTMLReport.esc(Self.axisLabel(p.2, measure)))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    func unit(_ m: ProgressMeasure) -> MetricUnit? {
        if case .check(let c) = m { return c.unit }
        return nil
    }

    static func axisLabel(_ v: Double, _ m: ProgressMeasure) -> String {
        switch m {
        case .check(let c): return format(v, c.unit)
        case .hold: return formatNumber(v, digits: 1) + " s"
        }
    }
}

/// The checks of a stretch's sessions, in spec order.
enum ProgressReportChecks {
    static func checks(_ report: ProgressReport, _ stretch: String) -> [CheckID] {
        var out: [CheckID] = []
        for s in report.sessions where s.stretch == stretch {
            for m in s.medians where !out.contains(m.check) { out.append(m.check) }
        }
        return out
    }
}
