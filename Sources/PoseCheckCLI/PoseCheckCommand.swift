// The `posecheck` command: dispatch to subcommands, help, version, and error conventions.
import PoseFormats
import PoseModel
import PoseReports
import PoseScanning

/// The `posecheck` command line as a library: `main(_:console:)` runs it in process, so tests
/// see the same output and exit codes as the executable.
public enum PoseCheckCommand {
    /// The version `posecheck --version` prints.
    public static let version = "0.2.0"

    static let rootHelp = """
        OVERVIEW: Check stretching form in pose-tracking exports, frame by frame.

        USAGE: posecheck <subcommand> [options]

        SUBCOMMANDS:
          check    Grade one recording against a stretch, frame by frame
          grade    Grade many recordings (files or folders), in parallel
          live     Grade frames from standard input as a tracker writes them
          merge    Combine the outputs of sharded grade runs
          progress Follow one person's sessions: trends per week and left-right differences
          report   Write the visual HTML report of one recording
          inspect  Show how a file will be read
          specs    List the built-in stretches and their checks

        OPTIONS:
          --version  Show the version.
          -h, --help Show help information.

        See 'posecheck <subcommand> --help' for the options of each subcommand.

        """

    static let subcommands = ["check", "grade", "live", "merge", "progress", "report", "inspect", "specs"]

    /// Runs the command line and returns the exit code.
    public static func main(_ arguments: [String], console: Console = .standard) -> Int32 {
        let code = run(arguments, console: console)
        // Output that could not be written (a full disk, /dev/full) is no success: exit 73.
        console.flush()
        guard let failure = console.writeFailures.message else { return code }
        console.err("Error: \(failure)\n")
        return ExitCode.cannotCreate
    }

    /// The subcommand `arguments` name, run.
    private static func run(_ arguments: [String], console: Console) -> Int32 {
        let args = Array(arguments.dropFirst())
        guard let first = args.first else {
            console.out(rootHelp)
            return ExitCode.pass
        }
        switch first {
        case "-h", "--help", "help":
            if first == "help", args.count > 1 { return run(["posecheck", args[1], "--help"], console: console) }
            console.out(rootHelp)
            return ExitCode.pass
        case "--version":
            console.out("posecheck \(version)\n")
            return ExitCode.pass
        case "check": return CheckCommand.run(Array(args.dropFirst()), console: console)
        case "grade": return GradeCommand.run(Array(args.dropFirst()), console: console)
        case "live": return LiveCommand.run(Array(args.dropFirst()), console: console)
        case "merge": return MergeCommand.run(Array(args.dropFirst()), console: console)
        case "progress": return ProgressCommand.run(Array(args.dropFirst()), console: console)
        case "report": return ReportCommand.run(Array(args.dropFirst()), console: console)
        case "inspect": return InspectCommand.run(Array(args.dropFirst()), console: console)
        case "specs": return SpecsCommand.run(Array(args.dropFirst()), console: console)
        default:
            let candidates = first.hasPrefix("-") ? ["--version", "--help"] : subcommands
            let hint = closest(first, among: candidates).map { " Did you mean '\($0)'?" } ?? ""
            let what = first.hasPrefix("-") ? "option '\(first)'" : "subcommand '\(first)'"
            console.err(
                "Error: Unknown \(what).\(hint)\nUsage: posecheck <subcommand> [options]\nSee 'posecheck --help' for more information.\n"
            )
            return ExitCode.usage
        }
    }

    static func usageError(_ e: UsageError, command: String, usage: String, console: Console) -> Int32 {
        console.err("Error: \(e.message)\nUsage: \(usage)\nSee 'posecheck \(command) --help' for more information.\n")
        return ExitCode.usage
    }

    /// Runs a command body, mapping failures to their messages and exit codes.
    static func handling(_ console: Console, _ body: () throws(CommandFailure) -> Int32) -> Int32 {
        do {
            return try body()
        } catch {
            switch error {
            case .usage(let e):
                console.err("Error: \(e.message)\n")
                return ExitCode.usage
            case .input(let e):
                console.err("Error: \(e.description)\n")
                return e.message.hasPrefix("cannot write") ? ExitCode.cannotCreate : ExitCode.noInput
            case .format(let e):
                report(e.withCommandLineHints, console: console)
                return ExitCode.dataError
            }
        }
    }

    /// Where output goes: the console, or the `-o` file.
    static func target(_ o: OutputSettings, _ console: Console) throws(CommandFailure) -> (
        Console, @Sendable () -> Void
    ) {
        guard let file = o.file else { return (console, {}) }
        do { return try console.redirected(to: file) } catch { throw .input(error) }
    }

    /// Prints a format error the way compilers do: the location line, the source line, a caret.
    static func report(_ e: FormatError, console: Console) {
        var text = e.description + "\n"
        // An empty line shows nothing to point at (an empty file).
        if let loc = e.location,
            let excerpt = SourceExcerpt.excerpt(line: loc.line, column: loc.column, ofFile: e.path),
            !excerpt.text.allSatisfy(\.isWhitespace)
        {
            text += excerpt.text + "\n" + String(repeating: " ", count: max(0, excerpt.caret - 1)) + "^\n"
        }
        console.err(text)
    }
}
