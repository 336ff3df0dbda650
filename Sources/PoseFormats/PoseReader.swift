// The reader interface: every format streams canonical frames through `PoseFrameSource`.
import PoseModel
import PoseScanning

/// A stream of frames from one export. Readers convert to canonical coordinates (y up) and
/// flag frame defects on the frame; they throw only for input that cannot be read at all.
public protocol PoseFrameSource {
    /// What is known about the recording. Available before the first frame.
    var info: RecordingInfo { get }
    /// The next frame in input order, or nil at the end.
    mutating func nextFrame() throws(FormatError) -> PoseFrame?
}

/// A 2D image size in pixels.
public struct ImageSize: Hashable, Sendable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Double
    /// Height in pixels.
    public var height: Double
    /// A size in pixels.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
    /// Parses `WxH`, e.g. `1920x1080`.
    public init?(parsing s: String) {
        let parts = s.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Double(String(parts[0])), let h = Double(String(parts[1])),
            w.isFinite, h.isFinite, w > 0, h > 0, !parts[0].contains(where: { !$0.isNumber && $0 != "." }),
            !parts[1].contains(where: { !$0.isNumber && $0 != "." })
        else { return nil }
        self.init(width: w, height: h)
    }
    /// `WIDTHxHEIGHT`, as `--image-size` takes it.
    public var description: String { "\(formatNumber(width, digits: 0))x\(formatNumber(height, digits: 0))" }
}

/// Which of a file's coordinate sets to grade.
public enum CoordinateChoice: String, Sendable, CaseIterable {
    /// 2D image landmarks (the default: world landmarks read a straight leg as 15–30° of flexion).
    case image
    /// 3D world landmarks in metres.
    case world
}

/// The formats PoseCheck reads.
public enum PoseFormat: String, Sendable, CaseIterable {
    case mediapipeJSON = "mediapipe-json"
    case mediapipeCSV = "mediapipe-csv"
    /// OpenSim .mot/.sto coordinates (both header styles).
    case opensimMot = "opensim-mot"
    /// Sports2D's .mot angle files (read by the same reader as OpenSim's).
    case sports2dMot = "sports2d-mot"
    /// Joint angles in CSV, named after PoseCheck's metrics.
    case anglesCSV = "angles-csv"
    /// Joint angles in JSON, named after PoseCheck's metrics.
    case anglesJSON = "angles-json"
    /// OpenPose per-frame JSON (one file, or a folder of `*_keypoints.json`).
    case openposeJSON = "openpose-json"
    /// COCO keypoint annotations (dataset) or results files.
    case cocoJSON = "coco-json"
    /// TensorFlow.js pose-detection output (`keypoints: [{x, y, score, name}]`).
    case tfjsJSON = "tfjs-json"
    /// MoveNet raw output tensors ([y, x, score] rows).
    case movenetJSON = "movenet-json"
    /// Apple Vision body pose, joints by name.
    case appleVisionJSON = "apple-vision-json"
    /// Azure Kinect Body Tracking offline-processor JSON.
    case azureKinectJSON = "azure-kinect-json"
    /// Kinect v2 CSV with joint-name columns (metres).
    case kinectV2CSV = "kinect-v2-csv"
    /// TRC marker files (OpenSim, Pose2Sim, Sports2D).
    case trc = "trc"
    /// Long keypoint CSV: one row per frame and landmark.
    case longCSV = "mediapipe-long-csv"
}

/// How a recording is read: what the file does not say (image size, frame rate), and choices (format, person, skeleton).
public struct ReadOptions: Sendable {
    /// The image size for normalised coordinates (`--image-size`); overrides the file.
    public var imageSize: ImageSize?
    /// Image landmarks (default) or MediaPipe world landmarks.
    public var coordinates: CoordinateChoice = .image
    /// Frames per second for files without timestamps (`--fps`).
    public var frameRate: Double?
    /// The unit of a time column or key whose name does not say it (`timestamp`); nil leaves
    /// such a time unread (a note says so).
    public var timeUnit: TimeUnit?
    /// Forces a format instead of detecting it.
    public var format: PoseFormat?
    /// Accept `NaN`/`Infinity` tokens in JSON and flag the values as `non_finite`.
    public var allowNonFiniteJSON = false
    /// Only these joints are read (for a spec: `StretchSpec.joints`); nil reads all. Columns of
    /// other joints, and image-space depth (canonical image coordinates are flat), are skipped
    /// without converting them, and their defects are not reported.
    public var joints: Set<Joint>?
    /// How an OpenSim model signs knee flexion.
    public var kneeSign: KneeSign = .auto
    /// Forces a keypoint layout (`body-25`, `body-25b`, `coco-17`, …) for formats where the
    /// count is ambiguous.
    public var skeleton: String?
    /// Which person to grade when a frame has several.
    public var person: PersonSelection = .mostConfident
    /// The CSV readers split plain records in one pass (their fast path). Turning it off gives
    /// the same frames and errors more slowly; the differential tests and fuzzers compare the
    /// two. JSON has one path: the scanner read on demand, whatever the layout.
    public var fastPaths = true
    /// What a `FrameFeed` read of its stream before these bytes, when it reads each line on its
    /// own; nil for a whole file.
    package var stream: StreamSoFar?
    /// Options; every default reads the file as it is.
    public init(
        imageSize: ImageSize? = nil, coordinates: CoordinateChoice = .image, frameRate: Double? = nil,
        format: PoseFormat? = nil, joints: Set<Joint>? = nil
    ) {
        self.joints = joints
        self.imageSize = imageSize
        self.coordinates = coordinates
        self.frameRate = frameRate
        self.format = format
    }
}

/// What the lines a `FrameFeed` read before decided, for a reader given the next line alone,
/// so that the line is read as it would be within the whole file.
package struct StreamSoFar: Sendable {
    /// A frame with landmarks has shown which coordinates the stream holds: a frame without
    /// those asked for is then flagged, not the stream refused.
    package var landmarksSeen = false
    /// The coordinates the stream's first frame was read in (a CSV decides its units and image
    /// size from its first data row, a JSON document from its metadata).
    package var space: CoordinateSpace?
    /// The index of the stream's last frame: a frame without a number follows it.
    package var lastIndex: Int?
    /// Who the stream's frames of several people grade, as the lines read so far followed them
    /// (`PersonTracker`): a reader of the next line goes on from it.
    package var tracker: PersonTracker?
    /// The bytes open with the stream's header (a CSV's) or metadata line (JSON Lines'), read
    /// before each line.
    package var opensWithHeader = false
    /// The line of the stream's first frame (after its header or metadata line, if any): what
    /// the whole file's reader takes from its first frame (a header-less CSV's layout, angle
    /// JSON's columns, a keypoint format's image size and time key), for a reader of a later
    /// line.
    package var openingLine: [UInt8]?

    package init() {}
}

/// Opens exports: detects the format from the content and returns a frame source.
public enum PoseReader {
    /// The person tracker of a reader of frames of several people (a CSV with a row per
    /// person, the keypoint JSON formats), as its frames left it; nil for other readers. A
    /// stream's next line is read from it (`StreamSoFar.tracker`).
    package static func personTracker(of source: any PoseFrameSource) -> PersonTracker? {
        if let reader = source as? MediaPipeCSVReader { return reader.personTracker }
        if let reader = source as? KeypointJSONReader { return reader.personTracker }
        return nil
    }

    /// What one line of JSON Lines shows before a stream's format is known: the format its
    /// data decides (`JSONShape`), nil when it decides none; and whether it is a frame in which
    /// nobody was detected (`{"frame": 0, "persons": []}`, `JSONShape.holdsNothing`).
    package static func jsonLine(_ line: [UInt8]) -> (format: PoseFormat?, holdsNothing: Bool) {
        let value = try? JSONScanner.parseDocument(.memory(line), allowNonFinite: true, rejectsDuplicateKeys: false)
        return (JSONShape.decidedFormat(.memory(line)), value.map(JSONShape.holdsNothing) ?? false)
    }

    /// Detects the format from the content (the extension is not trusted: exports are often
    /// renamed). JSON starts with `{` or `[` and is told by the shape of its frames
    /// (`JSONShape`); otherwise the first 64 KiB decide: a motion file has an `endheader` line or
    /// OpenSim header keys; a CSV is an angle table when a header cell names an angle and none a
    /// landmark.
    public static func detect(_ input: ByteInput) -> PoseFormat {
        var w = ByteWindow(input)
        let prefix = w.peekBytes(1 << 16)
        var i = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[i]) { i += 1 }
        if i < prefix.count, prefix[i] == UInt8(ascii: "{") || prefix[i] == UInt8(ascii: "[") {
            return JSONShape.detect(input)
        }
        // Text: the first 40 non-empty lines (split at CR and LF, on bytes: a header is short,
        // the 64 KiB behind it is not decoded).
        var lines: [ArraySlice<UInt8>] = []
        var start = i
        while lines.count < 40, start < prefix.count {
            let end = prefix[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? prefix.count
            if end > start { lines.append(prefix[start..<end]) }
            start = end + 1
        }
        if let first = lines.first, startsWithLowercased(first, "pathfiletype") { return .trc }
        for line in lines {
            var l = line
            while let b = l.first, b == 0x20 || b == 0x09 { l.removeFirst() }
            while let b = l.last, b == 0x20 || b == 0x09 { l.removeLast() }
            if (startsWithLowercased(l, "endheader") && l.count == 9) || startsWithLowercased(l, "nrows=")
                || startsWithLowercased(l, "ncolumns=")
                || startsWithLowercased(l, "indegrees=") || startsWithLowercased(l, "datacolumns ")
                || startsWithLowercased(l, "# simm motion file header")
            {
                return .opensimMot
            }
        }
        if let header = lines.first {
            let cells = String(decoding: header, as: UTF8.self).split(whereSeparator: {
                $0 == "," || $0 == ";" || $0 == "\t"
            })
            .map { $0.trimmingCharacters(in: " \"") }
            let angle = cells.contains { AngleChannel(label: $0) != nil }
            let landmark = cells.contains { MediaPipeCSVReader.landmarkColumn($0.lowercased()) != nil }
            if angle && !landmark { return .anglesCSV }
            if cells.contains(where: MediaPipeCSVReader.isKinectName) { return .kinectV2CSV }
            let lower = Set(cells.map { $0.lowercased() })
            if !lower.isDisjoint(with: LongCSVReader.xNames), !lower.isDisjoint(with: LongCSVReader.yNames),
                !lower.isDisjoint(with: LongCSVReader.landmarkNames)
            {
                return .longCSV
            }
        }
        return .mediapipeCSV
    }

    /// A file name with its last run of digits (the frame number) replaced by `#`.
    static func namePattern(_ name: String) -> String {
        let bytes = name.utf8
        guard let last = bytes.lastIndex(where: { $0 &- 48 < 10 }) else { return name }
        var first = last
        while first > bytes.startIndex, bytes[bytes.index(before: first)] &- 48 < 10 {
            first = bytes.index(before: first)
        }
        let before = String(decoding: bytes[..<first], as: UTF8.self)
        let after = String(decoding: bytes[bytes.index(after: last)...], as: UTF8.self)
        return before + "#" + after
    }

    /// What a binary file people give by mistake is, from its first bytes (a video instead of
    /// the tracker's output, a spreadsheet instead of its CSV), and what to do; nil for anything
    /// else.
    static func binaryKind(_ head: [UInt8]) -> (what: String, todo: String)? {
        func at(_ offset: Int, _ signature: [UInt8]) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        let tracker = "run a pose tracker (MediaPipe, OpenPose, …) on it and give PoseCheck the tracker's output"
        if at(4, Array("ftyp".utf8)) { return ("a video or image file (MP4, QuickTime, HEIC or AVIF)", tracker) }
        if at(0, [0x1A, 0x45, 0xDF, 0xA3]) || at(0, Array("RIFF".utf8)) {
            return ("a video, audio or image file (Matroska, WebM, AVI, WAV or WebP)", tracker)
        }
        if at(0, [0xFF, 0xD8, 0xFF]) || at(0, [0x89, 0x50, 0x4E, 0x47]) || at(0, Array("GIF8".utf8)) {
            return ("an image (JPEG, PNG or GIF)", tracker)
        }
        if at(0, Array("PK".utf8) + [3, 4]) {
            return ("a ZIP archive (an Excel workbook is one)", "save the sheet as CSV, or unpack the archive")
        }
        if at(0, [0x89] + Array("HDF".utf8)) {
            return (
                "an HDF5 file (DeepLabCut writes .h5)",
                "export its CSV (deeplabcut.analyze_videos(..., save_as_csv=True))"
            )
        }
        if at(0, [0x93] + Array("NUMPY".utf8)) {
            return ("a NumPy array (.npy)", "save it as CSV (numpy.savetxt(..., delimiter=\",\"))")
        }
        if at(0, Array("%PDF".utf8)) { return ("a PDF document", "give PoseCheck a tracker's JSON or CSV export") }
        return nil
    }

    /// Which UTF-16 the file's first bytes are, in words: a byte-order mark, or ASCII text with a
    /// zero byte after (little-endian) or before (big-endian) each character, as Windows tools
    /// save "Unicode" text; nil for anything else.
    static func utf16Kind(_ start: [UInt8]) -> String? {
        let head = start.prefix(16)
        if head.starts(with: [0xFF, 0xFE]) { return "little-endian, with a byte-order mark" }
        if head.starts(with: [0xFE, 0xFF]) { return "big-endian, with a byte-order mark" }
        // Without a mark, the first 16 bytes decide, all of them: on fewer, bytes appended
        // after the input would change the verdict.
        guard head.count == 16 else { return nil }
        let pairs = stride(from: 0, to: head.count - 1, by: 2).map { (start[$0], start[$0 + 1]) }
        func isText(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0D || (0x20..<0x7F).contains(b) }
        if pairs.allSatisfy({ isText($0.0) && $0.1 == 0 }) { return "little-endian, without a byte-order mark" }
        if pairs.allSatisfy({ $0.0 == 0 && isText($0.1) }) { return "big-endian, without a byte-order mark" }
        return nil
    }

    /// The input's first bytes, as many as the checks before a format is detected look at
    /// (`isBlank`, `utf16Kind`, `binaryKind`): read once for all three.
    static func head(_ input: ByteInput) -> [UInt8] {
        var window = ByteWindow(input)
        return window.peekBytes(1 << 16)
    }

    /// No bytes, or only a byte-order mark and white space (the input's `head`): nothing any
    /// format could read.
    static func isBlank(_ prefix: [UInt8]) -> Bool {
        guard prefix.count < 1 << 16 else { return false }
        let body = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? prefix.dropFirst(3) : prefix[...]
        return body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Whether the bytes start with the ASCII text `lowercase` (given in lower case), in any case.
    private static func startsWithLowercased(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count >= lowercase.utf8CodeUnitCount else { return false }
        var i = bytes.startIndex
        for k in 0..<lowercase.utf8CodeUnitCount {
            let b = bytes[i]
            if (b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b) != lowercase.utf8Start[k] { return false }
            i += 1
        }
        return true
    }

    /// Opens a path: a file, or a folder of per-frame OpenPose files (`openPoseFrameFiles`).
    public static func open(path: String, options: ReadOptions = .init()) throws(InputOrFormatError)
        -> any PoseFrameSource
    {
        if listFolder(path) != nil {
            guard let frames = openPoseFrameFiles(inFolder: path) else {
                throw .input(
                    InputError(
                        path: path,
                        message:
                            "cannot open '\(path)': it is a folder without OpenPose frame files (JSON files numbered by frame, each holding \"people\")"
                    ))
            }
            do {
                return FrameSequence(
                    try OpenPoseReader(folder: path, files: frames, options: options), numbersFromNames: true)
            } catch { throw .format(error) }
        }
        let input: ByteInput
        do { input = try ByteInput.open(path: path) } catch { throw .input(error) }
        do { return try open(input, path: path, options: options) } catch { throw .format(error) }
    }

    /// The frame files of a folder that holds one OpenPose recording, or nil when it does not:
    /// the `.json` files named by one pattern with a frame number (`cam01.0000.json`,
    /// `Static_cam_01.00000.json`, `clip_000000000012_keypoints.json`; the pattern most files
    /// share, so a stray `settings_v2.json` is not a frame), provided the first of them whose
    /// content shows a format shows OpenPose frames. Frames are ordered by the last number in
    /// each name.
    public static func openPoseFrameFiles(inFolder path: String) -> [String]? {
        guard let names = listFolder(path) else { return nil }
        var byPattern: [String: [String]] = [:]
        for name in names where lastNumber(in: name) != nil {
            byPattern[namePattern(name), default: []].append(name)
        }
        guard var numbered = byPattern.values.max(by: { ($0.count, $1.first ?? "") < ($1.count, $0.first ?? "") })
        else { return nil }
        // Each name's number found once, not once per comparison.
        numbered = numbered.map { (number: lastNumber(in: $0) ?? 0, name: $0) }.sorted { $0 < $1 }.map(\.name)
        // A damaged frame file (cut short, empty) decides nothing: the next ones are asked.
        for name in numbered.prefix(8) {
            guard let input = try? ByteInput.open(path: path + "/" + name), !isBlank(head(input)),
                let format = JSONShape.decidedFormat(input)
            else { continue }
            return format == .openposeJSON ? numbered : nil
        }
        return nil
    }

    /// Opens bytes already at hand (a file, memory, a spool) as a stream of frames; `path` names them in errors.
    public static func open(_ input: ByteInput, path: String, options: ReadOptions = .init()) throws(FormatError)
        -> any PoseFrameSource
    {
        judged(try openReader(input, path: path, options: options))
    }

    /// The reader's frames with their numbers judged (`FrameSequence`), for the reader's own type.
    private static func judged<Source: PoseFrameSource>(_ reader: Source) -> any PoseFrameSource {
        FrameSequence(reader)
    }

    /// The reader of `input`'s format, its frames as the file gives them (their numbers not yet
    /// judged: `open` does that): for a caller that judges them itself over a stream.
    package static func openReader(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError)
        -> any PoseFrameSource
    {
        let firstBytes = head(input)
        if isBlank(firstBytes) {
            throw FormatError(
                .unreadable, code: "empty_input", message: "the file is empty", path: path,
                location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        if let encoding = utf16Kind(firstBytes) {
            throw FormatError(
                .unreadable, code: "unsupported_encoding",
                message:
                    "this file is UTF-16 text (\(encoding)); PoseCheck reads UTF-8: save it as UTF-8 (Excel: \"CSV UTF-8\"; Python: encoding=\"utf-8\")",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        if let kind = binaryKind(firstBytes) {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this is \(kind.what), not a pose export: \(kind.todo)",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        switch options.format ?? detect(input) {
        case .mediapipeJSON: return try MediaPipeJSONReader(input, path: path, options: options)
        case .mediapipeCSV: return try MediaPipeCSVReader(input, path: path, options: options)
        case .opensimMot, .sports2dMot: return try MotReader(input, path: path, options: options)
        case .anglesCSV: return try AngleCSVReader(input, path: path, options: options)
        case .anglesJSON: return try AngleJSONReader(input, path: path, options: options)
        case .openposeJSON: return try OpenPoseReader(input, path: path, options: options)
        case .tfjsJSON: return try KeypointJSONReader(input, path: path, kind: .tfjs, options: options)
        case .movenetJSON: return try KeypointJSONReader(input, path: path, kind: .movenet, options: options)
        case .appleVisionJSON: return try KeypointJSONReader(input, path: path, kind: .appleVision, options: options)
        case .azureKinectJSON: return try KeypointJSONReader(input, path: path, kind: .azureKinect, options: options)
        case .cocoJSON: return try COCOReader(input, path: path, options: options)
        case .kinectV2CSV: return try MediaPipeCSVReader(input, path: path, options: options)
        case .trc: return try TRCReader(input, path: path, options: options)
        case .longCSV: return try LongCSVReader(input, path: path, options: options)
        }
    }

    /// Reads a whole recording into memory from a path (file or frame folder).
    public static func readRecording(path: String, options: ReadOptions = .init()) throws(InputOrFormatError)
        -> Recording
    {
        var source = try open(path: path, options: options)
        var frames: [PoseFrame] = []
        do { while let f = try source.nextFrame() { frames.append(f) } } catch { throw .format(error) }
        return Recording(info: source.info, frames: frames)
    }

    /// Reads a whole recording into memory (for the whole-recording API and tests).
    public static func readRecording(_ input: ByteInput, path: String, options: ReadOptions = .init())
        throws(FormatError) -> Recording
    {
        var source = try open(input, path: path, options: options)
        var frames: [PoseFrame] = []
        while let f = try source.nextFrame() { frames.append(f) }
        return Recording(info: source.info, frames: frames)
    }
}

extension StringProtocol {
    /// Without the given leading and trailing characters.
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

/// The note that lists keys a reader skipped (each once, in the order met), or nil for none.
/// `inspect` shows it with the other notes.
func skippedKeysNote(_ keys: [String]) -> String? {
    var seen: Set<String> = []
    let unique = keys.filter { seen.insert($0).inserted }
    guard !unique.isEmpty else { return nil }
    let more = unique.count > maxListedKeys ? ", …" : ""
    return skippedKeysPrefix + unique.prefix(maxListedKeys).joined(separator: ", ") + more
}

/// Keys listed by name; more (frames keyed by number, say) end the list with "…".
let maxListedKeys = 16

let skippedKeysPrefix = "keys not used (skipped): "

/// Resolves the coordinate space of normalised image data from an option, the file, or neither.
func normalizedSpace(option: ImageSize?, file: ImageSize?, notes: inout [String]) -> CoordinateSpace {
    if let o = option {
        if let f = file, f != o {
            notes.append("ReadOptions.imageSize \(o) overrides the file's \(f)")
        }
        return .normalizedImage(width: o.width, height: o.height, sizeSource: .option)
    }
    if let f = file { return .normalizedImage(width: f.width, height: f.height, sizeSource: .file) }
    notes.append(
        "no image size in the file and no ReadOptions.imageSize: square pixels assumed, so unless the video is square, angles are distorted and segments across the image look foreshortened (not assessable): give ReadOptions.imageSize = WxH"
    )
    return .normalizedImage(width: 1, height: 1, sizeSource: .assumedSquare)
}

/// Either kind of failure opening a path.
public enum InputOrFormatError: Error, Sendable {
    case input(InputError)
    case format(FormatError)
}

extension Character {
    /// 0–9 only (`isNumber` also takes other scripts' digits and fractions).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
