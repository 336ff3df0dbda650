// Writes synthetic recordings in export formats, the way the real tools lay them out.
import PoseFormats
import PoseGeometry
import PoseModel
import PoseScanning

/// Writes synthetic recordings as MediaPipe Pose exports: JSON in the shapes seen in public code,
/// and the wide CSV (one row per frame, four columns per landmark).
public enum MediaPipeExport {
    /// How the JSON frames are laid out: `wrapped` in an object with the metadata, a bare `list` of
    /// frames, or JSON Lines (`lines`, one frame per line).
    public enum JSONShape: Sendable { case wrapped, list, lines }

    /// What the export carries besides the image landmarks.
    public struct Options: Sendable {
        /// The JSON layout (`wrapped` by default).
        public var shape: JSONShape = .wrapped
        /// Whether the image width and height are written (without them coordinates stay normalised
        /// with no known aspect ratio).
        public var includeImageSize = true
        /// Whether MediaPipe's world landmarks (metres, origin between the hips) are written.
        public var includeWorld = true
        /// Whether each frame's time is written (milliseconds in CSV).
        public var includeTime = true
        /// Decimal places for coordinates; nil keeps full precision (shortest round-trip form).
        public var decimals: Int?
        /// Options; by default everything is written at full precision in the wrapped shape.
        public init(
            shape: JSONShape = .wrapped, includeImageSize: Bool = true, includeWorld: Bool = true,
            includeTime: Bool = true, decimals: Int? = nil
        ) {
            self.shape = shape
            self.includeImageSize = includeImageSize
            self.includeWorld = includeWorld
            self.includeTime = includeTime
            self.decimals = decimals
        }
    }

    static func num(_ v: Double, _ decimals: Int?) -> String {
        guard let d = decimals else { return JSONWriter.format(v) }
        return formatNumber(v, digits: d)
    }

    static let mediapipeJoints = Joint.allCases.filter { $0.rawValue < 33 }

    /// Normalised image landmarks of a frame, in MediaPipe's index order (empty: no person).
    public static func landmarks(_ r: SyntheticRecording, _ f: SyntheticFrame) -> [(x: Double, y: Double, z: Double)] {
        normalized(r, f) ?? []
    }

    /// Normalised image landmarks of a frame, in MediaPipe's index order.
    static func normalized(_ r: SyntheticRecording, _ f: SyntheticFrame) -> [(x: Double, y: Double, z: Double)]? {
        guard f.pose != nil else { return nil }
        let c = r.camera
        return mediapipeJoints.map { j in
            let q = f.image[j] ?? (0, 0, 0)
            return (q.x / c.imageWidth, q.y / c.imageHeight, q.depth / c.imageWidth)
        }
    }

    /// One frame as a JSON object, with its index and time overridden (for long recordings
    /// built by repeating a short one).
    public static func jsonFrame(
        _ r: SyntheticRecording, _ f: SyntheticFrame, index: Int, time: Double, options o: Options = .init()
    ) -> String {
        var s = "{\"frame\":\(index)"
        if o.includeTime { s += ",\"timestamp_ms\":\(num(time * 1000, o.decimals.map { _ in 3 }))" }
        if o.shape != .wrapped && o.includeImageSize {
            s +=
                ",\"image_width\":\(JSONWriter.format(r.camera.imageWidth)),\"image_height\":\(JSONWriter.format(r.camera.imageHeight))"
        }
        s += ",\"pose_landmarks\":["
        if let lms = normalized(r, f) {
            s += lms.map {
                "{\"x\":\(num($0.x, o.decimals)),\"y\":\(num($0.y, o.decimals)),\"z\":\(num($0.z, o.decimals)),\"visibility\":\(num(f.visibility, o.decimals))}"
            }.joined(separator: ",")
        }
        s += "]"
        if o.includeWorld {
            s += ",\"pose_world_landmarks\":["
            let w = r.world(f)
            if !w.isEmpty {
                s += mediapipeJoints.map { j in
                    let p = w[j] ?? .zero
                    return
                        "{\"x\":\(num(p.x, o.decimals)),\"y\":\(num(p.y, o.decimals)),\"z\":\(num(p.z, o.decimals)),\"visibility\":\(num(f.visibility, o.decimals))}"
                }.joined(separator: ",")
            }
            s += "]"
        }
        return s + "}"
    }

    /// What comes before the first frame and after the last one, for a shape.
    public static func jsonEnvelope(_ r: SyntheticRecording, options o: Options = .init()) -> (
        head: String, separator: String, tail: String
    ) {
        switch o.shape {
        case .lines: return ("", "\n", "\n")
        case .list: return ("[\n", ",\n", "\n]\n")
        case .wrapped:
            var head = "{\"fps\":\(JSONWriter.format(r.fps))"
            if o.includeImageSize {
                head +=
                    ",\"image_width\":\(JSONWriter.format(r.camera.imageWidth)),\"image_height\":\(JSONWriter.format(r.camera.imageHeight))"
            }
            return (head + ",\"frames\":[\n", ",\n", "\n]}\n")
        }
    }

    /// The whole recording as MediaPipe JSON in `options.shape`.
    public static func json(_ r: SyntheticRecording, options o: Options = .init()) -> String {
        let e = jsonEnvelope(r, options: o)
        return e.head
            + r.frames.map { jsonFrame(r, $0, index: $0.index, time: $0.time, options: o) }.joined(
                separator: e.separator) + e.tail
    }

    /// The wide CSV's header line: `frame`, optionally `timestamp_ms`, `image_width` and
    /// `image_height`, then `<landmark>_x`, `_y`, `_z` and `_visibility` for the 33 landmarks.
    public static func csvHeader(options o: Options = .init()) -> String {
        var header = ["frame"]
        if o.includeTime { header.append("timestamp_ms") }
        if o.includeImageSize { header += ["image_width", "image_height"] }
        for j in mediapipeJoints { header += ["x", "y", "z", "visibility"].map { "\(j.snakeName)_\($0)" } }
        return header.joined(separator: ",") + "\n"
    }

    /// One CSV row for frame `f`, numbered `index` at `time` seconds, in `csvHeader`'s columns.
    public static func csvRow(
        _ r: SyntheticRecording, _ f: SyntheticFrame, index: Int, time: Double, options o: Options = .init()
    ) -> String {
        var row = [String(index)]
        if o.includeTime { row.append(num(time * 1000, o.decimals.map { _ in 3 })) }
        if o.includeImageSize {
            row += [JSONWriter.format(r.camera.imageWidth), JSONWriter.format(r.camera.imageHeight)]
        }
        if let lms = normalized(r, f) {
            for l in lms {
                row += [
                    num(l.x, o.decimals), num(l.y, o.decimals), num(l.z, o.decimals), num(f.visibility, o.decimals),
                ]
            }
        } else {
            row += Array(repeating: "", count: 33 * 4)
        }
        return row.joined(separator: ",") + "\n"
    }

    /// Wide CSV: `frame,timestamp_ms[,image_width,image_height],nose_x,nose_y,nose_z,nose_visibility,…`.
    public static func csv(_ r: SyntheticRecording, options o: Options = .init()) -> String {
        csvHeader(options: o) + r.frames.map { csvRow(r, $0, index: $0.index, time: $0.time, options: o) }.joined()
    }
}
