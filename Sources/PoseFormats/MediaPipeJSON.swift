// MediaPipe pose exports as JSON, as people write them from the Python or Tasks API.
//
// Accepted shapes (FORMATS.md §5.1):
// - a list of frames: `[{"pose_landmarks": [...]}, ...]`, or a list of landmark lists;
// - an object with `"frames": [...]` and optional `image_width`, `image_height`, `fps`;
// - JSON Lines: one frame object per line (or a single frame object).
// A frame holds 33 landmarks `{x, y, z, visibility[, presence]}` under `pose_landmarks` or
// `landmarks` (Tasks: a list per pose, `[[...]]`; protobuf dicts: `{"landmark": [...]}`),
// optional world landmarks under `pose_world_landmarks` / `world_landmarks` / `worldLandmarks`,
// optional `timestamp_ms` / `time_s`, `frame`, `image_width` / `image_height`.
// Undetected frames hold an empty list or null: they are flagged `no_person`.
import PoseModel

public struct MediaPipeJSONReader: PoseFrameSource {
    public private(set) var info: RecordingInfo
    private var scanner: JSONScanner
    private let options: ReadOptions
    private let path: String
    private var numbering = FrameNumbering()
    private var pending: PoseFrame?
    private var finished = false
    private var fileSize: ImageSize?
    private var fileFrameRate: Double?
    private var multiPoseNoted = false

    static let landmarkKeys = ["pose_landmarks", "landmarks", "poseLandmarks"]
    static let worldKeys = ["pose_world_landmarks", "world_landmarks", "worldLandmarks", "poseWorldLandmarks"]

    private enum Shape { case list, wrapped, lines }
    private var shape: Shape = .list

    public init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        self.path = path
        // Prescan: find the shape and the document-level metadata, which may follow "frames".
        var pre = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        pre.allowsMultipleDocuments = true
        guard let first = try pre.next() else { throw pre.error("empty_input", "the input is empty") }
        var shape: Shape = .list
        if first == .beginObject {
            shape = .lines
            while let e = try pre.next(), e != .endObject {
                guard case .key(let k) = e, let v = try pre.next() else { break }
                if k == "frames" {
                    shape = .wrapped
                    try pre.skip(after: v)
                } else if Self.landmarkKeys.contains(k) || Self.worldKeys.contains(k) {
                    try pre.skip(after: v)
                } else {
                    let value = try pre.readValue(after: v)
                    Self.readMetadata(k, value, size: &fileSize, fps: &fileFrameRate)
                }
            }
            if shape == .wrapped, try pre.next() != nil {
                throw pre.error("trailing_data", "unexpected data after the document")
            }
        } else if first != .beginArray {
            throw FormatError(.invalidContent, code: "not_pose_export",
                              message: "this JSON is not a MediaPipe pose export: expected a list of frames or an object with \"frames\"",
                              path: path, location: pre.eventLocation)
        }
        self.shape = shape
        scanner = JSONScanner(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        scanner.allowsMultipleDocuments = shape == .lines
        info = RecordingInfo(format: PoseFormat.mediapipeJSON.rawValue, space: .imagePixels)
        // Position the scanner at the first frame.
        switch shape {
        case .list: _ = try scanner.next()
        case .lines: break
        case .wrapped:
            _ = try scanner.next()
            while let e = try scanner.next() {
                guard case .key(let k) = e, let v = try scanner.next() else { break }
                if k == "frames" {
                    guard v == .beginArray else {
                        throw FormatError(.invalidContent, code: "not_pose_export", message: "\"frames\" must be a list of frames",
                                          path: path, location: scanner.eventLocation)
                    }
                    break
                }
                try scanner.skip(after: v)
            }
        }
        // The first frame may carry the image size, which the coordinate space needs.
        if let (first, line) = try readRawFrame() {
            try Self.requireFrameShape(first, path: path)
            var ignored: Double?
            if fileSize == nil, let members = first.members {
                var size: ImageSize?
                for (k, m) in members { Self.readMetadata(k, m, size: &size, fps: &ignored) }
                if let s = size, s.width > 0, s.height > 0 { fileSize = s }
            }
            finishInfo(firstFrameHasTime: first.members?.contains { Self.timeKeys.contains($0.key) } ?? false)
            pending = try frame(from: first, line: line)
        } else {
            finishInfo(firstFrameHasTime: false)
        }
    }

    /// A valid JSON file that is not a pose export is told so, rather than read as frames
    /// without a person.
    static func requireFrameShape(_ v: JSONValue, path: String) throws(FormatError) {
        let keys = landmarkKeys + worldKeys
        if let members = v.members, members.contains(where: { keys.contains($0.key) }) { return }
        if let list = v.array, list.allSatisfy({ $0.members != nil || $0.array != nil }) { return }
        throw FormatError(.invalidContent, code: "not_pose_export",
                          message: "this JSON is not a MediaPipe pose export: a frame needs \"pose_landmarks\" or \"landmarks\" (found \(v.members.map { "keys " + $0.prefix(5).map { "\"\($0.key)\"" }.joined(separator: ", ") } ?? v.typeName))",
                          path: path, location: v.location)
    }

    static let timeKeys: Set<String> = ["timestamp_ms", "timestampMs", "time_ms", "time_s", "time", "timestamp_s", "t"]

    private mutating func finishInfo(firstFrameHasTime: Bool) {
        var notes: [String] = []
        let space: CoordinateSpace
        switch options.coordinates {
        case .world:
            space = .world(unitsPerMetre: 1, yDown: true)
            notes.append("world landmarks in metres (MediaPipe's y points down; flipped to y up); the back-knee band is widened by 15° for world coordinates")
        case .image:
            space = normalizedSpace(option: options.imageSize, file: fileSize, notes: &notes)
        }
        var rate = options.frameRate
        var timeSource: String? = options.frameRate.map { _ in "--fps" }
        if rate == nil, let r = fileFrameRate { rate = r; timeSource = "fps from the file" }
        if firstFrameHasTime { timeSource = "timestamps" }
        info = RecordingInfo(format: PoseFormat.mediapipeJSON.rawValue, space: space, frameRate: rate,
                             timeSource: timeSource, notes: notes)
    }

    static func readMetadata(_ key: String, _ v: JSONValue, size: inout ImageSize?, fps: inout Double?) {
        switch key {
        case "image_width", "imageWidth", "width":
            if let w = v.number, w > 0 { size = ImageSize(width: w, height: size?.height ?? 0) }
        case "image_height", "imageHeight", "height":
            if let h = v.number, h > 0 { size = ImageSize(width: size?.width ?? 0, height: h) }
        case "fps", "frame_rate", "frameRate":
            if let f = v.number, f > 0 { fps = f }
        default: break
        }
    }

    public mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        if let p = pending {
            pending = nil
            return p
        }
        return try readFrame()
    }

    private mutating func readFrame() throws(FormatError) -> PoseFrame? {
        guard let (value, line) = try readRawFrame() else { return nil }
        return try frame(from: value, line: line)
    }

    /// The next frame's JSON (one frame in memory at a time) and the line it starts on.
    private mutating func readRawFrame() throws(FormatError) -> (JSONValue, Int)? {
        guard !finished, let e = try scanner.next() else { finished = true; return nil }
        if e == .endArray {
            finished = true
            // Drain the rest of a wrapped document (its metadata was read in the prescan).
            while try scanner.next() != nil {}
            return nil
        }
        let line = scanner.eventLocation.line
        return (try scanner.readValue(after: e), line)
    }

    private mutating func frame(from v: JSONValue, line: Int) throws(FormatError) -> PoseFrame {
        var landmarks: JSONValue?
        var world: JSONValue?
        var number: Int?
        var time: Double?
        var issues: [FrameIssue] = []
        switch v.kind {
        case .array: landmarks = v
        case .object(let members):
            for (k, m) in members {
                if Self.landmarkKeys.contains(k) { landmarks = m; continue }
                if Self.worldKeys.contains(k) { world = m; continue }
                switch k {
                case "frame", "frame_index", "frame_number", "frameIndex", "index":
                    if let n = m.number, n >= 0, n == n.rounded(), n < 1e15 { number = Int(n) }
                case "timestamp_ms", "timestampMs", "time_ms": if let t = m.number { time = t / 1000 }
                case "time_s", "time", "timestamp_s", "t": if let t = m.number { time = t }
                default: break  // image size and fps: read once, from the document or the first frame
                }
            }
        default:
            issues.append(FrameIssue(code: "layout_mismatch", message: "frame at line \(line) is \(v.typeName), not a frame object"))
        }
        let (index, numberIssue) = numbering.index(for: number, line: line)
        var frame = PoseFrame(index: index, time: time, issues: issues)
        if let i = numberIssue { frame.issues.append(i) }
        let useWorld = options.coordinates == .world
        let source = useWorld ? world : landmarks
        guard let list = try poseList(source, frame: &frame, line: line) else {
            if frame.issues.isEmpty {
                frame.issues.append(useWorld && landmarks != nil && world == nil
                    ? FrameIssue(code: "no_world_landmarks", message: "no world landmarks in this frame")
                    : FrameIssue(code: "no_person", message: "no person detected in this frame"))
            }
            return frame
        }
        guard list.count == 33 else {
            frame.issues.append(FrameIssue(code: "layout_mismatch", message: "expected 33 landmarks, found \(list.count)"))
            return frame
        }
        let space = info.space
        for (i, lm) in list.enumerated() {
            guard let joint = Joint(rawValue: i) else { continue }
            guard lm.members != nil else {
                frame.issues.append(FrameIssue(code: "layout_mismatch", joints: [joint], message: "\(joint) is \(lm.typeName), not a landmark object"))
                continue
            }
            guard let x = lm["x"], let y = lm["y"], x.number != nil || x.kind.isNonFinite, y.number != nil || y.kind.isNonFinite else {
                frame.issues.append(FrameIssue(code: "missing_value", joints: [joint], message: "\(joint) has no x or y"))
                continue
            }
            guard let xv = x.number, let yv = y.number, xv.isFinite, yv.isFinite else {
                frame.issues.append(FrameIssue(code: "non_finite", joints: [joint], message: "\(joint) coordinate is not finite"))
                continue
            }
            let zv = lm["z"]?.number ?? 0
            if !useWorld && (xv < 0 || xv > 1 || yv < 0 || yv > 1) {
                frame.issues.append(FrameIssue(code: "out_of_frame", joints: [joint], message: "\(joint) is outside the image"))
                continue
            }
            var confidence = lm["visibility"]?.number
            if confidence == nil { confidence = lm["presence"]?.number }
            if let c = confidence, c < 0 || c > 1 {
                frame.issues.append(FrameIssue(code: "visibility_out_of_range", joints: [joint],
                                               message: "\(joint) visibility \(c) is outside [0, 1] (raw logits?)"))
                continue
            }
            frame[joint] = Keypoint(space.canonical(x: xv, y: yv, z: zv), confidence: confidence)
        }
        return frame
    }

    /// The landmark list of the first pose, or nil when there is none.
    private mutating func poseList(_ v: JSONValue?, frame: inout PoseFrame, line: Int) throws(FormatError) -> [JSONValue]? {
        guard let v else { return nil }
        if v.isNull { return nil }
        if let inner = v["landmark"] ?? v["landmarks"] { return try poseList(inner, frame: &frame, line: line) }
        guard let list = v.array else {
            frame.issues.append(FrameIssue(code: "layout_mismatch", message: "landmarks at line \(line) are \(v.typeName), not a list"))
            return nil
        }
        if list.isEmpty { return nil }
        if list[0].array != nil {
            // Tasks API: one list per pose.
            let poses = list.compactMap(\.array).filter { !$0.isEmpty }
            if poses.count > 1 {
                frame.issues.append(FrameIssue(code: "multiple_people", message: "\(poses.count) poses in this frame; the first is graded",
                                               informational: true))
                if !multiPoseNoted {
                    multiPoseNoted = true
                    info.notes.append("some frames hold several poses; the first pose of each is graded")
                }
            }
            return poses.first
        }
        return list
    }
}

extension JSONValue.Kind {
    var isNonFinite: Bool { if case .nonFinite = self { return true }; return false }
}
