// What keypoint readers share: people as read, choosing one person, deciding the scale of
// image coordinates, and building a canonical frame with every defect flagged.
import PoseModel
import PoseScanning

/// One detected point as a format gives it. `confidence` is nil when the format has none.
struct RawPoint {
    var x: Double, y: Double, z: Double
    var confidence: Double?
}

/// One person's points in layout order (nil = not detected).
struct RawPerson {
    var points: [RawPoint?]

    var meanConfidence: Double {
        let c = points.compactMap { $0?.confidence }
        return c.isEmpty ? 0 : c.reduce(0, +) / Double(c.count)
    }

    /// Bounding-box area of the detected points.
    var area: Double { box.map { $0.width * $0.height } ?? 0 }

    /// The box around the detected points (confidence above 0, not written as `0, 0`), or nil
    /// without any.
    var box: (centerX: Double, centerY: Double, width: Double, height: Double)? {
        var minX = Double.infinity
        var maxX = -Double.infinity
        var minY = Double.infinity
        var maxY = -Double.infinity
        for case let p? in points where p.confidence != 0 && !(p.x == 0 && p.y == 0) && p.x.isFinite && p.y.isFinite {
            minX = min(minX, p.x)
            maxX = max(maxX, p.x)
            minY = min(minY, p.y)
            maxY = max(maxY, p.y)
        }
        guard minX <= maxX else { return nil }
        return ((minX + maxX) / 2, (minY + maxY) / 2, maxX - minX, maxY - minY)
    }
}

/// Keeps the graded person the same from frame to frame. Trackers give several people in no
/// stable order (OpenPose's `person_id` is -1), and a bystander may be the most confident on a
/// few frames, so choosing per frame would flip between bodies (and smoothing would then blend
/// them). The first person is chosen by the `--person` rule; after that, the person whose box
/// centre is nearest the previous choice's, if it lies within `maxStep` of the previous box's
/// diagonal. When nobody does and the frame has one person, that person is graded and the frame
/// flagged `person_switch`; with several people, the graded person is not among them: the frame
/// is flagged `person_lost` and not graded, and after `patience` such frames in a row the rule
/// chooses again (`person_switch`). `--person N` takes the N-th person of every frame.
package struct PersonTracker: Sendable {
    /// The farthest a body's box centre moves between two frames, in box diagonals: far beyond
    /// any movement at video rates, far below the distance to another person beside it.
    static let maxStep = 0.5
    /// Frames without the graded person before another is chosen: half a second at 30 fps.
    static let patience = 15

    let rule: PersonSelection
    private var last: (x: Double, y: Double, diagonal: Double)?
    private var missed = 0

    init(rule: PersonSelection) { self.rule = rule }

    enum Choice: Equatable {
        /// The first choice, or the rule's when it does not track.
        case byRule(Int)
        /// The person nearest the previous choice.
        case tracked(Int)
        /// The graded person is not among these people.
        case lost(nearest: Double?)
        /// Another person, after the graded one was lost for `patience` frames.
        case switched(Int)
        /// `--person N` beyond the people present.
        case none
    }

    mutating func choose(_ people: [RawPerson]) -> Choice {
        if case .index = rule { return rule.choose(people).map(Choice.byRule) ?? .none }
        guard let previous = last else {
            guard let first = rule.choose(people) else { return .none }
            remember(people[first])
            return .byRule(first)
        }
        var nearest: (index: Int, distance: Double)?
        for (i, person) in people.enumerated() {
            guard let b = person.box else { continue }
            let distance =
                ((b.centerX - previous.x) * (b.centerX - previous.x) + (b.centerY - previous.y)
                    * (b.centerY - previous.y))
                .squareRoot()
                / max(previous.diagonal, .leastNormalMagnitude)
            if distance < nearest?.distance ?? .infinity { nearest = (i, distance) }
        }
        if let n = nearest, n.distance <= Self.maxStep {
            remember(people[n.index])
            return .tracked(n.index)
        }
        missed += 1
        // A lone person is graded (a photo set, or the graded person back elsewhere); among
        // several, none of whom is near, the graded person may be hidden, so nobody is.
        guard people.count == 1 || missed > Self.patience, let other = rule.choose(people) else {
            return .lost(nearest: nearest?.distance)
        }
        remember(people[other])
        return .switched(other)
    }

    /// A frame without anyone counts towards choosing again.
    mutating func nobody() {
        if last != nil { missed += 1 }
    }

    private mutating func remember(_ person: RawPerson) {
        missed = 0
        guard let b = person.box else { return }
        last = (b.centerX, b.centerY, (b.width * b.width + b.height * b.height).squareRoot())
    }
}

/// Which person to grade when a frame has several (OpenPose gives several, in no stable
/// order). The output reports the rule on every frame it applied to.
public enum PersonSelection: Hashable, Sendable, CustomStringConvertible {
    /// The person with the highest mean keypoint confidence (the default).
    case mostConfident
    /// The person with the largest bounding box (usually the one nearest the camera).
    case largest
    /// The N-th person in the file's order, 0-based.
    case index(Int)

    /// Parses `most-confident`, `largest` or a 0-based index; nil otherwise.
    public init?(parsing s: String) {
        switch s {
        case "most-confident": self = .mostConfident
        case "largest": self = .largest
        default:
            guard let n = Int(s), n >= 0, s.allSatisfy(\.isNumber) else { return nil }
            self = .index(n)
        }
    }

    /// The rule as `--person` spells it.
    public var description: String {
        switch self {
        case .mostConfident: return "most-confident"
        case .largest: return "largest"
        case .index(let n): return "\(n)"
        }
    }

    /// The chosen person, or nil when `.index` is beyond the people present.
    func choose(_ people: [RawPerson]) -> Int? {
        guard !people.isEmpty else { return nil }
        switch self {
        case .index(let n): return n < people.count ? n : nil
        case .mostConfident:
            return people.indices.max {
                people[$0].meanConfidence < people[$1].meanConfidence
                    || (people[$0].meanConfidence == people[$1].meanConfidence && $0 > $1)
            }
        case .largest:
            return people.indices.max {
                people[$0].area < people[$1].area || (people[$0].area == people[$1].area && $0 > $1)
            }
        }
    }
}

/// The scale of 2D image coordinates in a format that allows several (OpenPose
/// `--keypoint_scale`): pixels, [0, 1] or [−1, 1]. Decided from the first person's points.
enum ImageScale {
    case pixels, unit, symmetric

    static func decide(_ p: RawPerson?) -> ImageScale {
        let pts = p?.points.compactMap { $0 } ?? []
        guard !pts.isEmpty else { return .pixels }
        let values = pts.flatMap { [$0.x, $0.y] }
        if values.allSatisfy({ $0 >= 0 && $0 <= 1 }) { return .unit }
        if values.allSatisfy({ $0 >= -1 && $0 <= 1 }) { return .symmetric }
        return .pixels
    }

    func space(options: ReadOptions, notes: inout [String]) -> CoordinateSpace {
        switch self {
        case .pixels:
            if options.imageSize != nil { notes.append("ReadOptions.imageSize ignored: the coordinates are pixels") }
            return .imagePixels
        case .unit, .symmetric:
            if self == .symmetric {
                notes.append("coordinates in [−1, 1] (OpenPose --keypoint_scale 4), mapped to [0, 1]")
            }
            return normalizedSpace(option: options.imageSize, file: nil, notes: &notes)
        }
    }

    func normalize(_ v: Double) -> Double { self == .symmetric ? (v + 1) / 2 : v }
}

extension PoseFrame {
    /// Chooses the person to grade among `people` (not empty) with `tracker`, and says so on the
    /// frame: `multiple_people` (informational) when there are several, `person_lost` when the
    /// graded person is not among them, `person_switch` when another is chosen after that,
    /// `no_person` when `--person N` asks for an index beyond them. `noun` words the count
    /// ("detected", "annotated").
    mutating func choosePerson(_ people: [RawPerson], tracker: inout PersonTracker, noun: String = "detected") -> Int? {
        let rule = tracker.rule
        let chosen: Int
        let how: String
        switch tracker.choose(people) {
        case .none:
            issues.append(FrameIssue(code: "no_person", message: "person \(rule) requested, \(people.count) \(noun)"))
            return nil
        case .lost(let nearest):
            let away = nearest.map { ", the nearest \(formatNumber($0, digits: 1)) body sizes from where it was" } ?? ""
            issues.append(
                FrameIssue(
                    code: "person_lost",
                    message:
                        "the graded person is not among the \(people.count) \(noun) in this frame\(away); not graded"))
            return nil
        case .switched(let i):
            chosen = i
            how = "person rule \(rule)"
            let why =
                people.count == 1
                ? "the one person of this frame is not where the graded person was"
                : "the graded person was not found for \(PersonTracker.patience) frames"
            issues.append(
                FrameIssue(
                    code: "person_switch", message: "\(why): now grading person \(i) (person rule \(rule))",
                    informational: true))
        case .byRule(let i):
            chosen = i
            how = "person rule \(rule)"
        case .tracked(let i):
            chosen = i
            how = "the one nearest the previous frame's"
        }
        if people.count > 1 {
            issues.append(
                FrameIssue(
                    code: "multiple_people", message: "\(people.count) people; graded person \(chosen) (\(how))",
                    informational: true))
        }
        return chosen
    }

    /// Puts a person's points on the frame. A point with confidence 0, or at exactly (0, 0) in
    /// an image, is "not detected" (OpenPose and COCO write missing points as `0,0,0`): it is
    /// flagged `missing_joint`, never used as a point at the corner of the image.
    /// `flagMissing` is false for formats that name their points: an absent name is simply not
    /// in the export (the check then says the joint is missing).
    mutating func place(
        _ person: RawPerson, layout: [Joint?], space: CoordinateSpace, scale: ImageScale = .pixels,
        zeroIsMissing: Bool = true, flagMissing: Bool = true, only: Set<Joint>?
    ) {
        var missing: [Joint] = []
        var outside: [Joint] = []
        var nonFinite: [Joint] = []
        let normalized: Bool = {
            if case .normalizedImage = space { return true }
            if case .normalizedImageYUp = space { return true }
            return false
        }()
        for (i, point) in person.points.enumerated() where i < layout.count {
            guard let joint = layout[i], only?.contains(joint) ?? true else { continue }
            if let p = point, !(p.x.isFinite && p.y.isFinite && p.z.isFinite && (p.confidence?.isFinite ?? true)) {
                nonFinite.append(joint)
                continue
            }
            guard let p = point,
                !(zeroIsMissing && (p.confidence == 0 || (p.x == 0 && p.y == 0)))
            else {
                if flagMissing || point != nil { missing.append(joint) }
                continue
            }
            let x = scale.normalize(p.x)
            let y = scale.normalize(p.y)
            if normalized && (x < 0 || x > 1 || y < 0 || y > 1) {
                outside.append(joint)
                continue
            }
            self[joint] = Keypoint(space.canonical(x: x, y: y, z: p.z), confidence: p.confidence)
        }
        if !missing.isEmpty {
            issues.append(
                FrameIssue(
                    code: "missing_joint", joints: missing,
                    message: "not detected: \(missing.map(\.description).joined(separator: ", "))"))
        }
        if !nonFinite.isEmpty {
            issues.append(
                FrameIssue(
                    code: "non_finite", joints: nonFinite,
                    message: "not finite (NaN or infinity): \(nonFinite.map(\.description).joined(separator: ", "))"))
        }
        if !outside.isEmpty {
            issues.append(
                FrameIssue(
                    code: "out_of_frame", joints: outside,
                    message: "outside the image: \(outside.map(\.description).joined(separator: ", "))"))
        }
    }
}

/// Frame numbers from file names: the last run of digits (`clip_000000000012_keypoints.json` → 12).
func lastNumber(in name: String) -> Int? {
    let bytes = name.utf8
    guard let last = bytes.lastIndex(where: { $0 &- 48 < 10 }) else { return nil }
    var first = last
    while first > bytes.startIndex, bytes[bytes.index(before: first)] &- 48 < 10 {
        first = bytes.index(before: first)
    }
    let digits = bytes[first...last]
    guard digits.count <= 15 else { return nil }
    return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
}
