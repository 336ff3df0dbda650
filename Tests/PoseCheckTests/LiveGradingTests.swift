// Live grading through the library: bytes pushed in arbitrary chunks give the frames and the
// summary that grading the whole file gives.
import Foundation
import PoseCheck
import PoseScanning
import PoseSynth
import Testing

struct LiveGradingTests {
    static let recordings: [String] = {
        let base = PackagePaths.fixtures + "/mediapipe"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted() + ["../formats/mediapipe.jsonl"]
    }()

    static func spec(_ name: String) -> StretchSpec {
        StretchSpec.builtins.first { (name as NSString).lastPathComponent.hasPrefix($0.id) } ?? .scissorStance
    }

    @Test("chunked live grading summarises like Grading.grade", arguments: recordings)
    func liveEqualsWholeFile(_ name: String) throws {
        let path = PackagePaths.fixtures + "/mediapipe/" + name
        let options = GradingOptions(spec: Self.spec(name))
        let whole = try Grading.grade(path: path, options: options)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var live = LiveGrader(options: options)
        var results: [LiveFrameResult] = []
        var start = 0
        var chunkSize = 1
        while start < bytes.count {
            let end = min(bytes.count, start + chunkSize)
            results += try live.push(bytes[start..<end])
            start = end
            chunkSize = chunkSize * 3 % 997 + 1
        }
        results += try live.finish()
        let graded = try #require(live.graded)
        #expect(results.map(\.result.index) == Array(0..<whole.context.frameCount))
        #expect(graded.summary.verdict == whole.summary.verdict)
        #expect(graded.summary.longestHoldSeconds == whole.summary.longestHoldSeconds)
        #expect(graded.summary.meanScore == whole.summary.meanScore)
        #expect(graded.context.front.side == whole.context.front.side)
        #expect(results.last?.provisional == false || whole.context.front.framesUsed < Grading.settleFrames)
    }

    @Test func aMalformedLineIsReportedAtItsLine() throws {
        var feed = FrameFeed()
        feed.push(Array("{\"frame\":0,\"timestamp_ms\":0,\"pose_landmarks\":[]}\n{\"frame\":1,".utf8))
        feed.push(Array("\n".utf8))
        _ = try? feed.nextFrame()
        #expect(throws: FormatError.self) {
            while try feed.nextFrame() != nil {}
        }
    }
}
