// The library examples of the README and of the catalog's "Using the library" article, compiled
// and run through the umbrella module; what they print is compared with what the text says they
// print. (`.ci/client-package` also runs the README's first example from outside the package.)
import Foundation
import PoseCheck
import PoseSynth
import Testing

/// Collects what an example prints, line by line.
final class Printed: @unchecked Sendable {
    var lines: [String] = []
    func print(_ items: Any...) { lines.append(items.map { "\($0)" }.joined(separator: " ")) }
}

struct ReadmeExampleTests {
    @Test func gradeLikeTheCommandLine() throws {
        let out = Printed()
        func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
        let path = PackagePaths.fixtures + "/mediapipe/hands-down-lunge-in-form.json"
        // README: Library.
        let options = GradingOptions(spec: .handsDownLunge)  // the CLI's defaults
        let graded = try Grading.grade(path: path, options: options)
        print(
            graded.summary.verdict, graded.context.front.side?.rawValue ?? "unknown",
            graded.summary.longestHoldSeconds ?? 0)
        #expect(out.lines == ["pass right 22.0"])
    }

    @Test func everyFrame() throws {
        let out = Printed()
        func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
        let path = PackagePaths.fixtures + "/mediapipe/scissor-stance-bad-back-knee-flexion.csv"
        // PoseCheck docs, "Using the library": every frame.
        var deviating = 0
        let graded = try Grading.grade(
            path: path, options: GradingOptions(spec: .scissorStance),
            begin: { context in
                print(context.frameCount, "frames, front", context.front.side?.rawValue ?? "unknown")
            },
            frame: { frame, result in
                if result.status == .deviating { deviating += 1 }
            })
        print(deviating, "deviating;", graded.summary.verdict)
        #expect(out.lines == ["30 frames, front left", "30 deviating; fail"])
    }

    @Test func live() throws {
        let out = Printed()
        func print(_ items: Any...) { out.lines.append(items.map { "\($0)" }.joined(separator: " ")) }
        let bytes = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: PackagePaths.fixtures + "/formats/mediapipe.jsonl")))
        let chunks = stride(from: 0, to: bytes.count, by: 4096).map { bytes[$0..<min(bytes.count, $0 + 4096)] }
        // PoseCheck docs, "Using the library": live.
        var live = LiveGrader(options: GradingOptions(spec: .scissorStance))
        var results: [LiveFrameResult] = []
        for chunk in chunks {  // bytes as they arrive, cut anywhere
            results += try live.push(chunk)  // the frames whose window is complete
        }
        results += try live.finish()  // end of stream: the last frames
        if let last = results.last {
            print(last.result.status, "hold", last.holdSeconds ?? 0, "of", last.requiredHoldSeconds, "s")
        }
        print(live.graded?.summary.verdict ?? .notAssessable)
        #expect(out.lines == ["inForm hold 1.0 of 1.0 s", "pass"])
    }

    @Test func routineFrameByFrame() throws {
        let frames = Scenarios.routine(first: 4, second: 21, third: 3, fps: 10, noisePixels: 0, dropoutRate: 0).0
            .canonical().frames
        var verdicts: [String] = []
        var segmenter = RoutineSegmenter(threeD: false, options: EvaluationOptions(frameRate: 10))
        for frame in frames {
            let (ready, closed) = segmenter.add(frame)  // ready: [RoutineFrame], in input order
            for s in closed { verdicts.append("\(s.stretch.id) \(s.summary.verdict)") }
            _ = ready
        }
        let (_, last) = segmenter.finish()
        verdicts += last.map { "\($0.stretch.id) \($0.summary.verdict)" }
        #expect(verdicts == ["scissor-stance pass", "hands-down-lunge pass", "reach-up-twist pass"])
    }
}
