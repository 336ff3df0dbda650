// The README's library quick start, compiled and run, through the umbrella module.
import Foundation
import PoseCheck
import PoseSynth
import Testing

struct ReadmeExampleTests {
    @Test func quickStart() throws {
        let path = PackagePaths.fixtures + "/mediapipe/hands-down-lunge-in-form.json"
        // Whole recording:
        let input = try ByteInput.open(path: path)
        let recording = try PoseReader.readRecording(input, path: path)
        let result = Evaluator.evaluate(recording, spec: .handsDownLunge, front: .auto)
        #expect(result.summary.verdict == .pass && (result.summary.longestHoldSeconds ?? 0) >= 20)

        // Frame by frame: same results for the same front side.
        var session = EvaluationSession(spec: .handsDownLunge, front: result.front.side, threeD: false,
                                        options: EvaluationOptions(frameRate: 30))
        var advice: [String] = []
        for frame in recording.frames {
            let r = session.evaluate(frame)
            for (check, spec) in zip(r.checks, session.spec.checks) {
                if let a = check.advice(band: spec.band) { advice.append("\(r.index) \(a)") }
            }
        }
        #expect(advice.isEmpty)
        #expect(session.summary.verdict == .pass)
    }

    @Test func routineFrameByFrame() throws {
        let frames = Scenarios.routine(first: 4, second: 21, third: 3, fps: 10, noisePixels: 0, dropoutRate: 0).0.canonical().frames
        var verdicts: [String] = []
        var segmenter = RoutineSegmenter(threeD: false, options: EvaluationOptions(frameRate: 10))
        for frame in frames {
            let (ready, closed) = segmenter.add(frame)   // ready: [RoutineFrame], in input order
            for s in closed { verdicts.append("\(s.stretch.id) \(s.summary.verdict)") }
            _ = ready
        }
        let (_, last) = segmenter.finish()
        verdicts += last.map { "\($0.stretch.id) \($0.summary.verdict)" }
        #expect(verdicts == ["scissor-stance pass", "hands-down-lunge pass", "reach-up-twist pass"])
    }
}
