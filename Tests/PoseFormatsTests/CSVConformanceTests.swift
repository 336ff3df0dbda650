// Third-party CSV suites, read from ../shared/conformance when present.
import Foundation
import PoseFormats
import PoseScanning
import PoseSynth
import Testing

enum CSVHarness {
    /// All records of an input, or the error.
    static func records(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) -> Result<[[String]], FormatError> {
        var sc = CSVScanner(bytes: bytes, delimiter: delimiter)
        var out: [[String]] = []
        do {
            while try sc.nextRecord() { out.append(sc.strings) }
            return .success(out)
        } catch {
            if error.code == "empty_input" { return .success([]) }
            return .failure(error)
        }
    }

    /// Loads a suite file with our own scanner (Foundation's drops U+FEFF inside strings).
    static func json(_ path: String) throws -> JSONValue {
        try JSONScanner.parseDocument(try ByteInput.open(path: path), path: path)
    }

    static func rows(_ v: JSONValue?) -> [[String]] {
        (v?.array ?? []).map { ($0.array ?? []).map { $0.string ?? "" } }
    }
}

struct CSVConformanceTests {
    static let root = PackagePaths.conformance
    static let spectrum = root + "/csv-spectrum"
    static let rust = root + "/rust-csv/csv-core-parses_to.json"
    static let papa = root + "/PapaParse"

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: spectrum),
            "../shared/conformance/csv-spectrum is absent: not run"))
    func csvSpectrum() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.spectrum + "/csvs").filter {
            $0.hasSuffix(".csv")
        }.sorted()
        var passed = 0
        for name in names where name != "location_coordinates.csv" {  // contradicts itself (README)
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.spectrum + "/csvs/" + name)))
            let doc = try CSVHarness.json(
                Self.spectrum + "/json/" + name.replacingOccurrences(of: ".csv", with: ".json"))
            let expected = (doc.array ?? []).map { row in
                Dictionary(uniqueKeysWithValues: (row.members ?? []).map { ($0.key, $0.value.string ?? "") })
            }
            guard case .success(let records) = CSVHarness.records(bytes), let header = records.first else {
                Issue.record("\(name) failed to parse")
                continue
            }
            let got = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            #expect(got == expected, "\(name)")
            if got == expected { passed += 1 }
        }
        #expect(passed == 11)
    }

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: rust), "../shared/conformance/rust-csv is absent: not run"))
    func rustCSVDefaultConfig() throws {
        let cases = try #require(try CSVHarness.json(Self.rust).array)
        var ran = 0
        for c in cases where c["config"]?.isNull == true {
            let id = c["id"]?.string ?? "?"
            let input = Array((c["input"]?.string ?? "").utf8)
            let expected = CSVHarness.rows(c["expected"])
            ran += 1
            switch CSVHarness.records(input) {
            case .success(let got): #expect(got == expected, "\(id): \(got) vs \(expected)")
            case .failure(let e): Issue.record("\(id): \(e)")
            }
        }
        #expect(ran == 47)
    }

    /// PapaParse default-config cases this reader does not follow, each with the policy that
    /// excludes it. Every other default-config case must give PapaParse's rows, and every case
    /// where PapaParse reports an error must be an error naming the line.
    static let papaExcluded: [String: String] = [
        "CORE_PARSER_TESTS#54": "blank lines are skipped (csv-core's policy), not empty rows",
        "PARSE_TESTS#44": "blank lines are skipped (csv-core's policy), not empty rows",
        "PARSE_TESTS#9": "CR, LF and CRLF each end a record; the first line end does not fix the style",
        "CORE_PARSER_TESTS#20":
            "text after a closing quote is kept literally (csv-core); PapaParse reports InvalidQuotes",
        "CORE_PARSER_TESTS#21":
            "text after a closing quote is kept literally (csv-core); PapaParse reports InvalidQuotes",
        "CORE_PARSER_TESTS#22":
            "text after a closing quote is kept literally (csv-core); PapaParse reports InvalidQuotes",
        "CORE_PARSER_TESTS#23":
            "text after a closing quote is kept literally (csv-core); PapaParse reports InvalidQuotes",
        "PARSE_TESTS#5": "text after a closing quote is kept literally (csv-core), not trimmed",
        "PARSE_TESTS#6": "text after a closing quote is kept literally (csv-core), not trimmed",
        "PARSE_TESTS#7": "text after a closing quote is kept literally (csv-core), not trimmed",
        "PARSE_TESTS#90": "text after a closing quote is kept literally (csv-core), not trimmed",
        "PARSE_TESTS#91": "text after a closing quote is kept literally (csv-core), not trimmed",
        "PARSE_TESTS#27": "needs a JavaScript callback the exported config cannot carry",
        "PARSE_TESTS#34": "needs a JavaScript callback the exported config cannot carry",
        "PARSE_TESTS#37": "needs a JavaScript callback the exported config cannot carry",
        "PARSE_TESTS#38": "needs a JavaScript callback the exported config cannot carry",
        "PARSE_TESTS#49": "a single column is not an error: the delimiter defaults to ','",
        "PARSE_TESTS#51": "a single column is not an error: the delimiter defaults to ','",
        "PARSE_TESTS#67": "the scanner does not guess '|' as a delimiter (pose readers detect ',', ';' and tab)",
        "PARSE_TESTS#69": "the scanner does not guess '|' as a delimiter (pose readers detect ',', ';' and tab)",
        "PARSE_TESTS#70": "the scanner does not guess '|' as a delimiter (pose readers detect ',', ';' and tab)",
    ]

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: papa), "../shared/conformance/PapaParse is absent: not run")
    )
    func papaParseDefaultConfig() throws {
        var checked = 0
        for file in ["core_parser_tests.json", "parse_tests.json"] {
            let cases = try #require(try CSVHarness.json(Self.papa + "/" + file).array)
            for c in cases {
                guard let config = c["config"]?.members, config.isEmpty else { continue }
                let id = c["id"]?.string ?? "?"
                if Self.papaExcluded[id] != nil { continue }
                let input = Array((c["input"]?.string ?? "").utf8)
                let data = CSVHarness.rows(c["expected"]?["data"])
                let errors = c["expected"]?["errors"]?.array ?? []
                checked += 1
                switch CSVHarness.records(input) {
                case .success(let got):
                    #expect(errors.isEmpty, "\(id): PapaParse reports \(errors.count) error(s); accepted as \(got)")
                    #expect(errors.isEmpty ? got == data : true, "\(id): \(got) vs \(data)")
                case .failure(let e):
                    #expect(!errors.isEmpty, "\(id): \(e)")
                    #expect(e.location?.line != nil, "\(id): the error names no line")
                }
            }
        }
        #expect(checked > 50)
    }
}
