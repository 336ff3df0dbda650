// ReadAhead: a source read on its own thread gives the same frames, in the same order, with the
// error where the source threw it; finished batches go back to the reading thread to be freed,
// and frames the caller keeps stay whole.
import Foundation
import PoseGeometry
import PoseModel
import Testing

@testable import PoseFormats
@testable import PoseScanning

struct ReadAheadTests {
    /// Frames 0..<count, each with a keypoint of its own and, every seventh, an issue; then an
    /// error if `failAt` is given (after that many frames).
    struct Counting: PoseFrameSource {
        let info = RecordingInfo(format: "test", space: .imagePixels)
        let count: Int
        var failAt: Int?
        var produced = 0

        mutating func nextFrame() throws(FormatError) -> PoseFrame? {
            if let f = failAt, produced == f {
                throw FormatError(
                    .invalidCSV, code: "test_error", message: "stops at \(f)", path: "t.csv",
                    location: SourceLocation(line: f + 2, column: 3, offset: 0))
            }
            guard produced < count else { return nil }
            defer { produced += 1 }
            return Self.frame(produced)
        }

        static func frame(_ i: Int) -> PoseFrame {
            var f = PoseFrame(index: i, time: Double(i) / 30)
            f[.leftKnee] = Keypoint(Vector3(Double(i), Double(i) * 2, 0), confidence: 0.5)
            if i % 7 == 0 { f.issues.append(FrameIssue(code: "missing_value", message: "frame \(i)")) }
            return f
        }
    }

    static func same(_ a: PoseFrame, _ b: PoseFrame) -> Bool {
        a.index == b.index && a.time == b.time && a[.leftKnee] == b[.leftKnee]
            && a.issues.map(\.message) == b.issues.map(\.message)
    }

    @Test(
        "every frame, in order, across batch sizes and depths",
        arguments: [
            (0, 4, 1), (1, 4, 1), (255, 256, 4), (256, 256, 4), (257, 256, 4), (1000, 7, 2), (1000, 1, 1),
            (3000, 256, 4),
        ])
    func inOrder(count: Int, batch: Int, depth: Int) throws {
        var reader = ReadAhead(Counting(count: count), batchSize: batch, depth: depth)
        // Every frame is kept past its batch's return, so a batch freed too early would show.
        var kept: [PoseFrame] = []
        while let f = try reader.nextFrame() { kept.append(f) }
        #expect(kept.count == count)
        for (i, f) in kept.enumerated() { #expect(Self.same(f, Counting.frame(i)), "frame \(i)") }
        #expect(try reader.nextFrame() == nil)
    }

    @Test("the error comes after the frames before it", arguments: [0, 1, 255, 256, 600])
    func errorInPlace(failAt: Int) {
        var reader = ReadAhead(Counting(count: 1000, failAt: failAt), batchSize: 256, depth: 2)
        var seen = 0
        do {
            while let f = try reader.nextFrame() {
                #expect(f.index == seen)
                seen += 1
            }
            Issue.record("no error")
        } catch {
            #expect(error.code == "test_error")
            #expect(error.location?.line == failAt + 2)
        }
        #expect(seen == failAt)
    }

    /// Set when the source it belongs to is gone, i.e. the reading thread has ended.
    final class Sentinel: @unchecked Sendable {
        private let lock = NSLock()
        private var gone = false
        var isGone: Bool { lock.withLock { gone } }
        /// Held by the source; when it is freed, the sentinel says so.
        func token() -> Token { Token(self) }
        final class Token {
            let sentinel: Sentinel
            init(_ s: Sentinel) { sentinel = s }
            deinit { sentinel.lock.withLock { sentinel.gone = true } }
        }
    }

    struct Watched: PoseFrameSource {
        var inner: Counting
        let token: Sentinel.Token
        var info: RecordingInfo { inner.info }
        mutating func nextFrame() throws(FormatError) -> PoseFrame? { try inner.nextFrame() }
    }

    @Test("dropping the reader early ends its thread, though the queue is full")
    func earlyDrop() throws {
        let sentinel = Sentinel()
        do {
            var reader = ReadAhead(
                Watched(inner: Counting(count: 100_000), token: sentinel.token()), batchSize: 16, depth: 1)
            _ = try reader.nextFrame()
            _ = try reader.nextFrame()
            Thread.sleep(forTimeInterval: 0.05)  // the producer fills the queue and waits
        }
        let deadline = Date().addingTimeInterval(10)
        while !sentinel.isGone && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(sentinel.isGone, "the reading thread still holds its source 10 s after the reader was dropped")
    }
}
