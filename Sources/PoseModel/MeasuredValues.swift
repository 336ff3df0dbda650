// Values an export measured itself: joint-angle exports (OpenSim, Sports2D, generic angle
// tables) carry angles instead of keypoints. Readers convert each export's conventions into
// the quantities below, which use PoseCheck's conventions (PoseCheck docs, "What is measured, and what 0 means"), so the
// checks read them exactly as they read angles measured from keypoints.

/// A quantity of one body side.
public enum SideQuantity: Int, CaseIterable, Sendable {
    /// 0° = straight, positive = flexed; unsigned like the keypoint metric (180° − interior).
    case kneeFlexion
    /// How far the thigh lies behind the trunk line extended down; 0° = in line, positive = behind.
    case hipExtension
    /// Angle between the arm (shoulder→wrist) and vertical up; 0° = straight up.
    case armElevation
    /// Signed direction of the arm (shoulder→wrist) in the sagittal plane, degrees
    /// anticlockwise from horizontal-forward as seen with the body facing right (90° = up).
    /// Two arm directions give the arm line.
    case armDirection

    /// The quantity in words for messages: "knee flexion", "hip extension", …
    public var name: String {
        switch self {
        case .kneeFlexion: return "knee flexion"
        case .hipExtension: return "hip extension"
        case .armElevation: return "arm elevation"
        case .armDirection: return "arm direction"
        }
    }
}

/// The measured quantities of one frame. A quantity is absent (the export has no column for
/// it), a value, or flagged (the export has the column, but this frame's cell is unusable;
/// the issue is on the frame).
public struct MeasuredValues: Sendable {
    /// One quantity on one frame: absent from the export, a value in PoseCheck's convention for
    /// the quantity, or flagged as unusable on this frame.
    public enum Entry: Hashable, Sendable {
        case absent
        case value(Double)
        /// The index of the frame issue that explains why the value is unusable.
        case flagged(issue: Int)
    }

    private var checks: [Entry]
    private var sides: [Entry]

    /// No quantity at all: every entry `absent`. Readers set the columns their export has.
    public init() {
        checks = Array(repeating: .absent, count: CheckID.allCases.count)
        sides = Array(repeating: .absent, count: SideQuantity.allCases.count * 2)
    }

    /// A value already in a check's terms (front/back resolved by the export).
    public subscript(check: CheckID) -> Entry {
        get { checks[check.ordinal] }
        set { checks[check.ordinal] = newValue }
    }

    /// A quantity of one body side (left or right as the export names them; the front side is
    /// decided later).
    public subscript(quantity: SideQuantity, side: Side) -> Entry {
        get { sides[quantity.rawValue * 2 + (side == .left ? 0 : 1)] }
        set { sides[quantity.rawValue * 2 + (side == .left ? 0 : 1)] = newValue }
    }
}

extension CheckID {
    /// The check's position in `allCases`.
    var ordinal: Int {
        switch self {
        case .frontKneeFlexion: return 0
        case .backKneeFlexion: return 1
        case .trunkInclination: return 2
        case .backHipExtension: return 3
        case .feetGrounded: return 4
        case .handsOnFloor: return 5
        case .handOrder: return 6
        case .raisedArmElevation: return 7
        case .armLine: return 8
        case .gaze: return 9
        }
    }
}

extension CheckID {
    /// The per-side quantities a check can be derived from.
    var perSideQuantities: [SideQuantity] {
        switch self {
        case .frontKneeFlexion, .backKneeFlexion: return [.kneeFlexion]
        case .backHipExtension: return [.hipExtension]
        case .raisedArmElevation: return [.armElevation, .armDirection]
        case .armLine: return [.armDirection]
        case .trunkInclination, .feetGrounded, .handsOnFloor, .handOrder, .gaze: return []
        }
    }
}

extension MeasuredValues {
    /// True when the export gives knee flexion as front/back rather than per side.
    public var resolvesFront: Bool { self[.frontKneeFlexion] != .absent || self[.backKneeFlexion] != .absent }
}

/// The smallest angle between two directions given in degrees, in [0, 180]. Never wraps.
public func angularDistance(_ a: Double, _ b: Double) -> Double {
    let d = (a - b).truncatingRemainder(dividingBy: 360)
    let m = abs(d)
    return m > 180 ? 360 - m : m
}

extension PoseFrame {
    /// Reads one measured quantity: nil when the export does not carry it.
    func measuredValue(_ e: MeasuredValues.Entry) throws(Unassessable) -> Double? {
        switch e {
        case .absent: return nil
        case .value(let v): return v
        case .flagged(let i):
            guard i >= 0, i < issues.count else { throw .degenerate("value unusable") }
            throw .flagged(issues[i])
        }
    }

    /// A check measured from the export's own values.
    /// Values the export gave as front/back need no front side; per-side values do.
    func measureExported(_ m: MeasuredValues, _ check: CheckSpec, front: Side?) throws(Unassessable) -> Double {
        if let v = try measuredValue(m[check.id]) { return v }
        guard let front else {
            if check.id.perSideQuantities.contains(where: { m[$0, .left] != .absent }) { throw .frontSideUnknown }
            throw .notInExport
        }
        let back = front.opposite
        func side(_ q: SideQuantity, _ s: Side) throws(Unassessable) -> Double {
            guard let v = try measuredValue(m[q, s]) else { throw .notInExport }
            return v
        }
        switch check.id {
        case .frontKneeFlexion: return try side(.kneeFlexion, front)
        case .backKneeFlexion: return try side(.kneeFlexion, back)
        case .backHipExtension: return try side(.hipExtension, back)
        case .raisedArmElevation:
            if let v = try measuredValue(m[.armElevation, front]) { return v }
            return angularDistance(try side(.armDirection, front), 90)
        case .armLine:
            return 180 - angularDistance(try side(.armDirection, front), try side(.armDirection, back))
        case .trunkInclination, .feetGrounded, .handsOnFloor, .handOrder, .gaze:
            throw .notInExport
        }
    }
}
