// BODY_25 or BODY_25B? Both have 25 points in different orders, and reading one as the other
// turns a standing person's knees into 100–170° of flexion. Each test below looks only at the
// points its own skeleton defines, so a person whose eyes and ears were not detected (written
// as 0, 0, 0) still gives evidence through the points that were:
// - BODY_25: the neck (1) lies midway between the shoulders (2, 5), or the mid-hip (8) midway
//   between the hips (9, 12): OpenPose defines both points as those midpoints.
// - BODY_25B: COCO order in 0–16, then the neck (17) near the middle of the shoulders (5, 6)
//   with the head (18) beyond it, farther from the hips (11, 12); or an eye (1, 2) right beside
//   the nose (0), where BODY_25 has the neck and a shoulder.
// A frame votes for a skeleton when one of its people fits that skeleton's tests and none fits
// the other's. No vote, or votes that disagree, is an error that asks for `--skeleton`: the
// skeleton is never guessed.
import PoseGeometry

struct SkeletonVote {
    /// How near a midpoint a point must be, as a share of the person's size (the larger side of
    /// the box around its points): OpenPose's own midpoints sit within a few pixels of it.
    static let midpointTolerance = 0.05
    /// BODY_25B's neck is a point of its own, near but not at the shoulders' middle (measured on
    /// Pose2Sim's demo: 0.06 of the body's height).
    static let neckTolerance = 0.1
    /// An eye is within this share of the body's size from the nose (a neck or a shoulder is
    /// three times as far).
    static let eyeTolerance = 0.05
    /// The votes of the minority that still let the majority decide: one frame in five.
    static let dissent = 0.2

    private(set) var body25 = 0
    private(set) var body25B = 0
    let frames: Int

    /// `frames`: the people of each sample frame, each with 25 points.
    init(_ frames: [[RawPerson]]) {
        self.frames = frames.count
        for people in frames {
            let evidence = people.map(Self.evidence)
            let for25 = evidence.contains { $0.body25 && !$0.body25B }
            let for25B = evidence.contains { $0.body25B && !$0.body25 }
            if for25 { body25 += 1 }
            if for25B { body25B += 1 }
        }
    }

    /// The skeleton the evidence shows, or nil when there is none or it disagrees.
    var decision: KeypointLayout? {
        let (winner, loser) = body25 >= body25B ? (body25, body25B) : (body25B, body25)
        guard winner > 0, Double(loser) <= Self.dissent * Double(winner) else { return nil }
        return body25 > body25B ? .body25 : .body25B
    }

    var note: String {
        let name = decision == .body25 ? "BODY_25" : "BODY_25B"
        let winner = max(body25, body25B)
        let loser = min(body25, body25B)
        let evidence =
            decision == .body25
            ? "the neck or mid-hip midway between the shoulders or hips"
            : "the neck at 17 between the shoulders with the head at 18, or an eye beside the nose"
        let against = loser > 0 ? "; \(loser) pointed to the other" : ""
        return
            "25 keypoints per person: read as \(name), decided by \(winner) of \(frames) frames (\(evidence))\(against); ReadOptions.skeleton = body-25 or body-25b overrides it"
    }

    var undecidedMessage: String {
        let seen =
            body25 + body25B == 0
            ? "none of the \(frames) frames checked shows which (the points that tell them apart were not detected)"
            : "the frames disagree (\(body25) look like BODY_25, \(body25B) like BODY_25B)"
        return
            "25 keypoints per person can be BODY_25 or BODY_25B, and \(seen): name it with ReadOptions.skeleton = body-25 or body-25b"
    }

    /// Which skeletons one person's points fit.
    static func evidence(_ person: RawPerson) -> (body25: Bool, body25B: Bool) {
        guard let box = person.box else { return (false, false) }
        let size = max(box.width, box.height)
        guard size > 0 else { return (false, false) }
        func point(_ i: Int) -> Vector2? {
            guard i < person.points.count, let p = person.points[i], p.confidence != 0, !(p.x == 0 && p.y == 0),
                p.x.isFinite, p.y.isFinite
            else { return nil }
            return Vector2(p.x, p.y)
        }
        /// Whether `middle` lies within `tolerance` of the middle of `a` and `b`.
        func isMidpoint(_ middle: Int, _ a: Int, _ b: Int, tolerance: Double) -> Bool {
            guard let m = point(middle), let p = point(a), let q = point(b) else { return false }
            return (m - (p + q) * 0.5).length <= tolerance * size
        }
        let body25 =
            isMidpoint(1, 2, 5, tolerance: midpointTolerance) || isMidpoint(8, 9, 12, tolerance: midpointTolerance)
        var headBeyondNeck = true
        if let head = point(18), let neck = point(17), let leftHip = point(11), let rightHip = point(12) {
            let hips = (leftHip + rightHip) * 0.5
            headBeyondNeck = (head - hips).length > (neck - hips).length
        }
        let neck25B = isMidpoint(17, 5, 6, tolerance: neckTolerance) && headBeyondNeck
        var eyeBesideNose = false
        if let nose = point(0) {
            eyeBesideNose = [1, 2].contains { i in point(i).map { ($0 - nose).length <= eyeTolerance * size } ?? false }
        }
        return (body25, neck25B || eyeBesideNose)
    }
}
