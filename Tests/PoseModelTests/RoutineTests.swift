// `--stretch auto`: a recorded routine is cut into its stretches, each graded on its own.
import PoseModel
import PoseSynth
import Testing

struct RoutineTests {
    @Test("a noisy routine with dropouts is segmented within 1 s and graded", arguments: [Side.left, .right])
    func routine(_ front: Side) throws {
        let (rec, truth) = Scenarios.routine(front: front, seed: front == .left ? 11 : 12)
        let recording = rec.canonical()
        let (frames, segments) = Evaluator.evaluateRoutine(recording)
        #expect(frames.count == recording.frames.count)
        #expect(frames.map(\.result.index) == recording.frames.map(\.index))
        #expect(
            segments.map(\.stretch.id) == truth.map(\.0),
            "\(segments.map { ($0.stretch.id, $0.start ?? -1, $0.end ?? -1) })")
        guard segments.count == truth.count else { return }
        for (s, (id, start, end)) in zip(segments, truth) {
            #expect(abs((s.start ?? -9) - start) <= 1, "\(id) starts at \(s.start ?? -1), truth \(start)")
            #expect(abs((s.end ?? -9) - end) <= 1, "\(id) ends at \(s.end ?? -1), truth \(end)")
            #expect(s.front.side == front)
            #expect(s.summary.verdict == .pass, "\(id): \(s.summary.verdictReason)")
        }
        #expect((segments[1].summary.longestHoldSeconds ?? 0) >= 20)
    }

    @Test func aShortHoldFailsItsSegment() throws {
        let (rec, _) = Scenarios.routine(second: 12)
        let (_, segments) = Evaluator.evaluateRoutine(rec.canonical())
        #expect(segments.map(\.stretch.id) == ["scissor-stance", "hands-down-lunge", "reach-up-twist"])
        #expect(segments.map(\.summary.verdict) == [.pass, .fail, .pass])
    }

    /// Random short routines, and the full routine of the acceptance test (seed 11), fed frame by
    /// frame, give exactly the whole-recording results.
    @Test func incrementalAndWholeRecordingAgree() throws {
        let cases =
            (20...23 as ClosedRange<UInt64>).map { seed in
                Scenarios.routine(
                    first: 6, second: 8, third: 5, front: seed % 2 == 0 ? .left : .right,
                    fps: 15, noisePixels: 4, dropoutRate: 0.1, seed: seed
                ).0
            } + [Scenarios.routine(front: .left, seed: 11).0]
        for rec in cases {
            let recording = rec.canonical()
            let whole = Evaluator.evaluateRoutine(recording)
            var s = RoutineSegmenter(threeD: false, options: EvaluationOptions(frameRate: rec.fps))
            var frames: [RoutineFrame] = []
            var segments: [RoutineSegment] = []
            for f in recording.frames {
                let (fr, closed) = s.add(f)
                frames += fr
                segments += closed
                // Results become final within the segmenter's delay.
                #expect(f.index - (frames.last?.result.index ?? -1) <= Int(1.5 * rec.fps) + 1)
            }
            let (fr, closed) = s.finish()
            frames += fr
            segments += closed
            #expect(frames.count == whole.frames.count)
            for (a, b) in zip(frames, whole.frames) {
                #expect(
                    a.segment == b.segment && a.result.status == b.result.status && a.result.checks == b.result.checks)
            }
            #expect(segments.map(\.stretch.id) == whole.segments.map(\.stretch.id))
            #expect(segments.map(\.summary.longestHold) == whole.segments.map(\.summary.longestHold))
        }
    }
}
