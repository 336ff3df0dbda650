// The CSV scanner on its own: record ends, quotes, and every byte-level defect with its location.
import Foundation
import Testing

@testable import PoseFormats
@testable import PoseScanning

struct CSVScannerTests {
    static func records(_ s: String) throws -> [[String]] {
        var sc = CSVScanner(string: s)
        var out: [[String]] = []
        while try sc.nextRecord() { out.append(sc.strings) }
        return out
    }

    static func failure(_ bytes: [UInt8]) -> FormatError? {
        var sc = CSVScanner(bytes: bytes)
        do {
            while try sc.nextRecord() {}
            return nil
        } catch { return error }
    }

    @Test(
        "record ends and quoting",
        arguments: [
            ("a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),  // CRLF: no \\r left in the last field
            ("a,b\nc,d\re,f\r\ng,h", [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]),  // mixed
            ("\u{FEFF}x,y\n1,2\n", [["x", "y"], ["1", "2"]]),  // BOM stripped
            ("a\n\n\nb\n", [["a"], ["b"]]),  // blank lines skipped
            ("\"a,b\",\"c\"\"d\",\"e\nf\"\n", [["a,b", "c\"d", "e\nf"]]),
            ("a,,\n", [["a", "", ""]]),
            ("a\"b,c\n", [["a\"b", "c"]]),  // quote inside an unquoted field
            // Records of changing length: the fast path keeps its field room between records, so
            // a short record after a long one must not show the long one's fields.
            (
                "a,b,c,d,e\n1\n2,3\n4,5,6,7,8,9\n,\n",
                [["a", "b", "c", "d", "e"], ["1"], ["2", "3"], ["4", "5", "6", "7", "8", "9"], ["", ""]]
            ),
            (
                "a,b,c\n\"x\"\n1,2\n\"y\",z,w,v\nq\n",
                [["a", "b", "c"], ["x"], ["1", "2"], ["y", "z", "w", "v"], ["q"]]
            ),  // fast, careful, fast, …
        ] as [(String, [[String]])])
    func parses(_ input: String, _ expected: [[String]]) throws {
        #expect(try Self.records(input) == expected)
    }

    @Test(
        "defects are errors with their location",
        arguments: [
            (Array("a,b\n1,\"2\n3,4\n".utf8), "unterminated_quote", 2, 3),
            (Array("a,b\n1,2\u{0}\n".utf8), "nul_byte", 2, 4),
            ([0x6E, 0x6F, 0x73, 0xE9, 0x5F, 0x78, 0x0A], "invalid_utf8", 1, 4),  // Latin-1 é in a header
            ([0xFF, 0xFE, 0x61, 0x00], "unsupported_encoding", 1, 1),  // UTF-16LE with BOM
            ([], "empty_input", 1, 1),
        ] as [([UInt8], String, Int, Int)])
    func defects(_ input: [UInt8], _ code: String, _ line: Int, _ column: Int) throws {
        let e = try #require(Self.failure(input))
        #expect(e.code == code, "\(e)")
        #expect(e.location?.line == line && e.location?.column == column, "\(e)")
    }

    @Test func fieldSizeIsLimited() throws {
        let big = "a,b\n1," + String(repeating: "9", count: 200_000) + "\n"
        let e = try #require(Self.failure(Array(big.utf8)))
        #expect(e.code == "field_too_large" && e.location?.line == 2 && e.location?.column == 3)
        let quoted = "a\n\"" + String(repeating: "x", count: 131_072) + "\"\n"
        #expect(Self.failure(Array(quoted.utf8))?.code == "field_too_large")
        let fits = "a\n" + String(repeating: "x", count: 131_071) + "\n"
        #expect(Self.failure(Array(fits.utf8)) == nil)
    }

    @Test func numbersFollowTheStrictGrammar() {
        func n(_ s: String) -> ParsedNumber { DecimalNumber.parse(s, grammar: .decimal) }
        #expect(n("1.5") == .value(1.5))
        #expect(n(".5") == .value(0.5) && n("5.") == .value(5) && n("+5") == .value(5) && n("00012") == .value(12))
        #expect(n("-0.000123e+2") == .value(-0.0123))
        for bad in [
            "", "-", ".", "1,5", " 1.5", "1.5 ", "1.5\r", "0x10", "0x1p-1", "1_000", "１２", "1e", "e5", "1..2", "--1",
        ] {
            guard case .invalid = n(bad) else {
                Issue.record("\(bad) accepted")
                continue
            }
        }
        for word in ["nan", "NaN", "-nan", "inf", "-Infinity", "INF", "1e400"] {
            #expect(n(word) == .nonFinite, "\(word)")
        }
        #expect(n("1e-400") == .value(0))
    }

    @Test func streamingFromAFileMatchesMemory() throws {
        var text = "h1,h2,h3\n"
        for i in 0..<20_000 { text += "\(i),\"q \(i), é\",\(Double(i) * 0.25)\r\n" }
        text += "x,\"unterminated\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-csv-\(UInt32.random(in: 0...UInt32.max)).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        func run(_ input: ByteInput) -> (Int, String, FormatError?) {
            var sc = CSVScanner(input)
            var n = 0
            var last = ""
            do {
                while try sc.nextRecord() {
                    n += 1
                    last = sc.string(1)
                }
                return (n, last, nil)
            } catch { return (n, last, error) }
        }
        let a = run(try ByteInput.open(path: url.path))
        let b = run(.memory(Array(text.utf8)))
        #expect(a.0 == 20_001 && a.0 == b.0 && a.1 == "q 19999, é" && a.1 == b.1)
        #expect(a.2?.code == "unterminated_quote" && a.2?.location == b.2?.location && a.2?.location?.line == 20_002)
    }
}

/// Correct rounding: the same Double as strtod for every input.
struct NumberPropertyTests {
    static func strtodValue(_ s: String) -> Double { s.withCString { strtod($0, nil) } }

    static func check(_ s: String, grammar: NumberGrammar = .decimal) -> Bool {
        guard case .value(let v) = DecimalNumber.parse(s, grammar: grammar) else { return false }
        let r = strtodValue(s)
        return v.bitPattern == r.bitPattern
    }

    @Test func edgeCases() {
        let cases = [
            "0", "-0", "0.0", "1", "9007199254740993", "9007199254740992.5", "2.2250738585072011e-308",
            "2.2250738585072014e-308", "4.9406564584124654e-324", "1.7976931348623157e308", "0.1", "0.3",
            "123456789012345678901234567890", "1e22", "1e23", "9.999999999999999e22", "3.0540412499999997e-3",
            "0.000000000000000000000000000001", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "7.2057594037927933e16",
            "2.22507385850720113605740979670913197593481954635164564e-308", "89255.0e-22", "8.9255e-18",
            "0.5326054096221924", "-0.012345678901234567", "9223372036854775808", "1152921504606847104",
            "1152921504606847103", "1152921504606847105", "1.152921504606847104e-9", "0.99999999999999999999",
        ]
        for c in cases { #expect(Self.check(c), "\(c)") }
    }

    /// `check` (grammar only, for values that are not used) says what `parse` says, with
    /// `.value(0)` for every finite number.
    @Test func checkAgreesWithParse() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.-+eEnaif x,")
        var inputs = [
            "", "0", "-0", "+1", "00", "01", "1.", ".5", "-.5", "1.e5", "nan", "-inf", "Infinity", "1e400",
            String(repeating: "9", count: 299), String(repeating: "9", count: 300), String(repeating: "9", count: 400),
            "0." + String(repeating: "1", count: 320), "-", "+", ".", "-.",
        ]
        for _ in 0..<200_000 {
            inputs.append(
                String((0..<Int.random(in: 0...9, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        var mismatches: [String] = []
        for s in inputs {
            for grammar in [NumberGrammar.decimal, .json] {
                var expected = DecimalNumber.parse(s, grammar: grammar)
                if case .value = expected { expected = .value(0) }
                let got = Array(s.utf8).withUnsafeBufferPointer { DecimalNumber.check($0, grammar: grammar) }
                if got != expected { mismatches.append("\(grammar) \"\(s)\": \(got) vs \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    /// The one-step route reads past the number (`parse(_:count:readable:grammar:)`, and the
    /// JSON fast cursor's `numberHere()` and `stepOverNumber()`): whatever follows the number, it gives
    /// what the general `parse` gives, bit for bit, and values match strtod.
    @Test func oneStepRouteAgreesWithParse() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.-+eE".utf8)
        let digits = Array("0123456789".utf8)
        let followers = Array("0123456789.,eE-+ \n}]x".utf8)
        func same(_ a: ParsedNumber, _ b: ParsedNumber) -> Bool {
            if case .value(let x) = a, case .value(let y) = b { return x.bitPattern == y.bitPattern }
            return a == b
        }
        var mismatches: [String] = []
        var values = 0
        for i in 0..<120_000 {
            var s: [UInt8]
            switch i % 4 {
            case 0: s = (0..<Int.random(in: 0...36, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            case 1: s = Array("\(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))".utf8)
            default:
                // Export-style: a sign, a few integer digits (leading zeros too), a point, 0–30 digits.
                s =
                    (Bool.random(using: &rng) ? Array("-".utf8) : [])
                    + (0..<Int.random(in: 0...4, using: &rng)).map { _ in digits.randomElement(using: &rng)! }
                if Int.random(in: 0..<8, using: &rng) > 0 {
                    s +=
                        Array(".".utf8)
                        + (0..<Int.random(in: 0...30, using: &rng)).map { _ in digits.randomElement(using: &rng)! }
                }
                // Every other one with an exponent: e or E, a sign or none, 0–4 digits.
                if i % 4 == 3 {
                    s += Array(["e", "E", "e-", "E+", "e+", "e-0"].randomElement(using: &rng)!.utf8)
                    s += (0..<Int.random(in: 0...4, using: &rng)).map { _ in digits.randomElement(using: &rng)! }
                }
            }
            // What follows: usually a separator, sometimes more digits, a point or an exponent.
            let tail = (0..<DecimalNumber.lookahead).map { _ in followers.randomElement(using: &rng)! }
            let bytes = s + tail
            let text = String(decoding: s, as: UTF8.self)
            bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                for grammar in [NumberGrammar.decimal, .json] {
                    let expected = DecimalNumber.parse(
                        UnsafeBufferPointer(start: base, count: s.count), grammar: grammar)
                    let got = DecimalNumber.parse(base, count: s.count, readable: b.count, grammar: grammar)
                    if !same(got, expected) { mismatches.append("\(grammar) \"\(text)\": \(got) vs \(expected)") }
                    if case .value(let v) = got, grammar == .decimal {
                        values += 1
                        if v.bitPattern != Self.strtodValue(text).bitPattern {
                            mismatches.append("strtod \"\(text)\": \(v)")
                        }
                    }
                }
                // The JSON scanner (one-step route when the shape allows): the number's extent
                // is its run of number bytes, and its value or error is `parse`'s on that run.
                let numberBytes = Set("0123456789+-.eE".utf8)
                let run = bytes.prefix { numberBytes.contains($0) }.count
                // The tail can be number bytes to its end (about once in 90 runs: 120,000 tails
                // of 48 draws, 15 of 21 followers number bytes): the input ends there, which
                // stops a number as a separator does.
                let after = run < bytes.count ? bytes[run] : 0
                let expected: ParsedNumber =
                    JSONScanner.isWordByte(after) || after >= 0x80
                    ? .invalid(offset: run)
                    : DecimalNumber.parse(UnsafeBufferPointer(start: base, count: run), grammar: .json)
                var scanner = JSONScanner(bytes: bytes)
                let got: ParsedNumber
                do throws(FormatError) {
                    got = try scanner.number().map { .value($0) } ?? .nonFinite
                } catch {
                    got = .invalid(offset: (error.location?.offset ?? -1))
                }
                if !same(got, expected) {
                    mismatches.append("scanner \"\(text)\" + \(tail[0]): \(got) vs \(expected)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(values > 40_000)
    }

    @Test func randomValuesRoundTripAndMatchStrtod() {
        var rng = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        for i in 0..<1_000_000 {
            let s: String
            switch i % 6 {
            case 0: s = "\(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))"  // shortest round-trip form
            case 1:
                // 17 significant digits, the case a naive parser gets wrong.
                let mant = UInt64.random(in: 10_000_000_000_000_000...99_999_999_999_999_999, using: &rng)
                s = "\(mant)e\(Int.random(in: -340...290, using: &rng))"
            case 2: s = String(format: "%.6f", Double.random(in: -2000...2000, using: &rng))  // export-style
            case 4:
                // Full-precision exports: 16–19 significant digits, small exponents (the
                // extended-precision path).
                let mant =
                    UInt64.random(in: 1_000_000_000_000_000...9_999_999_999_999_999_999, using: &rng)
                    / UInt64.random(in: 1...1000, using: &rng)
                s = "\(mant)e\(Int.random(in: -30...30, using: &rng))"
            case 5:
                // Exact halfway points between two doubles (integers in [2^60, 2^63), where doubles
                // are 256–1024 apart), one off either side, and the same digits scaled.
                let d = Double(UInt64.random(in: 1 << 60...(1 << 63) - 1, using: &rng))
                let mid = UInt64(d) + UInt64(d.ulp / 2)
                let near = Int.random(in: -1...1, using: &rng)
                s =
                    "\(near < 0 ? mid - 1 : mid + UInt64(near))e\(Int.random(in: -27...27, using: &rng) * (i % 12 == 5 ? 0 : 1))"
            default:
                let digits = (0..<Int.random(in: 1...25, using: &rng)).map { _ in
                    String(Int.random(in: 0...9, using: &rng))
                }.joined()
                s = "0.\(digits)e\(Int.random(in: -30...30, using: &rng))"
            }
            if !Self.check(s) { mismatches.append(s) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}

/// The block scans the CSV split uses: SSE2 (sixteen bytes) on x86-64 and the eight-byte
/// masks elsewhere, and the 64-byte scan built on them, must mark the same delimiters and
/// stops as a byte-by-byte reference; the digit masks likewise.
struct ByteBlockTests {
    /// Delimiter and stop bits of `bytes[i..<i+width]`, byte by byte.
    static func expected(_ bytes: [UInt8], _ i: Int, width: Int, delimiter: UInt8) -> (UInt64, UInt64) {
        var d: UInt64 = 0
        var s: UInt64 = 0
        for k in 0..<width {
            let b = bytes[i + k]
            if b == delimiter { d |= 1 << k }
            if b == 0x0A || b == 0x0D || b == 0x22 || b == 0 || b >= 0x80 { s |= 1 << k }
        }
        return (d, s)
    }

    @Test func blocksMarkDelimitersAndStops() {
        var rng = SystemRandomNumberGenerator()
        // Bytes near every boundary the masks test, and any byte at all.
        let interesting: [UInt8] = [
            0, 0x09, 0x0A, 0x0D, 0x20, 0x21, 0x22, 0x23, 0x2C, 0x2E, 0x2F, 0x30, 0x39, 0x3A, 0x3B, 0x7F, 0x80, 0xC3,
            0xFF,
        ]
        for _ in 0..<20_000 {
            let bytes = (0..<72).map { _ in
                Bool.random(using: &rng)
                    ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            let delimiter: UInt8 = [0x2C, 0x3B, 0x09].randomElement(using: &rng)!
            bytes.withUnsafeBytes { raw in
                guard let p = raw.baseAddress else { return }
                for i in [0, 8, 16, 24] {
                    let e = Self.expected(bytes, i, width: 8, delimiter: delimiter)
                    let got = ByteBlock.scan8(p, i, delimiter: delimiter)
                    #expect(UInt64(got.delimiters) == e.0 && UInt64(got.stops) == e.1, "\(bytes[i..<i + 8])")
                }
                // Whitespace masks, 16 bytes from any start.
                for i in [0, 7] {
                    let e = (0..<16).reduce(UInt32(0)) {
                        $0 | ([0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + $1]) ? 1 << UInt32($1) : 0)
                    }
                    #expect(ByteBlock.whitespace16SWAR(p, i) == e, "\(bytes[i..<i + 16])")
                    #if arch(x86_64)
                    #expect(ByteBlock.whitespace16SSE2(p, i) == e, "\(bytes[i..<i + 16])")
                    #endif
                }
                // Digit masks, 32 bytes from any start.
                for i in [0, 3] {
                    let e = (0..<32).reduce(UInt32(0)) { $0 | (bytes[i + $1] &- 0x30 < 10 ? 1 << UInt32($1) : 0) }
                    #expect(ByteBlock.digits32SWAR(p, i) == e, "\(bytes[i..<i + 32])")
                    #if arch(x86_64)
                    #expect(ByteBlock.digits32SSE2(p, i) == e, "\(bytes[i..<i + 32])")
                    #endif
                }
                #if arch(x86_64)
                for i in [0, 5, 16] {
                    let e = Self.expected(bytes, i, width: 16, delimiter: delimiter)
                    let got = ByteBlock.scan16(p, i, delimiter: delimiter)
                    #expect(UInt64(got.delimiters) == e.0 && UInt64(got.stops) == e.1, "\(bytes[i..<i + 16])")
                }
                #endif
                for i in [0, 3, 8] {
                    let e = Self.expected(bytes, i, width: 64, delimiter: delimiter)
                    let got = ByteBlock.wideScan(p, i, delimiter: delimiter)
                    #expect(got.delimiters == e.0 && got.stops == e.1, "\(bytes[i..<i + 64])")
                }
            }
        }
    }

    /// Line ends counted in blocks (SSE2 and the eight-byte masks) and one at a time at the
    /// end, against a byte-by-byte count: CRs, LFs and CRLFs anywhere, a CRLF across the end of
    /// a block or of the range, a LF right after a CR of the range before, long lines.
    @Test func lineEndsMatchAByteByByteCount() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x0D, 0x20, 0x61, 0x00]
        for round in 0..<20_000 {
            let n = Int.random(in: 0...(round % 10 == 0 ? 9_000 : 90), using: &rng)
            // Every third round, long lines: a line end about every 150 bytes. Every fifth,
            // LFs without CRs (the 64-byte route), dense enough to fill the counters.
            let sparse = round % 3 == 0
            let lfOnly = round % 5 == 1
            let bytes = (0..<n + 64).map { _ in
                sparse && Int.random(in: 0..<50, using: &rng) > 0
                    ? 0x61
                    : lfOnly
                        ? [0x0A, 0x0A, 0x0A, 0x61].randomElement(using: &rng)! : alphabet.randomElement(using: &rng)!
            }
            let from = Int.random(in: 0...n, using: &rng)
            let to = Int.random(in: from...n, using: &rng)
            let afterCR = Bool.random(using: &rng)
            var count = 0
            var last: Int?
            for k in from..<to {
                if bytes[k] == 0x0A {
                    if !(k == from ? afterCR : bytes[k - 1] == 0x0D) { count += 1 }
                    last = k
                } else if bytes[k] == 0x0D {
                    count += 1
                    last = k
                }
            }
            bytes.withUnsafeBytes { raw in
                guard let p = raw.baseAddress else { return }
                let got = ByteBlock.lineEnds(p, from: from, to: to, afterCR: afterCR)
                #expect(got.count == count && got.last == last, "\(from)..<\(to) afterCR \(afterCR): \(got)")
                #if arch(x86_64)
                let sse = ByteBlock.lineEndBlocksSSE2(p, from: from, to: to)
                let swar = ByteBlock.lineEndBlocksSWAR(p, from: from, to: to)
                #expect(sse == swar, "\(from)..<\(to)")
                #endif
            }
        }
    }
}
