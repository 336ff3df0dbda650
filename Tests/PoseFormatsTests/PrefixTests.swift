// Truncated files (a killed recorder, a cut download): every reader ends cleanly on prefixes of
// every fixture, with frames or a located error; never a crash or a hang.
//
// Every prefix of a 140 KB file costs about 10^10 byte reads, and all 206 fixtures together
// about 7 · 10^11, so not every prefix is tried. One MediaPipe JSON and one CSV fixture get the
// full ladder: every prefix within the first 3 KB (the header, the metadata and the first
// frame: every token state), every prefix within 3 bytes of each line end, and every 997th
// prefix beyond. Every other fixture, of every format (angle exports, OpenPose frame files,
// defect files included), gets the prefixes within 3 bytes of the ends of its first two and last
// lines and 16 evenly spaced prefixes. The fuzz targets cover random truncations on top.
import Foundation
import PoseFormats
import PoseModel
import PoseSynth
import Testing

struct PrefixTests {
    /// Every file under Fixtures/ (OpenPose frame folders file by file), relative paths.
    static let files: [String] = {
        let root = PackagePaths.fixtures
        var out: [String] = []
        if let e = FileManager.default.enumerator(atPath: root) {
            while let rel = e.nextObject() as? String {
                var dir: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &dir), !dir.boolValue {
                    out.append(rel)
                }
            }
        }
        return out.sorted()
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
    func everyReaderEndsCleanlyOnPrefixes(_ relative: String) throws {
        let path = PackagePaths.fixtures + "/" + relative
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var errors = 0
        var completed = 0
        let full =
            relative.hasPrefix("mediapipe/") && Self.fullLadder.contains(URL(fileURLWithPath: path).lastPathComponent)
        for k in Self.prefixLengths(bytes, full: full) {
            let prefix = Array(bytes[..<k])
            do {
                let r = try PoseReader.readRecording(
                    .memory(prefix), path: "prefix", options: ReadOptions(joints: StretchSpec.scissorStance.joints))
                _ = Evaluator.evaluate(r, spec: .scissorStance)
                completed += 1
            } catch {
                #expect(error.location != nil, "\(k): \(error)")
                errors += 1
            }
        }
        // The empty prefix is always an error; the whole file reads unless it is a defect that is one.
        #expect(errors > 0)
        #expect(completed > 0 || relative.hasPrefix("defects/"), "\(relative): no prefix read")
    }
}
