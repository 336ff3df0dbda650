// What keypoint readers share: people as read, choosing one person, deciding the scale of
// image coordinates, and building a canonical frame with every defect flagged.
import PoseModel

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
    var area: Double {
        let p = points.compactMap { $0 }
        guard let x0 = p.map(\.x).min(), let x1 = p.map(\.x).max(), let y0 = p.map(\.y).min(), let y1 = p.map(\.y).max() else { return 0 }
        return (x1 - x0) * (y1 - y0)
    }
}

/// Which person to grade when a frame has several (FORMATS.md: OpenPose gives several, in no
/// stable order). The output reports the rule on every frame it applied to.
public enum PersonSelection: Hashable, Sendable, CustomStringConvertible {
    /// The person with the highest mean keypoint confidence (the default).
    case mostConfident
    /// The person with the largest bounding box (usually the one nearest the camera).
    case largest
    /// The N-th person in the file's order, 0-based.
    case index(Int)

    public init?(parsing s: String) {
        switch s {
        case "most-confident": self = .mostConfident
        case "largest": self = .largest
        default:
            guard let n = Int(s), n >= 0, s.allSatisfy(\.isNumber) else { return nil }
            self = .index(n)
        }
    }

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
            return people.indices.max { people[$0].meanConfidence < people[$1].meanConfidence || (people[$0].meanConfidence == people[$1].meanConfidence && $0 > $1) }
        case .largest:
            return people.indices.max { people[$0].area < people[$1].area || (people[$0].area == people[$1].area && $0 > $1) }
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
            if options.imageSize != nil { notes.append("--image-size ignored: the coordinates are pixels") }
            return .imagePixels
        case .unit, .symmetric:
            if self == .symmetric { notes.append("coordinates in [−1, 1] (OpenPose --keypoint_scale 4), mapped to [0, 1]") }
            return normalizedSpace(option: options.imageSize, file: nil, notes: &notes)
        }
    }

    func normalize(_ v: Double) -> Double { self == .symmetric ? (v + 1) / 2 : v }
}

extension PoseFrame {
    /// Chooses the person to grade among `people` (not empty) by `rule`, and says so on the
    /// frame: `multiple_people` (informational) when there are several, `no_person` when the
    /// rule asks for an index beyond them. `noun` words the count ("detected", "annotated").
    mutating func choosePerson(_ people: [RawPerson], by rule: PersonSelection, noun: String = "detected") -> Int? {
        guard let chosen = rule.choose(people) else {
            issues.append(FrameIssue(code: "no_person", message: "person \(rule) requested, \(people.count) \(noun)"))
            return nil
        }
        if people.count > 1 {
            issues.append(FrameIssue(code: "multiple_people", message: "\(people.count) people; graded person \(chosen) (--person \(rule))",
                                     informational: true))
        }
        return chosen
    }

    /// Puts a person's points on the frame. A point with confidence 0, or at exactly (0, 0) in
    /// an image, is "not detected" (OpenPose and COCO write missing points as `0,0,0`): it is
    /// flagged `missing_joint`, never used as a point at the corner of the image.
    /// `flagMissing` is false for formats that name their points: an absent name is simply not
    /// in the export (the check then says the joint is missing).
    mutating func place(_ person: RawPerson, layout: [Joint?], space: CoordinateSpace, scale: ImageScale = .pixels,
                        zeroIsMissing: Bool = true, flagMissing: Bool = true, only: Set<Joint>?) {
        var missing: [Joint] = []
        var outside: [Joint] = []
        var nonFinite: [Joint] = []
        let normalized: Bool = { if case .normalizedImage = space { return true }; if case .normalizedImageYUp = space { return true }; return false }()
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
            let x = scale.normalize(p.x), y = scale.normalize(p.y)
            if normalized && (x < 0 || x > 1 || y < 0 || y > 1) {
                outside.append(joint)
                continue
            }
            self[joint] = Keypoint(space.canonical(x: x, y: y, z: p.z), confidence: p.confidence)
        }
        if !missing.isEmpty {
            issues.append(FrameIssue(code: "missing_joint", joints: missing,
                                     message: "not detected: \(missing.map(\.description).joined(separator: ", "))"))
        }
        if !nonFinite.isEmpty {
            issues.append(FrameIssue(code: "non_finite", joints: nonFinite,
                                     message: "not finite (NaN or infinity): \(nonFinite.map(\.description).joined(separator: ", "))"))
        }
        if !outside.isEmpty {
            issues.append(FrameIssue(code: "out_of_frame", joints: outside,
                                     message: "outside the image: \(outside.map(\.description).joined(separator: ", "))"))
        }
    }
}

/// Frame numbers from file names: the last run of digits (`clip_000000000012_keypoints.json` → 12).
func lastNumber(in name: String) -> Int? {
    var digits: Substring?
    var i = name.endIndex
    while i > name.startIndex {
        let j = name.index(before: i)
        if name[j].isASCII && name[j].isNumber {
            var k = j
            while k > name.startIndex, name[name.index(before: k)].isASCII && name[name.index(before: k)].isNumber { k = name.index(before: k) }
            digits = name[k...j]
            break
        }
        i = j
    }
    guard let d = digits, d.count <= 15 else { return nil }
    return Int(d)
}
