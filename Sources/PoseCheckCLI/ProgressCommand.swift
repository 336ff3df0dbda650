// `posecheck progress PATH... --stretch ID|auto`: one person's sessions across recordings:
// each recording graded as `grade` grades it, dated, then trends per week and left–right differences.
import Dispatch
import Foundation
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning
import Synchronization

/// What grading one recording gave: its sessions, or why it could not be read.
enum ProgressGraded: Sendable {
    case sessions([ProgressSession])
    case unreadable(UnreadableRecording)
    /// A recorded routine in which no stretch was recognised.
    case unrecognised(String)
}

enum ProgressCommand {
    static let usage =
        "posecheck progress <path>... --stretch <id>|auto [options] [--output text|json|csv|html] [-o <file>]"

    static let options: [OptionSpec] =
        GradingFlags.options
        + GradingFlags.outputOptions(
            "text (default), json (sessions, sides, asymmetry, trend), csv (one row per session) or html (a chart per check over time)"
        )
        + [
            OptionSpec(
                name: "jobs", short: "j", valueName: "n",
                help: "Recordings graded at once (default: the number of cores). Output does not depend on it."),
            .help,
        ]

    static var help: String {
        """
        OVERVIEW: Follow one person's sessions: per front side and stretch, each session's hold, verdict and check
        medians, the trend per week of each check and of the hold, and the left-right difference of each check.

        USAGE: \(usage)

        ARGUMENTS:
          <path>  The person's recordings, or folders of them (searched as 'grade' searches them; a folder of
                  numbered OpenPose frame files is one recording).

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        Each session is dated from the export's own time field (a top-level 'recorded_at', 'creation_time',
        'date', ... in JSON, or such a header line in .mot/.sto), else from a date in its name (2026-11-10,
        20261110, with an optional time; read as UTC), else from the file's modification time; the output
        says which. Trends are least-squares slopes per week, from sessions on at least two distinct days.
        A left-right difference (median of the left-front sessions' medians minus the right-front ones') is
        flagged beyond 10 degrees for angles (clinical goniometry's minimum detectable difference is 6-14
        degrees) and 0.05 L for distances. Sessions whose front side is unknown or ambiguous are listed but
        not counted for a side. A file that cannot be read is listed with its error and the report goes on.

        EXIT CODES: 0 every session passed; 1 some did not pass, or a routine had no stretch recognised; 65 some files are malformed; 66 some inputs are
        missing or unreadable, or no recording was found (the most serious applies); 64 usage error;
        73 cannot write the output file.

        """
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        var settings: GradingSettings
        let output: OutputSettings
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        let paths: [String]
        do throws(UsageError) {
            let p = try ArgumentParser.parse(args, options: options)
            if p.has("help") {
                console.out(help)
                return ExitCode.pass
            }
            guard !p.positionals.isEmpty else { throw UsageError(message: "Missing expected argument '<path>'.") }
            paths = p.positionals
            settings = try GradingFlags.parse(p)
            output = try GradingFlags.parseOutput(p, allowed: [.text, .json, .csv, .html])
            jobs = try GradingFlags.jobs(p) ?? jobs
        } catch {
            return PoseCheckCommand.usageError(error, command: "progress", usage: usage, console: console)
        }
        return PoseCheckCommand.handling(console) { () throws(CommandFailure) -> Int32 in
            try GradingFlags.finish(&settings)
            settings.options.readAhead = false
            let files = try Grader.recordings(paths).map(\.path)
            let report = analyse(files, settings, jobs: jobs)
            let (out, close) = try PoseCheckCommand.target(output, console)
            defer { close() }
            let specs = settings.routine ? StretchSpec.builtins : [settings.options.spec]
            let renderer = ProgressRenderer(report: report, specs: specs, colour: output.useColour(console: console))
            switch output.format {
            case .json: out.out(renderer.json())
            case .csv: out.out(renderer.csv())
            case .html: out.out(renderer.html())
            case .text, .jsonl: out.out(renderer.text())
            }
            return exitCode(report)
        }
    }

    /// Grades and dates every recording (`jobs` at a time), then analyses the sessions.
    static func analyse(_ files: [String], _ settings: GradingSettings, jobs: Int) -> ProgressReport {
        let results = Mutex<[ProgressGraded?]>(Array(repeating: nil, count: files.count))
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, files.count) {
            DispatchQueue.global(qos: .userInitiated).async(group: group) {
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < files.count else { return }
                    let result = Self.sessions(of: files[i], settings)
                    results.withLock { $0[i] = result }
                }
            }
        }
        group.wait()
        var sessions: [ProgressSession] = []
        var unreadable: [UnreadableRecording] = []
        var unrecognised: [String] = []
        for result in results.withLock({ $0 }) {
            switch result {
            case .sessions(let s)?: sessions += s
            case .unreadable(let u)?: unreadable.append(u)
            case .unrecognised(let path)?: unrecognised.append(path)
            case nil: break
            }
        }
        return ProgressReport(sessions: sessions, unreadable: unreadable, unrecognised: unrecognised)
    }

    /// One recording graded the way `grade` grades it (one session, or one per stretch of a
    /// routine), or its error with the location.
    static func sessions(of path: String, _ s: GradingSettings) -> ProgressGraded {
        do throws(CommandFailure) {
            if s.routine {
                let outcome = try Grader.routine(path, s)
                if outcome.segments.isEmpty { return .unrecognised(path) }
                guard let date = SessionDating.date(ofRecordingAt: path) else { return .unreadable(undated(path)) }
                let named = s.options.front == .auto ? ProgressSession.sideInName(ofPath: path) : nil
                return .sessions(
                    outcome.segments.map { segment in
                        var front = segment.front
                        if front.side == nil || front.ambiguous, let named {
                            front = Self.named(front, named)
                        }
                        var session = ProgressSession(
                            path: path, date: date, stretch: segment.stretch, front: front, summary: segment.summary)
                        session.segment = SessionSegment(start: segment.start, end: segment.end)
                        return session
                    })
            }
            var (outcome, _) = try Grader.runOnce(path, s)
            var front = outcome.context.front
            // The recording could not tell its front side: take the one its name states, and
            // grade again with it (`--front` given on the command line always wins).
            let undecided = front.side == nil || front.ambiguous
            if s.options.front == .auto, undecided, let named = ProgressSession.sideInName(ofPath: path) {
                if front.method != "export" {
                    var fixed = s
                    fixed.options.front = named == .left ? .left : .right
                    (outcome, _) = try Grader.runOnce(path, fixed)
                }
                front = Self.named(front, named)
            }
            guard let date = SessionDating.date(ofRecordingAt: path) else { return .unreadable(undated(path)) }
            return .sessions([
                ProgressSession(path: path, date: date, stretch: s.options.spec, front: front, summary: outcome.summary)
            ])
        } catch {
            let row = Grader.failureRow(path, s.routine ? "auto" : s.options.spec.id, error)
            let failure =
                row.failure
                ?? GradeRow.Failure(
                    code: "unreadable", message: "cannot be graded", line: nil, column: nil, exitCode: ExitCode.noInput)
            return .unreadable(
                UnreadableRecording(
                    path: path, code: failure.code, message: failure.message, line: failure.line,
                    column: failure.column, exitCode: failure.exitCode))
        }
    }

    /// The decision replaced by the side a file name states.
    static func named(_ decision: FrontSideDecision, _ side: Side) -> FrontSideDecision {
        var named = decision
        named.side = side
        named.method = "fileName"
        named.ambiguous = false
        return named
    }

    static func undated(_ path: String) -> UnreadableRecording {
        UnreadableRecording(
            path: path, code: "undated", message: "no date in the export, its name or the file system", line: nil,
            column: nil, exitCode: ExitCode.noInput)
    }

    /// As `grade`: 66 > 65 > 1 > 0.
    static func exitCode(_ report: ProgressReport) -> Int32 {
        var totals = GradeTotals()
        for u in report.unreadable {
            totals.add(
                GradeRow(
                    path: u.path, stretch: "",
                    failure: .init(
                        code: u.code, message: u.message, line: u.line,
                        column: u.column, exitCode: u.exitCode)))
        }
        for s in report.sessions {
            totals.add(GradeRow(path: s.path, stretch: s.stretch, verdict: s.verdict))
        }
        for path in report.unrecognised {
            totals.add(GradeRow(path: path, stretch: "auto", verdict: .notAssessable))
        }
        return totals.exitCode
    }
}
