import PoseModel
// The text report: a summary a person takes in within ten seconds, per-frame lines on request.
import PoseScanning

/// The text report: a verdict line and the summary a person takes in at a glance, with one line
/// per frame before it when the context includes frames. Colour only when the context asks.
public struct TextWriter: ResultWriter {
    private var context: ReportContext?
    private var collector: ReportCollector?
    /// A writer with nothing written yet.
    public init() {}

    /// Starts the report; returns nothing (the summary comes at the end).
    public mutating func begin(_ c: ReportContext) -> String {
        context = c
        collector = ReportCollector(spec: c.spec)
        return ""
    }

    /// Takes the frames collected elsewhere, for the summary's best and worst frames.
    public mutating func adopt(_ collector: ReportCollector) { self.collector = collector }

    /// The frame's line (index, time, status, score, view) with the advice and reasons indented
    /// under it, when the context includes frames; otherwise nothing.
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        collector?.add(pose, r)
        guard let c = context, c.includeFrames else { return "" }
        var line = "frame \(r.index)"
        if let t = r.time { line += "  \(formatNumber(t, digits: 2)) s" }
        line += "  " + Self.statusWord(r.status)
        line += "  score " + (r.score.map { formatNumber($0, digits: 0) } ?? "–")
        line += "  " + r.view.name + " view"
        var details: [String] = []
        for (i, check) in r.checks.enumerated() {
            if let a = check.advice(band: c.spec.checks[i].band) {
                details.append(check.required ? a : "(advisory) " + a)
            } else if check.required, check.status == .notAssessable, let reason = check.reason {
                details.append("\(check.check.plainName): \(c.hints.reason(reason))")
            }
        }
        if r.status == .notAssessable, let issue = r.issues.first(where: \.isFrameWide) {
            details = [issue.message]
        }
        // Flags that do not stop the frame from being scored (its time, its number) still show.
        for issue in r.issues where issue.informational {
            details.append("\(issue.code): \(issue.message)")
        }
        if !details.isEmpty { line += "\n    " + Self.dedupe(details).joined(separator: "\n    ") }
        return line + "\n"
    }

    static func dedupe(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// The words for a frame status: "in form", "deviating", "not assessable".
    public static func statusWord(_ s: FrameStatus) -> String {
        switch s {
        case .inForm: return "in form"
        case .deviating: return "deviating"
        case .notAssessable: return "not assessable"
        }
    }

    /// The summary: verdict, stretch and path, the reason, the longest hold, frame counts and
    /// score over time, the notes, what to fix and what could not be measured.
    public mutating func end(_ s: RecordingSummary) -> String {
        guard let c = context else { return "" }
        var out = c.includeFrames ? "\n" : ""
        out += "\(ANSI.verdict(s.verdict, c.colour))  \(c.spec.id) (\(c.spec.name))  \(c.path)\n"
        out += "  \(s.verdictReason)\n"
        if let h = s.longestHold {
            out +=
                "  longest hold: \(formatNumber(h.seconds, digits: 1)) s (frames \(h.startFrame)–\(h.endFrame)) of \(formatNumber(s.requiredHoldSeconds, digits: 1)) s needed\n"
        } else if s.frames == 0 {
            // The verdict's reason says that the recording has no frames: no hold to time.
        } else if !s.timeKnown && s.untrustedTimes > 0 {
            out += "  longest hold: unknown (the frame times cannot be trusted)\n"
        } else if !s.timeKnown {
            out += "  longest hold: unknown (no timestamps\(c.hints.frameRate.map { "; " + $0 } ?? ""))\n"
        } else {
            out += "  longest hold: 0.0 s of \(formatNumber(s.requiredHoldSeconds, digits: 1)) s needed\n"
        }
        if s.untrustedTimes > 0 || s.timeGaps > 0 {
            var parts: [String] = []
            if s.untrustedTimes > 0 {
                parts.append(
                    "\(s.untrustedTimes) frame\(s.untrustedTimes == 1 ? "" : "s") with a time that cannot be trusted (not used to time the hold)"
                )
            }
            if s.timeGaps > 0 {
                parts.append("\(s.timeGaps) gap\(s.timeGaps == 1 ? "" : "s") in time (no hold spans a gap)")
            }
            out += "  times: \(parts.joined(separator: "; ")); each is flagged on its frame\n"
        }
        if let flagged = collector?.flaggedInput, let first = flagged.first {
            let which = flagged.frames == 1 ? "" : "the first, "
            out +=
                "  input: \(flagged.frames) frame\(flagged.frames == 1 ? "" : "s") flagged by the reader (\(which)frame \(first.index): \(first.issue.code): \(first.issue.message)); each is flagged on its frame\n"
        }
        if let several = collector?.severalPeople, let first = several.first {
            let choose = c.hints.person.map { "; \($0)" } ?? ""
            out +=
                "  people: \(several.frames) frame\(several.frames == 1 ? " shows" : "s show") several people (frame \(first.index): \(first.issue.message))\(choose)\n"
        }
        func pct(_ n: Int) -> String {
            s.frames > 0 ? " (\(formatNumber(100 * Double(n) / Double(s.frames), digits: 0))%)" : ""
        }
        out +=
            "  frames: \(s.frames) total, \(s.inForm) in form\(pct(s.inForm)), \(s.deviating) deviating, \(s.notAssessable) not assessable"
        out += s.meanScore.map { "; mean score \(formatNumber($0, digits: 1))\n" } ?? "\n"
        if let line = collector?.sparkline(), line.contains(where: { $0 != " " }) {
            out += "  score over time: \(line)\n"
        }
        if let note = c.frontNote {
            out += "  \(note)\n"
        } else if let side = c.front.side {
            out += "  front side: \(side.rawValue) (\(c.hints.frontSideSource))\n"
        }
        let top = s.topDeviations.prefix(3)
        if !top.isEmpty {
            out += "  to fix:\n"
            for t in top {
                guard let band = c.spec.check(t.check)?.band else { continue }
                out += "    - \(t.required ? "" : "(advisory) ")\(t.advice(band: band))\n"
            }
        }
        let unassessable = s.checks.filter { $0.required && $0.notAssessable > 0 }.sorted {
            $0.notAssessable > $1.notAssessable
        }.prefix(3)
        // Also when every frame got a status: a failing check decides a frame while another
        // check goes unmeasured on it, and the reader is told why.
        if !unassessable.isEmpty {
            out += "  not measured:\n"
            for u in unassessable {
                out +=
                    "    - \(u.check.plainName): \(u.notAssessable) frame\(u.notAssessable == 1 ? "" : "s") (\(u.commonReason ?? "unknown reason"))\n"
            }
        }
        let notes = c.notes
        if !notes.isEmpty {
            out += "  notes:\n"
            for n in notes { out += "    - \(n)\n" }
        }
        return out
    }
}
