// The one time model (PoseCheck docs, "Time you can trust"): which frame times can be trusted, and where a hold must break.
//
// A hold is a duration, so one bad time must never fake one. The clock judges each frame's time
// as it arrives, against the last time it trusted, and never looks ahead, so the command line and
// the library's frame-by-frame session, which both feed it, agree frame for frame.

/// What the clock concluded about one frame's time.
public struct ClockReading: Hashable, Sendable {
    /// Seconds from the recording's start, when the frame's time can be trusted; nil otherwise.
    public var time: Double?
    /// True when time is missing between this frame and the previous trusted one (dropped frames,
    /// a jump confirmed by the frames after it, or a restart): no hold spans this point.
    public var gapBefore: Bool
    /// How long a frame lasts at most: the shortest step between trusted frames so far (or one
    /// over the frame rate), in seconds; 0 while unknown. A frame lasts until the next one, but
    /// never longer than this, so dropping frames can never lengthen a hold.
    public var step: Double
    /// Why this frame's time is not trusted (`time_missing`, `out_of_order`, `duplicate_frame`,
    /// `time_jump`), or why a gap precedes it (`time_gap`, `time_restart`); informational, so the
    /// frame is still scored.
    public var issue: FrameIssue?
}

/// Judges frame times one frame at a time.
///
/// Where a time comes from: the frame's timestamp when the export has them (once one frame has a
/// timestamp, a frame without one is `time_missing`), otherwise its number divided by the frame
/// rate, otherwise nowhere (the hold cannot be timed).
///
/// Rules, each against the last trusted time `t₀` and the usual step `s` (the median of the last
/// 31 steps between trusted frames):
/// - a time that is missing or not finite is `time_missing`;
/// - a time not after `t₀` is `duplicate_frame` (equal) or `out_of_order` (before);
/// - a time more than `jumpLimit` after `t₀` (the larger of the dip tolerance and three usual
///   steps) is `time_jump`, unless it is confirmed by the next frame continuing from it: a spike
///   is then never trusted, while a real gap or a restart is trusted from the confirming frame on,
///   with `gapBefore` set so that no hold spans it;
/// - a trusted time more than the shortest step plus the dip tolerance after `t₀` is a gap
///   (`time_gap`): the frames before it and after it are timed, but no hold spans the missing time.
/// A frame lasts until the next trusted frame, but never longer than the shortest step seen (one
/// over the frame rate when it is known): so the last frame of a run lasts one frame, and
/// dropping frames can shorten a hold but never lengthen it.
/// Untrusted frames keep their place and are scored; they take no part in timing a hold.
public struct FrameClock: Sendable {
    /// Frames per second, used for frames without a timestamp; `nil` when unknown.
    public let frameRate: Double?
    /// The stretch's dip tolerance in seconds: the least time a jump must exceed to be judged one,
    /// and the slack before a step counts as a gap.
    public let dipTolerance: Double
    /// True once a frame carried a timestamp (or the caller said the export has them).
    public private(set) var usesTimestamps: Bool
    /// Frames seen, and frames whose time was trusted.
    public private(set) var frames = 0
    /// Frames whose time was trusted (the rest are flagged and take no part in a hold).
    public private(set) var trusted = 0
    /// Untrusted frames by issue code, for the verdict's reason.
    public private(set) var untrustedByCode: [String: Int] = [:]
    /// Points where time is missing between trusted frames (gaps, confirmed jumps, restarts).
    public private(set) var gaps = 0

    private var last: Double?
    /// A time that jumped or went back, waiting for the next frame to confirm it as a new level.
    private var candidate: Double?
    private var steps = RecentSteps()
    /// The times as read, trusted or not: the last one, and the recent steps forward between
    /// frames next to each other (`unitsHint`).
    private var lastRead: Double?
    private var readSteps = RecentSteps()

    /// - Parameters:
    ///   - frameRate: frames per second, for frames without timestamps (their number ÷ rate).
    ///   - dipTolerance: the longest gap a hold may span (the spec's dip tolerance).
    ///   - timestamps: true when the export is known to carry timestamps, so that even its first
    ///     frame without one is flagged; otherwise the clock learns it from the first timestamp.
    public init(frameRate: Double?, dipTolerance: Double, timestamps: Bool = false) {
        self.frameRate = frameRate.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        self.dipTolerance = dipTolerance
        self.usesTimestamps = timestamps
        if let rate = self.frameRate { steps.add(1 / rate) }
    }

    /// True when frames can be timed at all (timestamps or a frame rate).
    public var canTime: Bool { usesTimestamps || frameRate != nil }

    /// The jump beyond which a time needs the next frame's confirmation.
    var jumpLimit: Double { max(dipTolerance, 3 * steps.median) }

    /// While no step is known (no frame rate, first frames), a first step up to this long is
    /// taken as the usual one: no video's frames are further apart.
    static let firstStepLimit = 2.0

    /// Judges one frame's time. Frames must arrive in input order.
    public mutating func read(_ frame: PoseFrame) -> ClockReading {
        frames += 1
        // Built only for a message.
        func at() -> String { frame.place.map { " (\($0))" } ?? "" }
        if frame.time != nil { usesTimestamps = true }
        let raw: Double
        if let t = frame.time {
            guard t.isFinite else {
                return untrusted("time_missing", "the time is not a finite number\(at())")
            }
            raw = t
        } else if usesTimestamps {
            // A reader that saw the cell already said why, or that the input holds nothing
            // readable of the frame; say it only when nobody has.
            let notRead = PoseFrame.notReadCodes
            if let said = frame.issues.first(where: { $0.code == "time_missing" || notRead.contains($0.code) }) {
                return untrusted(said)
            }
            return untrusted("time_missing", "the frame has no timestamp\(at())")
        } else if let rate = frameRate {
            raw = Double(frame.index) / rate
        } else {
            return ClockReading(time: nil, gapBefore: false, step: steps.shortest, issue: nil)
        }
        if let before = lastRead, raw > before { readSteps.add(raw - before) }
        lastRead = raw
        guard let previous = last else { return trust(raw, gapBefore: false, issue: nil) }
        let step = raw - previous
        // The first step is the usual one unless it is longer than any frame step plausibly is.
        let limit = steps.isEmpty ? max(jumpLimit, Self.firstStepLimit) : jumpLimit
        if step > 0 && step <= limit {
            let gap = steps.isEmpty ? false : step - steps.shortest > dipTolerance + 1e-9
            let issue =
                gap
                ? FrameIssue(
                    code: "time_gap",
                    message:
                        "\(seconds(step)) since the previous frame at \(seconds(previous)) (shortest step \(seconds(steps.shortest)))\(at()): frames are missing, so no hold spans this gap",
                    informational: true) : nil
            if !gap { steps.add(step) }
            return trust(raw, gapBefore: gap, issue: issue)
        }
        if let c = candidate, raw > c, raw - c <= limit {
            // The previous frame's jump or return is confirmed: times continue from there.
            steps.add(raw - c)
            let restart = raw < previous
            let code = restart ? "time_restart" : "time_gap"
            let what =
                restart
                ? "the times restart (from \(seconds(previous)) back to \(seconds(c)))"
                : "the times jumped from \(seconds(previous)) to \(seconds(c))"
            return trust(
                raw, gapBefore: true,
                issue: FrameIssue(
                    code: code, message: "\(what) and continue from there\(at()): no hold spans this point",
                    informational: true))
        }
        candidate = raw
        if step == 0 { return untrusted("duplicate_frame", "time \(seconds(raw)) repeats the previous frame's\(at())") }
        if step < 0 {
            return untrusted(
                "out_of_order", "time \(seconds(raw)) is before the previous frame's \(seconds(previous))\(at())")
        }
        return untrusted(
            "time_jump",
            "time \(seconds(raw)) jumps \(seconds(step)) after \(seconds(previous)) (usual step \(seconds(steps.median)))\(at()): not trusted"
        )
    }

    private mutating func trust(_ t: Double, gapBefore: Bool, issue: FrameIssue?) -> ClockReading {
        if gapBefore { gaps += 1 }
        last = t
        candidate = nil
        trusted += 1
        return ClockReading(time: t, gapBefore: gapBefore, step: steps.shortest, issue: issue)
    }

    private mutating func untrusted(_ code: String, _ message: String) -> ClockReading {
        untrusted(FrameIssue(code: code, message: message, informational: true))
    }

    private mutating func untrusted(_ issue: FrameIssue) -> ClockReading {
        untrustedByCode[issue.code, default: 0] += 1
        return ClockReading(time: nil, gapBefore: false, step: steps.shortest, issue: issue)
    }

    /// Whether most frames' times cannot be trusted (`untrustworthyReason` says why).
    public var isUntrustworthy: Bool { canTime && frames > 1 && Double(trusted) < 0.5 * Double(frames) }

    /// Why the frame times cannot be trusted, when most of them cannot be; nil when they can.
    public var untrustworthyReason: String? {
        guard isUntrustworthy else { return nil }
        let commonest = untrustedByCode.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
        let what: String
        switch commonest?.key {
        case "time_missing": what = "have no usable time"
        case "duplicate_frame": what = "repeat the previous frame's time"
        case "out_of_order": what = "have a time before the previous frame's"
        case "time_jump": what = "jump far ahead in time"
        default: what = "have times that cannot be trusted"
        }
        return "frame times cannot be trusted: \(frames - trusted) of \(frames) frames \(what)"
    }

    /// Steps between frames of a video or a motion capture: 1/2000 s to 1 s.
    static let frameSteps = 1.0 / 2000...1.0

    /// When the usual step between timestamps, as read, is no recording's (`frameSteps`) and a
    /// factor of 1,000 or 1,000,000 makes it one, the step and the factor: the times are in
    /// another unit than their column says (milliseconds in a column of seconds, microseconds
    /// in one of milliseconds, seconds in one of milliseconds or microseconds), a common export
    /// mistake; nil
    /// otherwise, and for times from a frame rate. A step under 8 s is not called too large:
    /// milliseconds read as seconds give 8.3 s and more up to 120 fps, and a time-lapse takes
    /// a frame every few seconds.
    public var unitsHint: String? {
        guard usesTimestamps, readSteps.count >= 3 else { return nil }
        let step = readSteps.median
        let factors: [(factor: Double, what: String)] = [
            (1e-3, "1,000 times too large"), (1e-6, "1,000,000 times too large"), (1e3, "1,000 times too small"),
            (1e6, "1,000,000 times too small"),
        ]
        guard !Self.frameSteps.contains(step), step < 1 || step >= 8,
            let off = factors.first(where: { Self.frameSteps.contains(step * $0.factor) })
        else { return nil }
        let shown = formatNumber(step, digits: step < 0.01 ? 6 : 3)
        return "frames are \(shown) s apart: the times look \(off.what); check the time column's unit"
    }

    private func seconds(_ t: Double) -> String { "\(formatNumber(t, digits: 3)) s" }
}

/// The median of the last few steps between trusted frames, and the shortest step of all, in
/// constant memory and without allocating once full: the steps are kept in arrival order (to
/// know which leaves) and in sorted order (for the median), each step moved in place.
struct RecentSteps: Sendable {
    static let capacity = 31
    private var arrival: [Double] = []
    private var sorted: [Double] = []
    private var next = 0
    private(set) var shortest = 0.0

    var isEmpty: Bool { arrival.isEmpty }
    var count: Int { arrival.count }

    var median: Double { sorted.isEmpty ? 0 : sorted[sorted.count / 2] }

    mutating func add(_ step: Double) {
        shortest = arrival.isEmpty ? step : min(shortest, step)
        if arrival.count < Self.capacity {
            arrival.append(step)
        } else {
            let leaving = arrival[next]
            arrival[next] = step
            next = (next + 1) % Self.capacity
            sorted.remove(at: Self.position(of: leaving, in: sorted))
        }
        sorted.insert(step, at: Self.position(of: step, in: sorted))
    }

    /// The first index whose value is not below `value` (binary search).
    private static func position(of value: Double, in values: [Double]) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
