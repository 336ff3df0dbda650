// A strict, streaming CSV record reader (RFC 4180) with 1-based line:column on every error.
//
// Policies (PoseCheck docs, "Byte-level policies"):
// - Records end at LF, CRLF or a lone CR; a final record without a line end is accepted.
// - A leading UTF-8 byte-order mark is stripped; a UTF-16 one is `unsupported_encoding`.
// - Blank lines (no bytes between two line ends) are skipped and counted, as csv-core does.
// - Quotes: a field that starts with `"` runs to the closing `"`; `""` inside is one quote;
//   line ends inside quotes belong to the field. A quote that never closes is
//   `unterminated_quote`, reported where it opened. Text between a closing quote and the next
//   delimiter is kept literally (`"a"b` reads `ab`), as csv-core and Python's csv do; a quote
//   inside an unquoted field is kept as a character.
// - NUL bytes are `nul_byte`; invalid UTF-8 is `invalid_utf8`, both with their location.
// - A field longer than `maxFieldBytes` (131,072, Python's csv default) is `field_too_large`.
// Fields are not copied into Strings: callers ask for a number or a string by index.

/// A streaming RFC 4180 CSV scanner over a `ByteInput`: rows of fields, with locations for errors.
public struct CSVScanner {
    /// The largest field read, in bytes; a longer one is an error, not unbounded memory.
    public static let maxFieldBytes = 131_072

    /// A field's bytes: either in the window (absolute offsets) or, when it had `""` escapes,
    /// in the unescaped scratch buffer.
    struct FieldRef {
        var start: Int
        var end: Int
        var inScratch: Bool
    }

    var window: ByteWindow
    /// The path errors name.
    public var path: String
    /// The field separator (`,` by default; `;` or a tab for some exports).
    public var delimiter: UInt8
    /// Plain ASCII records are split in one pass (`readFastRecord`); off, every record goes
    /// byte by byte. Same records and errors either way.
    public var usesFastPath = true
    /// The current record's fields are the first `fieldCount`; the fast path keeps the entries
    /// after them as room for the next record rather than clearing them.
    var fields: [FieldRef] = []
    /// How many fields the current row has.
    public private(set) var fieldCount = 0
    var scratch: [UInt8] = []
    var started = false
    /// Line and column where the current record starts.
    public private(set) var recordLocation = SourceLocation(line: 1, column: 1, offset: 0)
    /// Number of records returned so far (header included).
    public private(set) var recordCount = 0
    /// Blank lines passed over so far.
    public private(set) var blankLinesSkipped = 0
    /// Field start offsets and lines of the current record, for diagnostics on demand (filled by
    /// the byte-by-byte path; a record read by the fast path is one ASCII line, `fastLine`).
    var fieldStarts: [(offset: Int, line: Int, lineStart: Int)] = []
    var fastLine: (line: Int, lineStart: Int)?

    /// A scanner over bytes from a file or memory.
    public init(_ input: ByteInput, path: String = "", delimiter: UInt8 = UInt8(ascii: ",")) {
        window = ByteWindow(input)
        self.path = path
        self.delimiter = delimiter
    }

    /// A scanner over bytes in memory.
    public init(bytes: [UInt8], path: String = "", delimiter: UInt8 = UInt8(ascii: ",")) {
        self.init(.memory(bytes), path: path, delimiter: delimiter)
    }

    /// A scanner over the UTF-8 of a string.
    public init(string: String, path: String = "", delimiter: UInt8 = UInt8(ascii: ",")) {
        self.init(bytes: Array(string.utf8), path: path, delimiter: delimiter)
    }

    mutating func error(_ code: String, _ message: String, at loc: SourceLocation? = nil) -> FormatError {
        FormatError(.invalidCSV, code: code, message: message, path: path, location: loc ?? window.location)
    }

    /// True when nothing but line ends follows the record read: it was the input's last.
    package var isLastRecord: Bool {
        mutating get {
            var k = 0
            while let b = window.peek(at: k) {
                guard b == 0x0A || b == 0x0D else { return false }
                k += 1
            }
            return true
        }
    }

    /// At the input's start: steps over a UTF-8 byte-order mark; refuses a UTF-16 one and an
    /// empty input.
    private mutating func checkOpening() throws(FormatError) {
        guard !window.stepOverByteOrderMark() else { return }
        if let b = window.peek(), b == 0xFF || b == 0xFE {
            throw error(
                "unsupported_encoding",
                "UTF-16 byte-order mark (Excel \"Unicode text\"): save the file as UTF-8 CSV")
        }
        if window.peek() == nil { throw error("empty_input", "the input is empty") }
    }

    /// Reads the next record. Returns false at the end of input.
    public mutating func nextRecord() throws(FormatError) -> Bool {
        if !started {
            started = true
            try checkOpening()
        }
        // Skip blank lines.
        while let b = window.peek(), b == 0x0A || b == 0x0D {
            window.pos += 1
            if b == 0x0D, window.peek() == 0x0A { window.pos += 1 }
            window.newLine(startingAt: window.absolutePosition)
            blankLinesSkipped += 1
        }
        guard window.peek() != nil else { return false }
        fieldStarts.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        window.keep = window.pos
        defer { window.keep = nil }
        recordLocation = window.location
        fastLine = nil
        if !usesFastPath || !readFastRecord() {
            fields.removeAll(keepingCapacity: true)
            fieldCount = 0
            while true {
                let atEnd = try readField()
                if atEnd { break }
            }
            fieldCount = fields.count
        }
        recordCount += 1
        return true
    }

    /// The fast path: a record that is one line of plain ASCII fields (no quotes, NUL or
    /// non-ASCII bytes), split in one pass over the window. Returns false, having consumed
    /// nothing, for anything else; the byte-by-byte reader then reads (or rejects) the record.
    private mutating func readFastRecord() -> Bool {
        var end = -1
        var lineEndLength = 0
        var fields: [FieldRef] = []
        swap(&fields, &self.fields)
        defer { swap(&fields, &self.fields) }
        // Room for the previous record's fields and some more.
        var room = max(16, fieldCount + 8) + ByteBlock.wideWidth
        var refilled = false
        var n = 0
        while true {
            let (pos, count, base, eof) = (window.pos, window.count, window.base, window.eof)
            let delimiter = self.delimiter
            // Room for `room` fields; the previous record's are overwritten, not cleared, and the
            // room stays for the next record.
            if fields.count < room {
                fields.append(
                    contentsOf: repeatElement(FieldRef(start: 0, end: 0, inScratch: false), count: room - fields.count))
            }
            let b = UnsafePointer(window.start)
            end = fields.withUnsafeMutableBufferPointer { out in
                Self.split(
                    b, from: pos, count: count, base: base, eof: eof, delimiter: delimiter, into: out, fields: &n)
            }
            if end == -3 {
                room *= 2
                continue
            }  // more fields than room: again, with more
            if end == -1 {
                fields.removeAll(keepingCapacity: true)
                return false
            }
            if end == -2 {
                // The line runs past the window: read more once, then leave long lines to the
                // byte-by-byte reader.
                fields.removeAll(keepingCapacity: true)
                guard !refilled, window.refill() else { return false }
                refilled = true
                continue
            }
            if end < window.count {
                lineEndLength = 1
                if window.buf[end] == 0x0D {
                    if end + 1 < window.count {
                        if window.buf[end + 1] == 0x0A { lineEndLength = 2 }
                    } else if !window.eof {
                        fields.removeAll(keepingCapacity: true)
                        return false  // a CR at the window's edge: let the careful reader look
                    }
                }
            }
            break
        }
        fieldCount = n
        fastLine = (window.line, window.lineStart)
        window.pos = end + lineEndLength
        if lineEndLength > 0 { window.newLine(startingAt: window.absolutePosition) }
        return true
    }

    /// Splits the line starting at `from` into `out`, setting `n` to the number of fields, in
    /// one pass a block (`ByteBlock`) at a time. Returns the index of the line end (or of the
    /// end of input); -1 when the line holds a byte the fast path leaves to the careful reader (quote,
    /// NUL, non-ASCII) or a field that is too large; -2 when the line runs past the bytes at
    /// hand; -3 when `out` has no room for another field.
    private static func split(
        _ p: UnsafePointer<UInt8>, from: Int, count: Int, base: Int, eof: Bool, delimiter: UInt8,
        into out: UnsafeMutableBufferPointer<FieldRef>, fields n: inout Int
    ) -> Int {
        let raw = UnsafeRawPointer(p)
        var f = 0
        var start = from
        /// Ends a field at `stop`; the caller has checked its size and the room.
        @inline(__always) func end(_ stop: Int) {
            out[f] = FieldRef(start: base + start, end: base + stop, inScratch: false)
            f += 1
            start = stop + 1
        }
        /// Ends a field at `stop` after the checks; -1 when it is too large, -3 when there is
        /// no room, nil when it ended.
        @inline(__always) func field(_ stop: Int) -> Int? {
            if stop - start >= maxFieldBytes { return -1 }
            if f == out.count { return -3 }
            end(stop)
            return nil
        }
        var i = from
        /// Ends the fields of the block at `i` given its masks: the index of the line end when
        /// the block holds it, -1 when it holds another stop byte, nil to go on.
        @inline(__always) func block(_ masks: (delimiters: UInt64, stops: UInt64)) -> Int? {
            var m = masks.delimiters
            if masks.stops != 0 {
                let k = masks.stops.trailingZeroBitCount
                let b = p[i + k]
                if b != 0x0A && b != 0x0D { return -1 }
                m &= (1 << UInt64(k)) &- 1
                while m != 0 {
                    end(i + m.trailingZeroBitCount)
                    m &= m &- 1
                }
                end(i + k)
                n = f
                return i + k
            }
            while m != 0 {
                end(i + m.trailingZeroBitCount)
                m &= m &- 1
            }
            return nil
        }
        // Wide blocks while they fit (fewer loop exits to mispredict), then narrow ones. Each
        // first checks that there is room for every field the block can end, and that no field
        // can reach the size limit in it: then `end` cannot fail here (the careful reader takes
        // the rare rest).
        while i + ByteBlock.wideWidth <= count {
            if f + ByteBlock.wideWidth + 1 > out.count { return -3 }
            if i + ByteBlock.wideWidth - start >= maxFieldBytes { return -1 }
            if let e = block(ByteBlock.wideScan(raw, i, delimiter: delimiter)) { return e }
            i += ByteBlock.wideWidth
        }
        while i + ByteBlock.width <= count {
            if f + ByteBlock.width + 1 > out.count { return -3 }
            if i + ByteBlock.width - start >= maxFieldBytes { return -1 }
            let (d, stops) = ByteBlock.scan(raw, i, delimiter: delimiter)
            if let e = block((UInt64(d), UInt64(stops))) { return e }
            i += ByteBlock.width
        }
        while i < count {
            let b = p[i]
            if b == 0x0A || b == 0x0D { break }
            if b == 0x22 || b == 0 || b >= 0x80 { return -1 }
            if b == delimiter, let e = field(i) { return e }
            i += 1
        }
        if i == count && !eof { return -2 }
        if let e = field(i) { return e }
        n = f
        return i
    }

    /// Reads one field and its terminator. Returns true when the record ended.
    private mutating func readField() throws(FormatError) -> Bool {
        let startAbs = window.absolutePosition
        fieldStarts.append((startAbs, window.line, window.lineStart))
        if window.peek() == UInt8(ascii: "\"") {
            return try readQuotedField(openedAt: window.location)
        }
        while let b = window.peek() {
            if b == delimiter || b == 0x0A || b == 0x0D { break }
            try check(byte: b)
            if window.absolutePosition - startAbs >= Self.maxFieldBytes {
                throw error(
                    "field_too_large", "field \(fields.count + 1) is longer than \(Self.maxFieldBytes) bytes",
                    at: fieldLocation(fields.count))
            }
        }
        fields.append(FieldRef(start: startAbs, end: window.absolutePosition, inScratch: false))
        return try terminator()
    }

    /// Validates the byte at the cursor and steps over it (and over a whole UTF-8 sequence).
    @inline(__always)
    private mutating func check(byte b: UInt8) throws(FormatError) {
        if b == 0 { throw error("nul_byte", "NUL byte in the input") }
        if b < 0x80 {
            window.pos += 1
            return
        }
        try validateUTF8()
    }

    private mutating func readQuotedField(openedAt loc: SourceLocation) throws(FormatError) -> Bool {
        window.pos += 1
        let contentStart = window.absolutePosition
        var escapedQuotes = false
        let scratchStart = scratch.count
        var segmentStart = contentStart
        while true {
            guard let b = window.peek() else {
                throw error("unterminated_quote", "quoted field \(fields.count + 1) is never closed", at: loc)
            }
            if b == UInt8(ascii: "\"") {
                if window.peek(at: 1) == UInt8(ascii: "\"") {
                    // "" is one quote: copy what came before, then the quote.
                    escapedQuotes = true
                    let s = segmentStart - window.base
                    scratch.append(contentsOf: window.buf[s..<window.pos])
                    scratch.append(UInt8(ascii: "\""))
                    window.pos += 2
                    segmentStart = window.absolutePosition
                    continue
                }
                break
            }
            if b == 0x0A || b == 0x0D {
                window.pos += 1
                if b == 0x0D, window.peek() == 0x0A { window.pos += 1 }
                window.newLine(startingAt: window.absolutePosition)
            } else {
                try check(byte: b)
            }
            if window.absolutePosition - contentStart >= Self.maxFieldBytes {
                throw error(
                    "field_too_large", "field \(fields.count + 1) is longer than \(Self.maxFieldBytes) bytes", at: loc)
            }
        }
        // The closing quote; anything up to the next delimiter is kept literally.
        // Absolute offsets: a refill while reading the tail may move the window.
        let closingAbs = window.absolutePosition
        window.pos += 1
        if let b = window.peek(), b != delimiter, b != 0x0A, b != 0x0D {
            escapedQuotes = true
            let tail = window.absolutePosition
            while let c = window.peek(), c != delimiter, c != 0x0A, c != 0x0D {
                try check(byte: c)
                if window.absolutePosition - contentStart >= Self.maxFieldBytes {
                    throw error(
                        "field_too_large", "field \(fields.count + 1) is longer than \(Self.maxFieldBytes) bytes",
                        at: loc)
                }
            }
            scratch.append(contentsOf: window.buf[(segmentStart - window.base)..<(closingAbs - window.base)])
            scratch.append(contentsOf: window.buf[(tail - window.base)..<window.pos])
            fields.append(FieldRef(start: scratchStart, end: scratch.count, inScratch: true))
        } else if escapedQuotes {
            scratch.append(contentsOf: window.buf[(segmentStart - window.base)..<(closingAbs - window.base)])
            fields.append(FieldRef(start: scratchStart, end: scratch.count, inScratch: true))
        } else {
            fields.append(FieldRef(start: contentStart, end: closingAbs, inScratch: false))
        }
        return try terminator()
    }

    /// Consumes a delimiter (false: more fields follow) or a line end / end of input (true).
    private mutating func terminator() throws(FormatError) -> Bool {
        guard let b = window.peek() else { return true }
        window.pos += 1
        if b == delimiter { return false }
        if b == 0x0D, window.peek() == 0x0A { window.pos += 1 }
        window.newLine(startingAt: window.absolutePosition)
        return true
    }

    private mutating func validateUTF8() throws(FormatError) {
        guard window.stepOverUTF8Sequence() else {
            let b = window.peek() ?? 0
            throw error(
                "invalid_utf8",
                "invalid UTF-8 byte sequence starting with \(JSONScanner.describe(byte: b)) (is the file Latin-1? save it as UTF-8)"
            )
        }
    }

    // MARK: field access (valid until the next `nextRecord`)

    /// Field `i` of the current record. Entries past `fieldCount` are an earlier record's:
    /// reading one is a bug, not a value.
    private func field(_ i: Int) -> FieldRef {
        precondition(i < fieldCount, "field \(i) of a record of \(fieldCount)")
        return fields[i]
    }

    package func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withField(i) { p, _ in body(p) }
    }

    /// Field `i`'s bytes, and how many bytes from its start may be read: the field and
    /// whatever follows it in memory (`DecimalNumber.parse(_:count:readable:grammar:)` reads
    /// ahead).
    func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>, _ readable: Int) -> R) -> R {
        let f = field(i)
        if f.inScratch {
            return scratch.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[f.start..<f.end]), $0.count - f.start)
            }
        }
        let s = f.start - window.base
        let e = f.end - window.base
        return body(UnsafeBufferPointer(rebasing: window.buf[s..<e]), window.buf.count - s)
    }

    /// The number in field `i` (`DecimalNumber.parse`).
    public func number(_ i: Int) -> ParsedNumber {
        withField(i) { p, readable in
            guard let base = p.baseAddress else { return DecimalNumber.parse(p, grammar: .decimal) }
            return DecimalNumber.parse(base, count: p.count, readable: readable, grammar: .decimal)
        }
    }

    /// Field `i` of the current row, unquoted, as text.
    public func string(_ i: Int) -> String {
        withField(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether field `i` of the current row is empty.
    public func isEmpty(_ i: Int) -> Bool {
        let f = field(i)
        return f.end == f.start
    }

    /// The number in a field padded with spaces (OpenSim writes `\t      0.00000000`).
    public func paddedNumber(_ i: Int) -> ParsedNumber {
        withField(i) { p in
            var s = 0
            var e = p.count
            while s < e, p[s] == 0x20 { s += 1 }
            while e > s, p[e - 1] == 0x20 { e -= 1 }
            return DecimalNumber.parse(UnsafeBufferPointer(rebasing: p[s..<e]), grammar: .decimal)
        }
    }

    /// True when the field holds nothing but spaces.
    public func isBlank(_ i: Int) -> Bool { withField(i) { $0.allSatisfy { $0 == 0x20 } } }

    /// The current position (at the end of input after the last record).
    public var location: SourceLocation { mutating get { window.location } }

    /// Where field `i` of the current record starts. Fields on the record's last line are exact;
    /// a field on an earlier line of a multi-line record is given by its line and byte column.
    public mutating func fieldLocation(_ i: Int) -> SourceLocation {
        if let l = fastLine {
            let offset = field(i).start
            return SourceLocation(line: l.line, column: offset - l.lineStart + 1, offset: offset)
        }
        let f = fieldStarts[i]
        if f.line == window.line { return window.location(ofAbsolute: f.offset) }
        return SourceLocation(line: f.line, column: f.offset - f.lineStart + 1, offset: f.offset)
    }

    /// All fields as strings (for headers and tests).
    public var strings: [String] { (0..<fieldCount).map(string) }
}
