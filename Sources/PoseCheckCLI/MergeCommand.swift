// `posecheck merge FILE...`: combine the JSON Lines outputs of `grade --shard` runs into the
// rows and totals of one run.
import PoseFormats
import PoseModel
import PoseReports
import PoseScanning

enum MergeCommand {
    static let usage = "posecheck merge <file>... [--output text|json|jsonl|csv] [-o <file>]"

    static let options: [OptionSpec] =
        GradingFlags.outputOptions("text (default), json, jsonl or csv, as for grade")
        + [.help]

    static var help: String {
        """
        OVERVIEW: Merge the outputs of 'posecheck grade --shard i/n --output jsonl' into one run's rows and totals.

        USAGE: \(usage)

        ARGUMENTS:
          <file>  JSON Lines files written by 'posecheck grade --output jsonl' ('-': standard input).

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        Rows come out in path order, as one unsharded run lists them. A path in two shards, shards
        graded against different stretches, or a file named twice is an error.
        The exit code is the one the unsharded run would give.

        """
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let output: OutputSettings
        let files: [String]
        do throws(UsageError) {
            let p = try ArgumentParser.parse(args, options: options)
            if p.has("help") {
                console.out(help)
                return ExitCode.pass
            }
            guard !p.positionals.isEmpty else { throw UsageError(message: "Missing expected argument '<file>'.") }
            files = p.positionals
            output = try GradingFlags.parseOutput(p, allowed: OutputFormat.allCases)
        } catch {
            return PoseCheckCommand.usageError(error, command: "merge", usage: usage, console: console)
        }
        return PoseCheckCommand.handling(console) { () throws(CommandFailure) -> Int32 in
            if let twice = files.enumerated().first(where: { k, f in files[..<k].contains(f) })?.element {
                throw .format(
                    FormatError(
                        .invalidContent, code: "overlapping_shards", message: "\(twice) is named twice", path: twice))
            }
            var rows: [(row: GradeRow, file: String)] = []
            for f in files {
                let input: ByteInput
                do throws(InputError) { input = try ByteInput.open(path: f) } catch { throw .input(error) }
                var scanner = JSONScanner(input, path: f)
                scanner.allowsMultipleDocuments = true
                do throws(FormatError) {
                    while let e = try scanner.next() {
                        let loc = scanner.eventLocation
                        let v = try scanner.readValue(after: e)
                        guard let row = GradeRow.decode(v) else {
                            throw FormatError(
                                .invalidContent, code: "not_grade_row",
                                message: "not a row of 'posecheck grade --output jsonl'", path: f, location: loc)
                        }
                        rows.append((row, f))
                    }
                } catch {
                    // A shard with no recordings is an empty file (`grade --shard` writes no row).
                    if error.code == "empty_input" { continue }
                    throw .format(error)
                }
            }
            // One run's shards: one stretch, and each recording in one shard.
            if let first = rows.first, let other = rows.first(where: { $0.row.stretch != first.row.stretch }) {
                throw .format(
                    FormatError(
                        .invalidContent, code: "mixed_stretches",
                        message:
                            "the shards were graded against different stretches (\(first.row.stretch) in \(first.file), \(other.row.stretch) in \(other.file)): merge the shards of one grade run",
                        path: other.file))
            }
            rows.sort { $0.row.path < $1.row.path }
            for (a, b) in zip(rows, rows.dropFirst()) where a.row.path == b.row.path {
                throw .format(
                    FormatError(
                        .invalidContent, code: "overlapping_shards",
                        message:
                            "\(a.row.path) is graded \(a.file == b.file ? "twice in \(a.file)" : "in both \(a.file) and \(b.file)")",
                        path: b.file))
            }
            let (out, close) = try PoseCheckCommand.target(output, console)
            defer { close() }
            var writer = GradeRowWriter(format: output.format, colour: output.useColour(console: console))
            var totals = GradeTotals()
            out.out(writer.begin())
            for (r, _) in rows {
                totals.add(r)
                out.out(writer.row(r))
            }
            out.out(writer.end(totals))
            return totals.exitCode
        }
    }
}
