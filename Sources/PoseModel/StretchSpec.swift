// Stretches as data: each check has a target, a pass band, a falloff, a weight and a kind.

/// The checks PoseCheck can measure. Raw values are the stable ids used in output and spec files.
public enum CheckID: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case frontKneeFlexion, backKneeFlexion, trunkInclination, backHipExtension, feetGrounded
    case handsOnFloor, handOrder, raisedArmElevation, armLine, gaze

    /// The stable id (`frontKneeFlexion`), as in output and spec files.
    public var description: String { rawValue }

    /// The unit of the check's value.
    public var unit: MetricUnit {
        switch self {
        case .feetGrounded, .handsOnFloor, .handOrder: return .legLengths
        default: return .degrees
        }
    }

    /// What the value means, and what 0 means (PoseCheck docs, "What is measured, and what 0 means").
    public var convention: String { "\(definition); \(zeroMeaning)" }

    /// What 0 means, and which way the value grows where that is not plain: "0° = straight".
    public var zeroMeaning: String {
        switch self {
        case .frontKneeFlexion: return "0° = straight, 90° = right angle"
        case .backKneeFlexion: return "0° = straight"
        case .trunkInclination: return "0° = upright"
        case .backHipExtension: return "0° = thigh in line with the trunk, positive = behind"
        case .feetGrounded: return "0 = both at the same height"
        case .handsOnFloor: return "0 = at floor level"
        case .handOrder: return "positive = in order"
        case .raisedArmElevation: return "0° = arm straight up"
        case .armLine: return "0° = one straight line"
        case .gaze: return "0° = looking at the hand"
        }
    }

    /// What the value measures.
    private var definition: String {
        switch self {
        case .frontKneeFlexion: return "front knee flexion: 180° − interior hip–knee–ankle angle"
        case .backKneeFlexion: return "back knee flexion: as the front knee"
        case .trunkInclination: return "angle between mid-hip→mid-shoulder and vertical"
        case .backHipExtension: return "angle of the back thigh behind the trunk line (trunk extended down)"
        case .feetGrounded: return "height difference between the lowest points of the two feet ÷ back-leg length L"
        case .handsOnFloor:
            return "height of the wrist above the lowest foot point ÷ L (the higher wrist when both count)"
        case .handOrder:
            return
                "along the hip line from back to front: the smaller of (front ankle − front wrist) and (front wrist − back wrist) ÷ L"
        case .raisedArmElevation: return "angle between front-side shoulder→wrist and vertical up"
        case .armLine: return "180° − angle between the raised arm and the floor arm (each shoulder→wrist)"
        case .gaze: return "angle between the head direction (mid-ear→nose) and mid-ear→raised wrist"
        }
    }
}

/// The unit of a check's value.
public enum MetricUnit: String, Sendable, Codable {
    case degrees
    /// Multiples of the back leg's length L (hip→knee + knee→ankle).
    case legLengths

    /// The value with its unit for people: degrees to whole degrees (`92°`), leg lengths to two
    /// decimals (`0.05 L`).
    public func format(_ v: Double) -> String {
        switch self {
        case .degrees: return "\(formatNumber(v, digits: 0))°"
        case .legLengths: return "\(formatNumber(v, digits: 2)) L"
        }
    }
}

/// Formats a number with a fixed number of decimals, without Foundation, and without "-0".
public func formatNumber(_ v: Double, digits: Int) -> String {
    // Beyond 1e15 the fixed-point digits mean nothing (and would not fit an Int): shortest form.
    guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    var r = (abs(v) * scale).rounded()
    let negative = v < 0 && r != 0
    let whole = (r / scale).rounded(.down)
    r -= whole * scale
    var s = negative ? "-" : ""
    s += String(Int(whole))
    if digits > 0 {
        var frac = String(Int(r))
        while frac.count < digits { frac = "0" + frac }
        s += "." + frac
    }
    return s
}

/// A pass band: the values that pass. Either bound may be open.
public struct Band: Hashable, Sendable, CustomStringConvertible {
    /// The lowest passing value (inclusive); `nil` for no lower bound.
    public var lower: Double?
    /// The highest passing value (inclusive); `nil` for no upper bound.
    public var upper: Double?
    /// The ideal value, for advice ("90 ± 15"); the midpoint of a closed band.
    public var target: Double?
    /// A band from its bounds (`nil`: open) and, optionally, the ideal value for advice.
    public init(lower: Double?, upper: Double?, target: Double? = nil) {
        self.lower = lower
        self.upper = upper
        self.target = target
    }
    /// The closed band `target ± tolerance`, with `target` as the ideal value.
    public static func around(_ target: Double, tolerance: Double) -> Band {
        Band(lower: target - tolerance, upper: target + tolerance, target: target)
    }
    /// The band of values at most `v` (no lower bound): for "no more than" checks such as trunk lean.
    public static func atMost(_ v: Double) -> Band { Band(lower: nil, upper: v) }
    /// The band of values at least `v` (no upper bound).
    public static func atLeast(_ v: Double) -> Band { Band(lower: v, upper: nil) }

    /// Signed distance outside the band: positive above the upper bound, negative below the
    /// lower bound, 0 inside.
    public func deviation(of value: Double) -> Double {
        if let u = upper, value > u { return value - u }
        if let l = lower, value < l { return value - l }
        return 0
    }

    /// True when both values get one verdict: both inside the band, or both on one side of it.
    public func sameVerdict(_ a: Double, _ b: Double) -> Bool {
        let da = deviation(of: a)
        let db = deviation(of: b)
        return (da == 0 && db == 0) || (da > 0 && db > 0) || (da < 0 && db < 0)
    }

    /// The band in degrees: `90 ± 15°`, `20–40°`, `≤ 10°`, `≥ 5°` or `any`.
    public var description: String { describe(unit: .degrees) }

    /// The band in `unit`: `90 ± 15°`, `0.00 ± 0.05 L`, `20–40°`, `≤ 10°`, `≥ 5°`, or `any` when both
    /// bounds are open.
    public func describe(unit: MetricUnit) -> String {
        let f: (Double) -> String = { unit == .degrees ? formatNumber($0, digits: 0) : formatNumber($0, digits: 2) }
        let suffix = unit == .degrees ? "°" : " L"
        switch (lower, upper) {
        case (let l?, let u?):
            if let t = target, abs((t - l) - (u - t)) < 1e-9 { return "\(f(t)) ± \(f(u - t))\(suffix)" }
            return "\(f(l))–\(f(u))\(suffix)"
        case (nil, let u?): return "≤ \(f(u))\(suffix)"
        case (let l?, nil): return "≥ \(f(l))\(suffix)"
        case (nil, nil): return "any"
        }
    }
}

/// Which wrists the `handsOnFloor` check looks at.
public enum HandSelection: String, Sendable, Codable {
    /// Both wrists; the higher one decides.
    case both
    /// The back-side wrist only (the floor hand of the twist).
    case back
}

/// One check of a stretch.
public struct CheckSpec: Hashable, Sendable {
    /// Which measurement this check makes.
    public var id: CheckID
    /// The values that pass, in the check's unit (`CheckID.unit`).
    public var band: Band
    /// How far beyond the band the check score falls to 0: score = max(0, 1 − |deviation| / falloff).
    public var falloff: Double
    /// The check's share of the frame score relative to the other checks' weights (1 by default).
    public var weight: Double
    /// Required checks decide the frame status; advisory ones only weigh in the score.
    public var required: Bool
    /// For `handsOnFloor`: which wrists count.
    public var hands: HandSelection

    /// A check of `id` passing inside `band`, its score falling to 0 at `falloff` beyond the band.
    /// Required by default; `hands` matters only to `handsOnFloor`.
    public init(
        _ id: CheckID, band: Band, falloff: Double, weight: Double = 1, required: Bool = true,
        hands: HandSelection = .both
    ) {
        self.id = id
        self.band = band
        self.falloff = falloff
        self.weight = weight
        self.required = required
        self.hands = hands
    }

    /// The check score in [0, 1] for a deviation.
    public func score(deviation: Double) -> Double {
        guard falloff > 0 else { return deviation == 0 ? 1 : 0 }
        return max(0, 1 - abs(deviation) / falloff)
    }
}

/// A stretch: its checks and how long it must be held.
public struct StretchSpec: Hashable, Sendable {
    /// The stable id used to choose the stretch (`scissor-stance`) and in output.
    public var id: String
    /// The stretch's name for people ("Scissor-stance lunge").
    public var name: String
    /// Other ids that choose this stretch.
    public var aliases: [String]
    /// One or two sentences describing the stretch for people; may be empty.
    public var description: String
    /// The checks, in output order.
    public var checks: [CheckSpec]
    /// The continuous in-form time the verdict needs.
    public var holdSeconds: Double
    /// A dip out of form no longer than this does not break a hold (0.5 s by default: PoseCheck docs, "What is measured, and what 0 means", "Hold and verdict").
    public var dipToleranceSeconds: Double

    /// A stretch from its checks and hold time. `dipToleranceSeconds` defaults to 0.5 s.
    public init(
        id: String, name: String, aliases: [String] = [], description: String = "",
        checks: [CheckSpec], holdSeconds: Double, dipToleranceSeconds: Double = 0.5
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.description = description
        self.checks = checks
        self.holdSeconds = holdSeconds
        self.dipToleranceSeconds = dipToleranceSeconds
    }

    /// The spec's check with this id, or `nil` when the stretch has no such check.
    public func check(_ id: CheckID) -> CheckSpec? { checks.first { $0.id == id } }
}

extension CheckID {
    /// The joints this check may read, on either side (the front side is decided later).
    public var joints: Set<Joint> {
        let hips: Set<Joint> = [.leftHip, .rightHip, .midHip]
        let legs: Set<Joint> = hips.union([.leftKnee, .rightKnee, .leftAnkle, .rightAnkle])
        let feet: Set<Joint> = [.leftAnkle, .rightAnkle, .leftHeel, .rightHeel, .leftFootIndex, .rightFootIndex]
        let shoulders: Set<Joint> = [.leftShoulder, .rightShoulder, .neck]
        // Elbows are not measured, but the report's figures draw the arms through them.
        let wrists: Set<Joint> = [.leftWrist, .rightWrist, .leftElbow, .rightElbow]
        switch self {
        case .frontKneeFlexion, .backKneeFlexion: return legs
        case .trunkInclination: return hips.union(shoulders)
        case .backHipExtension: return legs.union(shoulders)
        case .feetGrounded: return legs.union(feet)
        case .handsOnFloor: return legs.union(feet).union(wrists)
        case .handOrder: return legs.union(wrists)
        case .raisedArmElevation, .armLine: return shoulders.union(wrists)
        case .gaze: return shoulders.union(wrists).union([.nose, .leftEar, .rightEar])
        }
    }
}

extension StretchSpec {
    /// Every joint the spec's checks, the view estimate and the front-side vote may read.
    /// Readers given this set skip the other columns without converting them.
    public var joints: Set<Joint> {
        checks.reduce(into: CheckID.frontKneeFlexion.joints.union(CheckID.trunkInclination.joints)) {
            $0.formUnion($1.id.joints)
        }
    }
}
