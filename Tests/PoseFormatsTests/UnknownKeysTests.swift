// Real exports carry keys PoseCheck does not know (a tool name, a label, a list of joint names, a
// bounding box, a landmark's name or id) and write keys in any order. For every JSON reader,
// adding such keys at the top, frame and point level and shuffling every object's keys must
// give the same format, frames and results.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct UnknownKeysTests {
    /// A deterministic generator (SplitMix64), so a failure replays.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let jointNames = KeypointLayout.mediapipe33.names

    /// Unknown members added to each object, by level; a key the object already has is not added.
    static let topLevel: [(String, String)] = [
        ("format", "\"mediapipe_pose_landmarks\""), ("tool", "\"mediapipe 0.10.21\""), ("source", "\"clip.mp4\""),
        ("label", "\"warrior\""),
        ("landmark_names", "[" + jointNames.map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
        ("left_knee_note", "\"knees bent\""),
    ]
    static let frameLevel: [(String, String)] = [
        ("detected", "true"), ("bbox_xywh", "[10, 20, 300, 400]"), ("label", "\"warrior\""),
        ("names", "[\"left_knee\", \"right_knee\", \"trunk\"]"), ("extra", "{\"a\": null, \"b\": [1, 2]}"),
    ]
    static let pointLevel: [(String, String)] = [("landmark_id", "7"), ("label", "\"nose\""), ("tracked", "false")]

    /// Renders `value` with the unknown members added and every object's members shuffled.
    static func render(_ value: JSONValue, depth: Int, top: Bool, _ rng: inout SeededGenerator) -> String {
        switch value.kind {
        case .object(let members):
            var out = members.map { ($0.key, render($0.value, depth: depth + 1, top: false, &rng)) }
            let isPoint = value["x"] != nil && value["y"] != nil
            let extra = top ? topLevel + frameLevel : isPoint ? pointLevel : frameLevel
            for (key, text) in extra where !out.contains(where: { $0.0 == key }) { out.append((key, text)) }
            out.shuffle(using: &rng)
            return "{" + out.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        case .array(let elements):
            return "[" + elements.map { render($0, depth: depth + 1, top: false, &rng) }.joined(separator: ", ") + "]"
        case .string(let s): return quoted(s)
        case .number(let d): return "\(d)"
        case .nonFinite: return "NaN"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One document, or one per line for JSON Lines.
    static func mutate(_ text: String, seed: UInt64) throws -> String {
        var rng = SeededGenerator(state: seed)
        let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
        if lines.count > 1, lines.allSatisfy({ $0.first == "{" }),
            (try? JSONScanner.parseDocument(.memory(Array(text.utf8)))) == nil
        {
            return try lines.map { line in
                let doc = try JSONScanner.parseDocument(.memory(Array(line.utf8)))
                return render(doc, depth: 0, top: true, &rng)
            }.joined(separator: "\n") + "\n"
        }
        let doc = try JSONScanner.parseDocument(.memory(Array(text.utf8)))
        return render(doc, depth: 0, top: doc.members != nil, &rng)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var world = false
        var export: @Sendable () throws -> KeypointFormatTests.Export
        var description: String { name }
    }

    static let cases: [Case] = {
        let recording = Scenarios.recording("scissor-stance", violated: nil, front: .left, duration: 1, fps: 10)
        var c: [Case] = KeypointFormatTests.cases.filter { !$0.name.contains("csv") && !$0.name.hasPrefix("trc") }.map {
            k in
            Case(name: k.name, world: k.world) { k.make(recording) }
        }
        c.append(Case(name: "mediapipe-json") { .text(MediaPipeExport.json(recording)) })
        c.append(Case(name: "mediapipe-json-world", world: true) { .text(MediaPipeExport.json(recording)) })
        c.append(
            Case(name: "mediapipe-jsonl") {
                .text(try String(contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe.jsonl", encoding: .utf8))
            })
        c.append(
            Case(name: "angles-json") {
                .text(
                    try String(
                        contentsOfFile: PackagePaths.fixtures + "/angles/scissor-stance-in-form.angles.json",
                        encoding: .utf8))
            })
        return c
    }()

    static func mutated(_ export: KeypointFormatTests.Export, seed: UInt64) throws -> KeypointFormatTests.Export {
        switch export {
        case .text(let t): return .text(try mutate(t, seed: seed))
        case .folder(let files):
            return .folder(
                try files.enumerated().map { (i, f) in (f.name, try mutate(f.contents, seed: seed &+ UInt64(i))) })
        }
    }

    @Test("unknown keys at every level and shuffled keys give the same frames and results", arguments: cases)
    func unknownKeysChangeNothing(_ c: Case) throws {
        let original = try c.export()
        let (reference, detected) = try KeypointFormatTests.read(original, name: c.name, world: c.world)
        for seed: UInt64 in [1, 2, 3] {
            let changed = try Self.mutated(original, seed: seed)
            let (recording, changedDetected) = try KeypointFormatTests.read(changed, name: c.name, world: c.world)
            #expect(changedDetected == detected, "\(c.name) seed \(seed)")
            #expect(recording.info.format == reference.info.format, "\(c.name) seed \(seed)")
            #expect(recording.info.skeleton == reference.info.skeleton)
            #expect(recording.info.space == reference.info.space)
            try Self.expectSameFrames(reference, recording, c.name)
        }
    }

    static func expectSameFrames(_ a: Recording, _ b: Recording, _ name: String) throws {
        try #require(a.frames.count == b.frames.count, "\(name): \(a.frames.count) vs \(b.frames.count) frames")
        #expect(a.frames.count > 0)
        for (fa, fb) in zip(a.frames, b.frames) {
            #expect(fa.index == fb.index)
            #expect(fa.time == fb.time)
            #expect(
                fa.issues.map(\.code) == fb.issues.map(\.code), "\(name) frame \(fa.index): \(fb.issues.map(\.message))"
            )
            for j in Joint.allCases {
                #expect(
                    fa[j]?.position == fb[j]?.position && fa[j]?.confidence == fb[j]?.confidence,
                    "\(name) frame \(fa.index) \(j)")
            }
            #expect(String(describing: fa.measured) == String(describing: fb.measured), "\(name) frame \(fa.index)")
        }
        let spec = StretchSpec.scissorStance
        let ra = Evaluator.evaluate(a, spec: spec, front: .left)
        let rb = Evaluator.evaluate(b, spec: spec, front: .left)
        #expect(ra.frames.map(\.status) == rb.frames.map(\.status))
        #expect(ra.frames.map(\.score) == rb.frames.map(\.score))
        #expect(ra.summary.verdict == rb.summary.verdict)
    }

    @Test("the MediaPipe fast path and the event reader give the same frames for every shape")
    func fastPathAgrees() throws {
        let recording = Scenarios.recording("scissor-stance", violated: nil, front: .left, duration: 1, fps: 10)
        let text = MediaPipeExport.json(recording)
        for seed: UInt64 in [0, 4] {
            let bytes = Array((seed == 0 ? text : try Self.mutate(text, seed: seed)).utf8)
            var slow = ReadOptions()
            slow.fastPaths = false
            let fast = try PoseReader.readRecording(.memory(bytes), path: "a.json")
            let events = try PoseReader.readRecording(.memory(bytes), path: "a.json", options: slow)
            try Self.expectSameFrames(fast, events, "seed \(seed)")
        }
    }
}
