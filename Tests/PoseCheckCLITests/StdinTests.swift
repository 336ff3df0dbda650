// `-` reads standard input: `cat FILE | posecheck check - …` prints what `posecheck check FILE …`
// prints (with `-` for the path), for every output format, through a real pipe to the binary.
import Foundation
import PoseFormats
import PoseSynth
import Testing

struct StdinTests {
    /// Runs the binary with `stdin` written to its standard input through a pipe, in chunks.
    static func run(_ args: [String], stdin: Data) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        p.arguments = args
        let input = Pipe()
        let out = Pipe()
        let err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let writer = Thread {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static let cases: [(String, String, String)] = ["text", "json", "jsonl", "csv", "html"].flatMap { format in
        [
            ("mediapipe/scissor-stance-bad-feet-grounded.json", "1", format),
            ("mediapipe/hands-down-lunge-in-form.csv", "2", format),
            ("formats/mediapipe.jsonl", "1", format),
            ("angles/reach-up-twist-in-form.opensim.mot", "3", format),
        ]
    }

    @Test(
        .enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"), arguments: cases)
    func pipedEqualsFile(_ relative: String, _ stretch: String, _ format: String) throws {
        let path = PackagePaths.fixtures + "/" + relative
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let flags = ["--stretch", stretch, "--output", format, "--color", "never"]
        let (fileStatus, fileOut, fileErr) = try EndToEndTests.run(["check", path] + flags)
        let (pipeStatus, pipeOut, pipeErr) = try Self.run(["check", "-"] + flags, stdin: bytes)
        #expect(pipeStatus == fileStatus)
        #expect(pipeErr == fileErr)
        #expect(!pipeOut.isEmpty)
        #expect(pipeOut == fileOut.replacingOccurrences(of: path, with: "-"))
    }

    @Test(.enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"))
    func frameOutputFromStdinIsNotEmptyOnTheSecondPass() throws {
        // The two-pass output (jsonl) once reopened the drained pipe and failed on an empty input.
        let path = PackagePaths.fixtures + "/formats/mediapipe.jsonl"
        let (status, out, err) = try Self.run(
            ["check", "-", "--stretch", "1", "--output", "jsonl"],
            stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(err.isEmpty)
        #expect(status == 0 || status == 1)
        #expect(out.split(separator: "\n").count > 2)
    }

    @Test(.enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"))
    func inspectAndGradeTakeStdin() throws {
        let path = PackagePaths.fixtures + "/mediapipe/hands-down-lunge-in-form.csv"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let (inspectStatus, inspectOut, _) = try Self.run(["inspect", "-"], stdin: bytes)
        #expect(inspectStatus == 0 && inspectOut.contains("mediapipe"))
        let (gradeStatus, gradeOut, _) = try Self.run(
            ["grade", "-", "--stretch", "2", "--output", "csv"], stdin: bytes)
        #expect(gradeStatus == 0)
        #expect(gradeOut.contains("\n-,") || gradeOut.contains("\"-\""))
    }
}
