// `posecheck report FILE --stretch ID -o report.html`: the visual report of one recording
// (the same as `check --output html`).

enum ReportCommand {
    static let usage = "posecheck report <file> --stretch <id> [options] [-o <file.html>]"

    /// Check's options, with HTML the default output.
    static let options = CheckCommand.options.map { option in
        guard option.name == "output" else { return option }
        return OptionSpec(
            name: "output", valueName: "format",
            help: "html (default: the visual report); text, json, jsonl or csv write what check writes.")
    }

    static var help: String {
        """
        OVERVIEW: Write the visual report of one recording: a self-contained HTML page with the verdict,
        what to fix, a timeline of the score and of each check against its band, stick figures of the best
        and the worst frame, and a table of the checks. Same as 'posecheck check --output html'.

        USAGE: \(usage)

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        """
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        CheckCommand.run(args, console: console, command: "report", defaultOutput: .html)
    }
}
