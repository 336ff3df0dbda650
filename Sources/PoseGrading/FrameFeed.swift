// An in-memory chunk feed: a caller that receives bytes (a socket, a camera app, a pipe read as
// it fills) pushes them in as they come and pulls frames as soon as their line is complete.
import PoseFormats
import PoseModel
import PoseScanning

/// Frames from bytes pushed in chunks, for line formats: JSON Lines (one MediaPipe frame object a
/// line) and CSV (a header line, then one row a frame). The first non-blank line decides: `{`
/// starts JSON Lines, anything else is the CSV header.
///
/// Each complete line is read on its own (with the header for CSV), so memory holds one line,
/// not the stream. Frames are numbered by their position in the feed (0, 1, 2, …) and keep the
/// times their lines carry; `line` is the line in the stream.
///
/// ```swift
/// var feed = FrameFeed()
/// feed.push(Array("{\"frame\":0,\"timestamp_ms\":0,\"pose_landmarks\":[…]}\n".utf8))
/// while let frame = try feed.nextFrame() { print(frame.index) }
/// feed.finish()   // at the end of the stream: a last line without a newline counts
/// ```
public struct FrameFeed: Sendable {
    /// The kind of lines the feed carries, once its first line has been seen.
    public enum LineFormat: Sendable, Equatable {
        /// One JSON object a line.
        case jsonLines
        /// A CSV header, then one row a frame.
        case csv
    }

    /// What the first frame's line showed (format, coordinate space, frame rate); nil until a
    /// frame has been read.
    public private(set) var info: RecordingInfo?
    /// JSON Lines or CSV, once the first non-blank line has been seen.
    public private(set) var lineFormat: LineFormat?

    private let path: String
    private let options: ReadOptions
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var header: [UInt8] = []
    private var linesRead = 0
    private var framesRead = 0
    private var ended = false
    private var pending: [PoseFrame] = []
    /// A frame with landmarks has been read (`ReadOptions.continuesStream`).
    private var landmarksSeen = false

    /// A feed that reads as `options` say; `path` names the stream in errors.
    public init(path: String = "<feed>", options: ReadOptions = .init()) {
        self.path = path
        self.options = options
    }

    /// Appends bytes as they arrive; a chunk may end anywhere, even inside a line.
    public mutating func push<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Marks the end of the stream: a last line without a newline is read too.
    public mutating func finish() {
        ended = true
    }

    /// The next frame whose line is complete, or nil until more bytes are pushed (or, after
    /// `finish()`, at the end). A line that is not a frame throws, with its line number.
    public mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        while pending.isEmpty {
            guard let line = takeLine() else { return nil }
            try read(line)
        }
        return pending.removeFirst()
    }

    /// The next complete line, without its line end. Bytes before `consumed` are read; they
    /// are dropped once they are most of the buffer, so a large chunk costs linear time.
    private mutating func takeLine() -> [UInt8]? {
        if let newline = buffer[consumed...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[consumed..<newline])
            consumed = newline + 1
            compact()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            linesRead += 1
            return line
        }
        guard ended, consumed < buffer.count else { return nil }
        let line = Array(buffer[consumed...])
        buffer.removeAll()
        consumed = 0
        linesRead += 1
        return line
    }

    private mutating func compact() {
        guard consumed > 4096, consumed * 2 > buffer.count else { return }
        buffer.removeSubrange(..<consumed)
        consumed = 0
    }

    private mutating func read(_ line: [UInt8]) throws(FormatError) {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        if lineFormat == nil {
            // A byte-order mark before the first byte is not content.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let start = line.starts(with: bom) ? line.dropFirst(3).first : first
            lineFormat = start == UInt8(ascii: "{") ? .jsonLines : .csv
            if lineFormat == .csv {
                header = line
                return
            }
        }
        let bytes = lineFormat == .csv ? header + [UInt8(ascii: "\n")] + line : line
        // After a frame with landmarks, the stream's coordinates are known: a line without
        // those asked for is a flagged frame.
        var lineOptions = options
        lineOptions.continuesStream = landmarksSeen
        do throws(FormatError) {
            var source = try PoseReader.open(.memory(bytes), path: path, options: lineOptions)
            while var frame = try source.nextFrame() {
                if frame.keypoints.contains(where: { $0 != nil }) { landmarksSeen = true }
                frame.index = framesRead
                frame.line = linesRead
                framesRead += 1
                pending.append(frame)
            }
            if info == nil { info = source.info }
        } catch {
            throw relocated(error)
        }
    }

    /// The error at its line in the stream (the reader saw the line alone, or after the header);
    /// a JSON line cut short says that each line must hold a whole frame.
    private func relocated(_ error: FormatError) -> FormatError {
        var e = error
        if lineFormat == .jsonLines && error.code == "unexpected_eof" {
            e.message =
                "the line ends inside a JSON value: the stream must hold one whole frame object per line (JSON Lines), not a pretty-printed document (\(error.message))"
        }
        if var location = e.location {
            location.line = linesRead
            if lineFormat == .csv && error.location?.line == 1 { location.column = 1 }
            e.location = location
        }
        return e
    }
}
