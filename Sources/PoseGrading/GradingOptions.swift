// What to grade against and how to read a recording: the settings `posecheck check` and `grade`
// take as flags, with the same defaults.
import PoseFormats
import PoseModel

/// How a recording is graded. The defaults are the command line's: the front side decided by a
/// vote over the recording, keypoints smoothed with `median:5`, read ahead on a second thread.
public struct GradingOptions: Sendable {
    /// The stretch to grade against (ignored when `routine` is true).
    public var spec: StretchSpec
    /// `--stretch auto`: segment a routine and grade each stretch found.
    public var routine: Bool
    /// The side of the front leg, or `.auto` to decide it once per recording.
    public var front: FrontSideChoice = .auto
    /// How the file is read (format, image size, person, joints…).
    public var read = ReadOptions()
    /// Confidence threshold and frame rate for scoring.
    public var evaluation = EvaluationOptions()
    /// Keypoint smoothing; angle exports are never smoothed.
    public var smoothing = SmoothingMethod.default
    /// Seconds out of form that do not break a hold; nil keeps the spec's.
    public var dipTolerance: Double?
    /// Read the file on a second thread while this one scores. Batches turn it off, since their
    /// jobs already fill the cores.
    public var readAhead = true
    /// Read every joint the file has, not only those the stretch needs: a report's figure draws
    /// the whole body. Scores do not change; reading is slower.
    public var readsEveryJoint = false

    /// Options for one stretch, with the command line's defaults.
    public init(spec: StretchSpec) {
        self.spec = spec
        self.routine = false
    }

    /// Options for a routine (`--stretch auto`): each stretch found is graded.
    public static func routine() -> GradingOptions {
        var options = GradingOptions(spec: .scissorStance)
        options.routine = true
        return options
    }

    /// A frame rate for files without timestamps (`--fps`): used for reading and scoring.
    public var frameRate: Double? {
        get { evaluation.frameRate }
        set {
            read.frameRate = newValue
            evaluation.frameRate = newValue
        }
    }

    /// The stretch as grading applies it: adjusted for world coordinates and the dip tolerance.
    public var effectiveSpec: StretchSpec { resolved.spec }

    /// The options as grading applies them: the spec adjusted for world coordinates and the dip
    /// tolerance, and only the joints the spec (or every built-in spec, for a routine) needs read
    /// unless every joint is asked for.
    var resolved: GradingOptions {
        var r = self
        if r.read.coordinates == .world { r.spec = r.spec.adjustedForWorldCoordinates() }
        if let d = r.dipTolerance { r.spec.dipToleranceSeconds = d }
        if readsEveryJoint {
            r.read.joints = nil
        } else if r.routine {
            r.read.joints = StretchSpec.builtins.reduce(into: Set<Joint>()) { $0.formUnion($1.joints) }
        } else {
            r.read.joints = r.spec.joints
        }
        return r
    }
}
