import PoseGeometry

// What the camera can see (PoseCheck docs, "What the camera can see"): each check is judged from its own segments, not from one
// view label per frame.
//
// A segment of known length ℓ seen at 2D length d (scaled orthographic camera) leaves the image
// plane by a depth difference of ±√(ℓ² − d²): its size is known, its sign is not (Taylor 2000,
// "Reconstruction of articulated objects from point correspondences in a single uncalibrated
// image").
//
// The rules, chosen by measurement on the camera sweep (`CameraSweepTests`; PoseCheck docs,
// "What the camera can see"):
//
// 1. In-plane share. A 2D check is read when each of its segments is seen at
//    `EvaluationOptions.inPlaneShare` (0.75) of its reference length or more; otherwise it is not
//    assessable, naming the segment seen shortest. Inclinations against the vertical (trunk,
//    raised arm) and the hip line of hand order need 0.9: a pitched camera tilts the vertical.
//    Heights (feet, hands) allow a camera up to 20° from level: the depths of the segments
//    between the two points, times sin 20°, widen the value into a range that must get one
//    verdict.
// 2. The turned plane (`requireVerdictOverTurns`). The references are learnt from what the
//    camera shows, so a still camera turned from the body's sagittal plane shows every segment
//    of that plane short, its references too: at 45° of yaw the thigh's reference was 153 px
//    against a true 171, a thigh at 80% read 90%, was decided, and a 92° front knee read 110°.
//    A level camera sees that plane with its vertical whole and its horizontal shrunk by the
//    cosine of the turn, and the front foot, which points forward along it, shows how much: its
//    heel→toe across the image against a quarter of the leg (`footShareOfLeg`). The front knee,
//    trunk, back hip, raised arm and arm line must keep their 2D verdict when the horizontal is
//    stretched back for the turns within 10° of that estimate; a foot seen end-on (under 0.1)
//    reads none of them (a bent knee or a lean toward the camera look straight from there).
//    Hand order is read only near end-on (0.15), where forward does not leak into the hip line.
// 3. The sloping floor (`requireVerdictOnSlopingFloor`). A camera pitched from level shows the
//    floor sloping along the stance, by the front foot's heel→toe slope; a height is also read
//    with that slope taken out (the feet's sideways offset taken as the hips', the wrist's from
//    its foot as the shoulder's from the hip), and is decided only when both readings agree; a
//    front foot under 0.3 of its length across the image leaves heights not assessable.
//
// Measured on the sweep's 71,136 (frame, check) pairs, decided pairs agreeing with the truth:
// the in-plane share alone 85.3% of 48,259 (95.7% level, 90.1% at 10° of pitch, 73.7% at 20°);
// with 2 and 3, 99.1% of 38,516 (99.98%, 99.85%, 97.5%), the knees decided on 97.0% of frames
// within 30° of side-on. What fails is named by the breakdown (`POSECHECK_SWEEP=1`): the front
// knee at 40°–60° of yaw with 20° of pitch (the turned plane assumes a level camera), heights at
// 20° of pitch where the feet are not under the hips. On real photos (PoseCheck docs, "What the camera
// can see", "Measured on real exports") the warrior II front knee went from 895 to 860 of 1,036 decided (a foot turned from
// the image marks some knees ambiguous) and heights are decided less often: real photos show
// the floor sloping.
//
// Rejected by measurement: deciding when every sign choice of exact depths gives one verdict
// (76.1% agreement, the knees decided on 75.2% near side-on: near the image plane a reference 3%
// off reads as 14° out of it); deciding when the depth range from the references agrees with the
// 2D reading (84.7%: the references are short in exactly the failing views); per-check in-plane
// shares 0.7–0.95 (85.0–86.7%); the turned plane estimated from the references instead of the
// foot (87.0%, and the warrior II front knee on 796 of 1,036 photos); counting every chain
// segment's depth in heights (the feet decided on 369 instead of 1,444 level-camera pairs, and
// still wrong on 1,218 of 1,877 at 20° of pitch: the references are short there too).
//
// Error bound of the in-plane share s: a segment counted in the plane is at most acos(s) out of
// it (41° at 0.75), so an inclination read in 2D is off by at most acos(s) and an angle between
// two such segments by at most 2·acos(s). The turned-plane and sloping-floor checks bound nothing
// by themselves: they rest on a level camera (the plane) or a flat front foot pointing along the
// stance (the floor), and on the foot's share of the leg; they are what the sweep measured. The
// single-image height is a lower bound calibrated on real exports
// (`BodySegment.largestShareOfHeight`); with Winter's shares instead the knees of a person
// standing upright before the camera were decided on none of the real Pose2Sim frames.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A body segment of fixed length: its 2D length in an image tells how far it leaves the image plane.
public enum BodySegment: Hashable, Sendable {
    /// Hip → knee.
    case thigh(Side)
    /// Knee → ankle.
    case shank(Side)
    /// Mid-hip → mid-shoulder.
    case trunk
    /// Shoulder → wrist (the stretches keep the elbows straight; a bent elbow only shortens it).
    case arm(Side)
    /// Left hip → right hip.
    case hipLine
    /// Left shoulder → right shoulder.
    case shoulderLine

    static let all: [BodySegment] = [
        .thigh(.left), .thigh(.right), .shank(.left), .shank(.right), .trunk,
        .arm(.left), .arm(.right), .hipLine, .shoulderLine,
    ]

    /// Position in `all`.
    var ordinal: Int {
        switch self {
        case .thigh(let s): return s == .left ? 0 : 1
        case .shank(let s): return s == .left ? 2 : 3
        case .trunk: return 4
        case .arm(let s): return s == .left ? 5 : 6
        case .hipLine: return 7
        case .shoulderLine: return 8
        }
    }

    /// Length as a share of standing height, for the single-image reference. Every segment
    /// gives the body's scale: the legs, trunk and arms are vertical at times, and a level camera
    /// sees a vertical segment at full length; the hip and shoulder lines cross the image in a
    /// frontal view, where the others leave the plane. A scale too large only makes segments
    /// look foreshortened (not assessable, never wrong) (Winter, "Biomechanics
    /// and Motor Control of Human Movement", 4th ed., fig. 4.1: knee 0.285 H, hip 0.530 H, shoulder
    /// 0.818 H, wrist 0.485 H, ankle 0.039 H; hip joint centres about 0.1 H apart, shoulder
    /// joints about 0.22 H). People differ from these by a few per cent, which the in-plane
    /// share absorbs.
    var shareOfHeight: Double {
        switch self {
        case .thigh: return 0.245
        case .shank: return 0.246
        case .trunk: return 0.288
        case .arm: return 0.333
        case .hipLine: return 0.1
        case .shoulderLine: return 0.22
        }
    }

    /// The same segment of the other side, which has the same length.
    var mirrored: BodySegment? {
        switch self {
        case .thigh(let side): return .thigh(side.opposite)
        case .shank(let side): return .shank(side.opposite)
        case .arm(let side): return .arm(side.opposite)
        case .trunk, .hipLine, .shoulderLine: return nil
        }
    }

    /// The largest share of the height this segment may show in a 2D export, for the height's
    /// lower bound: measured on real MediaPipe exports of people standing (PoseCheck docs, "What the
    /// camera can see", "Measured on real exports"), where MediaPipe's landmarks and the cameras' perspective made a standing
    /// person's hip→shoulder up to 2.1 shank lengths (Winter: 1.17), shoulder→wrist up to 2.2
    /// (1.35), thigh up to 1.34 (1.0), shoulder line up to 1.21 (0.89), hip line up to 0.73
    /// (0.41). Dividing by these keeps the height a lower bound, so no segment is called
    /// foreshortened for having the proportions of these real people.
    var largestShareOfHeight: Double {
        switch self {
        case .thigh: return 0.33
        case .shank: return 0.246
        case .trunk: return 0.52
        case .arm: return 0.53
        case .hipLine: return 0.18
        case .shoulderLine: return 0.3
        }
    }

    /// "front thigh", "back shank", "trunk", "hip line".
    public func name(front: Side?) -> String {
        func role(_ s: Side) -> String {
            guard let front else { return s.rawValue }
            return s == front ? "front" : "back"
        }
        switch self {
        case .thigh(let s): return "\(role(s)) thigh"
        case .shank(let s): return "\(role(s)) shank"
        case .trunk: return "trunk"
        case .arm(let s): return "\(role(s)) arm"
        case .hipLine: return "hip line"
        case .shoulderLine: return "shoulder line"
        }
    }
}

/// Reference (true) lengths of the body segments in a 2D recording, in the image's units,
/// estimated frame by frame in constant memory.
///
/// A segment's reference is the largest of three lower bounds of its length:
/// - its own robust longest 2D length so far: the camera sees a segment at full length when it
///   lies in the image plane, as legs and trunk do when a person stands before a level camera;
/// - the same for the other side's segment: thighs, shanks and arms come in pairs of one length;
/// - its share of the body's height (Winter's), the single-image rule, an assumption stated in
///   PoseCheck docs, "What the camera can see": one of the body's segments lies in the image plane. The height is a lower
///   bound: each frame's is the largest its segments imply at the largest share real exports
///   showed (`largestShareOfHeight`), and the recording's the robust longest of those.
///
/// "Robust longest": the k-th longest value, k = 1 + frames / 20 (the 95th percentile), so that
/// noise and a few mistracked frames do not set it: exact from the 64 longest values kept up to
/// 1,280 frames, then from a histogram of every value (`LengthHistogram`, within 0.2%). Held at
/// the 64th longest, a long recording's reference crept toward its few longest glitches, and
/// the same pose was judged more foreshortened the longer the recording ran.
///
/// Every way of grading (the two-pass and one-pass command line, the library's frame-by-frame
/// session) feeds frames in order to one of these, so all judge a frame alike: with what the
/// recording has shown up to and including that frame.
public struct SegmentLengths: Sendable {
    static let kept = 64
    /// Per segment, then the body height last: the longest values seen, longest first.
    private var longest: [[Double]]
    /// Per slot, every value seen, from the `kept`-th frame on (until then `longest` holds them
    /// all): the robust rank once it passes the values kept.
    private var histograms: [LengthHistogram] = []
    private var frames = 0
    /// Per segment, as of the last `add`: its reference, 0 when none. Every check of a frame
    /// reads them, several times; made once per frame.
    private var references: [Double]
    /// Per slot (segments, then the height), as of the last `add`: its robust longest length,
    /// 0 when none.
    private var robust: [Double]

    /// No frames seen yet: every segment's reference length is unknown until frames are added.
    public init() {
        longest = Array(repeating: [], count: BodySegment.all.count + 1)
        references = Array(repeating: 0, count: BodySegment.all.count)
        robust = Array(repeating: 0, count: BodySegment.all.count + 1)
    }

    /// The lengths a single frame shows (the single-image rule).
    public init(frame g: FrameGeometry) {
        self.init()
        add(g)
    }

    private var heightSlot: Int { BodySegment.all.count }

    /// Adds a 2D frame's segment lengths. Frames without keypoints add nothing.
    public mutating func add(_ g: FrameGeometry) {
        frames += 1
        var height = 0.0
        var changed = frames / 20 != (frames - 1) / 20  // the robust rank moved
        for s in BodySegment.all {
            guard let v = try? g.segment(s) else { continue }
            let d = v.length
            guard d.isFinite, d > 0 else { continue }
            changed = insert(d, at: s.ordinal) || changed
            height = max(height, d / s.largestShareOfHeight)
        }
        if height > 0 { changed = insert(height, at: heightSlot) || changed }
        // Until now the longest values kept are every value seen: from here on, all are counted.
        if frames == Self.kept { histograms = longest.map(LengthHistogram.init) }
        // Once the longest values are known, most frames change none of them.
        guard changed else { return }
        for slot in robust.indices { robust[slot] = robustLongest(slot) ?? 0 }
        for s in BodySegment.all { references[s.ordinal] = computeReference(s) ?? 0 }
    }

    /// Keeps `d` among the slot's longest values, and counts it; true when the slot's robust
    /// longest length may have changed.
    private mutating func insert(_ d: Double, at slot: Int) -> Bool {
        var moved = false
        if !histograms.isEmpty {
            histograms[slot].add(d)
            moved = d >= robust[slot]
        }
        guard longest[slot].count < Self.kept || d > (longest[slot].last ?? 0) else { return moved }
        // In place: a copy of the slot would allocate on every frame.
        let i = longest[slot].firstIndex { $0 < d } ?? longest[slot].count
        longest[slot].insert(d, at: i)
        if longest[slot].count > Self.kept { longest[slot].removeLast() }
        return true
    }

    /// The slot's k-th longest value, k = 1 + frames / 20 (the shortest when fewer were seen).
    private func robustLongest(_ slot: Int) -> Double? {
        let values = longest[slot]
        guard !values.isEmpty else { return nil }
        let rank = frames / 20
        if rank < values.count || histograms.isEmpty { return values[min(values.count - 1, rank)] }
        return histograms[slot].value(fromLongest: rank)
    }

    /// The segment's own robust longest 2D length so far, without the proportions.
    public func longestSeen(_ s: BodySegment) -> Double? { robustSoFar(s.ordinal) }

    /// The slot's robust longest length as of the last `add` (`robust`), nil when none.
    private func robustSoFar(_ slot: Int) -> Double? { robust[slot] > 0 ? robust[slot] : nil }

    /// The segment's reference length, or nil when no frame has shown it or the body.
    public func reference(_ s: BodySegment) -> Double? {
        let v = references[s.ordinal]
        return v > 0 ? v : nil
    }

    /// From the robust longest lengths `add` has just made (each ranked once, not again per
    /// segment that reads it).
    private func computeReference(_ s: BodySegment) -> Double? {
        var own = robustSoFar(s.ordinal)
        if let mirror = s.mirrored, let other = robustSoFar(mirror.ordinal) { own = max(own ?? other, other) }
        let proportional = robustSoFar(heightSlot).map { $0 * s.shareOfHeight }
        switch (own, proportional) {
        case (let a?, let b?): return max(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }
}

/// Positive lengths counted in constant memory, for the rank of a long recording: 256 bins an
/// octave (a Double's exponent and the first 8 bits of its fraction, so no logarithm: bins
/// 0.2–0.4% wide), over 16 octaves centred on the middle of the first values counted; a
/// length beyond them counts in the end bin.
struct LengthHistogram: Sendable {
    static let bins = 16 * 256
    private var counts: [UInt32] = []
    /// The bin index of the lowest bin (`bin(_:)` of a length in it), once a value is counted.
    private var origin = 0
    private var total = 0
    /// The highest bin counted in, where a rank from the longest starts.
    private var highest = 0

    /// A histogram counting `values` (positive and finite, longest first, as
    /// `SegmentLengths` keeps them), centred on their middle; empty, on the first value added.
    init(_ values: [Double]) {
        guard !values.isEmpty else { return }
        counts = Array(repeating: 0, count: Self.bins)
        origin = Self.bin(values[values.count / 2]) - Self.bins / 2
        for v in values { add(v) }
    }

    /// The bin of a positive length: its exponent and the first 8 bits of its fraction.
    private static func bin(_ d: Double) -> Int { Int(truncatingIfNeeded: d.bitPattern >> 44) }

    mutating func add(_ d: Double) {
        if counts.isEmpty {
            counts = Array(repeating: 0, count: Self.bins)
            origin = Self.bin(d) - Self.bins / 2
        }
        let i = min(Self.bins - 1, max(0, Self.bin(d) - origin))
        counts[i] += 1
        total += 1
        highest = max(highest, i)
    }

    /// The length of rank `rank` from the longest (0: the longest), at the middle of its bin;
    /// the shortest counted when fewer were counted.
    func value(fromLongest rank: Int) -> Double? {
        guard total > 0 else { return nil }
        let wanted = min(rank, total - 1)
        var counted = 0
        var i = highest
        while i > 0 {
            counted += Int(counts[i])
            if counted > wanted { break }
            i -= 1
        }
        return Double(bitPattern: UInt64(i + origin) << 44 | 1 << 43)
    }
}

/// A check's value and the range its segments' depths allow.
public struct CheckMeasurement: Hashable, Sendable {
    /// As measured in the image (or in 3D, or as exported); when a segment leaves the image
    /// plane, the middle of `range`.
    public var value: Double
    /// The values the sign choices of the segments' depths give, lowest to highest. One value
    /// for 3D input, angle exports, and checks whose segments lie in the image plane.
    public var range: ClosedRange<Double>
}

extension FrameGeometry {
    /// How much of its reference length a segment shows (1 = in the image plane), and the depth
    /// difference of its ends that the reference implies, however small.
    func depth(of s: BodySegment, _ v: Vector3, lengths: SegmentLengths) -> (seen: Double, depth: Double) {
        guard let reference = lengths.reference(s), reference > 0 else { return (1, 0) }
        let d = v.length
        let seen = min(1, d / reference)
        return (seen, (max(0, reference * reference - d * d)).squareRoot())
    }

    /// Reads a check on the segments' 2D vectors when each segment lies within the in-plane share
    /// of its reference; otherwise the check is not assessable, naming the segment seen shortest.
    /// Either way the range gives the 2D reading and each sign choice of the depths.
    func decide(
        _ check: CheckSpec, front: Side, _ a: BodySegment, _ b: BodySegment? = nil, lengths: SegmentLengths,
        inPlaneShare: Double, turn: Double? = nil, _ value: (Vector3, Vector3) -> Double?
    ) throws(Unassessable) -> CheckMeasurement {
        let va = try segment(a)
        let vb = try b.map { s throws(Unassessable) in try segment(s) } ?? .zero
        guard let measured = value(va, vb) else { throw .degenerate("\(a.name(front: front)) has zero length") }
        guard !threeD else { return CheckMeasurement(value: measured, range: measured...measured) }
        let da = depth(of: a, va, lengths: lengths)
        let db = b.map { depth(of: $0, vb, lengths: lengths) } ?? (seen: 1, depth: 0)
        // The range the depths allow: the 2D reading and each sign choice of the depths the
        // references imply. Reported, not used to decide: near the image plane a few per cent
        // of error in a reference reads as tens of degrees (see the top of the file).
        var low = measured
        var high = measured
        // 2D input has no depth of its own: mirroring both depths then mirrors the whole figure
        // in the image plane, which changes no angle, so one sign of the first depth suffices.
        let mirrored = va.z == 0 && vb.z == 0
        // Counted, not listed: a list of the depths would be allocated on every call.
        for signA in 0..<(mirrored ? 1 : 2) {
            let depthA = signA == 0 ? da.depth : -da.depth
            for signB in 0..<(db.depth == 0 ? 1 : 2) {
                let depthB = db.depth == 0 ? 0 : signB == 0 ? db.depth : -db.depth
                let u = Vector3(va.x, va.y, va.z + depthA)
                let w = Vector3(vb.x, vb.y, vb.z + depthB)
                guard let v = value(u, w) else { continue }
                low = min(low, v)
                high = max(high, v)
            }
        }
        let blamed = b.map { db.seen < da.seen ? ($0, db.seen) : (a, da.seen) } ?? (a, da.seen)
        if blamed.1 < inPlaneShare { throw .outOfImagePlane(blamed.0, front: front, seen: blamed.1, range: low...high) }
        if let turn {
            try requireVerdictOverTurns(check, measured, va, vb, compression: turn, range: low...high, value)
        }
        return CheckMeasurement(value: measured, range: low...high)
    }

    /// The turns of the sagittal plane, either side of the front foot's estimate, over which a
    /// check must keep its verdict (calibrated on the sweep: 10°).
    static let turnSlack = 10.0 * .pi / 180
    /// Below this compression (about 84° from side-on) the sagittal plane faces the camera and
    /// nothing in it can be read.
    static let endOnCompression = 0.1

    /// The turned-plane check, for checks whose segments move in the body's sagittal plane
    /// (the front leg, trunk, back thigh, arms in the reach): a level camera sees that plane
    /// with its vertical at full length and its horizontal shrunk by c, the cosine of its turn
    /// from the image. c comes from the front foot (`stanceCompression`); stretching every
    /// horizontal component by 1/c gives the reading of that turn, exact for a level camera and
    /// a plane through the segments. The check is decided only when the readings for the turns
    /// within `turnSlack` of the estimate get the 2D reading's verdict.
    func requireVerdictOverTurns(
        _ check: CheckSpec, _ measured: Double, _ a: Vector3, _ b: Vector3, compression c: Double,
        range: ClosedRange<Double>, _ value: (Vector3, Vector3) -> Double?
    ) throws(Unassessable) {
        guard c < 1 else { return }
        if c < Self.endOnCompression { throw .viewAmbiguous(.stanceEndOn, range: range) }
        let turn = acos(c)
        var low = range.lowerBound
        var high = range.upperBound
        var agree = true
        // The estimate, then the turns either side of it (counted, not listed: no allocation).
        for step in 0..<3 {
            let k =
                step == 0
                ? c : step == 1 ? cos(min(turn + Self.turnSlack, 0.49 * .pi)) : cos(max(0, turn - Self.turnSlack))
            guard let v = value(Vector3(a.x / k, a.y, a.z), Vector3(b.x / k, b.y, b.z)) else { continue }
            low = min(low, v)
            high = max(high, v)
            if !check.band.sameVerdict(measured, v) { agree = false }
        }
        if !agree { throw .viewAmbiguous(.stanceTurned(degrees: turn * 180 / .pi), range: low...high) }
    }

    /// Throws unless every value in `range` gets the same verdict: all inside the band, or all
    /// on one side of it.
    func requireOneVerdict(
        _ check: CheckSpec, _ range: ClosedRange<Double>, front: Side, blamed: BodySegment,
        seen: Double
    ) throws(Unassessable) {
        if !check.band.sameVerdict(range.lowerBound, range.upperBound) {
            throw .outOfImagePlane(blamed, front: front, seen: seen, range: range)
        }
    }

    /// A height difference between two points read in 2D, with the range a camera pitched up
    /// to `maximumPitch` allows: it shows a depth difference Δz between the points as a height
    /// difference of up to Δz · sin(pitch). Δz is bounded by the depths of the segments that
    /// join the points (`chain`); segments in the image plane add none.
    func heightRange(
        _ check: CheckSpec, _ value: Double, scale: Double, chain: [BodySegment], front: Side,
        lengths: SegmentLengths, inPlaneShare: Double, nonNegative: Bool
    ) throws(Unassessable) -> CheckMeasurement {
        guard !threeD else { return CheckMeasurement(value: value, range: value...value) }
        var depth = 0.0
        var deepest: (segment: BodySegment, seen: Double, depth: Double)?
        for s in chain {
            guard let v = try? segment(s) else { continue }
            let d = self.depth(of: s, v, lengths: lengths)
            guard d.seen < Self.heightInPlaneShare else { continue }
            depth += d.depth
            if d.depth > (deepest?.depth ?? 0) { deepest = (s, d.seen, d.depth) }
        }
        let error = depth * Self.sinMaximumPitch / scale
        let range = (nonNegative ? max(0, value - error) : value - error)...(value + error)
        if let deepest {
            try requireOneVerdict(check, range, front: front, blamed: deepest.segment, seen: deepest.seen)
        }
        return CheckMeasurement(value: value, range: range)
    }

    /// Segments seen at this share of their length or more add no depth to a height's range.
    static let heightInPlaneShare = 0.9

    /// Heights assume a camera within this many degrees of level (PoseCheck docs, "What the camera can see").
    public static let maximumPitch = 20.0
    static let sinMaximumPitch = 0.3420201433256687  // sin 20°

    /// Throws when the segment leaves the image plane: for checks whose 2D reading has no depth
    /// alternative to try (the hip line of hand order, the raised arm of gaze).
    func requireInPlane(_ s: BodySegment, front: Side, lengths: SegmentLengths, inPlaneShare: Double)
        throws(Unassessable)
    {
        guard !threeD else { return }
        let v = try segment(s)
        let d = depth(of: s, v, lengths: lengths)
        if d.seen < inPlaneShare { throw .outOfImagePlane(s, front: front, seen: d.seen, range: nil) }
    }
}
