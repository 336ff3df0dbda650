// Progress across sessions: per stretch and front side, each session's hold and
// medians; the trend per week of each check and of the hold; the left–right difference of each
// check, flagged beyond what a measurement can tell apart.
import PoseModel

/// What a trend follows: a check's session medians, or the session's longest hold.
public enum ProgressMeasure: Sendable, Hashable, CustomStringConvertible {
    case check(CheckID)
    case hold

    /// The id used in JSON and CSV: the check id, or `holdSeconds`.
    public var description: String {
        switch self {
        case .check(let id): return id.rawValue
        case .hold: return "holdSeconds"
        }
    }
}

/// The left–right difference of one check across sessions.
public struct ProgressAsymmetry: Sendable, Hashable {
    /// The stretch id.
    public var stretch: String
    /// The check compared.
    public var check: CheckID
    /// The median of the left-front sessions' medians, in the check's unit.
    public var left: Double
    /// The median of the right-front sessions' medians.
    public var right: Double
    /// left − right, as "left–right difference" reads: positive when the check reads higher
    /// with the left leg in front.
    public var difference: Double { left - right }
    /// Differences beyond this (in the check's unit) are flagged; see `AsymmetryThreshold`.
    public var threshold: Double
    /// Whether |difference| exceeds the threshold.
    public var flagged: Bool { abs(difference) > threshold }
    /// Left-front sessions that measured the check.
    public var leftSessions: Int
    /// Right-front sessions that measured the check.
    public var rightSessions: Int
}

/// The trend per week of one measure, for one stretch and front side.
public struct ProgressTrend: Sendable, Hashable {
    /// The stretch id.
    public var stretch: String
    /// The front side of the sessions behind it.
    public var side: Side
    /// The check (or the hold) it follows.
    public var measure: ProgressMeasure
    /// The least-squares slope of the session values against their dates, in the measure's unit
    /// per week (7 days); nil when the sessions fall on fewer than two distinct days.
    public var perWeek: Double?
    /// The slope's standard error (same unit), from the scatter of the sessions about the line:
    /// nil with fewer than three sessions, where a line fits any two points exactly.
    public var perWeekStandardError: Double?
    /// Sessions with a value behind the slope.
    public var sessions: Int
    /// Distinct UTC days among them.
    public var days: Int
    /// The fitted value at the first and the last session (nil without a slope): what the
    /// text compares against the band to say whether the trend goes the right way.
    public var fittedFirst: Double?
    /// The fitted value at the last session.
    public var fittedLast: Double?
}

/// One stretch and front side over all its sessions.
public struct ProgressSideSummary: Sendable, Hashable {
    /// The stretch id.
    public var stretch: String
    /// The front side.
    public var side: Side
    /// Sessions counted for this side.
    public var sessions: Int
    /// Of them, those whose verdict is pass.
    public var passed: Int
    /// The median of the sessions' holds (those with a known hold), seconds.
    public var holdSeconds: Double?
    /// Per check, the median of the sessions' medians.
    public var medians: [CheckMedian]
}

/// The thresholds beyond which a left–right difference is flagged, per check unit.
///
/// - Angles (knees, hip, trunk, arms, gaze): 10°. Clinical goniometry's minimum detectable
///   difference is about 6–14° (PoseCheck docs, "Progress across sessions"), and markerless 2D side-view angles differ from motion
///   capture by 4–6° (Stenum et al. 2021); a smaller side-to-side difference cannot be told from
///   measurement error.
/// - Distances in leg lengths (feet grounded, hands on floor, hand order): 0.05 L, about 4.5 cm
///   for a 0.9 m leg and a third of the 0.15 L pass band. No minimum detectable difference is
///   published for these measures: this one is chosen, so read a flag as a prompt to look.
public enum AsymmetryThreshold {
    /// For angles, in degrees.
    public static let degrees = 10.0
    /// For distances, in back-leg lengths L.
    public static let legLengths = 0.05

    /// The threshold for a check, in its unit.
    public static func threshold(for check: CheckID) -> Double {
        switch check.unit {
        case .degrees: return degrees
        case .legLengths: return legLengths
        }
    }
}

/// Sessions of one person, analysed: what `posecheck progress` reports.
public struct ProgressReport: Sendable {
    /// Every session, by date (then path, then segment start).
    public var sessions: [ProgressSession]
    /// Recordings that could not be graded, in the order given.
    public var unreadable: [UnreadableRecording]
    /// Recorded routines (`--stretch auto`) in which no stretch was recognised, in the order
    /// given: read, but without a session.
    public var unrecognised: [String]
    /// Per stretch (in order of first appearance), left then right.
    public var sides: [ProgressSideSummary]
    /// Per stretch, each check measured on both sides.
    public var asymmetry: [ProgressAsymmetry]
    /// Per stretch, side and measure (each check, then the hold).
    public var trends: [ProgressTrend]

    /// Seconds in a week, the unit of every trend.
    public static let secondsPerWeek = 7.0 * 86_400

    /// Analyses the sessions (in any order); `unreadable` and `unrecognised` are carried
    /// through for the outputs.
    public init(sessions: [ProgressSession], unreadable: [UnreadableRecording] = [], unrecognised: [String] = []) {
        let ordered = sessions.sorted { a, b in
            if a.date.secondsSince1970 != b.date.secondsSince1970 {
                return a.date.secondsSince1970 < b.date.secondsSince1970
            }
            if a.path != b.path { return a.path < b.path }
            return (a.segment?.start ?? 0) < (b.segment?.start ?? 0)
        }
        self.sessions = ordered
        self.unreadable = unreadable
        self.unrecognised = unrecognised
        var stretches: [String] = []
        for s in ordered where !stretches.contains(s.stretch) { stretches.append(s.stretch) }
        var sides: [ProgressSideSummary] = []
        var asymmetry: [ProgressAsymmetry] = []
        var trends: [ProgressTrend] = []
        for stretch in stretches {
            let ofStretch = ordered.filter { $0.stretch == stretch }
            let checks = Self.checks(of: ofStretch)
            var bySide: [Side: [ProgressSession]] = [:]
            for side in Side.allCases {
                let group = ofStretch.filter { $0.countedSide == side }
                bySide[side] = group
                guard !group.isEmpty else { continue }
                sides.append(
                    ProgressSideSummary(
                        stretch: stretch, side: side, sessions: group.count,
                        passed: group.filter { $0.verdict == .pass }.count,
                        holdSeconds: Self.median(group.compactMap(\.holdSeconds)),
                        medians: checks.map { c in
                            CheckMedian(check: c, value: Self.median(group.compactMap { $0.countedMedian(c) }))
                        }))
                for measure in checks.map(ProgressMeasure.check) + [.hold] {
                    trends.append(Self.trend(group, stretch: stretch, side: side, measure: measure))
                }
            }
            for c in checks {
                let left = (bySide[.left] ?? []).compactMap { $0.countedMedian(c) }
                let right = (bySide[.right] ?? []).compactMap { $0.countedMedian(c) }
                guard let l = Self.median(left), let r = Self.median(right) else { continue }
                asymmetry.append(
                    ProgressAsymmetry(
                        stretch: stretch, check: c, left: l, right: r,
                        threshold: AsymmetryThreshold.threshold(for: c),
                        leftSessions: left.count, rightSessions: right.count))
            }
        }
        self.sides = sides
        self.asymmetry = asymmetry
        self.trends = trends
    }

    /// The checks the sessions carry, in the order the first session lists them.
    static func checks(of sessions: [ProgressSession]) -> [CheckID] {
        var out: [CheckID] = []
        for s in sessions {
            for m in s.medians where !out.contains(m.check) { out.append(m.check) }
        }
        return out
    }

    /// The value a measure takes in a session, as trends count it (nil for a median over too
    /// few frames, `CheckMedian.minimumFrames`).
    public static func value(_ measure: ProgressMeasure, in session: ProgressSession) -> Double? {
        switch measure {
        case .check(let c): return session.countedMedian(c)
        case .hold: return session.holdSeconds
        }
    }

    static func trend(_ group: [ProgressSession], stretch: String, side: Side, measure: ProgressMeasure)
        -> ProgressTrend
    {
        let points = group.compactMap { s in value(measure, in: s).map { (s.date, $0) } }
        let days = Set(points.map(\.0.day)).count
        var trend = ProgressTrend(
            stretch: stretch, side: side, measure: measure, perWeek: nil, perWeekStandardError: nil,
            sessions: points.count, days: days, fittedFirst: nil, fittedLast: nil)
        let xy = points.map { (x: $0.0.secondsSince1970 / secondsPerWeek, y: $0.1) }
        guard days >= 2, let fit = leastSquares(xy) else { return trend }
        trend.perWeek = fit.slope
        trend.perWeekStandardError = standardError(ofSlope: fit, xy)
        let weeks = points.map { $0.0.secondsSince1970 / secondsPerWeek }
        if let first = weeks.min(), let last = weeks.max() {
            trend.fittedFirst = fit.intercept + fit.slope * first
            trend.fittedLast = fit.intercept + fit.slope * last
        }
        return trend
    }

    /// The ordinary least-squares line through the points (x, y): nil when x does not vary.
    /// x is centred before summing, so dates near 3 × 10³ weeks lose no precision.
    public static func leastSquares(_ points: [(x: Double, y: Double)]) -> (slope: Double, intercept: Double)? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        let meanY = points.reduce(0) { $0 + $1.y } / n
        var sxy = 0.0
        var sxx = 0.0
        for p in points {
            sxy += (p.x - meanX) * (p.y - meanY)
            sxx += (p.x - meanX) * (p.x - meanX)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return (slope, meanY - slope * meanX)
    }

    /// The standard error of a least-squares slope: √(Σ residual² / (n − 2) / Σ (x − x̄)²); nil
    /// for fewer than three points.
    public static func standardError(
        ofSlope fit: (slope: Double, intercept: Double), _ points: [(x: Double, y: Double)]
    ) -> Double? {
        guard points.count >= 3 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        var residuals = 0.0
        var sxx = 0.0
        for p in points {
            let r = p.y - (fit.intercept + fit.slope * p.x)
            residuals += r * r
            sxx += (p.x - meanX) * (p.x - meanX)
        }
        guard sxx > 0 else { return nil }
        return (residuals / (n - 2) / sxx).squareRoot()
    }

    /// The median (the mean of the middle two for an even count); nil for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The sessions of one stretch that count for one side, by date.
    public func sessions(stretch: String, side: Side) -> [ProgressSession] {
        sessions.filter { $0.stretch == stretch && $0.countedSide == side }
    }

    /// The stretches present, in order of first appearance.
    public var stretches: [String] {
        var out: [String] = []
        for s in sessions where !out.contains(s.stretch) { out.append(s.stretch) }
        return out
    }
}
