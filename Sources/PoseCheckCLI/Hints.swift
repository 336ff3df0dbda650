// The command line's hints: which flag to pass when the library could not decide something.
// The library's reasons carry no flag names; the CLI adds them here, by the reason's value.
import PoseGrading
import PoseModel
import PoseReports

extension ReportHints {
    /// The flags a report points to, as `posecheck` spells them.
    static let commandLine = ReportHints(
        frontSideSource: "from --front", frameRate: "pass --fps N", frontSide: "pass --front left|right",
        imageSizeOption: "--image-size")
}

extension RecordingSummary {
    /// The summary with the flag that would give what was missing: a frame rate for untimed
    /// frames, the front side for checks it left unmeasured.
    var withCommandLineHints: RecordingSummary {
        var s = self
        if verdictCause == .timeUnknown { s.verdictReason += ": pass --fps N" }
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

extension RecordingInfo {
    /// The info with the flag that turns smoothing off next to the smoothing note.
    var withCommandLineHints: RecordingInfo {
        var info = self
        info.notes = notes.map { note in
            note.hasPrefix(Grading.smoothingNotePrefix) ? note + " (--smooth none to turn off)" : note
        }
        return info
    }
}

extension RoutineSegment {
    var withCommandLineHints: RoutineSegment {
        var s = self
        s.summary = s.summary.withCommandLineHints
        return s
    }
}
