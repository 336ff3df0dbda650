// The visual report: one self-contained HTML file (inline CSS and SVG; no scripts, styles,
// fonts or images from anywhere else). Byte-identical for the same input: no dates, and every
// number is written with a fixed number of decimals.
import PoseGeometry
import PoseModel

/// The visual report of one recording (see the top of this file).
public enum HTMLReport {
    /// The whole page: the verdict, the per-check lanes over time, the best and worst frames drawn
    /// as stick figures, and the per-check table. Byte-identical for the same input.
    public static func render(context c: ReportContext, summary s: RecordingSummary, collector: ReportCollector)
        -> String
    {
        var h = head(title: "\(c.spec.name): \(c.path)")
        h += "<header class=\"\(s.verdict.rawValue)\"><div class=\"verdict\">\(verdictWord(s.verdict))</div>"
        h += "<div><h1>\(esc(c.spec.name)) <span class=\"id\">\(esc(c.spec.id))</span></h1>"
        h += "<p class=\"path\">\(esc(c.path))</p><p>\(esc(s.verdictReason))</p></div></header>\n"
        h += "<section class=\"facts\">"
        h += fact(
            "longest hold", s.longestHoldSeconds.map { "\(formatNumber($0, digits: 1)) s" } ?? "unknown",
            "of \(formatNumber(s.requiredHoldSeconds, digits: 0)) s needed")
        h += fact(
            "in form", s.frames > 0 ? "\(formatNumber(100 * Double(s.inForm) / Double(s.frames), digits: 0))%" : "–",
            "\(s.inForm) of \(s.frames) frames")
        h += fact("mean score", s.meanScore.map { formatNumber($0, digits: 0) } ?? "–", "0–100")
        let frontSource =
            c.front.method == "auto"
            ? (c.front.ambiguous ? "ambiguous: \(c.front.ambiguity)" : "decided from the knees")
            : c.front.method == "export" ? "given by the export" : c.hints.frontSideSource
        h += fact("front side", c.front.side?.rawValue ?? "unknown", frontSource)
        h += "</section>\n"
        let top = s.topDeviations.prefix(3)
        h += "<section><h2>What to fix</h2>"
        if top.isEmpty {
            h += "<p class=\"ok\">Nothing: every measured check stayed inside its band.</p>"
        } else {
            h += "<ol class=\"advice\">"
            for t in top {
                guard let band = c.spec.check(t.check)?.band else { continue }
                h += "<li>\(t.required ? "" : "<em>advisory</em> ")\(esc(t.advice(band: band)))</li>"
            }
            h += "</ol>"
        }
        h += "</section>\n"
        h += "<section><h2>Over time</h2>" + timeline(c, s, collector) + "</section>\n"
        // When every frame scores alike, best and worst are one figure, not the same one twice.
        let alike = collector.best?.result.score == collector.worst?.result.score
        h +=
            "<section><h2>\(alike ? "A frame (every frame scores the same)" : "Best and worst frame")</h2><div class=\"figures\">"
        h += figure(id: "figure-best", title: alike ? "Every frame" : "Best", collector.best, c)
        if !alike { h += figure(id: "figure-worst", title: "Worst", collector.worst, c) }
        h += "</div></section>\n"
        h += "<section><h2>Checks</h2>" + table(c, s) + "</section>\n"
        if !c.notes.isEmpty || c.frontNote != nil {
            h += "<section><h2>Notes</h2><ul>"
            for n in c.notes + [c.frontNote].compactMap({ $0 }) { h += "<li>\(esc(n))</li>" }
            h += "</ul></section>\n"
        }
        return h + "</main></body></html>\n"
    }

    // MARK: pieces

    package static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title))</title>
        <style>
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
        main{max-width:1040px;margin:0 auto;padding:24px}
        header{display:flex;gap:20px;align-items:center;padding:20px;border-radius:12px;background:#fff;border-left:10px solid #888}
        header.pass{border-color:#1f9d55}header.fail{border-color:#d64545}header.notAssessable{border-color:#d99a1e}
        .verdict{font-size:30px;font-weight:800;letter-spacing:.03em;min-width:150px}
        .pass .verdict{color:#1f9d55}.fail .verdict{color:#d64545}.notAssessable .verdict{color:#b07d12}
        h1{margin:0;font-size:22px}h2{font-size:17px;margin:0 0 10px}.id{color:#778;font-weight:400;font-size:15px}
        .path{color:#667;margin:2px 0;word-break:break-all}
        section{background:#fff;border-radius:12px;padding:18px 20px;margin-top:16px}
        .facts{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
        .fact b{display:block;font-size:24px}.fact span{color:#667;font-size:13px}
        .advice li{margin:4px 0}.ok{color:#1f9d55}
        .figures{display:grid;grid-template-columns:1fr 1fr;gap:16px}
        figure{margin:0}figcaption{color:#556;font-size:13px;margin-top:4px}
        table{border-collapse:collapse;width:100%}td,th{padding:6px 8px;border-bottom:1px solid #e4e6ea;text-align:left}
        th{font-size:13px;color:#556}td.num{text-align:right;font-variant-numeric:tabular-nums}
        svg text{font:11px system-ui,sans-serif;fill:#445}
        .v-pass{color:#1f9d55;font-weight:700}.v-fail{color:#d64545;font-weight:700}.v-other{color:#b07d12;font-weight:700}
        </style></head><body><main>

        """
    }

    static func fact(_ label: String, _ value: String, _ note: String) -> String {
        "<div class=\"fact\"><span>\(esc(label))</span><b>\(esc(value))</b><span>\(esc(note))</span></div>"
    }

    static func verdictWord(_ v: Verdict) -> String {
        switch v {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .notAssessable: return "NOT ASSESSABLE"
        }
    }

    /// The score over time with in-form runs and the longest hold marked, then each check's
    /// value against its pass band.
    static func timeline(_ c: ReportContext, _ s: RecordingSummary, _ col: ReportCollector) -> String {
        let b = col.buckets
        guard !b.isEmpty else { return "<p>No frames.</p>" }
        let w = 1000.0
        let plot = 160.0
        let left = 40.0
        let rowH = 70.0
        let n = Double(b.count)
        func x(_ i: Int) -> Double { left + (w - left - 10) * (n <= 1 ? 0.5 : Double(i) / (n - 1)) }
        let height = plot + 30 + Double(c.spec.checks.count) * rowH
        var svg =
            "<svg id=\"timeline\" viewBox=\"0 0 \(f(w)) \(f(height))\" width=\"100%\" role=\"img\" aria-label=\"score and checks over time\">"
        // In-form bands.
        let step = (w - left - 10) / max(1, n - 1)
        for (i, bucket) in b.enumerated() where bucket.frames > 0 && bucket.inForm * 2 > bucket.frames {
            svg +=
                "<rect x=\"\(f(x(i) - step / 2))\" y=\"10\" width=\"\(f(step))\" height=\"\(f(plot))\" fill=\"#1f9d55\" opacity=\".12\"/>"
        }
        // Longest hold.
        if let hold = s.longestHold {
            let i0 = b.lastIndex { $0.firstIndex <= hold.startFrame } ?? 0
            let i1 = b.lastIndex { $0.firstIndex <= hold.endFrame } ?? i0
            svg +=
                "<rect class=\"hold\" x=\"\(f(x(i0) - step / 2))\" y=\"6\" width=\"\(f(x(i1) - x(i0) + step))\" height=\"4\" fill=\"#1f9d55\"/>"
            svg +=
                "<text x=\"\(f(w - 10))\" y=\"8\" text-anchor=\"end\">longest hold \(formatNumber(hold.seconds, digits: 1)) s</text>"
        }
        svg += axis(y: 10, h: plot, left: left, w: w, labels: ["100", "50", "0"])
        svg += polyline(
            b.enumerated().map { (x($0.offset), $0.element.meanScore.map { 10 + plot * (1 - $0 / 100) }) },
            colour: "#2b6cb0", id: "score")
        svg += "<text x=\"\(f(left))\" y=\"8\">score</text>"
        svg += timeAxis(b, y: plot + 10, x: x)
        // Each check: value and band.
        for (k, check) in c.spec.checks.enumerated() {
            let top = plot + 30 + Double(k) * rowH + 12
            let h = rowH - 22
            // The scale holds the values and the whole pass band with half a falloff beyond each
            // edge, so the band shows whatever the values are.
            let values = b.compactMap { $0.meanValue(k) }
            let edges = [check.band.lower, check.band.upper].compactMap { $0 }
            var lo = (values + edges).min() ?? 0
            var hi = (values + edges).max() ?? 1
            if let l = check.band.lower { lo = min(lo, l - check.falloff / 2) }
            if let u = check.band.upper { hi = max(hi, u + check.falloff / 2) }
            if check.band.lower == nil, let u = check.band.upper { lo = min(lo, u - check.falloff / 2) }
            if check.band.upper == nil, let l = check.band.lower { hi = max(hi, l + check.falloff / 2) }
            if hi - lo < 1e-9 { hi = lo + 1 }
            func y(_ v: Double) -> Double { top + h * (1 - (v - lo) / (hi - lo)) }
            let bandTop = y(min(hi, check.band.upper ?? hi))
            let bandBottom = y(max(lo, check.band.lower ?? lo))
            svg +=
                "<rect class=\"band\" x=\"\(f(left))\" y=\"\(f(bandTop))\" width=\"\(f(w - left - 10))\" height=\"\(f(max(0, bandBottom - bandTop)))\" fill=\"#1f9d55\" opacity=\".10\"/>"
            // The lane's value scale, with its unit.
            for v in [hi, lo] {
                svg +=
                    "<text class=\"scale\" x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(esc(check.id.unit.format(v)))</text>"
            }
            svg +=
                "<text x=\"\(f(left))\" y=\"\(f(top - 2))\">\(esc(check.id.plainName)) (\(esc(check.band.describe(unit: check.id.unit))))\(check.required ? "" : " advisory")</text>"
            svg += polyline(
                b.enumerated().map { (x($0.offset), $0.element.meanValue(k).map(y)) }, colour: "#6b46c1",
                id: "check-\(check.id.rawValue)")
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(top + h))\" x2=\"\(f(w - 10))\" y2=\"\(f(top + h))\" stroke=\"#dde\"/>"
        }
        return svg + "</svg>"
    }

    /// Seconds along the bottom of the score plot: five ticks. A recording without trusted times
    /// is labelled by frame number instead, and says so.
    static func timeAxis(_ b: [ReportCollector.Bucket], y: Double, x: (Int) -> Double) -> String {
        var s = ""
        let ticks = Set((0...4).map { b.count > 1 ? $0 * (b.count - 1) / 4 : 0 }).sorted()
        let timed = ticks.allSatisfy { b[$0].time != nil }
        for i in ticks {
            // The end labels align inwards so that they stay on the canvas.
            let anchor = i == 0 ? "start" : i == b.count - 1 ? "end" : "middle"
            let label = timed ? "\(formatNumber(b[i].time ?? 0, digits: 1)) s" : "frame \(b[i].firstIndex)"
            s += "<line x1=\"\(f(x(i)))\" y1=\"\(f(y))\" x2=\"\(f(x(i)))\" y2=\"\(f(y + 4))\" stroke=\"#99a\"/>"
            s += "<text class=\"time\" x=\"\(f(x(i)))\" y=\"\(f(y + 14))\" text-anchor=\"\(anchor)\">\(label)</text>"
        }
        return s
    }

    static func axis(y: Double, h: Double, left: Double, w: Double, labels: [String]) -> String {
        var s = ""
        for (i, l) in labels.enumerated() {
            let yy = y + h * Double(i) / Double(labels.count - 1)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(w - 10))\" y2=\"\(f(yy))\" stroke=\"#e4e6ea\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">\(l)</text>"
        }
        return s
    }

    /// A line through the points, broken where a value is missing.
    static func polyline(_ points: [(Double, Double?)], colour: String, id: String) -> String {
        var runs: [[String]] = [[]]
        for (x, y) in points {
            if let y {
                runs[runs.count - 1].append("\(f(x)),\(f(y))")
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }.map {
            "<polyline class=\"\(id)\" points=\"\($0.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\"/>"
        }.joined()
    }

    /// Body segments, and which checks each one shows.
    static func segments(front: Side) -> [(Joint, Joint, [CheckID])] {
        let F = front
        let B = front.opposite
        return [
            (.hip(F), .knee(F), [.frontKneeFlexion]), (.knee(F), .ankle(F), [.frontKneeFlexion]),
            (.hip(B), .knee(B), [.backKneeFlexion, .backHipExtension]), (.knee(B), .ankle(B), [.backKneeFlexion]),
            (.ankle(F), .heel(F), [.feetGrounded]), (.heel(F), .footIndex(F), [.feetGrounded]),
            (.ankle(F), .footIndex(F), [.feetGrounded]),
            (.ankle(B), .heel(B), [.feetGrounded]), (.heel(B), .footIndex(B), [.feetGrounded]),
            (.ankle(B), .footIndex(B), [.feetGrounded]),
            (.leftHip, .rightHip, []), (.leftShoulder, .rightShoulder, []),
            (.hip(F), .shoulder(F), [.trunkInclination]), (.hip(B), .shoulder(B), [.trunkInclination]),
            (.shoulder(F), .elbow(F), [.raisedArmElevation, .armLine]),
            (.elbow(F), .wrist(F), [.raisedArmElevation, .armLine, .handsOnFloor]),
            (.shoulder(B), .elbow(B), [.armLine]), (.elbow(B), .wrist(B), [.armLine, .handsOnFloor]),
        ]
    }

    /// A stick figure of a frame: a head, the body's segments (deviating ones in red), the joints,
    /// and each measured check's value beside the joint it is about (failing ones in red).
    static func figure(id: String, title: String, _ pick: (frame: PoseFrame, result: FrameResult)?, _ c: ReportContext)
        -> String
    {
        guard let (frame, r) = pick, let front = c.front.side, frame.hasAnyKeypoint else {
            let why = c.info.space == .jointAngles ? "joint angles only: no keypoints to draw" : "no measurable frame"
            return
                "<figure id=\"\(id)\"><svg viewBox=\"0 0 \(f(FigureCanvas.width)) \(f(FigureCanvas.height))\" width=\"100%\"><text x=\"20\" y=\"150\">\(why)</text></svg><figcaption>\(title)</figcaption></figure>"
        }
        let head = FigureHead(frame)
        var points = Joint.allCases.compactMap { j in frame[j]?.position }
        if let head {
            points += [
                head.centre - Vector3(head.radius, head.radius, 0), head.centre + Vector3(head.radius, head.radius, 0),
            ]
        }
        let canvas = FigureCanvas(fitting: points)
        let failing = Set(r.checks.filter { $0.status == .fail }.map(\.check))
        var svg =
            "<svg viewBox=\"0 0 \(f(canvas.width)) \(f(canvas.height))\" width=\"100%\" role=\"img\" aria-label=\"\(title) frame\">"
        svg +=
            "<line x1=\"0\" y1=\"\(f(canvas.floor))\" x2=\"\(f(canvas.width))\" y2=\"\(f(canvas.floor))\" stroke=\"#dde\"/>"
        if let head {
            svg += headAndNeck(head, frame, canvas, deviating: failing.contains(.gaze))
        }
        for (a, b, checks) in segments(front: front) {
            guard let pa = frame[a]?.position, let pb = frame[b]?.position else { continue }
            let deviating = !failing.isDisjoint(with: checks)
            svg += limb(from: canvas.point(pa), to: canvas.point(pb), deviating: deviating)
        }
        for joint in Joint.allCases where !FigureHead.parts.contains(joint) {
            guard let v = frame[joint]?.position else { continue }
            let (x, y) = canvas.point(v)
            svg +=
                "<circle class=\"joint\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3\" fill=\"#fff\" stroke=\"#3b4a63\" stroke-width=\"1.5\"/>"
        }
        svg += angleLabels(r, frame, front: front, canvas)
        svg += "</svg>"
        let time = r.time.map { ", \(formatNumber($0, digits: 2)) s" } ?? ""
        let score = r.score.map { formatNumber($0, digits: 0) } ?? "–"
        let red = failing.isEmpty ? "" : "; red: " + esc(failing.map(\.plainName).sorted().joined(separator: ", "))
        return
            "<figure id=\"\(id)\">\(svg)<figcaption>\(title): frame \(r.index)\(time), score \(score)\(red)</figcaption></figure>"
    }

    static func limb(from a: (Double, Double), to b: (Double, Double), deviating: Bool) -> String {
        let colour = deviating ? "#d64545" : "#3b4a63"
        let width = deviating ? 5 : 4
        let points = "x1=\"\(f(a.0))\" y1=\"\(f(a.1))\" x2=\"\(f(b.0))\" y2=\"\(f(b.1))\""
        return
            "<line class=\"\(deviating ? "deviating" : "ok")\" \(points) stroke=\"\(colour)\" stroke-width=\"\(width)\" stroke-linecap=\"round\"/>"
    }

    /// The head as a circle, and a neck from between the shoulders to its edge.
    static func headAndNeck(_ head: FigureHead, _ frame: PoseFrame, _ canvas: FigureCanvas, deviating: Bool) -> String {
        let (cx, cy) = canvas.point(head.centre)
        let radius = head.radius * canvas.scale
        let colour = deviating ? "#d64545" : "#3b4a63"
        var svg = ""
        if let l = frame[.leftShoulder]?.position, let r = frame[.rightShoulder]?.position {
            let (sx, sy) = canvas.point((l + r) * 0.5)
            let distance = ((cx - sx) * (cx - sx) + (cy - sy) * (cy - sy)).squareRoot()
            if distance > radius {
                let edgeX = cx + (sx - cx) * radius / distance
                let edgeY = cy + (sy - cy) * radius / distance
                svg += limb(from: (sx, sy), to: (edgeX, edgeY), deviating: false)
            }
        }
        svg +=
            "<circle class=\"head\" cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(radius))\" fill=\"#eef1f6\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
        if let nose = frame[.nose]?.position {
            let (nx, ny) = canvas.point(nose)
            svg += "<circle class=\"nose\" cx=\"\(f(nx))\" cy=\"\(f(ny))\" r=\"2.5\" fill=\"\(colour)\"/>"
        }
        return svg
    }

    /// The joint each check is about, where its value is written.
    static func anchor(of check: CheckID, front: Side) -> Joint {
        switch check {
        case .frontKneeFlexion: return .knee(front)
        case .backKneeFlexion: return .knee(front.opposite)
        case .backHipExtension: return .hip(front.opposite)
        case .trunkInclination: return .shoulder(front)
        case .feetGrounded: return .ankle(front)
        case .handsOnFloor: return .wrist(front.opposite)
        case .raisedArmElevation: return .wrist(front)
        case .armLine: return .elbow(front)
        case .gaze: return .nose
        case .handOrder: return .wrist(front)
        }
    }

    /// Each measured value in a column beside the figure, on the side of its joint, with a leader
    /// line to the joint (failing ones in red), so that no segment hides it.
    static func angleLabels(_ r: FrameResult, _ frame: PoseFrame, front: Side, _ canvas: FigureCanvas) -> String {
        let labels = r.checks.compactMap { check -> (joint: (Double, Double), check: CheckResult, value: Double)? in
            guard check.status == .pass || check.status == .fail, let value = check.value,
                let v = frame[anchor(of: check.check, front: front)]?.position
            else { return nil }
            return (canvas.point(v), check, value)
        }.sorted { $0.joint.1 < $1.joint.1 }
        // Per side of the figure, the baseline of the label above: the next goes at least a line lower.
        var baselineAbove = [false: 0.0, true: 0.0]
        var svg = ""
        for label in labels {
            let right = label.joint.0 >= canvas.width / 2
            let y = max(label.joint.1 + 4, (baselineAbove[right] ?? 0) + 14)
            baselineAbove[right] = y
            let failed = label.check.status == .fail
            let colour = failed ? "#d64545" : "#1d6b43"
            let x = right ? canvas.width - 4 : 4
            let leaderEnd = right ? canvas.width - FigureCanvas.labelColumn : FigureCanvas.labelColumn
            svg +=
                "<line class=\"leader\" x1=\"\(f(label.joint.0))\" y1=\"\(f(label.joint.1))\" x2=\"\(f(leaderEnd))\" y2=\"\(f(y - 4))\" stroke=\"\(colour)\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\"/>"
            let value = label.check.check.unit.format(label.value)
            let text = "\(esc(figureName(label.check.check))) <tspan style=\"font-weight:700\">\(esc(value))</tspan>"
            svg +=
                "<text class=\"label\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(right ? "end" : "start")\" style=\"fill:\(colour)\">\(text)</text>"
        }
        return svg
    }

    /// A check's short name beside the figure, where its joint shows which side is meant.
    static func figureName(_ check: CheckID) -> String {
        switch check {
        case .frontKneeFlexion: return "front knee"
        case .backKneeFlexion: return "back knee"
        case .backHipExtension: return "back hip"
        case .trunkInclination: return "trunk lean"
        case .feetGrounded: return "feet"
        case .handsOnFloor: return "hands"
        case .raisedArmElevation: return "raised arm"
        case .armLine: return "arm line"
        case .gaze: return "gaze"
        case .handOrder: return "hand order"
        }
    }

    static func table(_ c: ReportContext, _ s: RecordingSummary) -> String {
        var t =
            "<table id=\"checks\"><tr><th>check</th><th>band</th><th class=\"num\">median</th><th class=\"num\">worst</th><th class=\"num\">frame</th><th class=\"num\">passing</th><th>not measured</th></tr>"
        for cs in s.checks {
            guard let spec = c.spec.check(cs.check) else { continue }
            let unit = cs.check.unit
            let measured = cs.passed + cs.failed
            t += "<tr><td>\(esc(cs.check.plainName))\(cs.required ? "" : " <em>advisory</em>")"
            t += "<br><small>\(esc(cs.check.zeroMeaning))</small></td>"
            t += "<td>\(esc(spec.band.describe(unit: unit)))</td>"
            t += "<td class=\"num\">\(cs.median.map { esc(unit.format($0)) } ?? "–")</td>"
            t +=
                "<td class=\"num\">\(cs.worstDeviation.map { $0 == 0 ? "in band" : esc(($0 > 0 ? "+" : "") + unit.format($0)) } ?? "–")</td>"
            t += "<td class=\"num\">\(cs.worstFrame.map(String.init) ?? "–")</td>"
            t +=
                "<td class=\"num\">\(measured > 0 ? formatNumber(100 * Double(cs.passed) / Double(measured), digits: 0) + "%" : "–")</td>"
            t += "<td>\(cs.notAssessable > 0 ? "\(cs.notAssessable): \(esc(cs.commonReason ?? ""))" : "")</td></tr>"
        }
        return t + "</table>"
    }

    /// The index page of a batch: every recording's report, sortable by clicking a column.
    public static func index(rows: [(row: GradeRow, report: String?)]) -> String {
        var h = head(title: "PoseCheck reports")
        h += "<section><h1>PoseCheck reports</h1><p>\(rows.count) recordings. Click a column to sort.</p>"
        h +=
            "<table id=\"index\"><thead><tr><th>recording</th><th>verdict</th><th class=\"num\">score</th><th class=\"num\">hold (s)</th><th>to fix first</th></tr></thead><tbody>"
        for (r, link) in rows {
            let name = link.map { "<a href=\"\(esc($0))\">\(esc(r.path))</a>" } ?? esc(r.path)
            let verdict = r.failure.map { "error: " + esc($0.message) } ?? (r.verdict.map { verdictWord($0) } ?? "")
            t(&h, name, verdict, r.meanScore, r.longestHoldSeconds, r.advice ?? "")
        }
        h += "</tbody></table></section>"
        // A few lines of inline script sort the table; the page works without it.
        h += """
            <script>
            document.querySelectorAll('#index th').forEach((th, i) => th.addEventListener('click', () => {
              const body = document.querySelector('#index tbody'), rows = [...body.rows];
              const key = r => { const v = r.cells[i].dataset.v ?? r.cells[i].textContent; return isNaN(parseFloat(v)) ? v : parseFloat(v); };
              const dir = th.dataset.dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
              rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (dir === 'asc' ? 1 : -1));
              rows.forEach(r => body.appendChild(r));
            }));
            </script>
            """
        return h + "</main></body></html>\n"
    }

    private static func t(
        _ h: inout String, _ name: String, _ verdict: String, _ score: Double?, _ hold: Double?, _ advice: String
    ) {
        let cls = verdict.hasPrefix("PASS") ? "v-pass" : verdict.hasPrefix("FAIL") ? "v-fail" : "v-other"
        h += "<tr><td>\(name)</td><td class=\"\(cls)\">\(verdict)</td>"
        h +=
            "<td class=\"num\" data-v=\"\(score.map { formatNumber($0, digits: 3) } ?? "-1")\">\(score.map { formatNumber($0, digits: 0) } ?? "–")</td>"
        h +=
            "<td class=\"num\" data-v=\"\(hold.map { formatNumber($0, digits: 3) } ?? "-1")\">\(hold.map { formatNumber($0, digits: 1) } ?? "–")</td>"
        h += "<td>\(esc(advice))</td></tr>"
    }

    static func f(_ v: Double) -> String { formatNumber(v, digits: 1) }

    /// HTML escaping for text and attribute values.
    public static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Where a frame's keypoints land in the figure: fitted into the middle of the box (y flipped:
/// canonical y is up, SVG y is down; 3D is drawn in the plane of its first two axes), with a
/// column on each side for the values.
struct FigureCanvas {
    static let width = 460.0
    static let height = 320.0
    static let labelColumn = 100.0
    static let padding = 20.0
    var width: Double { Self.width }
    var height: Double { Self.height }
    let scale: Double
    let originX: Double
    let originY: Double
    let minX: Double
    let minY: Double

    init(fitting points: [Vector3]) {
        minX = points.map(\.x).min() ?? 0
        minY = points.map(\.y).min() ?? 0
        let spanX = max((points.map(\.x).max() ?? 1) - minX, 1e-9)
        let spanY = max((points.map(\.y).max() ?? 1) - minY, 1e-9)
        let boxWidth = Self.width - 2 * Self.labelColumn
        let boxHeight = Self.height - 2 * Self.padding
        scale = min(boxWidth / spanX, boxHeight / spanY)
        originX = Self.labelColumn + (boxWidth - spanX * scale) / 2
        originY = Self.padding + (boxHeight - spanY * scale) / 2
    }

    /// The SVG position of a point.
    func point(_ v: Vector3) -> (Double, Double) {
        (originX + (v.x - minX) * scale, height - originY - (v.y - minY) * scale)
    }

    /// The lowest point's height: the floor line.
    var floor: Double { height - originY }
}

/// The head of a frame's figure: a circle around the face keypoints, sized from them and from
/// the trunk so that a face seen side-on (nose and one ear) still gets a head of a person's size.
struct FigureHead {
    static let parts: Set<Joint> = [
        .nose, .leftEyeInner, .leftEye, .leftEyeOuter, .rightEyeInner, .rightEye, .rightEyeOuter,
        .leftEar, .rightEar, .mouthLeft, .mouthRight, .head,
    ]
    let centre: Vector3
    let radius: Double

    init?(_ frame: PoseFrame) {
        let face = Self.parts.compactMap { frame[$0]?.position }
        guard !face.isEmpty else { return nil }
        let centre = face.reduce(Vector3(0, 0, 0), +) * (1 / Double(face.count))
        let spread = face.map { ($0 - centre).xy.length }.max() ?? 0
        var radius = spread * 1.25
        if let s = frame[.leftShoulder]?.position, let t = frame[.rightShoulder]?.position,
            let h = frame[.leftHip]?.position, let k = frame[.rightHip]?.position
        {
            let trunk = ((s + t) * 0.5 - (h + k) * 0.5).xy.length
            radius = min(max(radius, 0.2 * trunk), 0.3 * trunk)
        }
        guard radius > 0 else { return nil }
        self.centre = centre
        self.radius = radius
    }
}
