// JSON Lines with a damaged line (a writer that crashed and started again mid-line, a line cut
// and ended, a corrupted byte): the line is one frame flagged `unreadable_frame`, placed after
// the frame before it, and every other frame reads as in the whole file, as a CSV row of the
// wrong length is flagged and the rows after it read. A pretty-printed file, or a damaged first
// frame, is still an error.
import Foundation
import PoseModel
import PoseScanning
import PoseSynth
import Testing

@testable import PoseFormats

struct UnreadableLineTests {
    static let recording = Scenarios.recording("scissor-stance", front: .left, duration: 0.8, fps: 10)

    /// The frames of a list or wrapped export, one JSON object a line (none when the export
    /// is no JSON: the tests then say so).
    static func lines(of text: String) -> [String] {
        let document = try? JSONSerialization.jsonObject(with: Data(text.utf8))
        let frames =
            (document as? [Any])
            ?? (document as? [String: Any])?.values.compactMap { $0 as? [[String: Any]] }.max { $0.count < $1.count }
            ?? []
        return frames.compactMap { frame in
            (try? JSONSerialization.data(withJSONObject: frame)).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Every JSON format that reads JSON Lines, a frame a line.
    static let exports: [(name: String, lines: [String])] = {
        let r = recording
        let mediaPipe = MediaPipeExport.json(r, options: .init(shape: .lines)).split(separator: "\n").map(String.init)
        return [
            ("MediaPipe", mediaPipe),
            ("Apple Vision", lines(of: KeypointExport.appleVision(r))),
            ("tfjs", lines(of: KeypointExport.tfjs(r))),
            ("Azure Kinect", lines(of: KeypointExport.azureKinect(r))),
            ("angles", lines(of: AngleExport.genericJSON(r, front: .left))),
        ]
    }()

    static func read(_ lines: [String]) throws(FormatError) -> Recording {
        try PoseReader.readRecording(.memory(Array((lines.joined(separator: "\n") + "\n").utf8)), path: "lines.jsonl")
    }

    /// The ways a line is damaged: a byte replaced (the first comma from its middle: never
    /// inside a string of these exports), the line cut and the next written after it (a writer
    /// that restarted), the line cut and ended, a token after the whole frame, a comma after it
    /// (a writer of a list's elements).
    static func damaged(_ line: String, next: String, _ kind: Int) -> String {
        let half = line.index(line.startIndex, offsetBy: line.count / 2)
        switch kind {
        case 0:
            let comma = line[half...].firstIndex(of: ",")!
            return line.replacingCharacters(in: comma...comma, with: "#")
        case 1: return line[..<half] + next
        case 2: return String(line[..<half])
        case 3: return line + " -"
        default: return line + ","
        }
    }

    @Test(arguments: exports.indices)
    func aDamagedLineIsOneFlaggedFrame(_ k: Int) throws {
        let (name, lines) = Self.exports[k]
        let whole = try Self.read(lines)
        #expect(lines.count == Self.recording.frames.count && whole.frames.count == lines.count, "\(name)")
        for bad in [1, lines.count / 2, lines.count - 1] {
            for kind in 0..<5 {
                var text = lines
                // A restarted writer wrote the damaged frame again on the same line: that frame is
                // the damaged line's, and the next line goes on after it.
                text[bad] = Self.damaged(lines[bad], next: kind == 1 ? lines[bad] : "", kind)
                let read: Recording
                do {
                    read = try Self.read(text)
                } catch {
                    Issue.record("\(name), line \(bad + 1) damaged (\(kind)): \(error)")
                    continue
                }
                #expect(read.frames.count == whole.frames.count, "\(name), line \(bad + 1) damaged (\(kind))")
                for (a, b) in zip(read.frames, whole.frames) {
                    #expect(a.index == b.index, "\(name), line \(bad + 1) damaged (\(kind))")
                    if a.index == whole.frames[bad].index {
                        // The last line, where the input ends inside the frame, is a file cut short.
                        let codes =
                            bad == lines.count - 1 ? [["unreadable_frame"], ["cut_short"]] : [["unreadable_frame"]]
                        #expect(
                            codes.contains(a.issues.map(\.code)) && !a.hasAnyKeypoint && a.line == bad + 1,
                            "\(name), line \(bad + 1) damaged (\(kind)): \(a.issues.map(\.message))")
                        continue
                    }
                    #expect(
                        a.line == b.line && a.time == b.time && a.keypoints == b.keypoints
                            && a.issues.map(\.code) == b.issues.map(\.code)
                            && String(describing: a.measured) == String(describing: b.measured),
                        "\(name), line \(bad + 1) damaged (\(kind)): frame \(b.index) differs")
                }
            }
        }
    }

    @Test func theFlagSaysWhereAndWhat() throws {
        var lines = Self.exports[0].lines
        lines[2] = String(lines[2].prefix(30)) + "#" + lines[2].dropFirst(31)
        let frame = try Self.read(lines).frames[2]
        #expect(frame.issues.count == 1)
        let message = try #require(frame.issues.first?.message)
        #expect(message.hasPrefix("this frame is not valid JSON ("), "\(message)")
        #expect(message.contains("at line 3, column 31"), "\(message)")
        #expect(message.hasSuffix("it is not graded, and the reading goes on after its line"), "\(message)")
    }

    /// Two damaged lines in a row, and one at the end of the file: each error where it is.
    @Test func damagedLinesInARowAndLast() throws {
        let lines = Self.exports[0].lines
        var text = lines
        text[3] = String(lines[3].prefix(50))
        text[4] = String(lines[4].prefix(70))
        text[lines.count - 1] = String(lines[lines.count - 1].prefix(60)) + "]"
        let read = try Self.read(text)
        let flagged = read.frames.filter { $0.issues.contains { $0.code == "unreadable_frame" } }
        #expect(read.frames.map(\.index) == Array(0..<lines.count))
        #expect(read.frames.map(\.line) == Array(1...lines.count))
        #expect(flagged.map(\.index) == [3, 4, lines.count - 1])
        let messages = flagged.compactMap { $0.issues.first?.message }
        #expect(messages[0].contains("at line 4, column 51"), "\(messages[0])")
        #expect(messages[1].contains("at line 5, column 71"), "\(messages[1])")
        #expect(messages[2].contains("at line \(lines.count), column 62"), "\(messages[2])")
    }

    /// A line cut where a value was due takes the next line in as that value, and the error
    /// shows a line further on: the reading goes on at the line after the damaged one, with its
    /// lines and columns counted again from there.
    @Test func anErrorALineFurtherOnGoesOnAfterTheDamagedLine() throws {
        let lines = Self.exports[0].lines
        var text = lines
        let open = try #require(lines[3].range(of: #""pose_landmarks":["#))
        text[3] = String(lines[3][..<open.upperBound])
        let read = try Self.read(text)
        #expect(read.frames.map(\.index) == Array(0..<lines.count))
        #expect(read.frames.map(\.line) == Array(1...lines.count))
        let flagged = read.frames[3].issues.first
        #expect(flagged?.code == "unreadable_frame")
        // Said where the frame's line ended before the frame closed, not where the scanner erred.
        let cutAt = text[3].count + 1
        #expect(
            flagged?.message.contains("the line ends before the frame closes at line 4, column \(cutAt)") == true,
            "\(flagged?.message ?? "")")
        let whole = try Self.read(lines)
        #expect(read.frames[4].keypoints == whole.frames[4].keypoints)
        // An error on the line the reading goes on at is placed there, the count having gone
        // back: line 5 continues line 4's list of landmarks (the error shows on line 6), and
        // read as a document, errs at its comma.
        text[4] = #"{"x":1},{"x":2}"#
        let twice = try Self.read(text)
        let messages = twice.frames.compactMap { $0.issues.first { $0.code == "unreadable_frame" }?.message }
        #expect(messages.count == 2)
        #expect(messages.first?.contains("at line 4, column \(cutAt)") == true, "\(messages)")
        #expect(messages.last?.contains("at line 5, column 8") == true, "\(messages)")
    }

    /// Documents that span lines (pretty-printed, one after another) give no next line to go on
    /// at: the error stands. So does a damaged first frame: the file may be no JSON Lines at all.
    @Test func otherwiseTheErrorStands() throws {
        let r = Self.recording
        let pretty = try Self.exports[0].lines.map { line in
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: try JSONSerialization.jsonObject(with: Data(line.utf8)), options: .prettyPrinted),
                as: UTF8.self)
        }
        #expect(try Self.read(pretty).frames.count == r.frames.count)
        var damaged = pretty
        damaged[3] = Self.damaged(pretty[3], next: "", 0)
        #expect(throws: FormatError.self) { _ = try Self.read(damaged).frames.count }
        for (name, lines) in Self.exports {
            // A byte replaced, or a token after the whole first frame.
            for kind in [0, 3] {
                var first = lines
                first[0] = Self.damaged(lines[0], next: "", kind)
                #expect(throws: FormatError.self, "\(name), \(kind)") { _ = try Self.read(first).frames.count }
            }
        }
    }

    /// Damage after a whole frame on its line (a token, a comma) makes the line one frame,
    /// flagged where the line goes wrong, never graded as the frame it opens with (it had been,
    /// with the rest a frame of its own: one line, two frames). Whether the input ends there or
    /// spaces follow, the same. On the first line the error stands, as for any damaged first
    /// frame. Frames written one after another on a line (no line end between them) are read,
    /// each as it is.
    @Test func aTokenAfterAFrameOnItsLineMakesTheLineUnreadable() throws {
        let lines = Self.exports[0].lines
        let (first, frame) = (lines[0], lines[1])
        for after in ["-", "-   ", " x", ","] {
            let text = first + "\n" + frame + after
            let read = try PoseReader.readRecording(.memory(Array(text.utf8)), path: "after.jsonl")
            #expect(read.frames.count == 2 && read.frames[1].issues.map(\.code) == ["unreadable_frame"], "\(after)")
            #expect(read.frames[0].hasAnyKeypoint && !read.frames[0].issues.contains { $0.code == "unreadable_frame" })
            #expect(!read.frames[1].hasAnyKeypoint && !read.info.notes.contains { $0.hasPrefix("the input ends at") })
            let column = frame.count + 1 + after.prefix { $0 == " " }.count
            let message = read.frames[1].issues.first?.message ?? ""
            #expect(message.contains("after the end of the line's document at line 2, column \(column)"), "\(message)")
        }
        #expect {
            try PoseReader.readRecording(.memory(Array((frame + "-").utf8)), path: "first.jsonl")
        } throws: { error in
            "\(error)".contains("first.jsonl:1:\(frame.count + 1)")
        }
    }

    /// Frames one after another on a line, with or without a space between them (a writer that
    /// missed a line end, or a whole file written so), are read as the frames they are, in
    /// every JSON format read as JSON Lines: none flagged, none lost.
    @Test(arguments: exports.indices)
    func framesGluedOnALineAreEachRead(_ k: Int) throws {
        let (name, lines) = Self.exports[k]
        let whole = try Self.read(lines)
        var glued = lines
        glued[3] = lines[3] + lines[4]
        glued[5] = lines[5] + "  " + lines[6]
        glued.removeAll { $0 == lines[4] || $0 == lines[6] }
        let read = try Self.read(glued)
        #expect(read.frames.count == whole.frames.count, "\(name)")
        #expect(read.frames.allSatisfy { $0.issues.allSatisfy { $0.code != "unreadable_frame" } }, "\(name)")
        #expect(zip(read.frames, whole.frames).allSatisfy { $0.keypoints == $1.keypoints }, "\(name)")
        let oneLine = try Self.read([lines.joined()])
        #expect(oneLine.frames.count == whole.frames.count, "\(name): the whole file on one line")
    }

    /// A writer that started again at a line's start: a piece of a frame ended by a line end,
    /// then the same frame whole on the next line. The piece is flagged, and the whole frame is
    /// graded as the file's own (it was flagged `duplicate_frame` of the piece's place).
    @Test func aFrameWrittenWholeAfterAPieceOfItIsGraded() throws {
        let lines = Self.exports[0].lines
        let whole = try Self.read(lines)
        var text = lines
        text.insert(String(lines[4].prefix(lines[4].count / 2)), at: 4)
        let read = try Self.read(text)
        #expect(read.frames.count == lines.count + 1)
        #expect(read.frames[4].issues.map(\.code) == ["unreadable_frame"])
        var rest = read.frames
        rest.remove(at: 4)
        for (a, b) in zip(rest, whole.frames) {
            #expect(
                a.index == b.index && a.keypoints == b.keypoints && a.issues.map(\.code) == b.issues.map(\.code),
                "frame \(b.index)")
        }
    }

    /// Lines longer than the reading window (a frame with a 100 KB member): the damaged line's
    /// start has left the window when the scanner meets the damage, and is read again from the
    /// file. A file and the same bytes in memory give the same frames, lines and messages.
    @Test func aDamagedLineLongerThanTheWindowIsReadAgain() throws {
        let pad = String(repeating: "x", count: 100_000)
        let lines = Self.exports[0].lines.map { #"{"note": ""# + pad + #"", "# + $0.dropFirst() }
        var text = lines
        text[3] = String(lines[3].prefix(lines[3].count - 40))
        text[5] = lines[5].replacingOccurrences(of: #","y":"#, with: #" "y":"#)
        let bytes = Array((text.joined(separator: "\n") + "\n").utf8)
        let path = NSTemporaryDirectory() + "long-lines-\(getpid()).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try PoseReader.readRecording(path: path)
        let fromMemory = try PoseReader.readRecording(.memory(bytes), path: path)
        #expect(fromFile.frames.map(\.index) == Array(0..<lines.count))
        #expect(fromFile.frames.map(\.line) == Array(1...lines.count))
        let flagged = fromFile.frames.filter { $0.issues.contains { $0.code == "unreadable_frame" } }.map(\.index)
        #expect(flagged == [3, 5])
        #expect(fromFile.frames[3].issues.first?.message.contains("at line 4, column \(text[3].count + 1)") == true)
        for (a, b) in zip(fromFile.frames, fromMemory.frames) {
            #expect(a.index == b.index && a.line == b.line && a.keypoints == b.keypoints)
            #expect(a.issues.map(\.message) == b.issues.map(\.message))
        }
    }
}
