import PoseSynth
import Testing

// The time model (FrameClock) and the hold it times: ladders of bad times, and properties on
// generated recordings (dropping frames never lengthens a hold; one bad cell changes the hold by
// at most the dip tolerance plus one frame step and flags its frame).
@testable import PoseModel

struct TimeModelTests {
    /// Times through a clock: the trusted ones (nil where not trusted) and the issue codes.
    static func judge(_ times: [Double?], frameRate: Double? = nil) -> (
        times: [Double?], codes: [String?], clock: FrameClock
    ) {
        var clock = FrameClock(frameRate: frameRate, dipTolerance: 0.5)
        var trusted: [Double?] = []
        var codes: [String?] = []
        for (i, t) in times.enumerated() {
            let r = clock.read(PoseFrame(index: i, time: t))
            trusted.append(r.time)
            codes.append(r.issue?.code)
        }
        return (trusted, codes, clock)
    }

    static func steps(_ n: Int, from start: Double = 0, step: Double = 0.1) -> [Double?] {
        (0..<n).map { start + Double($0) * step }
    }

    @Test func cleanTimesAreAllTrusted() {
        let times = Self.steps(50)
        let j = Self.judge(times)
        #expect(j.times == times)
        #expect(j.codes.allSatisfy { $0 == nil })
        #expect(j.clock.untrustworthyReason == nil)
    }

    @Test(
        "one bad time flags its frame only",
        arguments: [
            (30.0 as Double?, "time_jump"), (500.0, "time_jump"), (nil, "time_missing"), (Double.nan, "time_missing"),
            (Double.infinity, "time_missing"), (-1.0, "out_of_order"), (0.0, "out_of_order"), (1.0, "duplicate_frame"),
        ] as [(Double?, String)])
    func oneBadTime(_ bad: Double?, _ code: String) {
        var times = Self.steps(40)
        times[11] = bad
        let j = Self.judge(times)
        #expect(j.codes[11] == code)
        #expect(j.times[11] == nil)
        for i in times.indices where i != 11 {
            #expect(j.times[i] == times[i], "frame \(i)")
            #expect(j.codes[i] == nil, "frame \(i): \(j.codes[i] ?? "")")
        }
    }

    @Test(
        "times in another unit than their column are said, with the factor",
        arguments: [
            (1000.0 / 30, "frames are 33.333 s apart: the times look 1,000 times too large"),
            (1_000_000.0 / 30, "frames are 33333.333 s apart: the times look 1,000,000 times too large"),
            (1.0 / 30_000, "frames are 0.000033 s apart: the times look 1,000 times too small"),
            (1.0 / 30, nil), (1.0 / 240, nil), (0.5, nil),
            // Motion capture at 1,000 and 2,000 Hz; a time-lapse of a frame every 5 s.
            (1.0 / 1000, nil), (1.0 / 2000, nil), (5, nil),
        ] as [(Double, String?)])
    func unitsHint(_ step: Double, _ hint: String?) {
        let j = Self.judge(Self.steps(40, step: step))
        #expect(j.clock.unitsHint.map { String($0.prefix(hint?.count ?? 0)) } == hint)
        #expect(j.clock.unitsHint?.hasSuffix("; check the time column's unit") ?? true)
        // Times from a frame rate have no column to check.
        var clock = FrameClock(frameRate: 1 / step, dipTolerance: 0.5)
        for i in 0..<40 { _ = clock.read(PoseFrame(index: i, time: nil)) }
        #expect(clock.unitsHint == nil)
    }

    @Test func aRealGapIsTrustedFromTheFrameThatConfirmsIt() {
        // 2 s of frames dropped after 9.9 s.
        let times = Self.steps(100) + Self.steps(100, from: 12)
        let j = Self.judge(times)
        #expect(j.codes[100] == "time_jump")
        #expect(j.codes[101] == "time_gap")
        #expect(j.times[101] == times[101])
        #expect(j.codes[102...].allSatisfy { $0 == nil })
        #expect(j.clock.gaps == 1)
    }

    @Test func aRestartStartsANewSegment() {
        let times = Self.steps(15) + Self.steps(15)
        let j = Self.judge(times)
        #expect(j.codes[15] == "out_of_order")
        #expect(j.codes[16] == "time_restart")
        #expect(j.times[16] == times[16])
        #expect(j.clock.untrustworthyReason == nil)
    }

    @Test(
        "mostly unusable times are named",
        arguments: [
            (Array(repeating: 0.0 as Double?, count: 30), "repeat the previous frame's time"),
            ((0..<30).map { 2.9 - Double($0) * 0.1 as Double? }, "have a time before the previous frame's"),
            ([0.0] + Array(repeating: nil as Double?, count: 29), "have no usable time"),
        ] as [([Double?], String)])
    func mostlyUnusable(_ times: [Double?], _ words: String) throws {
        let j = Self.judge(times)
        let reason = try #require(j.clock.untrustworthyReason)
        #expect(reason.contains(words), "\(reason)")
    }

    @Test func slowFrameRatesAreNotJumps() {
        let times = Self.steps(20, step: 1.0)
        let j = Self.judge(times)
        #expect(j.codes.allSatisfy { $0 == nil })
    }

    @Test func frameNumbersTimeFramesWithoutTimestamps() {
        var clock = FrameClock(frameRate: 10, dipTolerance: 0.5)
        let a = clock.read(PoseFrame(index: 0))
        let b = clock.read(PoseFrame(index: 1))
        let c = clock.read(PoseFrame(index: 30))  // numbers jump: 2.8 s missing
        let d = clock.read(PoseFrame(index: 31))
        #expect(a.time == 0 && b.time == 0.1)
        #expect(c.issue?.code == "time_jump" && d.issue?.code == "time_gap" && d.gapBefore)
    }

    // MARK: Properties on generated recordings

    /// One in-form and one deviating frame of a synthetic hands-down lunge, to build recordings from.
    static let frames: (inForm: PoseFrame, deviating: PoseFrame) = {
        let good = Scenarios.recording("hands-down-lunge", front: .left, duration: 0.1, fps: 10).canonical()
        let bad = Scenarios.recording(
            "hands-down-lunge", violated: .frontKneeFlexion, front: .left, duration: 0.1, fps: 10
        ).canonical()
        return (good.frames[0], bad.frames[0])
    }()

    /// A recording of `pattern` (true = in form) at `fps`, with the given times.
    static func recording(_ pattern: [Bool], times: [Double?]) -> [PoseFrame] {
        pattern.indices.map { i in
            var f = pattern[i] ? frames.inForm : frames.deviating
            f.index = i
            f.time = times[i]
            return f
        }
    }

    static func summary(_ frames: [PoseFrame]) -> RecordingSummary {
        var session = EvaluationSession(
            spec: .handsDownLunge, front: .left, threeD: false, options: .init(timestamps: true))
        for f in frames { _ = session.evaluate(f) }
        return session.summary
    }

    /// Runs of in-form frames broken by short and long dips.
    static func pattern(_ rng: inout SplitMix64, count: Int) -> [Bool] {
        var p: [Bool] = []
        while p.count < count {
            let inForm = Int(rng.next() % 60) + 1
            let out = Int(rng.next() % 8)
            p += Array(repeating: true, count: inForm) + Array(repeating: false, count: out)
        }
        return Array(p.prefix(count))
    }

    @Test func droppingFramesNeverLengthensAHold() {
        var rng = SplitMix64(seed: 18)
        for _ in 0..<60 {
            let n = 150
            let p = Self.pattern(&rng, count: n)
            let times = Self.steps(n, step: 1.0 / 30)
            let full = Self.summary(Self.recording(p, times: times)).longestHoldSeconds ?? 0
            // Drop one block of frames, or scattered frames.
            var keep = Array(repeating: true, count: n)
            if rng.next() % 2 == 0 {
                let start = Int(rng.next() % UInt64(n))
                let length = Int(rng.next() % 40) + 1
                for i in start..<min(n, start + length) { keep[i] = false }
            } else {
                for i in 0..<n where rng.next() % 5 == 0 { keep[i] = false }
            }
            let kept = Self.recording(p, times: times).enumerated().filter { keep[$0.offset] }.map(\.element)
            let dropped = Self.summary(kept).longestHoldSeconds ?? 0
            #expect(
                dropped <= full + 1e-9,
                "pattern \(p.map { $0 ? "#" : "." }.joined()), kept \(keep.map { $0 ? "1" : "0" }.joined())")
        }
    }

    @Test func aHoldNeverExceedsTheRecording() {
        var rng = SplitMix64(seed: 6)
        for _ in 0..<40 {
            let n = 120
            let p = Self.pattern(&rng, count: n)
            var times = Self.steps(n, step: 0.1)
            // Up to three corrupt cells anywhere.
            for _ in 0..<Int(rng.next() % 4) {
                let i = Int(rng.next() % UInt64(n))
                times[i] = [nil, 1e6, -5, 0, Double.nan][Int(rng.next() % 5)]
            }
            let hold = Self.summary(Self.recording(p, times: times)).longestHoldSeconds ?? 0
            #expect(hold >= 0 && hold <= Double(n) * 0.1 + 1e-9)
        }
    }

    @Test func oneCorruptTimeCellChangesTheHoldByAtMostTheDipToleranceAndAStep() {
        var rng = SplitMix64(seed: 42)
        let corruptions: [Double?] = [nil, .nan, .infinity, 1e9, 500, -3, 0]
        for _ in 0..<80 {
            let n = 100
            let p = Self.pattern(&rng, count: n)
            let times = Self.steps(n, step: 0.1)
            let clean = Self.summary(Self.recording(p, times: times)).longestHoldSeconds ?? 0
            let i = Int(rng.next() % UInt64(n))
            var bad = times
            bad[i] = corruptions[Int(rng.next() % UInt64(corruptions.count))]
            // A value equal to the true one is no corruption.
            guard bad[i] != times[i] else { continue }
            var session = EvaluationSession(
                spec: .handsDownLunge, front: .left, threeD: false, options: .init(timestamps: true))
            let results = Self.recording(p, times: bad).map { session.evaluate($0) }
            let hold = session.summary.longestHoldSeconds ?? 0
            #expect(
                abs(hold - clean) <= 0.5 + 0.1 + 1e-9, "frame \(i) = \(String(describing: bad[i])): \(clean) -> \(hold)"
            )
            // The clock never looks ahead, so a bad first time is trusted until the frames after it
            // contradict it, and is flagged there; every later bad time is flagged on its own frame.
            let flagged = i == 0 ? results.prefix(3) : results[i...i]
            #expect(flagged.contains { !$0.issues.filter(\.informational).isEmpty }, "frame \(i) is flagged")
        }
    }
}
