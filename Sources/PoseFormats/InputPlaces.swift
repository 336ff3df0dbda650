// Lines and columns of an input worked out when asked, so that a reader need not count the
// lines of every frame it reads.
import Foundation
import PoseModel
import PoseScanning

/// The lines and columns of an input's bytes, counted when asked (`FramePlaces`), from any
/// thread, by reading the bytes again from the input's start. It keeps up to four counters,
/// each where its last answer left it, and answers from the furthest one not past the
/// offset: offsets asked in increasing order, as the reading thread and the scoring thread
/// each ask them, cost one pass over the input per thread in all. Holds the input (a file
/// stays open) while a frame placed by it is alive.
final class InputPlaces: FramePlaces, @unchecked Sendable {
    private let input: ByteInput
    private var counters: [ByteWindow] = []
    private let lock = NSLock()
    /// Counters kept: one per thread that asks, with room to spare.
    private static let maxCounters = 4

    init(_ input: ByteInput) { self.input = input }

    func place(ofOffset offset: Int) -> (line: Int, column: Int) {
        let location = self.location(ofAbsolute: offset)
        return (location.line, location.column)
    }

    /// The location of the byte at absolute offset `offset`.
    func location(ofAbsolute offset: Int) -> SourceLocation {
        lock.lock()
        defer { lock.unlock() }
        let reached = counters.indices.filter { counters[$0].linesCountedTo <= offset }
        let k: Int
        if let furthest = reached.max(by: { counters[$0].linesCountedTo < counters[$1].linesCountedTo }) {
            k = furthest
        } else if counters.count < Self.maxCounters {
            counters.append(ByteWindow(countingLinesOf: input))
            k = counters.count - 1
        } else {
            // Every counter is past the offset: the one furthest behind starts again.
            k = counters.indices.min { counters[$0].linesCountedTo < counters[$1].linesCountedTo }!
            counters[k] = ByteWindow(countingLinesOf: input)
        }
        counters[k].countLines(upTo: offset)
        return counters[k].location(ofAbsolute: offset)
    }
}

/// A frame's way to `InputPlaces`, made anew for every run of `framesPerHandle` frames. Every
/// frame holds a reference to its places; were it one object, the reading thread (making frames)
/// and the scoring thread (copying and freeing them) would move its reference count between the
/// cores on every frame. A run's frames are made on one thread, then used and freed on the other.
final class FramePlacesHandle: FramePlaces, @unchecked Sendable {
    static let framesPerHandle = 64
    private let places: InputPlaces
    init(_ places: InputPlaces) { self.places = places }
    func place(ofOffset offset: Int) -> (line: Int, column: Int) { places.place(ofOffset: offset) }
}
