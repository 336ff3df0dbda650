// Per-frame measurement of each metric (PoseCheck docs, "What is measured, and what 0 means") in canonical coordinates.
import PoseGeometry

/// Why a check could not be measured on a frame. Kept as a value so the hot path builds no
/// strings; `description` renders the words.
public enum Unassessable: Error, Hashable, Sendable, CustomStringConvertible {
    case missing(Joint)
    case lowConfidence(Joint, Double, threshold: Double)
    /// The reader flagged the frame or a joint.
    case flagged(FrameIssue)
    case frontSideUnknown
    /// A segment leaves the image plane further than the check allows (PoseCheck docs, "What the camera can see"; see
    /// `Foreshortening.swift`). `seen`: its 2D length ÷ its reference length; `range`: the
    /// values the depths allow, when the check has a value to give.
    case outOfImagePlane(BodySegment, front: Side?, seen: Double, range: ClosedRange<Double>?)
    /// The verdict depends on what a 2D camera cannot show of the stance (PoseCheck docs, "What the
    /// camera can see"; see `Foreshortening.swift`): how far the body's sagittal plane is turned
    /// from the image, or how far the camera is pitched. `range`: the values the possible views
    /// give, when the check has a value to give.
    case viewAmbiguous(ViewAmbiguity, range: ClosedRange<Double>?)
    /// A value no body can take (a knee hyperextended past 15° or flexed past 165°): a wrong
    /// layout, sign or person. Never passed.
    case implausible(CheckID, Double)
    /// The points exist but are degenerate for this measurement (coincident points).
    case degenerate(String)
    /// An angle export without the columns this check needs.
    case notInExport

    /// The reason in words a person reads, for any front end ("left knee missing"). It names no
    /// command-line option: a command line adds its own hints from `code` and the case.
    public var description: String {
        switch self {
        case .missing(let j): return "\(j) missing"
        case .lowConfidence(let j, let c, let t):
            return "\(j) confidence \(formatNumber(c, digits: 2)) below \(formatNumber(t, digits: 2))"
        case .flagged(let issue): return issue.message
        case .frontSideUnknown: return "front side unknown"
        case .outOfImagePlane(let segment, let front, let seen, _):
            return
                "the \(segment.name(front: front)) points toward or away from the camera (seen at \(formatNumber(100 * seen, digits: 0))% of its length)"
        case .viewAmbiguous(let ambiguity, _): return ambiguity.description
        case .implausible(let check, let v):
            guard let limits = check.plausibleRange else { return "\(check) \(check.unit.format(v)) is implausible" }
            let beyond =
                check.unit == .degrees
                ? "is beyond what a body can do (\(check.unit.format(limits.lowerBound)) to \(check.unit.format(limits.upperBound)))"
                : "puts a wrist under the floor, more than \(check.unit.format(-limits.lowerBound)) below the lowest foot"
            return
                "\(check.implausibleCode): \(check) \(check.unit.format(v)) \(beyond): a wrong layout, sign or person"
        case .degenerate(let what): return what
        case .notInExport: return "not in this export"
        }
    }

    /// A stable code for machines: `missing`, `low_confidence`, the reader's code of a flagged
    /// frame, `front_side_unknown`, `out_of_image_plane`, `view_ambiguous`, `implausible_angle`,
    /// `implausible_height`, `degenerate`, `not_in_export`.
    public var code: String {
        switch self {
        case .missing: return "missing"
        case .lowConfidence: return "low_confidence"
        case .flagged(let issue): return issue.code
        case .frontSideUnknown: return "front_side_unknown"
        case .outOfImagePlane: return "out_of_image_plane"
        case .viewAmbiguous: return "view_ambiguous"
        case .implausible(let check, _): return check.implausibleCode
        case .degenerate: return "degenerate"
        case .notInExport: return "not_in_export"
        }
    }
}

/// What a 2D camera leaves open about the stance, when it changes a check's verdict (see
/// `Foreshortening.swift`).
public enum ViewAmbiguity: Hashable, Sendable, CustomStringConvertible {
    /// The body's sagittal plane is turned about this many degrees from the image (from the
    /// front foot's length across the image), and the turns within 10° of it give the check
    /// other verdicts.
    case stanceTurned(degrees: Double)
    /// The front foot points toward or away from the camera: the stance runs in depth.
    case stanceEndOn
    /// A camera pitched from level shows the floor sloping (the front foot's heel→toe), and
    /// the height read with that slope taken out gets another verdict.
    case floorSlope
    /// Hand order: the stance crosses the image, so forward and sideways mix along the hip line.
    case stanceAcross

    /// What cannot be seen, in words: the reason a person reads.
    public var description: String {
        switch self {
        case .stanceTurned(let degrees): return Self.stanceTurned(least: degrees, most: degrees)
        case .stanceEndOn: return "the stance runs toward or away from the camera, the front foot seen end-on"
        case .floorSlope:
            return "the floor slopes in the image (a camera pitched from level): the height's verdict depends on it"
        case .stanceAcross: return "the stance crosses the image: forward and sideways mix along the hip line"
        }
    }

    /// The reason for a stance turned from `least` to `most` degrees from the image (over
    /// several frames), in words: "about 41°" where the two round alike.
    static func stanceTurned(least: Double, most: Double) -> String {
        let low = formatNumber(least, digits: 0)
        let high = formatNumber(most, digits: 0)
        let degrees = low == high ? "about \(low)°" : "\(low)–\(high)°"
        let slack = formatNumber(FrameGeometry.turnSlack * 180 / .pi, digits: 0)
        return "the stance is turned \(degrees) from the image, and the verdict changes within \(slack)° of that turn"
    }
}

/// The camera's view of the body on one frame, estimated from the hips: for people reading the
/// output. No check depends on it: each check is judged from its own segments (`BodySegment`).
///
/// The ratio is the hips' horizontal separation in the image ÷ torso length (mid-hip to
/// mid-shoulder). The hips, not the shoulders, because the reach-up twist turns the shoulders
/// towards the camera while the pelvis stays side-on. Hip joint centres are about 0.17–0.2 m
/// apart and the torso about 0.5 m long, so a frontal view gives about 0.35 and a view turned
/// θ from side-on about 0.35 · sin θ.
public enum ViewEstimate: Hashable, Sendable {
    case side(hipWidthRatio: Double)
    case oblique(hipWidthRatio: Double)
    case frontal(hipWidthRatio: Double)
    /// 3D coordinates: every check is valid from any camera position.
    case threeD
    /// A joint-angle export: the exporter measured the angles; there is no view to judge.
    case exported
    case unknown

    /// Below this ratio the view counts as a side view (within about 20° of side-on).
    public static let sideLimit = 0.12
    /// At or above this ratio (about 60° from side-on) the view counts as frontal; in between,
    /// oblique.
    public static let frontalLimit = 0.3

    /// The view's name in output: `side`, `oblique`, `frontal`, `3d`, `angles` or `unknown`.
    public var name: String {
        switch self {
        case .side: return "side"
        case .oblique: return "oblique"
        case .frontal: return "frontal"
        case .threeD: return "3d"
        case .exported: return "angles"
        case .unknown: return "unknown"
        }
    }

    /// The hips' horizontal separation ÷ torso length that placed the view (0 is exactly side-on);
    /// `nil` for 3D, exported angles and an unknown view.
    public var hipWidthRatio: Double? {
        switch self {
        case .side(let r), .oblique(let r), .frontal(let r): return r
        case .threeD, .exported, .unknown: return nil
        }
    }
}

/// Read access to one frame's joints with the confidence threshold applied.
///
/// What every stretch and the front-side vote read, for both front sides (the view, both knees,
/// mid-hip and mid-shoulder), is measured once when the geometry is made: build one per frame
/// and hand it to the vote and to each session scoring the frame.
public struct FrameGeometry: Sendable {
    /// The frame measured, with its keypoints as read (before the threshold).
    public let frame: PoseFrame
    /// Keypoints whose confidence is below this count as missing (`Unassessable.lowConfidence`);
    /// keypoints without a confidence always count.
    public let minConfidence: Double
    /// True for metric 3D coordinates: checks use depth. False measures in the image plane.
    public let threeD: Bool
    /// The camera's view of the body on this frame.
    public private(set) var view = ViewEstimate.unknown
    // Measured in `init`; the initial values are placeholders.
    private var knees: (left: Result<Double, Unassessable>, right: Result<Double, Unassessable>) = (
        .failure(.notInExport), .failure(.notInExport)
    )
    private var hip = Result<Vector3, Unassessable>.failure(.notInExport)
    private var shoulder = Result<Vector3, Unassessable>.failure(.notInExport)

    /// Measures the frame once for every stretch and both front sides: mid-hip, mid-shoulder,
    /// both knees' flexion and the view. Keypoints below `minConfidence` count as missing.
    public init(frame: PoseFrame, minConfidence: Double, threeD: Bool) {
        self.frame = frame
        self.minConfidence = minConfidence
        self.threeD = threeD
        hip = Result { () throws(Unassessable) in try measureMidHip() }
        shoulder = Result { () throws(Unassessable) in try measureMidShoulder() }
        knees = (
            Result { () throws(Unassessable) in try measureKneeFlexion(.left) },
            Result { () throws(Unassessable) in try measureKneeFlexion(.right) }
        )
        view = estimateView()
    }

    static let up = Vector3(0, 1, 0)

    /// The position of joint `j`, or why it cannot be used: flagged by the reader, missing, or
    /// below `minConfidence`.
    @inline(__always)
    public func point(_ j: Joint) throws(Unassessable) -> Vector3 {
        guard let k = frame[j] else { throw missing(j) }
        if let c = k.confidence, c < minConfidence { throw .lowConfidence(j, c, threshold: minConfidence) }
        return k.position
    }

    /// Why joint `j`, absent from the frame, cannot be used: flagged by the reader, or missing.
    /// Out of line: `point`, inlined where segments are measured, stays small.
    @inline(never)
    private func missing(_ j: Joint) -> Unassessable {
        if let issue = frame.issues.first(where: { $0.joints.contains(j) }) { return .flagged(issue) }
        return .missing(j)
    }

    func optionalPoint(_ j: Joint) -> Vector3? { try? point(j) }

    /// The middle of the hips (or the mid-hip keypoint of skeletons that have one), or why neither
    /// can be measured.
    public func midHip() throws(Unassessable) -> Vector3 { try hip.get() }

    /// The middle of the shoulders (or the neck keypoint of skeletons that have one), or why neither
    /// can be measured.
    public func midShoulder() throws(Unassessable) -> Vector3 { try shoulder.get() }

    private func measureMidHip() throws(Unassessable) -> Vector3 {
        if let l = optionalPoint(.leftHip), let r = optionalPoint(.rightHip) { return .midpoint(l, r) }
        if let m = optionalPoint(.midHip) { return m }
        _ = try point(.leftHip)
        return try point(.rightHip)
    }

    private func measureMidShoulder() throws(Unassessable) -> Vector3 {
        if let l = optionalPoint(.leftShoulder), let r = optionalPoint(.rightShoulder) { return .midpoint(l, r) }
        if let n = optionalPoint(.neck) { return n }
        _ = try point(.leftShoulder)
        return try point(.rightShoulder)
    }

    /// The lowest point (smallest y) of a foot among ankle, heel and toe tip.
    public func footLowest(_ s: Side) throws(Unassessable) -> Double {
        var lowest: Double?
        for j in [Joint.ankle(s), .heel(s), .footIndex(s)] {
            if let p = optionalPoint(j) { lowest = min(lowest ?? p.y, p.y) }
        }
        guard let l = lowest else {
            _ = try point(.ankle(s))
            throw .missing(.ankle(s))
        }
        return l
    }

    /// The floor: the lowest foot point of either foot.
    public func floorHeight() throws(Unassessable) -> Double {
        let l = try? footLowest(.left)
        let r = try? footLowest(.right)
        switch (l, r) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return try footLowest(.left)
        }
    }

    private func estimateView() -> ViewEstimate {
        if frame.measured != nil { return .exported }
        if threeD { return .threeD }
        guard let l = optionalPoint(.leftHip), let r = optionalPoint(.rightHip),
            let hip = try? hip.get(), let sh = try? shoulder.get()
        else { return .unknown }
        let torso = hip.distance(to: sh)
        guard torso > 0 else { return .unknown }
        let ratio = abs(l.x - r.x) / torso
        if ratio < ViewEstimate.sideLimit { return .side(hipWidthRatio: ratio) }
        if ratio < ViewEstimate.frontalLimit { return .oblique(hipWidthRatio: ratio) }
        return .frontal(hipWidthRatio: ratio)
    }

    /// Knee flexion: 180° − interior hip–knee–ankle angle; 0° = straight.
    public func kneeFlexion(_ s: Side) throws(Unassessable) -> Double {
        try (s == .left ? knees.left : knees.right).get()
    }

    private func measureKneeFlexion(_ s: Side) throws(Unassessable) -> Double {
        if let m = frame.measured {
            guard let v = try frame.measuredValue(m[.kneeFlexion, s]) else { throw .notInExport }
            return v
        }
        let h = try point(.hip(s))
        let k = try point(.knee(s))
        let a = try point(.ankle(s))
        guard let interior = angle(at: k, from: h, to: a) else {
            throw .degenerate("\(Joint.knee(s)) coincides with the hip or ankle")
        }
        return 180 - interior.degrees
    }
}

extension CheckID {
    /// The values a body can take, where anatomy sets a limit: a knee hyperextends at most about
    /// 15° and flexes at most about 160° (clinical ranges of motion), so a value past −15° or
    /// 165° is a wrong layout, sign or person, never a pose to grade. A wrist cannot be under
    /// the floor: more than 0.15 L (the pass band's width) below the lowest foot is a tracking
    /// error or another person, not a hand on the floor (the camera sweep, pitched up to 20°,
    /// reads a wrist on the floor no lower than −0.01 L). nil: no limit applies (a trunk may
    /// lean any way, an arm point anywhere).
    public var plausibleRange: ClosedRange<Double>? {
        switch self {
        case .frontKneeFlexion, .backKneeFlexion: return -15...165
        case .handsOnFloor: return -0.15...Double.greatestFiniteMagnitude
        case .trunkInclination, .backHipExtension, .feetGrounded, .handOrder, .raisedArmElevation, .armLine, .gaze:
            return nil
        }
    }

    /// The code of a value no body can take: `implausible_angle` for an angle,
    /// `implausible_height` for a height.
    var implausibleCode: String { unit == .degrees ? "implausible_angle" : "implausible_height" }
}

extension FrameGeometry {
    /// The vector of a body segment, from its upper (or left) end to the other.
    @inline(__always)
    public func segment(_ s: BodySegment) throws(Unassessable) -> Vector3 {
        switch s {
        case .thigh(let side): return try point(.knee(side)) - point(.hip(side))
        case .shank(let side): return try point(.ankle(side)) - point(.knee(side))
        case .trunk: return try midShoulder() - midHip()
        case .arm(let side): return try point(.wrist(side)) - point(.shoulder(side))
        case .hipLine: return try point(.rightHip) - point(.leftHip)
        case .shoulderLine: return try point(.rightShoulder) - point(.leftShoulder)
        }
    }

    /// Measures one check on this frame with the given front side: the value and the range its
    /// segments' depths allow (see `Foreshortening.swift`). `lengths` are the recording's
    /// reference lengths, including this frame; 3D input and angle exports need none.
    /// Coordinates so large that the arithmetic overflows give "not measurable", never an
    /// infinity or NaN that a band comparison would silently pass.
    public func measure(
        _ check: CheckSpec, front: Side?, lengths: SegmentLengths,
        inPlaneShare: Double = EvaluationOptions.defaultInPlaneShare
    ) throws(Unassessable) -> CheckMeasurement {
        let m: CheckMeasurement
        if let exported = frame.measured {
            let v = try frame.measureExported(exported, check, front: front)
            m = CheckMeasurement(value: v, range: v...v)
        } else {
            guard let f = front else { throw .frontSideUnknown }
            m = try measureKeypoints(check, front: f, lengths: lengths, inPlaneShare: inPlaneShare)
        }
        guard m.value.isFinite, m.range.lowerBound.isFinite, m.range.upperBound.isFinite else {
            throw .degenerate("coordinates too large to measure")
        }
        if let limits = check.id.plausibleRange, !limits.contains(m.value) { throw .implausible(check.id, m.value) }
        return m
    }

    /// In 2D, the feet must be at least this many leg lengths apart across the image for the
    /// forward direction to be seen.
    static let visibleStance = 0.25

    /// The in-plane share for inclinations against the vertical and for the hip line: a camera
    /// pitched from level tilts the vertical out of the image plane (calibrated on the sweep).
    static let verticalInPlaneShare = 0.9

    /// Knee flexion from the thigh (hip→knee) and shank (knee→ankle): 180° − interior angle.
    static func kneeFlexion(thigh: Vector3, shank: Vector3) -> Double? {
        guard let interior = angle(between: thigh * -1, and: shank) else { return nil }
        return 180 - interior.degrees
    }

    /// The segments joining the feet (front side `front`), for a height between them: each
    /// list made once, not on every frame.
    static func footToFoot(front: Side) -> [BodySegment] {
        front == .left ? footToFootChains.left : footToFootChains.right
    }
    private static let footToFootChains = (left: makeFootToFoot(front: .left), right: makeFootToFoot(front: .right))
    private static func makeFootToFoot(front: Side) -> [BodySegment] {
        [.thigh(front), .shank(front), .hipLine, .thigh(front.opposite), .shank(front.opposite)]
    }

    /// The segments from a wrist to the floor: its arm, the trunk, the hips, and a leg; with both
    /// hands, both arms. Each list made once, not on every frame.
    static func wristToFloor(front: Side, bothHands: Bool) -> [BodySegment] {
        let chains = front == .left ? wristToFloorChains.left : wristToFloorChains.right
        return bothHands ? chains.both : chains.back
    }
    private static let wristToFloorChains = (
        left: makeWristToFloor(front: .left), right: makeWristToFloor(front: .right)
    )
    private static func makeWristToFloor(front: Side) -> (both: [BodySegment], back: [BodySegment]) {
        let back = front.opposite
        let body: [BodySegment] = [.trunk, .hipLine, .thigh(front), .shank(front), .thigh(back), .shank(back)]
        return ([.arm(front)] + body + [.arm(back)], [.arm(back)] + body)
    }

    func measureKeypoints(_ check: CheckSpec, front: Side, lengths: SegmentLengths, inPlaneShare: Double)
        throws(Unassessable) -> CheckMeasurement
    {
        let back = front.opposite
        // Checks in the body's sagittal plane also keep their verdict over the turns of that
        // plane the front foot allows.
        func decided(
            _ a: BodySegment, _ b: BodySegment? = nil, share: Double = inPlaneShare, sagittal: Bool = true,
            _ value: (Vector3, Vector3) -> Double?
        ) throws(Unassessable) -> CheckMeasurement {
            try decide(
                check, front: front, a, b, lengths: lengths, inPlaneShare: share,
                turn: sagittal ? stanceCompression(front, lengths: lengths) : nil, value)
        }
        // An inclination is measured against the world's vertical, which a camera pitched by
        // up to `maximumPitch` tilts out of the image plane by as much.
        let vertical = max(inPlaneShare, Self.verticalInPlaneShare)
        func flat(_ v: Double) -> CheckMeasurement { CheckMeasurement(value: v, range: v...v) }
        switch check.id {
        case .frontKneeFlexion, .backKneeFlexion:
            let side = check.id == .frontKneeFlexion ? front : back
            _ = try kneeFlexion(side)  // the knee's own reason when it cannot be measured
            // The back knee is straight: a straight leg reads straight from any side.
            return try decided(.thigh(side), .shank(side), sagittal: side == front) {
                Self.kneeFlexion(thigh: $0, shank: $1)
            }
        case .trunkInclination:
            return try decided(.trunk, share: vertical) { trunk, _ in inclination(of: trunk, from: Self.up)?.degrees }
        case .backHipExtension:
            // The unsigned 3D angle between the trunk line extended downwards and the back thigh,
            // positive when the thigh points further backwards than that line.
            var forward = try point(.ankle(front)) - point(.ankle(back))
            forward.y = 0
            guard let f = forward.normalized else {
                throw .degenerate("feet not apart along the floor: forward is unknown")
            }
            // In 2D the stance's depth is unknown: forward must show across the image (a lunge's
            // feet are most of a leg length apart; seen from the front, only a hip width).
            if !threeD, forward.length < Self.visibleStance * (try legLength(back, lengths: lengths)) {
                throw .degenerate("the stance runs toward or away from the camera: which way is forward cannot be seen")
            }
            // Which way is forward in depth is unknown, so both segments must lie in the plane.
            try requireInPlane(.trunk, front: front, lengths: lengths, inPlaneShare: inPlaneShare)
            try requireInPlane(.thigh(back), front: front, lengths: lengths, inPlaneShare: inPlaneShare)
            return try decided(.trunk, .thigh(back)) { trunk, thigh in
                let down = trunk * -1
                guard let a = angle(between: down, and: thigh), let d = down.normalized, let t = thigh.normalized else {
                    return nil
                }
                return t.dot(f) <= d.dot(f) ? a.degrees : -a.degrees
            }
        case .feetGrounded:
            let l = try legLength(back, lengths: lengths)
            let v = abs(try footLowest(front) - footLowest(back)) / l
            let m = try heightRange(
                check, v, scale: l, chain: Self.footToFoot(front: front), front: front, lengths: lengths,
                inPlaneShare: inPlaneShare, nonNegative: true)
            // Each foot stands under its own hip: the feet's sideways offset is the hips'.
            var fromBack = try lowestFootPoint(back)
            if let hipF = optionalPoint(.hip(front)), let hipB = optionalPoint(.hip(back)) {
                fromBack = fromBack + (hipF - hipB)
            }
            try requireVerdictOnSlopingFloor(
                check, v, from: fromBack, to: try lowestFootPoint(front), scale: l,
                leg: legReference(front, lengths: lengths), front: front, absolute: true, range: m.range)
            return m
        case .handsOnFloor:
            let l = try legLength(back, lengths: lengths)
            let floor = try floorHeight()
            var highest = -Double.infinity
            var lowest = Double.infinity
            var highestWrist = Vector3.zero
            var highestSide = back
            // Both wrists, front first, or the back one (counted, not listed: no allocation).
            let hands = check.hands == .both ? 2 : 1
            for k in 0..<hands {
                let side = hands == 2 && k == 0 ? front : back
                let p = try point(.wrist(side))
                if p.y - floor > highest { (highest, highestWrist, highestSide) = (p.y - floor, p, side) }
                lowest = min(lowest, p.y - floor)
            }
            // The check reads the higher wrist; either one under the floor is no hand on it.
            if let limits = check.id.plausibleRange, lowest / l < limits.lowerBound {
                throw .implausible(check.id, lowest / l)
            }
            let m = try heightRange(
                check, highest / l, scale: l, chain: Self.wristToFloor(front: front, bothHands: hands == 2),
                front: front, lengths: lengths, inPlaneShare: inPlaneShare, nonNegative: false)
            // Against the floor under the same side's foot; the wrist hangs under its shoulder and
            // the foot stands under its hip, so their sideways offset is the shoulder's from the
            // hip's, each from the middle.
            if let foot = try? lowestFootPoint(highestSide) {
                var wrist = highestWrist
                if let sh = optionalPoint(.shoulder(highestSide)), let hp = optionalPoint(.hip(highestSide)),
                    let ms = try? midShoulder(), let mh = try? midHip()
                {
                    wrist = wrist - ((sh - ms) - (hp - mh))
                }
                try requireVerdictOnSlopingFloor(
                    check, highest / l, from: foot, to: wrist, scale: l,
                    leg: legReference(front, lengths: lengths), front: front, absolute: false, range: m.range)
            }
            return m
        case .handOrder:
            // Along the hip line: a 2D image shows it only when the hip line crosses the image.
            try requireInPlane(
                .hipLine, front: front, lengths: lengths, inPlaneShare: max(inPlaneShare, Self.verticalInPlaneShare))
            // Forward leaks into the hip line's image by the sagittal plane's compression: only a
            // stance seen nearly end-on leaves the hip line to the sideways.
            if let c = stanceCompression(front, lengths: lengths), c > Self.handOrderCompression {
                throw .viewAmbiguous(.stanceAcross, range: nil)
            }
            let l = try legLength(back, lengths: lengths)
            let origin = try point(.hip(back))
            var axis = try point(.hip(front)) - origin
            axis.y = 0
            guard axis.length > 0 else { throw .degenerate("hips coincide: the hip line is unknown") }
            func along(_ j: Joint) throws(Unassessable) -> Double {
                // axis is non-degenerate, so the projection exists.
                scalarProjection(of: try point(j) - origin, ontoAxis: axis) ?? 0
            }
            let ankleF = try along(.ankle(front))
            let wristF = try along(.wrist(front))
            let wristB = try along(.wrist(back))
            return flat(min(ankleF - wristF, wristF - wristB) / l)
        case .raisedArmElevation:
            return try decided(.arm(front), share: vertical) { arm, _ in inclination(of: arm, from: Self.up)?.degrees }
        case .armLine:
            return try decided(.arm(front), .arm(back)) { raised, floorArm in
                angle(between: raised, and: floorArm).map { 180 - $0.degrees }
            }
        case .gaze:
            // The head's direction has no segment of known length: read in 2D while the raised
            // arm lies in the image plane.
            try requireInPlane(.arm(front), front: front, lengths: lengths, inPlaneShare: inPlaneShare)
            let midEar = Vector3.midpoint(try point(.leftEar), try point(.rightEar))
            let head = try point(.nose) - midEar
            let toHand = try point(.wrist(front)) - midEar
            guard let a = angle(between: head, and: toHand) else {
                throw .degenerate("nose or raised wrist coincides with the ears")
            }
            return flat(a.degrees)
        }
    }

    /// Hand order is read only when the stance is seen this nearly end-on (its compression
    /// across the image at most this, about 81° from side-on): calibrated on the sweep.
    static let handOrderCompression = 0.15

    /// A leg's reference length, thigh + shank.
    func legReference(_ side: Side, lengths: SegmentLengths) -> Double {
        (lengths.reference(.thigh(side)) ?? 0) + (lengths.reference(.shank(side)) ?? 0)
    }

    /// The front foot's heel→toe as a share of the leg (thigh + shank): 0.25, the synthetic
    /// body's. Winter's proportions give 0.31 (foot 0.152 H, leg 0.491 H), and keypoints put the
    /// heel and the toe tip inside the foot's ends; a larger share reads every stance as more
    /// turned (0.31 decided the warrior II front knee on 833 of 1,036 real photos, 0.25 on 860).
    static let footShareOfLeg = 0.25

    /// How much the body's sagittal plane is compressed across the image, its cosine of the
    /// turn from the image: the front foot points forward along the stance, so its heel→toe
    /// shows across the image at that share of its length (`footShareOfLeg` of the leg, the
    /// leg being the larger of the longest back leg seen and the references). nil without
    /// the foot's heel and toe, or in 3D.
    func stanceCompression(_ front: Side, lengths: SegmentLengths) -> Double? {
        guard !threeD, let heel = optionalPoint(.heel(front)), let toe = optionalPoint(.footIndex(front)),
            let l = try? legLength(front.opposite, lengths: lengths)
        else { return nil }
        let leg = max(l, legReference(front, lengths: lengths))
        return abs(toe.x - heel.x) / (Self.footShareOfLeg * leg)
    }

    /// The lowest of a foot's points (ankle, heel, toe tip).
    func lowestFootPoint(_ s: Side) throws(Unassessable) -> Vector3 {
        var lowest: Vector3?
        for j in [Joint.ankle(s), .heel(s), .footIndex(s)] {
            if let p = optionalPoint(j), p.y < (lowest?.y ?? .infinity) { lowest = p }
        }
        guard let lowest else {
            _ = try point(.ankle(s))
            throw .missing(.ankle(s))
        }
        return lowest
    }

    /// Under this share of its length across the image (about 73° from side-on), the front
    /// foot's slope is too ill-conditioned to level the floor with.
    static let floorEndOnCompression = 0.3

    /// A height between two points read by a camera that may be pitched from level: the front
    /// foot, flat on the floor or lifted flat, points forward along the stance, and a pitched
    /// camera shows it sloping, k = Δy ÷ Δx = tan(turn) · sin(pitch); every floor point further
    /// along the stance shows higher by k per unit of image x. The height is also read with that
    /// slope taken out, and the check is decided only when both readings get one verdict. A
    /// front foot seen end-on levels nothing: the stance runs in depth, and the height is not
    /// assessable. 2D keypoints with the front foot's heel and toe only.
    func requireVerdictOnSlopingFloor(
        _ check: CheckSpec, _ value: Double, from: Vector3, to: Vector3, scale: Double,
        leg: Double, front: Side, absolute: Bool, range: ClosedRange<Double>
    ) throws(Unassessable) {
        guard !threeD, let heel = optionalPoint(.heel(front)), let toe = optionalPoint(.footIndex(front)) else {
            return
        }
        let foot = toe - heel
        if abs(foot.x) < Self.floorEndOnCompression * Self.footShareOfLeg * max(scale, leg) {
            throw .viewAmbiguous(.stanceEndOn, range: range)
        }
        let k = foot.y / foot.x
        var levelled = ((to.y - from.y) - k * (to.x - from.x)) / scale
        if absolute { levelled = abs(levelled) }
        guard levelled.isFinite else { return }
        if !check.band.sameVerdict(value, levelled) {
            throw .viewAmbiguous(.floorSlope, range: min(range.lowerBound, levelled)...max(range.upperBound, levelled))
        }
    }

    /// The length scale L: the back leg, thigh + shank; in 2D the longest the recording has
    /// shown them (a leg turned toward the camera does not shrink it; proportions, which only
    /// bound it, do not enter).
    public func legLength(_ back: Side, lengths: SegmentLengths) throws(Unassessable) -> Double {
        var l = try segment(.thigh(back)).length + segment(.shank(back)).length
        if !threeD, let thigh = lengths.longestSeen(.thigh(back)), let shank = lengths.longestSeen(.shank(back)) {
            l = max(l, thigh + shank)
        }
        guard l > 0, l.isFinite else { throw .degenerate("back leg has zero length") }
        return l
    }
}
