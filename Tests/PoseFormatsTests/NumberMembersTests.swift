// The way a reader reads a list of landmark-like objects or lists of numbers
// (`JSONScanner.nextElementAsLearnt` for an element written as the one the scanner learnt, else
// `nextElementEnteringObject`, then `readNumberMembers` or `readNumberElements`, and
// `learnLayout`, with `skipRestOfObject` for objects stepped over) against the general steps
// alone (`nextElement`, `nextMember`, `peekKind`, `number`, `skipValue`): on generated lists of
// objects and lists, with any whitespace, key order, unknown, escaped, long and repeated keys
// (some of them keys the reader has listed, which are never returned), values of every kind,
// runs of elements written alike (the same keys, order and whitespace, other values), mutations
// and truncations, from memory and from files (so 64 KiB window refills land inside members),
// both must give the same numbers, keys met, unknown keys, error (code, message, location) and
// end location.
import Foundation
import PoseSynth
import Testing

@testable import PoseScanning

/// What a differential transcript of a top-level list says besides its elements
/// (`NumberMembersTests.listTranscript`).
protocol ListTranscriptEntry {
    static var other: Self { get }
    static func end(line: Int, column: Int) -> Self
    static func error(_ text: String, line: Int, column: Int) -> Self
}

struct NumberMembersTests {
    static let names = ["x", "y", "z", "visibility", "presence"].map { JSONKeyName($0).text }
    static let keys = JSONNumberKeys(names)
    /// Keys a reader has listed already, which are never returned to it.
    static let skipped = ["name", "id", "X"].map { JSONKeyName($0).text }

    /// What one way of reading said, in order.
    enum Said: Equatable, ListTranscriptEntry {
        case object(met: UInt8, numbers: [UInt64], nonFinite: Bool)
        /// A list: per element, a converted number's bits (NaN's where it has no value, or is no
        /// number), 0 for a number checked only; and how many elements were not numbers.
        case list(numbers: [UInt64], others: Int)
        case unknown(String)
        /// A key of `skipping` that `readNumberMembers` returned: it must skip their values itself.
        case listedKeyReturned(String)
        case other
        /// An object stepped over unread.
        case skipped
        case error(String, line: Int, column: Int)
        case end(line: Int, column: Int)
    }

    /// The lengths of the lists of numbers that are learnt.
    static let listLengths = 2...5

    /// After a document: a layout is matched only 128 bytes or more from the window's end.
    static let trailingSpaces = [UInt8](repeating: 0x20, count: 200)

    struct Settings {
        /// The slots whose numbers are used, a bit each.
        var converting: UInt8
        var allowNonFinite: Bool
        var rejectsDuplicateKeys: Bool
        var skipping = false
    }

    static let settings = [
        Settings(converting: 0b1_1111, allowNonFinite: false, rejectsDuplicateKeys: true),
        Settings(converting: 0, allowNonFinite: false, rejectsDuplicateKeys: true),
        Settings(converting: 0b1_1111, allowNonFinite: true, rejectsDuplicateKeys: true),
        Settings(converting: 0b1_1111, allowNonFinite: true, rejectsDuplicateKeys: false),
        Settings(converting: 0b1_1111, allowNonFinite: false, rejectsDuplicateKeys: true, skipping: true),
        Settings(converting: 0b1_1111, allowNonFinite: false, rejectsDuplicateKeys: false, skipping: true),
        Settings(converting: 0b1_1011, allowNonFinite: true, rejectsDuplicateKeys: true),
    ]

    /// Reads a top-level list of objects; `onePass` says which way: as a reader does (layouts
    /// learnt and matched), or by the general steps alone.
    static func transcript(_ input: ByteInput, _ settings: Settings, onePass: Bool) -> [Said] {
        var matched = 0
        return transcript(input, settings, onePass: onePass, matched: &matched)
    }

    /// `transcript`, counting in `matched` the objects read by matching a layout.
    static func transcript(_ input: ByteInput, _ settings: Settings, onePass: Bool, matched: inout Int) -> [Said] {
        var scanner = JSONScanner(input, path: "t.json", allowNonFinite: settings.allowNonFinite)
        scanner.rejectsDuplicateKeys = settings.rejectsDuplicateKeys
        let skipping = settings.skipping ? skipped : []
        let layout = JSONObjectLayout()
        return listTranscript(&scanner) { (scanner: inout JSONScanner, said: inout [Said]) throws(FormatError) in
            var index = 0
            while true {
                index += 1
                var members = JSONNumberMembers()
                if onePass, index % 5 != 0,
                    scanner.nextElementAsLearnt(layout, converting: settings.converting, into: &members)
                {
                    matched += 1
                    said.append(layout.holdsList ? list(members) : object(members))
                    continue
                }
                guard let kind = try nextListElement(&scanner, onePass: onePass) else { break }
                if kind == .array {
                    let start = scanner.elementStart
                    said.append(try readList(&scanner, settings, onePass: onePass))
                    if onePass { scanner.learnLayout(layout, ofListAt: start, elements: listLengths) }
                    continue
                }
                guard kind == .object else {
                    try scanner.skipValue()
                    said.append(.other)
                    continue
                }
                if index % 5 == 0 {
                    try skipRestOfObject(&scanner, onePass: onePass)
                    said.append(.skipped)
                    continue
                }
                if onePass {
                    let start = scanner.elementStart
                    while try !scanner.readNumberMembers(
                        keys, skipping: skipping, converting: settings.converting, into: &members)
                    {
                        // A key in `skipped` never comes back; the general steps never say this.
                        if settings.skipping && skipped.contains(scanner.key) {
                            said.append(.listedKeyReturned(scanner.keyString()))
                        } else {
                            said.append(.unknown(scanner.keyString()))
                        }
                        try scanner.skipValue()
                    }
                    scanner.learnLayout(layout, ofObjectAt: start, keys: keys, skipping: skipping)
                } else {
                    try readGenerally(&scanner, settings, &members, &said)
                }
                said.append(object(members))
            }
        }
    }

    /// What a list read by matching says: every element a number.
    static func list(_ members: JSONNumberMembers) -> Said {
        let numbers = (0..<members.met.nonzeroBitCount).map {
            members.numbers >> UInt8($0) & 1 != 0 ? members.values[$0].bitPattern : 0
        }
        return .list(numbers: numbers, others: 0)
    }

    /// A list at the cursor (not entered), read as a reader reads a landmark written as a
    /// list (`readNumberElements`), or by the general steps element by element.
    static func readList(_ scanner: inout JSONScanner, _ settings: Settings, onePass: Bool) throws(FormatError) -> Said
    {
        try scanner.enter()
        var numbers: [UInt64] = []
        var others = 0
        if onePass {
            var values: [Double] = []
            if try scanner.nextElement() {
                others = try scanner.readNumberElements(converting: UInt64(settings.converting), into: &values)
            }
            numbers = values.map(\.bitPattern)
        } else {
            while try scanner.nextElement() {
                let k = numbers.count
                guard try scanner.peekKind() == .number else {
                    try scanner.skipValue()
                    numbers.append(Double.nan.bitPattern)
                    others += 1
                    continue
                }
                // As `readNumberElements` with `converting` widened: past bit 63, always.
                if k >= 64 || (k < 8 && settings.converting >> UInt8(k) & 1 != 0) {
                    numbers.append((try scanner.number() ?? .nan).bitPattern)
                } else {
                    try scanner.skipValue()
                    numbers.append(0)
                }
            }
        }
        return .list(numbers: numbers, others: others)
    }

    /// What an object read says.
    static func object(_ members: JSONNumberMembers) -> Said {
        let numbers = (0..<names.count).map {
            members.numbers >> UInt8($0) & 1 != 0 ? members.values[$0].bitPattern : 1
        }
        return .object(met: members.met, numbers: numbers, nonFinite: members.nonFinite)
    }

    /// Reads a top-level list with `elements` (from the list's first element on) into a
    /// transcript: `.other` when the document is no list, else what `elements` said, then the
    /// end's place, or the error and its place. Both differential tests' transcripts.
    static func listTranscript<Said: ListTranscriptEntry>(
        _ scanner: inout JSONScanner, _ elements: (inout JSONScanner, inout [Said]) throws(FormatError) -> Void
    ) -> [Said] {
        var said: [Said] = []
        do throws(FormatError) {
            guard try scanner.peekKind() == .array else {
                try scanner.skipValue()
                return [.other]
            }
            try scanner.enter()
            try elements(&scanner, &said)
            let end = scanner.location
            said.append(.end(line: end.line, column: end.column))
        } catch {
            let at = error.location
            said.append(.error("\(error.code): \(error.message)", line: at?.line ?? 0, column: at?.column ?? 0))
        }
        return said
    }

    /// The next element's kind, an object entered: in one step (`nextElementEnteringObject`),
    /// or by the general steps.
    static func nextListElement(_ scanner: inout JSONScanner, onePass: Bool) throws(FormatError) -> JSONKind? {
        if onePass { return try scanner.nextElementEnteringObject() }
        guard try scanner.nextElement() else { return nil }
        let kind = try scanner.peekKind()
        if kind == .object { try scanner.enter() }
        return kind
    }

    /// The rest of an object entered, stepped over: in one step (`skipRestOfObject`), or
    /// member by member.
    static func skipRestOfObject(_ scanner: inout JSONScanner, onePass: Bool) throws(FormatError) {
        if onePass { return try scanner.skipRestOfObject() }
        while try scanner.nextMember() { try scanner.skipValue() }
    }

    /// The general steps alone, member by member.
    static func readGenerally(
        _ scanner: inout JSONScanner, _ settings: Settings, _ members: inout JSONNumberMembers, _ said: inout [Said]
    ) throws(FormatError) {
        while try scanner.nextMember() {
            guard let slot = names.firstIndex(of: scanner.key) else {
                if !(settings.skipping && skipped.contains(scanner.key)) { said.append(.unknown(scanner.keyString())) }
                try scanner.skipValue()
                continue
            }
            members.met |= 1 << UInt8(slot)
            guard settings.converting >> UInt8(slot) & 1 != 0, try scanner.peekKind() == .number else {
                try scanner.skipValue()
                continue
            }
            if let value = try scanner.number() {
                members.values[slot] = value
                members.numbers |= 1 << UInt8(slot)
            } else {
                members.nonFinite = true
            }
        }
    }

    struct Generator {
        var rng: SplitMix64
        var out: [UInt8] = []
        /// While set, an object's keys and whitespace come from it, so that objects made from
        /// the same seed are written alike: only their values differ.
        var layoutRng: SplitMix64?

        mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        /// A choice of layout: from `layoutRng` when set.
        mutating func layoutInt(_ n: Int) -> Int {
            guard var layout = layoutRng else { return int(n) }
            defer { layoutRng = layout }
            return Int(layout.next() % UInt64(n))
        }

        mutating func space() {
            switch layoutInt(12) {
            case 0: out += Array("\n  ".utf8)
            case 1: out += Array(repeating: 0x20, count: layoutInt(20))
            case 2: out += Array("\r\n\t ".utf8)
            case 3, 4, 5: out += [0x20]
            case 6: out += Array("\n".utf8) + Array(repeating: 0x20, count: layoutInt(12))
            default: break
            }
        }

        static let keys = [
            "x", "y", "z", "visibility", "presence", "x", "y", "name", "id", "\\u0078", "visibilit",
            "visibilityy", "a_key_longer_than_sixteen", "presence_", "é", "X", "",
        ]
        static let values = [
            "0.4899553603716522", "0.23227007964221316", "-0.0059375", "0", "-0", "1", "0.957638813001",
            "12345678901234567890", "1e5", "2.5E-3", "0.1234567890123456789012345", "NaN", "-Infinity",
            "Infinity", "1e400", "null", "true", "\"nose\"", "[1, 2]", "{\"x\": 1}", "01", "1.", "-", ".5",
            "0.5x", "1.5e", "tru", "12345678901234567890123456789012345678",
        ]

        /// An object; written as others of the same `layout` seed are, when given: then of one
        /// to five members with distinct keys, the same whitespace at the same places, values
        /// seldom other than numbers, and (in half of them) the keys in another order or one
        /// left out, so that long runs of objects are valid and are read by matching.
        mutating func object(layout: UInt64? = nil) {
            guard let layout else {
                out.append(UInt8(ascii: "{"))
                let n = int(8)
                for i in 0..<n {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    space()
                    let key = int(3) == 0 ? Self.keys[int(Self.keys.count)] : Self.keys[i % 5]
                    out += Array("\"\(key)\"".utf8)
                    space()
                    out.append(UInt8(ascii: ":"))
                    space()
                    let value = int(3) == 0 ? Self.values[int(Self.values.count)] : Self.values[int(7)]
                    out += Array(value.utf8)
                    space()
                }
                out.append(UInt8(ascii: "}"))
                return
            }
            layoutRng = SplitMix64(seed: layout)
            defer { layoutRng = nil }
            let n = 1 + layoutInt(5)
            let firstKey = layoutInt(Self.distinctKeys.count)
            var keys = (0..<n).map { Self.distinctKeys[(firstKey + $0) % Self.distinctKeys.count] }
            // The whitespace after `{`, around `:`, before and after `,`, and before `}`.
            let spaces = (0..<6).map { _ in spaceBytes() }
            if int(2) == 0 {
                for k in stride(from: keys.count - 1, to: 0, by: -1) { keys.swapAt(k, int(k + 1)) }
                if keys.count > 1, int(2) == 0 { keys.removeLast() }
            }
            out += [UInt8(ascii: "{")] + spaces[0]
            for (i, key) in keys.enumerated() {
                if i > 0 { out += spaces[3] + [UInt8(ascii: ",")] + spaces[4] }
                out += Array("\"\(key)\"".utf8) + spaces[1] + [UInt8(ascii: ":")] + spaces[2]
                // A name has a plain string (learnt as one), mostly; the rest numbers, mostly.
                let name = int(20) == 0 ? #"5""# : Self.nameValues[int(Self.nameValues.count)]
                let usual = key == "name" ? name : Self.values[int(7)]
                let value = int(200) == 0 ? Self.values[int(Self.values.count)] : usual
                out += Array(value.utf8)
            }
            out += spaces[5] + [UInt8(ascii: "}")]
        }

        /// A list of numbers; written as others of the same `layout` seed are, when given: one to
        /// six numbers with the same whitespace at the same places, now and then a value of
        /// another kind or one number more or less.
        mutating func list(layout: UInt64? = nil) {
            guard let layout else {
                out.append(UInt8(ascii: "["))
                for i in 0..<int(7) {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    space()
                    out += Array((int(4) == 0 ? Self.values[int(Self.values.count)] : Self.values[int(7)]).utf8)
                    space()
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            layoutRng = SplitMix64(seed: layout)
            defer { layoutRng = nil }
            var n = 1 + layoutInt(6)
            // The whitespace after `[`, before and after `,`, and before `]`.
            let spaces = (0..<4).map { _ in spaceBytes() }
            if int(20) == 0 { n += int(2) == 0 ? 1 : -1 }
            out += [UInt8(ascii: "[")] + spaces[0]
            for i in 0..<max(0, n) {
                if i > 0 { out += spaces[1] + [UInt8(ascii: ",")] + spaces[2] }
                let value = int(100) == 0 ? Self.values[int(Self.values.count)] : Self.values[int(7)]
                out += Array(value.utf8)
            }
            out += spaces[3] + [UInt8(ascii: "]")]
        }

        /// Whitespace as `space` writes it, returned.
        mutating func spaceBytes() -> [UInt8] {
            let before = out.count
            space()
            defer { out.removeSubrange(before...) }
            return Array(out[before...])
        }

        /// The values of `"name"` in objects written alike: plain strings, and one with an
        /// escape (now and then a number that ends like a string instead).
        static let nameValues = [#""nose""#, #""left_heel""#, #""""#, #""a\"b""#]

        /// The keys of objects written alike, in turn from one of them.
        static let distinctKeys = ["x", "y", "z", "visibility", "presence", "name", "id"]

        /// A list of `count` objects, or lists of numbers, or both (a few other values among
        /// them), then (sometimes) mutations: bytes replaced, removed or duplicated, or the end
        /// cut off.
        /// `kinds`: 0 objects, 1 lists, 2 both; nil, any of these.
        mutating func document(count: Int, mutate: Bool, kinds: Int? = nil) -> [UInt8] {
            out = [UInt8(ascii: "[")]
            // Elements of one or two layouts, or each its own; objects, lists, or both.
            let layouts = [UInt64](repeating: 0, count: int(3)).map { _ in rng.next() }
            let lists = kinds ?? int(3)
            for i in 0..<count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                space()
                if int(40) == 0 {
                    out += Array("null".utf8)
                } else if lists == 1 || (lists == 2 && int(2) == 0) {
                    list(layout: layouts.isEmpty ? nil : layouts[int(layouts.count)])
                } else {
                    object(layout: layouts.isEmpty ? nil : layouts[int(layouts.count)])
                }
            }
            space()
            out.append(UInt8(ascii: "]"))
            out += NumberMembersTests.trailingSpaces
            if mutate, int(2) == 0 {
                let replacements = Array("{}[],:\"\\ 0.-eE\nx".utf8) + [0x80, 0x00, 0x1F]
                for _ in 0..<1 + int(3) where !out.isEmpty {
                    let at = int(out.count)
                    switch int(4) {
                    case 0: out[at] = replacements[int(replacements.count)]
                    case 1: out.remove(at: at)
                    case 2: out.insert(out[at], at: at)
                    default: out.removeSubrange(at...)
                    }
                }
            }
            return out
        }
    }

    static func mismatch(_ input: () throws -> ByteInput, name: String) rethrows -> String? {
        for (k, s) in settings.enumerated() {
            let onePass = transcript(try input(), s, onePass: true)
            let general = transcript(try input(), s, onePass: false)
            if let d = firstDifference(onePass, general) {
                return
                    "\(name), settings \(k), item \(d.at): the reader's way said \(d.first), the general steps \(d.second)"
            }
        }
        return nil
    }

    /// Where two transcripts first differ, and what each says there ("nothing" past its end);
    /// nil when they are equal.
    static func firstDifference<Item: Equatable>(_ a: [Item], _ b: [Item]) -> (
        at: Int, first: String, second: String
    )? {
        guard a != b else { return nil }
        let at = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        return (at, at < a.count ? "\(a[at])" : "nothing", at < b.count ? "\(b[at])" : "nothing")
    }

    /// Names that share a first byte (and an empty one) are told apart by their whole key.
    @Test func keysSharingAFirstByteAreToldApart() throws {
        let keys = JSONNumberKeys(["x", "xy", "", "y"].map { JSONKeyName($0).text })
        let text =
            #"[{"xy": 1, "x": 2, "": 3, "y": 4}, {"y": 5, "": 6, "xy": 7, "x": 8}]"#
            + String(repeating: " ", count: 100)
        var scanner = JSONScanner(.memory(Array(text.utf8)), path: "t.json")
        try scanner.enter()
        var read: [[Double]] = []
        while try scanner.nextElementEnteringObject() == .object {
            var members = JSONNumberMembers()
            #expect(try scanner.readNumberMembers(keys, converting: 0b1111, into: &members))
            read.append((0..<4).map { members.values[$0] })
        }
        #expect(read == [[2, 1, 3, 4], [8, 7, 6, 5]])
    }

    /// Repeated keys, among them keys the reader has listed (with plain strings or not).
    @Test func repeatedKeysReadTheSame() {
        let docs = [
            #"[{"name": "a", "name": "b"}]"#, #"[{"x": 1, "name": "a", "y": 2, "name": "b"}]"#,
            #"[{"name": "a", "x": 1, "x": 2}]"#, #"[{"name": 1, "name": "a"}]"#,
            #"[{"X": "a", "name": "b", "X": "c"}]"#,
            #"[{"name": "a", "id": "b", "name": "c", "x": 0.5}]"#, #"[{"name": "a"}, {"name": "a", "name": "a"}]"#,
            // After an object learnt: its keys again, in any order, but one twice.
            #"[{"x": 1, "y": 2}, {"y": 3, "x": 4}, {"x": 5, "x": 6}]"#,
            #"[{"x": 1, "y": 2, "z": 3}, {"x": 4, "y": 5, "y": 6}]"#,
            #"[{"x": 1, "y": 2, "z": 3}, {"z": 4, "x": 5, "z": 6}]"#,
            #"[{"x": 1, "y": 2, "z": 3}, {"y": 4, "x": 5, "y": 6}]"#,
            // A string value learnt, then a number that ends like one.
            #"[{"name": "a", "x": 1}, {"name": "b", "x": 2}, {"name": 5", "x": 3}]"#,
        ]
        var mismatches: [String] = []
        for doc in docs {
            let bytes = Array(doc.utf8) + Self.trailingSpaces
            if let m = Self.mismatch({ .memory(bytes) }, name: doc) { mismatches.append(m) }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// An object of as many keys as a layout learns (16: 8 read into slots, 8 listed), written
    /// as the learnt one, then again with one of its keys repeated after the last: the repeat
    /// is no match (the keys read in the learnt order are all taken), and the general steps
    /// find the duplicate. A matcher that lost track of the keys read in order once all 16
    /// were read took the repeat.
    @Test func allSixteenKeysThenARepeatIsNoMatch() throws {
        let slotNames = (0..<8).map { "k\($0)" }
        let listedNames = (0..<8).map { "o\($0)" }
        func text(_ name: String) -> JSONKeyText { Array(name.utf8).withUnsafeBufferPointer { JSONKeyText($0) } }
        let keys = JSONNumberKeys(slotNames.map(text))
        let listed = listedNames.map(text)
        let names = slotNames + listedNames
        func object(_ names: [String]) -> String {
            "{" + names.enumerated().map { "\"\($0.element)\": \($0.offset + 1)" }.joined(separator: ", ") + "}"
        }
        for repeated in [names[0], names[7], names[8], names[15]] {
            let objects = Array(repeating: object(names), count: 3) + [object(names + [repeated])]
            let doc = "[" + objects.joined(separator: ", ") + "]" + String(repeating: " ", count: 200)
            var scanner = JSONScanner(.memory(Array(doc.utf8)), path: "t.json")
            let layout = JSONObjectLayout()
            var matched = 0
            var thrown: FormatError?
            do throws(FormatError) {
                try scanner.enter()
                while true {
                    var members = JSONNumberMembers()
                    if scanner.nextElementAsLearnt(layout, converting: 0xFF, into: &members) {
                        matched += 1
                        continue
                    }
                    guard try scanner.nextElementEnteringObject() != nil else { break }
                    let start = scanner.elementStart
                    while try !scanner.readNumberMembers(keys, skipping: listed, converting: 0xFF, into: &members) {
                        try scanner.skipValue()
                    }
                    scanner.learnLayout(layout, ofObjectAt: start, keys: keys, skipping: listed)
                }
            } catch {
                thrown = error
            }
            #expect(matched == 2, "\(repeated): \(matched) objects matched")
            #expect(thrown?.code == "duplicate_key", "\(repeated): \(String(describing: thrown))")
        }
    }

    /// After a list learnt: lists that differ from it in one place, valid or not; among them,
    /// lists whose bytes after a piece that differs still read as numbers (a matcher that
    /// stepped over a piece without comparing it would read other values).
    @Test func listVariationsReadTheSame() {
        let learnt = [
            "[0.5, -1.25, 3e2]": [
                "[ 0.5, 1, 2]", "[0.5,1, 2]", "[0.5 , 1, 2]", "[0.5, 1, 2 ]", "[0.5, 1]", "[0.5, 1, 2, 3]",
                "[0.5, 1, \"a\"]", "[0.5, [1], 2]", "[0.5, NaN, 2]", "[0.5, 1, 2,]", "[0.5 1, 2]", "[0.5, 1, 2]]",
                "[0.5, 01, 2]", "[0.5, 1., 2]", "[0.5, -, 2]", "[0.5, 1e, 2]", "[05, 1, 2]", "[0.5, 1, 2}",
                "[0.5, 12345678901234567890123, 2]", "[-0, 1E+2, 2.5e-3]", "[\n0.5, 1, 2]", "[0.5,\t1, 2]",
                "[0.5,11, 2]", "[0.5, 1,22]",
            ],
            "[ 0.5 ,  -1.25 ,  3e2 ]": [
                "[10.5 ,  11 ,  12 ]", "[ 0.5 , 13 ,  12 ]", "[ 0.5 ,  11 , 123 ]", "[ 0.5 ,  11 ,  12]1",
                "[ 0.5 ,  11 ,  12 ]", "[ 0.5 ,  11 ]", "[ 0.5 ,  11 ,  12 ,  13 ]",
            ],
        ]
        var mismatches: [String] = []
        var matched = 0
        for (list, variations) in learnt {
            for variation in variations {
                let doc = "[\(list), \(list), \(list), \(variation), [7, 8, 9]]"
                let bytes = Array(doc.utf8) + Self.trailingSpaces
                _ = Self.transcript(.memory(bytes), Self.settings[0], onePass: true, matched: &matched)
                if let m = Self.mismatch({ .memory(bytes) }, name: doc) { mismatches.append(m) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The learnt lists after the first, in every document.
        #expect(matched >= 2 * 31, "\(matched) lists read by matching a layout")
    }

    @Test func generatedObjectsReadTheSame() {
        var mismatches: [String] = []
        var objects = 0
        var matched = 0
        for seed in 0..<UInt64(3_000) {
            var g = Generator(rng: SplitMix64(seed: seed))
            let doc = g.document(count: 1 + g.int(12), mutate: true)
            objects += Self.transcript(.memory(doc), Self.settings[0], onePass: true, matched: &matched).count
            _ = Self.transcript(.memory(doc), Self.settings[4], onePass: true, matched: &matched)
            if let m = Self.mismatch({ .memory(doc) }, name: "seed \(seed)") { mismatches.append(m) }
        }
        #expect(objects > 8_000)
        // Objects of a layout met before are read by matching it (the rest are not written alike).
        #expect(matched > 500, "\(matched) objects read by matching a layout")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// Lists of numbers only: those written alike are read by matching their learnt layout.
    @Test func generatedListsReadTheSame() {
        var mismatches: [String] = []
        var matched = 0
        for seed in 0..<UInt64(1_000) {
            var g = Generator(rng: SplitMix64(seed: 90_000 + seed))
            let doc = g.document(count: 1 + g.int(12), mutate: true, kinds: 1)
            _ = Self.transcript(.memory(doc), Self.settings[0], onePass: true, matched: &matched)
            if let m = Self.mismatch({ .memory(doc) }, name: "seed \(seed)") { mismatches.append(m) }
        }
        #expect(matched > 500, "\(matched) lists read by matching a layout")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// Documents of 100–400 KB read from files, so refills of the 64 KiB window land inside
    /// members, keys and numbers.
    @Test func largeFilesReadTheSame() throws {
        let dir = try JSONDifferentialTests.temporaryFolder("members")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var mismatches: [String] = []
        var matched = 0
        for seed in 0..<UInt64(12) {
            var g = Generator(rng: SplitMix64(seed: 50_000 + seed))
            // Objects, and every third file lists of numbers.
            let doc = g.document(count: 1_000 + g.int(3_000), mutate: seed % 2 == 1, kinds: seed % 3 == 2 ? 1 : 0)
            let path = dir + "/\(seed).json"
            if let m = try Self.mismatch({ try JSONDifferentialTests.file(doc, at: path) }, name: "file seed \(seed)") {
                mismatches.append(m)
            }
            let file = try JSONDifferentialTests.file(doc, at: path)
            _ = Self.transcript(file, Self.settings[4], onePass: true, matched: &matched)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
        #expect(matched > 500, "\(matched) elements read by matching a layout")
    }

    /// An object, and a list, placed at each of 200 offsets before the first refill (64 KiB), so
    /// that each of its bytes in turn is the window's last: every key and number is cut by the
    /// window's end once.
    @Test func membersAtTheWindowEdgeReadTheSame() throws {
        let dir = try JSONDifferentialTests.temporaryFolder("members-edge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let object =
            #"{"name": "nose", "x": 0.23227007964221316, "y":"# + String(repeating: " ", count: 60)
            + #"-12345678901234567890, "z": 0.1234567890123456789012345, "visibility": 1e5, "#
            + #""presence": 0.957638813001}"#
        // Written alike four times: the ones after the first are read by matching its layout
        // (but the fifth element, which the transcript steps over).
        let learnt =
            #"{"name": "nose", "x": 0.23227007964221316, "y": -1234567890123456789, "z": 0.5, "#
            + #""visibility": 1e5, "presence": 0.957638813001}"#
        // The same for lists of numbers.
        let list =
            "[0.23227007964221316," + String(repeating: " ", count: 60)
            + "-12345678901234567890, 0.1234567890123456789012345, 1e5]"
        let learntList = "[0.23227007964221316, -1234567890123456789, 0.5, 1e5]"
        var mismatches: [String] = []
        var matched = 0
        var listsMatched = 0
        for k in 0..<200 {
            for (first, then) in [(object, learnt), (list, learntList)] {
                let doc =
                    [UInt8(ascii: "[")] + Array(repeating: 0x20, count: 65_536 - 1 - k)
                    + Array("\(first), \(first), \(then), \(then), \(then), \(then)]".utf8)
                let path = dir + "/\(k).json"
                if let m = try Self.mismatch({ try JSONDifferentialTests.file(doc, at: path) }, name: "offset \(k)") {
                    mismatches.append(m)
                }
                let file = try JSONDifferentialTests.file(doc, at: path)
                if first == list {
                    _ = Self.transcript(file, Self.settings[4], onePass: true, matched: &listsMatched)
                } else {
                    _ = Self.transcript(file, Self.settings[4], onePass: true, matched: &matched)
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
        #expect(matched >= 200, "\(matched) objects read by matching a layout")
        #expect(listsMatched >= 200, "\(listsMatched) lists read by matching a layout")
    }
}
