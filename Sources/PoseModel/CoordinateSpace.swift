// Where a recording's numbers live, and how they become canonical (y up) coordinates.
import PoseGeometry

/// The coordinate space of a source format. Readers call `canonical(x:y:z:)` to convert.
///
/// Canonical coordinates (PoseCheck docs, "What is measured, and what 0 means"): x horizontal, **y up**, z depth; units as the source
/// (pixels, metres, or normalised × image size). 2D spaces produce z = 0: angles are measured
/// in the image plane, which is what a side view is for.
public enum CoordinateSpace: Hashable, Sendable {
    /// Image pixels, y down.
    case imagePixels
    /// Normalised image coordinates in [0, 1], y down, scaled by an image size so angles are
    /// not distorted. `sizeSource` says where the size came from.
    case normalizedImage(width: Double, height: Double, sizeSource: ImageSizeSource)
    /// Image coordinates already y up (Apple Vision), normalised, scaled by the image size.
    case normalizedImageYUp(width: Double, height: Double, sizeSource: ImageSizeSource)
    /// Metric 3D coordinates. `yDown` is true for MediaPipe world landmarks.
    case world(unitsPerMetre: Double, yDown: Bool)
    /// No coordinates: a joint-angle export (OpenSim, Sports2D, angle tables). Frames carry
    /// `measured` values instead of keypoints.
    case jointAngles

    /// Where the image size that scales normalised coordinates came from, reported so a reader of
    /// the output can tell a measured aspect ratio from an assumed one.
    public enum ImageSizeSource: String, Hashable, Sendable {
        case file, option
        /// No size anywhere: square pixels assumed (angles are distorted unless the image is square).
        case assumedSquare
    }

    /// True for metric 3D spaces (`world`), where checks use depth; false for image spaces and
    /// joint-angle exports, which are measured in the image plane.
    public var isThreeDimensional: Bool {
        if case .world = self { return true }
        return false
    }

    /// True for normalised coordinates scaled by no size (`ImageSizeSource.assumedSquare`):
    /// their angles are distorted unless the video is square.
    public var imageSizeAssumed: Bool {
        switch self {
        case .normalizedImage(_, _, let source), .normalizedImageYUp(_, _, let source): return source == .assumedSquare
        case .imagePixels, .world, .jointAngles: return false
        }
    }

    /// Converts a source coordinate to canonical coordinates.
    @inline(__always)
    public func canonical(x: Double, y: Double, z: Double = 0) -> Vector3 {
        switch self {
        case .imagePixels: return Vector3(x, -y, 0)
        case .normalizedImage(let w, let h, _): return Vector3(x * w, -y * h, 0)
        case .normalizedImageYUp(let w, let h, _): return Vector3(x * w, y * h, 0)
        case .world(let k, let yDown):
            // Flipping y alone mirrors the scene; every angle PoseCheck measures is unsigned or
            // signed relative to directions taken from the same data, so a mirror changes none.
            let s = 1 / k
            return Vector3(x * s, (yDown ? -y : y) * s, z * s)
        case .jointAngles: return Vector3(x, y, z)
        }
    }

    /// A short description for reports; an image size given as an option is "size from an option".
    public var summary: String { summary(imageSizeOption: nil) }

    /// A short description for reports, naming `imageSizeOption` (how a front end spells its
    /// image-size option, such as a command line's flag) when the image size came from it; `nil`
    /// says "an option".
    public func summary(imageSizeOption: String?) -> String {
        switch self {
        case .imagePixels: return "image pixels (y down, flipped to y up)"
        case .normalizedImage(let w, let h, let src):
            return
                "normalised image coordinates × \(formatNumber(w, digits: 0))×\(formatNumber(h, digits: 0)) (\(src.words(option: imageSizeOption)))"
        case .normalizedImageYUp(let w, let h, let src):
            return
                "normalised image coordinates, y up, × \(formatNumber(w, digits: 0))×\(formatNumber(h, digits: 0)) (\(src.words(option: imageSizeOption)))"
        case .world(let k, let yDown):
            let unit = k == 1 ? "metres" : k == 1000 ? "millimetres" : "units of 1/\(k) m"
            return "world \(unit)\(yDown ? " (y down, flipped to y up)" : "")"
        case .jointAngles: return "joint angles measured by the exporter (no keypoints)"
        }
    }
}

extension CoordinateSpace.ImageSizeSource {
    func words(option: String?) -> String {
        switch self {
        case .file: return "size from the file"
        case .option: return "size from \(option ?? "an option")"
        case .assumedSquare: return "no image size: square pixels assumed"
        }
    }
}

/// What a reader knows about a recording before or while streaming its frames.
public struct RecordingInfo: Sendable {
    /// A stable format id, e.g. `mediapipe-json`, `mediapipe-csv`.
    public var format: String
    /// How the recording's numbers map to canonical coordinates (y up).
    public var space: CoordinateSpace
    /// Frames per second, from the file or an option, when known.
    public var frameRate: Double?
    /// Where frame times come from: "timestamps", "fps from the file", "ReadOptions.frameRate" (a
    /// rate the caller gave), or nil (unknown).
    public var timeSource: String?
    /// Things the user should know about how the file was read (assumptions, defaults).
    public var notes: [String]
    /// The keypoint layout (`mediapipe-33`, `body-25`, `coco-17`, …); nil for angle exports.
    public var skeleton: String?

    /// Describes a recording: `format` is the stable format id, `space` its coordinates; the rest is
    /// optional and defaults to unknown (no frame rate, no time source, no notes, no skeleton).
    public init(
        format: String, space: CoordinateSpace, frameRate: Double? = nil,
        timeSource: String? = nil, notes: [String] = [], skeleton: String? = nil
    ) {
        self.skeleton = skeleton
        self.format = format
        self.space = space
        self.frameRate = frameRate
        self.timeSource = timeSource
        self.notes = notes
    }
}

/// A whole recording in memory: for the whole-recording API and for tests. Streaming callers
/// use a frame source and an `EvaluationSession` instead.
public struct Recording: Sendable {
    /// What was known about the recording when it was read.
    public var info: RecordingInfo
    /// Every frame in input order, including those with issues (each gets a result).
    public var frames: [PoseFrame]
    /// A recording from its description and its frames.
    public init(info: RecordingInfo, frames: [PoseFrame]) {
        self.info = info
        self.frames = frames
    }
}
