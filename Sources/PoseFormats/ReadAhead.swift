// Reading on a second core: a source read on its own thread, a few batches of frames ahead of
// the caller, so parsing overlaps with scoring.
import Foundation
import PoseModel
import PoseScanning

/// A frame source read ahead on a thread of its own. Frames arrive in the source's order, in
/// batches; an error arrives where the source threw it, after the frames before it. At most
/// `depth` batches wait, so memory stays bounded whatever the length of the recording. `info`
/// is the source's when it was handed over, and the source's final info once it has ended
/// (readers add notes as they read). Dropping the reader early stops the thread.
/// Batches of 256 frames hand over a quarter as often as batches of 64 (each hand-over may wake
/// a thread); on the 100,000-frame benchmark CSV that took 4–5% less CPU. Four waiting batches
/// of MediaPipe frames are under 2 MB.
///
/// A batch the caller has finished goes back to the reading thread to be freed there. Its
/// frames were allocated on that thread, and glibc's malloc frees a block into the arena it
/// came from, under that arena's lock: freed on the caller's thread, every frame's keypoints
/// (1.5 KB, too large for the per-thread cache) contended for the lock with the reader's next
/// allocation. Frames the caller still holds are freed by the caller, as usual. Finished
/// batches wait for the reading thread's next hand-over, so at most `depth` + 1 of them wait
/// (those after the last hand-over are freed with the reader).
public struct ReadAhead: PoseFrameSource {
    /// The source's info; final once the last frame has been read.
    public private(set) var info: RecordingInfo
    private let owner: Owner
    private var batch: [PoseFrame] = []
    private var next = 0
    private var finished = false

    /// Reads `source` on a thread of its own, `depth` batches of `batchSize` frames ahead at most.
    public init(_ source: any PoseFrameSource, batchSize: Int = 256, depth: Int = 4) {
        info = source.info
        let channel = Channel(depth: max(1, depth))
        owner = Owner(channel)
        let producer = Producer(source: source, channel: channel, batchSize: max(1, batchSize))
        let thread = Thread { producer.run() }
        thread.name = "posecheck read-ahead"
        thread.start()
    }

    /// The source's next frame, or its error, in its order.
    public mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        if next < batch.count {
            next += 1
            return batch[next - 1]
        }
        if finished { return nil }
        // Moved out, so that the channel holds the batch's last reference and the reading
        // thread, not this one, frees it.
        var spent: [PoseFrame] = []
        swap(&spent, &batch)
        switch owner.channel.take(returning: spent) {
        case .frames(let frames):
            batch = frames
            next = 1
            return frames[0]
        case .end(let finalInfo, let error):
            info = finalInfo
            finished = true
            batch = []
            next = 0
            if let error { throw error }
            return nil
        }
    }

    enum Item: @unchecked Sendable {
        case frames([PoseFrame])
        case end(RecordingInfo, FormatError?)
    }

    /// Held by every copy of the reader; when the last goes, the producer is told to stop.
    final class Owner {
        let channel: Channel
        init(_ channel: Channel) { self.channel = channel }
        deinit { channel.cancel() }
    }

    /// The bounded queue between the two threads.
    final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private var items: [Item] = []
        /// Batches the reader has finished, for the producer to free.
        private var spent: [[PoseFrame]] = []
        private var cancelled = false
        private let depth: Int

        init(depth: Int) { self.depth = depth }

        /// False when the reader has gone away. `spent` receives the batches the reader has
        /// finished with, to be freed by the caller outside the lock.
        func put(_ item: Item, spent: inout [[PoseFrame]]) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while items.count >= depth && !cancelled { condition.wait() }
            swap(&spent, &self.spent)
            if cancelled { return false }
            items.append(item)
            condition.broadcast()
            return true
        }

        /// The next item; `finished`, the batch the caller is done with, is handed back.
        func take(returning finished: [PoseFrame]) -> Item {
            condition.lock()
            defer { condition.unlock() }
            if !finished.isEmpty { spent.append(finished) }
            while items.isEmpty { condition.wait() }
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }

        func cancel() {
            condition.lock()
            cancelled = true
            items.removeAll()
            spent.removeAll()
            condition.broadcast()
            condition.unlock()
        }
    }

    final class Producer: @unchecked Sendable {
        var source: any PoseFrameSource
        let channel: Channel
        let batchSize: Int
        init(source: any PoseFrameSource, channel: Channel, batchSize: Int) {
            self.source = source
            self.channel = channel
            self.batchSize = batchSize
        }

        func run() {
            var frames: [PoseFrame] = []
            frames.reserveCapacity(batchSize)
            // Freed here, on this thread, each time it is swapped out.
            var spent: [[PoseFrame]] = []
            func put(_ item: Item) -> Bool {
                let ok = channel.put(item, spent: &spent)
                spent.removeAll(keepingCapacity: true)
                return ok
            }
            do {
                while let f = try source.nextFrame() {
                    frames.append(consume f)
                    if frames.count == batchSize {
                        guard put(.frames(frames)) else { return }
                        frames.removeAll(keepingCapacity: true)
                    }
                }
                if !frames.isEmpty, !put(.frames(frames)) { return }
                _ = put(.end(source.info, nil))
            } catch {
                if !frames.isEmpty, !put(.frames(frames)) { return }
                _ = put(.end(source.info, error))
            }
        }
    }
}
