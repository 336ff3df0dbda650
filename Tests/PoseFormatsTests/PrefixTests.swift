// Truncated files (a killed recorder, a cut download): every reader ends cleanly on prefixes of
// every fixture, with frames or a located error; never a crash or a hang.
//
// Every prefix of a 140 KB file costs about 10^10 byte reads, so not every prefix is tried.
// One JSON and one CSV fixture get the full ladder: every prefix within the first 3 KB (the
// header, the metadata and the first frame: every token state), every prefix within 3 bytes of
// each line end, and every 997th prefix beyond. Every other fixture (all written by the same
// generator, so with the same structure) gets the line ends of its first two and last lines
// and 16 evenly spaced prefixes. The fuzz targets cover random truncations on top.
import Foundation
import PoseFormats
import PoseModel
import PoseSynth
import Testing

struct PrefixTests {
    static let files: [String] = {
        let dir = PackagePaths.fixtures + "/mediapipe"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }()

    static let fullLadder: Set<String> = ["scissor-stance-in-form.json", "scissor-stance-in-form.csv"]

    static func prefixLengths(_ bytes: [UInt8], full: Bool) -> [Int] {
        var lengths: Set<Int> = [0, bytes.count]
        var lineEnds = bytes.indices.filter { bytes[$0] == 0x0A }
        if full {
            lengths.formUnion(0...min(bytes.count, 3072))
            lengths.formUnion(stride(from: 0, through: bytes.count, by: 997))
        } else {
            lineEnds = Array(lineEnds.prefix(2)) + Array(lineEnds.suffix(1))
            lengths.formUnion((0...16).map { bytes.count * $0 / 16 })
        }
        for i in lineEnds {
            for d in -3...3 where i + d >= 0 && i + d <= bytes.count { lengths.insert(i + d) }
        }
        return lengths.sorted()
    }

    @Test(arguments: files)
    func everyReaderEndsCleanlyOnPrefixes(_ path: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var errors = 0, completed = 0
        let full = Self.fullLadder.contains(URL(fileURLWithPath: path).lastPathComponent)
        for k in Self.prefixLengths(bytes, full: full) {
            let prefix = Array(bytes[..<k])
            do {
                let r = try PoseReader.readRecording(.memory(prefix), path: "prefix", options: ReadOptions(joints: StretchSpec.scissorStance.joints))
                _ = Evaluator.evaluate(r, spec: .scissorStance)
                completed += 1
            } catch {
                #expect(error.location != nil, "\(k): \(error)")
                errors += 1
            }
        }
        #expect(completed > 0 && errors > 0)
    }
}
