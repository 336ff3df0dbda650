// Batch grading, shards and merge, machine outputs, output files and colour.
import Foundation
import PoseFormats
import PoseScanning
import PoseSynth
import Testing

@Suite(.serialized)
struct GradeTests {
    static let dir = PackagePaths.fixtures + "/mediapipe"

    static func tempDir(_ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-grade-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: d)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }

    @Test func jsonlIsByteIdenticalForAnyJobCount() throws {
        let one = runCLI(["grade", Self.dir, "--stretch", "1", "--output", "jsonl", "--jobs", "1"])
        let two = runCLI(["grade", Self.dir, "--stretch", "1", "--output", "jsonl", "--jobs", "2"])
        let four = runCLI(["grade", Self.dir, "--stretch", "1", "--output", "jsonl", "--jobs", "4"])
        #expect(one.code == 1 && one.err.isEmpty)
        #expect(one.out == two.out && one.out == four.out)
        let lines = one.out.split(separator: "\n")
        #expect(lines.count == 36)
        let paths = try lines.map { try #require(try parseJSON(String($0))["path"]?.string) }
        #expect(paths == paths.sorted())
    }

    @Test func shardsMergeIntoTheUnshardedRun() throws {
        let all = runCLI(["grade", Self.dir, "-s", "2", "--output", "jsonl"])
        let tmp = try Self.tempDir("shards")
        var files: [String] = []
        var sizes: [Int] = []
        for i in 1...3 {
            let path = tmp + "/shard\(i).jsonl"
            let r = runCLI(["grade", Self.dir, "-s", "2", "--output", "jsonl", "--shard", "\(i)/3", "-o", path])
            #expect(r.out.isEmpty && r.err.isEmpty)
            files.append(path)
            sizes.append(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count)
        }
        #expect(sizes.reduce(0, +) == 36 && sizes.allSatisfy { $0 > 0 })
        let merged = runCLI(["merge"] + files + ["--output", "jsonl"])
        #expect(merged.out == all.out)
        #expect(merged.code == all.code)
        let totalsAll = try parseJSON(runCLI(["grade", Self.dir, "-s", "2", "--output", "json"]).out)["totals"]
        let totalsMerged = try parseJSON(runCLI(["merge"] + files + ["--output", "json"]).out)["totals"]
        #expect(totalsAll.map(Self.describe) == totalsMerged.map(Self.describe))
        #expect(totalsAll?["recordings"]?.number == 36 && totalsAll?["pass"]?.number == 2)
        // A shard with no recording (more shards than recordings) is an empty file, and merges.
        let one = Self.dir + "/scissor-stance-in-form.csv"
        let halves = (1...2).map { tmp + "/half\($0).jsonl" }
        for (i, half) in halves.enumerated() {
            _ = runCLI(["grade", one, "-s", "1", "--output", "jsonl", "--shard", "\(i + 1)/2", "-o", half])
        }
        let halfSizes = try halves.map { try String(contentsOfFile: $0, encoding: .utf8).count }
        #expect(halfSizes.contains(0) && halfSizes.contains { $0 > 0 })
        let whole = runCLI(["merge"] + halves + ["--output", "jsonl"])
        #expect(whole.code == runCLI(["grade", one, "-s", "1"]).code)
        #expect(whole.out == runCLI(["grade", one, "-s", "1", "--output", "jsonl"]).out)
        // A file named twice, overlapping shards and shards of another stretch are refused.
        let twice = runCLI(["merge", files[0], files[0]])
        #expect(
            twice.code == 65 && twice.err.contains("\(files[0]): error: \(files[0]) is named twice"), "\(twice.err)")
        let copy = tmp + "/copy.jsonl"
        try FileManager.default.copyItem(atPath: files[0], toPath: copy)
        let overlapping = runCLI(["merge", files[0], copy])
        #expect(overlapping.code == 65 && overlapping.err.contains("is graded in both \(files[0]) and \(copy)"))
        let other = tmp + "/other.jsonl"
        _ = runCLI(["grade", Self.dir, "-s", "1", "--output", "jsonl", "--shard", "2/3", "-o", other])
        let mixed = runCLI(["merge", files[0], other, files[2]])
        #expect(mixed.code == 65 && mixed.out.isEmpty)
        #expect(
            mixed.err.contains(
                "the shards were graded against different stretches (hands-down-lunge in \(files[0]), scissor-stance in \(other))"
            ), "\(mixed.err)")
    }

    static func describe(_ v: JSONValue) -> String {
        (v.members ?? []).map { "\($0.key)=\($0.value.number ?? -1)" }.joined(separator: ",")
    }

    @Test func brokenFilesGetErrorRowsAndTheBatchGoesOn() throws {
        let tmp = try Self.tempDir("broken")
        try FileManager.default.copyItem(atPath: Self.dir + "/scissor-stance-in-form.csv", toPath: tmp + "/a.csv")
        try "[\n {\"pose_landmarks\": [,]}\n]\n".write(toFile: tmp + "/b.json", atomically: true, encoding: .utf8)
        try "not,a,pose\n1,2,3\n".write(toFile: tmp + "/c.csv", atomically: true, encoding: .utf8)
        try "ignored".write(toFile: tmp + "/notes.txt", atomically: true, encoding: .utf8)
        let r = runCLI(["grade", tmp, "-s", "1"])
        #expect(r.code == 65)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("PASS  \(tmp)/a.csv  hold 3.0 s  score 100"))
        #expect(lines[1] == "ERROR  \(tmp)/b.json:2:22: invalid JSON: unexpected ','; expected a value")
        #expect(lines[2].hasPrefix("ERROR  \(tmp)/c.csv:1:1: this CSV is not a pose export"))
        #expect(lines[4] == "3 recordings: 1 pass, 0 fail, 0 not assessable, 2 unreadable; 30 of 30 frames in form")
        let missing = runCLI(["grade", tmp + "/a.csv", "/nonexistent/x.csv", "-s", "1", "--output", "json"])
        #expect(missing.code == 66)
        let doc = try parseJSON(missing.out)
        #expect(doc["recordings"]?.array?[1]["error"]?["code"]?.string == "unreadable")
        #expect(doc["totals"]?["exitCode"]?.number == 66)
        // A recording that could not be graded says why, not what to fix.
        let unassessable = runCLI(["grade", Self.dir + "/scissor-stance-bad-back-hip-extension.csv", "-s", "1"])
        #expect(
            unassessable.out.hasPrefix("NOT ASSESSABLE  ")
                && unassessable.out.contains(
                    "score –  no frame could be assessed in full: back knee bend not measured (the back shank points toward or away from the camera)\n"
                ),
            "\(unassessable.out)")
        // A folder with no recording in it is not a batch that passed.
        let empty = try Self.tempDir("empty")
        try "ignored".write(toFile: empty + "/notes.txt", atomically: true, encoding: .utf8)
        let none = runCLI(["grade", empty, "-s", "1"])
        #expect(none.code == 66 && none.out.isEmpty)
        #expect(none.err.contains("no recordings found in \(empty)"))
        let one = runCLI(["grade", tmp + "/a.csv", "-s", "1"])
        #expect(one.out.contains("\n1 recording: 1 pass,"))
    }

    /// Pose2Sim names frame files `cam01.0000.json`; OpenPose `<name>_000000000012_keypoints.json`.
    @Test(
        "a folder of numbered OpenPose frame files is one recording",
        arguments: ["cam01.%04d.json", "clip_%012d_keypoints.json"])
    func frameFoldersAreOneRecording(_ pattern: String) throws {
        let tmp = try Self.tempDir("frames-\(pattern.prefix(4))")
        let recording = Scenarios.recording("scissor-stance", violated: nil, front: .left, duration: 1, fps: 10)
        for camera in ["cam01", "cam02"] {
            try FileManager.default.createDirectory(atPath: tmp + "/" + camera, withIntermediateDirectories: true)
            for (i, file) in KeypointExport.openPose(recording, layout: .body25).enumerated() {
                try file.contents.write(
                    toFile: tmp + "/" + camera + "/" + String(format: pattern, i), atomically: true, encoding: .utf8)
            }
        }
        try FileManager.default.copyItem(
            atPath: Self.dir + "/scissor-stance-in-form.csv", toPath: tmp + "/cam01/notes_2.csv")
        let r = runCLI(["grade", tmp, "-s", "1", "--fps", "10", "--output", "jsonl"])
        let paths = try r.out.split(separator: "\n").map { try parseJSON(String($0))["path"]?.string ?? "" }
        #expect(paths == [tmp + "/cam01", tmp + "/cam01/notes_2.csv", tmp + "/cam02"])
        // One numbered frame file beside other exports is graded as a file, not as a folder.
        for i in 1..<10 { try FileManager.default.removeItem(atPath: tmp + "/cam02/" + String(format: pattern, i)) }
        try FileManager.default.copyItem(
            atPath: Self.dir + "/scissor-stance-in-form.csv", toPath: tmp + "/cam02/other.csv")
        let lone = runCLI(["grade", tmp + "/cam02", "-s", "1", "--fps", "10", "--output", "jsonl"])
        let lonePaths = try lone.out.split(separator: "\n").map { try parseJSON(String($0))["path"]?.string ?? "" }
        #expect(lonePaths == [tmp + "/cam02/" + String(format: pattern, 0), tmp + "/cam02/other.csv"])
    }

    /// A recording named twice (a folder and a file in it, `./` before it) is graded once, and a
    /// hidden folder (a virtual environment, `.git`) is not searched. Before, the file was graded
    /// again for each spelling, and every JSON file of a `.venv` was an error row.
    @Test func aRecordingNamedTwiceIsGradedOnceAndHiddenFoldersAreLeftOut() throws {
        let d = try Self.tempDir("spellings")
        let fm = FileManager.default
        try fm.copyItem(atPath: Self.dir + "/reach-up-twist-in-form.csv", toPath: d + "/a.csv")
        try fm.createDirectory(atPath: d + "/.venv/lib", withIntermediateDirectories: true)
        try #"{"name": "not an export"}"#.write(toFile: d + "/.venv/lib/x.json", atomically: true, encoding: .utf8)
        let dot = (d as NSString).lastPathComponent
        let r = runCLI([
            "grade", d, d + "/a.csv", d + "/./a.csv", d + "/../" + dot + "/a.csv", "-s", "3", "--output", "csv",
        ])
        let rows = r.out.split(separator: "\n").dropFirst()
        #expect(rows.count == 1 && rows.first?.hasPrefix(d + "/a.csv,") == true, "\(r.out)")
        #expect(r.code == 0 && !r.out.contains(".venv"), "\(r.err)")
    }

    @Test func gradeCSVHasOneRowPerRecording() throws {
        let r = runCLI([
            "grade", Self.dir + "/reach-up-twist-in-form.csv", Self.dir + "/reach-up-twist-bad-arm-line.json", "-s",
            "3", "--output", "csv",
        ])
        try Golden.check(r.out.replacingOccurrences(of: PackagePaths.fixtures, with: "Fixtures"), "grade.csv")
        #expect(r.code == 1)
    }

    @Test("grade outputs", arguments: [("text", "grade.txt"), ("json", "grade.json"), ("jsonl", "grade.jsonl")])
    func gradeOutputs(_ format: String, _ golden: String) throws {
        let r = runCLI(["grade", Self.dir, "-s", "3", "--jobs", "2", "--output", format])
        #expect(r.code == 1)
        try Golden.check(r.out.replacingOccurrences(of: PackagePaths.fixtures, with: "Fixtures"), golden)
    }

    @Test func checkJSONLinesAndCSVHaveOneRecordPerFrame() throws {
        let path = Self.dir + "/scissor-stance-bad-trunk-inclination.csv"
        let jsonl = runCLI(["check", path, "-s", "1", "--output", "jsonl"])
        let lines = jsonl.out.split(separator: "\n")
        #expect(lines.count == 30 && jsonl.code == 1)
        for (i, l) in lines.enumerated() { #expect(try parseJSON(String(l))["index"]?.number == Double(i)) }
        let csv = runCLI(["check", path, "-s", "1", "--output", "csv"])
        let rows = csv.out.split(separator: "\n")
        #expect(rows.count == 31)
        #expect(
            rows[0]
                == "index,time,status,score,view,frontKneeFlexion_value,frontKneeFlexion_deviation,frontKneeFlexion_status,backKneeFlexion_value,backKneeFlexion_deviation,backKneeFlexion_status,feetGrounded_value,feetGrounded_deviation,feetGrounded_status,trunkInclination_value,trunkInclination_deviation,trunkInclination_status,backHipExtension_value,backHipExtension_deviation,backHipExtension_status"
        )
        #expect(rows[1].hasPrefix("0,0,deviating,"))
        // The CSV output is itself valid CSV with one field per header column.
        var sc = CSVScanner(string: csv.out)
        var widths: Set<Int> = []
        while try sc.nextRecord() { widths.insert(sc.fieldCount) }
        #expect(widths == [20])
    }

    @Test func outputFileAndColour() throws {
        let tmp = try Self.tempDir("out")
        let path = Self.dir + "/scissor-stance-in-form.json"
        let r = runCLI(["check", path, "-s", "1", "-o", tmp + "/out.txt"])
        #expect(r.code == 0 && r.out.isEmpty)
        #expect(try String(contentsOfFile: tmp + "/out.txt", encoding: .utf8).hasPrefix("PASS  scissor-stance"))
        let bad = runCLI(["check", path, "-s", "1", "-o", "/nonexistent/dir/out.txt"])
        #expect(bad.code == 73 && bad.err.hasPrefix("Error: cannot write '/nonexistent/dir/out.txt'"))
        #expect(runCLI(["check", path, "-s", "1", "--color", "always"]).out.hasPrefix("\u{1B}[1;32mPASS\u{1B}[0m"))
        #expect(!runCLI(["check", path, "-s", "1", "--color", "never"]).out.contains("\u{1B}"))
        #expect(!runCLI(["check", path, "-s", "1"]).out.contains("\u{1B}"))  // not a terminal
    }

    /// A run that fails before writing (a missing or malformed input) leaves the `-o` file as it
    /// was (it emptied earlier results); one that writes replaces it whole.
    @Test func aFailedRunLeavesTheOutputFileAsItWas() throws {
        let tmp = try Self.tempDir("keep")
        let out = tmp + "/out.json"
        try "earlier results\n".write(toFile: out, atomically: true, encoding: .utf8)
        let empty = tmp + "/empty.json"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(runCLI(["check", tmp + "/missing.json", "-s", "1", "-o", out]).code == 66)
        #expect(runCLI(["check", empty, "-s", "1", "--output", "json", "-o", out]).code == 65)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "earlier results\n")
        let refused = runCLI(["check", empty, "-s", "1", "-o", tmp + "/new.txt"])
        #expect(refused.code == 65)
        // No excerpt of an empty line, and no caret under nothing.
        #expect(refused.err == "\(empty):1:1: error: the file is empty\n", "\(refused.err)")
        let good = runCLI(["check", Self.dir + "/scissor-stance-in-form.json", "-s", "1", "-o", out])
        #expect(good.code == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("PASS  scissor-stance"))
    }

    @Test("inspect", arguments: [(["--output", "text"], "inspect.txt"), (["--output", "json"], "inspect.json")])
    func inspect(_ extra: [String], _ golden: String) throws {
        let r = runCLI(["inspect", Self.dir + "/hands-down-lunge-bad-feet-grounded.json"] + extra)
        #expect(r.code == 0)
        try Golden.check(r.out.replacingOccurrences(of: PackagePaths.fixtures, with: "Fixtures"), golden)
    }

    @Test(
        "grade, merge and inspect usage errors",
        arguments: [
            (["grade", "-s", "1"], "Error: Missing expected argument '<path>'.\n"),
            (
                ["grade", "x", "-s", "1", "--jobs", "0"],
                "Error: Invalid value '0' for '--jobs <n>': expected a whole number from 1 to 1024.\n"
            ),
            (
                ["grade", "x", "-s", "1", "--shard", "4/3"],
                "Error: Invalid value '4/3' for '--shard <i>/<n>': expected e.g. 2/8, with 1 ≤ i ≤ n.\n"
            ),
            (
                ["grade", "x", "-s", "1", "--shard", "1"],
                "Error: Invalid value '1' for '--shard <i>/<n>': expected e.g. 2/8, with 1 ≤ i ≤ n.\n"
            ),
            (
                ["grade", "x", "-s", "1", "--color", "sometimes"],
                "Error: Invalid value 'sometimes' for '--color <when>': expected auto, always or never.\n"
            ),
            (
                ["grade", "x", "-s", "1", "--output", "xml"],
                "Error: Unknown output format 'xml'. Known formats: text, json, jsonl, csv.\n"
            ),
            (
                ["grade", "x", "--stretch", "twist"],
                "Error: Unknown stretch 'twist'. Known stretches: scissor-stance, hands-down-lunge, reach-up-twist (or 1, 2, 3).\n"
            ),
            (["merge"], "Error: Missing expected argument '<file>'.\n"),
            (["merge", "a.jsonl", "--stretch", "1"], "Error: Unknown option '--stretch'.\n"),
            (["inspect"], "Error: Missing expected argument '<file>'.\n"),
            (["inspect", "a", "b"], "Error: Unexpected argument 'b'.\n"),
            (["inspect", "a", "--output", "csv"], "Error: Unknown output format 'csv'. Known formats: text, json.\n"),
        ])
    func usageErrors(_ args: [String], _ expected: String) {
        let r = runCLI(args)
        #expect(r.code == 64 && r.out.isEmpty)
        #expect(
            r.err == expected + "Usage: " + Self.usage(args[0])
                + "\nSee 'posecheck \(args[0]) --help' for more information.\n", "\(r.err)")
    }

    static func usage(_ command: String) -> String {
        let help = runCLI([command, "--help"]).out
        return help.split(separator: "\n").first { $0.hasPrefix("USAGE: ") }.map { String($0.dropFirst(7)) } ?? ""
    }

    @Test func mergeRejectsFilesThatAreNotGradeRows() throws {
        let tmp = try Self.tempDir("merge")
        try "{\"a\": 1}\n".write(toFile: tmp + "/x.jsonl", atomically: true, encoding: .utf8)
        let r = runCLI(["merge", tmp + "/x.jsonl"])
        #expect(
            r.code == 65 && r.err.hasPrefix("\(tmp)/x.jsonl:1:1: error: not a row of 'posecheck grade --output jsonl'"))
        let missing = runCLI(["merge", tmp + "/none.jsonl"])
        #expect(missing.code == 66)
    }
}

/// Summary-only output is graded in one pass that stops scoring the side the vote clearly
/// disfavours; it must say exactly what the two-pass path (per-frame output) says, also when
/// the vote turns to that side later in the recording.
struct OnePassTests {
    static func recording(_ name: String, flip: Bool) throws -> String {
        let right = Scenarios.recording("scissor-stance", front: .right, duration: 3, fps: 30, noisePixels: 1)
        let left = Scenarios.recording("scissor-stance", front: .left, duration: 12, fps: 30, noisePixels: 1, seed: 2)
        var text = MediaPipeExport.csvHeader()
        var rows = right.frames.map { (right, $0) }
        if flip { rows += left.frames.map { (left, $0) } }
        for (k, (r, f)) in rows.enumerated() { text += MediaPipeExport.csvRow(r, f, index: k, time: Double(k) / 30) }
        let dir = try GradeTests.tempDir(name)
        let path = dir + "/recording.csv"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test(arguments: [false, true])
    func summaryMatchesTheTwoPassPath(_ flip: Bool) throws {
        let path = try Self.recording("one-pass-\(flip)", flip: flip)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let once = runCLI(["check", path, "--stretch", "1"])
        let twice = runCLI(["check", path, "--stretch", "1", "--frames"])
        #expect(once.code == twice.code)
        #expect(twice.out.hasSuffix(once.out), "\(once.out)\n---\n\(twice.out.suffix(once.out.count + 200))")
        // The flip makes the left knee the more flexed one over the whole recording.
        #expect(once.out.contains("front side \(flip ? "left" : "right"), decided from the knees"), "\(once.out)")
    }
}
