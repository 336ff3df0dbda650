// The members after a document's last container, read from its end (JSONTail), against the
// same members read forward; and a MediaPipe export with its metadata after the frames, read
// without reading the frames twice, as it reads with the metadata first.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct JSONTailTests {
    static func tail(_ text: String, allowNonFinite: Bool = false) -> [JSONTail.Member]? {
        JSONTail.trailingMembers(of: .memory(Array(text.utf8)), allowNonFinite: allowNonFinite)
    }

    static func members(_ pairs: [(String, JSONEvent)]) -> [JSONTail.Member] {
        pairs.map { JSONTail.Member(key: $0.0, value: $0.1) }
    }

    @Test func membersAfterTheLastContainer() {
        #expect(
            Self.tail(#"{"frames": [1, 2], "fps": 30, "source": "cam"}"#)
                == Self.members([("fps", .number(30)), ("source", .string("cam"))]))
        #expect(Self.tail(#"{"fps": 30, "frames": [1]}"#) == [])
        #expect(
            Self.tail(#" {"fps": 1e1, "ok": true, "n": null} "#)
                == Self.members([("fps", .number(10)), ("ok", .bool(true)), ("n", .null)]))
        #expect(Self.tail(#"{"a": {"fps": 1}, "b": [[]], "fps": 2}"#) == Self.members([("fps", .number(2))]))
        #expect(Self.tail("{}") == [])
    }

    @Test func stringsWithQuotesBackslashesAndBracketsAreSteppedOver() {
        let text = #"{"f": [1], "s": "a \"quoted\" ] } { [ \\", "t": "\\\\\"", "k\"ey": 3}"#
        #expect(
            Self.tail(text)
                == Self.members([
                    ("s", .string(#"a "quoted" ] } { [ \"#)), ("t", .string(#"\\""#)), ("k\"ey", .number(3)),
                ]))
    }

    @Test func whatDoesNotReadAsMembersGivesNil() {
        #expect(Self.tail("[1, 2]") == nil)
        #expect(Self.tail(#"{"f": [1], "fps": 30} x"#) == nil)
        #expect(Self.tail(#"{"f": [1], "fps": 30, "fps": 25}"#) == nil)
        #expect(Self.tail(#"{"f": [1], "fps": 3.}"#) == nil)
        #expect(Self.tail(#"{"f": [1] "fps": 3}"#) == nil)
        #expect(Self.tail(#"{"f": [1], "fps": NaN}"#) == nil)
        #expect(Self.tail(#"{"f": [1], "fps": NaN}"#, allowNonFinite: true) == Self.members([("fps", .nonFinite)]))
        // Members reaching further back than `reach` bytes.
        let long = String(repeating: "x", count: JSONTail.reach)
        #expect(Self.tail(#"{"f": [1], "s": "\#(long)", "fps": 3}"#) == nil)
    }

    @Test func aFileReadsLikeMemory() throws {
        let dir = NSTemporaryDirectory() + "posecheck-tail-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let filler = String(repeating: "[0.5, 0.25], ", count: 20_000)
        let text = #"{"frames": [\#(filler)[1]], "image_width": 640, "s": "]", "fps": 25}"#
        try text.write(toFile: dir + "/t.json", atomically: true, encoding: .utf8)
        let fromFile = JSONTail.trailingMembers(of: try ByteInput.open(path: dir + "/t.json"), allowNonFinite: false)
        #expect(fromFile == Self.members([("image_width", .number(640)), ("s", .string("]")), ("fps", .number(25))]))
        #expect(fromFile == Self.tail(text))
    }

    /// Random documents, the members after their last container read forward by the scanner.
    @Test func generatedDocumentsAgreeWithAForwardRead() throws {
        var rng = SplitMix64(seed: 2026)
        let pieces = [#"\""#, #"\\"#, "]", "}", "[", "{", ",", ":", " ", "é", "x", #"\\\""#, #"\u0022"#]
        func string() -> String {
            "\"" + (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() + "\""
        }
        func scalar() -> String {
            switch rng.next() % 5 {
            case 0: string()
            case 1: "\(Int(rng.next() % 2000) - 1000)"
            case 2: "\(Double(rng.next() % 100_000) / 64)e\(Int(rng.next() % 5))"
            case 3: ["true", "false", "null"][Int(rng.next() % 3)]
            default: "[\(rng.next() % 9), {\(string()): \(string())}]"
            }
        }
        for _ in 0..<500 {
            let count = Int(rng.next() % 8)
            var members = (0..<count).map { k in "\"k\(k)\(rng.next() % 2 == 0 ? "\\\"" : "")\": \(scalar())" }
            if rng.next() % 2 == 0 {
                members.insert("\"frames\": [[1, 2], {\"a\": \"]\"}]", at: Int(rng.next() % UInt64(count + 1)))
            }
            let text = "{" + members.joined(separator: rng.next() % 2 == 0 ? ", " : ",\n  ") + "}"
            #expect(Self.tail(text) == (try Self.forward(text)), "\(text)")
        }
    }

    /// The members after the last container value, read forward.
    static func forward(_ text: String) throws -> [JSONTail.Member] {
        var scanner = JSONScanner(.memory(Array(text.utf8)))
        var members: [JSONTail.Member] = []
        _ = try scanner.next()
        while let e = try scanner.next(), e != .endObject {
            guard case .key(let key) = e, let value = try scanner.next() else { break }
            if value == .beginArray || value == .beginObject {
                try scanner.skip(after: value)
                members = []
            } else {
                members.append(JSONTail.Member(key: key, value: value))
            }
        }
        return members
    }

    // MARK: a MediaPipe export with metadata after the frames

    static let rec = Scenarios.recording("scissor-stance", front: .left, duration: 0.5, fps: 10)

    static func read(_ text: String) throws -> Recording {
        try PoseReader.readRecording(.memory(Array(text.utf8)), path: "in", options: .init())
    }

    /// The export with its metadata moved after the frames, `between` before it.
    static func metadataAfterFrames(between: String = "") throws -> String {
        let text = MediaPipeExport.json(Self.rec, options: .init(shape: .wrapped))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let frames = try JSONSerialization.data(withJSONObject: try #require(object["frames"]))
        let width = try #require(object["image_width"] as? Int)
        let height = try #require(object["image_height"] as? Int)
        let fps = try #require(object["fps"] as? Double ?? (object["fps"] as? Int).map(Double.init))
        return
            #"{"frames": \#(String(decoding: frames, as: UTF8.self)), \#(between)"image_width": \#(width), "image_height": \#(height), "fps": \#(fps)}"#
    }

    @Test func metadataAfterTheFramesReadsAsBefore() throws {
        let first = try Self.read(MediaPipeExport.json(Self.rec, options: .init(shape: .wrapped)))
        let after = try Self.read(try Self.metadataAfterFrames())
        #expect(after.frames.count == first.frames.count)
        #expect(after.info.space == first.info.space)
        #expect(after.info.frameRate == first.info.frameRate)
        #expect(after.info.timeSource == first.info.timeSource)
        for (a, b) in zip(after.frames, first.frames) {
            #expect(a[.leftKnee] == b[.leftKnee])
            #expect(a.time == b.time)
        }
    }

    /// The frames are not read before the first is given: an error among them comes after
    /// the frames before it. A prescan through them (which steps over brackets and strings)
    /// would have thrown on opening, at the end of input, for the `[` that never closes.
    @Test func theFramesAreReadOnce() throws {
        let error = try Self.errorInTheThirdFrame(of: try Self.metadataAfterFrames())
        #expect(error?.description.contains("unexpected ':'") == true, "\(String(describing: error))")
    }

    /// `valid` with its third frame's landmarks broken, read as it comes: the first two frames
    /// are given before the error, which is returned.
    static func errorInTheThirdFrame(of valid: String) throws -> FormatError? {
        let third = try #require(valid.ranges(of: #""pose_landmarks""#).dropFirst(2).first)
        var bad = valid
        bad.replaceSubrange(third, with: #""pose_landmarks": ["#)
        var source = try PoseReader.open(.memory(Array(bad.utf8)), path: "in")
        #expect(try source.nextFrame() != nil)
        #expect(try source.nextFrame() != nil)
        return #expect(throws: FormatError.self) { _ = try source.nextFrame() }
    }

    @Test func membersBetweenTheFramesAndTheEndAreNoted() throws {
        let r = try Self.read(
            try Self.metadataAfterFrames(between: #""extra": [1, {"fps": 99}], "width": 320, "source": "cam", "#))
        #expect(r.info.frameRate == 10)
        #expect(r.info.notes.contains { $0.contains("extra") && $0.contains("source") }, "\(r.info.notes)")
    }

    /// The frames of `metadataAfterFrames()`, as JSON text.
    static func framesText() throws -> String {
        let after = try Self.metadataAfterFrames()
        let framesStart = try #require(after.range(of: #"{"frames": "#)).upperBound
        let framesEnd = try #require(after.range(of: #", "image_width""#)).lowerBound
        return String(after[framesStart..<framesEnd])
    }

    /// Metadata the members before the frames and those at the end do not give (here the rate)
    /// is read from between the frames and a later list, in document order, before the frames.
    @Test func metadataOnlyBetweenTheFramesAndALaterListIsRead() throws {
        let frames = try Self.framesText()
        let r = try Self.read(
            #"{"image_width": 1280, "frames": \#(frames), "fps": 10, "meta": {}, "image_height": 720}"#)
        #expect(r.info.frameRate == 10)
        guard case .normalizedImage(let w, let h, _) = r.info.space else {
            Issue.record("\(r.info.space)")
            return
        }
        #expect(w == 1280 && h == 720)
    }

    /// When the members before the frames and those at the end give the size and the rate
    /// (`sort_keys=True` writes fps before "frames" and the image size after), the frames are
    /// read with them, once; a member between the frames and a later list that would have
    /// changed a value taken from before the frames is said, with the value used.
    @Test func metadataAroundTheFramesIsReadWithoutReadingTheFramesTwice() throws {
        let frames = try Self.framesText()
        let size = #""image_height": 720, "image_width": 1280"#
        for (document, rate, width, note) in [
            (#"{"fps": 10, "frames": \#(frames), \#(size)}"#, 10.0, 1280.0, nil),
            (#"{"fps": 10, "frames": \#(frames), "frame_rate": 10, "meta": {}, \#(size)}"#, 10, 1280, nil),
            (
                #"{"fps": 25, "frames": \#(frames), "frame_rate": 10, "meta": {}, \#(size)}"#, 25, 1280,
                "frame_rate 10 after the frames (before a later list) was not used: the frames were read with the frame rate before them, 25"
            ),
            (
                #"{"image_width": 640, "image_height": 480, "frames": \#(frames), "width": 1280, "meta": [1], "fps": 10}"#,
                10, 640,
                "width 1280 after the frames (before a later list) was not used: the frames were read with the image width before them, 640"
            ),
        ] {
            let r = try Self.read(document)
            #expect(r.info.frameRate == rate, "\(document.prefix(60))")
            guard case .normalizedImage(let w, _, _) = r.info.space else {
                Issue.record("\(r.info.space)")
                continue
            }
            #expect(w == width, "\(document.prefix(60))")
            if let note {
                #expect(r.info.notes.contains(note), "\(r.info.notes)")
            } else {
                #expect(!r.info.notes.contains { $0.contains("was not used") }, "\(r.info.notes)")
            }
        }
        // Read once: an error among the frames comes after the frames before it.
        _ = try Self.errorInTheThirdFrame(of: #"{"fps": 10, "frames": \#(frames), \#(size)}"#)
    }

    /// A size or rate key whose value cannot be used is said, wherever it is: before the
    /// frames, in the members at the end, or between the frames and a later list.
    @Test func unusableMetadataIsNoted() throws {
        let after = try Self.metadataAfterFrames()
        let framesStart = try #require(after.range(of: #"{"frames": "#)).upperBound
        let framesEnd = try #require(after.range(of: #", "image_width""#)).lowerBound
        let frames = String(after[framesStart..<framesEnd])
        let size = #""image_width": 1280, "image_height": 720"#
        for document in [
            #"{"frame_rate": "sixty", "fps": 10, \#(size), "frames": \#(frames)}"#,
            #"{"frames": \#(frames), "frame_rate": "sixty", \#(size), "fps": 10}"#,
            #"{"frames": \#(frames), "frame_rate": "sixty", "meta": [1], \#(size), "fps": 10}"#,
        ] {
            let r = try Self.read(document)
            #expect(r.info.frameRate == 10)
            #expect(
                r.info.notes.contains(#"frame_rate is "sixty", not a positive number: not used"#), "\(r.info.notes)")
        }
        let zero = try Self.read(#"{"image_width": 0, "image_height": 720, "fps": 10, "frames": \#(frames)}"#)
        #expect(zero.info.notes.contains("image_width is 0, not a positive number: not used"))
        let null = try Self.read(#"{"width": null, \#(size), "fps": 10, "frames": \#(frames)}"#)
        #expect(!null.info.notes.contains { $0.contains("not a positive number") })
    }

    @Test func anInvalidEndIsTheScannersError() throws {
        let valid = try Self.metadataAfterFrames()
        for (bad, code) in [
            (valid.replacingOccurrences(of: #""fps": 10.0}"#, with: #""fps": 10.0, "fps": 2}"#), "duplicate_key"),
            (valid.replacingOccurrences(of: #""fps": 10.0}"#, with: #""fps": 1.}"#), "invalid_number"),
            (valid + #" {"fps": 5, "image_width": 1, "image_height": 1}"#, "trailing_data"),
        ] {
            #expect(bad != valid)
            let error = #expect(throws: FormatError.self) { try Self.read(bad) }
            #expect(error?.code == code, "\(String(describing: error))")
        }
    }
}
