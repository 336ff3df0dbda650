// InputPlaces (a frame's line and column, counted only when asked) against a count made byte
// by byte: on text with LF, CRLF, lone CR and multi-byte UTF-8, from memory and from a file
// larger than the 64 KiB a re-read takes at a time; offsets asked in order, in two interleaved
// orders (as the reading and the scoring thread ask), backwards, and from two threads at once.
import Foundation
import PoseModel
import PoseSynth
import Testing

@testable import PoseFormats
@testable import PoseScanning

struct InputPlacesTests {
    /// Text of `count` bytes or so, and for each byte the line and column (in scalars) a reader
    /// gives it: a LF, a CRLF and a lone CR each end a line.
    static func text(count: Int, seed: UInt64) -> (bytes: [UInt8], places: [(line: Int, column: Int)]) {
        var rng = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        let pieces: [[UInt8]] = [
            Array("{\"x\": 0.5}".utf8), Array(", ".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8),
            Array("\"é\"".utf8), Array("\"日本\"".utf8), Array("\"😀\"".utf8), Array(repeating: 0x20, count: 40),
            Array(repeating: UInt8(ascii: "a"), count: 300),
        ]
        while bytes.count < count { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
        var places: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for (i, b) in bytes.enumerated() {
            places.append((line, column))
            if b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (bytes, places)
    }

    /// Offsets of bytes that start a scalar and end no line, where a frame could start.
    static func starts(_ bytes: [UInt8]) -> [Int] {
        bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 && bytes[$0] != 0x0A && bytes[$0] != 0x0D }
    }

    /// The places `asked` gives at `offsets`, in that order, that differ from `truth`.
    static func mismatches(
        _ places: InputPlaces, _ offsets: [Int], _ truth: [(line: Int, column: Int)]
    ) -> [String] {
        offsets.compactMap { offset in
            let got = places.place(ofOffset: offset)
            let want = truth[offset]
            return got == want ? nil : "offset \(offset): \(got), want \(want)"
        }
    }

    static func inputs(_ bytes: [UInt8], name: String) throws -> [ByteInput] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-places-\(name)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return [.memory(bytes), .file(try FileInput(path: path))]
    }

    @Test func offsetsAskedInOrderArePlacedAsCountedByteByByte() throws {
        let (bytes, truth) = Self.text(count: 300_000, seed: 1)
        let starts = Self.starts(bytes)
        var rng = SplitMix64(seed: 2)
        let asked = starts.filter { _ in rng.next() % 97 == 0 }
        for input in try Self.inputs(bytes, name: "order") {
            #expect(Self.mismatches(InputPlaces(input), asked, truth).prefix(3) == [])
        }
    }

    @Test func twoInterleavedOrdersAndBackwardsOffsetsArePlacedTheSame() throws {
        let (bytes, truth) = Self.text(count: 200_000, seed: 3)
        let starts = Self.starts(bytes)
        var rng = SplitMix64(seed: 4)
        // A reader well ahead of a scorer, each in order, then offsets anywhere.
        let ahead = starts.filter { _ in rng.next() % 50 == 0 }
        var asked: [Int] = []
        for (k, offset) in ahead.enumerated() {
            asked.append(offset)
            if k >= 40 { asked.append(ahead[k - 40]) }
        }
        asked += (0..<200).map { _ in starts[Int(rng.next() % UInt64(starts.count))] }
        for input in try Self.inputs(bytes, name: "interleaved") {
            #expect(Self.mismatches(InputPlaces(input), asked, truth).prefix(3) == [])
        }
    }

    @Test func twoThreadsAskingAtOnceGetTheirPlaces() async throws {
        let (bytes, truth) = Self.text(count: 200_000, seed: 5)
        let starts = Self.starts(bytes)
        for input in try Self.inputs(bytes, name: "threads") {
            let places = InputPlaces(input)
            let results = await withTaskGroup(of: [String].self) { group in
                for stride in [31, 47] {
                    group.addTask {
                        Self.mismatches(
                            places, starts.enumerated().filter { $0.offset % stride == 0 }.map(\.element), truth)
                    }
                }
                var all: [String] = []
                for await r in group { all += r }
                return all
            }
            #expect(results.prefix(3) == [])
        }
    }

    @Test func aFrameSetsItsLineAndTakesItsColumnFromItsStart() {
        let bytes = Array("ab\ncdé{".utf8)
        var frame = PoseFrame(index: 0)
        #expect(frame.place == nil)
        frame.start = (bytes.count - 1, InputPlaces(.memory(bytes)))
        #expect(frame.line == 2 && frame.column == 4)
        #expect(frame.place == "line 2, column 4")
        frame.line = 7
        #expect(frame.place == "line 7, column 4")
    }
}
