// The recording summary and verdict (PoseCheck docs, "What is measured, and what 0 means", "Hold and verdict"), accumulated in constant memory.

/// A recording's verdict: `pass` when held in form for the stretch's hold time, `fail` when
/// measured well enough and not held, `notAssessable` when too little could be measured or timed
/// (see `VerdictCause`).
public enum Verdict: String, Sendable, Codable { case pass, fail, notAssessable }

/// The longest continuous in-form run.
public struct HoldSpan: Hashable, Sendable {
    /// The input index of the first in-form frame of the hold.
    public var startFrame: Int
    /// The input index of the last in-form frame of the hold (dips inside it may be out of form).
    public var endFrame: Int
    /// Seconds from the start of the recording when the hold began.
    public var startTime: Double
    /// How long the hold lasted in seconds: each frame lasts until the next, at most one frame step.
    public var seconds: Double
}

/// Per-check totals over the recording.
public struct CheckSummary: Hashable, Sendable {
    /// The check these totals are for.
    public var check: CheckID
    /// Whether the check is required (decides frame status) or advisory (only weighs in the score).
    public var required: Bool
    /// Frames on which the check was measured inside its pass band.
    public var passed: Int
    /// Frames on which the check was measured outside its pass band.
    public var failed: Int
    /// Frames on which the check could not be measured (see `commonReason`).
    public var notAssessable: Int
    /// The median value over assessed frames, to the histogram's resolution (0.05° or 0.001 L).
    public var median: Double?
    /// The largest |deviation| and the frame where it happened.
    public var worstDeviation: Double?
    /// The input index of the frame with `worstDeviation`; `nil` when no frame failed.
    public var worstFrame: Int?
    /// Of the failing frames, how many were above the band (too much) rather than below.
    public var failedAbove: Int
    /// The commonest reason this check could not be assessed.
    public var commonReason: String?
}

/// Why a recording got its verdict.
public enum VerdictCause: String, Sendable, Hashable {
    /// The recording has no frames.
    case noFrames
    /// No frame could be measured.
    case nothingMeasured
    /// Frames were measured, none in form.
    case noneInForm
    /// Too many frame times were untrusted to time a hold.
    case untrustedTimes
    /// Frames carry no times and no frame rate was given.
    case timeUnknown
    /// Held in form long enough.
    case held
    /// Too few frames measured to fail the hold fairly.
    case tooFewMeasured
    /// In form, but not for long enough.
    case holdTooShort
}

/// A recording's totals and verdict, accumulated in constant memory as frames arrive.
public struct RecordingSummary: Sendable {
    /// Frames seen, including those that could not be assessed.
    public var frames: Int
    /// Frames whose required checks all passed.
    public var inForm: Int
    /// Frames with at least one required check failing (a failure outranks a missing measurement).
    public var deviating: Int
    /// Frames on which some required check could not be measured, or none was.
    public var notAssessable: Int
    /// The mean frame score (0–100) over frames that have one; `nil` when none has.
    public var meanScore: Double?
    /// nil when frame times are unknown (no timestamps and no frame rate).
    public var longestHold: HoldSpan?
    /// The longest hold in seconds: 0 when times are known and no frame was in form; `nil` when
    /// frame times are unknown.
    public var longestHoldSeconds: Double? { Self.holdSeconds(longestHold, timeKnown: timeKnown, inForm: inForm) }

    /// `longestHoldSeconds` from its parts (a stream asks for it without making the summary).
    static func holdSeconds(_ longest: HoldSpan?, timeKnown: Bool, inForm: Int) -> Double? {
        longest?.seconds ?? (timeKnown && inForm == 0 ? 0 : nil)
    }
    /// True when frame times can time a hold: timestamps or a frame rate, mostly trusted.
    public var timeKnown: Bool
    /// Frames whose time the clock did not trust (flagged on the frame); they take no part in the hold.
    public var untrustedTimes: Int
    /// Points where time is missing between trusted frames (dropped frames, restarts): no hold spans them.
    public var timeGaps: Int
    /// The hold the stretch needs, in seconds (the spec's `holdSeconds`).
    public var requiredHoldSeconds: Double
    /// The recording's verdict; `verdictCause` says why.
    public var verdict: Verdict
    /// Why the verdict is what it is, as a value (a command line adds its hints by it).
    public var verdictCause: VerdictCause
    /// Why the verdict is what it is, in words.
    public var verdictReason: String
    /// The verdict rests on angles measured with square pixels assumed (no image size for
    /// normalised coordinates); its reason says so (a command line adds the option that gives
    /// the size).
    public var imageSizeAssumed: Bool
    /// Per-check totals, in the spec's check order.
    public var checks: [CheckSummary]

    /// Failing required checks, most frames failing first: the deviations to fix first.
    public var topDeviations: [CheckSummary] {
        checks.filter { $0.failed > 0 }.sorted {
            if $0.required != $1.required { return $0.required }
            if $0.failed != $1.failed { return $0.failed > $1.failed }
            return $0.check.rawValue < $1.check.rawValue
        }
    }
}

/// A histogram for medians in constant memory. Values are binned at `resolution` within
/// [lower, upper]; values outside land in the end bins.
struct MedianHistogram: Sendable {
    let lower: Double
    let resolution: Double
    var bins: [UInt32]
    var count = 0

    init(unit: MetricUnit) {
        switch unit {
        case .degrees: (lower, resolution, bins) = (-180, 0.05, Array(repeating: 0, count: 7201))
        case .legLengths: (lower, resolution, bins) = (-5, 0.001, Array(repeating: 0, count: 10001))
        }
    }

    mutating func add(_ v: Double) {
        // Clamp as a Double first: a huge value must not trap the conversion to Int.
        let x = ((v - lower) / resolution).rounded()
        let i = x.isNaN ? 0 : Int(min(Double(bins.count - 1), max(0, x)))
        bins[i] += 1
        count += 1
    }

    var median: Double? {
        guard count > 0 else { return nil }
        let half = (count + 1) / 2
        var seen = 0
        for (i, n) in bins.enumerated() {
            seen += Int(n)
            if seen >= half { return lower + Double(i) * resolution }
        }
        return nil
    }
}

/// Tracks the longest continuous in-form hold, tolerating short dips.
///
/// It sees only frames whose time the clock trusted (`FrameClock`). Each lasts until the next
/// one, so variable frame rates are timed from the timestamps, but never longer than the clock's
/// frame step (so the last frame lasts one step). A run continues across out-of-form frames
/// lasting at most `dipTolerance` seconds, and never across a gap.
struct HoldTracker: Sendable {
    let dipTolerance: Double
    private var previous: (frame: Int, time: Double, inForm: Bool)?
    private var step = 0.0
    private var runStart: (frame: Int, time: Double)?
    /// The run's last in-form frame and the time it ended.
    private var runEnd: (frame: Int, time: Double)?
    private var closedBest: HoldSpan?

    init(dipTolerance: Double) { self.dipTolerance = dipTolerance }

    mutating func add(frame: Int, time: Double, inForm: Bool, gapBefore: Bool, step: Double) {
        if let p = previous, p.inForm, let start = runStart {
            let end = min(time, p.time + step)
            runEnd = (p.frame, end)
            closedBest = Self.longer(closedBest, Self.span(start, p.frame, end))
        }
        if gapBefore { runStart = nil }
        if inForm {
            let continues = runStart != nil && runEnd.map { time - $0.time <= dipTolerance + 1e-9 } == true
            if !continues {
                runStart = (frame, time)
                runEnd = nil
            }
        }
        previous = (frame, time, inForm)
        self.step = step
    }

    /// The longest hold so far, counting an in-form last frame as lasting one step.
    var best: HoldSpan? {
        guard let p = previous, p.inForm, let start = runStart else { return closedBest }
        return Self.longer(closedBest, Self.span(start, p.frame, p.time + step))
    }

    private static func span(_ start: (frame: Int, time: Double), _ endFrame: Int, _ endTime: Double) -> HoldSpan {
        // Microsecond rounding keeps 199 × 0.1 + 0.1 reading as 20 s, not 19.999999999999996.
        let seconds = ((endTime - start.time) * 1e6).rounded() / 1e6
        return HoldSpan(startFrame: start.frame, endFrame: endFrame, startTime: start.time, seconds: seconds)
    }

    private static func longer(_ a: HoldSpan?, _ b: HoldSpan) -> HoldSpan {
        guard let a else { return b }
        return b.seconds > a.seconds ? b : a
    }
}

/// Folds frame results into a `RecordingSummary`.
struct SummaryAccumulator: Sendable {
    let spec: StretchSpec
    /// The coordinates were scaled by no image size (`EvaluationOptions.imageSizeAssumed`).
    let imageSizeAssumed: Bool
    /// Some frame held a body to measure (no frame-wide issue such as `no_person`).
    var sawBody = false
    var frames = 0, inForm = 0, deviating = 0, notAssessable = 0
    var scoreSum = 0.0, scored = 0
    var hold: HoldTracker
    var checkTotals: [CheckSummary]
    var histograms: [MedianHistogram]
    /// Per check, counts of each reason text (bounded by the number of distinct reasons).
    var reasons: [[String: Int]]
    /// Per check, the least and the most a turned stance was turned (degrees), for the reason's
    /// words: the frames' own figures are not kept apart.
    var turned: [(least: Double, most: Double)?]

    init(spec: StretchSpec, imageSizeAssumed: Bool = false) {
        self.spec = spec
        self.imageSizeAssumed = imageSizeAssumed
        hold = HoldTracker(dipTolerance: spec.dipToleranceSeconds)
        checkTotals = spec.checks.map {
            CheckSummary(
                check: $0.id, required: $0.required, passed: 0, failed: 0, notAssessable: 0,
                median: nil, worstDeviation: nil, worstFrame: nil, failedAbove: 0, commonReason: nil)
        }
        histograms = spec.checks.map { MedianHistogram(unit: $0.id.unit) }
        reasons = spec.checks.map { _ in [:] }
        turned = spec.checks.map { _ in nil }
    }

    /// Folds in one frame's result and what the clock concluded about its time.
    mutating func add(_ r: FrameResult, clock: ClockReading) {
        frames += 1
        if !sawBody && !r.issues.contains(where: \.isFrameWide) { sawBody = true }
        switch r.status {
        case .inForm: inForm += 1
        case .deviating: deviating += 1
        case .notAssessable: notAssessable += 1
        }
        if let s = r.score {
            scoreSum += s
            scored += 1
        }
        if let t = clock.time {
            hold.add(frame: r.index, time: t, inForm: r.status == .inForm, gapBefore: clock.gapBefore, step: clock.step)
        }
        // Fields are read in place: copying a CheckResult (its reason) is not free.
        for i in r.checks.indices {
            switch r.checks[i].status {
            case .pass: checkTotals[i].passed += 1
            case .fail:
                checkTotals[i].failed += 1
                if (r.checks[i].deviation ?? 0) > 0 { checkTotals[i].failedAbove += 1 }
            case .notAssessable:
                checkTotals[i].notAssessable += 1
                // Reasons are few and repeat; keying by text keeps this bounded.
                if let reason = r.checks[i].reason { reasons[i][Self.reasonKey(reason), default: 0] += 1 }
                if case .viewAmbiguous(.stanceTurned(let d), _)? = r.checks[i].reason {
                    turned[i] = (min(turned[i]?.least ?? d, d), max(turned[i]?.most ?? d, d))
                }
            }
            if let v = r.checks[i].value { histograms[i].add(v) }
            if let d = r.checks[i].deviation,
                abs(d) > abs(checkTotals[i].worstDeviation ?? 0) || checkTotals[i].worstDeviation == nil
            {
                checkTotals[i].worstDeviation = d
                checkTotals[i].worstFrame = r.index
            }
        }
    }

    /// Reasons grouped so that per-frame numbers (confidences) do not split them.
    static func reasonKey(_ u: Unassessable) -> String {
        switch u {
        case .lowConfidence(let j, _, let t): return "\(j) confidence below \(formatNumber(t, digits: 2))"
        case .outOfImagePlane(let segment, let front, _, _):
            return "the \(segment.name(front: front)) points toward or away from the camera"
        case .viewAmbiguous(.stanceTurned, _):
            return stanceTurnedKey
        case .implausible(let check, _): return "\(check.implausibleCode): \(check) beyond what a body can do"
        default: return u.description
        }
    }

    /// The key of every frame whose stance was turned, replaced by the reason with the
    /// recording's range of degrees (`ViewAmbiguity.stanceTurned(least:most:)`); never shown.
    static let stanceTurnedKey = "view_ambiguous: stance turned"

    /// Why no frame was assessed: when some required check was measured, the one that was not
    /// on the most frames, named ("no frame could be assessed in full: feet height difference
    /// not measured (the hip line points toward or away from the camera)"); else the commonest
    /// reason of the first check ("no frame could be measured: …").
    static func nothingAssessed(_ checks: [CheckSummary]) -> String {
        let required = checks.filter(\.required)
        let measured = required.contains { $0.passed + $0.failed > 0 }
        let unmeasured = required.filter { $0.commonReason != nil }.max { $0.notAssessable < $1.notAssessable }
        guard measured, let blocking = unmeasured, let why = blocking.commonReason else {
            return "no frame could be measured" + (checks.compactMap(\.commonReason).first.map { ": \($0)" } ?? "")
        }
        let name = blocking.check.plainName.prefix(1).lowercased() + blocking.check.plainName.dropFirst()
        return "no frame could be assessed in full: \(name) not measured (\(why))"
    }

    /// The summary's longest hold in seconds, without making the summary.
    func longestHoldSeconds(clock: FrameClock) -> Double? {
        let known = timeKnown(clock)
        return RecordingSummary.holdSeconds(known ? hold.best : nil, timeKnown: known, inForm: inForm)
    }

    /// Whether the frame times can time a hold: timestamps or a frame rate, mostly trusted.
    private func timeKnown(_ clock: FrameClock) -> Bool { clock.canTime && frames > 0 && !clock.isUntrustworthy }

    func summary(clock: FrameClock) -> RecordingSummary {
        var checks = checkTotals
        for i in checks.indices {
            checks[i].median = histograms[i].median
            var common = reasons[i].max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
            if common == Self.stanceTurnedKey, let t = turned[i] {
                common = ViewAmbiguity.stanceTurned(least: t.least, most: t.most)
            }
            checks[i].commonReason = common
        }
        let untrustworthy = clock.untrustworthyReason
        // Times that are mostly untrusted time no hold at all.
        let timeKnown = timeKnown(clock)
        let longest = timeKnown ? hold.best : nil
        let assessable = inForm + deviating
        let verdict: Verdict
        let cause: VerdictCause
        let reason: String
        let need = spec.holdSeconds
        if frames == 0 {
            (verdict, cause, reason) = (.notAssessable, .noFrames, "the recording has no frames")
        } else if assessable == 0 {
            (verdict, cause, reason) = (.notAssessable, .nothingMeasured, Self.nothingAssessed(checks))
        } else if let h = longest, h.seconds + 1e-6 >= need {
            (verdict, cause, reason) = (
                .pass, .held,
                "held in form for \(formatNumber(h.seconds, digits: 1)) s (needs \(formatNumber(need, digits: 1)) s)"
            )
        } else if Double(assessable) < 0.5 * Double(frames) {
            // Too little was measured to call it a failure (PoseCheck docs, "What is measured, and what 0 means", "Hold and verdict"): checked before the other
            // failures, so a recording mostly out of the camera's reach is never a FAIL.
            let hold = timeKnown ? " and the longest hold is \(formatNumber(longest?.seconds ?? 0, digits: 1)) s" : ""
            (verdict, cause, reason) = (
                .notAssessable, .tooFewMeasured, "only \(assessable) of \(frames) frames could be measured\(hold)"
            )
        } else if inForm == 0 {
            (verdict, cause, reason) = (.fail, .noneInForm, "no frame was in form")
        } else if let why = untrustworthy {
            (verdict, cause, reason) = (.notAssessable, .untrustedTimes, "\(why), so the hold cannot be timed")
        } else if !timeKnown {
            (verdict, cause, reason) = (
                .notAssessable, .timeUnknown, "frame times unknown, so the hold cannot be timed"
            )
        } else {
            (verdict, cause, reason) = (
                .fail, .holdTooShort,
                "longest hold \(formatNumber(longest?.seconds ?? 0, digits: 1)) s, short of \(formatNumber(need, digits: 1)) s"
            )
        }
        var fullReason = reason
        if let hint = clock.unitsHint { fullReason += " (\(hint))" }
        let absent = checks.filter { $0.required && $0.commonReason == Unassessable.notInExport.description }.map(
            \.check.rawValue)
        if !absent.isEmpty && verdict != .notAssessable {
            fullReason += ", judged on the checks this export carries (not in it: \(absent.joined(separator: ", ")))"
        }
        // A verdict that rests on angles measured with square pixels assumed says so: a lunge
        // filmed in landscape then looks foreshortened, its angles distorted.
        let restsOnAngles = sawBody && ![.noFrames, .untrustedTimes, .timeUnknown].contains(cause)
        if imageSizeAssumed && restsOnAngles {
            fullReason +=
                "; the image size is unknown, so square pixels were assumed (angles are distorted unless the video is square)"
        }
        return RecordingSummary(
            frames: frames, inForm: inForm, deviating: deviating, notAssessable: notAssessable,
            meanScore: scored > 0 ? scoreSum / Double(scored) : nil, longestHold: longest, timeKnown: timeKnown,
            untrustedTimes: clock.canTime ? clock.frames - clock.trusted : 0, timeGaps: clock.gaps,
            requiredHoldSeconds: need, verdict: verdict, verdictCause: cause, verdictReason: fullReason,
            imageSizeAssumed: imageSizeAssumed && restsOnAngles, checks: checks)
    }
}
