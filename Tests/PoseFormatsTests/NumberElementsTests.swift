// `JSONScanner.readNumberElements` (from one number to the next in one step where it can be,
// by `nextElement` where it cannot) against the general steps alone (`nextElement`,
// `peekKind`, `number`, `skipValue`): on generated lists of number lists, with any whitespace,
// values of every kind, mutations and truncations, from memory and from files (so 64 KiB window
// refills land between and inside numbers), both must give the same numbers, the same error
// (code, message, location) and the same end location.
import Foundation
import PoseSynth
import Testing

@testable import PoseScanning

struct NumberElementsTests {
    /// What one way of reading said, in order.
    enum Said: Equatable, ListTranscriptEntry {
        /// An inner list's elements, as bit patterns (NaN: non-finite or not a number; 0:
        /// checked, not converted), then how many were not numbers.
        case list([UInt64])
        case other
        case error(String, line: Int, column: Int)
        case end(line: Int, column: Int)
    }

    /// The elements whose numbers are converted, a bit each; past bit 63, all.
    static let convertings: [UInt64] = [~0, 0, 0b1_1011]

    /// Reads a top-level list of lists; `onePass` says which way each inner list is read.
    static func transcript(_ input: ByteInput, converting: UInt64, allowNonFinite: Bool, onePass: Bool) -> [Said] {
        var scanner = JSONScanner(input, path: "t.json", allowNonFinite: allowNonFinite)
        return NumberMembersTests.listTranscript(&scanner) {
            (scanner: inout JSONScanner, said: inout [Said]) throws(FormatError) in
            while try scanner.nextElement() {
                guard try scanner.peekKind() == .array else {
                    try scanner.skipValue()
                    said.append(.other)
                    continue
                }
                try scanner.enter()
                var values: [Double] = []
                if onePass {
                    if try scanner.nextElement() {
                        let others = try scanner.readNumberElements(converting: converting, into: &values)
                        values.append(Double(others))
                    }
                } else {
                    var others = 0
                    while try scanner.nextElement() {
                        guard try scanner.peekKind() == .number else {
                            others += 1
                            values.append(.nan)
                            try scanner.skipValue()
                            continue
                        }
                        let k = values.count
                        if k >= 64 || converting >> UInt64(k) & 1 != 0 {
                            values.append(try scanner.number() ?? .nan)
                        } else {
                            try scanner.skipValue()
                            values.append(0)
                        }
                    }
                    if !values.isEmpty { values.append(Double(others)) }
                }
                said.append(.list(values.map(\.bitPattern)))
            }
        }
    }

    /// A list of number lists (a few other values among them), then (sometimes) mutations.
    static func document(_ g: inout NumberMembersTests.Generator, lists: Int, mutate: Bool) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for i in 0..<lists {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            g.out = []
            g.space()
            out += g.out
            guard g.int(30) != 0 else {
                out += Array("null".utf8)
                continue
            }
            out.append(UInt8(ascii: "["))
            let count = g.int(3) == 0 ? g.int(80) : 2 + g.int(4)
            for k in 0..<count {
                g.out = []
                if k > 0 { g.out.append(UInt8(ascii: ",")) }
                g.space()
                let values = NumberMembersTests.Generator.values
                let value = g.int(12) == 0 ? values[g.int(values.count)] : values[g.int(7)]
                g.out += Array(value.utf8)
                g.space()
                out += g.out
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        if mutate, g.int(2) == 0 {
            let replacements = Array("[],\" 0.-eE\nN".utf8) + [0x80, 0x00]
            for _ in 0..<1 + g.int(3) where !out.isEmpty {
                let at = g.int(out.count)
                switch g.int(4) {
                case 0: out[at] = replacements[g.int(replacements.count)]
                case 1: out.remove(at: at)
                case 2: out.insert(out[at], at: at)
                default: out.removeSubrange(at...)
                }
            }
        }
        return out + NumberMembersTests.trailingSpaces
    }

    static func mismatch(_ input: () throws -> ByteInput, name: String) rethrows -> String? {
        for converting in convertings {
            for allowNonFinite in [false, true] {
                let one = transcript(try input(), converting: converting, allowNonFinite: allowNonFinite, onePass: true)
                let general = transcript(
                    try input(), converting: converting, allowNonFinite: allowNonFinite, onePass: false)
                if let d = NumberMembersTests.firstDifference(one, general) {
                    return
                        "\(name), converting \(converting), item \(d.at): one step said \(d.first), general steps \(d.second)"
                }
            }
        }
        return nil
    }

    @Test func generatedListsReadTheSame() {
        var mismatches: [String] = []
        var lists = 0
        for seed in 0..<UInt64(3_000) {
            var g = NumberMembersTests.Generator(rng: SplitMix64(seed: 90_000 + seed))
            let doc = Self.document(&g, lists: 1 + g.int(6), mutate: true)
            let said = Self.transcript(.memory(doc), converting: ~0, allowNonFinite: true, onePass: true)
            lists += said.filter { if case .list = $0 { true } else { false } }.count
            if let m = Self.mismatch({ .memory(doc) }, name: "seed \(seed)") { mismatches.append(m) }
        }
        #expect(lists > 3_000, "\(lists) lists read to their end")
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }

    /// A list of numbers placed at each of 120 offsets before the first refill (64 KiB), so
    /// that each of its bytes in turn is the window's last.
    @Test func listsAtTheWindowEdgeReadTheSame() throws {
        let dir = try JSONDifferentialTests.temporaryFolder("elements-edge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let list = "[0.23227007964221316, -12345678901234567890 ,\n 0.1234567890123456789012345,1e5,  0.957638813001]"
        var mismatches: [String] = []
        for k in 0..<120 {
            let doc =
                [UInt8(ascii: "[")] + Array(repeating: 0x20, count: 65_536 - 1 - k) + Array("\(list), \(list)]".utf8)
            let path = dir + "/\(k).json"
            if let m = try Self.mismatch({ try JSONDifferentialTests.file(doc, at: path) }, name: "offset \(k)") {
                mismatches.append(m)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }
}
