import Foundation
// The camera sweep (issue 19): every stretch, in form and with each single violation, seen from
// yaw 0–90° (side-on to frontal) in 5° steps, pitch 0–20°, with 1–2 px of noise, graded in 2D
// and compared with the synthetic truth. It calibrated `EvaluationOptions.defaultInPlaneShare`,
// the turned-plane and the sloping-floor checks (PoseCheck docs, "What the camera can see") and holds the
// acceptance figures. `POSECHECK_SWEEP=1` prints the figures and a breakdown by check, pitch,
// yaw and scenario; `POSECHECK_SWEEP_CSV=path` also writes every compared pair.
import PoseGeometry
import PoseModel
import PoseSynth
import Testing

struct CameraSweepTests {
    /// One pose of a scenario and its truth.
    struct Pose {
        var parameters: PoseParameters
        var body: BodyPose
        var truth: [CheckID: Double]
    }

    /// A scenario: a stretch, in form or with one violation, as a few poses of its sway.
    struct Scenario {
        var spec: StretchSpec
        var violated: CheckID?
        var front: Side
        var poses: [Pose]
    }

    static let yaws = stride(from: 0.0, through: 90, by: 5).map { $0 }
    static let pitches = [0.0, 10, 20]
    static let noises = [1.0, 2]
    /// Frames per recording: the sway's poses over 4 s (its period), a still camera.
    static let framesPerRecording = 6

    static let scenarios: [Scenario] = {
        var out: [Scenario] = []
        for (i, spec) in StretchSpec.builtins.enumerated() {
            let violations: [CheckID?] = [nil] + Scenarios.requiredChecks(spec).map { $0 }
            for (k, violated) in violations.enumerated() {
                let front: Side = (i + k) % 2 == 0 ? .left : .right
                let poses = (0..<framesPerRecording).map { n -> Pose in
                    let p = Scenarios.parameters(
                        spec.id, violated: violated, front: front, t: 4 * Double(n) / Double(framesPerRecording))
                    let body = Kinematics.pose(p)
                    return Pose(parameters: p, body: body, truth: Truth.metrics(p, pose: body, planar: false))
                }
                out.append(Scenario(spec: spec, violated: violated, front: front, poses: poses))
            }
        }
        return out
    }()

    /// A recording of the poses through a camera, with Gaussian noise, in canonical coordinates.
    static func frames(_ bodies: [BodyPose], camera: Camera, noise: Double, seed: UInt64) -> [PoseFrame] {
        var rng = SplitMix64(seed: seed)
        return bodies.enumerated().map { n, body in
            var frame = PoseFrame(index: n, time: Double(n) / 10)
            for j in Joint.allCases {
                guard let p = body.positions[j] else { continue }
                let q = camera.project(p, floor: body.floor)
                let x = q.x + rng.gaussian() * noise
                let y = q.y + rng.gaussian() * noise
                frame[j] = Keypoint(CoordinateSpace.imagePixels.canonical(x: x, y: y), confidence: 0.99)
            }
            return frame
        }
    }

    /// Within this distance of a band edge, a truth's verdict is a coin toss for any reading.
    static func nearEdge(_ v: Double, _ check: CheckSpec) -> Bool {
        let margin = check.id.unit == .degrees ? 2.0 : 0.02
        return [check.band.lower, check.band.upper].contains { edge in edge.map { abs($0 - v) < margin } ?? false }
    }

    struct Tally: CustomStringConvertible {
        var decided = 0, agreeing = 0, compared = 0
        var kneesNearSide = 0, kneesNearSideDecided = 0
        var disagreements: [String: Int] = [:]
        /// Per camera pitch: decided and agreeing pairs.
        var byPitch: [Int: (decided: Int, agreeing: Int)] = [:]
        /// Per check: decided and agreeing pairs.
        var byCheck: [CheckID: (decided: Int, agreeing: Int)] = [:]
        var agreement: Double { Double(agreeing) / Double(max(1, decided)) }
        var decidedShare: Double { Double(decided) / Double(max(1, compared)) }
        var kneesDecidedNearSide: Double { Double(kneesNearSideDecided) / Double(max(1, kneesNearSide)) }
        var description: String {
            let pitches = byPitch.sorted { $0.key < $1.key }.map {
                "pitch \($0.key): \($0.value.agreeing)/\($0.value.decided)"
            }
            return
                "decided \(decided)/\(compared), agreeing \(agreeing) (\(agreement)); knees within 30° decided \(kneesNearSideDecided)/\(kneesNearSide) (\(kneesDecidedNearSide)); \(pitches); disagreements \(disagreements.sorted { $0.key < $1.key })"
        }
    }

    /// Every recording of the sweep: each scenario through each camera (yaw, pitch) with each
    /// noise, its frames seeded in a fixed order.
    static func forEachRecording(
        _ body: (Scenario, _ yaw: Double, _ pitch: Double, _ noise: Double, [PoseFrame]) -> Void
    ) {
        var seed: UInt64 = 1
        for scenario in scenarios {
            for yaw in yaws {
                for pitch in pitches {
                    for noise in noises {
                        seed += 1
                        let camera = Camera(yaw: yaw, pitch: pitch)
                        let recorded = frames(scenario.poses.map(\.body), camera: camera, noise: noise, seed: seed)
                        body(scenario, yaw, pitch, noise, recorded)
                    }
                }
            }
        }
    }

    static func sweep(inPlaneShare: Double) -> Tally {
        var tally = Tally()
        Self.forEachRecording { scenario, yaw, pitch, noise, frames in
            var session = EvaluationSession(
                spec: scenario.spec, front: scenario.front, threeD: false,
                options: EvaluationOptions(frameRate: 10, inPlaneShare: inPlaneShare))
            for (frame, pose) in zip(frames, scenario.poses) {
                let result = session.evaluate(frame)
                for (check, spec) in zip(result.checks, scenario.spec.checks) {
                    guard let truth = pose.truth[check.check] else { continue }
                    let isKnee = check.check == .frontKneeFlexion || check.check == .backKneeFlexion
                    if isKnee && yaw <= 30 {
                        tally.kneesNearSide += 1
                        if check.status != .notAssessable { tally.kneesNearSideDecided += 1 }
                    }
                    guard !nearEdge(truth, spec) else { continue }
                    tally.compared += 1
                    guard check.status != .notAssessable else { continue }
                    tally.decided += 1
                    tally.byPitch[Int(pitch), default: (0, 0)].decided += 1
                    tally.byCheck[check.check, default: (0, 0)].decided += 1
                    let truthPasses = spec.band.deviation(of: truth) == 0
                    if truthPasses == (check.status == .pass) {
                        tally.agreeing += 1
                        tally.byPitch[Int(pitch), default: (0, 0)].agreeing += 1
                        tally.byCheck[check.check, default: (0, 0)].agreeing += 1
                    } else {
                        tally.disagreements[
                            "\(scenario.spec.id) \(check.check) yaw≥\(Int(yaw) / 30 * 30)", default: 0] += 1
                    }
                }
            }
        }
        return tally
    }

    /// Issue 19 asks for 99% agreement and the knees decided on 95% of frames within 30° of
    /// side-on. Measured (PoseCheck docs, "What the camera can see"): 38,171 of 38,516 decided pairs
    /// agree (99.1%): 99.98% with a level camera, 99.85% at 10° of pitch, 97.5% at 20°; the
    /// knees are decided on 97.0% of frames within 30° of side-on. The floors below are those
    /// figures, so a regression fails; the per-check floors keep one check's losses from
    /// hiding behind another's gains, and the decided floor keeps the rule from buying
    /// agreement by deciding less.
    @Test func decidedChecksAgreeWithTheTruthAndKneesAreDecidedNearSideOn() throws {
        let tally = Self.sweep(inPlaneShare: EvaluationOptions.defaultInPlaneShare)
        if Environment.sweep { print("sweep: \(tally)") }
        #expect(tally.agreement >= 0.99, "\(tally)")
        #expect(tally.decided >= 38_500, "\(tally)")
        #expect(tally.kneesDecidedNearSide >= 0.965, "\(tally)")
        for (pitch, floor) in [(0, 0.999), (10, 0.998), (20, 0.975)] {
            let p = try #require(tally.byPitch[pitch])
            #expect(Double(p.agreeing) >= floor * Double(p.decided), "pitch \(pitch): \(tally)")
        }
        let floors: [CheckID: Double] = [
            .frontKneeFlexion: 0.98, .backKneeFlexion: 1, .trunkInclination: 1, .backHipExtension: 0.985,
            .feetGrounded: 0.965, .handsOnFloor: 0.955, .handOrder: 0.97, .raisedArmElevation: 1, .armLine: 1, .gaze: 1,
        ]
        for (check, floor) in floors {
            let c = try #require(tally.byCheck[check])
            #expect(Double(c.agreeing) >= floor * Double(c.decided), "\(check): \(c.agreeing) of \(c.decided)")
        }
    }

    /// Warrior II, photographed square to the pelvis: both legs lie in the image plane, so both
    /// knees are measured, and within 5° of the truth.
    @Test func warriorTwoKneesAreMeasured() {
        var measured = 0
        var frames = 0
        var seed: UInt64 = 1000
        for front in [Side.left, .right] {
            let poses = (0..<Self.framesPerRecording).map { n -> (PoseParameters, BodyPose) in
                let p = Scenarios.parameters(
                    "scissor-stance", front: front, t: 4 * Double(n) / Double(Self.framesPerRecording))
                return (p, Scenarios.warriorTwo(p))
            }
            for pitch in Self.pitches {
                for noise in Self.noises {
                    seed += 1
                    let recording = Self.frames(
                        poses.map(\.1), camera: Camera(yaw: 0, pitch: pitch), noise: noise, seed: seed)
                    var session = EvaluationSession(
                        spec: .scissorStance, front: front, threeD: false, options: EvaluationOptions(frameRate: 10))
                    for (frame, (p, _)) in zip(recording, poses) {
                        let r = session.evaluate(frame)
                        for c in r.checks where c.check == .frontKneeFlexion || c.check == .backKneeFlexion {
                            frames += 1
                            let truth = c.check == .frontKneeFlexion ? p.frontKneeFlexion : p.backKneeFlexion
                            if let v = c.value, abs(v - truth) <= 5 { measured += 1 }
                        }
                    }
                }
            }
        }
        #expect(Double(measured) >= 0.95 * Double(frames), "\(measured) of \(frames) knee readings within 5°")
        if Environment.sweep { print("warrior II: \(measured) of \(frames) knee readings within 5°") }
    }

    /// One compared (frame, check) pair, for the breakdown.
    struct Pair {
        var stretch: String, violated: CheckID?, check: CheckID, yaw: Double, pitch: Double
        var truth: Double, value: Double?, status: CheckStatus, reason: Unassessable?, range: ClosedRange<Double>?
        var agrees: Bool
        /// The check's segments' 2D length ÷ reference, and ÷ true length; for heights, the chain's depth ÷ L.
        var stance = Double.nan, stanceX = Double.nan, hipHeight = Double.nan, L = Double.nan, vectors: [String] = [],
            value2D = Double.nan, seen: [Double] = [], trueSeen: [Double] = [], depth = 0.0, trueDepth = 0.0,
            noise = 0.0, front = Side.left
    }

    static func segments(_ check: CheckID, front F: Side) -> [BodySegment] {
        let B = F.opposite
        switch check {
        case .frontKneeFlexion: return [.thigh(F), .shank(F)]
        case .backKneeFlexion: return [.thigh(B), .shank(B)]
        case .trunkInclination: return [.trunk]
        case .backHipExtension: return [.trunk, .thigh(B)]
        case .armLine: return [.arm(F), .arm(B)]
        case .raisedArmElevation, .gaze: return [.arm(F)]
        case .handOrder: return [.hipLine]
        case .feetGrounded: return [.thigh(F), .shank(F), .hipLine, .thigh(B), .shank(B)]
        case .handsOnFloor: return [.arm(F), .arm(B), .trunk, .hipLine, .thigh(F), .shank(F), .thigh(B), .shank(B)]
        }
    }

    static func trueLength(_ s: BodySegment, _ body: BodyPose) -> Double {
        func d(_ a: Joint, _ b: Joint) -> Double {
            ((body.positions[a] ?? .zero) - (body.positions[b] ?? .zero)).length
        }
        let m: Double
        switch s {
        case .thigh(let x): m = d(.hip(x), .knee(x))
        case .shank(let x): m = d(.knee(x), .ankle(x))
        case .arm(let x): m = d(.shoulder(x), .wrist(x))
        case .hipLine: m = d(.leftHip, .rightHip)
        case .shoulderLine: m = d(.leftShoulder, .rightShoulder)
        case .trunk:
            let h = Vector3.midpoint(body.positions[.leftHip] ?? .zero, body.positions[.rightHip] ?? .zero)
            let sh = Vector3.midpoint(body.positions[.leftShoulder] ?? .zero, body.positions[.rightShoulder] ?? .zero)
            m = (sh - h).length
        }
        return m * 380
    }

    static func pairs(inPlaneShare: Double = EvaluationOptions.defaultInPlaneShare) -> [Pair] {
        var out: [Pair] = []
        Self.forEachRecording { scenario, yaw, pitch, noise, frames in
            var session = EvaluationSession(
                spec: scenario.spec, front: scenario.front, threeD: false,
                options: EvaluationOptions(frameRate: 10, inPlaneShare: inPlaneShare))
            var lengths = SegmentLengths()
            var open = EvaluationSession(
                spec: scenario.spec, front: scenario.front, threeD: false,
                options: EvaluationOptions(frameRate: 10, inPlaneShare: 0))
            for (frame, pose) in zip(frames, scenario.poses) {
                let result = session.evaluate(frame)
                let openResult = open.evaluate(frame)
                let g = session.geometry(frame)
                lengths.add(g)
                let L = (try? g.legLength(scenario.front.opposite, lengths: lengths)) ?? 1
                for (check, spec) in zip(result.checks, scenario.spec.checks) {
                    guard let truth = pose.truth[check.check], !nearEdge(truth, spec) else { continue }
                    let truthPasses = spec.band.deviation(of: truth) == 0
                    var pair = Pair(
                        stretch: scenario.spec.id, violated: scenario.violated, check: check.check,
                        yaw: yaw, pitch: pitch,
                        truth: truth, value: check.value, status: check.status, reason: check.reason,
                        range: check.range,
                        agrees: truthPasses == (check.status == .pass))
                    pair.noise = noise
                    pair.L = L
                    if let a = try? g.point(.ankle(scenario.front)),
                        let b = try? g.point(.ankle(scenario.front.opposite)),
                        let h = try? g.midHip(), let floor = try? g.floorHeight()
                    {
                        pair.stance = (a - b).length / L
                        pair.stanceX = abs(a.x - b.x) / L
                        pair.hipHeight = (h.y - floor) / L
                    }
                    let F = scenario.front
                    let B = F.opposite
                    switch check.check {
                    case .feetGrounded:
                        if let f = try? g.footLowest(F), let b = try? g.footLowest(B) {
                            pair.value2D = abs(f - b) / L
                        }
                    case .handsOnFloor:
                        let wrists: [Joint] = spec.hands == .both ? [.wrist(F), .wrist(B)] : [.wrist(B)]
                        if let floor = try? g.floorHeight() {
                            pair.value2D =
                                wrists.compactMap { try? g.point($0).y - floor }.max().map { $0 / L }
                                ?? .nan
                        }
                    default:
                        pair.value2D = openResult.checks.first { $0.check == check.check }?.value ?? .nan
                    }
                    pair.front = scenario.front
                    for s in segments(check.check, front: scenario.front) {
                        guard let v = try? g.segment(s), let r = lengths.reference(s) else { continue }
                        let t = trueLength(s, pose.body)
                        let own = max(
                            lengths.longestSeen(s) ?? 0,
                            s.mirroredForTests.flatMap { lengths.longestSeen($0) } ?? 0)
                        pair.vectors.append("\(v.x) \(v.y) \(r) \(own) \(t)")
                        pair.seen.append(v.length / r)
                        pair.trueSeen.append(v.length / t)
                        pair.depth += (max(0, r * r - v.length * v.length)).squareRoot() / L
                        pair.trueDepth += (max(0, t * t - v.length * v.length)).squareRoot() / L
                    }
                    out.append(pair)
                }
            }
        }
        return out
    }

    @Test(.enabled(if: Environment.sweep)) func breakdown() {
        let all = Self.pairs()
        func table(_ title: String, _ key: (Pair) -> String) {
            var groups: [String: (compared: Int, decided: Int, agreeing: Int)] = [:]
            for p in all {
                var g = groups[key(p), default: (0, 0, 0)]
                g.compared += 1
                if p.status != .notAssessable {
                    g.decided += 1
                    if p.agrees { g.agreeing += 1 }
                }
                groups[key(p)] = g
            }
            print("== \(title)")
            for (k, g) in groups.sorted(by: { $0.key < $1.key }) {
                print(
                    "  \(k): compared \(g.compared) decided \(g.decided) agree \(g.agreeing) miss \(g.decided - g.agreeing)"
                )
            }
        }
        // The alternative measured for issue 19: decided only when the range's ends (each sign
        // choice of the depths the references imply) get one verdict too.
        var b = (decided: 0, agreeing: 0, kneesNear: 0, kneesNearDecided: 0)
        var bChecks: [String: (Int, Int)] = [:]
        for p in all {
            guard
                let spec = StretchSpec.builtins.first(where: { $0.id == p.stretch })?.checks.first(where: {
                    $0.id == p.check
                })
            else { continue }
            var one = p.status != .notAssessable
            if one, let r = p.range {
                let lo = spec.band.deviation(of: r.lowerBound)
                let hi = spec.band.deviation(of: r.upperBound)
                one = (lo == 0 && hi == 0) || (lo > 0 && hi > 0) || (lo < 0 && hi < 0)
            }
            if one {
                b.decided += 1
                if p.agrees { b.agreeing += 1 }
                bChecks["\(p.check)", default: (0, 0)].0 += 1
                if p.agrees { bChecks["\(p.check)", default: (0, 0)].1 += 1 }
            }
        }
        print(
            "range rule: decided \(b.decided) agreeing \(b.agreeing) \(Double(b.agreeing) / Double(b.decided)) \(bChecks.sorted { $0.key < $1.key })"
        )
        table("check") { "\($0.check)" }
        table("check pitch") { "\($0.check) p\(Int($0.pitch))" }
        table("stretch violated check") { "\($0.stretch) \($0.violated.map { "\($0)" } ?? "inForm") \($0.check)" }
        table("check yaw") { "\($0.check) y\(String(format: "%02d", Int($0.yaw)))" }
        if let path = ProcessInfo.processInfo.environment["POSECHECK_SWEEP_CSV"] {
            var csv =
                "stretch,violated,check,yaw,pitch,noise,truth,value2D,value,status,lo,hi,agrees,seen,trueSeen,depth,trueDepth,reason,vectors,stance,stanceX,hipHeight,L\n"
            for p in all {
                let reason = p.reason.map { "\($0.code)" } ?? ""
                csv +=
                    "\(p.stretch),\(p.violated.map { "\($0)" } ?? "inForm"),\(p.check),\(p.yaw),\(p.pitch),\(p.noise),\(p.truth),\(p.value2D),\(p.value ?? .nan),\(p.status),\(p.range?.lowerBound ?? .nan),\(p.range?.upperBound ?? .nan),\(p.agrees),\(p.seen.map { "\($0)" }.joined(separator: ";")),\(p.trueSeen.map { "\($0)" }.joined(separator: ";")),\(p.depth),\(p.trueDepth),\(reason),\(p.vectors.joined(separator: ";")),\(p.stance),\(p.stanceX),\(p.hipHeight),\(p.L)\n"
            }
            try? csv.write(toFile: path, atomically: true, encoding: .utf8)
        }
        if let which = ProcessInfo.processInfo.environment["POSECHECK_SWEEP_MISSES"] {
            for p in all where p.status != .notAssessable && !p.agrees && "\(p.check)" == which {
                print(
                    "miss \(p.stretch) \(p.violated.map { "\($0)" } ?? "-") y\(p.yaw) p\(p.pitch) truth \(p.truth) value \(p.value ?? .nan) range \(p.range.map { "\($0)" } ?? "-")"
                )
            }
        }
    }

    /// The calibration itself, for the record: run with `POSECHECK_SWEEP=1` to print each
    /// in-plane share's figures (PoseCheck docs, "What the camera can see").
    @Test(.enabled(if: Environment.sweep)) func calibration() {
        for share in [0.95, 0.9, 0.85, 0.8, 0.75, 0.7] {
            let t = Self.sweep(inPlaneShare: share)
            print("in-plane share \(share): \(t)")
        }
    }
}

extension BodySegment {
    var mirroredForTests: BodySegment? {
        switch self {
        case .thigh(let s): return .thigh(s.opposite)
        case .shank(let s): return .shank(s.opposite)
        case .arm(let s): return .arm(s.opposite)
        default: return nil
        }
    }
}

enum Environment {
    static var sweep: Bool { ProcessInfo.processInfo.environment["POSECHECK_SWEEP"] == "1" }
}

extension CameraSweepTests {
    /// The front-side vote reads the knees in 2D, also where a check would call them not
    /// assessable (a thigh toward the camera): the front knee still reads more flexed than the
    /// back one from every view of the sweep. Measured: every recording of every stretch and
    /// violation right at yaw 0–85° (108 each), and at 90° (frontal) 96 right and 12 ambiguous,
    /// none wrong; so the vote does not wait for decided knees.
    @Test func frontSideVoteIsRightFromEveryView() {
        var wrong: [String] = []
        var ambiguousYaws: Set<Int> = []
        var right = 0
        var total = 0
        Self.forEachRecording { scenario, yaw, _, _, frames in
            var vote = FrontSideVote(minConfidence: 0.5, threeD: false)
            for f in frames { vote.add(f) }
            let d = vote.decision
            total += 1
            if d.side == nil || d.ambiguous {
                ambiguousYaws.insert(Int(yaw))
            } else if d.side == scenario.front {
                right += 1
            } else {
                wrong.append("\(scenario.spec.id) \(scenario.violated.map { "\($0)" } ?? "in form") yaw \(yaw)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, first: \(wrong.prefix(5))")
        #expect(ambiguousYaws.allSatisfy { $0 >= 80 }, "ambiguous at yaws \(ambiguousYaws.sorted())")
        #expect(Double(right) / Double(total) > 0.99, "\(right) of \(total) right")
    }
}
