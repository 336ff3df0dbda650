// The library's text names no command-line option; `posecheck` adds its flags as hints, by the
// reason's value (Hints.swift): the front side that could not be decided, a fixed front side, the
// image size given as an option.
import Foundation
import PoseCheck
import PoseSynth
import Testing

@testable import PoseCheckCLI

struct CommandLineHintsTests {
    /// A scissor stance whose left knee is never seen: the front side cannot be voted, so every
    /// check that needs it is not assessable.
    static func noLeftKnee() -> SyntheticRecording {
        var r = Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10)
        for i in r.frames.indices { r.frames[i].image[.leftKnee] = nil }
        return r
    }

    /// The text report of `recording`, graded with `front`, with `hints`.
    static func text(_ recording: Recording, front: FrontSideChoice, hints: ReportHints, cli: Bool) -> String {
        let result = Evaluator.evaluate(recording, spec: .scissorStance, front: front)
        var context = ReportContext(
            path: "x.json", info: recording.info, spec: .scissorStance, front: result.front,
            frameCount: result.frames.count, includeFrames: true)
        context.hints = hints
        var writer = TextWriter()
        var out = writer.begin(context)
        for (pose, r) in zip(recording.frames, result.frames) { out += writer.frame(r, pose: pose) }
        return out + writer.end(cli ? result.summary.withCommandLineHints(recording.info) : result.summary)
    }

    @Test func theLibraryNamesNoOption() {
        #expect(Unassessable.frontSideUnknown.description == "front side unknown")
        let unknown = Self.text(Self.noLeftKnee().canonical(), front: .auto, hints: ReportHints(), cli: false)
        #expect(unknown.contains("Front knee bend: front side unknown\n"))
        #expect(unknown.contains("(front side unknown)"))
        let fixed = Self.text(
            Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10).canonical(),
            front: .left, hints: ReportHints(), cli: false)
        #expect(fixed.contains("front side: left (given)"))
        let untimed = Self.text(
            Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10).canonical(withTimes: false),
            front: .left, hints: ReportHints(), cli: false)
        #expect(untimed.contains("longest hold: unknown (no timestamps)\n"))
        for text in [unknown, fixed, untimed] { #expect(!text.contains("--"), "\(text)") }
        let space = CoordinateSpace.normalizedImage(width: 1280, height: 720, sizeSource: .option)
        #expect(space.summary == "normalised image coordinates × 1280×720 (size from an option)")
    }

    /// Normalised coordinates without an image size: the verdict's reason says square pixels
    /// were assumed (a landscape lunge then looks foreshortened), and the CLI names the option;
    /// with the size given, the recording is graded and the reason says nothing of it.
    @Test func aVerdictOnAssumedSquarePixelsSaysSo() throws {
        let path = fixturesRoot + "/formats/mediapipe-x0.csv"
        let caveat =
            "; the image size is unknown, so square pixels were assumed (angles are distorted unless the video is square)"
        let options = GradingOptions(spec: .scissorStance)
        let library = try Grading.grade(path: path, options: options, begin: { _ in }, frame: { _, _ in })
        #expect(library.summary.imageSizeAssumed)
        #expect(library.summary.verdictReason.hasSuffix(caveat), "\(library.summary.verdictReason)")
        let cli = runCLI(["check", path, "--stretch", "1", "--fps", "10"])
        #expect(cli.out.contains(caveat + ": pass --image-size WxH\n"), "\(cli.out)")
        let sized = runCLI(["check", path, "--stretch", "1", "--fps", "10", "--image-size", "1280x720"])
        #expect(sized.out.hasPrefix("PASS"), "\(sized.out)")
        #expect(!sized.out.contains("square pixels were assumed"), "\(sized.out)")
    }

    /// Every frame deviates (the trunk leans), and the back knee goes unmeasured on half of
    /// them: the report says why, though no frame as a whole is not assessable.
    @Test func aCheckUnmeasuredOnDecidedFramesIsListed() {
        var r = Scenarios.recording("scissor-stance", violated: .trunkInclination, front: .left, duration: 2, fps: 10)
        for i in 0..<10 { r.frames[i].image[.rightAnkle] = nil }
        let text = Self.text(r.canonical(), front: .left, hints: ReportHints(), cli: false)
        #expect(text.contains("0 not assessable"), "\(text)")
        #expect(text.contains("  not measured:\n    - Back knee bend: 10 frames ("), "\(text)")
    }

    @Test func theCommandLineAddsItsFlags() {
        let unknown = Self.text(Self.noLeftKnee().canonical(), front: .auto, hints: .commandLine, cli: true)
        #expect(unknown.contains("Front knee bend: front side unknown: pass --front left|right\n"))
        #expect(unknown.contains("(front side unknown: pass --front left|right)"))
        let fixed = Self.text(
            Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10).canonical(),
            front: .left, hints: .commandLine, cli: true)
        #expect(fixed.contains("front side: left (from --front)"))
        let untimed = Self.text(
            Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10).canonical(withTimes: false),
            front: .left, hints: .commandLine, cli: true)
        #expect(untimed.contains("longest hold: unknown (no timestamps; pass --fps N)\n"))
        let space = CoordinateSpace.normalizedImage(width: 1280, height: 720, sizeSource: .option)
        #expect(
            space.summary(imageSizeOption: ReportHints.commandLine.imageSizeOption)
                == "normalised image coordinates × 1280×720 (size from --image-size)")
    }

    /// The same through `posecheck check`: text and JSON carry the hint where the library's
    /// reason leaves the front side unknown.
    @Test func checkPrintsTheFrontSideHint() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-left-knee-\(ProcessInfo.processInfo.processIdentifier).csv").path
        // The exporter writes every landmark; the left knee is hidden by its visibility instead.
        var lines = MediaPipeExport.csv(Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10))
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(lines[0].firstIndex(of: "left_knee_visibility"))
        for i in lines.indices.dropFirst() { lines[i][column] = "0.1" }
        try lines.map { $0.joined(separator: ",") + "\n" }.joined().write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = runCLI(["check", path, "--stretch", "1", "--frames"])
        #expect(text.code == 1)
        #expect(text.out.contains("Front knee bend: front side unknown: pass --front left|right\n"))
        let json = try parseJSON(runCLI(["check", path, "--stretch", "1", "--output", "json"]).out)
        let check = json["frames"]?.array?.first?["checks"]?.array?.first
        #expect(check?["reason"]?.string == "front side unknown: pass --front left|right")
        #expect(check?["reasonCode"]?.string == "front_side_unknown")
    }

    /// The summary says when the reader flagged frames (damaged input) and when frames show
    /// several people, with who was graded and the flag that chooses another; before, only the
    /// per-frame output showed either.
    @Test func theSummarySaysFlaggedInputAndSeveralPeople() {
        let truncated = runCLI(["check", fixturesRoot + "/defects/truncated.csv", "--stretch", "1"])
        #expect(
            truncated.out.contains(
                "  input: 1 frame flagged by the reader (frame 2: wrong_field_count: line 4 has 70 fields, the header has 136); each is flagged on its frame\n"
            ), "\(truncated.out)")
        #expect(!truncated.out.contains("people:"))
        let two = runCLI(["check", fixturesRoot + "/defects/openpose-two-people_keypoints.json", "--stretch", "1"])
        #expect(
            two.out.contains(
                "  people: 1 frame shows several people (frame 0: 2 people; graded person 1 (person rule most-confident)); --person largest or --person N chooses who is graded\n"
            ), "\(two.out)")
        #expect(!two.out.contains("input:"))
    }
}
