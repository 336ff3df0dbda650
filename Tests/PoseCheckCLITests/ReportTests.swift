// The visual report: deterministic, small, and rendered by a real browser.
import Foundation
import PoseFormats
import PoseModel
import PoseReports
import PoseSynth
import Testing

@Suite(.serialized)
struct ReportTests {
    static let fixture = PackagePaths.fixtures + "/mediapipe/reach-up-twist-bad-arm-line.json"

    static func tempDir(_ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-report-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: d)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }

    @Test func reportIsSelfContainedAndByteIdentical() throws {
        let a = runCLI(["report", Self.fixture, "-s", "3"])
        let b = runCLI(["check", Self.fixture, "-s", "3", "--output", "html"])
        #expect(a.code == 1 && a.err.isEmpty)
        #expect(a.out == b.out)
        #expect(a.out == runCLI(["report", Self.fixture, "-s", "3"]).out)
        for id in [
            "id=\"timeline\"", "id=\"figure-best\"", "id=\"figure-worst\"", "id=\"checks\"", "class=\"deviating\"",
        ] {
            #expect(a.out.contains(id), "\(id)")
        }
        // Nothing loaded from elsewhere.
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
            #expect(!a.out.contains(external), "\(external)")
        }
    }

    /// Every lane shows its pass band (the arm line's values lie far above its band), a value
    /// scale with units, and the score plot a time axis in seconds; check names are in words.
    @Test func lanesHaveBandsScalesAndATimeAxis() throws {
        let html = runCLI(["report", Self.fixture, "-s", "3"]).out
        let bands = html.components(separatedBy: "<rect class=\"band\"").dropFirst()
        #expect(bands.count == StretchSpec.reachUpTwist.checks.count)
        for band in bands {
            let height = band.components(separatedBy: "height=\"").dropFirst().first?.prefix { $0 != "\"" }
            #expect(height.flatMap { Double($0) }.map { $0 > 0 } == true, "\(band.prefix(120))")
        }
        let scales = html.components(separatedBy: "<text class=\"scale\"").dropFirst()
        #expect(scales.count == 2 * bands.count)
        #expect(scales.allSatisfy { $0.contains("°</text>") || $0.contains(" L</text>") })
        #expect(html.contains(">0.0 s</text>") && html.contains(">2.9 s</text>"))
        #expect(html.contains("Arms off one line") && !html.contains(">armLine"))
    }

    /// In form throughout, every frame scores 100: one figure, not the same frame twice.
    @Test func framesThatScoreAlikeShowOneFigure() {
        let html = runCLI(["report", PackagePaths.fixtures + "/mediapipe/scissor-stance-in-form.json", "-s", "1"]).out
        #expect(html.contains("id=\"figure-best\"") && !html.contains("id=\"figure-worst\""))
        #expect(html.contains("every frame scores the same"))
    }

    /// The figure is a person: a head, the joints, and each measured value beside its joint with
    /// a leader line, the failing ones in red.
    @Test func figureHasAHeadJointsAndLabelledValues() {
        let html = runCLI(["report", Self.fixture, "-s", "3"]).out
        let figures = html.components(separatedBy: "<figure id=\"figure-").dropFirst().map {
            $0.components(separatedBy: "</figure>")[0]
        }
        #expect(figures.count == 2)
        for figure in figures {
            #expect(figure.components(separatedBy: "<circle class=\"head\"").count == 2)
            #expect(figure.components(separatedBy: "<circle class=\"joint\"").count > 12)
            let labels = figure.components(separatedBy: "<text class=\"label\"").count - 1
            #expect(labels >= 5 && labels == figure.components(separatedBy: "<line class=\"leader\"").count - 1)
            // The arm line fails on every frame of this fixture: its value is labelled in red.
            #expect(figure.contains("style=\"fill:#d64545\">arm line <tspan style=\"font-weight:700\">"))
        }
    }

    /// What a person reads names checks in words: no check id in the report's visible text, nor
    /// in the text output with every frame, for every MediaPipe fixture of each stretch. ("gaze",
    /// the one id that is also a plain word, is left out.)
    @Test func visibleTextNamesChecksInWords() throws {
        let ids = CheckID.allCases.map(\.rawValue).filter { $0 != $0.lowercased() }
        let stretches = ["scissor-stance": "1", "hands-down-lunge": "2", "reach-up-twist": "3"]
        let files = try FileManager.default.contentsOfDirectory(atPath: fixturesRoot + "/mediapipe").filter {
            $0.hasSuffix(".json")
        }
        var graded = 0
        for file in files.sorted() {
            guard let stretch = stretches.first(where: { file.hasPrefix($0.key) })?.value else { continue }
            let path = fixturesRoot + "/mediapipe/" + file
            let visible = Self.visibleText(runCLI(["report", path, "-s", stretch]).out)
            let text = runCLI(["check", path, "-s", stretch, "--frames"]).out
            for id in ids {
                #expect(!visible.contains(id), "\(id) in the report of \(file)")
                #expect(!text.contains(id), "\(id) in the text output of \(file)")
            }
            graded += 1
        }
        #expect(graded >= 15)
    }

    /// The text a browser shows: tags, the style sheet and attribute values dropped.
    static func visibleText(_ html: String) -> String {
        var text = ""
        var inTag = false
        var rest = Substring(html)
        if let style = rest.range(of: "<style>"), let end = rest.range(of: "</style>") {
            rest.removeSubrange(style.lowerBound..<end.upperBound)
        }
        for c in rest {
            if c == "<" {
                inTag = true
            } else if c == ">" {
                inTag = false
                text.append(" ")
            } else if !inTag {
                text.append(c)
            }
        }
        return text
    }

    @Test func tenMinutesAtThirtyFPSStaysUnderOneMegabyte() throws {
        let rec = Scenarios.recording(
            "scissor-stance", violated: nil, front: .left, duration: 600, fps: 30, noisePixels: 2,
            dropoutRate: 0.02
        ).canonical()
        var writer = HTMLWriter()
        let spec = StretchSpec.scissorStance
        let decision = Evaluator.decideFront(rec, choice: .auto, options: .init())
        var session = EvaluationSession(
            spec: spec, front: decision.side, threeD: false, options: EvaluationOptions(frameRate: 30))
        _ = writer.begin(
            ReportContext(
                path: "ten-minutes.json", info: rec.info, spec: spec, front: decision,
                frameCount: rec.frames.count, includeFrames: true))
        for f in rec.frames { _ = writer.frame(session.evaluate(f), pose: f) }
        let html = writer.end(session.summary)
        #expect(rec.frames.count == 18_000)
        #expect(html.utf8.count < 1_000_000, "\(html.utf8.count) bytes")
        #expect(html.contains("id=\"timeline\""))
    }

    @Test func gradeWritesAReportPerRecordingAndAnIndex() throws {
        let dir = try Self.tempDir("grade")
        let r = runCLI(["grade", PackagePaths.fixtures + "/mediapipe", "-s", "2", "--report", dir, "--output", "jsonl"])
        #expect(r.code == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 37 && files.contains("index.html"))
        let index = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        #expect(index.components(separatedBy: "<a href=\"").count - 1 == 36)
        #expect(index.contains("id=\"index\""))
        for f in files where f != "index.html" { #expect(index.contains("href=\"\(f)\"")) }
    }

    @Test func textSummaryHasASparkline() {
        let r = runCLI(["check", PackagePaths.fixtures + "/mediapipe/hands-down-lunge-in-form.csv", "-s", "2"])
        #expect(r.out.contains("  score over time: ████"))
    }

    // MARK: a real browser

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func browser(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium ?? "/nonexistent")
        p.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1100,2300",
            ] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(
        .enabled(
            if: chromium != nil,
            "Chromium is not installed (.ci/run installs it): the browser rendering test is skipped"),
        .timeLimit(.minutes(2)))
    func rendersInAHeadlessBrowser() throws {
        let dir = try Self.tempDir("browser")
        let page = dir + "/report.html"
        let blank = dir + "/blank.html"
        #expect(runCLI(["report", Self.fixture, "-s", "3", "-o", page]).code == 1)
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        let (status, dom) = try Self.browser(["--dump-dom", "file://" + page])
        #expect(status == 0)
        // The browser parsed the SVG chart and both figures into its DOM.
        for id in [
            "<svg id=\"timeline\"", "<figure id=\"figure-best\"", "<figure id=\"figure-worst\"",
            "<polyline class=\"score\"",
            "<line class=\"deviating\"",
        ] {
            #expect(dom.contains(id), "\(id) not in the rendered DOM")
        }
        _ = try Self.browser(["--screenshot=" + dir + "/report.png", "file://" + page])
        _ = try Self.browser(["--screenshot=" + dir + "/blank.png", "file://" + blank])
        let shot = try Data(contentsOf: URL(fileURLWithPath: dir + "/report.png"))
        let empty = try Data(contentsOf: URL(fileURLWithPath: dir + "/blank.png"))
        #expect(shot.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // A blank page compresses to almost nothing; a drawn report cannot.
        #expect(shot.count > 8 * empty.count, "screenshot \(shot.count) bytes against \(empty.count) for a blank page")
    }

    static let realStaticTrial =
        (ProcessInfo.processInfo.environment["POSECHECK_REAL_DATA"] ?? PackagePaths.root + "/.real-data")
        + "/mediapipe/pose2sim-T00_StaticTrial-cam01.json"

    /// A real person standing (Pose2Sim's static trial through MediaPipe): the knees differ by
    /// under 5°, so the front side is a guess, and the report's header says so.
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: realStaticTrial),
            "real MediaPipe exports absent: run Tests/RealData/make-mediapipe-exports.sh"))
    func anAmbiguousFrontSideIsSaidInTheHeader() throws {
        let page = runCLI(["check", Self.realStaticTrial, "-s", "1", "--output", "html"]).out
        #expect(page.contains("ambiguous: the knees differ by only"))
        #expect(!page.contains("decided from the knees"))
    }

    /// The same person standing, graded as the hands-down lunge: no frame can be measured, and
    /// the row names no check to fix (the hand order, advisory, deviates, but decides nothing).
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: realStaticTrial),
            "real MediaPipe exports absent: run Tests/RealData/make-mediapipe-exports.sh"))
    func aRecordingThatCannotBeGradedNamesNoAdvisoryCheck() throws {
        let row = try parseJSON(runCLI(["grade", Self.realStaticTrial, "-s", "2", "--output", "jsonl"]).out)
        #expect(row["verdict"]?.string == "notAssessable")
        #expect(row["topDeviation"]?.isNull == true)
        let check = try parseJSON(runCLI(["check", Self.realStaticTrial, "-s", "2", "--output", "json"]).out)
        let deviations = check["summary"]?["topDeviations"]?.array ?? []
        #expect(
            deviations.contains { $0["check"]?.string == "handOrder" }, "the advisory check no longer deviates here")
    }

    static let realRecording =
        (ProcessInfo.processInfo.environment["POSECHECK_REAL_DATA"] ?? PackagePaths.root + "/.real-data")
        + "/pose2sim-0.7.2/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose/cam01_json"

    /// A real person's export (Pose2Sim's balancing trial, camera 1: OpenPose BODY_25B frame
    /// files without timestamps) drawn by a real browser: the axes, every lane's band and scale,
    /// and a figure with a head in the rendered DOM, and a screenshot that is not blank. The
    /// screenshot stays in .build/report-screenshots/ for a person to look at.
    @Test(
        .enabled(
            if: chromium != nil,
            "Chromium is not installed (.ci/run installs it): the real export's report is not rendered"),
        .enabled(
            if: FileManager.default.fileExists(atPath: realRecording),
            "real-data corpus absent: run Tests/RealData/fetch-real-data.sh"),
        .timeLimit(.minutes(2)))
    func rendersARealExportInAHeadlessBrowser() throws {
        let dir = PackagePaths.root + "/.build/report-screenshots"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let page = dir + "/pose2sim-balancing-cam01.html"
        let shot = dir + "/pose2sim-balancing-cam01.png"
        try? FileManager.default.removeItem(atPath: shot)
        #expect(runCLI(["report", Self.realRecording, "-s", "1", "-o", page]).code == 1)
        let (status, dom) = try Self.browser(["--dump-dom", "file://" + page])
        #expect(status == 0)
        // No timestamps: the time axis counts frames, from the first to the last of 100.
        #expect(dom.components(separatedBy: "<text class=\"time\"").count - 1 == 5)
        #expect(dom.contains(">frame 0</text>") && dom.contains(">frame 99</text>"))
        let lanes = StretchSpec.scissorStance.checks.count
        #expect(dom.components(separatedBy: "<rect class=\"band\"").count - 1 == lanes)
        #expect(dom.components(separatedBy: "<text class=\"scale\"").count - 1 == 2 * lanes)
        #expect(dom.components(separatedBy: "<circle class=\"head\"").count - 1 == 2)
        #expect(dom.contains("<polyline class=\"score\""))
        _ = try Self.browser(["--screenshot=" + shot, "file://" + page])
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 100_000, "screenshot of \(png.count) bytes: \(shot)")
    }
}
