// Hostile times on copies of the in-form fixtures, one change each: no glitch may fake a hold,
// every bad cell is flagged on its own frame, and the library's session agrees with the CLI.
import Foundation
import PoseFormats
import PoseGrading
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct TimeIntegrityTests {
    /// A fixture CSV as rows of cells (the fixtures have no quoted cells). Column 0 is `frame`,
    /// column 1 `timestamp_ms`.
    static func rows(_ name: String) throws -> (header: String, rows: [[String]]) {
        let text = try String(contentsOfFile: fixturesRoot + "/mediapipe/" + name, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        return (header, lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
    }

    static func write(_ header: String, _ rows: [[String]], name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-time-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try ([header] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n").appending("\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    struct Graded {
        var verdict: String
        var hold: Double?
        var flagged: [Int: [String]]  // frame position → issue codes
        var summary: JSONValue
    }

    static func check(_ path: String, stretch: String, extra: [String] = []) throws -> Graded {
        let r = runCLI(["check", path, "--stretch", stretch, "--output", "json"] + extra)
        #expect(r.err.isEmpty, "\(r.err)")
        let doc = try parseJSON(r.out)
        let summary = try #require(doc["summary"])
        var flagged: [Int: [String]] = [:]
        for (i, f) in (doc["frames"]?.array ?? []).enumerated() {
            let codes = (f["issues"]?.array ?? []).compactMap { $0["code"]?.string }
            if !codes.isEmpty { flagged[i] = codes }
        }
        return Graded(
            verdict: summary["verdict"]?.string ?? "", hold: summary["longestHoldSeconds"]?.number, flagged: flagged,
            summary: summary)
    }

    /// A `timestamp` column states no unit: the hold is timed only with `--time-unit`, and
    /// the note says which (a wrong unit is caught by the steps: not a fake hold). Unread, the
    /// verdict, the hold line and `inspect` name `--time-unit` before `--fps` (they named `--fps`
    /// alone, which would drop the file's times).
    @Test func aTimestampWithoutAUnitIsReadInTheUnitGiven() throws {
        var (header, rows) = try Self.rows("hands-down-lunge-in-form.csv")
        header = header.replacingOccurrences(of: "timestamp_ms", with: "timestamp")
        let path = try Self.write(header, rows, name: "timestamp.csv")
        let unread = runCLI(["check", path, "--stretch", "2"])
        #expect(unread.code == 1)
        #expect(
            unread.out.contains(
                "column \"timestamp\" not read: its name does not say the unit of its times; --time-unit s, ms or us reads it"
            ), "\(unread.out)")
        let hint = "pass --time-unit s|ms|us to read \"timestamp\" (its name does not say its unit), or --fps N"
        #expect(unread.out.contains("frame times unknown, so the hold cannot be timed: " + hint), "\(unread.out)")
        #expect(unread.out.contains("longest hold: unknown (no timestamps; " + hint + ")"), "\(unread.out)")
        #expect(runCLI(["inspect", path]).out.contains("time: unknown (no timestamps; " + hint + " to time holds)"))
        let untimed = runCLI(["check", fixturesRoot + "/formats/mediapipe-x0.csv", "--stretch", "2"])
        #expect(untimed.out.contains("(no timestamps; pass --fps N)"), "\(untimed.out)")
        let ms = try Self.check(path, stretch: "2", extra: ["--time-unit", "ms"])
        #expect(ms.verdict == "pass")
        #expect(ms.hold == 22.0)
        let seconds = try Self.check(path, stretch: "2", extra: ["--time-unit", "s"])
        #expect(seconds.verdict == "notAssessable", "\(seconds.summary)")
        for i in rows.indices { rows[i][1] = String(Double(rows[i][1])! / 1000) }
        let inSeconds = try Self.check(
            try Self.write(header, rows, name: "timestamp-s.csv"), stretch: "2", extra: ["--time-unit", "s"])
        #expect(inSeconds.hold == 22.0)
        let bad = runCLI(["check", path, "--stretch", "2", "--time-unit", "minutes"])
        #expect(bad.code == 64)
        #expect(
            bad.err.contains("Invalid value 'minutes' for '--time-unit <unit>': expected s, ms or us."), "\(bad.err)")
    }

    /// The hands-down lunge (needs 20 s) cut to 40 frames (4 s), one timestamp spiked by 30 s.
    @Test func aSpikedTimestampNeverFakesAHold() throws {
        var (header, rows) = try Self.rows("hands-down-lunge-in-form.csv")
        rows = Array(rows.prefix(40))
        rows[20][1] = String(Double(rows[20][1])! + 30_000)
        let g = try Self.check(try Self.write(header, rows, name: "spike.csv"), stretch: "2")
        #expect(g.verdict == "fail")
        #expect(g.hold.map { $0 <= 4.0 + 1e-9 } == true, "hold \(String(describing: g.hold))")
        #expect(g.flagged == [20: ["time_jump"]])
    }

    @Test(
        "one bad cell flags its frame and changes nothing else",
        arguments: [
            (1, "500000000", "time_jump"), (1, "nan", "time_missing"), (1, "", "time_missing"),
            (1, "abc", "time_missing"),
            (0, "abc", "invalid_frame_number"), (0, "", "invalid_frame_number"), (0, "9.5", "invalid_frame_number"),
            (0, "-3", "invalid_frame_number"), (0, "9223372036854775807", "invalid_frame_number"),
            (0, "1e300", "invalid_frame_number"),
            (0, "10000000000", "invalid_frame_number"),
        ])
    func oneBadCell(_ column: Int, _ cell: String, _ code: String) throws {
        var (header, rows) = try Self.rows("scissor-stance-in-form.csv")
        let clean = try Self.check(try Self.write(header, rows, name: "clean.csv"), stretch: "1")
        rows[12][column] = cell
        let g = try Self.check(try Self.write(header, rows, name: "cell-\(column)-\(cell).csv"), stretch: "1")
        #expect(g.flagged == [12: [code]])
        #expect(g.verdict == clean.verdict)
        let change = abs((g.hold ?? 0) - (clean.hold ?? 0))
        #expect(change <= 0.5 + 0.1 + 1e-9, "hold \(String(describing: clean.hold)) -> \(String(describing: g.hold))")
        #expect(g.summary["frames"]?.number == 30)
    }

    @Test func decreasingOrEqualTimesAreNotAssessable() throws {
        var (header, rows) = try Self.rows("scissor-stance-in-form.csv")
        for i in rows.indices { rows[i][1] = String(Double(rows.count - 1 - i) * 100) }
        let decreasing = try Self.check(try Self.write(header, rows, name: "decreasing.csv"), stretch: "1")
        #expect(decreasing.verdict == "notAssessable")
        #expect(decreasing.summary["verdictReason"]?.string?.contains("frame times cannot be trusted") == true)
        #expect(decreasing.hold.map { $0 >= 0 } ?? true)
        for i in rows.indices { rows[i][1] = "0" }
        let equal = try Self.check(try Self.write(header, rows, name: "zeros.csv"), stretch: "1")
        #expect(equal.verdict == "notAssessable")
        #expect(equal.summary["verdictReason"]?.string?.contains("repeat the previous frame's time") == true)
    }

    /// Two sessions appended to one export: frame numbers and times restart at 0 (FORMATS.md,
    /// concatenated sessions). The second session is graded like the first, and no hold spans
    /// the restart.
    @Test func anAppendedSessionIsGradedAfterTheRestart() throws {
        let (header, rows) = try Self.rows("scissor-stance-in-form.csv")
        let once = try Self.check(try Self.write(header, rows, name: "once.csv"), stretch: "1")
        let g = try Self.check(try Self.write(header, rows + rows, name: "twice.csv"), stretch: "1")
        let n = rows.count
        #expect(
            g.flagged[n] == ["frame_restart", "out_of_order"] && g.flagged[n + 1] == ["time_restart"], "\(g.flagged)")
        #expect(g.flagged.count == 2)
        // The frame before the restart ends its session's hold early, never late.
        let hold = try #require(g.hold)
        let onceHold = try #require(once.hold)
        #expect(g.verdict == once.verdict && hold <= onceHold && hold >= onceHold - 0.1 - 1e-9)
        #expect(g.summary["inForm"]?.number == 2 * (once.summary["inForm"]?.number ?? -1))
        #expect(g.summary["timeGaps"]?.number == 1)
    }

    /// A run repeated or swapped in the middle, or numbers going back by one, is not a session
    /// appended: those frames stay out of order (not graded twice), and no frame that is in
    /// the file is reported missing.
    @Test func aRepeatedOrSwappedRunIsNotARestart() throws {
        let (header, rows) = try Self.rows("scissor-stance-in-form.csv")
        let cases: [(String, [Int])] = [
            ("repeated", Array(0..<15) + [10, 11, 12] + Array(15..<30)),
            ("swapped", Array(0..<10) + [12, 13, 10, 11] + Array(14..<30)),
            ("back-by-one", Array(0..<15) + [13, 14] + Array(15..<30)),
        ]
        for (name, order) in cases {
            let g = try Self.check(try Self.write(header, order.map { rows[$0] }, name: name + ".csv"), stretch: "1")
            let codes = g.flagged.values.flatMap { $0 }
            #expect(!codes.contains("frame_restart") && !codes.contains("frame_missing"), "\(name): \(g.flagged)")
            #expect(g.summary["frames"]?.number == Double(order.count), "\(name)")
            let outOfOrder = g.flagged.filter {
                $0.value.contains("out_of_order") || $0.value.contains("duplicate_frame")
            }
            #expect(outOfOrder.count >= 2, "\(name): \(g.flagged)")
        }
    }

    @Test func timesThatRestartAreFlaggedAndNotSpanned() throws {
        var (header, rows) = try Self.rows("scissor-stance-in-form.csv")
        for i in 15..<rows.count { rows[i][1] = String(Double(i - 15) * 100) }
        let g = try Self.check(try Self.write(header, rows, name: "restart.csv"), stretch: "1")
        #expect(g.flagged[15] == ["out_of_order"] && g.flagged[16] == ["time_restart"])
        #expect(g.hold.map { $0 <= 1.5 + 1e-9 } == true)
        #expect(g.summary["timeGaps"]?.number == 1)
    }

    /// 2 s of frames dropped from the 22 s hands-down lunge: numbered, unnumbered, CLI, library.
    @Test("dropped frames end the hold", arguments: [true, false])
    func droppedFrames(_ numbered: Bool) throws {
        var (header, rows) = try Self.rows("hands-down-lunge-in-form.csv")
        rows.removeSubrange(100..<120)
        if !numbered {
            header = String(header.drop(while: { $0 != "," }).dropFirst())
            rows = rows.map { Array($0.dropFirst()) }
        }
        let path = try Self.write(header, rows, name: numbered ? "dropped-numbered.csv" : "dropped.csv")
        let cli = try Self.check(path, stretch: "2")
        #expect(cli.verdict == "fail")
        #expect(cli.hold.map { $0 <= 12.0 } == true, "hold \(String(describing: cli.hold))")

        // The library, frame by frame, as a capture pipeline would feed it.
        let recording = try PoseReader.readRecording(path: path)
        let result = Evaluator.evaluate(recording, spec: .handsDownLunge)
        #expect(result.summary.verdict == .fail)
        #expect(result.summary.longestHoldSeconds.map { $0 <= 12.0 } == true)
    }

    /// A tracker run on every fifth frame numbers its frames 0, 5, 10, …: those frames follow
    /// each other (no frame_missing between them, which made 169 phantom frames and, timed by
    /// the rate, a verdict on a fifth of them), each lasts the step between them, and only a
    /// frame off the stride is missing; the library agrees.
    @Test func aRecordingOfEveryFifthFrameHasNoMissingFramesBetween() throws {
        let (fullHeader, fullRows) = try Self.rows("hands-down-lunge-in-form.csv")
        func withoutTime(_ cells: [String]) -> [String] { cells.enumerated().filter { $0.offset != 1 }.map(\.element) }
        let header = withoutTime(fullHeader.split(separator: ",").map(String.init)).joined(separator: ",")
        let rows = fullRows.filter { Int($0[0])! % 5 == 0 }.map(withoutTime)
        let path = try Self.write(header, rows, name: "stride5.csv")
        let g = try Self.check(path, stretch: "2", extra: ["--fps", "10"])
        #expect(g.verdict == "pass")
        #expect(g.summary["frames"]?.number == 44)
        #expect(g.flagged.isEmpty, "\(g.flagged)")
        #expect(g.hold.map { abs($0 - 21.6) < 1e-9 } == true, "\(String(describing: g.hold))")
        let text = runCLI(["check", path, "--stretch", "2", "--fps", "10"]).out
        #expect(
            text.contains(
                "frame numbers step by 5 (every 5th frame of the video written): the frames between are not missing"),
            "\(text)")
        var dropped = rows
        dropped.remove(at: 20)
        let d = try Self.check(
            try Self.write(header, dropped, name: "stride5-dropped.csv"), stretch: "2", extra: ["--fps", "10"])
        #expect(d.summary["frames"]?.number == 44)
        #expect(d.flagged == [20: ["frame_missing"]], "\(d.flagged)")
        var options = GradingOptions(spec: .handsDownLunge)
        options.frameRate = 10
        let library = try Grading.grade(path: path, options: options, begin: { _ in }, frame: { _, _ in })
        #expect(library.summary.longestHoldSeconds == g.hold)
        #expect(library.summary.frames == 44)
    }

    /// Strides are taken only where they are one: a recording at half rate that then writes
    /// every frame ends its stride at the first step off it (no frame renumbered, none
    /// missing); a stride whose frames are more than 0.5 s apart (every 6th at 10 fps) is none,
    /// as no hold could span its steps (each number between is missing, as before).
    @Test func aStrideEndsOffItAndNeedsItsFramesWithinReach() throws {
        let (fullHeader, fullRows) = try Self.rows("hands-down-lunge-in-form.csv")
        func withoutTime(_ cells: [String]) -> [String] { cells.enumerated().filter { $0.offset != 1 }.map(\.element) }
        let header = withoutTime(fullHeader.split(separator: ",").map(String.init)).joined(separator: ",")
        let rows = fullRows.map(withoutTime)
        let halfThenFull = rows.filter { Int($0[0])! < 100 ? Int($0[0])! % 2 == 0 : true }
        let g = try Self.check(
            try Self.write(header, halfThenFull, name: "half-then-full.csv"), stretch: "2", extra: ["--fps", "10"])
        #expect(g.flagged.isEmpty, "\(g.flagged)")
        #expect(g.summary["frames"]?.number == Double(halfThenFull.count))
        let sixth = rows.filter { Int($0[0])! % 6 == 0 }
        let s = try Self.check(try Self.write(header, sixth, name: "sixth.csv"), stretch: "2", extra: ["--fps", "10"])
        // Each number between is a frame_missing, but after the last jump (no numbered frame
        // after it to confirm it).
        #expect(s.summary["frames"]?.number == Double(6 * (sixth.count - 2) + 2))
    }

    /// The CLI without smoothing and the library's session give the same summary, on every
    /// keypoint fixture and on its hostile variants (a spike, a gap, the gap without numbers).
    static let keypointFixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesRoot + "/mediapipe")) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted()
    }()

    @Test("library and CLI agree", arguments: keypointFixtures)
    func libraryAndCLIAgree(_ name: String) throws {
        var (header, rows) = try Self.rows(name)
        let stretch = try #require(
            ["scissor-stance", "hands-down-lunge", "reach-up-twist"].first { name.hasPrefix($0) })
        let spec = try #require(StretchSpec.builtin(named: stretch))
        var variants: [(String, [[String]])] = [("clean", rows)]
        var spiked = rows
        spiked[rows.count / 2][1] = "99999999"
        variants.append(("spiked", spiked))
        var gap = rows
        gap.removeSubrange(5..<(rows.count / 3))
        variants.append(("gap", gap))
        var unnumbered = gap
        unnumbered = unnumbered.map { r in
            var r = r
            r[0] = ""
            return r
        }
        variants.append(("unnumbered", unnumbered))
        rows = []
        for (label, variant) in variants {
            let path = try Self.write(header, variant, name: "\(label)-\(name)")
            let cli = try Self.check(path, stretch: stretch, extra: ["--smooth", "none"])
            let recording = try PoseReader.readRecording(path: path)
            let library = Evaluator.evaluate(recording, spec: spec).summary
            #expect(cli.verdict == library.verdict.rawValue, "\(label)")
            #expect(cli.hold == library.longestHoldSeconds, "\(label)")
            #expect(cli.summary["inForm"]?.number == Double(library.inForm), "\(label)")
            #expect(cli.summary["untrustedTimes"]?.number == Double(library.untrustedTimes), "\(label)")
            #expect(cli.summary["timeGaps"]?.number == Double(library.timeGaps), "\(label)")
        }
    }
}

extension TimeIntegrityTests {
    /// Any one frame-number or time cell, in any row (first and last included), made bad: that
    /// frame is flagged, no frame is added or lost, and the hold moves by at most the dip tolerance
    /// plus one frame step.
    @Test(
        "any one bad cell anywhere",
        arguments: [
            (0, "abc"), (0, ""), (0, "-3"), (0, "10000000000"), (0, "0"), (0, "99"),
            (1, "nan"), (1, ""), (1, "1e12"), (1, "-5000"),
        ])
    func anyOneBadCell(_ column: Int, _ cell: String) throws {
        let (header, rows) = try Self.rows("scissor-stance-in-form.csv")
        let clean = try Self.check(try Self.write(header, rows, name: "clean-any.csv"), stretch: "1")
        for row in rows.indices where rows[row][column] != cell {
            var bad = rows
            bad[row][column] = cell
            let g = try Self.check(try Self.write(header, bad, name: "any-\(column)-\(cell)-\(row).csv"), stretch: "1")
            #expect(g.summary["frames"]?.number == Double(rows.count), "row \(row)")
            // A bad first time is trusted until the frames after it contradict it (the clock
            // never looks ahead), so its flag lands on one of the next frames.
            let flaggedRows = column == 1 && row == 0 ? Array(0...2) : [row]
            #expect(flaggedRows.contains { g.flagged[$0] != nil }, "row \(row): \(g.flagged)")
            #expect(g.flagged.keys.allSatisfy { flaggedRows.contains($0) }, "row \(row): \(g.flagged)")
            let change = abs((g.hold ?? 0) - (clean.hold ?? 0))
            #expect(
                change <= 0.5 + 0.1 + 1e-9,
                "row \(row): hold \(String(describing: clean.hold)) -> \(String(describing: g.hold))")
            #expect(g.verdict == clean.verdict, "row \(row)")
        }
    }
}
