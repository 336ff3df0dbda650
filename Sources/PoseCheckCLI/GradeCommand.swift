// `posecheck grade PATH...`: grade many recordings (files, or folders searched recursively),
// in parallel, one line or object per recording in input order, then totals.
import Dispatch
import Foundation
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning
import Synchronization

enum GradeCommand {
    static let usage =
        "posecheck grade <path>... --stretch <id> [--jobs <n>] [--shard <i>/<n>] [--output text|json|jsonl|csv] [-o <file>]"

    static let options: [OptionSpec] =
        GradingFlags.options
        + GradingFlags.outputOptions(
            "text (default), json (one document with totals), jsonl (one object per recording) or csv (one row per recording)"
        )
        + [
            OptionSpec(
                name: "jobs", short: "j", valueName: "n",
                help: "Recordings graded at once (default: the number of cores). Output order does not depend on it."),
            OptionSpec(
                name: "report", valueName: "dir",
                help: "Also write each recording's HTML report into this folder, with an index page sortable by score."),
            OptionSpec(
                name: "shard", valueName: "i/n",
                help:
                    "Grade only shard i of n (1-based): a stable split for job arrays; combine with 'posecheck merge'."),
            .help,
        ]

    static var help: String {
        """
        OVERVIEW: Grade many recordings: files, or folders searched recursively for .json, .jsonl, .csv, .mot, .sto and .trc (a folder of two or more numbered OpenPose frame files is one recording).

        USAGE: \(usage)

        ARGUMENTS:
          <path>  Pose exports, or folders of them ('-': standard input).

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        Recordings are listed in the order given, each folder's in path order. A file that cannot be
        read gets an error row with its location and the batch goes on.

        EXIT CODES: 0 every recording passed; 1 some did not pass; 65 some files are malformed;
        66 some inputs are missing or unreadable (the most serious applies); 64 usage error.

        """
    }

    static func parseShard(_ s: String) throws(UsageError) -> Shard {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), let shard = Shard(index: i, count: n)
        else {
            throw UsageError(message: "Invalid value '\(s)' for '--shard <i>/<n>': expected e.g. 2/8, with 1 ≤ i ≤ n.")
        }
        return shard
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        var settings: GradingSettings
        let output: OutputSettings
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        var shard: Shard?
        var reportDir: String?
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
            output = try GradingFlags.parseOutput(p, allowed: [.text, .json, .jsonl, .csv])
            reportDir = p.value("report")
            jobs = try GradingFlags.jobs(p) ?? jobs
            if let s = p.value("shard") { shard = try parseShard(s) }
            if settings.routine && reportDir != nil {
                throw UsageError(message: "'--report' needs one stretch; '--stretch auto' reports are not drawn yet.")
            }
        } catch {
            return PoseCheckCommand.usageError(error, command: "grade", usage: usage, console: console)
        }
        return PoseCheckCommand.handling(console) { () throws(CommandFailure) -> Int32 in
            try GradingFlags.finish(&settings)
            settings.options.readAhead = false
            settings.options.readsEveryJoint = reportDir != nil
            // A shard may be empty (fewer files than shards); the whole batch may not.
            var files = try Grader.recordings(paths)
            if let shard { files = files.filter(shard.contains) }
            let (out, close) = try PoseCheckCommand.target(output, console)
            defer { close() }
            var writer = GradeRowWriter(format: output.format, colour: output.useColour(console: console))
            var totals = GradeTotals()
            out.out(writer.begin())
            let progress = console.errIsTerminal && output.file == nil ? console : nil
            var reports: [String]?
            if let dir = reportDir {
                do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw .input(InputError(path: dir, message: "cannot write '\(dir)': \(error.localizedDescription)"))
                }
                reports = files.enumerated().map { i, f in reportName(i, f.key) }
            }
            var indexRows: [(row: GradeRow, report: String?)] = []
            grade(
                files.map(\.path), settings, jobs: jobs,
                reports: reports.map { r in r.map { (reportDir ?? ".") + "/" + $0 } }
            ) { index, row in
                if let p = progress { p.err("\r\u{1B}[K[\(index + 1)/\(files.count)] \(row.path)") }
                totals.add(row)
                out.out(writer.row(row))
                if let r = reports { indexRows.append((row, row.failure == nil ? r[index] : nil)) }
            }
            if let dir = reportDir {
                do throws(InputError) { try writeFile(dir + "/index.html", HTMLReport.index(rows: indexRows)) } catch {
                    throw .input(error)
                }
            }
            if let p = progress, !files.isEmpty { p.err("\r\u{1B}[K") }
            out.out(writer.end(totals))
            return totals.exitCode
        }
    }

    /// A report file name for the i-th recording: its relative path made safe, kept unique.
    static func reportName(_ i: Int, _ key: String) -> String {
        let safe = String(key.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(120))
        return "\(String(format: "%04d", i))-\(safe).html"
    }

    /// Grades `paths` on `jobs` workers and hands the rows to `emit` in input order, each as
    /// soon as it and every row before it are done.
    static func grade(
        _ paths: [String], _ settings: GradingSettings, jobs: Int, reports: [String]? = nil,
        emit: (Int, GradeRow) -> Void
    ) {
        Batch.run(
            count: paths.count, jobs: jobs,
            work: { i in
                settings.routine
                    ? Grader.routineRow(paths[i], settings) : Grader.row(paths[i], settings, report: reports?[i])
            }, emit: emit)
    }
}
