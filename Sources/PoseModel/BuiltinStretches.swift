// The three stretches of the iliopsoas routine (the README's stretches table; PoseCheck docs, "What is measured, and what 0 means"), with the default tolerances.
//
// Why these bands: markerless 2D side-view knee angles carry about 5–6° of error against motion
// capture, and clinical goniometry cannot tell apart differences under about 6–14°, so bands
// tighter than ±10° would flag noise. The article gives 90° for the front knee and a straight
// back leg; ±15° around them matches what open-source pose graders accept.

extension StretchSpec {
    /// Front knee at 90°, back leg straight, both feet down: shared by all three stretches.
    static let legChecks: [CheckSpec] = [
        CheckSpec(.frontKneeFlexion, band: .around(90, tolerance: 15), falloff: 20),
        CheckSpec(.backKneeFlexion, band: .atMost(15), falloff: 20),
        CheckSpec(.feetGrounded, band: .atMost(0.15), falloff: 0.25),
    ]

    /// Stretch 1 (`scissor-stance`, alias `1`): the standing lunge with the leg checks, an upright
    /// trunk (≤ 15°) and the back thigh at least 10° behind the trunk line; held 1 s.
    public static let scissorStance = StretchSpec(
        id: "scissor-stance", name: "Scissor-stance lunge", aliases: ["1"],
        description:
            "Standing lunge: front knee at 90°, back leg straight and planted, torso upright, pelvis shifted forward.",
        checks: legChecks + [
            CheckSpec(.trunkInclination, band: .atMost(15), falloff: 20),
            CheckSpec(.backHipExtension, band: .atLeast(10), falloff: 10),
        ],
        holdSeconds: 1)

    /// Stretch 2 (`hands-down-lunge`, alias `2`): the lunge with both wrists near the floor and,
    /// advisory, the hands in order along the hip line; held 20 s.
    public static let handsDownLunge = StretchSpec(
        id: "hands-down-lunge", name: "Hands-down lunge", aliases: ["2"],
        description: "The same lunge with both palms on the floor inside the front foot, held about twenty seconds.",
        checks: legChecks + [
            CheckSpec(.handsOnFloor, band: .atMost(0.15), falloff: 0.25, hands: .both),
            CheckSpec(.handOrder, band: .atLeast(0), falloff: 0.1, required: false),
        ],
        holdSeconds: 20)

    /// Stretch 3 (`reach-up-twist`, alias `3`): the lunge with the back-side hand down, the
    /// front-side arm within 20° of vertical and in line with the floor arm, and, advisory, the gaze
    /// on the raised hand; held 1 s.
    public static let reachUpTwist = StretchSpec(
        id: "reach-up-twist", name: "Reach-up twist", aliases: ["3"],
        description:
            "The same lunge, back-side hand on the floor, front-side arm raised straight up in line with it, eyes on the raised hand.",
        checks: legChecks + [
            CheckSpec(.handsOnFloor, band: .atMost(0.15), falloff: 0.25, hands: .back),
            CheckSpec(.raisedArmElevation, band: .atMost(20), falloff: 25),
            CheckSpec(.armLine, band: .atMost(20), falloff: 25),
            CheckSpec(.gaze, band: .atMost(45), falloff: 45, required: false),
        ],
        holdSeconds: 1)

    /// The three built-in stretches in routine order; what `RoutineSegmenter` chooses among by default.
    public static let builtins: [StretchSpec] = [scissorStance, handsDownLunge, reachUpTwist]

    /// A built-in stretch by id or alias (`scissor-stance` or `1`).
    public static func builtin(named name: String) -> StretchSpec? {
        builtins.first { $0.id == name || $0.aliases.contains(name) }
    }

    /// The spec adjusted for 3D world coordinates. MediaPipe world landmarks read a visibly
    /// straight leg as 15–30° of flexion (measured on real exports; PoseCheck docs, "The command line"), so the
    /// back-knee band widens by 15° there; everything else is unchanged.
    public func adjustedForWorldCoordinates() -> StretchSpec {
        var s = self
        for i in s.checks.indices where s.checks[i].id == .backKneeFlexion {
            if let u = s.checks[i].band.upper { s.checks[i].band.upper = u + 15 }
        }
        return s
    }
}
