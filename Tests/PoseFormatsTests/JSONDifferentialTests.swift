// The JSON scanner against a frozen copy of itself (ReferenceJSONScanner): on every fixture,
// every JSONTestSuite file, generated documents and their mutations and truncations, from
// memory and from files (so 64 KiB window refills land inside tokens), both must give the same
// events with the same depths and locations, and the same error (code, message, location),
// strict and lenient, with and without multiple documents and duplicate-key rejection, also
// when `skip`, `skipStructurally` and `readValue` are interleaved with `next()`.
import Foundation
import PoseSynth
import Testing

@testable import PoseScanning

/// What the differential test asks of a scanner: the API both scanners share.
protocol DifferentialScanner {
    /// A scanner over `input`.
    init(_ input: ByteInput, path: String, allowNonFinite: Bool)
    /// Whether several top-level documents may follow each other.
    var allowsMultipleDocuments: Bool { get set }
    /// Whether a key repeated in one object is an error.
    var rejectsDuplicateKeys: Bool { get set }
    /// How deep the scanner is.
    var depth: Int { get }
    /// Where the last event started.
    var eventLocation: PoseScanning.SourceLocation { mutating get }
    /// Where the scanner is now.
    var location: PoseScanning.SourceLocation { mutating get }
    /// The next event, or nil at the end.
    mutating func next() throws(FormatError) -> JSONEvent?
    /// Skips the value `first` began, event by event.
    mutating func skip(after first: JSONEvent) throws(FormatError)
    /// Skips the value `first` began, by brackets and strings only.
    mutating func skipStructurally(after first: JSONEvent) throws(FormatError)
    /// Reads the value `first` began into a tree.
    mutating func readValue(after first: JSONEvent) throws(FormatError) -> JSONValue
}

extension JSONScanner: DifferentialScanner {}
extension ReferenceJSONScanner: DifferentialScanner {}

struct JSONDifferentialTests {
    /// One thing a scanner said: an event (with its depth after it), a node of a value read
    /// whole, a skip, the error or the end, and where.
    struct Said: Equatable, CustomStringConvertible {
        var text: String
        var line = 0
        var column = 0
        var offset = -1

        init(_ text: String, _ location: PoseScanning.SourceLocation? = nil) {
            self.text = text
            line = location?.line ?? 0
            column = location?.column ?? 0
            offset = location?.offset ?? -1
        }

        var description: String { "\(text) @\(line):\(column)+\(offset)" }
    }

    /// The settings a scanner runs with.
    struct Mode: CustomStringConvertible {
        var lenient: Bool
        var multiple: Bool
        var duplicates: Bool

        /// All eight combinations.
        static let all: [Mode] = (0..<8).map {
            Mode(lenient: $0 & 1 != 0, multiple: $0 & 2 != 0, duplicates: $0 & 4 != 0)
        }
        /// Three the readers use: strict; lenient JSON Lines; syntax only.
        static let usual: [Mode] = [
            Mode(lenient: false, multiple: false, duplicates: true),
            Mode(lenient: true, multiple: true, duplicates: true),
            Mode(lenient: false, multiple: false, duplicates: false),
        ]

        var description: String {
            "\(lenient ? "lenient" : "strict")\(multiple ? " multi" : "")\(duplicates ? "" : " dup-ok")"
        }
    }

    /// The nodes of a value read whole, depth first, each with its location.
    static func flatten(_ v: JSONValue, into out: inout [Said]) {
        switch v.kind {
        case .object(let members):
            out.append(Said("value object \(members.count)", v.location))
            for member in members {
                out.append(Said("member \(member.key)"))
                flatten(member.value, into: &out)
            }
        case .array(let items):
            out.append(Said("value array \(items.count)", v.location))
            for i in items { flatten(i, into: &out) }
        default: out.append(Said("value \(v.kind)", v.location))
        }
    }

    /// Everything a scanner says: each event with its depth and location, then the error or the
    /// end. With `ops`, after some events chosen by that seed the rest of the value is skipped
    /// (event by event or structurally) or read whole instead. With `locationEvery`, only every
    /// so many events and skips ask where they are (lines are counted when asked for, so errors
    /// and later locations must come out right without the counts in between).
    static func transcript<S: DifferentialScanner>(
        _: S.Type, _ input: ByteInput, mode: Mode, ops: UInt64? = nil, limit: Int = 1_000_000,
        locationEvery: Int = 1
    ) -> [Said] {
        var s = S(input, path: "doc.json", allowNonFinite: mode.lenient)
        s.allowsMultipleDocuments = mode.multiple
        s.rejectsDuplicateKeys = mode.duplicates
        var rng = SplitMix64(seed: ops ?? 0)
        var out: [Said] = []
        func asked() -> Bool { out.count % locationEvery == 0 }
        do {
            while out.count < limit, let e = try s.next() {
                out.append(Said("\(e) d\(s.depth)", asked() ? s.eventLocation : nil))
                guard ops != nil, e != .endArray, e != .endObject else { continue }
                if case .key = e { continue }
                switch rng.next() % 8 {
                case 0:
                    try s.skip(after: e)
                    out.append(Said("skipped d\(s.depth)", asked() ? s.location : nil))
                case 1:
                    try s.skipStructurally(after: e)
                    out.append(Said("skipped structurally d\(s.depth)", asked() ? s.location : nil))
                case 2:
                    flatten(try s.readValue(after: e), into: &out)
                    out.append(Said("read d\(s.depth)", asked() ? s.location : nil))
                default: break
                }
            }
            out.append(Said("end"))
        } catch {
            out.append(Said("error \(error.code) \(error.kind) \(error.message) \(error.path)", error.location))
        }
        return out
    }

    /// The line and column of `offset` counted from the bytes (LF, CRLF and a lone CR end a
    /// line; columns count Unicode scalars, from 1).
    static func truth(_ bytes: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
        var line = 1
        // A byte-order mark is no column (the reference counts it as one).
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] == 0x0A || bytes[i] == 0x0D {
                if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                line += 1
                start = i + 1
            }
            i += 1
        }
        let column = 1 + (start < end ? bytes[start..<end].count { $0 & 0xC0 != 0x80 } : 0)
        return (line, column)
    }

    /// Where the two transcripts part, in words; nil when they agree. Entries that differ
    /// only in line:column are accepted when the new scanner's is the true one (the reference
    /// gives a key split by a window refill a column too many, and counts a byte-order mark as
    /// a column of line 1), and so is the new scanner's
    /// `unexpected_eof` where the input ends inside a number or a literal, which the
    /// reference calls invalid (`cutInsideToken`).
    static func difference(_ new: [Said], _ old: [Said], bytes: [UInt8]) -> String? {
        for i in 0..<max(new.count, old.count) {
            let x = i < new.count ? new[i] : nil
            let y = i < old.count ? old[i] : nil
            guard let x, let y else {
                return
                    "entry \(i): new \(x.map { "\($0)" } ?? "(nothing)") vs reference \(y.map { "\($0)" } ?? "(nothing)")"
            }
            if x == y { continue }
            if cutInsideToken(x, y, bytes) { continue }
            if x.text == y.text, x.offset == y.offset, x.offset >= 0 {
                let t = truth(bytes, x.offset)
                if (x.line, x.column) == (t.line, t.column) { continue }
            }
            let before = i > 0 ? " (after \(new[i - 1]))" : ""
            return "entry \(i): new \(x) vs reference \(y)\(before)"
        }
        return nil
    }

    /// True when the new scanner says the input ends inside a number or a literal where the
    /// reference says it is invalid: the same place, and nothing after it but the token's
    /// bytes.
    static func cutInsideToken(_ new: Said, _ old: Said, _ bytes: [UInt8]) -> Bool {
        guard new.text.hasPrefix("error unexpected_eof "), new.offset == old.offset, new.offset >= 0,
            old.text.hasPrefix("error invalid_number ") || old.text.hasPrefix("error invalid_token ")
        else { return false }
        let tokenBytes = Set("0123456789+-.eEtrufalsnNIiy".utf8)
        return bytes[min(new.offset, bytes.count)...].allSatisfy(tokenBytes.contains)
    }

    /// Compares both scanners on `input` in each mode (and with `ops`, interleaving skips and
    /// whole reads); nil when they agree, else what and where, naming `name`.
    static func mismatch(
        _ input: ByteInput, bytes: [UInt8], name: @autoclosure () -> String, modes: [Mode] = Mode.all,
        ops: UInt64? = nil, locationEvery: Int = 1
    ) -> String? {
        for mode in modes {
            let a = transcript(JSONScanner.self, input, mode: mode, ops: ops, locationEvery: locationEvery)
            let b = transcript(ReferenceJSONScanner.self, input, mode: mode, ops: ops, locationEvery: locationEvery)
            if let d = difference(a, b, bytes: bytes) {
                let shown = String(decoding: bytes.prefix(160), as: UTF8.self).debugDescription
                return "\(name()) [\(mode)\(ops.map { ", ops \($0)" } ?? "")]: \(d); \(bytes.count) bytes: \(shown)"
            }
        }
        return nil
    }

    /// A scratch folder for files, removed by the caller.
    static func temporaryFolder(_ tag: String) throws -> String {
        let dir = NSTemporaryDirectory() + "posecheck-jsondiff-\(tag)-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `bytes` to `path` and opens it as a file input (read through the 64 KiB window).
    static func file(_ bytes: [UInt8], at path: String) throws -> ByteInput {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try ByteInput.open(path: path)
    }

    static var fixtureFiles: [String] {
        var files: [String] = []
        let root = PackagePaths.fixtures
        let e = FileManager.default.enumerator(atPath: root)
        while let name = e?.nextObject() as? String {
            if name.hasSuffix(".json") || name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") {
                files.append(root + "/" + name)
            }
        }
        return files.sorted()
    }

    @Test func everyFixtureReadsTheSame() throws {
        let files = Self.fixtureFiles
        #expect(files.count > 50)
        var mismatches: [String] = []
        for (n, path) in files.enumerated() {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            // Small files in every setting, from the file and from memory, with skips and
            // whole reads, and cut at 12 places; large ones (most of the bytes) in fewer ways,
            // so the suite stays fast in a debug build.
            let small = bytes.count < 20_000
            let input = try ByteInput.open(path: path)
            if let m = Self.mismatch(input, bytes: bytes, name: path, modes: small ? Mode.all : [Mode.usual[0]]) {
                mismatches.append(m)
            }
            if small, let m = Self.mismatch(.memory(bytes), bytes: bytes, name: path + " (memory)", modes: Mode.usual) {
                mismatches.append(m)
            }
            let opsModes = small ? Mode.usual : n % 3 == 0 && bytes.count < 200_000 ? [Mode.usual[1]] : []
            if let m = Self.mismatch(.memory(bytes), bytes: bytes, name: path, modes: opsModes, ops: UInt64(n)) {
                mismatches.append(m)
            }
            let cuts = small ? 12 : n % 2
            for cut in Set((0..<cuts).map { ($0 + 1) * bytes.count / (cuts + 1) + $0 % 7 }) where cut < bytes.count {
                let prefix = Array(bytes[..<cut])
                let modes = small ? Mode.usual : [Mode.usual[0]]
                if let m = Self.mismatch(.memory(prefix), bytes: prefix, name: "\(path) prefix \(cut)", modes: modes) {
                    mismatches.append(m)
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    @Test(.enabled(if: JSONTestSuiteConformance.available, "../shared/conformance/JSONTestSuite is absent"))
    func jsonTestSuiteReadsTheSame() throws {
        var mismatches: [String] = []
        let folder = JSONTestSuiteConformance.folder
        for (n, name) in JSONTestSuiteConformance.files.enumerated() {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name) ?? Data())
            if let m = Self.mismatch(.memory(bytes), bytes: bytes, name: name) { mismatches.append(m) }
            if let m = Self.mismatch(.memory(bytes), bytes: bytes, name: name, modes: Mode.usual, ops: UInt64(n)) {
                mismatches.append(m)
            }
            // The same bytes padded with spaces, so tokens are never at the very end.
            let padded = bytes + Array(repeating: 0x20, count: 64)
            if let m = Self.mismatch(.memory(padded), bytes: padded, name: name + " padded", modes: Mode.usual) {
                mismatches.append(m)
            }
        }
        #expect(JSONTestSuiteConformance.files.count > 300)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    // MARK: generated documents

    /// A random JSON-ish document: valid most of the time, with every kind of token, spacing
    /// (LF, CR, CRLF, tabs), escapes, non-ASCII text, numbers of every shape, words, duplicate
    /// keys and (sometimes) mistakes.
    struct Generator {
        var rng: SplitMix64
        var out: [UInt8] = []

        mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        mutating func space() {
            switch int(10) {
            case 0: out += Array("\n  ".utf8)
            case 1: out += Array(repeating: 0x20, count: int(20))
            case 2: out += Array("\r\n\t ".utf8)
            case 3: out += [0x20]
            case 4: out += Array("\n".utf8) + Array(repeating: 0x20, count: int(12))
            case 5: out += Array("\r".utf8) + Array(repeating: 0x09, count: int(3))
            case 6: out += Array("\t\r\n\r\n".utf8)
            default: break
            }
        }

        static let pieces: [String] = [
            "a", "x", "y", "z", "visibility", "presence", "name", "é", "😀", "\\n", "\\\"", "\\u00e9",
            "\\ud83d\\ude00", "\\u212A", "K", "left_shoulder", " ", "abcdefghijklmnop", "\\/", "\\t",
            "日本", "\\\\", "\\u0000", "\\b\\f\\r", "Ω", "\u{10FFFF}", "\\uD834\\uDD1E", "\\uFFFF",
        ]
        static let keys: [String] = ["a", "x", "y", "name", "é", "😀", "\\u0061", "a\\n"]
        static let numbers: [String] = [
            "0", "-0", "1", "0.5", "-12.25", "1e5", "1E-7", "0.123456789012345678", "3.141592653589793",
            "-0.000001", "123456789012345678901234567890", "1e400", "-1e400", "2.2250738585072014e-308",
            "0.49999999999999994", "12345678901234567890.5", "9007199254740993", "1.7976931348623157e308",
            "5e-324", "4.9e-325", "1.0e+10", "-1E+2", "0e0", "7", "42", "-987654321", "1.5E308", "1e-400",
            "01", "1.", ".5", "-", "1e", "+1", "1.e5", "0x10", "1e+", "--1", "2.5e3.1",
        ]
        static let words: [String] = [
            "true", "false", "null", "NaN", "Infinity", "-Infinity", "tru", "nul", "nan", "-Inf", "truex",
        ]

        static let replacements: [UInt8] =
            Array("{}[],:\"\\ 0.-eE\ntxu".utf8) + [0x80, 0xFF, 0xC3, 0xE2, 0xF0, 0xED, 0x00, 0x0D, 0x1F, 0xEF]

        mutating func string(key: Bool = false) {
            out.append(0x22)
            if key, int(3) > 0 {
                out += Array(Self.keys[int(Self.keys.count)].utf8)
            } else {
                for _ in 0..<int(5) { out += Array(Self.pieces[int(Self.pieces.count)].utf8) }
            }
            out.append(0x22)
        }

        mutating func number() {
            // Mostly valid numbers; a few of the invalid shapes.
            let valid = 28
            let n = int(12) == 0 ? int(Self.numbers.count) : int(valid)
            out += Array(Self.numbers[n].utf8)
        }

        mutating func value(depth: Int) {
            space()
            switch depth > 6 ? 2 + int(4) : int(8) {
            case 0:
                out.append(UInt8(ascii: "{"))
                let n = int(5)
                for i in 0..<n {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    space()
                    string(key: true)
                    space()
                    out.append(UInt8(ascii: ":"))
                    value(depth: depth + 1)
                }
                space()
                out.append(UInt8(ascii: "}"))
            case 1, 7:
                out.append(UInt8(ascii: "["))
                let n = int(6)
                for i in 0..<n {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    value(depth: depth + 1)
                }
                space()
                out.append(UInt8(ascii: "]"))
            case 2: string()
            case 3, 4: number()
            default: out += Array((int(8) == 0 ? Self.words[int(Self.words.count)] : Self.words[int(6)]).utf8)
            }
            space()
        }

        /// One document or several (JSON Lines), then (sometimes) mutations: bytes replaced,
        /// removed or duplicated, or the end cut off.
        mutating func document() -> [UInt8] {
            out = []
            if int(6) == 0 { out += [0xEF, 0xBB, 0xBF] }
            value(depth: 0)
            if int(5) == 0 {
                for _ in 0..<1 + int(3) {
                    out.append(0x0A)
                    value(depth: 1)
                }
            }
            if int(2) == 0, !out.isEmpty {
                for _ in 0..<1 + int(3) where !out.isEmpty {
                    let at = int(out.count)
                    switch int(4) {
                    case 0: out[at] = Self.replacements[int(Self.replacements.count)]
                    case 1: out.remove(at: at)
                    case 2: out.insert(out[at], at: at)
                    default: out.removeSubrange(at...)
                    }
                }
            }
            return out
        }
    }

    @Test func generatedDocumentsReadTheSame() {
        var mismatches: [String] = []
        for seed in 0..<UInt64(4_000) {
            var g = Generator(rng: SplitMix64(seed: seed))
            let doc = g.document()
            if let m = Self.mismatch(.memory(doc), bytes: doc, name: "generated seed \(seed)") {
                mismatches.append(m)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    @Test func skipsAndWholeReadsInterleavedReadTheSame() {
        var mismatches: [String] = []
        for seed in 0..<UInt64(3_000) {
            var g = Generator(rng: SplitMix64(seed: 1_000_000 + seed))
            let doc = g.document()
            for k in 0..<UInt64(2) {
                if let m = Self.mismatch(
                    .memory(doc), bytes: doc, name: "generated seed \(1_000_000 + seed)", modes: Mode.usual,
                    ops: seed * 2 + k)
                {
                    mismatches.append(m)
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// A large document: an array of generated values with long strings, whitespace runs,
    /// CRLF runs and long numbers between them, so window refills land inside every kind of
    /// token; then (for odd seeds) mutated or cut far into the file.
    static func largeDocument(seed: UInt64, atLeast minimum: Int = 70_000) -> [UInt8] {
        var g = Generator(rng: SplitMix64(seed: seed))
        var doc = Array("[".utf8)
        var k = 0
        let size = minimum + g.int(150_000)
        while doc.count < size {
            if k > 0 { doc.append(UInt8(ascii: ",")) }
            switch g.int(12) {
            case 0:
                doc += Array("\"".utf8)
                let piece = Array(["ab", "é", "😀", "\\n", "\\u00e9", "日"][g.int(6)].utf8)
                for _ in 0..<g.int(40_000) { doc += piece }
                doc += Array("\"".utf8)
            case 1:
                doc += Array(repeating: [0x20, 0x09, 0x0A, 0x0D][g.int(4)], count: g.int(70_000))
                doc += Array("0".utf8)
            case 2:
                for _ in 0..<g.int(30_000) { doc += [0x0D, 0x0A] }
                doc += Array("null".utf8)
            case 3:
                doc += Array("-1".utf8) + Array(repeating: UInt8(ascii: "7"), count: g.int(70_000))
                doc += Array(".25e-3".utf8)
            case 4:
                doc += Array("{\"".utf8) + Array(repeating: UInt8(ascii: "k"), count: g.int(70_000))
                doc += Array("\" : 1, \"é😀\" : {\"a\":[1,2]}}".utf8)
            default:
                g.out = []
                g.value(depth: 1)
                doc += g.out
            }
            k += 1
        }
        doc += Array("]\n".utf8)
        if seed % 2 == 1 {
            let at = g.int(doc.count)
            switch g.int(3) {
            case 0: doc[at] = Generator.replacements[g.int(Generator.replacements.count)]
            case 1: doc.insert(UInt8(ascii: ","), at: at)
            default: doc.removeSubrange(at...)
            }
        }
        return doc
    }

    /// Large documents from files and from memory, with every setting and with skips and whole
    /// reads interleaved.
    @Test func largeFilesReadTheSame() throws {
        let dir = try Self.temporaryFolder("large")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var mismatches: [String] = []
        for seed in 0..<UInt64(16) {
            let doc = Self.largeDocument(seed: seed)
            let input = try Self.file(doc, at: dir + "/doc\(seed).json")
            let name = "large seed \(seed)"
            if let m = Self.mismatch(input, bytes: doc, name: name + " (file)") { mismatches.append(m) }
            if let m = Self.mismatch(.memory(doc), bytes: doc, name: name + " (memory)", modes: Mode.usual) {
                mismatches.append(m)
            }
            if let m = Self.mismatch(input, bytes: doc, name: name + " (file)", modes: Mode.usual, ops: seed) {
                mismatches.append(m)
            }
            if let m = Self.mismatch(
                input, bytes: doc, name: name + " (file, few locations)", modes: Mode.usual, ops: seed,
                locationEvery: 97)
            {
                mismatches.append(m)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// Large documents of several chunks read ahead on a thread of their own (`ChunkPrefetcher`),
    /// so refills land inside tokens shorter and longer than the room before a chunk.
    @Test func filesReadAheadReadTheSame() throws {
        let dir = try Self.temporaryFolder("ahead")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var mismatches: [String] = []
        for seed in 0..<UInt64(4) {
            let doc = Self.largeDocument(seed: seed, atLeast: 4 * ChunkPrefetcher.chunkSize)
            let input = try Self.file(doc, at: dir + "/doc\(seed).json")
            guard case .file(let f) = input else { continue }
            f.readsAhead = true
            let name = "read ahead, seed \(seed)"
            if let m = Self.mismatch(input, bytes: doc, name: name, modes: Mode.usual, ops: seed) {
                mismatches.append(m)
            }
            if let m = Self.mismatch(
                input, bytes: doc, name: name + ", few locations", modes: Mode.usual, ops: seed, locationEvery: 97)
            {
                mismatches.append(m)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// A large value skipped structurally from its first event, whose location is not asked
    /// before the skip: the error at the end of a cut document, the location after the skip,
    /// and then the value's first event's, far behind the window by then, come out as the
    /// reference's.
    @Test func locationsAskedAfterALongSkipReadTheSame() throws {
        let dir = try Self.temporaryFolder("late")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func said<S: DifferentialScanner>(_: S.Type, _ input: ByteInput) -> [Said] {
            var s = S(input, path: "doc.json", allowNonFinite: false)
            var out: [Said] = []
            do {
                // `{`, the key, `1`, the key, each with its location; then the large value's `[`.
                for _ in 0..<4 {
                    guard let e = try s.next() else { return out }
                    out.append(Said("\(e)", s.eventLocation))
                }
                guard let first = try s.next() else { return out }
                try s.skipStructurally(after: first)
                out.append(Said("skipped", s.location))
            } catch {
                out.append(Said("error \(error.code) \(error.message)", error.location))
            }
            out.append(Said("first event", s.eventLocation))
            return out
        }
        var mismatches: [String] = []
        for seed in 0..<UInt64(6) {
            var doc = Array("{\"a\" : 1,\r\n  \"é\" :\n".utf8)
            doc += Self.largeDocument(seed: seed, atLeast: 3 * ChunkPrefetcher.chunkSize)
            doc += Array("}".utf8)
            if seed % 2 == 0 { doc.removeLast(3) }
            for readsAhead in [false, true] {
                let input = try Self.file(doc, at: dir + "/doc\(seed)-\(readsAhead).json")
                guard case .file(let f) = input else { continue }
                f.readsAhead = readsAhead
                let new = said(JSONScanner.self, input)
                let old = said(ReferenceJSONScanner.self, input)
                if let d = Self.difference(new, old, bytes: doc) {
                    mismatches.append("seed \(seed), read ahead \(readsAhead): \(d)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// Keys, strings, numbers, words, escapes, CRLF pairs and UTF-8 sequences at every byte
    /// around the 64 KiB window's edge (offset 65536), with and without whitespace before the
    /// colon, and the same documents cut short.
    @Test func tokensAtTheWindowEdgeReadTheSame() throws {
        let dir = try Self.temporaryFolder("edge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var mismatches: [String] = []
        let tails = [
            #"{"visibility":0.5,"na\u006De":"left_knee"}]"#,
            #"{"visibility"   :  0.123456789012345678, "x":"é"}]"#,
            #"{"k" :1e5,"K":-0}]"#,
            "{\"é😀\":\r\n\"日本\",\"a\":true,\"b\":null}]",
            #"{"a":1,"a":2}]"#,
            #"[NaN,-Infinity,"\ud83d\ude00",false]]"#,
            "{\"x\"\r:\r\n1\t,\"y\":[\"\\\"\\\\\"]}]",
            #"{"a":tru}]"#,
        ]
        for (t, tail) in tails.enumerated() {
            for shift in 0..<24 {
                // Spaces, CRLF pairs, or a string of two-byte scalars, up to just before the edge.
                let lead = [" ", "\r\n", "é"][(t + shift) % 3]
                let inString = lead == "é"
                var doc = Array((inString ? "[\"" : "[").utf8)
                while doc.count < (1 << 16) - 8 - shift - (inString ? 2 : 0) { doc += Array(lead.utf8) }
                if inString { doc += Array("\",".utf8) }
                doc += Array(tail.utf8)
                let path = dir + "/edge.json"
                let name = "tail \(t) shift \(shift) lead \(lead.debugDescription)"
                let input = try Self.file(doc, at: path)
                let mode = Mode.usual[shift % 3]
                if let m = Self.mismatch(input, bytes: doc, name: name, modes: [mode]) { mismatches.append(m) }
                if shift % 2 == 0,
                    let m = Self.mismatch(input, bytes: doc, name: name, modes: [mode], ops: UInt64(shift))
                {
                    mismatches.append(m)
                }
                let cut = Array(doc.dropLast(1 + shift % 7))
                if let m = Self.mismatch(try Self.file(cut, at: path), bytes: cut, name: name + " cut", modes: [mode]) {
                    mismatches.append(m)
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }
}
