// JSON exports cut short (a recorder stopped before it wrote the end): wherever the file ends
// after its first frame, the frames before the cut read as in the whole file, a frame the end
// cuts through appears once, last, flagged `cut_short`, and one note says where the file ends.
// A file that ends inside its first frame, or a line of a stream read a line at a time, is
// still an error.
import Foundation
import PoseModel
import PoseScanning
import PoseSynth
import Testing

@testable import PoseFormats

struct CutShortTests {
    static let recording = Scenarios.recording("scissor-stance", front: .left, duration: 0.6, fps: 10)

    /// The wrapped MediaPipe export with its metadata after the frames, as some scripts write
    /// it: a file cut short has none of it.
    static let metadataLast: (text: String, withoutMetadata: String) = {
        let frames = MediaPipeExport.json(recording, options: .init(shape: .list)).dropFirst().dropLast(2)
        let head = #"{"frames": ["#
        return (
            head + frames + #"], "fps": 10, "image_width": 1280, "image_height": 720}"# + "\n", head + frames + "]}\n"
        )
    }()

    /// Every single-file JSON layout that reads frame by frame.
    static let exports: [(name: String, text: String)] = {
        let r = recording
        return [
            ("MediaPipe, wrapped", MediaPipeExport.json(r)),
            ("MediaPipe, metadata after the frames", metadataLast.text),
            ("MediaPipe, wrapped without image size", MediaPipeExport.json(r, options: .init(includeImageSize: false))),
            ("MediaPipe, list", MediaPipeExport.json(r, options: .init(shape: .list))),
            ("MediaPipe, JSON Lines", MediaPipeExport.json(r, options: .init(shape: .lines))),
            ("Apple Vision", KeypointExport.appleVision(r)),
            ("tfjs", KeypointExport.tfjs(r)),
            ("Azure Kinect", KeypointExport.azureKinect(r)),
            ("angles", AngleExport.genericJSON(r, front: .left)),
        ]
    }()

    static func read(_ bytes: [UInt8]) throws(FormatError) -> Recording {
        try PoseReader.readRecording(.memory(bytes), path: "cut.json")
    }

    static func isCut(_ f: PoseFrame) -> Bool { f.issues.contains { $0.code == "cut_short" } }

    @Test(arguments: exports.indices)
    func framesBeforeTheCutReadAsInTheWholeFile(_ k: Int) throws {
        let (name, text) = Self.exports[k]
        let bytes = Array(text.utf8)
        #expect(try !Self.read(bytes).info.notes.contains { $0.contains("cut short") }, "\(name)")
        // Nothing after the frames is read from a cut file: its frames are those of the file
        // without it (a cut `"fps": 10` read as 1 timed every frame ten times too long).
        let whole = try Self.read(Array((k == 1 ? Self.metadataLast.withoutMetadata : text).utf8))
        // From a third of the file (past the first frame) to the end: a byte in 23, and every
        // byte of the last 200 (the last frame's end and the brackets and members after it).
        // JSON Lines also just after each line end, where a file is whole as far as anyone can tell.
        let lines = name.hasSuffix("JSON Lines")
        let lineEnds = bytes.indices.filter { lines && bytes[$0] == 0x0A && $0 > bytes.count / 3 }.map { $0 + 1 }
        let cuts = Set(stride(from: bytes.count / 3, to: bytes.count, by: 23)).union(
            max(0, bytes.count - 200)..<bytes.count
        ).union(lineEnds)
        var inside = 0
        var between = 0
        for cut in cuts.sorted() {
            let read: Recording
            do {
                read = try Self.read(Array(bytes[..<cut]))
            } catch {
                Issue.record("\(name), cut at \(cut) of \(bytes.count): \(error)")
                continue
            }
            let notes = read.info.notes.filter { $0.contains("cut short") }
            // A cut in the whitespace after the document's end, or after a line of JSON Lines,
            // cuts nothing.
            let trailing =
                bytes[cut...].allSatisfy { $0 == 0x0A || $0 == 0x20 } || (lines && bytes[cut - 1] == 0x0A)
            #expect(notes.count == (trailing ? 0 : 1), "\(name), cut at \(cut): \(read.info.notes)")
            var frames = read.frames
            if let last = frames.last, Self.isCut(last) {
                inside += 1
                #expect(last.issues.count == 1 && last.hasAnyKeypoint == false, "\(name), cut at \(cut)")
                #expect(last.index == (frames.dropLast().last?.index ?? -1) + 1, "\(name), cut at \(cut)")
                frames.removeLast()
            } else if !trailing {
                between += 1
            }
            #expect(!frames.contains(where: Self.isCut), "\(name), cut at \(cut)")
            #expect(frames.count <= whole.frames.count && !frames.isEmpty, "\(name), cut at \(cut)")
            for (a, b) in zip(frames, whole.frames) {
                #expect(
                    a.index == b.index && a.time == b.time && a.keypoints == b.keypoints
                        && a.issues.map(\.code) == b.issues.map(\.code)
                        && String(describing: a.measured) == String(describing: b.measured),
                    "\(name), cut at \(cut): frame \(b.index) differs")
            }
        }
        #expect(
            inside > 0 && (between > 0 || lines), "\(name): \(inside) cuts inside a frame, \(between) between frames")
    }

    @Test func aCutFrameIsPlacedAndSaidWhereTheFileEnds() throws {
        let text = MediaPipeExport.json(Self.recording, options: .init(shape: .lines))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(40)
        let r = try Self.read(Array(cut.utf8))
        #expect(r.frames.count == 4)
        let last = try #require(r.frames.last)
        #expect(last.issues.map(\.code) == ["cut_short"] && last.line == 4)
        #expect(last.issues[0].message.hasPrefix("the input ends inside this frame at line 4, column 41"))
        #expect(r.info.notes.contains { $0.hasPrefix("the input ends at line 4, column 41 before its JSON closes") })
    }

    /// Size and rate read from the file's last bytes, as members after the frames (which
    /// saves reading the frames twice), are a frame's own when the file is cut just after one:
    /// nothing is graded with them.
    @Test func sizeAndRateFromTheLastBytesOfACutFileGradeNothing() throws {
        let r = Self.recording
        let frames = r.frames.map { f in
            MediaPipeExport.jsonFrame(r, f, index: f.index, time: f.time, options: .init(shape: .wrapped)).dropLast()
                + #", "image_width": 1280, "image_height": 720, "fps": 3}"#
        }
        let whole = #"{"frames": ["# + frames.joined(separator: ", ") + "]}"
        let cut = Array(whole.utf8.prefix(whole.utf8.count - 2))
        let e = try #require(throws: FormatError.self) { try Self.read(cut) }
        #expect(e.message.contains("read from its last bytes as if they followed the frames"), "\(e)")
        #expect(try Self.read(Array(whole.utf8)).frames.count == 6)
    }

    /// A file with a syntax error that is also cut short gives its first error, where it is,
    /// whatever follows it (a fuzzed input gave the end's error, or a later one the prescan's
    /// step over the frames met, depending on spaces after the end).
    @Test func theFirstErrorIsGivenWhereItIs() throws {
        let text = MediaPipeExport.json(Self.recording, options: .init(includeImageSize: false))
        let second = try #require(text.range(of: "{\"frame\":1,"))
        let broken = text.replacingCharacters(in: second, with: "{\"frame\" 1,")
        let place = broken.utf8.distance(
            from: broken.utf8.startIndex, to: second.lowerBound.samePosition(in: broken.utf8)!)
        for tail in ["", #", "pose": "a\"#, #", "pose": "a\ "#] {
            let cut = Array(broken.utf8.prefix(broken.utf8.count - 40)) + Array(tail.utf8)
            for padding in [0, 100] {
                let e = try #require(throws: FormatError.self) {
                    try Self.read(cut + Array(repeating: 0x20, count: padding))
                }
                #expect(
                    e.code == "unexpected_character" && e.location?.offset == place + 9, "\(tail), \(padding): \(e)")
            }
        }
    }

    /// A `null` frame (nobody detected) cut short is a frame too: flagged, not dropped.
    @Test func aCutNullFrameIsFlagged() throws {
        let frames = MediaPipeExport.json(Self.recording, options: .init(shape: .list)).dropLast(3)
        for cut in ["n", "nu", "nul"] {
            let r = try Self.read(Array((frames + ", " + cut).utf8))
            #expect(r.frames.count == 7 && Self.isCut(r.frames[6]), "\(cut): \(r.frames.count) frames")
        }
        #expect(try Self.read(Array((frames + ", null").utf8)).frames.count == 7)
    }

    @Test func aFileCutInsideItsFirstFrameIsAnError() throws {
        for (name, text) in Self.exports {
            let bytes = Array(text.utf8)
            let first = try #require(bytes.firstIndex(of: UInt8(ascii: "{")).map { $0 + 1 })
            // Inside the first frame: a little past the document's first brace.
            let cut = Array(bytes[..<(first + 60)])
            let e = try #require(throws: FormatError.self, "\(name)") { try Self.read(cut) }
            #expect(e.code == "unexpected_eof" && e.location != nil, "\(name): \(e)")
        }
    }
}
