import PoseGeometry
import PoseModel
// OpenPose JSON: one `{"version", "people": [{"pose_keypoints_2d": [x, y, c, …]}]}` document per
// frame, as a single file or a folder of frame files numbered by frame (`cam01.0000.json`,
// `clip_000000000012_keypoints.json`), ordered by the last number in each name (numerically;
// gaps become `frame_missing` frames). Pose2Sim writes every pose estimator's output this way.
//
// Layout by points per person: 17 COCO-17, 18 COCO-18, 25 BODY_25 or BODY_25B, 26 HALPE_26,
// 33 BlazePose, 133 COCO-WholeBody. 25 is never assumed: `--skeleton`, or the evidence of up to
// 50 frames (`SkeletonVote`), reported with the count of frames that decided it; without
// evidence, an error that asks for `--skeleton`. `0,0,0` (or c = 0) is a point not detected.
// Several people: the `--person` rule chooses on the first frame, then the same person is
// followed (`PersonTracker`), reported on each frame with several people.
import PoseScanning

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package struct OpenPoseReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private enum Documents { case single(ByteInput, String), folder([(path: String, number: Int?)]) }
    private let documents: Documents
    private let options: ReadOptions
    private var layout = KeypointLayout.body25
    private var scale = ImageScale.pixels
    private var next = 0
    private var tracker: PersonTracker

    /// One file holding one frame.
    public init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        tracker = PersonTracker(rule: options.person)
        documents = .single(input, path)
        info = RecordingInfo(format: PoseFormat.openposeJSON.rawValue, space: .imagePixels)
        let doc = try Self.read(input, path: path, allowNonFinite: options.allowNonFiniteJSON, listingKeys: true)
        guard doc.hasPeople else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this JSON is not an OpenPose frame: expected \"people\": [...]", path: path,
                location: doc.location)
        }
        try decide(people: [doc.valid], path: path)
        if let note = skippedKeysNote(doc.unknownKeys) { info.notes.append(note) }
    }

    /// A folder of per-frame files (`PoseReader.openPoseFrameFiles`), in frame-number order.
    public init(folder: String, files: [String], options: ReadOptions) throws(FormatError) {
        self.options = options
        tracker = PersonTracker(rule: options.person)
        let numbered = files.map { (path: folder + "/" + $0, number: lastNumber(in: $0)) }
            .sorted { ($0.number ?? Int.max, $0.path) < ($1.number ?? Int.max, $1.path) }
        documents = .folder(numbered)
        info = RecordingInfo(format: PoseFormat.openposeJSON.rawValue, space: .imagePixels)
        var sample: [[RawPerson]] = []
        var unknown: [String] = []
        for f in numbered where sample.count < 50 {
            guard let input = try? ByteInput.open(path: f.path),
                let doc = try? Self.read(
                    input, path: f.path, allowNonFinite: options.allowNonFiniteJSON, listingKeys: true)
            else { continue }
            unknown += doc.unknownKeys
            if !doc.valid.isEmpty { sample.append(doc.valid) }
        }
        try decide(people: sample, path: folder)
        if let note = skippedKeysNote(unknown) { info.notes.append(note) }
        info.notes.insert("\(numbered.count) frame files, ordered by the last number in their names", at: 0)
        // The folder's other JSON files (another name pattern, or no frame number) are not
        // frames of this recording: said, not dropped in silence (`grade` grades them apart).
        let chosen = Set(files)
        let others = (listFolder(folder) ?? []).filter { !chosen.contains($0) }.sorted()
        if !others.isEmpty {
            let shown = others.prefix(3).joined(separator: ", ") + (others.count > 3 ? ", …" : "")
            info.notes.insert(
                "\(others.count) other JSON \(others.count == 1 ? "file" : "files") in the folder not read as frames of this recording (not named like the frame files): \(shown)",
                at: 1)
        }
    }

    /// Decides the layout (option, count, evidence) and the coordinate scale from sample frames.
    private mutating func decide(people sample: [[RawPerson]], path: String) throws(FormatError) {
        var notes: [String] = []
        let counts = sample.flatMap { $0.map(\.points.count) }
        if let id = options.skeleton {
            guard let l = KeypointLayout.named(id) else {
                throw FormatError(
                    .invalidContent, code: "unknown_skeleton", message: "unknown skeleton \(id)", path: path)
            }
            layout = l
            notes.append("skeleton \(l.id) from ReadOptions.skeleton")
        } else if let n = counts.first {
            let candidates = KeypointLayout.candidates(count: n)
            if candidates.count > 1 {
                let vote = SkeletonVote(sample.map { $0.filter { $0.points.count == n } })
                guard let decided = vote.decision else {
                    throw FormatError(
                        .invalidContent, code: "skeleton_undecided", message: vote.undecidedMessage, path: path)
                }
                layout = decided
                notes.append(vote.note)
            } else if let l = candidates.first {
                layout = l
                notes.append("\(n) keypoints per person: \(l.id)")
            } else {
                throw FormatError(
                    .invalidContent, code: "layout_mismatch",
                    message:
                        "\(n) keypoints per person is not a layout PoseCheck knows (17, 18, 25, 26, 33, 133); name it with ReadOptions.skeleton",
                    path: path)
            }
        }
        scale = ImageScale.decide(sample.first?.first)
        let space = scale.space(options: options, notes: &notes)
        if options.person != .mostConfident {
            notes.append("several people: graded person chosen by ReadOptions.person = \(options.person)")
        }
        info = RecordingInfo(
            format: PoseFormat.openposeJSON.rawValue, space: space, frameRate: options.frameRate,
            timeSource: options.frameRate.map { _ in ReadOptions.frameRateSource }, notes: notes, skeleton: layout.id)
    }

    /// A frame document as read: whether it holds a `people` list, its people with a readable
    /// 2D array and what was wrong with the others, the keys OpenPose does not write (the
    /// document's, then its people's, to list them), and where the document starts.
    struct FrameDocument {
        var hasPeople = false
        var valid: [RawPerson] = []
        var problems: [String] = []
        var unknownKeys: [String] = []
        var location: SourceLocation
    }

    /// A frame document read on demand (no tree), checked whole, as `parseDocument` does.
    /// `listingKeys`: the unknown keys are gathered (for the sample frames' note).
    static func read(_ input: ByteInput, path: String, allowNonFinite: Bool, listingKeys: Bool = false)
        throws(FormatError) -> FrameDocument
    {
        var scanner = JSONScanner(input, path: path, allowNonFinite: allowNonFinite)
        guard let first = try scanner.next() else { throw scanner.error("empty_input", "the input is empty") }
        var doc = FrameDocument(location: scanner.eventLocation)
        var personKeys: [String]? = listingKeys ? [] : nil
        if first == .beginObject {
            while try scanner.nextMember() {
                guard !doc.hasPeople, scanner.keyIs(peopleKey), case .array = try scanner.peekKind() else {
                    if listingKeys {
                        let key = scanner.keyString()
                        if key != "version" && key != "people" { doc.unknownKeys.append(key) }
                    }
                    try scanner.skipValue()
                    continue
                }
                doc.hasPeople = true
                try scanner.enter()
                var i = 0
                while try scanner.nextElement() {
                    switch try readPerson(&scanner, unknownKeys: &personKeys) {
                    case .success(let person): doc.valid.append(person)
                    case .failure(let problem): doc.problems.append("person \(i)\(problem.text)")
                    }
                    i += 1
                }
            }
        } else {
            try scanner.skip(after: first)
        }
        _ = try scanner.next()  // only the end may follow: anything else is an error
        doc.unknownKeys += personKeys ?? []
        return doc
    }

    private static let peopleKey = JSONKeyName("people")
    private static let poseKey = JSONKeyName("pose_keypoints_2d")

    /// Why a person is not read, after "person i".
    struct PersonProblem: Error {
        var text: String
    }

    /// One element of `people`, on demand: its `pose_keypoints_2d` as points; its keys that
    /// OpenPose does not write are added to `unknownKeys` when it is not nil.
    private static func readPerson(_ scanner: inout JSONScanner, unknownKeys: inout [String]?) throws(FormatError)
        -> Result<RawPerson, PersonProblem>
    {
        var numbers: [Double]?
        var nonNumbers = 0
        if case .object = try scanner.peekKind() {
            try scanner.enter()
            while try scanner.nextMember() {
                guard numbers == nil, scanner.keyIs(poseKey), case .array = try scanner.peekKind() else {
                    if unknownKeys != nil {
                        let key = scanner.keyString()
                        if key != "person_id" && !key.hasSuffix("_keypoints_2d") && !key.hasSuffix("_keypoints_3d") {
                            unknownKeys?.append(key)
                        }
                    }
                    try scanner.skipValue()
                    continue
                }
                try scanner.enter()
                // A bare NaN (read under --allow-nan) is kept as NaN and flagged `non_finite` on its joint.
                var read: [Double] = []
                if try scanner.nextElement() { nonNumbers = try scanner.readNumberElements(into: &read) }
                numbers = read
            }
        } else {
            try scanner.skipValue()
        }
        guard let numbers else { return .failure(PersonProblem(text: " has no pose_keypoints_2d list")) }
        guard nonNumbers == 0 else {
            return .failure(PersonProblem(text: ": pose_keypoints_2d holds a value that is not a number"))
        }
        return points(numbers)
    }

    /// x, y, c triples as points; what is wrong with them otherwise (after "person i").
    private static func points(_ numbers: [Double]) -> Result<RawPerson, PersonProblem> {
        guard numbers.count % 3 == 0 else {
            return .failure(PersonProblem(text: " has \(numbers.count) numbers, not a multiple of 3 (x, y, c)"))
        }
        var pts: [RawPoint?] = []
        pts.reserveCapacity(numbers.count / 3)
        for k in stride(from: 0, to: numbers.count, by: 3) {
            pts.append(RawPoint(x: numbers[k], y: numbers[k + 1], z: 0, confidence: numbers[k + 2]))
        }
        return .success(RawPerson(points: pts))
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        switch documents {
        case .single(let input, let path):
            guard next == 0 else { return nil }
            next = 1
            // One file, one frame, without a number: the first, or the next of a stream it continues.
            var numbering = FrameNumbering(continuing: options)
            let index = numbering.index(for: nil)
            return frame(try Self.read(input, path: path, allowNonFinite: options.allowNonFiniteJSON), index: index)
        case .folder(let files):
            guard next < files.count else { return nil }
            let f = files[next]
            next += 1
            let index = f.number ?? next - 1
            do throws(FormatError) {
                let input: ByteInput
                do { input = try ByteInput.open(path: f.path) } catch {
                    throw FormatError(.unreadable, code: "unreadable", message: error.message, path: f.path)
                }
                return frame(
                    try Self.read(input, path: f.path, allowNonFinite: options.allowNonFiniteJSON), index: index)
            } catch {
                var frame = PoseFrame(index: index)
                let name = f.path.split(separator: "/").last.map(String.init) ?? f.path
                let at = error.location.map { ":\($0.line):\($0.column)" } ?? ""
                frame.issues.append(
                    FrameIssue(
                        code: "unreadable_frame_file",
                        message: "\(name)\(at): \(error.code): \(error.message)"))
                return frame
            }
        }
    }

    private mutating func frame(_ document: FrameDocument, index: Int) -> PoseFrame {
        var frame = PoseFrame(index: index)
        guard document.hasPeople else {
            frame.issues.append(FrameIssue(code: "not_a_frame", message: "no \"people\" list in this frame file"))
            return frame
        }
        let (all, problems) = (document.valid, document.problems)
        let people = all.filter { $0.points.count == layout.count }
        var mismatched = problems
        for p in all where p.points.count != layout.count {
            mismatched.append("a person has \(p.points.count) keypoints where \(layout.id) has \(layout.count)")
        }
        if !mismatched.isEmpty {
            frame.issues.append(
                FrameIssue(
                    code: "layout_mismatch", message: mismatched.joined(separator: "; "),
                    informational: !people.isEmpty))
        }
        guard !people.isEmpty else {
            tracker.nobody()
            if mismatched.isEmpty {
                frame.issues.append(FrameIssue(code: "no_person", message: "no person detected in this frame"))
            }
            return frame
        }
        guard let chosen = frame.choosePerson(people, tracker: &tracker) else { return frame }
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
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasSuffix(".json") && !name.hasPrefix(".") { names.append(name) }
    }
    return names
}
