// The command line: help, errors, exit codes and outputs, as whole strings.
// Golden files live in Tests/PoseCheckCLITests/Golden; re-record them with
// POSECHECK_RECORD_GOLDEN=1 swift test --filter CLITests
import Foundation
import PoseFormats
import PoseSynth
import Testing

enum Golden {
    static let folder = PackagePaths.root + "/Tests/PoseCheckCLITests/Golden"
    static let record = ProcessInfo.processInfo.environment["POSECHECK_RECORD_GOLDEN"] == "1"

    static func check(_ actual: String, _ name: String) throws {
        let url = URL(fileURLWithPath: folder + "/" + name)
        if record {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == expected,
            "Golden/\(name) differs: re-record with POSECHECK_RECORD_GOLDEN=1 swift test --filter CLITests")
    }
}

@Suite(.serialized)
struct CLITests {
    static let fixture = PackagePaths.fixtures + "/mediapipe"

    @Test(
        "help and version go to stdout with exit 0",
        arguments: [
            (["--help"], "help-root.txt"), (["check", "--help"], "help-check.txt"),
            (["specs", "-h"], "help-specs.txt"),
            ([], "help-root.txt"), (["help", "check"], "help-check.txt"), (["grade", "--help"], "help-grade.txt"),
            (["merge", "--help"], "help-merge.txt"), (["live", "--help"], "help-live.txt"),
            (["inspect", "--help"], "help-inspect.txt"), (["report", "--help"], "help-report.txt"),
        ])
    func help(_ args: [String], _ golden: String) throws {
        let r = runCLI(args)
        #expect(r.code == 0 && r.err.isEmpty)
        try Golden.check(r.out, golden)
    }

    @Test func version() {
        let r = runCLI(["--version"])
        #expect(r.code == 0 && r.out == "posecheck 0.2.0\n" && r.err.isEmpty)
    }

    @Test func specsListing() throws {
        let text = runCLI(["specs"])
        #expect(text.code == 0)
        try Golden.check(text.out, "specs.txt")
        let json = runCLI(["specs", "--output", "json"])
        #expect(json.code == 0)
        try Golden.check(json.out, "specs.json")
        #expect(try parseJSON(json.out).array?.count == 3)
    }

    /// Every documented usage error: message, usage line, hint, exit 64, nothing on stdout.
    @Test(
        "usage errors",
        arguments: [
            (
                ["chek"],
                "Error: Unknown subcommand 'chek'. Did you mean 'check'?\nUsage: posecheck <subcommand> [options]\nSee 'posecheck --help' for more information.\n"
            ),
            (
                ["--verison"],
                "Error: Unknown option '--verison'. Did you mean '--version'?\nUsage: posecheck <subcommand> [options]\nSee 'posecheck --help' for more information.\n"
            ),
            (["check", "x.json"], "Error: Missing expected option '--stretch <id>' (or '--spec <file>').\n"),
            (["check", "--stretch", "1"], "Error: Missing expected argument '<file>'.\n"),
            (
                ["check", "a", "b", "--stretch", "1"],
                "Error: Unexpected argument 'b': check takes one file (use 'posecheck grade' for many).\n"
            ),
            (
                ["check", "x.json", "--stretch", "sissor-stance"],
                "Error: Unknown stretch 'sissor-stance'. Did you mean 'scissor-stance'?\n"
            ),
            (
                ["check", "x.json", "--stretch", "4"],
                "Error: Unknown stretch '4'. Known stretches: scissor-stance, hands-down-lunge, reach-up-twist (or 1, 2, 3).\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--fornt", "left"],
                "Error: Unknown option '--fornt'. Did you mean '--front'?\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--front", "middle"],
                "Error: Invalid value 'middle' for '--front <side>': expected left, right or auto.\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--fps", "0"],
                "Error: Invalid value '0' for '--fps <n>': expected a positive number.\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--fps", "nan"],
                "Error: Invalid value 'nan' for '--fps <n>': expected a positive number.\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--image-size", "1920*1080"],
                "Error: Invalid value '1920*1080' for '--image-size <WxH>': expected e.g. 1920x1080.\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--min-confidence", "2"],
                "Error: Invalid value '2' for '--min-confidence <x>': expected a number from 0 to 1.\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--output", "jsno"],
                "Error: Unknown output format 'jsno'. Did you mean 'json'?\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--format", "mediapipe"],
                "Error: Unknown format 'mediapipe'. Known formats: \(PoseFormat.allCases.map{ $0.rawValue }.joined(separator: ", ")).\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--coordinates", "3d"],
                "Error: Invalid value '3d' for '--coordinates <space>': expected image or world.\n"
            ),
            (
                ["check", "x.json", "-s", "1", "--spec", "s.json"],
                "Error: Give either '--stretch <id>' or '--spec <file>', not both.\n"
            ),
            (["check", "x.json", "-s", "1", "-s", "2"], "Error: Option '--stretch' given more than once.\n"),
            (["check", "x.json", "--stretch"], "Error: Missing value for '--stretch <id>'.\n"),
            (["check", "x.json", "-s", "1", "--frames=yes"], "Error: Option '--frames' takes no value.\n"),
            (["specs", "extra"], "Error: Unexpected argument 'extra'.\n"),
            (["specs", "--output", "csv"], "Error: Unknown output format 'csv'. Known formats: text, json.\n"),
        ])
    func usageErrors(_ args: [String], _ expectedStart: String) {
        let r = runCLI(args)
        #expect(r.code == 64, "\(args)")
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix(expectedStart), "\(args): \(r.err)")
        let command = args.first == "specs" ? "specs" : "check"
        if args.first == "check" || args.first == "specs" {
            #expect(r.err.hasSuffix("See 'posecheck \(command) --help' for more information.\n"))
            #expect(r.err.contains("\nUsage: posecheck \(command) "))
        }
    }

    static func temp(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-cli-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func malformedInputIsLocatedWithACaret() throws {
        let path = try Self.temp("bad.json", "[\n {\"pose_landmarks\": [\n  {\"x\": 0.5, \"y\": 0.4,],\n ]}\n]\n")
        let r = runCLI(["check", path, "--stretch", "1"])
        #expect(r.code == 65 && r.out.isEmpty)
        #expect(
            r.err
                == "\(path):3:23: error: invalid JSON: unexpected ']'; expected a string key\n  {\"x\": 0.5, \"y\": 0.4,],\n                      ^\n"
        )
    }

    @Test func pythonNaNPointsToTheFlagThatReadsIt() throws {
        let path = try Self.temp("nan.json", "[{\"pose_landmarks\": [{\"x\": NaN, \"y\": 0.4}]}]\n")
        let r = runCLI(["check", path, "--stretch", "1"])
        #expect(r.code == 65)
        #expect(
            r.err.hasPrefix(
                "\(path):1:28: error: invalid JSON: NaN is not JSON (Python writes it for non-finite floats); --allow-nan reads it"
            ), "\(r.err)")
    }

    @Test func malformedCSVIsLocated() throws {
        let path = try Self.temp("bad.csv", "nose_x,nose_y\n0.5,\"0.4\n")
        let r = runCLI(["check", path, "--stretch", "1"])
        #expect(r.code == 65)
        #expect(r.err.hasPrefix("\(path):2:5: error: invalid CSV: quoted field 2 is never closed\n0.5,\"0.4\n    ^\n"))
    }

    @Test func validJSONThatIsNotAnExportSaysSo() throws {
        let path = try Self.temp("config.json", "{\"name\": \"x\"}\n")
        let r = runCLI(["check", path, "--stretch", "1"])
        #expect(r.code == 65)
        #expect(r.err.contains("is not a MediaPipe pose export") && !r.err.contains("invalid JSON"))
    }

    /// An export of no frames (JSON Lines of a metadata line only, a CSV of its header only) is
    /// not assessable, exit 1, and says only that: no hold to time, no `--fps` to pass (the
    /// metadata line had been refused, exit 65; the CSV's summary asked for a frame rate).
    @Test func anExportOfNoFramesSaysSo() throws {
        let jsonl = try Self.temp("meta.jsonl", "{\"fps\": 30, \"image_width\": 1280, \"image_height\": 720}\n")
        let csv = try Self.temp("header.csv", "frame,timestamp_ms,nose_x,nose_y\n")
        for path in [jsonl, csv] {
            let r = runCLI(["check", path, "--stretch", "1"])
            #expect(r.code == 1 && r.err.isEmpty, "\(path): \(r.err)")
            #expect(r.out.contains("the recording has no frames") && !r.out.contains("longest hold"), "\(r.out)")
        }
    }

    /// Output that cannot be written (a full disk; /dev/full refuses every byte) is exit 73
    /// with the reason, for the report, HTML, a batch and a report page; it had been exit 0
    /// over lost output (only a file that could not be opened was 73).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func outputThatCannotBeWrittenIsExit73() throws {
        let input = fixturesRoot + "/mediapipe/hands-down-lunge-in-form.json"
        for args in [
            ["check", input, "--stretch", "2", "-o", "/dev/full"],
            ["check", input, "--stretch", "2", "--output", "html", "-o", "/dev/full"],
            ["grade", fixturesRoot + "/mediapipe", "--stretch", "2", "--output", "csv", "-o", "/dev/full"],
        ] {
            let r = runCLI(args)
            #expect(r.code == 73, "\(args): \(r.err)")
            #expect(r.err.contains("Error: cannot write '/dev/full': No space left on device"), "\(args): \(r.err)")
        }
        let written = runCLI(["check", input, "--stretch", "2", "-o", try Self.temp("written.txt", "")])
        #expect(written.code == 0 && written.err.isEmpty, "\(written.err)")
    }

    @Test func missingInputIsExit66() {
        let r = runCLI(["check", "/nonexistent/x.json", "--stretch", "1"])
        #expect(r.code == 66 && r.err == "Error: cannot open '/nonexistent/x.json': No such file or directory\n")
        let d = runCLI(["check", "/tmp", "--stretch", "1"])
        #expect(d.code == 66 && d.err.contains("it is a folder without OpenPose frame files"), "\(d.err)")
        let s = runCLI(["check", "/nonexistent/x.json", "--spec", "/nonexistent/spec.json"])
        #expect(s.code == 66 && s.err.contains("spec.json"))
    }

    @Test func badSpecFileIsExit65WithKeyPath() throws {
        let spec = try Self.temp(
            "spec.json",
            "{\"schemaVersion\": 1, \"id\": \"x\", \"checks\": [{\"check\": \"gaze\", \"max\": \"a\", \"falloff\": 1}]}"
        )
        let r = runCLI(["check", Self.fixture + "/scissor-stance-in-form.json", "--spec", spec])
        #expect(r.code == 65)
        #expect(r.err.hasPrefix("\(spec):1:69: error: invalid spec: checks[0].max: must be a number, found a string\n"))
    }

    @Test func customSpecChangesTheVerdict() throws {
        let spec = try Self.temp(
            "loose.json",
            #"{"schemaVersion": 1, "id": "loose", "extends": "scissor-stance", "checks": [{"check": "trunkInclination", "max": 40, "falloff": 20}]}"#
        )
        let strict = runCLI(["check", Self.fixture + "/scissor-stance-bad-trunk-inclination.json", "--stretch", "1"])
        let loose = runCLI(["check", Self.fixture + "/scissor-stance-bad-trunk-inclination.json", "--spec", spec])
        #expect(strict.code == 1 && loose.code == 0)
        #expect(loose.out.hasPrefix("PASS  loose (loose)"))
    }

    @Test(
        "text and JSON outputs",
        arguments: [
            (["scissor-stance-bad-front-knee-flexion.csv", "--stretch", "1"], "check-knee.txt"),
            (["reach-up-twist-bad-arm-line.json", "--stretch", "3", "--frames"], "check-arm-line-frames.txt"),
            (["scissor-stance-bad-back-hip-extension.json", "--stretch", "1", "--output", "json"], "check-hip.json"),
            (
                ["hands-down-lunge-in-form.csv", "--stretch", "2", "--front", "right", "--min-confidence", "0.3"],
                "check-hold.txt"
            ),
            (["scissor-stance-bad-feet-grounded.csv", "--stretch", "1", "--output", "jsonl"], "check-feet.jsonl"),
            (["scissor-stance-bad-feet-grounded.json", "--stretch", "1", "--output", "csv"], "check-feet.csv"),
        ])
    func outputs(_ args: [String], _ golden: String) throws {
        var a = args
        a[0] = Self.fixture + "/" + a[0]
        let r = runCLI(["check"] + a)
        #expect(r.err.isEmpty)
        // Paths differ between machines: golden files hold them relative to Fixtures/.
        try Golden.check(r.out.replacingOccurrences(of: PackagePaths.fixtures, with: "Fixtures"), golden)
    }

    @Test func timeUnknownWithoutFPSAndKnownWithIt() throws {
        let csv = try String(contentsOfFile: Self.fixture + "/scissor-stance-in-form.csv", encoding: .utf8)
        // Drop the timestamp column.
        let stripped =
            csv.split(separator: "\n").map { line -> String in
                var f = line.split(separator: ",", omittingEmptySubsequences: false)
                f.remove(at: 1)
                return f.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        let path = try Self.temp("notime.csv", stripped)
        let without = runCLI(["check", path, "--stretch", "1"])
        #expect(without.code == 1 && without.out.contains("NOT ASSESSABLE") && without.out.contains("pass --fps N"))
        let with = runCLI(["check", path, "--stretch", "1", "--fps", "10"])
        #expect(with.code == 0 && with.out.contains("longest hold: 3.0 s"))
    }
}

/// A few end-to-end runs of the built binary: streams and exit codes as a shell sees them.
struct EndToEndTests {
    static let binary: String = {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return testBundle.appendingPathComponent("posecheck").path
    }()
    static let available = FileManager.default.isExecutableFile(atPath: binary)

    static func run(_ args: [String]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(
        .enabled(if: available, "the posecheck binary is not built next to the tests"),
        arguments: [
            (
                ["check", PackagePaths.fixtures + "/mediapipe/hands-down-lunge-in-form.json", "--stretch", "2"],
                Int32(0), "PASS", ""
            ),
            (
                [
                    "check", PackagePaths.fixtures + "/mediapipe/hands-down-lunge-bad-hands-on-floor.csv", "--stretch",
                    "2",
                ], 1, "FAIL", ""
            ),
            (["check", "/nonexistent.json", "--stretch", "2"], 66, "", "Error: cannot open"),
            (["check", "--stretch", "9", "x"], 64, "", "Error: Unknown stretch '9'"),
            (["--version"], 0, "posecheck ", ""),
        ])
    func shellRun(_ args: [String], _ code: Int32, _ outPrefix: String, _ errPrefix: String) throws {
        let (status, out, err) = try Self.run(args)
        #expect(status == code)
        #expect(out.hasPrefix(outPrefix) && (outPrefix.isEmpty ? out.isEmpty : true))
        #expect(err.hasPrefix(errPrefix) && (errPrefix.isEmpty ? err.isEmpty : true))
    }

    @Test(.enabled(if: available, "the posecheck binary is not built next to the tests"), arguments: ["[", "{\"a\":["])
    func hostileNestingIsAnErrorNotACrash(_ unit: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nest-\(unit.count)-\(ProcessInfo.processInfo.processIdentifier).json"
        ).path
        try String(repeating: unit, count: 100_000).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, out, err) = try Self.run(["check", path, "--stretch", "1"])
        #expect(status == 65 && out.isEmpty)
        #expect(err.hasPrefix("\(path):1:") && err.contains("error: invalid JSON: nesting deeper than 64 levels"))
    }

    @Test(.enabled(if: available, "the posecheck binary is not built next to the tests"))
    func jsonOutputIsOneValidDocument() throws {
        let (status, out, _) = try Self.run([
            "check", PackagePaths.fixtures + "/mediapipe/reach-up-twist-in-form.csv", "--stretch", "3", "--output",
            "json",
        ])
        #expect(status == 0)
        let doc = try parseJSON(out)
        #expect(doc["summary"]?["verdict"]?.string == "pass")
        #expect(doc["frames"]?.array?.count == 30)
    }
}
