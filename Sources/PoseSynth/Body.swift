import PoseGeometry
import PoseModel

// A deterministic synthetic body: forward kinematics from chosen joint angles and segment
// lengths, in a world frame with x forward, y up, z to the body's left, metres.
//
// Ground truth for the angle metrics (front/back knee flexion, trunk inclination, back hip
// extension, raised-arm elevation) is the chosen parameter itself. The distance metrics and the
// arm line and gaze are derived from the generated positions by `Truth`, an oracle written
// independently of PoseModel's measurement code.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Segment lengths in metres (an adult of about 1.75 m).
public struct BodyDimensions: Sendable {
    /// Hip to knee, metres.
    public var thigh = 0.45
    /// Knee to ankle, metres.
    public var shank = 0.43
    /// Mid-hip to mid-shoulder, metres.
    public var torso = 0.52
    /// Half the distance between the hip joint centres, metres.
    public var hipHalfWidth = 0.09
    /// Half the distance between the shoulder joints, metres.
    public var shoulderHalfWidth = 0.19
    /// Shoulder to wrist, metres (the arm is drawn straight).
    public var arm = 0.6
    /// Ankle joint above the floor when the foot is flat, metres.
    public var ankleHeight = 0.07
    /// Heel behind the ankle, metres.
    public var heelBack = 0.06
    /// Big toe in front of the ankle, metres.
    public var toeForward = 0.16
    /// An adult of about 1.75 m (the defaults above).
    public init() {}
}

/// Where the hands are.
public enum ArmPose: Sendable, Hashable {
    /// Hanging beside the body.
    case hanging
    /// Both wrists at these heights above the floor (metres), reaching forward; `lateral` moves
    /// the wrists in z towards the front side's foot so hand order can be seen in 3D.
    case handsDown(frontWristHeight: Double, backWristHeight: Double, lateral: Bool)
    /// Back-side (floor) arm at `floorTilt` degrees from straight down, front-side arm raised at
    /// `elevation` degrees from straight up; positive tilts forward. In line when
    /// `elevation == -floorTilt`.
    case reachUp(floorTilt: Double, elevation: Double)
}

/// The pose parameters: what the stretch checks measure.
public struct PoseParameters: Sendable, Hashable {
    /// The side whose leg is in front.
    public var front: Side = .left
    /// Front knee flexion in degrees (0 = straight; the checks want 90).
    public var frontKneeFlexion = 90.0
    /// Back knee flexion in degrees (0 = straight).
    public var backKneeFlexion = 5.0
    /// Forward lean of the trunk from vertical.
    public var trunkInclination = 5.0
    /// Back thigh behind the trunk line.
    public var backHipExtension = 20.0
    /// Front foot raised above the floor (metres): 0 = both feet down.
    public var frontFootLift = 0.0
    /// Where the hands are.
    public var arms: ArmPose = .hanging
    /// The head looks this many degrees away from the raised hand (reach-up) or straight ahead.
    public var gazeOffset = 0.0
    /// The back leg swung out of the sagittal plane about the vertical through the back hip,
    /// degrees, away from the front side ("back leg not parallel"). A side view foreshortens it.
    public var backLegYaw = 0.0
    /// An in-form scissor stance: left leg in front, front knee 90°, back knee 5°, trunk 5°, back
    /// hip extension 20°, feet down, arms hanging.
    public init() {}
}

/// Joint positions in world metres (x forward, y up, z left).
public struct BodyPose: Sendable {
    /// Every joint the body has, in world metres.
    public var positions: [Joint: Vector3]
    /// The floor height (lowest foot point).
    public var floor: Double
}

/// Forward kinematics: joint positions from pose parameters and body dimensions.
public enum Kinematics {
    /// Down-pointing unit vector at angle φ from straight down, positive towards +x (forward).
    static func down(_ phiDegrees: Double) -> Vector2 {
        let r = phiDegrees * .pi / 180
        return Vector2(sin(r), -cos(r))
    }

    static func rotate(_ v: Vector2, _ degrees: Double) -> Vector2 {
        let r = degrees * .pi / 180
        return Vector2(v.x * cos(r) - v.y * sin(r), v.x * sin(r) + v.y * cos(r))
    }

    /// Builds the pose. The back foot stands on its toes; the front shank's tilt is solved so
    /// that the front foot sits `frontFootLift` above the floor.
    public static func pose(_ p: PoseParameters, body b: BodyDimensions = .init()) -> BodyPose {
        let incl = p.trunkInclination
        // Back leg, from the hip (origin of the sagittal plane).
        let phiBackThigh = -incl - p.backHipExtension
        let phiBackShank = phiBackThigh - p.backKneeFlexion
        let backKnee = down(phiBackThigh) * b.thigh
        let backAnkle = backKnee + down(phiBackShank) * b.shank
        // Back foot on its toe: the foot pitched 45° heel-up, toe lowest.
        let pitch = 45.0
        let backToe = backAnkle + rotate(Vector2(b.toeForward, -b.ankleHeight), -pitch)
        let backHeel = backAnkle + rotate(Vector2(-b.heelBack, -b.ankleHeight), -pitch)
        let floor = min(backToe.y, backHeel.y)
        // Front leg: solve the shank tilt σ (φ of the shank) so that the flat front foot is
        // `frontFootLift` above the floor. Hip height above the front ankle is decreasing in σ
        // over the searched range.
        func frontAnkle(_ sigma: Double) -> Vector2 {
            let phiThigh = sigma + p.frontKneeFlexion
            return down(phiThigh) * b.thigh + down(sigma) * b.shank
        }
        let target = floor + b.ankleHeight + p.frontFootLift
        // Scan from a forward-tilted shank (low hip) backwards for the first σ where the ankle
        // reaches the target height, then bisect: the solution with the knee furthest forward.
        var lo = 80.0
        var hi = 80.0
        var sig = 80.0
        while sig > -80 {
            let next = sig - 1
            if (frontAnkle(sig).y - target) * (frontAnkle(next).y - target) <= 0 {
                lo = next
                hi = sig
                break
            }
            sig = next
        }
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if (frontAnkle(mid).y - target) * (frontAnkle(hi).y - target) <= 0 { lo = mid } else { hi = mid }
        }
        let sigma = (lo + hi) / 2
        let frontKnee = down(sigma + p.frontKneeFlexion) * b.thigh
        let fa = frontAnkle(sigma)
        let frontHeel = fa + Vector2(-b.heelBack, -b.ankleHeight)
        let frontToe = fa + Vector2(b.toeForward, -b.ankleHeight)

        let fz = p.front == .left ? 1.0 : -1.0  // z sign of the front side
        func yawBack(_ v: Vector2) -> (Vector2, Double) {
            // Rotate about the vertical through the back hip, towards the back side's outside.
            let r = p.backLegYaw * .pi / 180
            return (Vector2(v.x * cos(r), v.y), fz * v.x * sin(r))  // v.x < 0: moves towards the back side
        }
        var pos: [Joint: Vector3] = [:]
        func put(_ j: Joint, _ v: Vector2, _ z: Double) { pos[j] = Vector3(v.x, v.y, z) }
        let F = p.front
        let B = p.front.opposite
        let hipZ = b.hipHalfWidth
        put(.hip(F), .zero, fz * hipZ)
        put(.hip(B), .zero, -fz * hipZ)
        put(.knee(F), frontKnee, fz * hipZ)
        put(.ankle(F), fa, fz * hipZ)
        put(.heel(F), frontHeel, fz * hipZ)
        put(.footIndex(F), frontToe, fz * hipZ)
        for (j, v) in [
            (Joint.knee(B), backKnee), (.ankle(B), backAnkle), (.heel(B), backHeel), (.footIndex(B), backToe),
        ] {
            let (q, dz) = yawBack(v)
            put(j, q, -fz * hipZ + dz)
        }

        // Trunk and head.
        let t = Vector2(sin(incl * .pi / 180), cos(incl * .pi / 180))
        let midShoulder = t * b.torso
        let sz = b.shoulderHalfWidth
        put(.shoulder(F), midShoulder, fz * sz)
        put(.shoulder(B), midShoulder, -fz * sz)
        let headCentre = Vector3(midShoulder + t * 0.22, z: 0)

        // Arms.
        let sF = pos[.shoulder(F)] ?? .zero
        let sB = pos[.shoulder(B)] ?? .zero
        var wF: Vector3
        var wB: Vector3
        func reach(from s: Vector3, height: Double, forward: Bool, z: Double) -> Vector3 {
            // Wrist at the given height above the floor, at arm's length if it can reach.
            let dy = (floor + height) - s.y
            let dz = z - s.z
            let horizontal2 = b.arm * b.arm - dy * dy - dz * dz
            let dx = horizontal2 > 0 ? horizontal2.squareRoot() * (forward ? 1 : -1) : 0
            return Vector3(s.x + dx, horizontal2 > 0 ? floor + height : s.y - b.arm, z)
        }
        switch p.arms {
        case .hanging:
            wF = sF + Vector3(0, -b.arm, 0)
            wB = sB + Vector3(0, -b.arm, 0)
        case .handsDown(let hF, let hB, let lateral):
            // Hands inside the front foot: front-side wrist between the front foot's line and the other hand.
            let zF = lateral ? fz * (hipZ * 0.4) : sF.z
            let zB = lateral ? -fz * (hipZ * 0.6) : sB.z
            wF = reach(from: sF, height: hF, forward: true, z: zF)
            wB = reach(from: sB, height: hB, forward: true, z: zB)
        case .reachUp(let floorTilt, let elevation):
            wB = sB + Vector3(down(floorTilt) * b.arm, z: 0)
            let up = rotate(Vector2(0, 1), -elevation)  // positive elevation tilts forward (+x)
            wF = sF + Vector3(up * b.arm, z: 0)
        }
        pos[.wrist(F)] = wF
        pos[.wrist(B)] = wB
        pos[.elbow(F)] = .midpoint(sF, wF)
        pos[.elbow(B)] = .midpoint(sB, wB)
        for (s, w, side) in [(sF, wF, F), (sB, wB, B)] {
            let dir = (w - s).normalized ?? Vector3(0, -1, 0)
            let hand =
                side == .left
                ? (Joint.leftPinky, Joint.leftIndex, Joint.leftThumb)
                : (Joint.rightPinky, Joint.rightIndex, Joint.rightThumb)
            pos[hand.0] = w + dir * 0.08 + Vector3(0, 0, -0.01)
            pos[hand.1] = w + dir * 0.09
            pos[hand.2] = w + dir * 0.05 + Vector3(0, 0, 0.01)
        }

        // Head: ears either side of the head centre, nose in the gaze direction.
        var look: Vector3
        if case .reachUp = p.arms {
            look = (wF - headCentre).normalized ?? Vector3(1, 0, 0)
        } else {
            look = Vector3(Kinematics.rotate(t, -90), z: 0)  // perpendicular to the trunk, forward
        }
        if p.gazeOffset != 0 {
            // Turn the look direction in the sagittal plane away from the target.
            let l2 = Kinematics.rotate(Vector2(look.x, look.y), -p.gazeOffset)
            look = Vector3(l2, z: look.z)
        }
        pos[.leftEar] = headCentre + Vector3(0, 0, 0.075)
        pos[.rightEar] = headCentre + Vector3(0, 0, -0.075)
        let nose = headCentre + look * 0.1
        pos[.nose] = nose
        pos[.leftEye] = nose + look * -0.02 + Vector3(0, 0.03, 0.035)
        pos[.rightEye] = nose + look * -0.02 + Vector3(0, 0.03, -0.035)
        pos[.leftEyeInner] = nose + look * -0.015 + Vector3(0, 0.03, 0.02)
        pos[.rightEyeInner] = nose + look * -0.015 + Vector3(0, 0.03, -0.02)
        pos[.leftEyeOuter] = nose + look * -0.03 + Vector3(0, 0.03, 0.05)
        pos[.rightEyeOuter] = nose + look * -0.03 + Vector3(0, 0.03, -0.05)
        pos[.mouthLeft] = nose + look * -0.01 + Vector3(0, -0.04, 0.025)
        pos[.mouthRight] = nose + look * -0.01 + Vector3(0, -0.04, -0.025)
        return BodyPose(positions: pos, floor: floor)
    }
}
