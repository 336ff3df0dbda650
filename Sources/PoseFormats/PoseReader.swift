// The reader interface: every format streams canonical frames through `PoseFrameSource`.
import PoseModel

/// A stream of frames from one export. Readers convert to canonical coordinates (SPEC §2) and
/// flag frame defects on the frame; they throw only for input that cannot be read at all.
public protocol PoseFrameSource {
    /// What is known about the recording. Available before the first frame.
    var info: RecordingInfo { get }
    /// The next frame in input order, or nil at the end.
    mutating func nextFrame() throws(FormatError) -> PoseFrame?
}

/// A 2D image size in pixels.
public struct ImageSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Double
    public var height: Double
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
    public var description: String { "\(formatNumber(width, digits: 0))x\(formatNumber(height, digits: 0))" }
}

/// Which of a file's coordinate sets to grade.
public enum CoordinateChoice: String, Sendable, CaseIterable {
    /// 2D image landmarks (the default: see SPEC §4 on world landmarks and straight legs).
    case image
    /// 3D world landmarks in metres.
    case world
}

/// The formats PoseCheck reads.
public enum PoseFormat: String, Sendable, CaseIterable {
    case mediapipeJSON = "mediapipe-json"
    case mediapipeCSV = "mediapipe-csv"
}

public struct ReadOptions: Sendable {
    public var imageSize: ImageSize?
    public var coordinates: CoordinateChoice = .image
    public var frameRate: Double?
    /// Forces a format instead of detecting it.
    public var format: PoseFormat?
    /// Accept `NaN`/`Infinity` tokens in JSON and flag the values as `non_finite`.
    public var allowNonFiniteJSON = false
    /// Only these joints are read (for a spec: `StretchSpec.joints`); nil reads all. Columns of
    /// other joints are skipped without converting them, and their defects are not reported.
    public var joints: Set<Joint>?
    public init(imageSize: ImageSize? = nil, coordinates: CoordinateChoice = .image, frameRate: Double? = nil,
                format: PoseFormat? = nil, joints: Set<Joint>? = nil) {
        self.joints = joints
        self.imageSize = imageSize
        self.coordinates = coordinates
        self.frameRate = frameRate
        self.format = format
    }
}

/// Opens exports: detects the format from the content and returns a frame source.
public enum PoseReader {
    /// Detects the format from the first bytes: JSON starts with `{` or `[`; anything else is
    /// read as CSV. The extension is not trusted (exports are often renamed).
    public static func detect(_ input: ByteInput) -> PoseFormat {
        var w = ByteWindow(input)
        var i = 0
        if w.peek() == 0xEF, w.peek(at: 1) == 0xBB, w.peek(at: 2) == 0xBF { i = 3 }
        while let b = w.peek(at: i), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 }
        let b = w.peek(at: i)
        return b == UInt8(ascii: "{") || b == UInt8(ascii: "[") ? .mediapipeJSON : .mediapipeCSV
    }

    public static func open(_ input: ByteInput, path: String, options: ReadOptions = .init()) throws(FormatError) -> any PoseFrameSource {
        switch options.format ?? detect(input) {
        case .mediapipeJSON: return try MediaPipeJSONReader(input, path: path, options: options)
        case .mediapipeCSV: return try MediaPipeCSVReader(input, path: path, options: options)
        }
    }

    /// Reads a whole recording into memory (for the whole-recording API and tests).
    public static func readRecording(_ input: ByteInput, path: String, options: ReadOptions = .init()) throws(FormatError) -> Recording {
        var source = try open(input, path: path, options: options)
        var frames: [PoseFrame] = []
        while let f = try source.nextFrame() { frames.append(f) }
        return Recording(info: source.info, frames: frames)
    }
}

/// Resolves the coordinate space of normalised image data from an option, the file, or neither.
func normalizedSpace(option: ImageSize?, file: ImageSize?, notes: inout [String]) -> CoordinateSpace {
    if let o = option {
        if let f = file, f != o {
            notes.append("--image-size \(o) overrides the file's \(f)")
        }
        return .normalizedImage(width: o.width, height: o.height, sizeSource: .option)
    }
    if let f = file { return .normalizedImage(width: f.width, height: f.height, sizeSource: .file) }
    notes.append("no image size in the file and no --image-size: square pixels assumed, so angles are distorted unless the video is square")
    return .normalizedImage(width: 1, height: 1, sizeSource: .assumedSquare)
}

/// Tracks frame numbering across a stream and flags duplicates and disorder.
struct FrameNumbering {
    var last: Int?
    var seen = 0

    /// Returns the index for a frame and any issue with it. `number` is the file's frame number.
    mutating func index(for number: Int?, line: Int?) -> (Int, FrameIssue?) {
        defer { seen += 1 }
        guard let n = number else { return (seen, nil) }
        defer { last = max(last ?? n, n) }
        guard let l = last else { return (n, nil) }
        let at = line.map { " (line \($0))" } ?? ""
        if n == l {
            return (n, FrameIssue(code: "duplicate_frame", message: "duplicate frame number \(n)\(at)"))
        }
        if n < l {
            return (n, FrameIssue(code: "out_of_order", message: "frame number \(n) comes after \(l)\(at)"))
        }
        return (n, nil)
    }
}
