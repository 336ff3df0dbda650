// Apple Vision exports may hold a frame's joints twice, 2D under `joints` and 3D under
// `joints3D`; the reader grades one and never reads the other into the frame's tree
// (`JSONFrameStream.unreadFrameKeys`). Skipped values are still checked: the frames graded do
// not depend on them, and a malformed one is the same error, at the same place, as when read.
import PoseFormats
import PoseModel
import PoseScanning
import Testing

struct UnreadFrameKeysTests {
    static let joints2D =
        #"{"leftHip": {"x": 0.4, "y": 0.5, "confidence": 0.9}, "leftKnee": {"x": 0.45, "y": 0.3, "confidence": 0.9}, "#
        + #""leftAnkle": {"x": 0.4, "y": 0.1, "confidence": 0.9}}"#
    static let joints3D = #"{"left_upLeg_joint": [0.1, 0.9, 0.0], "left_leg_joint": [0.15, 0.5, 0.1]}"#

    /// Three frames, one a line, with `joints3D` (and `joints`) as given for the second.
    static func export(joints: String = joints2D, secondJoints3D: String) -> String {
        let frames = (0..<3).map { i in
            let joints3D = i == 1 ? secondJoints3D : Self.joints3D
            return #"{"time": \#(Double(i) / 30), "joints": \#(joints), "joints3D": \#(joints3D)}"#
        }
        return #"{"imageWidth": 640, "imageHeight": 480, "frames": ["# + "\n" + frames.joined(separator: ",\n")
            + "\n]}\n"
    }

    static func read(_ text: String, world: Bool = false) throws(FormatError) -> Recording {
        var options = ReadOptions()
        if world { options.coordinates = .world }
        return try PoseReader.readRecording(.memory(Array(text.utf8)), path: "vision.json", options: options)
    }

    static func points(_ r: Recording) -> [[Keypoint?]] {
        r.frames.map { f in Joint.allCases.map { f[$0] } }
    }

    @Test(arguments: [
        #"{"left_upLeg_joint": "a string", "left_leg_joint": null}"#, #"[1e400, -1e400, {"a": [[], {}]}]"#,
        #"{"left_upLeg_joint": [0.1, 0.9, 0.0, 7, 8], "x": {"\u00e9": true}}"#,
    ])
    func framesDoNotDependOnTheJointsNotGraded(_ odd: String) throws {
        let usual = try Self.read(Self.export(secondJoints3D: Self.joints3D))
        let unusual = try Self.read(Self.export(secondJoints3D: odd))
        #expect(usual.frames.count == 3)
        #expect(usual.frames.allSatisfy { $0[.knee(.left)] != nil })
        #expect(Self.points(usual) == Self.points(unusual))
        #expect(usual.frames.map(\.issues.count) == unusual.frames.map(\.issues.count))
    }

    @Test(arguments: [
        (#"{"left_leg_joint": [0.1, 0.9, 0.0], "left_leg_joint": [0.1, 0.9, 0.0]}"#, "duplicate_key"),
        (#"{"left_leg_joint": [0.1, 0.9, 0.0,]}"#, "trailing_comma"), (#"[01]"#, "invalid_number"),
    ])
    func malformedJointsNotGradedAreTheSameError(_ malformed: String, _ code: String) {
        let text = Self.export(secondJoints3D: malformed)
        var skipped: FormatError?
        var read: FormatError?
        do { _ = try Self.read(text) } catch { skipped = error }
        // With world coordinates the same values are read into the frame's tree.
        do { _ = try Self.read(text, world: true) } catch { read = error }
        #expect(skipped?.code == code)
        #expect(skipped?.code == read?.code)
        #expect(skipped?.location == read?.location)
        #expect(skipped?.location?.line == 3)
    }
}
