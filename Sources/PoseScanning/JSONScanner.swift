// The one JSON reader: a strict, streaming pull parser (RFC 8259) with 1-based line:column on
// every error. Format readers walk it in either of two ways over the same grammar: events
// (`next()`: keys and strings as Strings, numbers as Doubles, for documents read into trees),
// or on demand (`nextMember()`, `nextElement()`, `number()`, `skipValue()`: keys compared as
// bytes, numbers converted only when asked, values skipped without being converted). The
// events are made from the on-demand steps, so there is one grammar and one set of errors.
//
// Policy: no trailing commas, no comments, no leading zeros, no bare words; UTF-8 validated;
// a leading byte-order mark accepted; duplicate keys in one object are an error; nesting is
// limited to `maxDepth` (64) so hostile input cannot exhaust the stack; lone UTF-16 surrogates in
// `\u` escapes are rejected (a Swift String cannot hold them). `NaN`, `Infinity` and
// `-Infinity` (Python's `json.dump` default) are accepted only with `allowNonFinite`, and then
// come out as `.nonFinite` so the reader can flag the value.
//
// Speed comes from the loops over bytes, whatever the layout (key order, whitespace, unknown
// keys): the window ends in zero bytes (`ByteWindow.padding`), so runs of spaces and the plain
// bytes of a string are stepped over eight bytes at a time without bounds checks, stopping at
// the window's end as at any other byte outside the run; a number of the usual shape is
// recognised from one 32-byte digit mask (`DecimalNumber.shape`); a key of up to 16 bytes is
// held as two words, for readers' comparisons and the duplicate check; line ends are counted
// only up to where a location is asked for (`ByteWindow.countLines`), sixteen bytes at a time.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// What the next value is, from its first byte (`JSONScanner.peekKind()`).
package enum JSONKind: Equatable, Sendable {
    case object, array, string
    /// A number, or `NaN`, `Infinity`, `-Infinity` (read by `number()`).
    case number
    case bool, null

    /// The value's type in words, for messages ("an object", "a list", …).
    package var name: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

/// A key as bytes: up to 16 bytes exactly in two words (first byte lowest), with its length;
/// a longer key's first 16 bytes, its whole text kept beside it.
package struct JSONKeyText: Equatable, Sendable {
    package var low: UInt64 = 0
    package var high: UInt64 = 0
    package var count = 0

    /// The words of `bytes` (its first 16).
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        count = bytes.count
        for (k, b) in bytes.prefix(16).enumerated() {
            if k < 8 { low |= UInt64(b) << UInt64(8 * k) } else { high |= UInt64(b) << UInt64(8 * (k - 8)) }
        }
    }

    init() {}

    /// The same key: the same length and the same (first 16) bytes.
    @inlinable
    package static func == (a: JSONKeyText, b: JSONKeyText) -> Bool {
        a.count == b.count && a.low == b.low && a.high == b.high
    }

    /// Up to 16 bytes at `p` (which has 16 readable bytes) as words: the bytes past the key
    /// masked off.
    @inline(__always)
    init(plain p: UnsafeRawPointer, count n: Int) {
        count = n
        // All ones over the key's bytes in each word (`&<<` masks its shift: 64 is spelled out).
        let lowBits = n >= 8 ? 64 : 8 &* n
        let highBits = n >= 16 ? 64 : n <= 8 ? 0 : 8 &* (n &- 8)
        low = ByteMasks.load(p, 0) & (lowBits == 64 ? ~0 : (1 &<< UInt64(lowBits)) &- 1)
        high = ByteMasks.load(p, 8) & (highBits == 64 ? ~0 : (1 &<< UInt64(highBits)) &- 1)
    }
}

/// The keys a reader wants numbers for (`JSONScanner.readNumberMembers`), by slot: up to 8
/// names of up to 16 bytes each.
package struct JSONNumberKeys: Sendable {
    package let names: [JSONKeyText]

    package init(_ names: [JSONKeyText]) {
        precondition(names.count <= 8 && names.allSatisfy { $0.count <= 16 })
        self.names = names
    }
}

/// A key a reader looks for, made once: compared with the scanner's last key as two words and a
/// length (and the rest of the bytes for a key longer than 16). It holds no reference, so
/// comparing costs no reference counting.
package struct JSONKeyName: Sendable {
    package let text: JSONKeyText
    let name: StaticString

    /// The key `name`.
    package init(_ name: StaticString) {
        self.name = name
        text = JSONKeyText(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
}

/// The members of one object read by `JSONScanner.readNumberMembers`, by slot (a key's index
/// in the names asked for, at most 8).
package struct JSONNumberMembers {
    /// Each slot's number, where `numbers` has its bit.
    package var values = SIMD8<Double>()
    /// The slots whose key was met.
    package var met: UInt8 = 0
    /// The slots whose value was a finite number, converted.
    package var numbers: UInt8 = 0
    /// A value was `NaN` or an infinity (lenient mode), or too large for a Double.
    package var nonFinite = false

    package init() {}
}

/// A streaming JSON scanner over a `ByteInput`: events in document order, errors with locations, depth limited.
public struct JSONScanner {
    /// Deeper nesting is an error (no pose export nests this deep; it bounds the stack).
    public static let maxDepth = 64

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
    /// The open containers as bits, the innermost lowest: whether each is an object (else an
    /// array), and whether it has had a member or element (a comma must come before the next).
    /// `maxDepth` bounds the nesting to the 64 bits of a word.
    private var objects: UInt64 = 0
    private var filled: UInt64 = 0
    /// How deep the parser is: 0 at top level, 1 inside the outermost container, …
    public private(set) var depth = 0
    /// Events: the last event was a key, so its value comes next.
    private var valuePending = false
    /// The keys of the open objects, for the duplicate-key check.
    private var openKeys = JSONOpenKeys()
    /// The open containers whose keys `openKeys` holds, as bits like `objects`: an object goes
    /// there with its first key (an empty one never does).
    private var keyed: UInt64 = 0
    private var topLevelDone = false
    private var started = false
    /// The last key read, as words; its decoded bytes are in `keyBytes` when it is longer than
    /// 16 bytes (or was read by `scanString`: escapes, non-ASCII bytes, the window's end).
    package private(set) var key = JSONKeyText()
    private var keyBytes: [UInt8] = []
    /// A string's decoded bytes when it holds escapes.
    private var scratch: [UInt8] = []
    /// Strings of keys made lately, 64 slots by a hash of the key's words, from the first
    /// (`keyString()`).
    private var keyStrings: [KeyString?] = []
    /// The members and elements of the containers `readValue` is inside, innermost last.
    private var memberStack: [JSONValue.Member] = []
    private var elementStack: [JSONValue] = []
    /// Where the last token read by `nextMember()` or `nextElement()` starts (absolute).
    private var tokenOffset = 0
    /// Where the most recent event starts (absolute).
    package private(set) var eventOffset = 0
    /// The line of the most recent event, once asked for: lines are counted only up to where
    /// a location is wanted (a prescan that skips a large value counts none in it).
    private var countedEventLine: Int? = 1
    /// The line where the last event started.
    public var eventLine: Int {
        mutating get {
            if let line = countedEventLine { return line }
            countLines(upTo: eventOffset)
            return window.line
        }
    }
    /// Where the last event started.
    public var eventLocation: SourceLocation {
        mutating get {
            let line = eventLine
            if window.line == line { return window.location(ofAbsolute: eventOffset) }
            return SourceLocation(line: line, column: 1, offset: eventOffset)
        }
    }

    /// Counts the lines up to absolute offset `offset`: first up to the last event, when its
    /// line is not counted yet and lies on the way.
    private mutating func countLines(upTo offset: Int) {
        if countedEventLine == nil && eventOffset <= offset {
            window.countLines(upTo: eventOffset)
            countedEventLine = window.line
        }
        window.countLines(upTo: offset)
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

    /// Where the scanner is now.
    public var location: SourceLocation {
        mutating get {
            countLines(upTo: window.absolutePosition)
            return window.location
        }
    }

    /// Where the scanner is now, as a byte offset (no lines counted).
    package var offset: Int { window.absolutePosition }

    /// The line the scanner is on now (lines counted up to here, no column).
    package var line: Int {
        mutating get {
            countLines(upTo: window.absolutePosition)
            return window.line
        }
    }

    /// JSON Lines (`allowsMultipleDocuments`), after an error in the document that begins at
    /// absolute offset `start`: forgets that document and goes on at the start of the line
    /// after the one `start` is on, where a reader of one line at a time goes on (bytes that
    /// have left the window are read again). Returns where that line ends (its line end, or
    /// the input's end), and whether a line end ends it.
    @discardableResult
    package mutating func resumeAtNextLine(after start: Int) -> (end: SourceLocation, ended: Bool) {
        let lineStart = window.lineStart(before: start)
        window.keep = nil
        window.seek(to: start)
        var lineEnd = window.absolutePosition
        var ended = false
        while let b = window.peek() {
            lineEnd = window.absolutePosition
            window.pos += 1
            if b == 0x0A || b == 0x0D {
                if b == 0x0D && window.peek() == 0x0A { window.pos += 1 }
                ended = true
                break
            }
            lineEnd = window.absolutePosition
        }
        let resumed = window.absolutePosition
        // Lines are counted again from the damaged line's start (the error may lie further on).
        window.rewindLineCount(toLineStart: lineStart)
        countLines(upTo: lineEnd)
        let location = window.location(ofAbsolute: lineEnd)
        depth = 0
        objects = 0
        filled = 0
        keyed = 0
        valuePending = false
        openKeys = JSONOpenKeys()
        memberStack.removeAll()
        elementStack.removeAll()
        topLevelDone = true
        tokenOffset = resumed
        mark(resumed)
        return (location, ended)
    }

    /// JSON Lines (`allowsMultipleDocuments`), after a document: what follows it on its line is
    /// spaces and tabs, then the line's end or another document (`{` or `[`: documents written
    /// one after another without a line end, each read as it is). Anything else, damage after a
    /// whole document, is an error at that byte, so that a reader flags the line before it gives
    /// the document as a frame.
    package mutating func checkAfterDocument() throws(FormatError) {
        while let b = window.peek() {
            switch b {
            case 0x20, 0x09: window.pos += 1
            case 0x0A, 0x0D, UInt8(ascii: "{"), UInt8(ascii: "["): return
            default:
                throw error(
                    "value_after_document",
                    "unexpected \(Self.describe(byte: b)) after the end of the line's document")
            }
        }
    }

    // MARK: errors

    @inline(never)
    package mutating func error(_ code: String, _ message: String, atAbsolute offset: Int? = nil) -> FormatError {
        let at = offset ?? window.absolutePosition
        countLines(upTo: at)
        return FormatError(
            .invalidJSON, code: code, message: message, path: path, location: window.location(ofAbsolute: at))
    }

    @inline(never)
    private mutating func unexpected(_ what: String) -> FormatError {
        guard let b = window.peek() else {
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

    // MARK: bytes

    /// The byte at the cursor after whitespace; 0 at the end of the input (or a NUL byte,
    /// which no caller accepts: `unexpected` tells the two apart). Whitespace in the window is
    /// stepped over in place (`skipSpaceInPlace`); at the window's end, `skipSpace` reads more.
    @inline(__always)
    private mutating func nextByte() -> UInt8 {
        var i = window.pos
        let b = Self.skipSpaceInPlace(window.start, &i)
        window.pos = i
        if b != 0 || i < window.count { return b }
        return skipSpace()
    }

    /// Steps over whitespace (`spaceEnd`); at the window's end (its first padding byte) reads
    /// more.
    private mutating func skipSpace() -> UInt8 {
        while true {
            let p = window.start
            let i = Self.spaceEnd(p, from: window.pos)
            let b = p[i]
            window.pos = i
            if b != 0 || i < window.count || !window.refill() { return b }
        }
    }

    /// Makes `n` bytes from the cursor readable when the input has them (the rest of the
    /// window is zeros): for the one-step number route's lookahead. Refills keep `window.keep`.
    @inline(__always)
    private mutating func ensure(_ n: Int) {
        while window.count - window.pos < n, !window.eof {
            if !window.refill() { break }
        }
    }

    // MARK: on demand

    /// Starts the document: steps over a UTF-8 byte-order mark, refuses a UTF-16 one.
    private mutating func start() throws(FormatError) {
        started = true
        guard !window.stepOverByteOrderMark() else { return }
        if let b = window.peek(), b == 0xFF || b == 0xFE {
            throw error("unsupported_encoding", "UTF-16 byte-order mark: save the file as UTF-8")
        }
    }

    /// Records `offset` (absolute) as where the last event starts (its line is counted when
    /// asked for).
    private mutating func mark(_ offset: Int) {
        eventOffset = offset
        countedEventLine = nil
    }

    /// Records where the value at the cursor starts (after whitespace) as the event location.
    private mutating func markEvent() {
        _ = nextByte()
        mark(window.absolutePosition)
    }

    /// What the value at the cursor is (after whitespace); an error where no value can start.
    package mutating func peekKind() throws(FormatError) -> JSONKind {
        if !started { try start() }
        switch nextByte() {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "N"), UInt8(ascii: "I"):
            return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw unexpected("a value")
        }
    }

    /// Enters the object or array at the cursor (`peekKind()` said which).
    package mutating func enter() throws(FormatError) {
        guard depth < Self.maxDepth else {
            throw error("nesting_too_deep", "nesting deeper than \(Self.maxDepth) levels")
        }
        let object = window.buf[window.pos] == UInt8(ascii: "{")
        objects = objects << 1 | (object ? 1 : 0)
        filled <<= 1
        keyed <<= 1
        depth += 1
        window.pos += 1
    }

    /// In an object: reads the next member's key and its `:` (true; the value comes next), or
    /// the object's `}` (false).
    package mutating func nextMember() throws(FormatError) -> Bool {
        var b = nextByte()
        tokenOffset = window.absolutePosition
        if b == UInt8(ascii: "}") {
            window.pos += 1
            leave()
            return false
        }
        try stepOverComma(&b, close: UInt8(ascii: "}"))
        guard b == UInt8(ascii: "\"") else { throw unexpected("a string key") }
        try readKey()
        guard nextByte() == UInt8(ascii: ":") else { throw unexpected("':' after the key") }
        window.pos += 1
        return true
    }

    /// In an object just entered, for a reader that wants numbers by name (`keys`): reads its
    /// members into `members` until the object's end (true), or until a key not in `keys`
    /// (false: `key` and `keyString()` give it, its value comes next; call again after it).
    /// `converting` has a bit per slot whose number is used; a value that is not a number, or
    /// is not used, is checked and skipped. Keys in `skipping` (ones the reader has already
    /// listed) are never returned: their values are checked and skipped. Objects written as
    /// one before them was are read faster by `nextElementAsLearnt`.
    package mutating func readNumberMembers(
        _ keys: JSONNumberKeys, skipping: [JSONKeyText] = [], converting: UInt8,
        into members: inout JSONNumberMembers
    ) throws(FormatError) -> Bool {
        while try nextMember() {
            guard let slot = keys.names.firstIndex(of: key) else {
                guard skipping.contains(key) else { return false }
                try skipValue()
                continue
            }
            let bit: UInt8 = 1 << UInt8(slot)
            members.met |= bit
            switch nextByte() {
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "N"), UInt8(ascii: "I"):
                let converts = converting & bit != 0
                let value = try scanNumber(converting: converts)
                guard converts else { continue }
                if let value {
                    members.values[slot] = value
                    members.numbers |= bit
                } else {
                    members.nonFinite = true
                }
            default:
                try skipValue()
            }
        }
        return true
    }

    /// In an array, at its first element (`nextElement()` said there is one): reads the
    /// elements up to the array's `]`, appending each to `values`: a number, NaN for a
    /// non-finite one (`NaN` or an infinity where allowed, or one too large for a Double), or
    /// NaN for an element that is not a number (checked and skipped). The element that becomes
    /// `values[k]` is converted when bit `k` of `converting` is set (past bit 63: always); the
    /// other numbers are checked and appended as 0. Returns how many elements were not numbers.
    ///
    /// From one number to the next (whitespace, a comma, whitespace, a number's first byte in
    /// the window) is one step; anything else takes `nextElement`, so errors are its own.
    package mutating func readNumberElements(converting: UInt64 = ~0, into values: inout [Double]) throws(FormatError)
        -> Int
    {
        var others = 0
        while true {
            if case .number = try peekKind() {
                while true {
                    let k = values.count
                    let converts = k >= 64 || converting >> UInt64(k) & 1 != 0
                    let value = try scanNumber(converting: converts)
                    values.append(converts ? value ?? .nan : 0)
                    var i = window.pos
                    let b = Self.byteAfterComma(window.start, &i)
                    guard b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") < 10 else { break }
                    window.pos = i
                    tokenOffset = window.base + i
                }
            } else {
                others += 1
                try skipNonNumber(into: &values)
            }
            guard try nextElement() else { return others }
        }
    }

    /// An element that is not a number, in `readNumberElements`: checked, skipped and
    /// appended as NaN.
    @inline(never)
    private mutating func skipNonNumber(into values: inout [Double]) throws(FormatError) {
        values.append(.nan)
        try skipValue()
    }

    /// Between a container's elements in the window: when whitespace and a comma follow `i`,
    /// steps `i` over them and the whitespace after and returns the byte there (the next
    /// element's first, when it is one); 0 when no comma follows. The caller takes `i` only for
    /// a byte it accepts: the general steps read anything else.
    @inline(__always)
    static func byteAfterComma(_ p: UnsafeMutablePointer<UInt8>, _ i: inout Int) -> UInt8 {
        guard skipSpaceInPlace(p, &i) == UInt8(ascii: ",") else { return 0 }
        i += 1
        return skipSpaceInPlace(p, &i)
    }

    /// Steps `i` over whitespace at `p` (runs of spaces eight bytes at a time); the byte after
    /// it, 0 at the window's end (the caller does not read past it).
    @inline(__always)
    static func skipSpaceInPlace(_ p: UnsafeMutablePointer<UInt8>, _ i: inout Int) -> UInt8 {
        let b = p[i]
        if b > 0x20 { return b }
        if b == 0x20 && p[i + 1] > 0x20 {
            // One space, as after `,` and `:` in `json.dumps` output.
            i += 1
            return p[i]
        }
        i = Self.spaceEnd(p, from: i)
        return p[i]
    }

    /// The first byte from `i` that is not whitespace (space, LF, CR, tab), sixteen bytes at
    /// a time; the window's padding stops it.
    @inline(__always)
    static func spaceEnd(_ p: UnsafeMutablePointer<UInt8>, from i: Int) -> Int {
        var i = i
        while true {
            let spaces = ByteBlock.whitespace16(UnsafeRawPointer(p), i)
            if spaces != 0xFFFF { return i + (~spaces).trailingZeroBitCount }
            i += 16
        }
    }

    /// Where the element `nextElement` or `nextElementEnteringObject` stepped to starts
    /// (absolute): for `learnLayout` once the element is read.
    package var elementStart: Int { tokenOffset }

    /// Whether the innermost container has had an element (a comma comes before the next).
    var elementReadBefore: Bool { filled & 1 != 0 }

    /// After an element read from `start` to `end` (indices in the window) without the general
    /// steps (`nextElementAsLearnt`): the cursor after it, the container marked as having one.
    mutating func steppedOverElement(from start: Int, to end: Int) {
        window.pos = end
        filled |= 1
        tokenOffset = window.base + start
    }

    /// In an array: steps to the next element (true), or over the array's `]` (false).
    package mutating func nextElement() throws(FormatError) -> Bool {
        var b = nextByte()
        tokenOffset = window.absolutePosition
        if b == UInt8(ascii: "]") {
            window.pos += 1
            leave()
            return false
        }
        try stepOverComma(&b, close: UInt8(ascii: "]"))
        return true
    }

    /// In an array: steps to the next element and says what it is (nil after the array's
    /// `]`), entering it when it is an object: `nextElement`, `peekKind` and `enter` in one
    /// step, for a reader walking a list of objects. An element after a comma, in the window,
    /// is stepped to in one pass; anything else takes the general steps.
    package mutating func nextElementEnteringObject() throws(FormatError) -> JSONKind? {
        var i = window.pos
        if filled & 1 != 0, started, depth < Self.maxDepth, Self.byteAfterComma(window.start, &i) == UInt8(ascii: "{") {
            window.pos = i
            tokenOffset = window.base + i
            try enter()
            return .object
        }
        guard try nextElement() else { return nil }
        return try kindEnteringObject()
    }

    /// What the value at the cursor is (`peekKind`), entering it when it is an object.
    package mutating func kindEnteringObject() throws(FormatError) -> JSONKind {
        let kind = try peekKind()
        if kind == .object { try enter() }
        return kind
    }

    /// In an object entered: steps over the rest of it, its `}` included, checking all of it
    /// as `skipValue` does.
    package mutating func skipRestOfObject() throws(FormatError) {
        try skipContents(downTo: depth - 1)
    }

    /// Closes the innermost container (its closing byte was stepped over).
    @inline(__always)
    private mutating func leave() {
        if keyed & 1 != 0 { openKeys.leaveObject() }
        objects >>= 1
        filled >>= 1
        keyed >>= 1
        depth -= 1
    }

    /// Adds `text` to the innermost object's keys (`JSONOpenKeys.add`), the object first when
    /// this is its first key: false when the object already has it.
    @inline(__always)
    private mutating func addKey(_ text: JSONKeyText, bytes: [UInt8]) -> Bool {
        if keyed & 1 == 0 {
            openKeys.enterObject()
            keyed |= 1
        }
        return openKeys.add(text, bytes: bytes)
    }

    /// Between members or elements (`close` ends the container): after the first a comma must
    /// come, and `b` becomes the byte after it, which must not close the container; before the
    /// first, the container is marked as having one.
    @inline(__always)
    private mutating func stepOverComma(_ b: inout UInt8, close: UInt8) throws(FormatError) {
        guard filled & 1 != 0 else {
            filled |= 1
            return
        }
        guard b == UInt8(ascii: ",") else { throw missingComma(close: close) }
        window.pos += 1
        b = nextByte()
        tokenOffset = window.absolutePosition
        if b == close { throw trailingComma(close: close) }
    }

    @inline(never)
    private mutating func missingComma(close: UInt8) -> FormatError {
        let what = close == UInt8(ascii: "}") ? "an object member" : "an array element"
        return unexpected("',' or '\(Character(Unicode.Scalar(close)))' after \(what)")
    }

    @inline(never)
    private mutating func trailingComma(close: UInt8) -> FormatError {
        error("trailing_comma", "trailing comma before '\(Character(Unicode.Scalar(close)))'")
    }

    /// Whether the last key read is `name`.
    @inline(__always)
    package func keyIs(_ name: JSONKeyName) -> Bool {
        guard key == name.text else { return false }
        return key.count <= 16
            || keyBytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, name.name.utf8Start, key.count) == 0 }
    }

    /// The last key read, as a String. A key of up to 16 bytes comes from `keyStrings` when
    /// it was made lately: the same keys come back in every frame.
    package mutating func keyString() -> String {
        if key.count > 16 { return String(decoding: keyBytes, as: UTF8.self) }
        let mixed = (key.low ^ key.high &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: mixed >> 58)
        if keyStrings.isEmpty { keyStrings = [KeyString?](repeating: nil, count: 64) }
        if let made = keyStrings[slot], made.text == key { return made.string }
        let string = withUnsafeBytes(of: (key.low.littleEndian, key.high.littleEndian)) { raw in
            String(decoding: raw.prefix(key.count), as: UTF8.self)
        }
        keyStrings[slot] = KeyString(text: key, string: string)
        return string
    }

    /// A key's text and the String made of it.
    private struct KeyString {
        let text: JSONKeyText
        let string: String
    }

    /// Reads a key from its opening quote into `key`, and checks it against the keys of its
    /// object.
    @inline(__always)
    private mutating func readKey() throws(FormatError) {
        let quote = window.pos
        let keyOffset = window.base + quote
        let p = window.start
        let end = Self.plainEnd(p, from: quote + 1)
        let count = end - quote - 1
        // The key is kept in a local from here on: read back from `self` right after being
        // stored, its two words would be one 16-byte load that store forwarding cannot serve.
        let text: JSONKeyText
        if p[end] == UInt8(ascii: "\""), count <= 16 {
            // Printable ASCII without escapes, in the window: read in place.
            text = JSONKeyText(plain: UnsafeRawPointer(p + quote + 1), count: count)
            window.pos = end + 1
        } else {
            try readKeyText()
            text = keyBytes.withUnsafeBufferPointer { JSONKeyText($0) }
        }
        key = text
        if rejectsDuplicateKeys, !addKey(text, bytes: keyBytes) { throw duplicateKey(at: keyOffset) }
    }

    /// A key longer than 16 bytes, or with escapes or non-ASCII bytes, or past the window's
    /// end: through `scanString`, into `keyBytes`.
    @inline(never)
    private mutating func readKeyText() throws(FormatError) {
        let text = try scanString()
        keyBytes.removeAll(keepingCapacity: true)
        if text.escaped {
            keyBytes.append(contentsOf: scratch)
        } else {
            keyBytes.append(contentsOf: window.buf[text.range])
        }
    }

    /// The last key, at `keyOffset`, is already a key of its object.
    @inline(never)
    private mutating func duplicateKey(at keyOffset: Int) -> FormatError {
        error("duplicate_key", "duplicate key \"\(keyString())\" in one object", atAbsolute: keyOffset)
    }

    /// The index of the first byte from `start` that ends a string's plain run: a quote, a
    /// backslash, a control byte (the window's padding is one) or a non-ASCII byte. Eight bytes
    /// at a time; the lowest flagged byte is exact (the borrows of the `< 0x20` test only reach
    /// bytes above a true match).
    @inline(__always)
    static func plainEnd(_ p: UnsafeMutablePointer<UInt8>, from start: Int) -> Int {
        let raw = UnsafeRawPointer(p)
        var i = start
        while true {
            let w = ByteMasks.load(raw, i)
            let control = (w &- 0x2020_2020_2020_2020) & ~w & ByteMasks.high
            let stops = ByteMasks.equal(w, 0x22) | ByteMasks.equal(w, 0x5C) | control | (w & ByteMasks.high)
            if stops != 0 { return i + stops.trailingZeroBitCount >> 3 }
            i += 8
        }
    }

    /// Steps over a string from its opening quote, checking it (escapes, UTF-8, control
    /// bytes). Its text is `window.buf[range]` when it held no escape, else, when `keeping`,
    /// `scratch` (a string only checked is not decoded).
    private mutating func scanString(keeping: Bool = true) throws(FormatError) -> (range: Range<Int>, escaped: Bool) {
        // The quote stays in the window: the string's own location stays countable.
        window.keep = window.pos
        defer { window.keep = nil }
        window.pos += 1
        var escaped = false
        var copied = window.absolutePosition
        if keeping { scratch.removeAll(keepingCapacity: true) }
        while true {
            window.pos = Self.plainEnd(window.start, from: window.pos)
            let b = window.start[window.pos]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") {
                escaped = true
                if keeping { scratch.append(contentsOf: window.buf[(copied - window.base)..<window.pos]) }
                let scalar = try escape()
                if keeping, let encoded = UTF8.encode(scalar) { scratch.append(contentsOf: encoded) }
                copied = window.absolutePosition
                continue
            }
            if b >= 0x80 {
                guard window.stepOverUTF8Sequence() else {
                    throw error("invalid_utf8", "invalid UTF-8 byte sequence starting with \(Self.describe(byte: b))")
                }
                continue
            }
            if b == 0 && window.pos >= window.count {
                if window.refill() { continue }
                throw error("unexpected_eof", "unterminated string")
            }
            throw error("control_character", "unescaped control character \(Self.describe(byte: b)) in a string")
        }
        if escaped && keeping { scratch.append(contentsOf: window.buf[(copied - window.base)..<window.pos]) }
        let range = (window.keep! + 1)..<window.pos
        window.pos += 1
        return (range, escaped)
    }

    /// Reads a string value (`peekKind()` said `.string`).
    package mutating func string() throws(FormatError) -> String {
        let text = try scanString()
        if text.escaped { return String(decoding: scratch, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: window.buf[text.range]), as: UTF8.self)
    }

    /// Steps over the escape at the cursor (its backslash), checking it: the scalar it stands for.
    private mutating func escape() throws(FormatError) -> Unicode.Scalar {
        let at = window.absolutePosition
        guard let c = window.peek(at: 1) else { throw error("unexpected_eof", "unterminated string") }
        window.pos += 2
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(c)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
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
            return u
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

    /// Reads the number at the cursor (`peekKind()` said `.number`): its value, or nil for
    /// `NaN`, `Infinity`, `-Infinity` (lenient mode) or a number too large for a Double.
    package mutating func number() throws(FormatError) -> Double? {
        try scanNumber(converting: true)
    }

    /// A number, converted or only checked; nil for a non-finite one.
    @inline(__always)
    private mutating func scanNumber(converting: Bool) throws(FormatError) -> Double? {
        ensure(DecimalNumber.lookahead)
        // The usual shape in one step, when what follows it cannot continue a number.
        let p = UnsafePointer(window.start + window.pos)
        if let sh = DecimalNumber.shape(p, grammar: .json), !Self.continuesNumber(p[sh.end]) {
            if !converting {
                window.pos += sh.end
                return 0
            }
            if let v = DecimalNumber.value(p, sh) {
                window.pos += sh.end
                return v
            }
        }
        return try generalNumber(converting: converting)
    }

    /// Bytes that continue a number, or make the bytes before them no number: a number's own
    /// bytes, letters, non-ASCII bytes.
    @inline(__always)
    static func continuesNumber(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return true
        default: return isWordByte(b) || b >= 0x80
        }
    }

    /// Any number or non-finite word: its extent, then the grammar and the conversion of
    /// `DecimalNumber`, whose errors name the offending byte.
    private mutating func generalNumber(converting: Bool) throws(FormatError) -> Double? {
        let b0 = window.buf[window.pos]
        if b0 == UInt8(ascii: "N") || b0 == UInt8(ascii: "I")
            || (b0 == UInt8(ascii: "-") && window.peek(at: 1) == UInt8(ascii: "I"))
        {
            try nonFiniteWord()
            return nil
        }
        window.keep = window.pos
        defer { window.keep = nil }
        let startAbs = window.absolutePosition
        while let b = window.peek() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                window.pos += 1
                continue
            default:
                if Self.isWordByte(b) || b >= 0x80 {
                    throw error("invalid_number", "invalid number", atAbsolute: window.absolutePosition)
                }
            }
            break
        }
        let s = startAbs - window.base
        let e = window.pos
        let bytes = UnsafeBufferPointer(rebasing: window.buf[s..<e])
        let parsed =
            converting ? DecimalNumber.parse(bytes, grammar: .json) : DecimalNumber.check(bytes, grammar: .json)
        switch parsed {
        case .value(let v): return v
        case .nonFinite: return nil
        case .invalid(let off):
            // Digits wanted where the input ends: a file cut short inside a number.
            if off == e - s, window.peek() == nil {
                throw error("unexpected_eof", "unexpected end of input inside a number", atAbsolute: startAbs + off)
            }
            throw error("invalid_number", "invalid number", atAbsolute: startAbs + off)
        }
    }

    /// `NaN`, `Infinity` or `-Infinity` at the cursor.
    private mutating func nonFiniteWord() throws(FormatError) {
        switch window.buf[window.pos] {
        case UInt8(ascii: "N"): _ = try word("NaN", .nonFinite)
        case UInt8(ascii: "I"): _ = try word("Infinity", .nonFinite)
        default: _ = try word("-Infinity", .nonFinite)
        }
    }

    /// Steps over a literal; its event (`nonFinite` only with `allowNonFinite`).
    private mutating func word(_ w: StaticString, _ event: JSONEvent) throws(FormatError) -> JSONEvent {
        // A literal with the byte after it in the window (the padding's zeros end a word early)
        // is compared in place; anything else takes the steps below, which refill and explain.
        let count = w.utf8CodeUnitCount
        let nonFinite = if case .nonFinite = event { true } else { false }
        if !nonFinite && window.count - window.pos > count {
            let p = window.start + window.pos
            var same = true
            for i in 0..<count where p[i] != w.utf8Start[i] { same = false }
            if same && !Self.isWordByte(p[count]) {
                window.pos += count
                return event
            }
        }
        window.keep = window.pos
        defer { window.keep = nil }
        let start = window.absolutePosition
        let p = w.utf8Start
        for i in 0..<w.utf8CodeUnitCount {
            guard let b = window.peek() else {
                throw error(
                    "unexpected_eof", "unexpected end of input inside a literal; expected \(w)", atAbsolute: start)
            }
            guard b == p[i] else {
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

    /// Steps over the value at the cursor, checking all of it as `next()` would (grammar,
    /// UTF-8, duplicate keys, depth) without converting numbers or making Strings.
    package mutating func skipValue() throws(FormatError) {
        let target = depth
        try skipToken()
        if depth > target { try skipContents(downTo: target) }
    }

    /// Reads the rest of the open containers down to depth `target`, checking and not keeping.
    private mutating func skipContents(downTo target: Int) throws(FormatError) {
        while depth > target {
            let more = objects & 1 != 0 ? try nextMember() : try nextElement()
            if more { try skipToken() }
        }
    }

    /// One value's first token: a scalar checked and stepped over, or a container entered.
    private mutating func skipToken() throws(FormatError) {
        switch nextByte() {
        case UInt8(ascii: "{"), UInt8(ascii: "["): try enter()
        case UInt8(ascii: "\""): _ = try scanString(keeping: false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "N"), UInt8(ascii: "I"):
            _ = try scanNumber(converting: false)
        case UInt8(ascii: "t"): _ = try word("true", .bool(true))
        case UInt8(ascii: "f"): _ = try word("false", .bool(false))
        case UInt8(ascii: "n"): _ = try word("null", .null)
        default: throw unexpected("a value")
        }
    }

    // MARK: events

    /// The next event, or nil at the end of the document.
    public mutating func next() throws(FormatError) -> JSONEvent? {
        if !started { try start() }
        if valuePending {
            valuePending = false
            markEvent()
            return try nextValue()
        }
        guard depth > 0 else {
            let b = nextByte()
            mark(window.absolutePosition)
            let atEnd = b == 0 && window.pos >= window.count
            if topLevelDone {
                if atEnd { return nil }
                if !allowsMultipleDocuments {
                    throw error("trailing_data", "unexpected \(Self.describe(byte: b)) after the end of the document")
                }
                return try nextValue()
            }
            if atEnd {
                if window.absolutePosition == 0 { throw error("empty_input", "the input is empty") }
                throw error("unexpected_eof", "unexpected end of input; expected a value")
            }
            topLevelDone = true
            return try nextValue()
        }
        if objects & 1 != 0 {
            let member = try nextMember()
            mark(tokenOffset)
            guard member else { return .endObject }
            valuePending = true
            return .key(keyString())
        }
        let element = try nextElement()
        mark(tokenOffset)
        return element ? try nextValue() : .endArray
    }

    /// The value at the cursor as an event (containers entered): for a reader walking on
    /// demand that wants a value as `next()` gives it.
    package mutating func nextValue() throws(FormatError) -> JSONEvent {
        switch try peekKind() {
        case .object:
            try enter()
            return .beginObject
        case .array:
            try enter()
            return .beginArray
        case .string: return .string(try string())
        case .number: return try number().map { .number($0) } ?? .nonFinite
        case .bool:
            let b = window.buf[window.pos]
            return b == UInt8(ascii: "t") ? try word("true", .bool(true)) : try word("false", .bool(false))
        case .null: return try word("null", .null)
        }
    }

    // MARK: conveniences

    /// Skips the container just opened by `first` by matching brackets and strings only, without
    /// validating its contents: for a prescan that looks for keys outside a large value. A
    /// caller must still read the document normally to report errors inside the skipped part.
    public mutating func skipStructurally(after first: JSONEvent) throws(FormatError) {
        guard first == .beginObject || first == .beginArray else { return }
        var depth = 1
        var inString = false
        while depth > 0 {
            // Sixteen bytes at a time while a block holds no backslash: each quote, bracket in
            // turn from the block's masks.
            let p = UnsafeRawPointer(window.start)
            var i = window.pos
            blocks: while i + 16 <= window.count {
                let m = ByteBlock.structural16(p, i)
                if m.backslashes != 0 { break }
                var stops = m.quotes | m.opens | m.closes
                while stops != 0 {
                    let bit = stops.trailingZeroBitCount
                    let flag: UInt32 = 1 << bit
                    stops &= stops &- 1
                    if m.quotes & flag != 0 {
                        inString.toggle()
                    } else if !inString {
                        depth += m.opens & flag != 0 ? 1 : -1
                        if depth == 0 {
                            i += bit + 1
                            break blocks
                        }
                    }
                }
                i += 16
            }
            window.pos = i
            if depth == 0 { break }
            // A byte at a time near a backslash or the window's end.
            let stop = Self.structuralStop(window.start, from: window.pos, inString: inString)
            window.pos = stop
            let b = window.buf[stop]
            if b == 0 && stop >= window.count {
                guard window.refill() else { throw error("unexpected_eof", "unexpected end of input") }
                continue
            }
            window.pos += 1
            switch b {
            case UInt8(ascii: "\""): inString.toggle()
            case UInt8(ascii: "\\"): if window.peek() != nil { window.pos += 1 }
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        leave()
    }

    /// The first byte from `from` that matters to `skipStructurally`: in a string a quote or a
    /// backslash, outside one a quote or a bracket; or a NUL (the window's end). Eight bytes at
    /// a time.
    static func structuralStop(_ p: UnsafeMutablePointer<UInt8>, from: Int, inString: Bool) -> Int {
        let raw = UnsafeRawPointer(p)
        var i = from
        while true {
            let w = ByteMasks.load(raw, i)
            var stops = ByteMasks.equal(w, 0x22) | ByteMasks.equal(w, 0)
            if inString {
                stops |= ByteMasks.equal(w, 0x5C)
            } else {
                // '[' ']' '{' '}' are 0x5B 0x5D 0x7B 0x7D: with bit 5 set, 0x7B or 0x7D.
                let folded = w | 0x2020_2020_2020_2020
                stops |= ByteMasks.equal(folded, 0x7B) | ByteMasks.equal(folded, 0x7D)
            }
            if stops != 0 { return i + stops.trailingZeroBitCount >> 3 }
            i += 8
        }
    }

    /// Skips the value whose first event was `first` (for containers, up to the matching end).
    public mutating func skip(after first: JSONEvent) throws(FormatError) {
        guard first == .beginObject || first == .beginArray else { return }
        try skipContents(downTo: depth - 1)
    }

    /// Reads the whole value whose first event was `first` into a tree.
    public mutating func readValue(after first: JSONEvent) throws(FormatError) -> JSONValue {
        try readValue(after: first, unread: [])
    }

    /// Reads the whole value whose first event was `first` into a tree but for the members of
    /// an object value whose keys are in `unread`, which are checked and skipped
    /// (`skip(after:)`). A container's members or elements gather on a stack the scanner
    /// keeps, so that each container's array is made once, at its size.
    public mutating func readValue(after first: JSONEvent, unread: Set<String>) throws(FormatError) -> JSONValue {
        let loc = eventLocation
        switch first {
        case .beginObject:
            let start = memberStack.count
            defer { memberStack.removeSubrange(start...) }
            while true {
                guard let e = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                if e == .endObject { break }
                guard case .key(let k) = e else { throw error("internal", "expected a key") }
                guard let v = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                if !unread.isEmpty && unread.contains(k) {
                    try skip(after: v)
                    continue
                }
                let value = try readValue(after: v)
                memberStack.append(JSONValue.Member(k, value))
            }
            return JSONValue(.object(Array(memberStack[start...])), location: loc)
        case .beginArray:
            let start = elementStack.count
            defer { elementStack.removeSubrange(start...) }
            while true {
                guard let e = try next() else { throw error("unexpected_eof", "unexpected end of input") }
                if e == .endArray { break }
                let value = try readValue(after: e)
                elementStack.append(value)
            }
            return JSONValue(.array(Array(elementStack[start...])), location: loc)
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
    public enum Kind: Sendable {
        case object([Member])
        case array([JSONValue])
        case string(String)
        case number(Double)
        case nonFinite
        case bool(Bool)
        case null
    }
    /// An object's member: its key and its value.
    public struct Member: Sendable {
        /// The key, unescaped.
        public var key: String
        /// The value.
        public var value: JSONValue
        /// A member of this key and value.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
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

    /// The number, or nil for other values. Not inlined: inlined into the keypoint and angle
    /// JSON readers, it crashes Swift 6.3.1's optimiser (the ownership verifier's "Found
    /// outside of lifetime use" on the borrowed value's kind).
    @inline(never) public var number: Double? {
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
    public var members: [Member]? {
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
