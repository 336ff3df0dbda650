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
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("posecheck-report-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
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
        for id in ["id=\"timeline\"", "id=\"figure-best\"", "id=\"figure-worst\"", "id=\"checks\"", "class=\"deviating\""] {
            #expect(a.out.contains(id), "\(id)")
        }
        // Nothing loaded from elsewhere.
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] { #expect(!a.out.contains(external), "\(external)") }
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

    @Test func tenMinutesAtThirtyFPSStaysUnderOneMegabyte() throws {
        let rec = Scenarios.recording("scissor-stance", violated: nil, front: .left, duration: 600, fps: 30, noisePixels: 2,
                                      dropoutRate: 0.02).canonical()
        var writer = HTMLWriter()
        let spec = StretchSpec.scissorStance
        let decision = Evaluator.decideFront(rec, choice: .auto, options: .init())
        var session = EvaluationSession(spec: spec, front: decision.side, threeD: false, options: EvaluationOptions(frameRate: 30))
        _ = writer.begin(ReportContext(path: "ten-minutes.json", info: rec.info, spec: spec, front: decision,
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
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                       "--disable-dev-shm-usage", "--window-size=1100,2300"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: chromium != nil, "Chromium is not installed (.ci/run installs it): the browser rendering test is skipped"),
          .timeLimit(.minutes(2)))
    func rendersInAHeadlessBrowser() throws {
        let dir = try Self.tempDir("browser")
        let page = dir + "/report.html", blank = dir + "/blank.html"
        #expect(runCLI(["report", Self.fixture, "-s", "3", "-o", page]).code == 1)
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        let (status, dom) = try Self.browser(["--dump-dom", "file://" + page])
        #expect(status == 0)
        // The browser parsed the SVG chart and both figures into its DOM.
        for id in ["<svg id=\"timeline\"", "<figure id=\"figure-best\"", "<figure id=\"figure-worst\"", "<polyline class=\"score\"",
                   "<line class=\"deviating\""] {
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
}
