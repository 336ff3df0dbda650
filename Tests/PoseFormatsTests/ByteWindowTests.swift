// The window over a file read ahead (ChunkPrefetcher) gives the file's bytes in order, with
// zero padding after them, whatever the window keeps across a refill (a tail in the room
// before the next chunk, or longer than it) and when a copy of the window reads on its own.
import Foundation
import PoseSynth
import Testing

@testable import PoseScanning

struct ByteWindowTests {
    /// A file of `count` pseudo-random bytes (no zeros, so padding read as data shows).
    static func file(count: Int, seed: UInt64, at path: String) throws -> (FileInput, [UInt8]) {
        var rng = SplitMix64(seed: seed)
        let bytes = (0..<count).map { _ in UInt8(1 + rng.next() % 255) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return (try FileInput(path: path), bytes)
    }

    /// Reads the rest of the window byte by byte, keeping a token of up to `longest` bytes
    /// across refills now and then; checks each refill's bytes and padding against `truth`.
    static func readToEnd(_ w: inout ByteWindow, _ truth: [UInt8], seed: UInt64, longest: Int) -> [String] {
        var rng = SplitMix64(seed: seed)
        var problems: [String] = []
        var keptFrom = 0
        var keptUntil = 0
        var lastCount = -1
        while problems.count < 5 {
            if w.keep == nil, rng.next() % 50_000 == 0 {
                w.keep = w.pos
                keptFrom = w.absolutePosition
                keptUntil = keptFrom + Int(rng.next() % UInt64(longest))
            } else if let keep = w.keep, w.absolutePosition >= keptUntil {
                if w.base + keep != keptFrom { problems.append("the token kept from \(keptFrom) moved") }
                w.keep = nil
            }
            guard let b = w.peek() else { break }
            if w.count != lastCount {
                lastCount = w.count
                let window = Array(UnsafeBufferPointer(start: w.start, count: w.count))
                if window != Array(truth[w.base..<(w.base + w.count)]) {
                    problems.append("window at \(w.base) differs from the file")
                }
                if UnsafeBufferPointer(start: w.start + w.count, count: ByteWindow.padding).contains(where: { $0 != 0 })
                {
                    problems.append("padding after \(w.base + w.count) is not zeros")
                }
            }
            if b != truth[w.absolutePosition] { problems.append("byte \(w.absolutePosition) differs") }
            w.pos += 1
        }
        if w.absolutePosition != truth.count { problems.append("stopped at \(w.absolutePosition) of \(truth.count)") }
        return problems
    }

    @Test(arguments: [false, true])
    func aFileReadAheadGivesItsBytes(readsAhead: Bool) throws {
        let dir = NSTemporaryDirectory() + "posecheck-window-\(getpid())-\(readsAhead)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Sizes around a chunk's, and several chunks; tokens kept shorter and longer than the
        // room before a chunk.
        let chunk = ChunkPrefetcher.chunkSize
        for (k, size) in [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk + 12_345].enumerated() {
            let (f, truth) = try Self.file(count: size, seed: UInt64(k), at: dir + "/f\(k)")
            f.readsAhead = readsAhead
            for longest in [1_000, 3 * ChunkPrefetcher.tailRoom] {
                var w = ByteWindow(.file(f))
                let problems = Self.readToEnd(&w, truth, seed: UInt64(k), longest: longest)
                #expect(problems.isEmpty, "size \(size), tokens up to \(longest): \(problems)")
                // Read ahead from a quarter of a MiB on (a window at a file's start starts no thread).
                #expect((w.readAheadFrom != nil) == (readsAhead && size >= ChunkPrefetcher.startOffset))
            }
        }
    }

    /// A token kept across many chunks read ahead stays in storage that grows by doubling: it
    /// is not copied again into a new allocation at every refill (the room changes a few
    /// times, not at each refill).
    @Test func aLongTokenReadAheadIsNotCopiedAtEveryRefill() throws {
        let dir = NSTemporaryDirectory() + "posecheck-window-long-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let size = 16 * ChunkPrefetcher.chunkSize
        let (f, truth) = try Self.file(count: size, seed: 3, at: dir + "/f")
        f.readsAhead = true
        var w = ByteWindow(.file(f))
        while w.absolutePosition < 2 * ChunkPrefetcher.chunkSize, w.peek() != nil { w.pos += 1 }
        w.keep = w.pos
        let kept = w.absolutePosition
        var rooms: Set<Int> = []
        var refills = 0
        var lastCount = w.count
        while w.absolutePosition < size - 1000, w.peek() != nil {
            if w.count != lastCount {
                refills += 1
                lastCount = w.count
                rooms.insert(w.storage.capacity)
            }
            w.pos += 1
        }
        #expect(w.readAheadFrom != nil)
        #expect(w.base + w.keep! == kept && w.start[w.keep!] == truth[kept])
        #expect(refills >= 10, "\(refills) refills")
        #expect(rooms.count <= 6, "\(rooms.count) sizes of storage for \(refills) refills")
    }

    /// A copy of a window taken mid-file (as a scanner is copied to look ahead) and the
    /// window itself both read to the end, in either order, with the same bytes.
    @Test(arguments: [false, true])
    func copiesOfAWindowReadAheadReadTheSame(copyFirst: Bool) throws {
        let dir = NSTemporaryDirectory() + "posecheck-window-copy-\(getpid())-\(copyFirst)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (f, truth) = try Self.file(count: 3 * ChunkPrefetcher.chunkSize + 999, seed: 7, at: dir + "/f")
        f.readsAhead = true
        for stop in [10, ChunkPrefetcher.chunkSize + 5, 2 * ChunkPrefetcher.chunkSize - 1] {
            var w = ByteWindow(.file(f))
            while w.absolutePosition < stop, w.peek() != nil { w.pos += 1 }
            var copy = w
            var problems: [String]
            if copyFirst {
                problems = Self.readToEnd(&copy, truth, seed: 1, longest: 1_000)
                problems += Self.readToEnd(&w, truth, seed: 2, longest: 1_000)
            } else {
                problems = Self.readToEnd(&w, truth, seed: 1, longest: 1_000)
                problems += Self.readToEnd(&copy, truth, seed: 2, longest: 1_000)
            }
            #expect(problems.isEmpty, "copied at \(stop): \(problems)")
        }
    }

    /// Lines of a stream read in memory after its header line (`LineNumbers`): the first line
    /// keeps its number, the second has its own, and the lines after it follow, for the JSON
    /// scanner's errors, the CSV scanner's records and the places a counting window gives.
    @Test func linesAreNumberedAsTheStreamNumbersThem() throws {
        let lines = LineNumbers(first: 7, second: 40)
        let json = Array("{\"a\": 1}\n{\"b\": 2}\n{\"c\" 3}\n".utf8)
        var scanner = JSONScanner(.memory(json, lines: lines))
        scanner.allowsMultipleDocuments = true
        let error = #expect(throws: FormatError.self) { while try scanner.next() != nil {} }
        #expect(error?.location?.line == 41 && error?.location?.column == 6)
        var csv = CSVScanner(.memory(Array("x,y\r\n1,2\r\n3,4\n".utf8), lines: lines))
        var recordLines: [Int] = []
        while try csv.nextRecord() { recordLines.append(csv.recordLocation.line) }
        #expect(recordLines == [7, 40, 41])
        var places = ByteWindow(countingLinesOf: .memory(json, lines: lines))
        places.countLines(upTo: 20)
        #expect(places.location(ofAbsolute: 20).line == 41)
        #expect(ByteWindow(countingLinesOf: .memory(json)).line == 1)
    }

    /// A UTF-8 byte-order mark is no column: an error in a one-line JSON export, or a frame's
    /// place, has the column it has without the mark (every column of line 1 was one more).
    @Test func aByteOrderMarkIsNoColumn() throws {
        let text = Array(#"{"frames": [{"pose_landmarks": [1, }]}"#.utf8)
        func column(_ bytes: [UInt8]) -> Int? {
            var scanner = JSONScanner(bytes: bytes)
            do { while try scanner.next() != nil {} } catch { return error.location?.column }
            return nil
        }
        #expect(column(text) == 36)
        #expect(column([0xEF, 0xBB, 0xBF] + text) == 36)
        let path = NSTemporaryDirectory() + "bom-\(getpid()).json"
        _ = FileManager.default.createFile(atPath: path, contents: Data([0xEF, 0xBB, 0xBF] + text))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var places = ByteWindow(countingLinesOf: .file(try FileInput(path: path)))
        #expect(places.location(ofAbsolute: 3 + 12).column == 13)
        var csv = CSVScanner(bytes: [0xEF, 0xBB, 0xBF] + Array("x,y\n1,\"2\n".utf8))
        let error = #expect(throws: FormatError.self) { while try csv.nextRecord() {} }
        #expect(error?.location?.line == 2 && error?.location?.column == 3)
        var header = CSVScanner(bytes: [0xEF, 0xBB, 0xBF] + Array("x,y\n".utf8))
        _ = try header.nextRecord()
        #expect(header.fieldLocation(1).column == 3)
    }
}
