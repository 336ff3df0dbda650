import PoseGeometry
import PoseModel

// Ground truth for a generated pose: parameters where the metric is a chosen angle, and an
// independent oracle (plain vector arithmetic, no PoseGeometry) for the derived metrics.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expected metric values for generated poses, computed independently of PoseModel (see the top
/// of this file), so tests compare the measurement against it.
public enum Truth {
    /// Expected metric values. `planar` evaluates the oracle metrics on the side-view projection
    /// (z dropped), as a 2D export sees them; otherwise in 3D.
    public static func metrics(_ p: PoseParameters, pose: BodyPose, planar: Bool) -> [CheckID: Double] {
        let P = pose.positions
        func at(_ j: Joint) -> (Double, Double, Double) {
            let v = P[j] ?? .zero
            return (v.x, v.y, planar ? 0 : v.z)
        }
        func sub(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> (Double, Double, Double) {
            (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        }
        func len(_ a: (Double, Double, Double)) -> Double { (a.0 * a.0 + a.1 * a.1 + a.2 * a.2).squareRoot() }
        func angleDeg(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
            let c = (a.0 * b.0 + a.1 * b.1 + a.2 * b.2) / (len(a) * len(b))
            return acos(max(-1, min(1, c))) * 180 / .pi
        }
        let F = p.front
        let B = p.front.opposite
        let L = len(sub(at(.knee(B)), at(.hip(B)))) + len(sub(at(.ankle(B)), at(.knee(B))))
        func lowest(_ s: Side) -> Double { [at(.ankle(s)).1, at(.heel(s)).1, at(.footIndex(s)).1].min() ?? 0 }
        let floor = min(lowest(.left), lowest(.right))
        var m: [CheckID: Double] = [
            .frontKneeFlexion: p.frontKneeFlexion,
            .backKneeFlexion: p.backKneeFlexion,
            .trunkInclination: p.trunkInclination,
            .backHipExtension: p.backHipExtension,
            .feetGrounded: abs(lowest(F) - lowest(B)) / L,
        ]
        if p.backLegYaw != 0 {
            // The swung-out back leg is seen foreshortened: derive its angles from positions.
            let thigh = sub(at(.knee(B)), at(.hip(B)))
            let shank = sub(at(.ankle(B)), at(.knee(B)))
            m[.backKneeFlexion] = angleDeg(thigh, shank)
            let midHip = (
                (at(.leftHip).0 + at(.rightHip).0) / 2, (at(.leftHip).1 + at(.rightHip).1) / 2,
                (at(.leftHip).2 + at(.rightHip).2) / 2
            )
            let midShoulder = (
                (at(.leftShoulder).0 + at(.rightShoulder).0) / 2, (at(.leftShoulder).1 + at(.rightShoulder).1) / 2,
                (at(.leftShoulder).2 + at(.rightShoulder).2) / 2
            )
            let downTrunk = sub(midHip, midShoulder)
            let fwd = sub(at(.ankle(F)), at(.ankle(B)))
            let fl = (fwd.0 * fwd.0 + fwd.2 * fwd.2).squareRoot()
            let behind =
                (thigh.0 * fwd.0 + thigh.2 * fwd.2) / (len(thigh) * fl) <= (downTrunk.0 * fwd.0 + downTrunk.2 * fwd.2)
                / (len(downTrunk) * fl)
            m[.backHipExtension] = (behind ? 1 : -1) * angleDeg(downTrunk, thigh)
        }
        let hF = (at(.wrist(F)).1 - floor) / L
        let hB = (at(.wrist(B)).1 - floor) / L
        switch p.arms {
        case .hanging:
            m[.handsOnFloor] = max(hF, hB)
        case .handsDown:
            m[.handsOnFloor] = max(hF, hB)
            // Hand order along the hip line (3D only).
            let axis = sub(at(.hip(F)), at(.hip(B)))
            let ax = (axis.0, 0.0, axis.2)
            let al = len(ax)
            func along(_ j: Joint) -> Double {
                let d = sub(at(j), at(.hip(B)))
                return (d.0 * ax.0 + d.2 * ax.2) / al
            }
            if !planar {
                m[.handOrder] = min(along(.ankle(F)) - along(.wrist(F)), along(.wrist(F)) - along(.wrist(B))) / L
            }
        case .reachUp(_, let elevation):
            m[.handsOnFloor] = hB
            m[.raisedArmElevation] = abs(elevation)
            let raised = sub(at(.wrist(F)), at(.shoulder(F)))
            let floorArm = sub(at(.wrist(B)), at(.shoulder(B)))
            m[.armLine] = 180 - angleDeg(raised, floorArm)
            let midEar = (
                (at(.leftEar).0 + at(.rightEar).0) / 2, (at(.leftEar).1 + at(.rightEar).1) / 2,
                (at(.leftEar).2 + at(.rightEar).2) / 2
            )
            m[.gaze] = angleDeg(sub(at(.nose), midEar), sub(at(.wrist(F)), midEar))
        }
        return m
    }
}
