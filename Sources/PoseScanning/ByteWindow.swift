// A sliding window over the bytes of a file or a memory buffer. Scanners read through it so
// that memory stays bounded by the largest token, not the file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where bytes come from.
public enum ByteInput: @unchecked Sendable {
    /// Bytes in memory, their lines numbered as `lines` says (from 1 by default).
    case memory([UInt8], lines: LineNumbers = LineNumbers())
    case file(FileInput)

    /// The path that means standard input wherever a path is taken.
    public static let standardInputPath = "-"

    /// Opens a regular file for streaming. Standard input (`-`), a pipe or a device cannot be
    /// re-read, and grading reads twice, so it is copied once, chunk by chunk, into an unlinked
    /// temporary file (a spool: memory does not grow with the input) that is then read like a
    /// file.
    public static func open(path: String) throws(InputError) -> ByteInput {
        if path == standardInputPath {
            guard let stdinHandle = fdopen(dup(0), "rb") else {
                throw InputError(path: path, message: "cannot open standard input: \(String(cString: strerror(errno)))")
            }
            defer { fclose(stdinHandle) }
            return .file(try FileInput.spooling(stdinHandle, path: path))
        }
        let f = try FileInput(path: path)
        guard !f.isRegular else { return .file(f) }
        return .file(try FileInput.spooling(f.handle, path: path))
    }

    /// Whether a path is read once only (standard input, a pipe, a device): grading spools it
    /// before its passes.
    public static func isStream(path: String) -> Bool {
        if path == standardInputPath { return true }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let type = st.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }
}

/// Why an input could not be opened (the CLI maps it to exit code 66).
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path that could not be opened.
    public var path: String
    /// What went wrong, in words a person acts on.
    public var message: String
    /// The message.
    public var description: String { message }
    /// An error for `path`, with its message.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// A regular file read in chunks with `pread`. Closed when released.
public final class FileInput {
    let handle: UnsafeMutablePointer<FILE>
    /// The path the file was opened from.
    public let path: String

    /// Opens a file (or a pipe or device, which `ByteInput.open(path:)` spools); the error says why it cannot be.
    public init(path: String) throws(InputError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw InputError(path: path, message: "cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(path: path, message: "cannot open '\(path)': it is a directory, not a file")
        }
        guard let h = fopen(path, "rb") else {
            throw InputError(path: path, message: "cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
        handle = h
        self.path = path
        isRegular = (st.st_mode & S_IFMT) == S_IFREG
    }

    /// False for pipes and devices, which `pread` cannot read.
    let isRegular: Bool

    /// Whether windows read the file ahead on a thread of their own (`ChunkPrefetcher`); nil:
    /// when it is at least `ChunkPrefetcher.minimumFileSize` bytes long.
    package var readsAhead: Bool?

    /// The file's size in bytes (0 for pipes and devices).
    var size: Int {
        var st = stat()
        guard isRegular, fstat(fileno(handle), &st) == 0 else { return 0 }
        return Int(st.st_size)
    }

    private init(handle: UnsafeMutablePointer<FILE>, path: String) {
        self.handle = handle
        self.path = path
        isRegular = true
    }

    /// Copies a stream to its end into an unlinked temporary file and opens that, reading in
    /// 64 KiB chunks (memory stays bounded).
    static func spooling(_ stream: UnsafeMutablePointer<FILE>, path: String) throws(InputError) -> FileInput {
        guard let spool = tmpfile() else {
            throw InputError(
                path: path,
                message: "cannot read '\(path)': no temporary file for its copy: \(String(cString: strerror(errno)))")
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, stream) }
            if n == 0 { break }
            let written = chunk.withUnsafeBytes { fwrite($0.baseAddress, 1, n, spool) }
            guard written == n else {
                fclose(spool)
                throw InputError(path: path, message: "cannot read '\(path)': its temporary copy could not be written")
            }
        }
        fflush(spool)
        return FileInput(handle: spool, path: path)
    }

    /// Reads at an absolute offset, so any number of windows can read the same file
    /// independently (a reader may prescan while another window is mid-file).
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        return max(0, pread(fileno(handle), base, buffer.count, off_t(offset)))
    }

    deinit { fclose(handle) }
}

/// The window. `buf[0..<count]` holds stream bytes starting at absolute offset `base`, and
/// `padding` zero bytes follow them: a scanning loop that stops at any byte outside the class it
/// steps over stops at the window's end without a bounds check (NUL is in no class; at
/// `pos == count` it is the end of the window, anywhere else a NUL in the input), and loads of
/// a word or a 32-byte block at the last bytes stay inside the buffer.
package struct ByteWindow {
    static let chunkSize = 1 << 16
    /// Zero bytes after the window's last byte.
    package static let padding = 64

    /// The bytes, in one allocation a copy of the window shares until it refills: its own, or
    /// a buffer of the window's prefetcher (the window's first byte then lies after the room
    /// before the chunk), given back when this storage is freed.
    final class Storage {
        /// The window's first byte, and the room from it to the allocation's end.
        var start: UnsafeMutablePointer<UInt8>
        var capacity: Int
        private var allocation: UnsafeMutablePointer<UInt8>
        private var prefetcher: ChunkPrefetcher?

        /// Room for `capacity` bytes, the first `padding` of them zeros (the window's bytes
        /// are written before they are read, and the padding after them with them).
        init(capacity: Int) {
            self.capacity = capacity
            start = .allocate(capacity: capacity)
            allocation = start
            start.initialize(repeating: 0, count: ByteWindow.padding)
        }

        /// The window's bytes from `start`, inside a buffer of `prefetcher`.
        init(buffer: UnsafeMutablePointer<UInt8>, start: UnsafeMutablePointer<UInt8>, of prefetcher: ChunkPrefetcher) {
            allocation = buffer
            self.start = start
            capacity = buffer + ChunkPrefetcher.bufferSize - start
            self.prefetcher = prefetcher
        }

        /// Another allocation holding the same bytes.
        func copy() -> Storage {
            let other = Storage(capacity: capacity)
            other.start.update(from: start, count: capacity)
            return other
        }

        /// Doubles the room, keeping the bytes.
        func grow() {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
            bigger.update(from: start, count: capacity)
            release()
            allocation = bigger
            start = bigger
            capacity *= 2
        }

        private func release() {
            if let prefetcher {
                prefetcher.recycle(allocation)
                self.prefetcher = nil
            } else {
                allocation.deallocate()
            }
        }

        deinit { release() }
    }

    var storage: Storage
    /// The window's room: bytes, then zeros.
    var buf: UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(start: storage.start, count: storage.capacity)
    }
    /// The first byte of the window.
    var start: UnsafeMutablePointer<UInt8> { storage.start }
    var count: Int
    var pos = 0
    var base = 0
    var eof: Bool
    let file: FileInput?
    /// Reads a large file ahead on a thread of its own, from `ChunkPrefetcher.startOffset` on
    /// (a window that only looks at a file's start starts no thread); a copy of the window that
    /// refills while another holds it reads on its own instead.
    var prefetch: ChunkPrefetcher.Owner?
    private var readsAhead = false
    /// Where reading ahead started (nil: it did not).
    package private(set) var readAheadFrom: Int?
    /// Index in `buf` of the first byte the current token still needs; refills keep it.
    var keep: Int?
    /// Line bookkeeping: 1-based line number and the absolute offset where it starts.
    var line = 1
    var lineStart = 0
    /// Added to the line number once, at the first line end (`LineNumbers.second`).
    private var jumpAfterFirstLine = 0
    /// For a scanner that does not count lines as it meets them (`countLines(upTo:)`): up to
    /// which absolute offset they are counted, and whether the last byte counted was a CR (a LF
    /// right after it ends no second line).
    package private(set) var linesCountedTo = 0
    var countedCR = false
    /// Column cache: the column of absolute offset `cacheOffset` on the current line. Locations
    /// are asked for in increasing order, so advancing the cache keeps the total work linear.
    /// Lines and columns are counted only where a location is asked for: bytes that left the
    /// window uncounted are read again from the file when one needs them (`rereading`).
    var cacheOffset = 0
    var cacheColumn = 1
    /// Absolute offsets between which the bytes hold no line end and no byte outside ASCII:
    /// lines and columns up to `plainUntil` need no count there (`markPlainRun`).
    private var plainFrom = 0
    private var plainUntil = 0

    package init(_ input: ByteInput) {
        switch input {
        case .memory(let bytes, let lines):
            line = lines.first
            jumpAfterFirstLine = lines.second - lines.first - 1
            storage = Storage(capacity: bytes.count + Self.padding)
            storage.start.update(from: bytes, count: bytes.count)
            (storage.start + bytes.count).update(repeating: 0, count: Self.padding)
            count = bytes.count
            eof = true
            file = nil
        case .file(let f):
            file = f
            storage = Storage(capacity: Self.chunkSize + Self.padding)
            count = 0
            eof = false
            readsAhead = f.readsAhead ?? (f.size >= ChunkPrefetcher.minimumFileSize)
        }
        // A UTF-8 byte-order mark is no column: the first line's columns count from after it,
        // as an editor shows them.
        opensWithByteOrderMark = line == 1 && Self.startsWithByteOrderMark(input)
        if opensWithByteOrderMark { lineStart = 3 }
    }

    /// Whether the input opens with a UTF-8 byte-order mark, which scanners step over. Only a
    /// file's (or a stream's) first line can: bytes whose first line is numbered after 1 (a
    /// stream's later line read alone, `LineNumbers`) hold the three bytes as content, as the
    /// whole stream does.
    package private(set) var opensWithByteOrderMark = false

    /// At the input's start: steps over the byte-order mark it opens with, if it does
    /// (`opensWithByteOrderMark`); whether it did.
    mutating func stepOverByteOrderMark() -> Bool {
        guard opensWithByteOrderMark, peek(at: 2) != nil else { return false }
        pos += 3
        return true
    }

    /// Whether the input's first bytes are a UTF-8 byte-order mark.
    private static func startsWithByteOrderMark(_ input: ByteInput) -> Bool {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        switch input {
        case .memory(let bytes, _): return bytes.starts(with: mark)
        case .file(let f):
            var first: [UInt8] = [0, 0, 0]
            let n = first.withUnsafeMutableBufferPointer { f.read(into: $0, at: 0) }
            return n == 3 && first == mark
        }
    }

    /// A window that only counts lines and columns (`countLines(upTo:)`, `location(ofAbsolute:)`)
    /// from the input's start: a file's bytes all lie before it, so every byte it is asked
    /// about is read again from the file (`rereading`); a memory input's are all in it.
    package init(countingLinesOf input: ByteInput) {
        self.init(input)
        if file != nil {
            base = Int.max / 2
            eof = true
        }
    }

    var absolutePosition: Int { base + pos }

    @inline(__always)
    mutating func peek() -> UInt8? {
        if pos < count { return buf[pos] }
        return refill() ? buf[pos] : nil
    }

    @inline(__always)
    package mutating func peek(at ahead: Int) -> UInt8? {
        while pos + ahead >= count {
            if !refill() { return nil }
        }
        return buf[pos + ahead]
    }

    /// The next `n` bytes (fewer at the end of input), without consuming them.
    package mutating func peekBytes(_ n: Int) -> [UInt8] {
        while pos + n > count {
            if !refill() { break }
        }
        return Array(buf[pos..<min(count, pos + n)])
    }

    /// Reads more bytes. Returns false at end of input.
    mutating func refill() -> Bool {
        guard !eof, let f = file else { return false }
        let from = min(keep ?? pos, pos)
        if readsAhead && base + count >= ChunkPrefetcher.startOffset {
            readsAhead = false
            prefetch = ChunkPrefetcher.start(f, at: base + count)
            if prefetch != nil { readAheadFrom = base + count }
        }
        if prefetch != nil && !isKnownUniquelyReferenced(&prefetch) { prefetch = nil }
        if let prefetcher = prefetch?.prefetcher { return refill(from: from, ahead: prefetcher) }
        keepTail(from: from, roomFor: 1)
        let n = f.read(
            into: UnsafeMutableBufferPointer(rebasing: buf[count..<(storage.capacity - Self.padding)]), at: base + count
        )
        count += n
        // The padding after the bytes (a discard moved older bytes over it).
        (start + count).update(repeating: 0, count: Self.padding)
        if n == 0 {
            eof = true
            return false
        }
        return true
    }

    /// Moves on to the prefetcher's next chunk, with the bytes from `from` on (the tail) before
    /// it: in the room before the chunk; a longer tail (a token of over 64 KiB) stays in the
    /// window's own storage, which grows by doubling as without reading ahead, and the chunk
    /// is copied after it.
    private mutating func refill(from: Int, ahead prefetcher: ChunkPrefetcher) -> Bool {
        guard let chunk = prefetcher.take() else {
            prefetch = nil
            eof = true
            return false
        }
        let tail = count - from
        if tail <= ChunkPrefetcher.tailRoom {
            let next = Storage(buffer: chunk.buffer, start: chunk.bytes - tail, of: prefetcher)
            next.start.update(from: start + from, count: tail)
            storage = next
            moveBack(by: from)
        } else {
            keepTail(from: from, roomFor: chunk.count)
            (start + tail).update(from: chunk.bytes, count: chunk.count + Self.padding)
            prefetcher.recycle(chunk.buffer)
        }
        count += chunk.count
        return true
    }

    /// Moves the bytes from `from` on to the start of storage this window alone holds, with
    /// room for `more` bytes after them (the room doubles while it is short).
    private mutating func keepTail(from: Int, roomFor more: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if from > 0 {
            memmove(start, start + from, count - from)
            moveBack(by: from)
        }
        while count + more + Self.padding > storage.capacity { storage.grow() }
    }

    /// The line ends among the bytes from absolute offset `from` to `to`, from the window where
    /// it holds them, else read again from the file; a CR LF split between the two is one.
    private func lineEnds(from: Int, to: Int) -> Int {
        var ends = 0
        var afterCR = false
        func add(_ p: UnsafeRawPointer, _ n: Int) {
            guard n > 0 else { return }
            ends += ByteBlock.lineEnds(p, from: 0, to: n, afterCR: afterCR).count
            afterCR = p.load(fromByteOffset: n - 1, as: UInt8.self) == 0x0D
        }
        let windowFrom = max(from, base)
        let windowTo = min(to, base + count)
        Self.rereading(file, from: from, to: min(to, base)) { p, n, _ in add(p, n) }
        if windowFrom < windowTo { add(UnsafeRawPointer(start) + (windowFrom - base), windowTo - windowFrom) }
        Self.rereading(file, from: max(from, base + count), to: to) { p, n, _ in add(p, n) }
        return ends
    }

    /// Where the line that holds the byte before absolute offset `offset` starts: after the
    /// line end before it, or 0. From the window where it holds the bytes, else read again from
    /// the file, a chunk at a time, backwards.
    package func lineStart(before offset: Int) -> Int {
        var i = offset
        if i > base && i <= base + count {
            while i > base {
                let b = start[i - 1 - base]
                if b == 0x0A || b == 0x0D { return i }
                i -= 1
            }
        }
        while i > 0 {
            let from = max(0, i - Self.chunkSize)
            var found: Int?
            Self.rereading(file, from: from, to: i) { p, n, at in
                for k in 0..<n {
                    let b = p.load(fromByteOffset: k, as: UInt8.self)
                    if b == 0x0A || b == 0x0D { found = at + k + 1 }
                }
            }
            if let found { return found }
            // A memory input is all in the window: nothing before it.
            if file == nil { return 0 }
            i = from
        }
        return 0
    }

    /// Puts the cursor at absolute offset `offset`: in the window, or, where a file's bytes there
    /// have left it, in a window read again from there (reading ahead starts again when the
    /// reading reaches its place).
    package mutating func seek(to offset: Int) {
        if offset >= base && offset <= base + count {
            pos = offset - base
            return
        }
        guard let f = file else { return }
        prefetch = nil
        readsAhead = f.readsAhead ?? (f.size >= ChunkPrefetcher.minimumFileSize)
        storage = Storage(capacity: Self.chunkSize + Self.padding)
        base = offset
        count = 0
        pos = 0
        keep = nil
        eof = false
        start.update(repeating: 0, count: Self.padding)
        _ = refill()
    }

    /// The window's bytes now start `from` bytes later in the stream.
    private mutating func moveBack(by from: Int) {
        count -= from
        pos -= from
        if let k = keep { keep = k - from }
        base += from
    }

    /// Unicode scalars in `p[from..<to]`: every byte but UTF-8 continuation bytes, counted
    /// sixty-four bytes at a time, those that are all ASCII (most of a JSON export) with one
    /// test. Columns are counted in scalars.
    static func scalars(_ p: UnsafeRawPointer, from: Int, to: Int) -> Int {
        func continuations(_ w: UInt64) -> Int { ByteMasks.continuations(w).nonzeroBitCount }
        var count = to - from
        var i = from
        while i + 64 <= to {
            if ByteBlock.holdsNonASCII64(p, i) {
                for k in stride(from: 0, to: 64, by: 8) { count -= continuations(ByteMasks.load(p, i + k)) }
            }
            i += 64
        }
        while i + 8 <= to {
            count -= continuations(ByteMasks.load(p, i))
            i += 8
        }
        while i < to {
            if p.load(fromByteOffset: i, as: UInt8.self) & 0xC0 == 0x80 { count -= 1 }
            i += 1
        }
        return count
    }

    /// Unicode scalars in the stream's bytes `from..<to` (absolute), those that left the
    /// window read again.
    private func scalars(fromAbsolute from: Int, to: Int) -> Int {
        var count = 0
        if from < base {
            Self.rereading(file, from: from, to: min(to, base)) { p, n, _ in count += Self.scalars(p, from: 0, to: n) }
        }
        let first = max(from, base)
        if first < to { count += Self.scalars(UnsafeRawPointer(start), from: first - base, to: to - base) }
        return count
    }

    /// Calls `body` with the stream's bytes `from..<to` (absolute, before the window) read
    /// again from the file, up to 64 KiB at a time: the bytes, how many, and the offset of the
    /// first. A memory input never lets bytes go, so it is never asked.
    private static func rereading(
        _ file: FileInput?, from: Int, to: Int, _ body: (UnsafeRawPointer, Int, Int) -> Void
    ) {
        guard let file, from < to else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: min(to - from, Self.chunkSize)) { buffer in
            var at = from
            while at < to {
                let piece = UnsafeMutableBufferPointer(rebasing: buffer[0..<min(buffer.count, to - at)])
                let n = file.read(into: piece, at: at)
                guard n > 0 else { return }
                body(UnsafeRawPointer(buffer.baseAddress!), n, at)
                at += n
            }
        }
    }

    /// Records that a line ended just before absolute offset `nextLineStart`.
    @inline(__always)
    mutating func newLine(startingAt nextLineStart: Int) {
        line += 1 + jumpAfterFirstLine
        jumpAfterFirstLine = 0
        lineStart = nextLineStart
    }

    /// Counts the line ends (LF, CRLF, a lone CR) from where counting stopped up to absolute
    /// offset `offset`, for a scanner that does not count them as it steps over them
    /// (`ByteBlock.lineEnds`).
    package mutating func countLines(upTo offset: Int) {
        let end = min(offset, base + count)
        guard linesCountedTo < end else { return }
        if plainFrom <= linesCountedTo && end <= plainUntil {
            // No line end on the way, and no CR last.
            linesCountedTo = end
            countedCR = false
            return
        }
        defer { markPlainRun() }
        if linesCountedTo < base {
            let discarded = min(base, end)
            Self.rereading(file, from: linesCountedTo, to: discarded) { p, n, at in countLines(p, to: n, at: at) }
            // A file cut short since cannot give its bytes again: counting goes on after them.
            if linesCountedTo < discarded { countedCR = false }
            linesCountedTo = discarded
            guard discarded < end else { return }
        }
        countLines(UnsafeRawPointer(start) + (linesCountedTo - base), to: end - linesCountedTo, at: linesCountedTo)
    }

    /// Moves line counting back to absolute offset `offset`, the start of a line in the window
    /// that counting has passed, for a scanner that reads on from there
    /// (`JSONScanner.resumeAtNextLine`): the line ends between are counted off.
    package mutating func rewindLineCount(toLineStart offset: Int) {
        guard offset < linesCountedTo else { return }
        line -= lineEnds(from: offset, to: linesCountedTo)
        lineStart = offset
        linesCountedTo = offset
        countedCR = false
        cacheOffset = offset
        cacheColumn = 1
        plainFrom = 0
        plainUntil = 0
    }

    /// Counts the line ends among the `n` bytes at `p`, the stream's from absolute offset `at`
    /// (where counting stopped).
    private mutating func countLines(_ p: UnsafeRawPointer, to n: Int, at: Int) {
        let ends = ByteBlock.lineEnds(p, from: 0, to: n, afterCR: countedCR)
        countedCR = p.load(fromByteOffset: n - 1, as: UInt8.self) == 0x0D
        linesCountedTo = at + n
        if let last = ends.last {
            line += ends.count + jumpAfterFirstLine
            jumpAfterFirstLine = 0
            lineStart = at + last + 1
        }
    }

    /// Marks the bytes in the window from where line counting stopped up to the next line end
    /// or byte outside ASCII as plain, eight at a time: locations asked for on the way (a
    /// frame on one long line asks for one per value) then count nothing.
    private mutating func markPlainRun() {
        guard linesCountedTo >= base else { return }
        let p = UnsafeRawPointer(start)
        var i = linesCountedTo - base
        while i + 8 <= count {
            let w = ByteMasks.load(p, i)
            let stops = w & ByteMasks.high | ByteMasks.equal(w, 0x0A) | ByteMasks.equal(w, 0x0D)
            if stops != 0 {
                i += stops.trailingZeroBitCount >> 3
                break
            }
            i += 8
        }
        while i < count {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            if b & 0x80 != 0 || b == 0x0A || b == 0x0D { break }
            i += 1
        }
        plainFrom = linesCountedTo
        plainUntil = base + i
    }

    /// The location of the byte at absolute offset `offset` on the current line.
    package mutating func location(ofAbsolute offset: Int) -> SourceLocation {
        let end = min(offset, base + count)
        if cacheOffset < lineStart || cacheOffset > end {
            // A new line, or a position before the cache: count from the line start.
            cacheColumn = 1 + scalars(fromAbsolute: lineStart, to: end)
        } else if plainFrom <= cacheOffset && end <= plainUntil {
            // ASCII all the way: a byte is a column.
            cacheColumn += end - cacheOffset
        } else {
            cacheColumn += scalars(fromAbsolute: cacheOffset, to: end)
        }
        cacheOffset = max(end, lineStart)
        return SourceLocation(line: line, column: cacheColumn, offset: offset)
    }

    var location: SourceLocation {
        mutating get { location(ofAbsolute: absolutePosition) }
    }

    /// Steps over one multi-byte UTF-8 sequence at the cursor; false (cursor unmoved) when the
    /// bytes are not valid UTF-8: overlong forms, encoded surrogates and values past U+10FFFF
    /// are refused, as RFC 3629 requires.
    mutating func stepOverUTF8Sequence() -> Bool {
        guard let b0 = peek() else { return false }
        let n: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: n = 1
        case 0xE0:
            n = 2
            lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 2
        case 0xED:
            n = 2
            hi = 0x9F
        case 0xF0:
            n = 3
            lo = 0x90
        case 0xF1...0xF3: n = 3
        case 0xF4:
            n = 3
            hi = 0x8F
        default: return false
        }
        for i in 1...n {
            guard let b = peek(at: i) else { return false }
            let (l, h): (UInt8, UInt8) = i == 1 ? (lo, hi) : (0x80, 0xBF)
            guard b >= l && b <= h else { return false }
        }
        pos += n + 1
        return true
    }
}

/// How the lines of bytes in memory are numbered in errors and places: from 1, or as lines of a
/// larger stream (a stream read a line at a time reads each line after the stream's header
/// line: the header keeps its own number, the line its number in the stream).
public struct LineNumbers: Hashable, Sendable {
    /// The number of the first line.
    public var first: Int
    /// The number of the second line; the lines after it follow on from it.
    public var second: Int

    /// Lines numbered from `first`, the second one `second` (by default the next).
    public init(first: Int = 1, second: Int? = nil) {
        self.first = first
        self.second = second ?? first + 1
    }
}
