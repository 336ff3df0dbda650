// A large file read on a thread of its own, a few chunks ahead of the window that scans it, so
// that the copy out of the page cache overlaps with scanning instead of adding to it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chunks of a file read ahead on a thread of its own, into buffers a window scans in place.
/// Each buffer has room before its chunk for the bytes the window still needs from the chunk
/// before (its tail), and zero padding after it. At most `depth` chunks wait, so memory stays
/// bounded whatever the size of the file. A window's storage gives its buffer back when it is
/// freed, to be read into again.
final class ChunkPrefetcher: @unchecked Sendable {
    /// Bytes read at a time.
    static let chunkSize = 1 << 19
    /// Room before a chunk for the window's tail (a longer one stays in the window's own
    /// storage, the chunk copied after it).
    static let tailRoom = 1 << 16
    /// Chunks that may wait. The 2 MiB they hold ride out the few milliseconds this thread may
    /// wait for the core it shares with scoring: with 768 KiB (3 of 256 KiB) the window often
    /// waited for its next chunk, and a pretty-printed 338 MB export took 0.31 s instead of
    /// 0.28 s (3,900 context switches instead of 900).
    static let depth = 4
    /// Files at least this large are read ahead: below it, a thread costs more than it saves.
    static let minimumFileSize = 4 * chunkSize
    /// Where a window starts reading ahead: one that only looks at a file's start (to detect
    /// its format, or to show a line) starts no thread.
    static let startOffset = 4 * ByteWindow.chunkSize
    static var bufferSize: Int { tailRoom + chunkSize + ByteWindow.padding }

    /// A chunk in its buffer: `count` bytes from `buffer + tailRoom`, zeros after them.
    struct Chunk {
        var buffer: UnsafeMutablePointer<UInt8>
        var count: Int
        var bytes: UnsafeMutablePointer<UInt8> { buffer + ChunkPrefetcher.tailRoom }
    }

    private let file: FileInput
    private let firstOffset: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Read, in file order, not yet taken.
    private var ready: [Chunk] = []
    /// Buffers to read into.
    private var spare: [UnsafeMutablePointer<UInt8>] = []
    /// The file has been read to its end.
    private var ended = false
    private var cancelled = false

    /// Starts reading `file` from absolute offset `offset` on a new thread; nil when no thread
    /// can be started.
    static func start(_ file: FileInput, at offset: Int) -> Owner? {
        let prefetcher = ChunkPrefetcher(file, from: offset)
        let context = Unmanaged.passRetained(prefetcher).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        let started = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<ChunkPrefetcher>.fromOpaque(context).takeRetainedValue().run()
                return nil
            }, context)
        #else
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<ChunkPrefetcher>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        #endif
        guard started == 0 else {
            Unmanaged<ChunkPrefetcher>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Darwin)
        pthread_detach(thread!)
        #else
        pthread_detach(thread)
        #endif
        return Owner(prefetcher)
    }

    private init(_ file: FileInput, from offset: Int) {
        self.file = file
        firstOffset = offset
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        ready.reserveCapacity(Self.depth)
        spare.reserveCapacity(Self.depth + 2)
    }

    deinit {
        for chunk in ready { chunk.buffer.deallocate() }
        for buffer in spare { buffer.deallocate() }
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// The reading thread: a chunk at a time, waiting while `depth` chunks wait, until the end
    /// of the file or until the window goes away.
    private func run() {
        var offset = firstOffset
        while true {
            pthread_mutex_lock(mutex)
            while ready.count >= Self.depth && !cancelled { pthread_cond_wait(changed, mutex) }
            let buffer = cancelled ? nil : spare.popLast() ?? Self.newBuffer()
            pthread_mutex_unlock(mutex)
            guard let buffer else { return }
            let bytes = buffer + Self.tailRoom
            let count = file.read(into: UnsafeMutableBufferPointer(start: bytes, count: Self.chunkSize), at: offset)
            (bytes + count).initialize(repeating: 0, count: ByteWindow.padding)
            offset += count
            pthread_mutex_lock(mutex)
            if count > 0 {
                ready.append(Chunk(buffer: buffer, count: count))
            } else {
                spare.append(buffer)
                ended = true
            }
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            if count == 0 { return }
        }
    }

    /// A buffer, zeros throughout (so a copy of a window over it reads only initialised bytes).
    private static func newBuffer() -> UnsafeMutablePointer<UInt8> {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferSize)
        buffer.initialize(repeating: 0, count: bufferSize)
        return buffer
    }

    /// The next chunk, in file order, waiting for it to be read; nil after the last.
    func take() -> Chunk? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while ready.isEmpty && !ended { pthread_cond_wait(changed, mutex) }
        guard !ready.isEmpty else { return nil }
        let chunk = ready.removeFirst()
        pthread_cond_broadcast(changed)
        return chunk
    }

    /// A buffer a window no longer uses, to be read into again.
    func recycle(_ buffer: UnsafeMutablePointer<UInt8>) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if spare.count < Self.depth + 2 {
            spare.append(buffer)
        } else {
            buffer.deallocate()
        }
    }

    private func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Held by the window that takes the chunks (and by its copies until one of them refills):
    /// when the last goes, the reading thread stops.
    final class Owner {
        let prefetcher: ChunkPrefetcher
        init(_ prefetcher: ChunkPrefetcher) { self.prefetcher = prefetcher }
        deinit { prefetcher.cancel() }
    }
}
