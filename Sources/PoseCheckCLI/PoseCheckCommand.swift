// The `posecheck` command: dispatch to subcommands, help, version, and error conventions.
import PoseFormats
import PoseModel
import PoseReports

public enum PoseCheckCommand {
    public static let version = "0.1.0"

    static let rootHelp = """
        OVERVIEW: Check stretching form in pose-tracking exports, frame by frame.

        USAGE: posecheck <subcommand> [options]

        SUBCOMMANDS:
          check    Grade one recording against a stretch
          specs    List the built-in stretches and their checks

        OPTIONS:
          --version  Show the version.
          -h, --help Show help information.

        See 'posecheck <subcommand> --help' for the options of each subcommand.

        """

    static let subcommands = ["check", "specs"]

    /// Runs the command line and returns the exit code.
    public static func main(_ arguments: [String], console: Console = .standard) -> Int32 {
        let args = Array(arguments.dropFirst())
        guard let first = args.first else {
            console.out(rootHelp)
            return ExitCode.pass
        }
        switch first {
        case "-h", "--help", "help":
            if first == "help", args.count > 1 { return main(["posecheck", args[1], "--help"], console: console) }
            console.out(rootHelp)
            return ExitCode.pass
        case "--version":
            console.out("posecheck \(version)\n")
            return ExitCode.pass
        case "check": return CheckCommand.run(Array(args.dropFirst()), console: console)
        case "specs": return SpecsCommand.run(Array(args.dropFirst()), console: console)
        default:
            let candidates = first.hasPrefix("-") ? ["--version", "--help"] : subcommands
            let hint = closest(first, among: candidates).map { " Did you mean '\($0)'?" } ?? ""
            let what = first.hasPrefix("-") ? "option '\(first)'" : "subcommand '\(first)'"
            console.err("Error: Unknown \(what).\(hint)\nUsage: posecheck <subcommand> [options]\nSee 'posecheck --help' for more information.\n")
            return ExitCode.usage
        }
    }

    static func usageError(_ e: UsageError, command: String, usage: String, console: Console) -> Int32 {
        console.err("Error: \(e.message)\nUsage: \(usage)\nSee 'posecheck \(command) --help' for more information.\n")
        return ExitCode.usage
    }

    /// Prints a format error the way compilers do: the location line, the source line, a caret.
    static func report(_ e: FormatError, console: Console) {
        var text = e.description + "\n"
        if let loc = e.location, let line = SourceExcerpt.line(loc.line, ofFile: e.path) {
            let (shown, caretColumn) = SourceExcerpt.window(line, column: loc.column)
            text += shown + "\n" + String(repeating: " ", count: max(0, caretColumn - 1)) + "^\n"
        }
        console.err(text)
    }
}
