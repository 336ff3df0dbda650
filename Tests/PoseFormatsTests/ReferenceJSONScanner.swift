// The JSON event reader as it was before its rewrite for speed (JSONScanner and ByteWindow of
// PoseScanning, minus the fast path), frozen under other names for one purpose:
// JSONDifferentialTests compare the current scanner with it, event for event and error for
// error. Not used elsewhere; do not "fix" it. Its known slips, which the differential test
// lets a new scanner correct (a location that differs only where the new one is the truth):
// near a 64 KiB window refill, a token whose first bytes were discarded (a key followed by
// the refill, a word or string cut by it) gets too high a column; an event whose line was left
// before its location was asked (a key, then a line break before the ':') gets column 1; and
// `skipStructurally` ends lines at LF only, so a lone CR it skips leaves later lines short.

@testable import PoseScanning

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming JSON scanner over a `ByteInput`: events in document order, errors with locations, depth limited.
struct ReferenceJSONScanner {
    /// Deeper nesting is an error (no pose export nests this deep; it bounds the stack).
    static let maxDepth = 64

    private enum Container {
        case array(afterValue: Bool)
        case object(state: ObjectState)
    }
    private enum ObjectState { case start, afterKey, afterValue }

    var window: ReferenceByteWindow
    /// The path errors name.
    var path: String
    /// Whether Python's `NaN` and `Infinity` tokens are read (as non-finite numbers).
    var allowNonFinite: Bool
    /// JSON Lines and concatenated documents: after one top-level value, another may follow.
    var allowsMultipleDocuments = false
    /// Duplicate keys are syntactically valid JSON (RFC 8259 says names SHOULD be unique) but
    /// ambiguous: readers disagree on which value wins. On by default, so nothing depends on
    /// first-wins or last-wins; the conformance run turns it off to check syntax alone.
    var rejectsDuplicateKeys = true
    private var stack: [Container] = []
    /// Keys of the open objects, innermost last, and where each object's keys start: a flat,
    /// reused buffer, so duplicate detection allocates nothing per object. Objects are small,
    /// so a linear scan beats hashing.
    private var openKeys: [String] = []
    private var keyStarts: [Int] = []
    private var topLevelDone = false
    private var started = false
    private var scratch: [UInt8] = []
    /// Where the most recent event starts: its line at once, its column on demand (counting
    /// columns for every event would cost more than the rest of the scan).
    private var eventOffset = 0
    /// The line where the last event started.
    private(set) var eventLine = 1
    /// Where the last event started.
    var eventLocation: SourceLocation {
        mutating get {
            if window.line == eventLine { return window.location(ofAbsolute: eventOffset) }
            return SourceLocation(line: eventLine, column: 1, offset: eventOffset)
        }
    }

    /// A scanner over bytes from a file or memory.
    init(_ input: ByteInput, path: String = "", allowNonFinite: Bool = false) {
        window = ReferenceByteWindow(input)
        self.path = path
        self.allowNonFinite = allowNonFinite
    }

    /// A scanner over bytes in memory.
    init(bytes: [UInt8], path: String = "", allowNonFinite: Bool = false) {
        self.init(.memory(bytes), path: path, allowNonFinite: allowNonFinite)
    }

    /// A scanner over the UTF-8 of a string.
    init(string: String, path: String = "") {
        self.init(bytes: Array(string.utf8), path: path)
    }

    /// How deep the parser is: 0 at top level, 1 inside the outermost container, …
    var depth: Int { stack.count }

    /// Where the scanner is now.
    var location: SourceLocation { mutating get { window.location } }

    // MARK: errors

    mutating func error(_ code: String, _ message: String, atAbsolute offset: Int? = nil) -> FormatError {
        FormatError(
            .invalidJSON, code: code, message: message, path: path,
            location: window.location(ofAbsolute: offset ?? window.absolutePosition))
    }

    private mutating func unexpected(_ what: String) -> FormatError {
        guard let b = window.pos < window.count ? window.buf[window.pos] : nil else {
            return error("unexpected_eof", "unexpected end of input; expected \(what)")
        }
        return error("unexpected_character", "unexpected \(Self.describe(byte: b)); expected \(what)")
    }

    static func describe(byte b: UInt8) -> String {
        switch b {
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        default:
            let hex = String(b, radix: 16, uppercase: true)
            return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
    }

    // MARK: whitespace

    @inline(__always)
    private mutating func skipWhitespace() {
        while let b = window.peek() {
            switch b {
            case 0x20, 0x09: window.pos += 1
            case 0x0A:
                window.pos += 1
                window.newLine(startingAt: window.absolutePosition)
            case 0x0D:
                window.pos += 1
                if window.peek() == 0x0A { window.pos += 1 }
                window.newLine(startingAt: window.absolutePosition)
            default: return
            }
        }
    }

    // MARK: events

    /// The next event, or nil at the end of the document.
    mutating func next() throws(FormatError) -> JSONEvent? {
        if !started {
            started = true
            if window.peek() == 0xEF, window.peek(at: 1) == 0xBB, window.peek(at: 2) == 0xBF {
                window.pos += 3
            } else if let b = window.peek(), b == 0xFF || b == 0xFE {
                throw error("unsupported_encoding", "UTF-16 byte-order mark: save the file as UTF-8")
            }
        }
        skipWhitespace()
        eventOffset = window.absolutePosition
        eventLine = window.line
        guard let top = stack.last else {
            if topLevelDone {
                guard let b = window.peek() else { return nil }
                if !allowsMultipleDocuments {
                    throw error("trailing_data", "unexpected \(Self.describe(byte: b)) after the end of the document")
                }
                return try value()
            }
            guard window.peek() != nil else {
                if window.absolutePosition == 0 { throw error("empty_input", "the input is empty") }
                throw error("unexpected_eof", "unexpected end of input; expected a value")
            }
            topLevelDone = true
            return try value()
        }
        switch top {
        case .array(let afterValue):
            let b = window.peek()
            if b == UInt8(ascii: "]") {
                window.pos += 1
                stack.removeLast()
                return .endArray
            }
            if afterValue {
                guard b == UInt8(ascii: ",") else { throw unexpected("',' or ']' after an array element") }
                window.pos += 1
                skipWhitespace()
                eventOffset = window.absolutePosition
                eventLine = window.line
                if window.peek() == UInt8(ascii: "]") {
                    throw error("trailing_comma", "trailing comma before ']'")
                }
            }
            stack[stack.count - 1] = .array(afterValue: true)
            return try value()
        case .object(let state):
            let b = window.peek()
            switch state {
            case .start, .afterValue:
                if b == UInt8(ascii: "}") {
                    window.pos += 1
                    stack.removeLast()
                    closeObjectKeys()
                    return .endObject
                }
                if state == .afterValue {
                    guard b == UInt8(ascii: ",") else { throw unexpected("',' or '}' after an object member") }
                    window.pos += 1
                    skipWhitespace()
                    eventOffset = window.absolutePosition
                    eventLine = window.line
                    if window.peek() == UInt8(ascii: "}") {
                        throw error("trailing_comma", "trailing comma before '}'")
                    }
                }
                guard window.peek() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
                let keyOffset = window.absolutePosition
                let key = try string()
                if rejectsDuplicateKeys {
                    let start = keyStarts[keyStarts.count - 1]
                    for i in start..<openKeys.count where openKeys[i] == key {
                        throw error("duplicate_key", "duplicate key \"\(key)\" in one object", atAbsolute: keyOffset)
                    }
                    openKeys.append(key)
                }
                skipWhitespace()
                guard window.peek() == UInt8(ascii: ":") else { throw unexpected("':' after the key") }
                window.pos += 1
                stack[stack.count - 1] = .object(state: .afterKey)
                return .key(key)
            case .afterKey:
                stack[stack.count - 1] = .object(state: .afterValue)
                return try value()
            }
        }
    }

    private mutating func value() throws(FormatError) -> JSONEvent {
        guard let b = window.peek() else { throw unexpected("a value") }
        switch b {
        case UInt8(ascii: "{"):
            try push(.object(state: .start))
            keyStarts.append(openKeys.count)
            return .beginObject
        case UInt8(ascii: "["):
            try push(.array(afterValue: false))
            return .beginArray
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if b == UInt8(ascii: "-"), window.peek(at: 1) == UInt8(ascii: "I") {
                return try word("-Infinity", .nonFinite)
            }
            return try number()
        case UInt8(ascii: "t"): return try word("true", .bool(true))
        case UInt8(ascii: "f"): return try word("false", .bool(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "N"): return try word("NaN", .nonFinite)
        case UInt8(ascii: "I"): return try word("Infinity", .nonFinite)
        default: throw unexpected("a value")
        }
    }

    private mutating func push(_ c: Container) throws(FormatError) {
        guard stack.count < Self.maxDepth else {
            throw error("nesting_too_deep", "nesting deeper than \(Self.maxDepth) levels")
        }
        window.pos += 1
        stack.append(c)
    }

    private mutating func word(_ w: StaticString, _ event: JSONEvent) throws(FormatError) -> JSONEvent {
        let start = window.absolutePosition
        let p = w.utf8Start
        for i in 0..<w.utf8CodeUnitCount {
            guard window.peek() == p[i] else {
                throw error("invalid_token", "invalid literal; expected \(w)", atAbsolute: start)
            }
            window.pos += 1
        }
        if event == .nonFinite && !allowNonFinite {
            throw error(
                "\(w)" == "NaN" ? "invalid_token_NaN" : "invalid_token_Infinity",
                "\(w) is not JSON (Python writes it for non-finite floats)", atAbsolute: start)
        }
        if let b = window.peek(), Self.isWordByte(b) {
            throw error("invalid_token", "invalid literal", atAbsolute: start)
        }
        return event
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b &- 48 < 10
    }

    private mutating func number() throws(FormatError) -> JSONEvent {
        let startIndex = window.pos
        window.keep = startIndex
        defer { window.keep = nil }
        let startAbs = window.absolutePosition
        while let b = window.peek() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                window.pos += 1
            default:
                if Self.isWordByte(b) || b >= 0x80 {
                    throw error("invalid_number", "invalid number", atAbsolute: window.absolutePosition)
                }
                return try convertNumber(from: startAbs)
            }
        }
        return try convertNumber(from: startAbs)
    }

    private mutating func convertNumber(from startAbs: Int) throws(FormatError) -> JSONEvent {
        let s = startAbs - window.base
        let e = window.pos
        let parsed = window.buf.withUnsafeBufferPointer { p in
            DecimalNumber.parse(UnsafeBufferPointer(rebasing: p[s..<e]), grammar: .json)
        }
        switch parsed {
        case .value(let v): return .number(v)
        case .nonFinite: return .nonFinite
        case .invalid(let off):
            throw error("invalid_number", "invalid number", atAbsolute: startAbs + off)
        }
    }

    /// Reads a string starting at the opening quote.
    private mutating func string() throws(FormatError) -> String {
        window.pos += 1
        let contentStart = window.pos
        window.keep = contentStart
        defer { window.keep = nil }
        var escaped = false
        // First pass: find the end, validate, note whether escapes or non-ASCII appear.
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let b = window.peek() else { throw error("unexpected_eof", "unterminated string") }
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 {
                throw error("control_character", "unescaped control character \(Self.describe(byte: b)) in a string")
            }
            if b == UInt8(ascii: "\\") {
                if !escaped {
                    escaped = true
                    let k = window.keep ?? contentStart
                    scratch.append(contentsOf: window.buf[k..<window.pos])
                }
                try escape()
                continue
            }
            if b >= 0x80 {
                let startAbs = window.absolutePosition
                try validateUTF8()
                if escaped { scratch.append(contentsOf: window.buf[(startAbs - window.base)..<window.pos]) }
                continue
            }
            if escaped { scratch.append(b) }
            window.pos += 1
        }
        let k = window.keep ?? contentStart
        let result: String
        if escaped {
            result = String(decoding: scratch, as: UTF8.self)
        } else {
            result = window.buf.withUnsafeBufferPointer { p in
                String(decoding: UnsafeBufferPointer(rebasing: p[k..<window.pos]), as: UTF8.self)
            }
        }
        window.pos += 1
        return result
    }

    private mutating func escape() throws(FormatError) {
        let at = window.absolutePosition
        guard let c = window.peek(at: 1) else { throw error("unexpected_eof", "unterminated string") }
        window.pos += 2
        switch c {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeAt: at)
            if scalar >= 0xD800 && scalar < 0xDC00 {
                guard window.peek() == UInt8(ascii: "\\"), window.peek(at: 1) == UInt8(ascii: "u") else {
                    throw error("lone_surrogate", "\\u escape is a lone UTF-16 high surrogate", atAbsolute: at)
                }
                window.pos += 2
                let low = try hex4(escapeAt: at)
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw error("lone_surrogate", "\\u escape is a lone UTF-16 high surrogate", atAbsolute: at)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
                throw error("lone_surrogate", "\\u escape is a lone UTF-16 low surrogate", atAbsolute: at)
            }
            guard let u = Unicode.Scalar(scalar) else {
                throw error("invalid_escape", "invalid \\u escape", atAbsolute: at)
            }
            scratch.append(contentsOf: UTF8.encode(u).map { Array($0) } ?? [])
        default:
            throw error("invalid_escape", "invalid escape '\\\(Character(Unicode.Scalar(c)))'", atAbsolute: at)
        }
    }

    private mutating func hex4(escapeAt at: Int) throws(FormatError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let h = window.peek() else { throw error("unexpected_eof", "unterminated string") }
            let d: UInt32
            switch h {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(h - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(h - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(h - 55)
            default: throw error("invalid_escape", "\\u needs four hex digits", atAbsolute: at)
            }
            v = v << 4 | d
            window.pos += 1
        }
        return v
    }

    private mutating func validateUTF8() throws(FormatError) {
        guard window.stepOverUTF8Sequence() else {
            let b = window.peek() ?? 0
            throw error("invalid_utf8", "invalid UTF-8 byte sequence starting with \(Self.describe(byte: b))")
        }
    }

    private mutating func closeObjectKeys() {
        let start = keyStarts.removeLast()
        openKeys.removeSubrange(start...)
    }

    // MARK: conveniences

    /// Skips the container just opened by `first` by matching brackets and strings only, without
    /// validating its contents: for a prescan that looks for keys outside a large value. A
    /// caller must still read the document normally to report errors inside the skipped part.
    mutating func skipStructurally(after first: JSONEvent) throws(FormatError) {
        guard first == .beginObject || first == .beginArray else { return }
        var depth = 1
        while depth > 0 {
            guard let b = window.peek() else { throw error("unexpected_eof", "unexpected end of input") }
            window.pos += 1
            switch b {
            case UInt8(ascii: "\""):
                while let c = window.peek() {
                    window.pos += 1
                    if c == UInt8(ascii: "\\") {
                        if window.peek() != nil { window.pos += 1 }
                        continue
                    }
                    if c == UInt8(ascii: "\"") { break }
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case 0x0A: window.newLine(startingAt: window.absolutePosition)
            default: break
            }
        }
        if case .object = stack.removeLast() { closeObjectKeys() }
    }

    /// Skips the value whose first event was `first` (for containers, up to the matching end).
    mutating func skip(after first: JSONEvent) throws(FormatError) {
        guard first == .beginObject || first == .beginArray else { return }
        let target = depth - 1
        while depth > target {
            guard try next() != nil else { throw error("unexpected_eof", "unexpected end of input") }
        }
    }

    /// Reads the whole value whose first event was `first` into a tree.
    mutating func readValue(after first: JSONEvent) throws(FormatError) -> JSONValue {
        let loc = eventLocation
        switch first {
        case .beginObject:
            var members: [JSONValue.Member] = []
            while true {
                guard let e = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                if e == .endObject { break }
                guard case .key(let k) = e else { throw error("internal", "expected a key") }
                guard let v = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                members.append(JSONValue.Member(k, try readValue(after: v)))
            }
            return JSONValue(.object(members), location: loc)
        case .beginArray:
            var items: [JSONValue] = []
            while true {
                guard let e = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                if e == .endArray { break }
                items.append(try readValue(after: e))
            }
            return JSONValue(.array(items), location: loc)
        case .string(let s): return JSONValue(.string(s), location: loc)
        case .number(let d): return JSONValue(.number(d), location: loc)
        case .nonFinite: return JSONValue(.nonFinite, location: loc)
        case .bool(let b): return JSONValue(.bool(b), location: loc)
        case .null: return JSONValue(.null, location: loc)
        case .key, .endObject, .endArray: throw error("internal", "expected a value")
        }
    }

}

/// The window. `buf[0..<count]` holds stream bytes starting at absolute offset `base`.
struct ReferenceByteWindow {
    static let chunkSize = 1 << 16

    var buf: [UInt8]
    var count: Int
    var pos = 0
    var base = 0
    var eof: Bool
    let file: FileInput?
    /// Index in `buf` of the first byte the current token still needs; refills keep it.
    var keep: Int?
    /// Line bookkeeping: 1-based line number, absolute offset where it starts, and the scalar
    /// count of that line's bytes that were already discarded from the window.
    var line = 1
    var lineStart = 0
    var discardedColumns = 0
    /// Column cache: the column of absolute offset `cacheOffset` on the current line. Locations
    /// are asked for in increasing order, so advancing the cache keeps the total work linear.
    var cacheOffset = 0
    var cacheColumn = 1

    init(_ input: ByteInput) {
        switch input {
        case .memory(let bytes, _):
            buf = bytes
            count = bytes.count
            eof = true
            file = nil
        case .file(let f):
            file = f
            buf = Array(repeating: 0, count: Self.chunkSize)
            count = 0
            eof = false
        }
    }

    var absolutePosition: Int { base + pos }

    @inline(__always)
    mutating func peek() -> UInt8? {
        if pos < count { return buf[pos] }
        return refill() ? buf[pos] : nil
    }

    @inline(__always)
    mutating func peek(at ahead: Int) -> UInt8? {
        while pos + ahead >= count {
            if !refill() { return nil }
        }
        return buf[pos + ahead]
    }

    /// The next `n` bytes (fewer at the end of input), without consuming them.
    mutating func peekBytes(_ n: Int) -> [UInt8] {
        while pos + n > count {
            if !refill() { break }
        }
        return Array(buf[pos..<min(count, pos + n)])
    }

    /// Reads more bytes. Returns false at end of input.
    mutating func refill() -> Bool {
        guard !eof, let f = file else { return false }
        let from = min(keep ?? pos, pos)
        if from > 0 {
            discard(upTo: from)
        }
        if count == buf.count {
            buf.append(contentsOf: repeatElement(0, count: buf.count))
        }
        let n = buf.withUnsafeMutableBufferPointer { p in
            f.read(into: UnsafeMutableBufferPointer(rebasing: p[count...]), at: base + count)
        }
        if n == 0 {
            eof = true
            return false
        }
        count += n
        return true
    }

    private mutating func discard(upTo from: Int) {
        // The column cache may point into the discarded bytes: drop it (a location asked for
        // later counts from the window's start, after `discardedColumns`).
        if cacheOffset < base + from { cacheOffset = -1 }
        let lineStartIndex = lineStart - base
        if lineStartIndex < from {
            discardedColumns += scalars(from: max(0, lineStartIndex), to: from)
        }
        buf.withUnsafeMutableBufferPointer { p in
            guard let b = p.baseAddress else { return }
            memmove(b, b + from, count - from)
        }
        count -= from
        pos -= from
        if let k = keep { keep = k - from }
        base += from
    }

    /// Unicode scalars in `buf[from..<to]`: every byte but UTF-8 continuation bytes, counted
    /// eight bytes at a time (four words at once while they are all ASCII). Columns are counted
    /// in scalars.
    func scalars(from: Int, to: Int) -> Int {
        buf.withUnsafeBytes { raw in
            guard let p = raw.baseAddress else { return 0 }
            func continuations(_ w: UInt64) -> Int { ReferenceByteMasks.continuations(w).nonzeroBitCount }
            var count = to - from
            var i = from
            while i + 32 <= to {
                let a = ReferenceByteMasks.load(p, i)
                let b = ReferenceByteMasks.load(p, i + 8)
                let c = ReferenceByteMasks.load(p, i + 16)
                let d = ReferenceByteMasks.load(p, i + 24)
                if (a | b | c | d) & ReferenceByteMasks.high != 0 {
                    count -= continuations(a) + continuations(b) + continuations(c) + continuations(d)
                }
                i += 32
            }
            while i + 8 <= to {
                count -= continuations(ReferenceByteMasks.load(p, i))
                i += 8
            }
            while i < to {
                if raw[i] & 0xC0 == 0x80 { count -= 1 }
                i += 1
            }
            return count
        }
    }

    /// Records that a line ended just before absolute offset `nextLineStart`.
    @inline(__always)
    mutating func newLine(startingAt nextLineStart: Int) {
        line += 1
        lineStart = nextLineStart
        discardedColumns = 0
    }

    private mutating func advanceCache(to offset: Int) {
        let i = cacheOffset - base
        let end = min(offset - base, count)
        if i < end { cacheColumn += scalars(from: i, to: end) }
        cacheOffset = base + max(end, i)
    }

    /// The location of the byte at absolute offset `offset` on the current line.
    mutating func location(ofAbsolute offset: Int) -> SourceLocation {
        if cacheOffset < lineStart || cacheOffset > offset {
            // A new line, or a position before the cache: count from the line start.
            let i = max(lineStart, base) - base
            let end = min(offset - base, count)
            let column = 1 + (lineStart < base ? discardedColumns : 0) + (i < end ? scalars(from: i, to: end) : 0)
            cacheOffset = base + max(end, i)
            cacheColumn = column
            return SourceLocation(line: line, column: column, offset: offset)
        }
        advanceCache(to: offset)
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

/// The bit tricks the reference window counts columns with (from PoseScanning's ByteMasks).
enum ReferenceByteMasks {
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// The word at `offset`, its first byte lowest.
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// UTF-8 continuation bytes (10xxxxxx): bit 7 set and bit 6 clear.
    @inline(__always)
    static func continuations(_ w: UInt64) -> UInt64 { w & ~(w << 1) & high }
}
