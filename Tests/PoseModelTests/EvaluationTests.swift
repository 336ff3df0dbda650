// Evaluation semantics: statuses, reasons, front side, view, scoring, and the incremental API.
import PoseGeometry
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct EvaluationTests {
    static func inForm(
        _ stretch: String = "scissor-stance", front: Side = .left, duration: Double = 2, fps: Double = 10,
        camera: Camera = .side
    ) -> Recording {
        Scenarios.recording(stretch, front: front, duration: duration, fps: fps, camera: camera).canonical()
    }

    @Test func inFormFramesAllPass() {
        let r = Evaluator.evaluate(Self.inForm(), spec: .scissorStance)
        #expect(r.summary.inForm == 20)
        #expect(r.frames.allSatisfy { $0.status == .inForm && $0.score == 100 })
        #expect(r.summary.verdict == .pass)
    }

    @Test("auto front side follows the more flexed knee", arguments: [Side.left, .right])
    func autoFront(_ side: Side) {
        let r = Evaluator.evaluate(Self.inForm(front: side), spec: .scissorStance, front: .auto)
        #expect(r.front.side == side)
        #expect(r.front.method == "auto")
        #expect(!r.front.ambiguous)
        #expect(r.front.framesUsed == 20)
    }

    @Test func equalKneesAreAmbiguous() {
        var rec = Self.inForm()
        // Make the back knee as flexed as the front one by copying the front leg's shape.
        for i in rec.frames.indices {
            let f = rec.frames[i]
            guard let hip = f[.rightHip]?.position, let lh = f[.leftHip]?.position,
                let lk = f[.leftKnee]?.position, let la = f[.leftAnkle]?.position
            else { continue }
            rec.frames[i][.rightKnee] = Keypoint(hip + (lk - lh))
            rec.frames[i][.rightAnkle] = Keypoint(hip + (la - lh))
        }
        let d = Evaluator.decideFront(rec, choice: .auto, options: .init())
        #expect(d.ambiguous)
        #expect(d.note?.contains("ambiguous") == true)
    }

    @Test func noKneesMeansFrontUnknownAndNothingAssessable() {
        var rec = Self.inForm()
        for i in rec.frames.indices { rec.frames[i][.leftKnee] = nil }
        let r = Evaluator.evaluate(rec, spec: .scissorStance)
        #expect(r.front.side == nil)
        #expect(r.frames.allSatisfy { $0.status == .notAssessable })
        #expect(r.frames[0].checks[0].reason == .frontSideUnknown)
        #expect(r.summary.verdict == .notAssessable)
    }

    @Test func missingAndLowConfidenceJointsHaveReasons() throws {
        var rec = Self.inForm()
        rec.frames[0][.leftKnee] = nil
        rec.frames[1][.leftAnkle] = Keypoint(try #require(rec.frames[1][.leftAnkle]).position, confidence: 0.2)
        let r = Evaluator.evaluate(rec, spec: .scissorStance, front: .left)
        #expect(r.frames[0].status == .notAssessable)
        #expect(r.frames[0].checks[0].reason?.description == "left knee missing")
        #expect(r.frames[1].checks[0].reason?.description == "left ankle confidence 0.20 below 0.50")
        #expect(r.frames[2].status == .inForm)
        // A lower threshold accepts the low-confidence ankle.
        let lenient = Evaluator.evaluate(
            rec, spec: .scissorStance, front: .left, options: EvaluationOptions(minConfidence: 0.1))
        #expect(lenient.frames[1].status == .inForm)
    }

    @Test func readerFlagsMakeFramesNotAssessableWithTheirWords() {
        var rec = Self.inForm()
        rec.frames[3].issues = [FrameIssue(code: "no_person", message: "no person detected in this frame")]
        rec.frames[4][.rightKnee] = nil
        rec.frames[4].issues = [
            FrameIssue(code: "out_of_frame", joints: [.rightKnee], message: "right knee is outside the image")
        ]
        let r = Evaluator.evaluate(rec, spec: .scissorStance, front: .left)
        #expect(r.frames[3].status == .notAssessable)
        #expect(r.frames[3].checks.allSatisfy { $0.reason?.description == "no person detected in this frame" })
        #expect(r.frames[4].checks[1].reason?.description == "right knee is outside the image")
        #expect(r.frames[4].checks[0].status == .pass)
        #expect(r.summary.notAssessable == 2)
    }

    @Test func aFailureOutranksAMissingMeasurement() {
        var rec = Scenarios.recording("scissor-stance", violated: .frontKneeFlexion, front: .left, duration: 1, fps: 10)
            .canonical()
        rec.frames[0][.rightKnee] = nil  // back knee missing, front knee failing
        let r = Evaluator.evaluate(rec, spec: .scissorStance, front: .left)
        #expect(r.frames[0].status == .deviating)
    }

    @Test func frontalViewLeavesOutTheSegmentsThatPointAtTheCamera() throws {
        let r = Evaluator.evaluate(Self.inForm(camera: .frontal), spec: .scissorStance, front: .left)
        let f = r.frames[0]
        guard case .frontal = f.view else {
            Issue.record("view \(f.view)")
            return
        }
        let front = try #require(f.checks.first { $0.check == .frontKneeFlexion })
        #expect(front.status == .notAssessable)
        #expect(front.reason?.code == "out_of_image_plane")
        #expect(
            front.reason?.description.hasPrefix("the front thigh points toward or away from the camera (seen at")
                == true)
        #expect(front.value == nil)
        #expect(front.range != nil)
        // The trunk is upright and a frontal camera sees it whole, but so it would see a trunk
        // leaning toward the camera: the stance runs toward the camera (the front foot end-on),
        // so nothing in the sagittal plane is read.
        let trunk = try #require(f.checks.first { $0.check == .trunkInclination })
        #expect(trunk.status == .notAssessable)
        #expect(trunk.reason == .viewAmbiguous(.stanceEndOn, range: trunk.range))
        #expect(f.status == .notAssessable)
        #expect(f.score == nil)
    }

    @Test func aSideViewDecidesEveryLegCheck() {
        let r = Evaluator.evaluate(Self.inForm(), spec: .scissorStance, front: .left)
        #expect(r.frames.allSatisfy { f in f.checks.allSatisfy { $0.status == .pass } })
    }

    @Test(
        "the interior angle is given only for a flexion in [0°, 180°]",
        arguments: [
            (68.0, "front knee flexed 68° (interior 112°)"),
            (-39.0, "front knee flexed -39°"),
            (200.0, "front knee flexed 200°"),
        ])
    func interiorAngleNeverPast180(_ value: Double, _ words: String) {
        #expect(CheckID.frontKneeFlexion.describe(value: value) == words)
    }

    @Test func implausibleKneeAnglesAreNeverPassed() throws {
        var rec = Self.inForm()
        var measured = MeasuredValues()
        measured[.frontKneeFlexion] = .value(90)
        measured[.backKneeFlexion] = .value(-55)
        rec.frames[0].measured = measured
        let r = Evaluator.evaluate(rec, spec: .scissorStance, front: .left)
        let back = try #require(r.frames[0].checks.first { $0.check == .backKneeFlexion })
        #expect(back.status == .notAssessable)
        #expect(back.reason?.code == "implausible_angle")
        #expect(
            back.reason?.description
                == "implausible_angle: backKneeFlexion -55° is beyond what a body can do (-15° to 165°): a wrong layout, sign or person"
        )
        #expect(r.frames[0].score == nil)
    }

    @Test("view estimate by camera yaw", arguments: [(0.0, "side"), (30.0, "oblique"), (90.0, "frontal")])
    func viewEstimate(_ yaw: Double, _ name: String) {
        let r = Evaluator.evaluate(Self.inForm(camera: Camera(yaw: yaw)), spec: .scissorStance, front: .left)
        #expect(r.frames[0].view.name == name)
    }

    @Test func handOrderIsAdvisoryAndNeedsThreeDimensions() throws {
        let twoD = Evaluator.evaluate(Self.inForm("hands-down-lunge", duration: 1), spec: .handsDownLunge, front: .left)
        let order2D = try #require(twoD.frames[0].checks.first { $0.check == .handOrder })
        #expect(order2D.reason?.description.hasPrefix("the hip line points toward or away from the camera") == true)
        #expect(twoD.frames[0].status == .inForm)  // advisory: does not block
        let world = Scenarios.recording("hands-down-lunge", front: .left, duration: 1, fps: 10).canonical(world: true)
        let threeD = Evaluator.evaluate(world, spec: .handsDownLunge, front: .left)
        let order3D = try #require(threeD.frames[0].checks.first { $0.check == .handOrder })
        #expect(order3D.status == .pass)
        #expect((order3D.value ?? -1) > 0)
    }

    @Test func scoreIsTheWeightedMeanOfCheckScores() throws {
        let rec = Scenarios.recording(
            "scissor-stance", violated: .trunkInclination, front: .left, duration: 0.1, fps: 10
        ).canonical()
        var spec = StretchSpec.scissorStance
        spec.checks[3].weight = 3  // trunkInclination
        let r = Evaluator.evaluate(rec, spec: spec, front: .left)
        let trunk = try #require(r.frames[0].checks.first { $0.check == .trunkInclination })
        let value = try #require(trunk.value)
        #expect(abs(try #require(trunk.deviation) - (value - 15)) < 1e-12)
        let s = max(0, 1 - (value - 15) / 20)
        #expect(abs(try #require(trunk.score) - s) < 1e-12)
        #expect(abs(try #require(r.frames[0].score) - 100 * (4 + 3 * s) / 7) < 1e-9)
    }

    @Test func adviceIsInWordsAPersonCanActOn() throws {
        let rec = Scenarios.recording(
            "scissor-stance", violated: .frontKneeFlexion, front: .left, duration: 0.1, fps: 10
        ).canonical()
        let r = Evaluator.evaluate(rec, spec: .scissorStance, front: .left)
        let knee = r.frames[0].checks[0]
        #expect(
            knee.advice(band: StretchSpec.scissorStance.checks[0].band)
                == "front knee flexed 50° (interior 130°), 25° short of 90 ± 15°: bend the front knee more")
        let top = try #require(r.summary.topDeviations.first)
        #expect(top.check == .frontKneeFlexion)
        #expect(
            top.advice(band: StretchSpec.scissorStance.checks[0].band)
                == "Front knee bend (0° = straight, 90° = right angle): 1 of 1 measured frames outside 90 ± 15° (median 50°): bend the front knee more"
        )
    }

    @Test func wholeRecordingAndIncrementalAPIsAgree() {
        for seed in 1...6 as ClosedRange<UInt64> {
            let stretch = StretchSpec.builtins[Int(seed) % 3]
            let rec = Scenarios.recording(
                stretch.id, front: seed % 2 == 0 ? .left : .right, duration: 3, fps: 15,
                noisePixels: 4, dropoutRate: 0.1, seed: seed
            ).canonical()
            let whole = Evaluator.evaluate(rec, spec: stretch, front: .auto)
            var session = EvaluationSession(
                spec: stretch, front: whole.front.side, threeD: false,
                options: EvaluationOptions(frameRate: rec.info.frameRate))
            for (f, expected) in zip(rec.frames, whole.frames) {
                let got = session.evaluate(f)
                #expect(got.status == expected.status && got.score == expected.score && got.checks == expected.checks)
            }
            let a = session.summary
            let b = whole.summary
            #expect(
                a.verdict == b.verdict && a.inForm == b.inForm && a.longestHold == b.longestHold && a.checks == b.checks
            )
        }
    }

    @Test func overflowingCoordinatesAreNotMeasurableNeverASilentPass() throws {
        var rec = Self.inForm(duration: 0.1)
        // A wrist and a foot at opposite ends of the Double range: heights overflow to infinity.
        rec.frames[0][.leftFootIndex] = Keypoint(Vector3(0, -1.7e308, 0))
        rec.frames[0][.rightWrist] = Keypoint(Vector3(0, 1.7e308, 0))
        let r = Evaluator.evaluate(rec, spec: .handsDownLunge, front: .left)
        let hands = try #require(r.frames[0].checks.first { $0.check == .handsOnFloor })
        #expect(hands.status == .notAssessable)
        #expect(r.frames[0].checks.allSatisfy { $0.value.map(\.isFinite) ?? true })
        #expect(r.summary.verdictReason.isEmpty == false)
    }

    /// A wrist under the floor is no hand on it: more than 0.15 L below the lowest foot is
    /// `implausible_height`, never a pass; a little below (a pitched camera) still reads.
    @Test func aWristUnderTheFloorIsNeverPassed() throws {
        func lowered(byLegs depth: Double, sides: [Side] = [.left, .right]) throws -> CheckResult {
            var rec = Self.inForm("hands-down-lunge", duration: 0.1)
            let f = rec.frames[0]
            let feet: [Joint] = [.leftHeel, .rightHeel, .leftFootIndex, .rightFootIndex, .leftAnkle, .rightAnkle]
            let floor = feet.compactMap { f[$0]?.position.y }.min() ?? 0
            let hip = try #require(f[.rightHip]?.position)
            let ankle = try #require(f[.rightAnkle]?.position)
            let leg = (hip - ankle).length
            for side in sides {
                var wrist = try #require(f[.wrist(side)])
                wrist.position.y = floor - depth * leg
                rec.frames[0][.wrist(side)] = wrist
            }
            let r = Evaluator.evaluate(rec, spec: .handsDownLunge, front: .left)
            return try #require(r.frames[0].checks.first { $0.check == .handsOnFloor })
        }
        let deep = try lowered(byLegs: 0.4)
        #expect(deep.status == .notAssessable && deep.reason?.code == "implausible_height", "\(deep)")
        #expect(
            deep.reason?.description.hasPrefix(
                "implausible_height: handsOnFloor -0.40 L puts a wrist under the floor, more than 0.15 L below the lowest foot"
            ) == true, "\(String(describing: deep.reason))")
        let shallow = try lowered(byLegs: 0.05)
        #expect(shallow.status == .pass, "\(shallow)")
        // The check reads the higher wrist: one wrist under the floor is caught too.
        for side in [Side.left, .right] {
            let one = try lowered(byLegs: 0.4, sides: [side])
            #expect(one.status == .notAssessable && one.reason?.code == "implausible_height", "\(side): \(one)")
        }
    }

    @Test func hugeNumbersFormatWithoutTrapping() {
        #expect(formatNumber(1e20, digits: 1) == "1e+20")
        #expect(formatNumber(-3e300, digits: 0) == "-3e+300")
        #expect(formatNumber(12.345, digits: 1) == "12.3")
        #expect(formatNumber(-0.04, digits: 1) == "0.0")
        #expect(
            CoordinateSpace.normalizedImage(width: 1e300, height: 2, sizeSource: .file).summary.contains("1e+300×2"))
    }
}
