// Maps the library's grading (PoseGrading) onto what the reports render and the exit codes.
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning

enum Grader {
    /// The recordings of a batch's paths (`Batch.collect`), for `grade` and `progress`: none at
    /// all is an input error (66), not a batch where every recording passed.
    static func recordings(_ paths: [String]) throws(CommandFailure) -> [BatchItem] {
        let items = Batch.collect(paths)
        guard !items.isEmpty else {
            throw .input(InputError(path: paths[0], message: "no recordings found in \(paths.joined(separator: ", "))"))
        }
        return items
    }

    struct Outcome {
        var context: ReportContext
        var summary: RecordingSummary
    }

    /// Two passes, every frame's result to `frame` (see `Grading.grade(path:options:begin:frame:)`).
    static func run(
        _ path: String, _ s: GradingSettings, includeFrames: Bool = false,
        begin: (ReportContext) -> Void = { _ in }, frame: (PoseFrame, FrameResult) -> Void = { _, _ in }
    ) throws(CommandFailure) -> Outcome {
        do throws(GradingError) {
            let graded = try Grading.grade(
                path: path, options: s.options,
                begin: { context in
                    begin(reportContext(context, includeFrames: includeFrames))
                }, frame: frame)
            return Outcome(
                context: reportContext(graded.context, includeFrames: includeFrames),
                summary: graded.summary.withCommandLineHints(graded.context.info))
        } catch {
            throw CommandFailure(error)
        }
    }

    /// Summary-only grading in one pass; the collector holds what a text summary or an HTML
    /// report draws.
    static func runOnce(_ path: String, _ s: GradingSettings) throws(CommandFailure) -> (Outcome, ReportCollector) {
        var collector = ReportCollector(spec: s.options.effectiveSpec)
        do throws(GradingError) {
            let graded = try Grading.gradeSummary(path: path, options: s.options, collector: &collector) { c, f, r in
                c.add(f, r)
            }
            return (
                Outcome(
                    context: reportContext(graded.context, includeFrames: false),
                    summary: graded.summary.withCommandLineHints(graded.context.info)), collector
            )
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The report context of a graded recording, with the command line's front-side hint.
    static func reportContext(_ c: GradingContext, includeFrames: Bool) -> ReportContext {
        var context = ReportContext(
            path: c.path, info: c.info.withCommandLineHints, spec: c.spec, front: c.front, frameCount: c.frameCount,
            includeFrames: includeFrames)
        context.frontNote = c.front.noteWithCommandLineHint
        context.hints = .commandLine(for: c.info)
        return context
    }

    /// A batch row for a file: its result, or its error with the location. With `report`, the
    /// file's HTML report is written there too.
    static func row(_ path: String, _ s: GradingSettings, report: String? = nil) -> GradeRow {
        do throws(CommandFailure) {
            let (o, collector) = try runOnce(path, s)
            if let report {
                var html = HTMLWriter()
                _ = html.begin(o.context)
                html.adopt(collector)
                do throws(InputError) { try writeFile(report, html.end(o.summary)) } catch {
                    throw CommandFailure.input(error)
                }
            }
            return GradeRow(
                path: path, spec: o.context.spec, format: o.context.info.format, front: o.context.front,
                summary: o.summary)
        } catch {
            return failureRow(path, s.options.spec.id, error)
        }
    }

    /// The error row of a file that could not be graded.
    static func failureRow(_ path: String, _ stretch: String, _ error: CommandFailure) -> GradeRow {
        switch error {
        case .input(let e):
            return GradeRow(
                path: path, stretch: stretch,
                failure: .init(
                    code: "unreadable", message: e.message, line: nil, column: nil, exitCode: ExitCode.noInput))
        case .format(let e):
            let prefix = e.kind == .invalidJSON ? "invalid JSON: " : e.kind == .invalidCSV ? "invalid CSV: " : ""
            return GradeRow(
                path: path, stretch: stretch,
                failure: .init(
                    code: e.code, message: prefix + commandLineWording(e.message), line: e.location?.line,
                    column: e.location?.column,
                    exitCode: ExitCode.dataError))
        case .usage(let u):
            return GradeRow(
                path: path, stretch: stretch,
                failure: .init(code: "usage", message: u.message, line: nil, column: nil, exitCode: ExitCode.usage))
        }
    }
}

extension CommandFailure {
    init(_ e: GradingError) {
        switch e {
        case .input(let i): self = .input(i)
        case .format(let f): self = .format(f)
        }
    }
}
