// The command line's hints: which flag to pass when the library could not decide something.
// The library's reasons carry no flag names; the CLI adds them here, by the reason's value.
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning

extension ReportHints {
    /// The flags a report points to, as `posecheck` spells them.
    static let commandLine = ReportHints(
        frontSideSource: "from --front", frameRate: "pass --fps N", frontSide: "pass --front left|right",
        imageSizeOption: "--image-size", person: "--person largest or --person N chooses who is graded")
}

extension ReportHints {
    /// The command line's hints for a recording read with `info`: for untimed frames, the flag
    /// that reads its time field when it went unread for want of a unit, or the frame rate.
    static func commandLine(for info: RecordingInfo?) -> ReportHints {
        var hints = commandLine
        hints.frameRate = frameTimes(info)
        return hints
    }

    /// How to give untimed frames their times (`commandLine(for:)`).
    static func frameTimes(_ info: RecordingInfo?) -> String {
        guard let field = info?.unreadUnitlessTimeField else { return "pass --fps N" }
        return "pass --time-unit s|ms|us to read \"\(field)\" (its name does not say its unit), or --fps N"
    }
}

extension RecordingSummary {
    /// The summary with the flag that would give what was missing: the frame times for untimed
    /// frames (`ReportHints.frameTimes`, from the recording's `info`), the front side for checks
    /// it left unmeasured.
    func withCommandLineHints(_ info: RecordingInfo?) -> RecordingSummary {
        var s = self
        if verdictCause == .timeUnknown { s.verdictReason += ": " + ReportHints.frameTimes(info) }
        if imageSizeAssumed { s.verdictReason += ": pass --image-size WxH" }
        let frontUnknown = Unassessable.frontSideUnknown.description
        for i in s.checks.indices where s.checks[i].commonReason == frontUnknown {
            s.checks[i].commonReason = ReportHints.commandLine.reason(.frontSideUnknown)
        }
        return s
    }
}

extension FrontSideDecision {
    /// The decision's note with the flag that settles an undecided side.
    var noteWithCommandLineHint: String? {
        guard let note, method == "auto" else { return note }
        if side == nil { return note + "; pass --front left|right" }
        if ambiguous { return note + "; pass --front to set it" }
        return note
    }
}

/// The reading settings that notes and errors name by their Swift names, as flags.
let commandLineFlags: [String: String] = [
    "ReadOptions.skeleton": "--skeleton", "ReadOptions.imageSize": "--image-size", "ReadOptions.frameRate": "--fps",
    "ReadOptions.person": "--person", "ReadOptions.coordinates": "--coordinates", "ReadOptions.kneeSign": "--knee-sign",
    "ReadOptions.allowNonFiniteJSON": "--allow-nan", "ReadOptions.timeUnit": "--time-unit",
]

/// A note or message from the library in the command line's words: each setting it names
/// (`ReadOptions.skeleton = body-25`) becomes its flag (`--skeleton body-25`).
func commandLineWording(_ text: String) -> String {
    guard text.contains("ReadOptions.") else { return text }
    var worded = text
    // No name is a prefix of another, so the order of the replacements does not matter.
    for (name, flag) in commandLineFlags {
        worded = worded.replacingOccurrences(of: name + " = ", with: flag + " ")
        worded = worded.replacingOccurrences(of: name, with: flag)
    }
    return worded
}

extension RecordingInfo {
    /// The info in the command line's words: flags for the settings its notes name, and the
    /// flag that turns smoothing off next to the smoothing note.
    var withCommandLineHints: RecordingInfo {
        var info = self
        info.notes = notes.map { note in
            let worded = commandLineWording(note)
            return note.hasPrefix(Grading.smoothingNotePrefix) ? worded + " (--smooth none to turn off)" : worded
        }
        info.timeSource = timeSource.map(commandLineWording)
        return info
    }
}

extension FormatError {
    /// The error in the command line's words: flags for the settings its message names, and
    /// the flag that reads Python's `NaN` and `Infinity`.
    var withCommandLineHints: FormatError {
        var e = self
        e.message = commandLineWording(message)
        if code == "invalid_token_NaN" || code == "invalid_token_Infinity" {
            e.message += "; --allow-nan reads it (its value is then flagged on its frame)"
        }
        return e
    }
}

extension RoutineSegment {
    func withCommandLineHints(_ info: RecordingInfo?) -> RoutineSegment {
        var s = self
        s.summary = s.summary.withCommandLineHints(info)
        return s
    }
}
