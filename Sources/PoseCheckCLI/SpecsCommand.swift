// `posecheck specs`: the built-in stretches and their checks.
import PoseFormats
import PoseModel
import PoseScanning

enum SpecsCommand {
    static let usage = "posecheck specs [--output text|json]"
    static let options: [OptionSpec] = [
        OptionSpec(
            name: "output", valueName: "format",
            help: "text (default) or json (the spec-file format, a starting point for --spec)."),
        .help,
    ]

    static var help: String {
        """
        OVERVIEW: List the built-in stretches, their checks and tolerances.

        USAGE: \(usage)

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        """
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let parsed: ParsedArguments
        do throws(UsageError) {
            parsed = try ArgumentParser.parse(args, options: options)
            if let extra = parsed.positionals.first { throw UsageError(message: "Unexpected argument '\(extra)'.") }
        } catch {
            return PoseCheckCommand.usageError(error, command: "specs", usage: usage, console: console)
        }
        if parsed.has("help") {
            console.out(help)
            return ExitCode.pass
        }
        switch parsed.value("output") ?? "text" {
        case "json":
            var w = JSONWriter(pretty: true)
            w.beginArray()
            for s in StretchSpec.builtins { SpecFile.write(s, to: &w) }
            w.endArray()
            console.out(w.output + "\n")
        case "text":
            console.out(text())
        case let other:
            return PoseCheckCommand.usageError(
                .unknown("output format", plural: "formats", other, among: ["text", "json"]),
                command: "specs", usage: usage, console: console)
        }
        return ExitCode.pass
    }

    static func text() -> String {
        var out = ""
        for s in StretchSpec.builtins {
            out += "\(s.id) (\(s.aliases.joined(separator: ", "))): \(s.name)\n"
            out += "  \(s.description)\n"
            out +=
                "  hold: \(formatNumber(s.holdSeconds, digits: 0)) s in form (dips up to \(formatNumber(s.dipToleranceSeconds, digits: 1)) s tolerated)\n"
            // The check in words, then its id in brackets for custom specs and JSON.
            let names = s.checks.map { "\($0.id.plainName) [\($0.id.rawValue)]" }
            let width = (names.map(\.count).max() ?? 0) + 2
            for (c, named) in zip(s.checks, names) {
                let name = named + String(repeating: " ", count: width - named.count)
                let zero =
                    c.id.unit == .degrees
                    ? formatNumber(c.falloff, digits: 0) + "°" : formatNumber(c.falloff, digits: 2) + " L"
                var line = "  \(name)\(c.band.describe(unit: c.id.unit)), score 0 at \(zero) beyond"
                if c.id == .handsOnFloor { line += ", \(c.hands == .both ? "both wrists" : "back wrist")" }
                line += c.required ? "" : "  (advisory)"
                out += line + "\n"
            }
            out += "\n"
        }
        out += "Conventions (what 0 means):\n"
        for id in CheckID.allCases { out += "  \(id.plainName) [\(id.rawValue)]: \(id.convention)\n" }
        return out
    }
}
