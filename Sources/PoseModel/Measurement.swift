// Per-frame measurement of each metric (SPEC §3) in canonical coordinates.
import PoseGeometry

/// Why a check could not be measured on a frame. Kept as a value so the hot path builds no
/// strings; `description` renders the words.
public enum Unassessable: Error, Hashable, Sendable, CustomStringConvertible {
    case missing(Joint)
    case lowConfidence(Joint, Double, threshold: Double)
    /// The reader flagged the frame or a joint.
    case flagged(FrameIssue)
    case frontSideUnknown
    /// 2D data from a frontal view: sagittal angles cannot be read.
    case needsSideView(hipWidthRatio: Double)
    /// 2D data from a side view: the left–right order of hands cannot be seen.
    case needsFrontalViewOr3D
    /// The points exist but are degenerate for this measurement (coincident points).
    case degenerate(String)
    /// An angle export without the columns this check needs.
    case notInExport

    public var description: String {
        switch self {
        case .missing(let j): return "\(j) missing"
        case .lowConfidence(let j, let c, let t):
            return "\(j) confidence \(formatNumber(c, digits: 2)) below \(formatNumber(t, digits: 2))"
        case .flagged(let issue): return issue.message
        case .frontSideUnknown: return "front side unknown: pass --front left|right"
        case .needsSideView(let r):
            return "needs a side view; this frame looks frontal (hip width \(formatNumber(r, digits: 2)) × torso length)"
        case .needsFrontalViewOr3D: return "needs 3D or a frontal view; not visible from the side"
        case .degenerate(let what): return what
        case .notInExport: return "not in this export"
        }
    }
}

/// The camera's view of the body on one frame, estimated from the hips.
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
    /// At or above this ratio (about 60° from side-on) the view counts as frontal: sagittal
    /// angles are no longer read. In between, "oblique": read, but less accurate (SPEC §7:
    /// MediaPipe knee error grows from −2 ± 6° side-on to −14 ± 15° across 45–90°).
    public static let frontalLimit = 0.3

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
    public let frame: PoseFrame
    public let minConfidence: Double
    public let threeD: Bool
    /// The camera's view of the body on this frame.
    public private(set) var view = ViewEstimate.unknown
    // Measured in `init`; the initial values are placeholders.
    private var knees: (left: Result<Double, Unassessable>, right: Result<Double, Unassessable>)
        = (.failure(.notInExport), .failure(.notInExport))
    private var hip = Result<Vector3, Unassessable>.failure(.notInExport)
    private var shoulder = Result<Vector3, Unassessable>.failure(.notInExport)

    public init(frame: PoseFrame, minConfidence: Double, threeD: Bool) {
        self.frame = frame
        self.minConfidence = minConfidence
        self.threeD = threeD
        hip = Result { () throws(Unassessable) in try measureMidHip() }
        shoulder = Result { () throws(Unassessable) in try measureMidShoulder() }
        knees = (Result { () throws(Unassessable) in try measureKneeFlexion(.left) },
                 Result { () throws(Unassessable) in try measureKneeFlexion(.right) })
        view = estimateView()
    }

    static let up = Vector3(0, 1, 0)

    public func point(_ j: Joint) throws(Unassessable) -> Vector3 {
        guard let k = frame[j] else {
            if let issue = frame.issues.first(where: { $0.joints.contains(j) }) { throw .flagged(issue) }
            throw .missing(j)
        }
        if let c = k.confidence, c < minConfidence { throw .lowConfidence(j, c, threshold: minConfidence) }
        return k.position
    }

    func optionalPoint(_ j: Joint) -> Vector3? { try? point(j) }

    public func midHip() throws(Unassessable) -> Vector3 { try hip.get() }

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
        guard let l = lowest else { _ = try point(.ankle(s)); throw .missing(.ankle(s)) }
        return l
    }

    /// The floor: the lowest foot point of either foot.
    public func floorHeight() throws(Unassessable) -> Double {
        let l = try? footLowest(.left), r = try? footLowest(.right)
        switch (l, r) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return try footLowest(.left)
        }
    }

    /// The length scale L: the back leg, hip→knee + knee→ankle (robust to knee bend).
    public func legLength(_ back: Side) throws(Unassessable) -> Double {
        let h = try point(.hip(back)), k = try point(.knee(back)), a = try point(.ankle(back))
        let l = h.distance(to: k) + k.distance(to: a)
        guard l > 0, l.isFinite else { throw .degenerate("back leg has zero length") }
        return l
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
        let h = try point(.hip(s)), k = try point(.knee(s)), a = try point(.ankle(s))
        guard let interior = angle(at: k, from: h, to: a) else {
            throw .degenerate("\(Joint.knee(s)) coincides with the hip or ankle")
        }
        return 180 - interior.degrees
    }
}

extension CheckID {
    /// True for checks read as angles in the body's sagittal plane: a 2D frontal view cannot show them.
    var needsSideView: Bool {
        switch self {
        case .frontKneeFlexion, .backKneeFlexion, .trunkInclination, .backHipExtension,
            .raisedArmElevation, .armLine, .gaze:
            return true
        case .feetGrounded, .handsOnFloor, .handOrder: return false
        }
    }
}

extension FrameGeometry {
    /// Measures one check on this frame with the given front side. Coordinates so large that
    /// the arithmetic overflows give "not measurable", never an infinity or NaN that a band
    /// comparison would silently pass.
    public func measure(_ check: CheckSpec, front: Side?, view: ViewEstimate) throws(Unassessable) -> Double {
        let v: Double
        if let m = frame.measured {
            v = try frame.measureExported(m, check, front: front)
        } else {
            guard let f = front else { throw .frontSideUnknown }
            v = try measureRaw(check, front: f, view: view)
        }
        guard v.isFinite else { throw .degenerate("coordinates too large to measure") }
        return v
    }

    func measureRaw(_ check: CheckSpec, front: Side, view: ViewEstimate) throws(Unassessable) -> Double {
        let back = front.opposite
        if check.id.needsSideView, case .frontal(let r) = view { throw .needsSideView(hipWidthRatio: r) }
        switch check.id {
        case .frontKneeFlexion: return try kneeFlexion(front)
        case .backKneeFlexion: return try kneeFlexion(back)
        case .trunkInclination:
            let t = try midShoulder() - midHip()
            guard let a = inclination(of: t, from: Self.up) else { throw .degenerate("hips and shoulders coincide") }
            return a.degrees
        case .backHipExtension:
            // The unsigned 3D angle between the trunk line extended downwards and the back thigh,
            // positive when the thigh points further backwards than that line.
            let down = try midHip() - midShoulder()
            let thigh = try point(.knee(back)) - point(.hip(back))
            var forward = try point(.ankle(front)) - point(.ankle(back))
            forward.y = 0
            guard let f = forward.normalized else { throw .degenerate("feet not apart along the floor: forward is unknown") }
            guard let a = angle(between: down, and: thigh), let d = down.normalized, let t = thigh.normalized else {
                throw .degenerate("trunk or back thigh has zero length")
            }
            return t.dot(f) <= d.dot(f) ? a.degrees : -a.degrees
        case .feetGrounded:
            let l = try legLength(back)
            return abs(try footLowest(front) - footLowest(back)) / l
        case .handsOnFloor:
            let l = try legLength(back), floor = try floorHeight()
            let wrists: [Joint] = check.hands == .both ? [.wrist(front), .wrist(back)] : [.wrist(back)]
            var highest = -Double.infinity
            for w in wrists { highest = max(highest, try point(w).y - floor) }
            return highest / l
        case .handOrder:
            if !threeD {
                guard case .frontal = view else { throw .needsFrontalViewOr3D }
            }
            let l = try legLength(back)
            let origin = try point(.hip(back))
            var axis = try point(.hip(front)) - origin
            axis.y = 0
            guard axis.length > 0 else { throw .degenerate("hips coincide: the hip line is unknown") }
            func along(_ j: Joint) throws(Unassessable) -> Double {
                // axis is non-degenerate, so the projection exists.
                scalarProjection(of: try point(j) - origin, ontoAxis: axis) ?? 0
            }
            let ankleF = try along(.ankle(front)), wristF = try along(.wrist(front)), wristB = try along(.wrist(back))
            return min(ankleF - wristF, wristF - wristB) / l
        case .raisedArmElevation:
            let arm = try point(.wrist(front)) - point(.shoulder(front))
            guard let a = inclination(of: arm, from: Self.up) else { throw .degenerate("raised wrist coincides with the shoulder") }
            return a.degrees
        case .armLine:
            let raised = try point(.wrist(front)) - point(.shoulder(front))
            let floorArm = try point(.wrist(back)) - point(.shoulder(back))
            guard let a = angle(between: raised, and: floorArm) else { throw .degenerate("a wrist coincides with its shoulder") }
            return 180 - a.degrees
        case .gaze:
            let midEar = Vector3.midpoint(try point(.leftEar), try point(.rightEar))
            let head = try point(.nose) - midEar
            let toHand = try point(.wrist(front)) - midEar
            guard let a = angle(between: head, and: toHand) else { throw .degenerate("nose or raised wrist coincides with the ears") }
            return a.degrees
        }
    }
}
