// The strict JSON scanner: events, errors with exact locations, hostile input, conformance.
import Foundation
import PoseSynth
import Testing

@testable import PoseFormats
@testable import PoseScanning

struct JSONScannerTests {
    static func events(_ s: String) throws -> [JSONEvent] {
        var sc = JSONScanner(string: s)
        var out: [JSONEvent] = []
        while let e = try sc.next() { out.append(e) }
        return out
    }

    static func failure(_ s: String, allowNonFinite: Bool = false) -> FormatError? {
        var sc = JSONScanner(bytes: Array(s.utf8), allowNonFinite: allowNonFinite)
        do {
            while try sc.next() != nil {}
            return nil
        } catch { return error }
    }

    @Test func eventsOfADocument() throws {
        #expect(
            try Self.events(#"{"a": [1, -2.5e1, "x\n\u00e9\ud83d\ude00"], "b": {"c": null, "d": true}}"#) == [
                .beginObject, .key("a"), .beginArray, .number(1), .number(-25), .string("x\né😀"), .endArray,
                .key("b"), .beginObject, .key("c"), .null, .key("d"), .bool(true), .endObject, .endObject,
            ])
        #expect(try Self.events("\u{FEFF} [ ] ") == [.beginArray, .endArray])
    }

    @Test(
        "errors carry a stable code and line:column",
        arguments: [
            ("", "empty_input", 1, 1),
            ("[1,]", "trailing_comma", 1, 4),
            ("{\"a\":1,}", "trailing_comma", 1, 8),
            ("[1\n,2,\n]", "trailing_comma", 3, 1),
            ("{\"a\":1,\"a\":2}", "duplicate_key", 1, 8),
            ("[NaN]", "invalid_token_NaN", 1, 2),
            ("[-Infinity]", "invalid_token_Infinity", 1, 2),
            ("[01]", "invalid_number", 1, 3),
            ("[1.]", "invalid_number", 1, 4),
            ("[0x10]", "invalid_number", 1, 3),
            ("[\"a\tb\"]", "control_character", 1, 4),
            ("[\"\\x\"]", "invalid_escape", 1, 3),
            ("[\"\\ud800\"]", "lone_surrogate", 1, 3),
            ("[\"é\u{1}\"]", "control_character", 1, 4),
            ("[1] [2]", "trailing_data", 1, 5),
            ("[tru]", "invalid_token", 1, 2),
            ("{\"a\" 1}", "unexpected_character", 1, 6),
            ("[1", "unexpected_eof", 1, 3),
            ("[\"abc", "unexpected_eof", 1, 6),
            // The input ends inside a number or a literal: cut short, not invalid.
            ("[1.", "unexpected_eof", 1, 4),
            ("[-", "unexpected_eof", 1, 3),
            ("[2e+", "unexpected_eof", 1, 5),
            ("[nul", "unexpected_eof", 1, 2),
            ("[1.e", "invalid_number", 1, 4),
            ("// c\n[]", "unexpected_character", 1, 1),
        ])
    func errors(_ input: String, _ code: String, _ line: Int, _ column: Int) throws {
        let e = try #require(Self.failure(input), "\(input) was accepted")
        #expect(e.code == code, "\(input): \(e)")
        #expect(e.location?.line == line && e.location?.column == column, "\(input): \(e)")
        #expect(e.kind == .invalidJSON || code == "empty_input")
    }

    @Test func invalidUTF8IsLocated() throws {
        let e = try #require(Self.failureBytes([0x5B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x5D]))
        #expect(e.code == "invalid_utf8" && e.location?.column == 4)
        // An encoded surrogate.
        #expect(Self.failureBytes([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D])?.code == "invalid_utf8")
        #expect(Self.failureBytes([0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D])?.code == "invalid_utf8")  // overlong
        #expect(Self.failureBytes([0xFF, 0xFE, 0x5B, 0x00])?.code == "unsupported_encoding")
    }

    static func failureBytes(_ b: [UInt8]) -> FormatError? {
        var sc = JSONScanner(bytes: b)
        do {
            while try sc.next() != nil {}
            return nil
        } catch { return error }
    }

    @Test func nonFiniteTokensOnlyWhenAllowed() throws {
        var sc = JSONScanner(bytes: Array("[NaN, Infinity, -Infinity, 1e400]".utf8), allowNonFinite: true)
        var got: [JSONEvent] = []
        while let e = try sc.next() { got.append(e) }
        #expect(got == [.beginArray, .nonFinite, .nonFinite, .nonFinite, .nonFinite, .endArray])
    }

    @Test func depthIsLimitedWithoutRecursion() throws {
        let deep = String(repeating: "[", count: 100_000)
        let e = try #require(Self.failure(deep))
        #expect(e.code == "nesting_too_deep" && e.location?.column == 65)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(Self.failure(ok) == nil)
        // readValue on the deepest allowed document does not overflow the stack either.
        #expect(throws: Never.self) { try JSONScanner.parseDocument(.memory(Array(ok.utf8))) }
    }

    @Test func columnsCountScalarsNotBytes() throws {
        let e = try #require(Self.failure("[\"ééé\", x]"))
        #expect(e.location?.column == 9)
    }

    @Test func streamingFromAFileMatchesMemory() throws {
        // A document larger than the 64 KiB window, with an error near the end.
        var text = "[\n"
        for i in 0..<5000 { text += "{\"i\": \(i), \"name\": \"élan \(i)\", \"v\": [1.5, 2.5e-3]},\n" }
        text += "{\"last\": tru}\n]"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-stream-\(UInt32.random(in: 0...UInt32.max)).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        func run(_ input: ByteInput) -> (Int, FormatError?) {
            var sc = JSONScanner(input)
            var n = 0
            do {
                while try sc.next() != nil { n += 1 }
                return (n, nil)
            } catch { return (n, error) }
        }
        let fromFile = run(try ByteInput.open(path: url.path))
        let fromMemory = run(.memory(Array(text.utf8)))
        #expect(fromFile.0 == fromMemory.0)
        #expect(fromFile.1?.location == fromMemory.1?.location)
        #expect(fromFile.1?.location?.line == 5002 && fromFile.1?.location?.column == 10)
    }
}

/// nst/JSONTestSuite: y_ accepted, n_ rejected, i_ decided as documented below.
struct JSONTestSuiteConformance {
    static let folder = PackagePaths.conformance + "/JSONTestSuite/test_parsing"
    static let available = FileManager.default.fileExists(atPath: folder)
    static let files: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()) ?? []

    /// Implementation-defined cases this scanner accepts: numbers beyond a Double's range (valid
    /// JSON; they come out as `.nonFinite` or 0 and readers flag non-finite values), and a leading
    /// UTF-8 byte-order mark. Every other `i_` file is rejected: invalid UTF-8, lone or broken
    /// UTF-16 surrogates, UTF-16 input, and 500 nested arrays (the depth limit is 64).
    /// The suite is run with duplicate-key rejection off: `y_object_duplicated_key*` are valid
    /// syntax. With the default policy, which every reader uses, they are `duplicate_key` errors.
    static let acceptedImplementationDefined: Set<String> = [
        "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json", "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json", "i_number_too_big_neg_int.json", "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json", "i_structure_UTF-8_BOM_empty_object.json",
    ]

    static func accepts(_ bytes: [UInt8]) -> Bool {
        (try? JSONScanner.parseDocument(.memory(bytes), rejectsDuplicateKeys: false)) != nil
    }

    @Test(.enabled(if: available, "../shared/conformance/JSONTestSuite is absent: conformance not run"))
    func suite() throws {
        var y = 0
        var n = 0
        var i = 0
        for name in Self.files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name)))
            let accepted = Self.accepts(bytes)
            switch name.prefix(2) {
            case "y_":
                y += 1
                #expect(accepted, "\(name) must be accepted")
            case "n_":
                n += 1
                #expect(!accepted, "\(name) must be rejected")
            default:
                i += 1
                #expect(
                    accepted == Self.acceptedImplementationDefined.contains(name),
                    "\(name): accepted=\(accepted), not as documented")
            }
        }
        #expect(y == 95 && n == 188 && i == 35)
    }

    @Test(.enabled(if: available, "../shared/conformance/JSONTestSuite is absent: prefix test not run"))
    func everyPrefixEndsCleanly() throws {
        for name in Self.files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name)))
            // The scanner never reads more than 4 bytes past the offset where it stops on the
            // whole file, so every longer prefix is read identically: test up to that point.
            var whole = JSONScanner(bytes: bytes)
            var stop = bytes.count
            do { while try whole.next() != nil {} } catch {
                stop = min(bytes.count, (error.location?.offset ?? bytes.count) + 8)
            }
            for k in 0...stop {
                // Truncate the window instead of copying each prefix.
                var sc = JSONScanner(bytes: bytes)
                sc.window.count = k
                do { while try sc.next() != nil {} } catch {}
            }
        }
    }
}
