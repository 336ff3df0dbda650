// A strict, streaming JSON pull parser (RFC 8259) with 1-based line:column on every error.
//
// Policy: no trailing commas, no comments, no leading zeros, no bare words; UTF-8 validated;
// a leading byte-order mark accepted; duplicate keys in one object are an error; nesting is
// limited to `maxDepth` (64) so hostile input cannot exhaust the stack; lone UTF-16 surrogates in
// `\u` escapes are rejected (a Swift String cannot hold them). `NaN`, `Infinity` and
// `-Infinity` (Python's `json.dump` default) are accepted only with `allowNonFinite`, and then
// come out as `.nonFinite` so the reader can flag the value.

/// One token of a JSON document, as the streaming scanner meets it.
public enum JSONEvent: Equatable, Sendable {
    case beginObject, endObject, beginArray, endArray
    case key(String)
    case string(String)
    case number(Double)
    /// `NaN`, `Infinity`, `-Infinity` (lenient mode only), or a number too large for a Double.
    case nonFinite
    case bool(Bool)
    case null
}

/// A streaming JSON scanner over a `ByteInput`: events in document order, errors with locations, depth limited.
public struct JSONScanner {
    /// Deeper nesting is an error (no pose export nests this deep; it bounds the stack).
    public static let maxDepth = 64

    private enum Container {
        case array(afterValue: Bool)
        case object(state: ObjectState)
    }
    private enum ObjectState { case start, afterKey, afterValue }

    var window: ByteWindow
    /// The path errors name.
    public var path: String
    /// Whether Python's `NaN` and `Infinity` tokens are read (as non-finite numbers).
    public var allowNonFinite: Bool
    /// JSON Lines and concatenated documents: after one top-level value, another may follow.
    public var allowsMultipleDocuments = false
    /// Duplicate keys are syntactically valid JSON (RFC 8259 says names SHOULD be unique) but
    /// ambiguous: readers disagree on which value wins. On by default, so nothing depends on
    /// first-wins or last-wins; the conformance run turns it off to check syntax alone.
    public var rejectsDuplicateKeys = true
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
    public private(set) var eventLine = 1
    /// Where the last event started.
    public var eventLocation: SourceLocation {
        mutating get {
            if window.line == eventLine { return window.location(ofAbsolute: eventOffset) }
            return SourceLocation(line: eventLine, column: 1, offset: eventOffset)
        }
    }

    /// A scanner over bytes from a file or memory.
    public init(_ input: ByteInput, path: String = "", allowNonFinite: Bool = false) {
        window = ByteWindow(input)
        self.path = path
        self.allowNonFinite = allowNonFinite
    }

    /// A scanner over bytes in memory.
    public init(bytes: [UInt8], path: String = "", allowNonFinite: Bool = false) {
        self.init(.memory(bytes), path: path, allowNonFinite: allowNonFinite)
    }

    /// A scanner over the UTF-8 of a string.
    public init(string: String, path: String = "") {
        self.init(bytes: Array(string.utf8), path: path)
    }

    /// How deep the parser is: 0 at top level, 1 inside the outermost container, …
    public var depth: Int { stack.count }

    /// Where the scanner is now.
    public var location: SourceLocation { mutating get { window.location } }

    // MARK: errors

    package mutating func error(_ code: String, _ message: String, atAbsolute offset: Int? = nil) -> FormatError {
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
    public mutating func next() throws(FormatError) -> JSONEvent? {
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
    public mutating func skipStructurally(after first: JSONEvent) throws(FormatError) {
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
    public mutating func skip(after first: JSONEvent) throws(FormatError) {
        guard first == .beginObject || first == .beginArray else { return }
        let target = depth - 1
        while depth > target {
            guard try next() != nil else { throw error("unexpected_eof", "unexpected end of input") }
        }
    }

    /// Reads the whole value whose first event was `first` into a tree.
    public mutating func readValue(after first: JSONEvent) throws(FormatError) -> JSONValue {
        let loc = eventLocation
        switch first {
        case .beginObject:
            var members: [(key: String, value: JSONValue)] = []
            while true {
                guard let e = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                if e == .endObject { break }
                guard case .key(let k) = e else { throw error("internal", "expected a key") }
                guard let v = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                members.append((k, try readValue(after: v)))
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

    /// Parses a whole document into a tree, checking that nothing follows it.
    public static func parseDocument(
        _ input: ByteInput, path: String = "", allowNonFinite: Bool = false,
        rejectsDuplicateKeys: Bool = true
    ) throws(FormatError) -> JSONValue {
        var s = JSONScanner(input, path: path, allowNonFinite: allowNonFinite)
        s.rejectsDuplicateKeys = rejectsDuplicateKeys
        guard let first = try s.next() else { throw s.error("empty_input", "the input is empty") }
        let v = try s.readValue(after: first)
        if try s.next() != nil { throw s.error("trailing_data", "unexpected data after the document") }
        return v
    }
}

/// A parsed JSON value with the location where it starts.
public struct JSONValue: Sendable {
    /// The value itself.
    public indirect enum Kind: Sendable {
        case object([(key: String, value: JSONValue)])
        case array([JSONValue])
        case string(String)
        case number(Double)
        case nonFinite
        case bool(Bool)
        case null
    }
    /// The value itself.
    public var kind: Kind
    /// Where the value starts in the document.
    public var location: SourceLocation

    /// A value found at `location`.
    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// An object's member by key; nil for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let m) = kind else { return nil }
        return m.first { $0.key == key }?.value
    }

    /// The number, or nil for other values.
    public var number: Double? {
        if case .number(let d) = kind { return d }
        return nil
    }
    /// The string, or nil for other values.
    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }
    /// The elements, or nil for other values.
    public var array: [JSONValue]? {
        if case .array(let a) = kind { return a }
        return nil
    }
    /// The object's members in document order, or nil for other values.
    public var members: [(key: String, value: JSONValue)]? {
        if case .object(let m) = kind { return m }
        return nil
    }
    /// The Boolean, or nil for other values.
    public var bool: Bool? {
        if case .bool(let b) = kind { return b }
        return nil
    }
    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch kind {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number, .nonFinite: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

// MARK: fast path

/// A cursor over bytes already in the scanner's window, for a reader's fast path through the
/// common shape of its frames. It reads a strict subset of JSON (plain ASCII keys without
/// escapes, numbers by the strict grammar, whitespace) and its methods return nil or false on
/// anything else, so the fast path can give up; the caller then reads the same bytes through
/// the events, which accept or reject them with the exact error. It never accepts anything the
/// event reader would reject.
package struct JSONFastCursor {
    let p: UnsafePointer<UInt8>
    package private(set) var i: Int
    let end: Int
    /// Line ends crossed, and the index just after the last one.
    var lines = 0
    var lastLineStart = -1

    @inline(__always)
    package mutating func skipSpace() {
        while i < end {
            let b = p[i]
            if b == 0x20 || b == 0x09 {
                i += 1
                continue
            }
            if b == 0x0A || b == 0x0D {
                // CRLF counts once, as the event reader does; a CR at the edge of the window
                // stops the cursor (the element then fails to parse and the events read it).
                if b == 0x0D {
                    guard i + 1 < end else { return }
                    if p[i + 1] == 0x0A { i += 1 }
                }
                i += 1
                lines += 1
                lastLineStart = i
                continue
            }
            return
        }
    }

    /// Steps over `b` (after whitespace); false when the next byte is something else.
    @inline(__always)
    package mutating func take(_ b: UInt8) -> Bool {
        skipSpace()
        guard i < end, p[i] == b else { return false }
        i += 1
        return true
    }

    /// The next byte after whitespace, not consumed.
    @inline(__always)
    package mutating func peek() -> UInt8? {
        skipSpace()
        return i < end ? p[i] : nil
    }

    /// A key of printable ASCII without escapes and its `:`; the key's bytes as a range of `i`.
    @inline(__always)
    package mutating func key() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < end {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let r = start..<i
                i += 1
                return take(UInt8(ascii: ":")) ? r : nil
            }
            if b < 0x20 || b >= 0x7F || b == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return nil
    }

    /// Steps over `word` (after whitespace) when the bytes spell it; false, consuming only the
    /// whitespace, when they do not.
    @inline(__always)
    package mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let n = word.utf8CodeUnitCount
        guard i + n <= end else { return false }
        // Whole words at a time: the first and the last eight (or four) bytes, overlapping.
        let a = UnsafeRawPointer(p + i)
        let b = UnsafeRawPointer(word.utf8Start)
        if n >= 8 {
            guard a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self),
                a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            else { return false }
        } else if n >= 4 {
            guard a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self),
                a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            else { return false }
        } else {
            let w = word.utf8Start
            for k in 0..<n where p[i + k] != w[k] { return false }
        }
        i += n
        return true
    }

    /// Fixed bytes between the values of a layout known in advance (up to 16 bytes, no line
    /// ends), compared a word or two at a time.
    package struct Separator: Sendable {
        let first: UInt64, last: UInt64, mask: UInt64, count: Int

        package init(_ s: StaticString) {
            count = s.utf8CodeUnitCount
            precondition(count > 0 && count <= 16, "a separator is 1 to 16 bytes")
            var bytes = [UInt8](repeating: 0, count: 16)
            for k in 0..<count {
                precondition(s.utf8Start[k] != 0x0A && s.utf8Start[k] != 0x0D, "no line ends in a separator")
                bytes[k] = s.utf8Start[k]
            }
            func word(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
            first = word(0)
            last = count >= 8 ? word(count - 8) : 0
            mask = count >= 8 ? ~0 : (1 << (8 * UInt64(count))) - 1
        }
    }

    /// Steps over `s` when the bytes at the cursor (no whitespace skipped) are exactly it.
    @inline(__always)
    package mutating func take(_ s: Separator) -> Bool {
        guard i + 16 <= end else { return false }
        let raw = UnsafeRawPointer(p)
        if s.count >= 8 {
            guard ByteMasks.load(raw, i) == s.first, ByteMasks.load(raw, i + s.count - 8) == s.last else {
                return false
            }
        } else {
            guard ByteMasks.load(raw, i) & s.mask == s.first else { return false }
        }
        i += s.count
        return true
    }

    /// The byte at `index` (inside a range the cursor returned).
    @inline(__always)
    package func byte(at index: Int) -> UInt8 { p[index] }

    /// True when the bytes of `r` spell `word`.
    @inline(__always)
    package func equals(_ r: Range<Int>, _ word: StaticString) -> Bool {
        guard r.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<r.count where p[r.lowerBound + k] != w[k] { return false }
        return true
    }

    /// Steps over digits, eight at a time while it can.
    @inline(__always)
    mutating func skipDigits() {
        i = ByteMasks.digitsEnd(UnsafeRawPointer(p), from: i, to: end)
    }

    /// Steps over a number under the strict grammar, followed by whitespace or punctuation;
    /// returns its byte range.
    @inline(__always)
    package mutating func skipNumber() -> Range<Int>? {
        skipSpace()
        return scanNumber()
    }

    /// `skipNumber` at the cursor, without whitespace before it.
    @inline(__always)
    package mutating func scanNumber() -> Range<Int>? {
        let start = i
        if i < end, p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end else { return nil }
        if p[i] == UInt8(ascii: "0") {
            i += 1
        } else if p[i] &- 49 < 9 {
            i += 1
            skipDigits()
        } else {
            return nil
        }
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            let digits = i
            skipDigits()
            if i == digits { return nil }
        }
        if i < end, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            skipDigits()
            if i == digits { return nil }
        }
        guard i < end, endsNumber(p[i]) else { return nil }
        return start..<i
    }

    /// A number, converted exactly as the event reader converts it; nil for anything else,
    /// including numbers too large for a Double.
    @inline(__always)
    package mutating func number() -> Double? {
        skipSpace()
        return numberHere()
    }

    /// `number()` without whitespace before it: the common shape in one step
    /// (`DecimalNumber.shape`), anything else through `scanNumber` and `number(in:)`.
    @inline(__always)
    package mutating func numberHere() -> Double? {
        if let sh = usualNumber(), let v = DecimalNumber.value(p + i, sh) {
            i += sh.end
            return v
        }
        guard let r = scanNumber() else { return nil }
        return number(in: r)
    }

    /// `scanNumber()` when only whether there is a number matters: the common shape in one
    /// step, anything else through `scanNumber`.
    @inline(__always)
    package mutating func stepOverNumber() -> Bool {
        if let sh = usualNumber() {
            i += sh.end
            return true
        }
        return scanNumber() != nil
    }

    /// The number at the cursor when it has the common shape (`DecimalNumber.shape`) and
    /// what follows it may follow a number; nil sends the caller to `scanNumber`.
    @inline(__always)
    func usualNumber() -> DecimalNumber.Shape? {
        guard i + DecimalNumber.lookahead <= end, let sh = DecimalNumber.shape(p + i, grammar: .json),
            endsNumber(p[i + sh.end])
        else { return nil }
        return sh
    }

    /// What may follow a number: whitespace or punctuation.
    @inline(__always)
    func endsNumber(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): return true
        default: return false
        }
    }

    /// The number `skipNumber` stepped over at `r`, converted as `number()` does.
    @inline(__always)
    package func number(in r: Range<Int>) -> Double? {
        if case .value(let v) = DecimalNumber.parse(
            UnsafeBufferPointer(start: p + r.lowerBound, count: r.count), grammar: .json)
        {
            return v
        }
        return nil
    }
}

extension JSONScanner {
    /// Reads the next element of the array being read, or the next top-level document of JSON
    /// Lines (`allowsMultipleDocuments`, after the first), through `body`, straight from the
    /// bytes. `body` returns nil to give up, and then nothing is consumed: the caller reads the
    /// element with `next()`. `maxDepth` is how deep the element nests (the fast path must not
    /// accept what the depth limit would refuse); `window` how many bytes to have at hand.
    package mutating func fastElement<R>(
        maxDepth depth: Int, window size: Int = 1 << 15,
        _ body: (inout JSONFastCursor) -> R?
    ) -> R? {
        guard started, stack.count + depth <= Self.maxDepth else { return nil }
        // In an array, a comma comes between elements; between documents only whitespace.
        let afterValue: Bool
        switch stack.last {
        case .array(let after)?: afterValue = after
        case nil where allowsMultipleDocuments && topLevelDone: afterValue = false
        default: return nil
        }
        while window.count - window.pos < size, !window.eof {
            window.keep = window.pos
            let more = window.refill()
            window.keep = nil
            if !more { break }
        }
        let (pos, count) = (window.pos, window.count)
        let outcome: (R, JSONFastCursor, start: Int, startLines: Int)? = window.buf.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return nil }
            var c = JSONFastCursor(p: base, i: pos, end: count)
            if afterValue {
                guard c.take(UInt8(ascii: ",")) else { return nil }
            }
            guard let b = c.peek(), b == UInt8(ascii: "{") || b == UInt8(ascii: "[") else { return nil }
            let start = c.i
            let startLines = c.lines
            guard let r = body(&c) else { return nil }
            return (r, c, start, startLines)
        }
        guard let (result, c, start, startLines) = outcome else { return nil }
        // The element's line, for locations the reader gives later, and the lines it crossed.
        eventLine = window.line + startLines
        eventOffset = window.base + start
        if c.lines > 0 {
            window.line += c.lines
            window.lineStart = window.base + c.lastLineStart
            window.discardedColumns = 0
        }
        window.pos = c.i
        if !stack.isEmpty { stack[stack.count - 1] = .array(afterValue: true) }
        return result
    }
}
