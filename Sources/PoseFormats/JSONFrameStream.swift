// Frames of a JSON export, one value at a time: a list of frames, an object holding the list
// under a frames key (with metadata around it, before or after), or JSON Lines (one frame per
// line). Only one frame is in memory at a time.
import PoseModel
import PoseScanning

struct JSONFrameStream {
    enum Shape { case list, wrapped, lines }
    private(set) var shape: Shape
    /// Top-level members other than the frames (wrapped shape), wherever they are in the file.
    private(set) var metadata: [JSONValue.Member] = []
    /// The first frame, read ahead to decide what the file is.
    private(set) var first: JSONValue?
    /// Keys of a frame object whose values the reader never looks at: checked and skipped, not
    /// read into the frame's tree.
    var unreadFrameKeys: Set<String> = []
    /// Where the file ends early, once `next` has met the end there, and the line of the frame
    /// it cuts through; said once (`frameNotRead`).
    private var cut: (end: CutShort, line: Int?)?
    /// A frame of JSON Lines that is not valid JSON, once `next` has met it, and its line
    /// (`frameNotRead`).
    private var unreadable: (frame: UnreadableLine, line: Int?)?
    /// JSON Lines: whether the last document read was one line, so that a damaged one after it
    /// can be skipped to the next line (`UnreadableLine`).
    private var lastDocumentOnOneLine = false
    /// Where the last frame read ends (absolute offset, after its last byte).
    private var lastEnd = 0
    private var scanner: JSONScanner
    private let options: ReadOptions
    private var finished = false

    init(_ input: ByteInput, path: String, options: ReadOptions, framesKeys: Set<String>) throws(FormatError) {
        self.options = options
        let allowNonFinite = options.allowNonFiniteJSON
        // A later line of JSON Lines read alone (`FrameFeed`) is one frame, whatever it holds,
        // read with the stream's first frame as the whole file's reader reads it; after the
        // stream's metadata line when it has one (its members the recording's).
        if let stream = options.stream, stream.lastIndex != nil, let opening = stream.openingLine {
            shape = .lines
            var pre = JSONScanner(.memory(opening), path: path, allowNonFinite: allowNonFinite)
            if let e = try pre.next() { first = try pre.readValue(after: e) }
            scanner = JSONScanner(input, path: path, allowNonFinite: allowNonFinite)
            scanner.allowsMultipleDocuments = true
            if stream.opensWithHeader, let e = try scanner.next() {
                metadata = try scanner.readValue(after: e).members ?? []
                try scanner.checkAfterDocument()
            }
            return
        }
        var pre = JSONScanner(input, path: path, allowNonFinite: allowNonFinite)
        pre.allowsMultipleDocuments = true
        guard let e = try pre.next() else { throw pre.error("empty_input", "the input is empty") }
        // JSON Lines: the first line is the metadata, not a frame.
        var metadataLine = false
        shape = .list
        var firstFrame: JSONValue?
        if e == .beginObject {
            var members: [JSONValue.Member] = []
            var wrapped = false
            // The members before the frames: all a file cut short can be trusted for.
            var membersBeforeFrames = 0
            do throws(FormatError) {
                while let k = try pre.next(), k != .endObject {
                    guard case .key(let key) = k, let v = try pre.next() else { break }
                    if framesKeys.contains(key), v == .beginArray, !wrapped {
                        wrapped = true
                        membersBeforeFrames = members.count
                        if let f = try pre.next(), f != .endArray {
                            firstFrame = try pre.readValue(after: f)
                            try pre.skipStructurally(after: .beginArray)
                        }
                    } else {
                        members.append(JSONValue.Member(key, try pre.readValue(after: v)))
                    }
                }
            } catch {
                // An error after the first frame is the reading's to meet, in the document's
                // order (`next`): where the file is cut short, or any other, where the reading
                // reaches it or an earlier one (the prescan steps over the frames without
                // checking them). Only the members before the frames are kept: one read after
                // them may itself be cut (`"fps": 3` of 30).
                guard firstFrame != nil else { throw error }
                members.removeSubrange(membersBeforeFrames...)
            }
            if wrapped {
                shape = .wrapped
                metadata = members
            } else {
                shape = .lines
                firstFrame = JSONValue(.object(members), location: SourceLocation(line: 1, column: 1, offset: 0))
                // JSON Lines whose first line gives only an image size or a frame rate: that
                // line describes the recording (as MediaPipe's reader takes it), the frames follow.
                if !members.isEmpty, members.allSatisfy({ MediaPipeJSONReader.metadataKeys[$0.key] != nil }) {
                    metadataLine = true
                    metadata = members
                    firstFrame = nil
                    if let f = try pre.next() { firstFrame = try pre.readValue(after: f) }
                }
            }
        } else if e == .beginArray {
            if let f = try pre.next(), f != .endArray { firstFrame = try pre.readValue(after: f) }
            // `[]` as a line of a stream is a frame without anyone.
            let emptyLine = firstFrame == nil && options.stream != nil
            if emptyLine || Self.listIsOneFrame(firstElement: firstFrame, &pre) {
                shape = .lines
                var again = JSONScanner(input, path: path, allowNonFinite: allowNonFinite)
                again.allowsMultipleDocuments = true
                if let e = try again.next() { firstFrame = try again.readValue(after: e) }
            }
        } else {
            firstFrame = try pre.readValue(after: e)
            shape = .lines
        }
        first = firstFrame
        scanner = JSONScanner(input, path: path, allowNonFinite: allowNonFinite)
        scanner.allowsMultipleDocuments = shape == .lines
        switch shape {
        case .list: _ = try scanner.next()
        case .lines:
            if metadataLine, let e = try scanner.next() {
                try scanner.skip(after: e)
                try scanner.checkAfterDocument()
            }
        case .wrapped:
            _ = try scanner.next()
            while let e = try scanner.next() {
                guard case .key(let k) = e, let v = try scanner.next() else { break }
                if framesKeys.contains(k) && v == .beginArray { break }
                try scanner.skip(after: v)
            }
        }
    }

    /// Whether a document that opens with a list is one frame (the file then JSON Lines of such
    /// lines, or that one frame) rather than a list of frames: its first element is a point
    /// (`{"x": …, "y": …}`) or a row of numbers (`[x, y, z]`, a tensor's `[y, x, score]`), or
    /// the list ends after at most one element and another document follows (`[[[[y, x,
    /// score], …]]]` a line). `scanner` has read the first element (`firstElement`, nil for
    /// none); an error after it is the reading's to meet, where it is.
    static func listIsOneFrame(firstElement: JSONValue?, _ scanner: inout JSONScanner) -> Bool {
        if let first = firstElement, JSONShape.isPoint(first) || JSONShape.isRow(first) { return true }
        do throws(FormatError) {
            if firstElement != nil, try scanner.next() != .endArray { return false }
            return try scanner.next() != nil
        } catch {
            return false
        }
    }

    func meta(_ key: String) -> JSONValue? { metadata.first { $0.key == key }?.value }

    /// After `next` has given nil: the frame it could not read, placed by `numbering`: a frame
    /// of JSON Lines that is not valid JSON (the frames after it follow), or, where the file
    /// ends early, the frame the end cuts through, the cut's note added to `notes`; nil at the
    /// end of the frames.
    mutating func frameNotRead(_ numbering: inout FrameNumbering, notes: inout [String]) -> PoseFrame? {
        if let (frame, line) = unreadable {
            unreadable = nil
            frame.addNote(to: &notes)
            return frame.frame(index: numbering.index(for: nil), line: line)
        }
        guard let (end, line) = cut else { return nil }
        cut = nil
        notes.append(end.note)
        guard end.insideFrame else { return nil }
        return end.frame(index: numbering.index(for: nil), line: line)
    }

    /// The next frame value and the line it starts on; nil at the end of the frames, or at a
    /// frame it could not read (`frameNotRead`).
    mutating func next() throws(FormatError) -> (value: JSONValue, line: Int)? {
        guard !finished else { return nil }
        var line: Int?
        var start: Int?
        do throws(FormatError) {
            guard let e = try scanner.next() else {
                finished = true
                return nil
            }
            if e == .endArray && shape != .lines {
                finished = true
                while try scanner.next() != nil {}
                return nil
            }
            start = scanner.eventOffset
            line = scanner.eventLine
            let value = try scanner.readValue(after: e, unread: unreadFrameKeys)
            lastEnd = scanner.offset
            if shape == .lines {
                // Damage after the frame on its line makes the line unreadable from the second
                // frame on, as any damage (the frame before it was one line).
                let oneLine = scanner.line == line
                try scanner.checkAfterDocument()
                lastDocumentOnOneLine = oneLine
            }
            return (value, line ?? 0)
        } catch {
            // A value begun before the list of frames ended is a frame the end cuts through.
            let began = line != nil || (!finished && CutShort.valueBegan(error, &scanner, after: lastEnd))
            // JSON Lines whose documents are one a line: the damaged one is skipped to the next
            // line. The end of the input inside a frame on the last line is a cut (for a stream
            // read a line at a time, `FrameFeed`'s); inside a frame whose line ended before, it
            // is that line's damage.
            if shape == .lines, lastDocumentOnOneLine, error.kind == .invalidJSON,
                let from = start ?? error.location?.offset
            {
                let resumed = scanner.resumeAtNextLine(after: from)
                if error.code != "unexpected_eof" || resumed.ended {
                    unreadable = (UnreadableLine(error, lineEnd: resumed.end), line ?? error.location?.line)
                    return nil
                }
            }
            guard let c = CutShort(error, insideFrame: began, options: options) else { throw error }
            finished = true
            cut = (c, line)
            return nil
        }
    }
}
