import PoseFormats
import PoseModel
// Synthetic recordings written as joint-angle exports, each computed the way its tool does:
// Sports2D's formulas (PoseCheck docs, "Joint-angle exports": atan2 of image vectors, the x flip to face right),
// OpenSim coordinates of a planar model (pelvis tilt, lumbar extension, hip flexion, knee), and
// PoseCheck's own metric names from the ground-truth oracle. Nothing here uses PoseGeometry,
// so reading these files back checks the readers against independent arithmetic.
import PoseScanning

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes synthetic recordings as joint-angle exports (see the top of this file): Sports2D,
/// OpenSim `.mot`, and PoseCheck's generic angle tables.
public enum AngleExport {
    /// Sagittal angles of one frame, in degrees, from the side camera's image.
    struct Sagittal {
        var knee: [Side: Double] = [:]  // Sports2D knee: 0 = straight, + = flexed
        var hip: [Side: Double] = [:]  // Sports2D hip: 0 = along the trunk, − = behind
        var trunk = 0.0  // Sports2D trunk segment: 90 = upright
        var arm: [Side: Double] = [:]  // Sports2D arm segment: 90 = straight up
        var thighForward: [Side: Double] = [:]  // thigh from straight down, + = forward
        var trunkBack = 0.0  // trunk from upright, + = leaning back
    }

    static func degrees(_ r: Double) -> Double { r * 180 / .pi }

    /// Sports2D's computations on one frame's image points (pixels, y down).
    static func sagittal(_ f: SyntheticFrame) -> Sagittal? {
        guard f.pose != nil else { return nil }
        func p(_ j: Joint) -> (x: Double, y: Double) {
            let q = f.image[j]!
            return (q.x, q.y)
        }
        // Sports2D: the person faces right if the toes point right, else x is negated.
        let toes = (p(.rightFootIndex).x - p(.rightHeel).x) + (p(.leftFootIndex).x - p(.leftHeel).x)
        let flip = toes >= 0 ? 1.0 : -1.0
        func q(_ j: Joint) -> (x: Double, y: Double) {
            let v = p(j)
            return (v.x * flip, v.y)
        }
        func mid(_ a: Joint, _ b: Joint) -> (x: Double, y: Double) {
            let u = q(a)
            let v = q(b)
            return ((u.x + v.x) / 2, (u.y + v.y) / 2)
        }
        func sub(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> (x: Double, y: Double) {
            (a.x - b.x, a.y - b.y)
        }
        func wrap(_ a: Double) -> Double {
            var v = a.truncatingRemainder(dividingBy: 360)
            if v > 180 { v -= 360 }
            if v <= -180 { v += 360 }
            return v
        }
        /// −atan2(cross(u, v), dot(u, v)) in image coordinates (y down).
        func raw(_ u: (x: Double, y: Double), _ v: (x: Double, y: Double)) -> Double {
            -degrees(atan2(u.x * v.y - u.y * v.x, u.x * v.x + u.y * v.y))
        }
        /// Segment angle anticlockwise from horizontal-forward, y up.
        func segment(_ d: (x: Double, y: Double)) -> Double { degrees(atan2(-d.y, d.x)) }
        let neck = mid(.leftShoulder, .rightShoulder)
        let pelvis = mid(.leftHip, .rightHip)
        var s = Sagittal()
        for side in Side.allCases {
            let hip = q(.hip(side))
            let knee = q(.knee(side))
            let ankle = q(.ankle(side))
            s.knee[side] = wrap(raw(sub(ankle, knee), sub(hip, knee)) - 180)
            s.hip[side] = wrap(-raw(sub(hip, knee), sub(neck, pelvis)))
            s.arm[side] = segment(sub(q(.elbow(side)), q(.shoulder(side))))
            let thigh = sub(knee, hip)
            s.thighForward[side] = degrees(atan2(thigh.x, thigh.y))  // y down: +y is "down"
        }
        let up = sub(neck, pelvis)
        s.trunk = segment(up)
        s.trunkBack = degrees(atan2(-up.x, -up.y))
        return s
    }

    static func fixed(_ v: Double, _ digits: Int = 8) -> String {
        let s = formatNumber(v, digits: digits)
        return String(repeating: " ", count: max(0, 16 - s.count)) + s
    }

    /// The `.mot` header style: OpenSim 4's (`Coordinates`, `version=1`, …) or the legacy SIMM one.
    public enum OpenSimHeader: Sendable { case v4, legacySIMM }

    /// How the OpenSim export is written.
    public struct OpenSimOptions: Sendable {
        /// The header style (OpenSim 4 by default).
        public var header: OpenSimHeader = .v4
        /// True to write angles in radians (`inDegrees=no`); degrees by default.
        public var radians = false
        /// gait2392-style: knee_angle negative = flexion.
        public var negativeKnee = false
        /// Every line ends with a tab, and tab-only lines follow the data (opensim-models#150).
        public var trailingTabs = false
        /// Options; the defaults write an OpenSim 4 file in degrees with knee flexion positive.
        public init(
            header: OpenSimHeader = .v4, radians: Bool = false, negativeKnee: Bool = false, trailingTabs: Bool = false
        ) {
            self.header = header
            self.radians = radians
            self.negativeKnee = negativeKnee
            self.trailingTabs = trailingTabs
        }
    }

    /// The pelvis tilt the planar model is given (any value works: it cancels out of every
    /// metric, which is the point of writing it).
    static func pelvisTilt(_ t: Double) -> Double { -6 + 2 * sin(t) }

    static let openSimColumns = [
        "time", "pelvis_tilt", "pelvis_list", "pelvis_rotation", "pelvis_tx", "pelvis_ty", "pelvis_tz",
        "hip_flexion_r", "hip_adduction_r", "hip_rotation_r", "knee_angle_r", "ankle_angle_r",
        "hip_flexion_l", "hip_adduction_l", "hip_rotation_l", "knee_angle_l", "ankle_angle_l",
        "lumbar_extension", "lumbar_bending", "lumbar_rotation", "arm_flex_r", "arm_add_r", "arm_flex_l", "arm_add_l",
    ]

    /// An OpenSim inverse-kinematics .mot of a planar model that moves like the recording.
    /// Frames without a person (none in the fixtures) are left out, as IK would.
    public static func openSim(_ r: SyntheticRecording, name: String, options o: OpenSimOptions = .init()) -> String {
        let rows: [[Double]] = r.frames.compactMap { f in
            guard let s = sagittal(f) else { return nil }
            let pt = pelvisTilt(f.time)
            let lumbar = s.trunkBack - pt
            let k = o.negativeKnee ? -1.0 : 1.0
            func side(_ x: Side) -> [Double] { [s.thighForward[x]! - pt, 0, 0, k * s.knee[x]!, 0] }
            var angles = [pt, 0, 0]
            let translations = [0.0, 0.93, 0]
            angles = angles + side(.right) + side(.left) + [lumbar, 0, 0, 0, 0, 0, 0]
            let scale = o.radians ? Double.pi / 180 : 1
            return [f.time] + angles[0..<3].map { $0 * scale } + translations + angles[3...].map { $0 * scale }
        }
        let tab = o.trailingTabs ? "\t" : ""
        var s: String
        switch o.header {
        case .v4:
            s =
                "Coordinates\nversion=1\nnRows=\(rows.count)\nnColumns=\(openSimColumns.count)\ninDegrees=\(o.radians ? "no" : "yes")\n\n"
            s +=
                "Units are S.I. units (second, meters, Newtons, ...)\nIf the header above contains a line with 'inDegrees', this indicates whether rotational values are in degrees (yes) or radians (no).\n\nendheader\n"
        case .legacySIMM:
            s =
                "\(name)\nnRows=\(rows.count)\nnColumns=\(openSimColumns.count)\n\n# SIMM Motion File Header:\nname \(name)\n"
            s += "datacolumns \(openSimColumns.count)\ndatarows \(rows.count)\notherdata 1\n"
            if o.radians { s += "inDegrees=no\n" }
            s +=
                "range \(formatNumber(rows.first?[0] ?? 0, digits: 6)) \(formatNumber(rows.last?[0] ?? 0, digits: 6))\nendheader\n"
        }
        s += openSimColumns.joined(separator: "\t") + tab + "\n"
        for row in rows { s += row.map { fixed($0) }.joined(separator: "\t") + tab + "\n" }
        if o.trailingTabs { s += String(repeating: "\t", count: openSimColumns.count) + "\n" + "\t\t\n" }
        return s
    }

    static let sports2DColumns: [(String, @Sendable (Sagittal) -> Double)] = [
        ("right knee", { $0.knee[.right]! }), ("left knee", { $0.knee[.left]! }),
        ("right hip", { $0.hip[.right]! }), ("left hip", { $0.hip[.left]! }),
        ("trunk", { $0.trunk }),
        ("right arm", { $0.arm[.right]! }), ("left arm", { $0.arm[.left]! }),
    ]

    /// A Sports2D angle file (`make_mot_with_angles`): tab-separated, lower-case names with
    /// spaces, `nColumns` counted before `time` was added. Frames without a person are NaN rows.
    public static func sports2D(_ r: SyntheticRecording) -> String {
        var s = "Coordinates\nversion=1\nnRows=\(r.frames.count)\nnColumns=\(sports2DColumns.count)\ninDegrees=yes\n\n"
        s += "Units are S.I. units (second, meters, Newtons, ...)\nAngles are in degrees.\n\nendheader\n"
        s += (["time"] + sports2DColumns.map(\.0)).joined(separator: "\t") + "\n"
        for f in r.frames {
            let values =
                sagittal(f).map { a in sports2DColumns.map { formatNumber($0.1(a), digits: 6) } }
                ?? Array(repeating: "nan", count: sports2DColumns.count)
            s += ([formatNumber(f.time, digits: 6)] + values).joined(separator: "\t") + "\n"
        }
        return s
    }

    /// PoseCheck's own metric names, from the ground-truth oracle (front/back names in CSV;
    /// per-side knee names in JSON, to cover both naming styles).
    static func truthRows(_ r: SyntheticRecording, front: Side) -> [(time: Double, values: [(String, Double)])] {
        r.frames.map { f in
            guard let pose = f.pose else { return (f.time, []) }
            let m = Truth.metrics(f.parameters, pose: pose, planar: true)
            let values = CheckID.allCases.compactMap { c in m[c].map { (snake(c.rawValue), $0) } }
            return (f.time, values)
        }
    }

    static func snake(_ camel: String) -> String {
        var s = ""
        for c in camel { if c.isUppercase { s += "_" + c.lowercased() } else { s.append(c) } }
        return s
    }

    /// The ground-truth metrics as a generic angle CSV: `time`, then one column per metric named
    /// as PoseCheck names it.
    public static func genericCSV(_ r: SyntheticRecording, front: Side) -> String {
        let rows = truthRows(r, front: front)
        let names = rows.first { !$0.values.isEmpty }?.values.map(\.0) ?? []
        var s = (["time"] + names).joined(separator: ",") + "\n"
        for row in rows {
            let byName = Dictionary(uniqueKeysWithValues: row.values)
            s +=
                ([JSONWriter.format(row.time)] + names.map { byName[$0].map(JSONWriter.format) ?? "" }).joined(
                    separator: ",") + "\n"
        }
        return s
    }

    /// The ground-truth metrics as a generic angle JSON document, one object per frame.
    public static func genericJSON(_ r: SyntheticRecording, front: Side) -> String {
        let rows = truthRows(r, front: front)
        let frames = rows.map { row -> String in
            var fields = ["\"time\":\(JSONWriter.format(row.time))"]
            for (name, v) in row.values {
                switch name {
                case "front_knee_flexion": fields.append("\"\(front.rawValue)_knee_flexion\":\(JSONWriter.format(v))")
                case "back_knee_flexion":
                    fields.append("\"\(front.opposite.rawValue)_knee_flexion\":\(JSONWriter.format(v))")
                default: fields.append("\"\(name)\":\(JSONWriter.format(v))")
                }
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "{\"fps\":\(JSONWriter.format(r.fps)),\"frames\":[\n" + frames.joined(separator: ",\n") + "\n]}\n"
    }
}
