// The outputs of `posecheck progress`: text for people, JSON (schema: PoseCheck docs, "Progress across sessions"), CSV (one row
// per session) and a self-contained HTML page with a chart per check over time.
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning

struct ProgressRenderer {
    let report: ProgressReport
    /// The specs the sessions were graded against, for bands and names.
    let specs: [StretchSpec]
    var colour = false

    func spec(_ id: String) -> StretchSpec? { specs.first { $0.id == id } ?? StretchSpec.builtin(named: id) }

    /// A value in its unit with `digits` decimals for degrees (three more for leg lengths).
    static func format(_ v: Double, _ unit: MetricUnit, digits: Int = 0, signed: Bool = false) -> String {
        let sign = signed && v > 0 ? "+" : ""
        switch unit {
        case .degrees: return sign + formatNumber(v, digits: digits) + "°"
        case .legLengths: return sign + formatNumber(v, digits: digits + 2) + " L"
        }
    }

    static func hold(_ v: Double?) -> String { v.map { formatNumber($0, digits: 1) + " s" } ?? "unknown" }

    /// "1 frame", "4 frames".
    static func framesWords(_ n: Int) -> String { "\(n) frame\(n == 1 ? "" : "s")" }

    static func dateSourceWords(_ d: SessionDate) -> String {
        switch d.source {
        case .metadata: return "dated from the export's \(d.evidence)"
        case .fileName: return "dated from the name (\(d.evidence))"
        case .modificationTime: return "dated from the file's modification time"
        }
    }

    static func day(_ d: SessionDate) -> String { String(d.iso8601.prefix(10)) }

    static func sideWords(_ s: ProgressSession) -> String {
        guard let f = s.front else { return "unknown" }
        return s.frontAmbiguous ? "\(f.rawValue)?" : f.rawValue
    }

    // MARK: text

    func text() -> String {
        var t = ""
        if report.sessions.isEmpty { t += "No session could be graded.\n" }
        for stretch in report.stretches {
            let sessions = report.sessions.filter { $0.stretch == stretch }
            let name = spec(stretch)?.name ?? stretch
            let first = sessions.first.map { Self.day($0.date) } ?? ""
            let last = sessions.last.map { Self.day($0.date) } ?? ""
            t +=
                "PROGRESS  \(stretch) (\(name)): \(sessions.count) session\(sessions.count == 1 ? "" : "s"), \(first) to \(last)\n"
            let sideLines = Side.allCases.compactMap { side -> String? in
                guard let s = report.sides.first(where: { $0.stretch == stretch && $0.side == side }) else {
                    return nil
                }
                return
                    "\(side.rawValue) front: \(s.sessions) session\(s.sessions == 1 ? "" : "s") (\(s.passed) pass, median hold \(Self.hold(s.holdSeconds)))"
            }
            if !sideLines.isEmpty { t += "  " + sideLines.joined(separator: "; ") + "\n" }
            t += "  sessions:\n"
            for s in sessions {
                let verdict = ANSI.verdict(s.verdict, colour)
                let values = s.medians.compactMap { m in
                    m.value.map { v in
                        let thin = m.isThin ? " (\(Self.framesWords(m.frames ?? 0)), not counted)" : ""
                        return "\(m.check.plainName.lowercased()) \(Self.format(v, m.check.unit))\(thin)"
                    }
                }
                var segment = ""
                if let g = s.segment, let a = g.start, let b = g.end {
                    segment = " \(formatNumber(a, digits: 1))–\(formatNumber(b, digits: 1)) s"
                }
                t +=
                    "    \(Self.day(s.date))  \(Self.sideWords(s).padding(7))\(verdict)  hold \(Self.hold(s.holdSeconds))  \(values.joined(separator: ", "))\n"
                let sideSource =
                    s.frontMethod == "fileName"
                    ? "; front side from the name" : s.frontAmbiguous ? "; front side ambiguous" : ""
                t += "      \(s.path)\(segment) (\(Self.dateSourceWords(s.date))\(sideSource))\n"
            }
            let asymmetry = report.asymmetry.filter { $0.stretch == stretch }
            if !asymmetry.isEmpty {
                t +=
                    "  left and right (median of each side's session medians; difference = left front − right front):\n"
                let width = asymmetry.map(\.check.plainName.count).max() ?? 0
                for a in asymmetry {
                    let unit = a.check.unit
                    t +=
                        "    \(a.check.plainName.padding(width + 2))left \(Self.format(a.left, unit, digits: 1).padding(9))right \(Self.format(a.right, unit, digits: 1).padding(9))"
                    t += Self.format(a.difference, unit, digits: 1, signed: true)
                    t += a.flagged ? "  FLAGGED (more than \(Self.format(a.threshold, unit)))\n" : "\n"
                }
            }
            t += "  trend per week (least squares over each side's sessions):\n"
            for side in Side.allCases {
                let trends = report.trends.filter { $0.stretch == stretch && $0.side == side }
                guard !trends.isEmpty else { continue }
                let parts = trends.map { tr -> String in
                    let name = Self.measureName(tr.measure)
                    guard let slope = tr.perWeek else {
                        return
                            "\(name) – (\(tr.sessions) session\(tr.sessions == 1 ? "" : "s") on \(tr.days) day\(tr.days == 1 ? "" : "s"))"
                    }
                    let error = tr.perWeekStandardError.map { " (±\(Self.magnitude($0, tr.measure)))" } ?? ""
                    return "\(name) \(Self.perWeek(slope, tr.measure))\(error)"
                }
                let sessions = trends.map(\.sessions).max() ?? 0
                t +=
                    "    \(side.rawValue) front (\(sessions) session\(sessions == 1 ? "" : "s")): \(parts.joined(separator: ", "))\n"
            }
            let advice = self.advice(stretch)
            if !advice.isEmpty {
                t += "  what it means:\n"
                for a in advice { t += "    - \(a)\n" }
            }
            let unsided = sessions.filter { $0.countedSide == nil }
            if !unsided.isEmpty {
                t +=
                    "  not counted for a side (front side unknown or ambiguous; pass --front left|right): \(unsided.map(\.path).joined(separator: ", "))\n"
            }
            t += "\n"
        }
        if report.sessions.contains(where: { $0.medians.contains(where: \.isThin) }) {
            t +=
                "Medians over fewer than \(CheckMedian.minimumFrames) measured frames are shown, not counted in the per-side medians, trends or left-right differences.\n\n"
        }
        if !report.unrecognised.isEmpty {
            t += "no stretch recognised (\(report.unrecognised.count)):\n"
            for path in report.unrecognised {
                t += "  \(ANSI.paint("NOT ASSESSABLE", "1;33", colour))  \(path): \(Grader.noStretchRecognised)\n"
            }
            t += "\n"
        }
        if !report.unreadable.isEmpty {
            t += "unreadable (\(report.unreadable.count)):\n"
            for u in report.unreadable { t += "  \(ANSI.paint("ERROR", "1;31", colour))  \(u.described)\n" }
            t += "\n"
        }
        let dated = SessionDateSource.allCases.map { src in
            (src, report.sessions.filter { $0.date.source == src }.count)
        }.filter { $0.1 > 0 }
        t +=
            "\(report.sessions.count) session\(report.sessions.count == 1 ? "" : "s"), \(report.unreadable.count) unreadable"
        if !report.unrecognised.isEmpty { t += ", \(report.unrecognised.count) with no stretch recognised" }
        if !dated.isEmpty {
            t += "; dated from " + dated.map { "\(Self.sourceWords($0.0)) \($0.1)" }.joined(separator: ", ")
        }
        return t + "\n"
    }

    static func sourceWords(_ s: SessionDateSource) -> String {
        switch s {
        case .metadata: return "export metadata"
        case .fileName: return "file name"
        case .modificationTime: return "modification time"
        }
    }

    static func measureName(_ m: ProgressMeasure) -> String {
        switch m {
        case .check(let c): return c.plainName
        case .hold: return "Hold"
        }
    }

    /// An unsigned amount in the measure's unit, as the trends show it.
    static func magnitude(_ v: Double, _ m: ProgressMeasure) -> String {
        switch m {
        case .check(let c): return format(v, c.unit, digits: 1)
        case .hold: return formatNumber(v, digits: 1) + " s"
        }
    }

    static func perWeek(_ slope: Double, _ m: ProgressMeasure) -> String {
        switch m {
        case .check(let c): return format(slope, c.unit, digits: 1, signed: true) + "/week"
        case .hold: return (slope > 0 ? "+" : "") + formatNumber(slope, digits: 1) + " s/week"
        }
    }

    /// Sentences a physiotherapist can act on: each flagged difference (which side is further
    /// from the band), then each trend that moves a check into, out of or along its band.
    func advice(_ stretch: String) -> [String] {
        var out: [String] = []
        let asymmetry = report.asymmetry.filter { $0.stretch == stretch }
        for a in asymmetry where a.flagged {
            let unit = a.check.unit
            let higher: Side = a.difference > 0 ? .left : .right
            var sentence =
                "\(a.check.plainName) differs between sides: \(Self.format(abs(a.difference), unit, digits: 1)) "
            sentence +=
                "more with the \(higher.rawValue) leg in front (left front \(Self.format(a.left, unit, digits: 1)), right front \(Self.format(a.right, unit, digits: 1))), "
            sentence += "beyond the \(Self.format(a.threshold, unit)) two measurements can differ by."
            if let band = spec(stretch)?.check(a.check)?.band {
                let leftWorse = Self.isFurther(a.left, than: a.right, from: band)
                let rightWorse = Self.isFurther(a.right, than: a.left, from: band)
                if leftWorse || rightWorse {
                    let worse: Side = leftWorse ? .left : .right
                    sentence +=
                        " The \(worse.rawValue)-front side is further from \(band.describe(unit: unit)): give the lunge with the \(worse.rawValue) leg in front more practice."
                }
            }
            out.append(sentence)
        }
        if !asymmetry.isEmpty && !asymmetry.contains(where: \.flagged) {
            out.append(
                "No check differs between the sides by more than its threshold (\(Self.format(AsymmetryThreshold.degrees, .degrees)) for angles, \(Self.format(AsymmetryThreshold.legLengths, .legLengths)) for distances)."
            )
        }
        for tr in report.trends where tr.stretch == stretch {
            guard let slope = tr.perWeek, let first = tr.fittedFirst, let last = tr.fittedLast else { continue }
            let name = Self.measureName(tr.measure)
            var sentence =
                "\(name), \(tr.side.rawValue) front: \(Self.perWeek(slope, tr.measure)) over \(tr.sessions) sessions"
            // Within two standard errors of no change: say so rather than read a direction into it.
            let noise = tr.perWeekStandardError.map { abs(slope) < 2 * $0 } ?? false
            switch tr.measure {
            case .check(let c):
                guard let band = spec(stretch)?.check(c)?.band else { continue }
                let before = Self.gap(first, band)
                let after = Self.gap(last, band)
                let small = c.unit == .degrees ? 0.5 : 0.005
                let outside = band.deviation(of: last) != 0
                if abs(before - after) < small {
                    // Steady: only worth a sentence when outside the band.
                    guard outside else { continue }
                    sentence +=
                        ", still \(Self.format(abs(band.deviation(of: last)), c.unit)) outside \(band.describe(unit: c.unit)): not improving yet."
                } else if noise, let error = tr.perWeekStandardError {
                    sentence +=
                        ", within the sessions' scatter (±\(Self.magnitude(error, tr.measure)) a week): no clear change yet."
                } else {
                    // Inside a band with a target, the target is what the trend approaches.
                    let aim =
                        outside || band.target == nil
                        ? band.describe(unit: c.unit)
                        : "the \(Self.format(band.target ?? 0, c.unit)) target (inside \(band.describe(unit: c.unit)))"
                    sentence +=
                        after < before
                        ? ", closer to \(aim): keep going." : ", further from \(aim): check the form on this side."
                }
            case .hold:
                let need = spec(stretch)?.holdSeconds ?? 0
                guard abs(slope) >= 0.1, !noise else { continue }
                sentence += slope > 0 ? ": holds are getting longer" : ": holds are getting shorter"
                sentence += " (\(formatNumber(need, digits: 0)) s needed)."
            }
            out.append(sentence)
        }
        return out
    }

    /// How far a value is from the band's ideal: outside the band, its distance to the band;
    /// inside, its distance to the target (0 for a one-sided band).
    static func gap(_ v: Double, _ band: Band) -> Double {
        let outside = abs(band.deviation(of: v))
        if outside > 0 { return outside }
        return band.target.map { abs(v - $0) } ?? 0
    }

    /// Whether `a` is further from the band than `b`: outside it beats inside, then the gap.
    static func isFurther(_ a: Double, than b: Double, from band: Band) -> Bool {
        let aOutside = band.deviation(of: a) != 0
        let bOutside = band.deviation(of: b) != 0
        if aOutside != bOutside { return aOutside }
        return gap(a, band) > gap(b, band)
    }

    // MARK: JSON

    static func rounded(_ v: Double?) -> Double? { v.map { ($0 * 10_000).rounded() / 10_000 } }

    static func unitName(_ m: ProgressMeasure) -> String {
        switch m {
        case .check(let c): return c.unit.rawValue
        case .hold: return "seconds"
        }
    }

    func json() -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schemaVersion", 1)
        w.key("sessions")
        w.beginArray()
        for s in report.sessions {
            w.beginObject()
            w.field("path", s.path)
            w.field("date", s.date.iso8601)
            w.field("dateSource", s.date.source.rawValue)
            w.field("dateEvidence", s.date.evidence)
            w.field("front", s.front?.rawValue)
            w.field("frontMethod", s.frontMethod)
            w.field("frontAmbiguous", s.frontAmbiguous)
            w.field("stretch", s.stretch)
            w.key("segment")
            if let g = s.segment {
                w.beginObject()
                w.field("start", Self.rounded(g.start))
                w.field("end", Self.rounded(g.end))
                w.endObject()
            } else {
                w.null()
            }
            w.field("verdict", s.verdict.rawValue)
            w.field("holdSeconds", Self.rounded(s.holdSeconds))
            w.key("medians")
            Self.medians(s.medians, &w)
            w.key("measuredFrames")
            w.beginObject()
            for m in s.medians { w.field(m.check.rawValue, m.frames) }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("sides")
        w.beginObject()
        for side in Side.allCases {
            w.key(side.rawValue)
            w.beginObject()
            for s in report.sides where s.side == side {
                w.key(s.stretch)
                w.beginObject()
                w.field("sessions", s.sessions)
                w.field("passed", s.passed)
                w.field("holdSeconds", Self.rounded(s.holdSeconds))
                w.key("medians")
                Self.medians(s.medians, &w)
                w.endObject()
            }
            w.endObject()
        }
        w.endObject()
        w.key("asymmetry")
        w.beginArray()
        for a in report.asymmetry {
            w.beginObject()
            w.field("stretch", a.stretch)
            w.field("check", a.check.rawValue)
            w.field("unit", a.check.unit.rawValue)
            w.field("left", Self.rounded(a.left))
            w.field("right", Self.rounded(a.right))
            w.field("difference", Self.rounded(a.difference))
            w.field("threshold", a.threshold)
            w.field("flagged", a.flagged)
            w.field("leftSessions", a.leftSessions)
            w.field("rightSessions", a.rightSessions)
            w.endObject()
        }
        w.endArray()
        w.key("trend")
        w.beginArray()
        for tr in report.trends {
            w.beginObject()
            w.field("stretch", tr.stretch)
            w.field("check", tr.measure.description)
            w.field("side", tr.side.rawValue)
            w.field("unit", Self.unitName(tr.measure))
            w.field("perWeek", Self.rounded(tr.perWeek))
            w.field("perWeekStandardError", Self.rounded(tr.perWeekStandardError))
            w.field("sessions", tr.sessions)
            w.field("days", tr.days)
            w.endObject()
        }
        w.endArray()
        w.key("unrecognised")
        w.beginArray()
        for path in report.unrecognised { w.string(path) }
        w.endArray()
        w.key("unreadable")
        w.beginArray()
        for u in report.unreadable {
            w.beginObject()
            w.field("path", u.path)
            w.field("code", u.code)
            w.field("message", u.message)
            w.field("line", u.line)
            w.field("column", u.column)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func medians(_ medians: [CheckMedian], _ w: inout JSONWriter) {
        w.beginObject()
        for m in medians { w.field(m.check.rawValue, rounded(m.value)) }
        w.endObject()
    }

    // MARK: CSV

    func csv() -> String {
        let checks = CheckID.allCases.filter { c in
            report.sessions.contains { s in s.medians.contains { $0.check == c } }
        }
        var header = [
            "path", "date", "dateSource", "stretch", "front", "frontAmbiguous", "segmentStart", "segmentEnd", "verdict",
            "holdSeconds",
        ]
        header += checks.map(\.rawValue)
        header += checks.map { $0.rawValue + "Frames" }
        header.append("error")
        var out = header.joined(separator: ",") + "\n"
        func number(_ v: Double?) -> String { Self.rounded(v).map { JSONWriter.format($0) } ?? "" }
        for s in report.sessions {
            var cells = [
                s.path, s.date.iso8601, s.date.source.rawValue, s.stretch, s.front?.rawValue ?? "",
                s.front == nil ? "" : String(s.frontAmbiguous), number(s.segment?.start), number(s.segment?.end),
                s.verdict.rawValue, number(s.holdSeconds),
            ]
            cells += checks.map { number(s.median($0)) }
            cells += checks.map { c in s.medians.first { $0.check == c }?.frames.map(String.init) ?? "" }
            cells.append("")
            out += cells.map(CSVFrameWriter.field).joined(separator: ",") + "\n"
        }
        // A recording without a session: its path, stretch, verdict and error; no medians.
        func rowWithoutSession(_ path: String, stretch: String, verdict: String, error: String) -> String {
            let cells =
                [path, "", "", stretch, "", "", "", "", verdict, ""]
                + Array(repeating: "", count: 2 * checks.count) + [error]
            return cells.map(CSVFrameWriter.field).joined(separator: ",") + "\n"
        }
        for path in report.unrecognised {
            out += rowWithoutSession(
                path, stretch: "auto", verdict: Verdict.notAssessable.rawValue,
                error: "no_stretch_found: " + Grader.noStretchRecognised)
        }
        for u in report.unreadable {
            out += rowWithoutSession(u.path, stretch: "", verdict: "error", error: u.code + ": " + u.described)
        }
        return out
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
