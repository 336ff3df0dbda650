// OpenPose JSON (FORMATS.md §5.2): one `{"version", "people": [{"pose_keypoints_2d": [x, y, c, …]}]}`
// document per frame, as a single file or a folder of `*_keypoints.json` ordered by the frame
// number in the name (numerically; gaps become `frame_missing` frames).
//
// Layout by points per person: 17 COCO-17, 18 COCO-18, 25 BODY_25 or BODY_25B, 26 HALPE_26,
// 33 BlazePose, 133 COCO-WholeBody. 25 is never assumed: `--skeleton`, or a vote over up to 50
// people (is index 1 a neck between the shoulders, as in BODY_25, or is index 17, as in
// BODY_25B?), reported. `0,0,0` (or c = 0) is a point not detected. Several people: the
// `--person` rule (default most-confident), reported on each frame it applied to.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PoseGeometry
import PoseModel

public struct OpenPoseReader: PoseFrameSource {
    public private(set) var info: RecordingInfo
    private enum Documents { case single(ByteInput, String), folder([(path: String, number: Int?)]) }
    private let documents: Documents
    private let options: ReadOptions
    private var layout = KeypointLayout.body25
    private var scale = ImageScale.pixels
    private var next = 0

    /// One file holding one frame.
    public init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        documents = .single(input, path)
        info = RecordingInfo(format: PoseFormat.openposeJSON.rawValue, space: .imagePixels)
        let doc = try JSONScanner.parseDocument(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        guard doc["people"]?.array != nil else {
            throw FormatError(.invalidContent, code: "not_pose_export",
                              message: "this JSON is not an OpenPose frame: expected \"people\": [...]", path: path, location: doc.location)
        }
        try decide(people: [Self.people(doc).valid], path: path)
    }

    /// A folder of per-frame files, in frame-number order.
    public init(folder: String, files: [String], options: ReadOptions) throws(FormatError) {
        self.options = options
        let numbered = files.map { (path: folder + "/" + $0, number: lastNumber(in: $0)) }
            .sorted { ($0.number ?? Int.max, $0.path) < ($1.number ?? Int.max, $1.path) }
        documents = .folder(numbered)
        info = RecordingInfo(format: PoseFormat.openposeJSON.rawValue, space: .imagePixels)
        var sample: [[RawPerson]] = []
        for f in numbered where sample.count < 50 {
            guard let input = try? ByteInput.open(path: f.path),
                let doc = try? JSONScanner.parseDocument(input, path: f.path, allowNonFinite: options.allowNonFiniteJSON)
            else { continue }
            let people = Self.people(doc).valid
            if !people.isEmpty { sample.append(people) }
        }
        try decide(people: sample, path: folder)
        info.notes.insert("\(numbered.count) frame files, ordered by the frame number in their names", at: 0)
    }

    /// Decides the layout (option, count, vote) and the coordinate scale from sample frames.
    private mutating func decide(people sample: [[RawPerson]], path: String) throws(FormatError) {
        var notes: [String] = []
        let counts = sample.flatMap { $0.map(\.points.count) }
        if let id = options.skeleton {
            guard let l = KeypointLayout.named(id) else {
                throw FormatError(.invalidContent, code: "unknown_skeleton", message: "unknown skeleton \(id)", path: path)
            }
            layout = l
            notes.append("skeleton \(l.id) from --skeleton")
        } else if let n = counts.first {
            let candidates = KeypointLayout.candidates(count: n)
            if candidates.count > 1 {
                let (body25, body25B) = Self.vote(sample.flatMap { $0 })
                layout = body25B > body25 ? .body25B : .body25
                notes.append(body25 + body25B == 0
                    ? "25 keypoints per person: read as BODY_25, but no frame showed the shoulders and hips needed to tell it from BODY_25B; pass --skeleton body-25 or body-25b"
                    : "25 keypoints per person: read as \(layout.id == "body-25" ? "BODY_25" : "BODY_25B") (the neck sits between the shoulders at index \(layout.id == "body-25" ? "1" : "17") for \(max(body25, body25B)) of \(body25 + body25B) people checked); --skeleton body-25 or body-25b to override")
            } else if let l = candidates.first {
                layout = l
                notes.append("\(n) keypoints per person: \(l.id)")
            } else {
                throw FormatError(.invalidContent, code: "layout_mismatch",
                                  message: "\(n) keypoints per person is not a layout PoseCheck knows (17, 18, 25, 26, 33, 133); pass --skeleton",
                                  path: path)
            }
        }
        scale = ImageScale.decide(sample.first?.first)
        let space = scale.space(options: options, notes: &notes)
        if options.person != .mostConfident { notes.append("several people: graded person chosen by --person \(options.person)") }
        info = RecordingInfo(format: PoseFormat.openposeJSON.rawValue, space: space, frameRate: options.frameRate,
                             timeSource: options.frameRate.map { _ in "--fps" }, notes: notes, skeleton: layout.id)
    }

    /// Residuals of the two 25-point hypotheses: a neck midway between the shoulders, relative
    /// to the torso. Returns the people that fit each better.
    static func vote(_ people: [RawPerson]) -> (Int, Int) {
        func fit(_ p: RawPerson, neck: Int, shoulders: (Int, Int), hips: (Int, Int)) -> Double? {
            func v(_ i: Int) -> Vector2? {
                guard i < p.points.count, let q = p.points[i], q.confidence != 0, !(q.x == 0 && q.y == 0) else { return nil }
                return Vector2(q.x, q.y)
            }
            guard let n = v(neck), let a = v(shoulders.0), let b = v(shoulders.1), let c = v(hips.0), let d = v(hips.1) else { return nil }
            let ms = (a + b) * 0.5, mh = (c + d) * 0.5
            let torso = (ms - mh).length
            guard torso > 0 else { return nil }
            return (n - ms).length / torso
        }
        var a = 0, b = 0
        for p in people {
            guard let r25 = fit(p, neck: 1, shoulders: (2, 5), hips: (9, 12)),
                let r25b = fit(p, neck: 17, shoulders: (5, 6), hips: (11, 12)), r25 != r25b
            else { continue }
            if r25 < r25b { a += 1 } else { b += 1 }
        }
        return (a, b)
    }

    /// The people of a frame document: those with a readable 2D array, and what was wrong with the others.
    static func people(_ doc: JSONValue) -> (valid: [RawPerson], problems: [String]) {
        var valid: [RawPerson] = []
        var problems: [String] = []
        for (i, person) in (doc["people"]?.array ?? []).enumerated() {
            guard let a = person["pose_keypoints_2d"]?.array else {
                problems.append("person \(i) has no pose_keypoints_2d list")
                continue
            }
            // A bare NaN (read under --allow-nan) is kept as NaN and flagged `non_finite` on its joint.
            let numbers: [Double?] = a.map { v in
                if case .nonFinite = v.kind { return .nan }
                return v.number
            }
            guard numbers.allSatisfy({ $0 != nil }) else {
                problems.append("person \(i): pose_keypoints_2d holds a value that is not a number")
                continue
            }
            guard numbers.count % 3 == 0 else {
                problems.append("person \(i) has \(numbers.count) numbers, not a multiple of 3 (x, y, c)")
                continue
            }
            var pts: [RawPoint?] = []
            pts.reserveCapacity(numbers.count / 3)
            for k in stride(from: 0, to: numbers.count, by: 3) {
                pts.append(RawPoint(x: numbers[k]!, y: numbers[k + 1]!, z: 0, confidence: numbers[k + 2]!))
            }
            valid.append(RawPerson(points: pts))
        }
        return (valid, problems)
    }

    public mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        switch documents {
        case .single(let input, let path):
            guard next == 0 else { return nil }
            next = 1
            return frame(try JSONScanner.parseDocument(input, path: path, allowNonFinite: options.allowNonFiniteJSON), index: 0)
        case .folder(let files):
            guard next < files.count else { return nil }
            let f = files[next]
            next += 1
            let index = f.number ?? next - 1
            let name = f.path.split(separator: "/").last.map(String.init) ?? f.path
            do throws(FormatError) {
                let input: ByteInput
                do { input = try ByteInput.open(path: f.path) } catch {
                    throw FormatError(.unreadable, code: "unreadable", message: error.message, path: f.path)
                }
                return frame(try JSONScanner.parseDocument(input, path: f.path, allowNonFinite: options.allowNonFiniteJSON), index: index)
            } catch {
                var frame = PoseFrame(index: index)
                let at = error.location.map { ":\($0.line):\($0.column)" } ?? ""
                frame.issues.append(FrameIssue(code: "unreadable_frame_file",
                                               message: "\(name)\(at): \(error.code): \(error.message)"))
                return frame
            }
        }
    }

    private func frame(_ doc: JSONValue, index: Int) -> PoseFrame {
        var frame = PoseFrame(index: index)
        guard doc["people"]?.array != nil else {
            frame.issues.append(FrameIssue(code: "not_a_frame", message: "no \"people\" list in this frame file"))
            return frame
        }
        let (all, problems) = Self.people(doc)
        let people = all.filter { $0.points.count == layout.count }
        var mismatched = problems
        for p in all where p.points.count != layout.count {
            mismatched.append("a person has \(p.points.count) keypoints where \(layout.id) has \(layout.count)")
        }
        if !mismatched.isEmpty {
            frame.issues.append(FrameIssue(code: "layout_mismatch", message: mismatched.joined(separator: "; "),
                                           informational: !people.isEmpty))
        }
        guard !people.isEmpty else {
            if mismatched.isEmpty { frame.issues.append(FrameIssue(code: "no_person", message: "no person detected in this frame")) }
            return frame
        }
        guard let chosen = frame.choosePerson(people, by: options.person) else { return frame }
        frame.place(people[chosen], layout: layout.joints, space: info.space, scale: scale, only: options.joints)
        return frame
    }
}

/// Files of a folder (names only), for frame-per-file formats.
func listFolder(_ path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
        if name.hasSuffix(".json") && !name.hasPrefix(".") { names.append(name) }
    }
    return names
}
