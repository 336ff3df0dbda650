// JSON keypoint exports other than MediaPipe's and OpenPose's (PoseCheck docs, "Input formats"), streamed
// frame by frame through `JSONFrameStream` (a list, `{"frames": [...]}` or MMPose's
// `{"instance_info": [...]}`, or JSON Lines):
//
// - tfjs pose-detection: a frame is a list of poses (or `{"poses": [...]}`, a list of them under
//   another key, YOLO scripts' `persons`, MMPose's `instances`, or one pose); a pose is
//   `{"keypoints": [{"x", "y", "score", "name"}], "keypoints3D": [...], "score"}` (or
//   `"keypoints": [[x, y], …], "keypoint_scores": [...]`, as MMPose writes), pixels (y down);
//   `keypoints3D` (BlazePose) in metres with `--coordinates world`.
// - MoveNet raw outputs: SinglePose `[1, 1, 17, 3]` rows of **[y, x, score]** (or `[17, 3]`, a
//   frame's member beside its number), normalised;
//   MultiPose `[1, 6, 56]`: per person 17 × (y, x, s) then a box `[ymin, xmin, ymax, xmax, score]`
//   (a person with box score 0 is an empty slot).
// - Apple Vision: a frame holds joints by name (`leftShoulder` or `left_shoulder_1_joint`) as
//   `{"x", "y", "confidence"}` or `[x, y, confidence]` (or `[x, y]`, the confidences by name
//   beside them under `confidences`), under `joints`/`recognizedPoints` or directly; normalised
//   with the origin at the lower left (y up). `joints3D` (17 joints, metres, y up) with
//   `--coordinates world`.
// - Azure Kinect Body Tracking (offline processor): `{"frames": [{"timestamp_usec",
//   "bodies": [{"body_id", "joint_positions": [[x, y, z] × 32]}]}], "joint_names": [...]}`,
//   millimetres in the depth camera's frame (y down).
import PoseModel
import PoseScanning

package struct KeypointJSONReader: PoseFrameSource {
    package enum Kind: Sendable { case tfjs, movenet, appleVision, azureKinect }

    package private(set) var info: RecordingInfo
    private let kind: Kind
    private var stream: JSONFrameStream
    private let options: ReadOptions
    private var numbering: FrameNumbering
    private var tracker: PersonTracker
    /// The tracker as the frames read so far left it (`PoseReader.personTracker(of:)`).
    var personTracker: PersonTracker { tracker }
    private var kinectLayout: [Joint?] = KeypointJSONReader.azureOrder.map { KeypointNames.joint($0) }
    /// The names of the last frame's points in order, and their joints: a frame names its
    /// points as the frame before did, so a name is looked up once.
    private var lastNames: [(name: String, joint: Joint?)] = []
    private static let byJoint: [Joint?] = Joint.allCases.map { $0 }

    static let azureOrder = [
        "PELVIS", "SPINE_NAVEL", "SPINE_CHEST", "NECK", "CLAVICLE_LEFT", "SHOULDER_LEFT", "ELBOW_LEFT", "WRIST_LEFT",
        "HAND_LEFT", "HANDTIP_LEFT", "THUMB_LEFT", "CLAVICLE_RIGHT", "SHOULDER_RIGHT", "ELBOW_RIGHT", "WRIST_RIGHT",
        "HAND_RIGHT", "HANDTIP_RIGHT", "THUMB_RIGHT", "HIP_LEFT", "KNEE_LEFT", "ANKLE_LEFT", "FOOT_LEFT", "HIP_RIGHT",
        "KNEE_RIGHT", "ANKLE_RIGHT", "FOOT_RIGHT", "HEAD", "NOSE", "EYE_LEFT", "EAR_LEFT", "EYE_RIGHT", "EAR_RIGHT",
    ]

    package init(_ input: ByteInput, path: String, kind: Kind, options: ReadOptions) throws(FormatError) {
        self.kind = kind
        self.options = options
        numbering = FrameNumbering(continuing: options)
        tracker = options.stream?.tracker ?? PersonTracker(rule: options.person)
        stream = try JSONFrameStream(
            input, path: path, options: options, framesKeys: ["frames", "instance_info"])
        var notes: [String] = []
        let format: PoseFormat
        let skeleton: String
        let space: CoordinateSpace
        let world = options.coordinates == .world
        var fileSize: ImageSize?
        var fps: Double?
        var skipped: [String] = []
        for member in stream.metadata
        where !MediaPipeJSONReader.readMetadata(member.key, member.value.number, size: &fileSize, fps: &fps) {
            if !(kind == .azureKinect && member.key == "joint_names") { skipped.append(member.key) }
        }
        if let f = stream.first?.members {
            for member in f
            where member.key.lowercased().contains("width") || member.key.lowercased().contains("height") {
                MediaPipeJSONReader.readMetadata(member.key, member.value.number, size: &fileSize, fps: &fps)
            }
        }
        let size = MediaPipeJSONReader.complete(fileSize) ? fileSize : nil
        switch kind {
        case .tfjs:
            format = .tfjsJSON
            skeleton = "tfjs-named"
            space = world ? .world(unitsPerMetre: 1, yDown: true) : .imagePixels
            notes.append(
                world
                    ? "keypoints3D in metres (y down as MediaPipe's world landmarks; flipped to y up)"
                    : "keypoints in pixels (y down, flipped to y up)")
        case .movenet:
            format = .movenetJSON
            skeleton = "coco-17"
            guard !world else { throw Self.noWorld(path, "MoveNet") }
            space = normalizedSpace(option: options.imageSize, file: size, notes: &notes)
            notes.append("MoveNet rows are [y, x, score] (y first), normalised")
        case .appleVision:
            format = .appleVisionJSON
            skeleton = world ? "apple-vision-3d-17" : "apple-vision-19"
            // The joints of the coordinates not graded are never read.
            stream.unreadFrameKeys = Set(world ? Self.visionHolders : Self.visionHolders3D)
            if world {
                space = .world(unitsPerMetre: 1, yDown: false)
                notes.append("joints3D in metres, y up, relative to the root")
            } else {
                var n: [String] = []
                let s = normalizedSpace(option: options.imageSize, file: size, notes: &n)
                if case .normalizedImage(let w, let h, let src) = s {
                    space = .normalizedImageYUp(width: w, height: h, sizeSource: src)
                } else {
                    space = s
                }
                notes += n
                notes.append("Vision coordinates are normalised with the origin at the lower left (y up): used as is")
            }
        case .azureKinect:
            format = .azureKinectJSON
            skeleton = "azure-kinect-32"
            space = .world(unitsPerMetre: 1000, yDown: true)
            notes.append("joint positions in millimetres, depth-camera axes (y down, flipped to y up)")
            if let names = stream.meta("joint_names")?.array?.compactMap(\.string), !names.isEmpty {
                kinectLayout = names.map { KeypointNames.joint($0) }
            }
        }
        var (rate, timeSource) = options.frameRate(fromFile: fps, notes: &notes)
        if let first = stream.first, Self.timeKey(first, kind, unit: options.timeUnit) != nil {
            timeSource = "timestamps"
        }
        if options.person != .mostConfident {
            notes.append("several people: graded person chosen by ReadOptions.person = \(options.person)")
        }
        if let note = skippedKeysNote(skipped) { notes.append(note) }
        info = RecordingInfo(
            format: format.rawValue, space: space, frameRate: rate, timeSource: timeSource, notes: notes,
            skeleton: skeleton)
        if let first = stream.first, try people(first, line: 1).layoutProblem != nil, kind == .movenet {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this JSON is not MoveNet output: expected [1, 1, 17, 3] or [1, 6, 56] per frame", path: path,
                location: first.location)
        }
    }

    /// The keys under which an Apple Vision frame holds its joints, 2D and 3D (without one,
    /// the frame holds them).
    static let visionHolders = ["joints", "recognizedPoints", "points", "keypoints"]
    static let visionHolders3D = ["joints3D", "recognizedPoints3D"]

    static func noWorld(_ path: String, _ what: String) -> FormatError {
        FormatError(
            .invalidContent, code: "no_world_landmarks",
            message: "\(what) output is 2D only; world coordinates are not available", path: path)
    }

    /// The frame's time key (`TimeColumn`), its value and its units per second, when it has
    /// one: a `timestamp` in `unit` when given, else in the format's own unit (Vision's
    /// seconds, milliseconds elsewhere).
    static func timeKey(_ frame: JSONValue, _ kind: Kind, unit: TimeUnit?) -> (
        value: JSONValue, unitsPerSecond: Double
    )? {
        guard let m = frame.members else { return nil }
        for member in m {
            switch TimeColumn(label: member.key) {
            case .time(let unitsPerSecond)?: return (member.value, unitsPerSecond)
            case .unitless?: return (member.value, unit?.unitsPerSecond ?? (kind == .appleVision ? 1 : 1000))
            case .frame?, nil: continue
            }
        }
        return nil
    }

    struct Read {
        var people: [RawPerson] = []
        var layout: [Joint?] = KeypointJSONReader.byJoint
        var layoutProblem: String?
        var problems: [String] = []
        /// Per person, the joints whose confidence is no number: not read, flagged when the
        /// person is graded.
        var unreadableConfidence: [[Joint]] = []

        /// Adds a person as `named` read it.
        mutating func add(_ person: (RawPerson, unreadable: [Joint])) {
            people.append(person.0)
            unreadableConfidence.append(person.unreadable)
        }
    }

    static func unnamedNote(_ layout: KeypointLayout) -> String {
        "keypoints without names: read in \(layout.id.uppercased()) order (\(layout.count) a pose)"
    }

    /// A frame's list of poses under a key of its own (`persons`, `instances`, `detections`):
    /// the first member that is a list holding a pose (an object with keypoints).
    static func poseList(in frame: JSONValue) -> [JSONValue]? {
        frame.members?.lazy.compactMap(\.value.array).first { list in
            list.contains { $0["keypoints"] != nil || $0["keypoints3D"] != nil }
        }
    }

    /// The people of one frame value, in a per-joint layout (named formats) or the format's order.
    private mutating func people(_ frame: JSONValue, line: Int) throws(FormatError) -> Read {
        var r = Read()
        switch kind {
        case .tfjs:
            var poses: [JSONValue]
            if let a = frame.array {
                poses = a
            } else if let p = frame["poses"]?.array ?? Self.poseList(in: frame) {
                poses = p
            } else {
                poses = [frame]
            }
            poses = poses.filter { $0["keypoints"] != nil || $0["keypoints3D"] != nil }
            let key = options.coordinates == .world ? "keypoints3D" : "keypoints"
            for pose in poses {
                guard let value = pose[key], var kps = value.array else {
                    r.problems.append("a pose has no \(key)")
                    continue
                }
                // A flat list of x, y, score triples (COCO's way) is a list of points.
                if JSONShape.holdsPointTriples(value) {
                    kps = stride(from: 0, to: kps.count, by: 3).map { i in
                        JSONValue(.array(Array(kps[i..<i + 3])), location: kps[i].location)
                    }
                }
                // Scores beside the points (MMPose's `keypoint_scores`), for points without their own.
                let scores = pose["keypoint_scores"]?.array ?? []
                func score(_ i: Int) -> JSONValue? { i < scores.count ? scores[i] : nil }
                var points = kps.indices.compactMap { i in
                    joint(named: kps[i]["name"]?.string, at: i).map { ($0, kps[i], score(i)) }
                }
                // Keypoints without names (a script's own dump, MMPose's lists) are in the order of
                // the one skeleton of their count: seventeen are COCO's, as MoveNet, PoseNet, YOLO
                // and MMPose give them.
                let layouts = KeypointLayout.candidates(count: kps.count)
                if points.isEmpty, !kps.isEmpty, kps.allSatisfy({ $0["name"] == nil }) {
                    guard layouts.count == 1 else {
                        // No skeleton, or two (BODY_25 and BODY_25B), of this count: flagged.
                        let which =
                            layouts.isEmpty
                            ? "no skeleton has as many"
                            : "in \(layouts.map(\.id).joined(separator: " or ")) order, which cannot be told"
                        r.problems.append("\(kps.count) keypoints without names: \(which)")
                        continue
                    }
                    points = zip(layouts[0].joints, kps).enumerated().compactMap { i, pair in
                        pair.0.map { ($0, pair.1, score(i)) }
                    }
                    let note = Self.unnamedNote(layouts[0])
                    if !info.notes.contains(note) { info.notes.append(note) }
                }
                r.add(named(points, z: options.coordinates == .world))
            }
        case .movenet:
            // A frame of its number and time alone: nobody detected.
            if JSONShape.holdsFrameKeysOnly(frame) { return r }
            // The tensor is the frame, or a member of it beside its number or time (the one of
            // MoveNet's shape, before any other, a box say).
            let tensors = frame.members?.map(\.value).filter(JSONShape.isTensor) ?? [frame]
            let rows =
                tensors.lazy.map(Self.flattenRows).first(where: JSONShape.isMoveNetOutput)
                ?? tensors.first.map(Self.flattenRows) ?? []
            if rows.count == 17, rows.allSatisfy({ $0.count == 3 }) {
                r.people.append(RawPerson(points: rows.map { RawPoint(x: $0[1], y: $0[0], z: 0, confidence: $0[2]) }))
                r.layout = KeypointLayout.coco17.joints
            } else if !rows.isEmpty, rows.allSatisfy({ $0.count == 56 }) {
                for row in rows where row[55] > 0 {
                    r.people.append(
                        RawPerson(
                            points: (0..<17).map {
                                RawPoint(x: row[$0 * 3 + 1], y: row[$0 * 3], z: 0, confidence: row[$0 * 3 + 2])
                            }))
                }
                r.layout = KeypointLayout.coco17.joints
            } else {
                r.layoutProblem = "expected 17 rows of [y, x, score] or rows of 56 numbers, found \(rows.count) rows"
            }
        case .appleVision:
            let key = options.coordinates == .world ? Self.visionHolders3D : Self.visionHolders
            let holder = key.lazy.compactMap { frame[$0] }.first ?? frame
            // Confidences by joint name beside the joints (`{"joints": {…}, "confidences": {…}}`).
            let confidences = frame["confidences"]
            if let m = holder.members {
                let pts = m.indices.compactMap { i in
                    joint(named: m[i].key, at: i).map { ($0, m[i].value, confidences?[m[i].key]) }
                }
                if !pts.isEmpty { r.add(named(pts, z: options.coordinates == .world)) }
            } else if let list = holder.array {
                let points = list.indices.compactMap { i in
                    joint(named: list[i]["name"]?.string ?? list[i]["joint"]?.string, at: i).map {
                        ($0, list[i], nil as JSONValue?)
                    }
                }
                r.add(named(points, z: options.coordinates == .world))
            }
        case .azureKinect:
            r.layout = kinectLayout
            for body in frame["bodies"]?.array ?? [] {
                guard let positions = body["joint_positions"]?.array else {
                    r.problems.append("a body has no joint_positions")
                    continue
                }
                let levels =
                    body["confidence_level"]?.array?.map(\.number) ?? body["joint_confidence"]?.array?.map(\.number)
                var pts: [RawPoint?] = []
                for (i, p) in positions.enumerated() {
                    guard let c = p.array?.compactMap(\.number), c.count == 3 else {
                        pts.append(nil)
                        continue
                    }
                    var conf: Double?
                    if let levels, i < levels.count, let l = levels[i] { conf = Self.kinectConfidence(l) }
                    pts.append(RawPoint(x: c[0], y: c[1], z: c[2], confidence: conf))
                }
                if pts.count != kinectLayout.count {
                    r.layoutProblem = "a body has \(pts.count) joints, the layout \(kinectLayout.count)"
                }
                r.people.append(RawPerson(points: pts))
            }
        }
        return r
    }

    /// Azure Kinect confidence levels: 0 none (out of range), 1 low (occluded, predicted), 2
    /// medium, 3 high. Low falls below the default 0.5 threshold: a predicted joint is not graded.
    static func kinectConfidence(_ level: Double) -> Double {
        switch level {
        case ..<0.5: return 0
        case ..<1.5: return 0.3
        case ..<2.5: return 0.8
        default: return 1
        }
    }

    /// The joint the name of a frame's `i`th point gives, if any: looked up when the last
    /// frame's `i`th point had another name.
    private mutating func joint(named name: String?, at i: Int) -> Joint? {
        guard let name else { return nil }
        if i < lastNames.count && lastNames[i].name == name { return lastNames[i].joint }
        let joint = KeypointNames.joint(name)
        if i < lastNames.count {
            lastNames[i] = (name, joint)
        } else if i == lastNames.count {
            lastNames.append((name, joint))
        }
        return joint
    }

    /// Points of the joints their names give → a person in per-joint order. A point is `{"x",
    /// "y"[, "z"], "score" | "confidence"}` or `[x, y, (z,) confidence]`.
    private func named(_ points: [(Joint, JSONValue, JSONValue?)], z: Bool) -> (RawPerson, unreadable: [Joint]) {
        var pts = [RawPoint?](repeating: nil, count: Joint.count)
        var unreadable: [Joint] = []
        for (j, v, given) in points {
            // A confidence that is no number (a string, a list) leaves the point unread: graded,
            // it would count as certain.
            let confidence: JSONValue?
            if let array = v.array {
                confidence = array.count > (z ? 3 : 2) ? array[z ? 3 : 2] : given
            } else {
                confidence = Self.confidenceKeys.lazy.compactMap { v[$0] }.first ?? given
            }
            if let c = confidence, c.number == nil, !c.isNull {
                unreadable.append(j)
                continue
            }
            let c = confidence?.number
            var p: RawPoint?
            if let a = v.array?.compactMap(\.number) {
                if z, a.count >= 3 { p = RawPoint(x: a[0], y: a[1], z: a[2], confidence: c) }
                if !z, a.count >= 2 { p = RawPoint(x: a[0], y: a[1], z: 0, confidence: c) }
            } else if let x = v["x"]?.number, let y = v["y"]?.number {
                p = RawPoint(x: x, y: y, z: z ? (v["z"]?.number ?? 0) : 0, confidence: c)
            }
            pts[j.rawValue] = p
        }
        return (RawPerson(points: pts), unreadable)
    }

    /// The keys of a point's confidence, in the order they are looked for.
    static let confidenceKeys = ["score", "confidence", "visibility", "conf"]

    /// The innermost rows of numbers of a nested tensor.
    static func flattenRows(_ v: JSONValue) -> [[Double]] {
        guard let a = v.array else { return [] }
        if a.allSatisfy({ $0.number != nil }) { return [a.compactMap(\.number)] }
        return a.flatMap(flattenRows)
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard let (value, line) = try stream.next() else { return stream.frameNotRead(&numbering, notes: &info.notes) }
        var frame = PoseFrame(index: 0, line: line)
        var number: Int?
        if let cell = value.members?.first(where: { TimeColumn(label: $0.key) == .frame })?.value {
            let (n, issue) = FrameCells.frameNumber(
                cell.number, shown: FrameCells.shown(cell), place: FrameCells.place(of: cell))
            number = n
            if let issue { frame.issues.append(issue) }
        }
        frame.index = numbering.index(for: number)
        if let (cell, unitsPerSecond) = Self.timeKey(value, kind, unit: options.timeUnit) {
            let (time, issue) = FrameCells.time(
                cell.number, unitsPerSecond: unitsPerSecond, shown: FrameCells.shown(cell),
                place: FrameCells.place(of: cell))
            frame.time = time
            if let issue { frame.issues.append(issue) }
        }
        let r = try people(value, line: line)
        if let p = r.layoutProblem {
            frame.issues.append(FrameIssue(code: "layout_mismatch", message: "line \(line): \(p)"))
            return frame
        }
        if !r.problems.isEmpty {
            frame.issues.append(
                FrameIssue(
                    code: "layout_mismatch", message: r.problems.joined(separator: "; "),
                    informational: !r.people.isEmpty))
        }
        let present = r.people.indices.filter { r.people[$0].points.contains { $0 != nil } }
        let people = present.map { r.people[$0] }
        func flagUnreadable(_ joints: [Joint]) {
            guard !joints.isEmpty else { return }
            frame.issues.append(
                FrameIssue(
                    code: "unparseable_number", joints: joints,
                    message:
                        "confidence is not a number, so the point is not read: \(joints.map(\.description).joined(separator: ", "))"
                ))
        }
        guard !people.isEmpty else {
            tracker.nobody()
            // Points left unread for their confidence are no frame without anyone.
            let unread = r.unreadableConfidence.flatMap { $0 }
            if unread.isEmpty {
                frame.issues.append(FrameIssue(code: "no_person", message: "no person detected in this frame"))
            }
            flagUnreadable(unread)
            return frame
        }
        guard let chosen = frame.choosePerson(people, tracker: &tracker) else { return frame }
        if present[chosen] < r.unreadableConfidence.count { flagUnreadable(r.unreadableConfidence[present[chosen]]) }
        // Named formats have no (0, 0) convention; OpenPose-style zeros only mean missing in image formats.
        frame.place(
            people[chosen], layout: r.layout, space: info.space, zeroIsMissing: kind == .movenet,
            flagMissing: kind == .movenet || kind == .azureKinect, only: options.joints)
        return frame
    }
}
