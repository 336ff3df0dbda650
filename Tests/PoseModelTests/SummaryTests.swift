import PoseSynth
import Testing

// Hold timing, dips, verdicts and medians.
@testable import PoseModel

struct SummaryTests {
    /// Runs the hold tracker over a pattern of in-form (`#`) and out (`.`) frames at `fps`.
    static func hold(_ pattern: String, fps: Double = 10, dip: Double = 0.5) -> HoldSpan? {
        hold(
            times: pattern.indices.map { Double(pattern.distance(from: pattern.startIndex, to: $0)) / fps },
            inForm: pattern.map { $0 == "#" }, dip: dip)
    }

    /// Runs timestamps through the clock and the hold tracker, as a session does.
    static func hold(times: [Double?], inForm: [Bool], dip: Double = 0.5) -> HoldSpan? {
        var clock = FrameClock(frameRate: nil, dipTolerance: dip)
        var h = HoldTracker(dipTolerance: dip)
        for (i, t) in times.enumerated() {
            let reading = clock.read(PoseFrame(index: i, time: t))
            if let time = reading.time {
                h.add(frame: i, time: time, inForm: inForm[i], gapBefore: reading.gapBefore, step: reading.step)
            }
        }
        return h.best
    }

    @Test(
        "hold ladder",
        arguments: [
            ("", nil),
            (".", nil),
            ("#", 0.0),  // one frame: no interval known yet
            ("##", 0.2),
            ("##########", 1.0),
            ("#####.....#####", 1.5),  // a 0.5 s dip is tolerated
            ("#####......#####", 0.5),  // a 0.6 s dip breaks the hold
            ("###..####", 0.9),
            ("..###", 0.3),
        ] as [(String, Double?)])
    func holdLadder(_ pattern: String, _ expected: Double?) {
        let got = Self.hold(pattern)?.seconds
        if let e = expected {
            #expect(got.map { abs($0 - e) < 1e-9 } == true, "\(pattern): \(String(describing: got))")
        } else {
            #expect(got == nil)
        }
    }

    @Test func holdFrames() throws {
        let h = try #require(Self.hold("..####...##"))
        #expect(h.startFrame == 2 && h.endFrame == 10)
    }

    @Test func variableFrameRateUsesTimestamps() throws {
        let times = [0.0, 0.1, 0.15, 0.4, 0.8, 0.85]
        let h = try #require(Self.hold(times: times, inForm: times.map { _ in true }))
        // 0.85 − 0, and the last frame lasts one step (the shortest step, 0.05 s).
        #expect(abs(h.seconds - 0.9) < 1e-9)
    }

    @Test func aGapLongerThanTheDipToleranceEndsTheHold() throws {
        // The same times with 0.6 s missing between 0.4 and 1.0 (dropped frames).
        let times = [0.0, 0.1, 0.15, 0.4, 1.0, 1.05, 1.1]
        let h = try #require(Self.hold(times: times, inForm: times.map { _ in true }))
        #expect(h.startFrame == 0 && h.endFrame == 3)
    }

    static func result(_ stretch: StretchSpec, violated: CheckID? = nil, duration: Double, times: Bool = true)
        -> RecordingResult
    {
        let rec = Scenarios.recording(stretch.id, violated: violated, front: .left, duration: duration, fps: 10)
            .canonical(withTimes: times)
        return Evaluator.evaluate(rec, spec: stretch, front: .left)
    }

    @Test func stretchTwoNeedsTwentySeconds() {
        let short = Self.result(.handsDownLunge, duration: 19.5)
        #expect(short.summary.verdict == .fail)
        #expect(short.summary.verdictReason == "longest hold 19.5 s, short of 20.0 s")
        let long = Self.result(.handsDownLunge, duration: 20)
        #expect(long.summary.verdict == .pass)
        #expect(long.summary.longestHoldSeconds == 20)
    }

    @Test func unknownTimeIsNotAssessable() {
        let r = Self.result(.scissorStance, duration: 2, times: false)
        #expect(r.summary.verdict == .notAssessable)
        #expect(r.summary.longestHoldSeconds == nil)
        #expect(r.summary.verdictCause == .timeUnknown)
        // The library names no command-line flag; the CLI adds "pass --fps N" by the cause.
        #expect(r.summary.verdictReason == "frame times unknown, so the hold cannot be timed")
        var options = EvaluationOptions()
        options.frameRate = 10
        let rec = Scenarios.recording("scissor-stance", front: .left, duration: 2, fps: 10).canonical(withTimes: false)
        let withFPS = Evaluator.evaluate(rec, spec: .scissorStance, front: .left, options: options)
        #expect(withFPS.summary.verdict == .pass)
        #expect(withFPS.frames[5].time == 0.5)
    }

    @Test func emptyRecording() {
        let rec = Recording(info: RecordingInfo(format: "x", space: .imagePixels), frames: [])
        let r = Evaluator.evaluate(rec, spec: .scissorStance)
        #expect(r.summary.frames == 0 && r.summary.verdict == .notAssessable)
        #expect(r.summary.verdictReason == "the recording has no frames")
    }

    @Test func countsAddUpAndMediansAreReported() throws {
        let r = Self.result(.scissorStance, violated: .trunkInclination, duration: 4)
        let s = r.summary
        #expect(s.inForm + s.deviating + s.notAssessable == s.frames)
        let trunk = try #require(s.checks.first { $0.check == .trunkInclination })
        #expect(trunk.failed == 40)
        #expect(abs(try #require(trunk.median) - 32) <= 1.01)  // sway ±1° around 32°
        #expect(trunk.failedAbove == 40)
        #expect(trunk.worstFrame != nil)
    }

    /// A recording mostly out of the camera's reach: the first `measured` of 10 frames deviate
    /// (front knee too straight), the rest have no person.
    static func mostlyUnmeasured(measured: Int) -> RecordingResult {
        var rec = Scenarios.recording("scissor-stance", violated: .frontKneeFlexion, front: .left, duration: 1, fps: 10)
            .canonical()
        for i in measured..<rec.frames.count {
            rec.frames[i] = PoseFrame(
                index: i, time: rec.frames[i].time,
                issues: [FrameIssue(code: "no_person", message: "no person detected in this frame")])
        }
        return Evaluator.evaluate(rec, spec: .scissorStance, front: .left)
    }

    @Test func underHalfMeasuredIsNotAssessableEvenWhenNoFrameWasInForm() {
        let few = Self.mostlyUnmeasured(measured: 4)
        #expect(few.summary.inForm == 0)
        #expect(few.summary.verdict == .notAssessable)
        #expect(few.summary.verdictReason == "only 4 of 10 frames could be measured and the longest hold is 0.0 s")
        let half = Self.mostlyUnmeasured(measured: 5)
        #expect(half.summary.verdict == .fail)
        #expect(half.summary.verdictReason == "no frame was in form")
    }

    @Test func notAssessableFramesHaveNoScoreAndTheMeanIgnoresThem() throws {
        let r = Self.mostlyUnmeasured(measured: 4)
        #expect(r.frames.filter { $0.status == .notAssessable }.allSatisfy { $0.score == nil })
        let scores = r.frames.compactMap(\.score)
        #expect(scores.count == 4)
        let mean = try #require(r.summary.meanScore)
        #expect(abs(mean - scores.reduce(0, +) / 4) < 1e-9)
        #expect(Self.mostlyUnmeasured(measured: 0).summary.meanScore == nil)
    }

    @Test func medianHistogram() {
        var h = MedianHistogram(unit: .degrees)
        #expect(h.median == nil)
        for v in [10.0, 20, 30, 40, 1000] { h.add(v) }
        #expect(h.median == 30)
        var l = MedianHistogram(unit: .legLengths)
        for v in [0.1234, 0.2, -9] { l.add(v) }
        #expect(abs((l.median ?? 0) - 0.123) < 1e-9)
    }
}

struct SummaryReasonTests {
    /// A frame whose checks were not assessable because the stance was turned `degrees`.
    static func turned(_ index: Int, _ degrees: Double) -> FrameResult {
        let spec = StretchSpec.scissorStance
        let checks = spec.checks.map { c in
            CheckResult(
                check: c.id, required: c.required, value: nil, deviation: nil, status: .notAssessable,
                reason: .viewAmbiguous(.stanceTurned(degrees: degrees), range: nil), score: nil)
        }
        return FrameResult(
            index: index, time: Double(index) / 10, status: .notAssessable, score: nil, view: .unknown, checks: checks,
            issues: [])
    }

    /// The summary's reason for a turned stance gives how far it was turned, as each frame's
    /// reason does: the least and the most over the frames, or one figure when they round alike.
    @Test func aTurnedStanceSaysHowFar() {
        var spread = SummaryAccumulator(spec: .scissorStance)
        var alike = SummaryAccumulator(spec: .scissorStance)
        for (i, d) in [41.2, 55.0, 48.9].enumerated() {
            let reading = ClockReading(time: Double(i) / 10, gapBefore: false, step: 0.1, issue: nil)
            spread.add(Self.turned(i, d), clock: reading)
            alike.add(Self.turned(i, 40.6 + 0.1 * Double(i)), clock: reading)
        }
        let clock = FrameClock(frameRate: 10, dipTolerance: 0.5)
        #expect(
            spread.summary(clock: clock).checks[0].commonReason
                == "the stance is turned 41–55° from the image, and the verdict changes within 10° of that turn")
        #expect(
            alike.summary(clock: clock).checks[0].commonReason
                == "the stance is turned about 41° from the image, and the verdict changes within 10° of that turn")
    }
}
