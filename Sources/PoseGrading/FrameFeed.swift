// An in-memory chunk feed: a caller that receives bytes (a socket, a camera app, a pipe read as
// it fills) pushes them in as they come and pulls frames as soon as their line is complete.
import PoseFormats
import PoseModel
import PoseScanning

/// Frames from bytes pushed in chunks, for line formats: JSON Lines (one MediaPipe frame object a
/// line) and CSV (a header line, then one row a frame). The first non-blank line decides: `{`
/// starts JSON Lines, anything else is a CSV, whose first line is its header unless the reader
/// takes it for a frame (a CSV written without a header).
///
/// Each complete line is read on its own (after the CSV header, or the JSON Lines metadata
/// line), so memory holds one line and the frames waiting for their numbers to be judged (a
/// gap's missing frames among them), not the stream. A line is read with what the lines before
/// decided (the coordinates, the units and image size of the first frame, the numbering), and
/// the frames' numbers are judged as a whole file's are, so the frames are those `PoseReader`
/// gives for the same bytes: the same numbers and times, the same flags for repeated,
/// out-of-order and missing numbers and for mixed units. `line` is the line in the stream (the
/// places inside a frame's own flags are the line's as read alone). Formats whose frames a
/// line alone does not give are refused at the first line: a CSV with a row per landmark, and
/// OpenPose frames, whose skeleton is decided over many.
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
        /// One JSON value a line: an object, or a list (landmarks, a model's output tensor).
        case jsonLines
        /// A CSV header, then one row a frame.
        case csv
    }

    /// What the first frame's line showed (format, coordinate space, frame rate), or, once a
    /// line's frame shows a person, that line; nil until a frame has been read.
    public private(set) var info: RecordingInfo? {
        didSet { infoRevision += 1 }
    }
    /// Counts the changes of `info`, so that a reader of it sees when it was replaced.
    public private(set) var infoRevision = 0
    /// What the stream's header line showed (a CSV's header), read as a file of that line
    /// alone: a stream that ends before any frame is graded with it, as `check` grades a file
    /// holding a header alone.
    public private(set) var headerInfo: RecordingInfo?
    /// JSON Lines or CSV, once the first non-blank line has been seen.
    public private(set) var lineFormat: LineFormat?

    private let path: String
    private let options: ReadOptions
    private var buffer: [UInt8] = []
    private var consumed = 0
    /// The CSV header or the JSON Lines metadata line, read before each line; nil when the first
    /// line is a frame.
    private var header: [UInt8]?
    /// What the last line read showed, frames or not.
    private var lastInfo: RecordingInfo?
    /// The header's line in the stream.
    private var headerLine = 1
    private var linesRead = 0
    private var ended = false
    /// True once the last line taken ended the stream without a line end (a tracker stopped
    /// mid-line).
    private var lastLineUnended = false
    /// What the lines read so far decided (coordinates, numbering), for the next line's reader.
    private var soFar = StreamSoFar()
    /// The frames read, their numbers judged as a file's are: duplicates, order, gaps.
    private var sequence = FrameSequence(ArrivedFrames())
    /// The error of a line that is not a frame: thrown once the frames before it are out, and
    /// from then on.
    private var failure: FormatError?
    /// JSON lines in which nobody is detected and that no format reads alone, with their line
    /// numbers, waiting for a line that shows the stream's format (`waitsForItsFormat`).
    private var undecided: [(line: [UInt8], number: Int)] = []
    /// The format a line showed, for the lines that waited for it and those after them until a
    /// frame gives `info`.
    private var shownFormat: PoseFormat?
    /// A CSV with a row per person (`MediaPipeCSVReader.personRowsNote`): the rows of the frame
    /// being read, from line `firstLine` on, and the frame they belong to (`rowFrame`); read
    /// together once a row of another frame, or the end, shows the frame complete, as the whole
    /// file's reading groups them.
    private var heldRows: (rows: [[UInt8]], firstLine: Int, frame: RowFrame?)?

    /// The frame a row belongs to, as its reading alone places it: its number and its time.
    private struct RowFrame: Equatable {
        var index: Int
        var time: Double?
    }

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
    /// `finish()`, at the end). A line that is not a frame throws, with its line number, once
    /// the frames before it have come out; every call after it throws too. After a frame, a
    /// JSON line that is not valid JSON is a frame flagged `unreadable_frame` instead, as in a
    /// file, and the stream goes on.
    ///
    /// Frames come out as `PoseReader` gives a whole file's: numbered as the file numbers
    /// them, with the same flags for repeated, out-of-order and missing numbers. A frame whose
    /// number must be judged against the next (the first, or one after a jump) waits for it.
    public mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        while true {
            if let frame = try judgedFrame() { return frame }
            if sequence.source.ended {
                if let failure { throw failure }
                return nil
            }
            if let line = takeLine() {
                do throws(FormatError) { try read(line) } catch {
                    // The frames before the bad line come out first, judged as at an end.
                    failure = error
                    sequence.source.ended = true
                }
            } else if ended {
                // Lines that waited for a format no line showed are read as they are; the rows
                // of the last frame of a CSV of a row per person are read.
                if !undecided.isEmpty || heldRows != nil {
                    do throws(FormatError) {
                        try readUndecided()
                        try readHeldRows()
                    } catch {
                        failure = error
                        sequence.source.ended = true
                    }
                    continue
                }
                sequence.source.ended = true
            } else {
                return nil
            }
        }
    }

    /// The next frame the frames arrived so far let the sequence judge; nil when it needs
    /// more, or at the end. The sequence moves on only when it gives a frame or ends.
    private mutating func judgedFrame() throws(FormatError) -> PoseFrame? {
        var attempt = sequence
        do throws(FormatError) {
            let frame = try attempt.nextFrame()
            sequence = attempt
            // A stride the sequence found in the numbers is said as a file's reading says it.
            if let note = sequence.strideNote, info?.notes.contains(note) == false { info?.notes.append(note) }
            return frame
        } catch {
            guard error.code == ArrivedFrames.needsMore else { throw error }
            return nil
        }
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
        lastLineUnended = true
        return line
    }

    private mutating func compact() {
        guard consumed > 4096, consumed * 2 > buffer.count else { return }
        buffer.removeSubrange(..<consumed)
        consumed = 0
    }

    private mutating func read(_ line: [UInt8]) throws(FormatError) {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        if try waitsForItsFormat(line, first: first) { return }
        try readNow(line, first: first)
    }

    /// Before a stream's format is known, a JSON line in which nobody is detected and that no
    /// format reads alone (`{"frame": 0, "persons": []}`: a tracker's stream opens before anyone
    /// is in view, and only MediaPipe's frames read without a person) waits for the first line
    /// that shows the format, which the whole file's reading takes from its first frames with
    /// data; the lines that waited are then read in that format, in order, before it. True when
    /// `line` waits.
    private mutating func waitsForItsFormat(_ line: [UInt8], first: UInt8) throws(FormatError) -> Bool {
        guard info == nil, shownFormat == nil, options.format == nil,
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return false }
        let shown = PoseReader.jsonLine(line)
        if let format = shown.format {
            if !undecided.isEmpty {
                shownFormat = format
                try readUndecided()
            }
            return false
        }
        // Behind lines that wait, any line that shows no format waits too: the lines keep
        // their order.
        if !undecided.isEmpty {
            undecided.append((line, linesRead))
            return true
        }
        guard shown.holdsNothing else { return false }
        // A line the default reading takes as it is (MediaPipe's frame without landmarks, a
        // metadata line) does not wait.
        if (try? PoseReader.readRecording(.memory(line), path: path, options: options)) != nil { return false }
        undecided.append((line, linesRead))
        return true
    }

    /// Reads the lines that waited (`waitsForItsFormat`), each at its own line number.
    private mutating func readUndecided() throws(FormatError) {
        let waited = undecided
        undecided = []
        let current = linesRead
        defer { linesRead = current }
        for (line, number) in waited {
            linesRead = number
            guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            try readNow(line, first: first)
        }
    }

    /// A row of a CSV with a row per person: held with the rows of its frame, the rows held
    /// before read first when it belongs to another.
    private mutating func holdRow(_ line: [UInt8], header: [UInt8]) throws(FormatError) {
        if let held = heldRows, held.frame != nil, held.frame == rowFrame(of: line, header: header) {
            heldRows?.rows.append(line)
            return
        }
        try readHeldRows()
        // Placed after the frames read: a row without a frame number takes the place after them.
        heldRows = ([line], linesRead, rowFrame(of: line, header: header))
    }

    /// The frame `line` belongs to, read alone after `header` (nil when it cannot be read: it is
    /// then a frame of its own, whose reading says what is wrong).
    private func rowFrame(of line: [UInt8], header: [UInt8]) -> RowFrame? {
        let lines = LineNumbers(first: headerLine, second: linesRead)
        let bytes = header + [UInt8(ascii: "\n")] + line
        guard
            let frame = try? PoseReader.readRecording(
                .memory(bytes, lines: lines), path: path, options: lineOptions()
            ).frames.first
        else { return nil }
        return RowFrame(index: frame.index, time: frame.time)
    }

    /// Reads the rows held (`holdRow`) as one piece of the CSV, numbered from their first line.
    private mutating func readHeldRows() throws(FormatError) {
        guard let held = heldRows, let header else { return }
        heldRows = nil
        let current = linesRead
        defer { linesRead = current }
        linesRead = held.firstLine
        let rows = held.rows.joined(separator: [UInt8(ascii: "\n")])
        take(try frames(of: header + [UInt8(ascii: "\n")] + rows), from: Array(rows), keepingLines: true)
    }

    /// Reads `line` as a frame (or the first line as what the lines after it are read with).
    private mutating func readNow(_ line: [UInt8], first: UInt8) throws(FormatError) {
        if lineFormat == .csv, let header,
            headerInfo?.notes.contains(where: { $0.hasPrefix(MediaPipeCSVReader.personRowsNote) }) == true
        {
            try holdRow(line, header: header)
            return
        }
        guard lineFormat == nil else {
            take(try frames(of: header.map { $0 + [UInt8(ascii: "\n")] + line } ?? line), from: line)
            return
        }
        // A byte-order mark before the first byte is not content.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = line.starts(with: bom) ? line.dropFirst(3).first : first
        lineFormat = start == UInt8(ascii: "{") || start == UInt8(ascii: "[") ? .jsonLines : .csv
        // The first line is a frame, or what the lines after it are read with: a CSV's header,
        // JSON Lines' metadata line (no landmarks), as in a whole file.
        var probed: [PoseFrame] = []
        do throws(FormatError) { probed = try frames(of: line) } catch {
            guard lineFormat == .csv || error.code == "not_pose_export" else { throw error }
        }
        if probed.isEmpty {
            header = line
            headerLine = linesRead
            headerInfo = lastInfo
        }
        take(probed, from: line)
    }

    /// Queues a line's frames for the sequence, each placed at the line. The first line that
    /// gives frames (after any header or metadata line) is the stream's opening line.
    /// `keepingLines`: the frames keep the lines their reading gave them (rows of one frame
    /// read together), instead of the line read.
    private mutating func take(_ frames: [PoseFrame], from line: [UInt8], keepingLines: Bool = false) {
        if soFar.openingLine == nil && !frames.isEmpty {
            soFar.openingLine = line
            // Timed by a frame rate when the stream has no timestamps, as a file's sequence is
            // (a stride must keep its frames within a hold's reach).
            if let info = lastInfo, info.timeSource != "timestamps" { sequence.numberRate = info.frameRate }
        }
        for var frame in frames {
            if !keepingLines { frame.line = linesRead }
            sequence.source.frames.append(frame)
        }
    }

    /// Formats whose frames a line alone does not give: why, and what reads them.
    static let notReadALineAtATime = [
        PoseFormat.longCSV.rawValue:
            "this CSV has one row per landmark, so a frame spans several lines: read the whole file (PoseReader.open(path:), posecheck check), not a line at a time",
        PoseFormat.openposeJSON.rawValue:
            "an OpenPose frame a line: the skeleton (BODY_25 or BODY_25B) is decided over many frames, which a line alone cannot show; grade the frame files, a JSON file a frame in a folder (PoseReader.open(path:), posecheck check)",
    ]

    /// The frames of `bytes` (a line, after the header or metadata line), read as they would be
    /// within the whole stream: with what the lines before decided, which the frames then
    /// update (nothing changes when there is none).
    private mutating func frames(of bytes: [UInt8]) throws(FormatError) -> [PoseFrame] {
        let lineOptions = lineOptions()
        var frames: [PoseFrame] = []
        do throws(FormatError) {
            // The frames as the line gives them: `sequence` judges their numbers over the stream.
            // Lines, columns and the flags that name them are the stream's: the header keeps its
            // line, the line read after it has its own.
            let lines =
                header == nil ? LineNumbers(first: linesRead) : LineNumbers(first: headerLine, second: linesRead)
            var source = try PoseReader.openReader(.memory(bytes, lines: lines), path: path, options: lineOptions)
            lastInfo = source.info
            if let why = Self.notReadALineAtATime[source.info.format] {
                throw FormatError(
                    .invalidContent, code: "not_a_line_format",
                    message: why,
                    path: path, location: SourceLocation(line: linesRead, column: 1, offset: 0))
            }
            while let frame = try source.nextFrame() {
                if frame.keypoints.contains(where: { $0 != nil }) { soFar.landmarksSeen = true }
                soFar.lastIndex = frame.index
                frames.append(frame)
            }
            // Several people a frame: the next line follows the person these frames graded.
            if let tracker = PoseReader.personTracker(of: source) { soFar.tracker = tracker }
            if !frames.isEmpty && info == nil { info = source.info }
            // The coordinates hold from the first line whose frame shows a person: a line
            // without one (a stream opens before anyone is in view) cannot show a CSV's units.
            if soFar.space == nil && soFar.landmarksSeen {
                info = source.info
                soFar.space = source.info.space
            }
        } catch {
            if let cut = cutShort(error) { return frames + [cut] }
            if let unreadable = unreadableLine(error) { return frames + [unreadable] }
            throw said(error)
        }
        return frames
    }

    /// A JSON line that the end of the stream cuts short, after a frame has been read: the
    /// frame it cuts through, flagged `cut_short`, the cut noted, as a file cut short reads
    /// (a line ending inside a value before a line end is still an error: not JSON Lines).
    private mutating func cutShort(_ error: FormatError) -> PoseFrame? {
        guard lastLineUnended, lineFormat == .jsonLines, error.code == "unexpected_eof", info != nil else {
            return nil
        }
        let cut = CutShort(error, insideFrame: true)
        info?.notes.append(cut.note)
        return cut.frame(index: placeNotRead())
    }

    /// The options a line is read with: what the lines before decided.
    private func lineOptions() -> ReadOptions {
        var lineOptions = options
        lineOptions.stream = soFar
        lineOptions.stream?.opensWithHeader = header != nil
        // Once a stream is JSON Lines of a format, each line is that format's: a damaged line
        // is then that format's damaged frame, whatever its first bytes look like.
        if lineFormat == .jsonLines, let known = info.flatMap({ PoseFormat(rawValue: $0.format) }) ?? shownFormat {
            lineOptions.format = known
        }
        return lineOptions
    }

    /// The index of a frame not read: after the stream's last, which it becomes.
    private mutating func placeNotRead() -> Int {
        let index = (soFar.lastIndex ?? -1) + 1
        soFar.lastIndex = index
        return index
    }

    /// A JSON line that is not valid JSON, once a line has given a frame: flagged, as a file of
    /// the same lines flags it (`UnreadableLine`), and the stream goes on. Before a frame, the
    /// stream may not be JSON Lines at all (a pretty-printed document): the error stands.
    private mutating func unreadableLine(_ error: FormatError) -> PoseFrame? {
        // A line that is no frame of the stream's format at all (`[1,2`, a string) is damage too.
        guard lineFormat == .jsonLines, info != nil, error.kind == .invalidJSON || error.code == "not_pose_export"
        else { return nil }
        // A line that ends inside its frame is said at its end, as a file of the same lines says it.
        let unreadable =
            error.code == "unexpected_eof"
            ? UnreadableLine(endingAt: error.location ?? .init(line: linesRead, column: 1, offset: 0), error)
            : UnreadableLine(error)
        if info != nil { unreadable.addNote(to: &info!.notes) }
        return unreadable.frame(index: placeNotRead())
    }

    /// The error of a line that is not a frame, as the stream gives it: a JSON line cut short
    /// says that each line must hold a whole frame.
    private func said(_ error: FormatError) -> FormatError {
        var e = error
        // An error is the line's: one a reader places at a fixed place (line 1) is put there.
        if let at = e.location, at.line != linesRead {
            e.location = SourceLocation(line: linesRead, column: 1, offset: at.offset)
        }
        guard lineFormat == .jsonLines && error.code == "unexpected_eof" else { return e }
        e.message =
            "the line ends inside a JSON value: the stream must hold one whole frame object per line (JSON Lines), not a pretty-printed document (\(error.message))"
        return e
    }
}
