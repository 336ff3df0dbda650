import PoseGeometry
import PoseModel

// Named synthetic scenarios: each stretch in form, and each with exactly one required check
// violated. The fixtures in `Fixtures/` are generated from these.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named synthetic recordings: each built-in stretch in form, and each with exactly one required
/// check violated; the committed fixtures are generated from these.
public enum Scenarios {
    /// The required checks of each built-in stretch: one violation fixture each.
    public static func requiredChecks(_ stretch: StretchSpec) -> [CheckID] {
        stretch.checks.filter(\.required).map(\.id)
    }

    /// Parameters for a stretch in form (`violated == nil`) or with one check violated.
    /// `t` adds a gentle sway so frames are not identical.
    public static func parameters(_ stretchID: String, violated: CheckID? = nil, front: Side, t: Double = 0)
        -> PoseParameters
    {
        var p = PoseParameters()
        p.front = front
        let sway = sin(2 * .pi * t / 4)
        p.frontKneeFlexion = 92 + 3 * sway
        p.backKneeFlexion = 6 + sway
        var backThigh = 62.0  // degrees behind vertical
        switch stretchID {
        case "scissor-stance":
            p.trunkInclination = 6 + sway
            p.arms = .hanging
        case "hands-down-lunge":
            backThigh = 70
            p.arms = .handsDown(frontWristHeight: 0.05, backWristHeight: 0.06, lateral: true)
        default:
            backThigh = 70
            p.arms = .reachUp(floorTilt: 10, elevation: -10 + sway)
            p.gazeOffset = 10
        }
        switch violated {
        case .frontKneeFlexion?: p.frontKneeFlexion = 50 + 3 * sway
        case .backKneeFlexion?: p.backKneeFlexion = 35 + sway
        case .feetGrounded?: p.frontFootLift = 0.3
        case .trunkInclination?: p.trunkInclination = 32 + sway
        // The back leg swung out to the side ("not parallel"): a side camera sees it end-on, so
        // only 3D input shows this violation; 2D grading says the camera cannot show it.
        case .backHipExtension?: p.backLegYaw = 85
        case .handsOnFloor?:
            if case .handsDown = p.arms {
                p.arms = .handsDown(frontWristHeight: 0.35, backWristHeight: 0.3, lateral: true)
            }
            if case .reachUp = p.arms {
                p.arms = .reachUp(floorTilt: 10, elevation: -10 + sway)
                p.gazeOffset = 10
            }
        case .raisedArmElevation?: p.arms = .reachUp(floorTilt: -35, elevation: 35 + sway)
        case .armLine?: p.arms = .reachUp(floorTilt: 15, elevation: 15 + sway)
        default: break
        }
        // Keep the back thigh at a fixed angle behind vertical whatever the trunk does, so the
        // hip height (and the feet) do not move when the trunk leans.
        func setTrunk(_ incl: Double) {
            p.trunkInclination = incl
            p.backHipExtension = backThigh - incl
        }
        setTrunk(p.trunkInclination)
        // Arms on the floor: lean the trunk until the floor wrist is at its target height.
        var target: (Joint, Double)?
        switch p.arms {
        case .handsDown(let hF, _, _): target = (.wrist(front), hF)
        case .reachUp:
            target = (.wrist(front.opposite), violated == .handsOnFloor ? 0.35 : 0.05)
        case .hanging: break
        }
        if let (wrist, height) = target {
            var lo = 0.0
            var hi = 89.0
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                setTrunk(mid)
                let pose = Kinematics.pose(p)
                let h = (pose.positions[wrist]?.y ?? 0) - pose.floor
                // Leaning further lowers the shoulders and the wrist.
                if h > height { lo = mid } else { hi = mid }
            }
            setTrunk((lo + hi) / 2)
        }
        return p
    }

    /// A recording of a scenario.
    public static func recording(
        _ stretchID: String, violated: CheckID? = nil, front: Side = .left,
        duration: Double, fps: Double, camera: Camera = .side,
        noisePixels: Double = 0, dropoutRate: Double = 0, seed: UInt64 = 1
    ) -> SyntheticRecording {
        SyntheticRecording(
            duration: duration, fps: fps, camera: camera, noisePixels: noisePixels,
            dropoutRate: dropoutRate, seed: seed
        ) { t in
            parameters(stretchID, violated: violated, front: front, t: t)
        }
    }

    /// A committed fixture: a name, what it shows, and its recording.
    public struct Fixture: Sendable {
        /// The file name without extension: `<stretch>-in-form` or `<stretch>-bad-<check>`.
        public var name: String
        /// The id of the stretch the recording shows.
        public var stretch: String
        /// The one required check the recording violates; `nil` when it is in form.
        public var violated: CheckID?
        /// The side whose leg is in front.
        public var front: Side
        /// The generated recording.
        public var recording: SyntheticRecording
    }

    /// Kebab-case of a check id: `frontKneeFlexion` → `front-knee-flexion`.
    public static func kebab(_ id: CheckID) -> String {
        var s = ""
        for c in id.rawValue {
            if c.isUppercase { s += "-" + c.lowercased() } else { s.append(c) }
        }
        return s
    }

    /// Every fixture: each stretch in form (stretch 2 held 22 s), and each required check
    /// violated alone (3 s). Fronts alternate so both sides are covered. 10 fps keeps them small.
    public static let fixtures: [Fixture] = {
        var out: [Fixture] = []
        for (i, spec) in StretchSpec.builtins.enumerated() {
            let front: Side = i % 2 == 0 ? .left : .right
            let holdDuration = spec.id == "hands-down-lunge" ? 22.0 : 3.0
            out.append(
                Fixture(
                    name: "\(spec.id)-in-form", stretch: spec.id, violated: nil, front: front,
                    recording: recording(spec.id, front: front, duration: holdDuration, fps: 10)))
            for (k, check) in requiredChecks(spec).enumerated() {
                let f: Side = (i + k) % 2 == 0 ? .right : .left
                out.append(
                    Fixture(
                        name: "\(spec.id)-bad-\(kebab(check))", stretch: spec.id, violated: check, front: f,
                        recording: recording(spec.id, violated: check, front: f, duration: 3, fps: 10)))
            }
        }
        return out
    }()
}

extension Scenarios {
    /// The routine of the article: scissor stance for `first` seconds, a 2 s transition, the
    /// hands-down lunge for `second`, a 2 s transition, the reach-up twist for `third`. Returns
    /// the recording and the true segments (start, end) in seconds. A segmentation partitions
    /// time, so neighbouring segments meet in the middle of each transition: that is the truth.
    public static func routine(
        first: Double = 15, second: Double = 25, third: Double = 10, front: Side = .left,
        fps: Double = 30, noisePixels: Double = 2, dropoutRate: Double = 0.03,
        seed: UInt64 = 11
    ) -> (SyntheticRecording, [(String, Double, Double)]) {
        let t1 = first
        let t2 = t1 + 2
        let t3 = t2 + second
        let t4 = t3 + 2
        let end = t4 + third
        let rec = SyntheticRecording(
            duration: end, fps: fps, noisePixels: noisePixels, dropoutRate: dropoutRate, seed: seed
        ) { t in
            if t < t1 { return parameters("scissor-stance", front: front, t: t) }
            if t < t2 {
                // Leaning down: the trunk tips, then the hands travel to the floor.
                let u = (t - t1) / 2
                if u < 0.5 {
                    var p = parameters("scissor-stance", front: front, t: t)
                    p.trunkInclination = 6 + 70 * u
                    p.backHipExtension = 62 - p.trunkInclination
                    return p
                }
                var p = parameters("hands-down-lunge", front: front, t: t)
                let h = 0.45 - 0.8 * (u - 0.5)
                p.arms = .handsDown(frontWristHeight: h, backWristHeight: h, lateral: true)
                return p
            }
            if t < t3 { return parameters("hands-down-lunge", front: front, t: t) }
            if t < t4 {
                // The front-side arm sweeps up from the floor.
                let u = (t - t3) / 2
                var p = parameters("reach-up-twist", front: front, t: t)
                p.arms = .reachUp(floorTilt: 10, elevation: 170 - 180 * u)
                return p
            }
            return parameters("reach-up-twist", front: front, t: t)
        }
        let m1 = (t1 + t2) / 2
        let m2 = (t3 + t4) / 2
        return (rec, [("scissor-stance", 0, m1), ("hands-down-lunge", m1, m2), ("reach-up-twist", m2, end)])
    }
}

extension Scenarios {
    /// A warrior II: the lunge's legs turned into the body's frontal plane, so that a camera
    /// square to the pelvis (yaw 0) sees both legs, the hips and the shoulders across the image
    /// at full length, and the arms held out sideways. The knees' truth is `parameters`'.
    public static func warriorTwo(_ p: PoseParameters, body b: BodyDimensions = .init()) -> BodyPose {
        let lunge = Kinematics.pose(p, body: b)
        let F = p.front
        let B = p.front.opposite
        var pos: [Joint: Vector3] = [:]
        // Each leg keeps its shape, moved from its sagittal plane into the frontal one (z = 0),
        // its hip a hip width from the other along the stance.
        for (side, offset) in [(F, b.hipHalfWidth), (B, -b.hipHalfWidth)] {
            for j in [Joint.hip(side), .knee(side), .ankle(side), .heel(side), .footIndex(side)] {
                guard let q = lunge.positions[j] else { continue }
                pos[j] = Vector3(q.x + offset, q.y, 0)
            }
        }
        let midShoulder = Vector3(0, b.torso, 0)
        pos[.shoulder(F)] = midShoulder + Vector3(b.shoulderHalfWidth, 0, 0)
        pos[.shoulder(B)] = midShoulder + Vector3(-b.shoulderHalfWidth, 0, 0)
        pos[.wrist(F)] = midShoulder + Vector3(b.shoulderHalfWidth + b.arm, 0, 0)
        pos[.wrist(B)] = midShoulder + Vector3(-b.shoulderHalfWidth - b.arm, 0, 0)
        pos[.elbow(F)] = midShoulder + Vector3(b.shoulderHalfWidth + b.arm / 2, 0, 0)
        pos[.elbow(B)] = midShoulder + Vector3(-b.shoulderHalfWidth - b.arm / 2, 0, 0)
        let head = midShoulder + Vector3(0, 0.22, 0)
        // Looking over the front hand.
        pos[.nose] = head + Vector3(0.1, 0, 0)
        pos[.leftEar] = head + Vector3(0, 0, 0.075)
        pos[.rightEar] = head + Vector3(0, 0, -0.075)
        return BodyPose(positions: pos, floor: lunge.floor)
    }
}
