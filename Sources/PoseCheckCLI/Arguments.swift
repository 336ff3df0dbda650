// A small argument parser: `--name value`, `--name=value`, short aliases, flags, positionals,
// and "Did you mean" suggestions for misspelled options.
import PoseFormats
import PoseScanning

/// A usage error: printed as `Error: …`, then usage, then the help hint; exit code 64.
struct UsageError: Error, Equatable {
    var message: String

    /// "Unknown stretch 'x'. Did you mean 'y'?", or the list of known names when none is close.
    static func unknown(_ what: String, plural: String, _ value: String, among names: [String], known: String? = nil)
        -> UsageError
    {
        let hint =
            closest(value, among: names).map { " Did you mean '\($0)'?" }
            ?? " Known \(plural): \(known ?? names.joined(separator: ", "))."
        return UsageError(message: "Unknown \(what) '\(value)'.\(hint)")
    }
}

/// Why a command could not run, mapped to an exit code: usage 64, malformed input 65,
/// missing input 66 (or 73 for an output file that cannot be written).
enum CommandFailure: Error {
    case usage(UsageError)
    case input(InputError)
    case format(FormatError)

    init(_ e: InputOrFormatError) {
        switch e {
        case .input(let i): self = .input(i)
        case .format(let f): self = .format(f)
        }
    }
}

struct OptionSpec {
    var name: String
    var short: Character?
    var valueName: String?
    var help: String
    var isFlag: Bool { valueName == nil }
}

/// The options several commands share, worded once.
extension OptionSpec {
    static let help = OptionSpec(name: "help", short: "h", help: "Show help information.")
    static let fps = OptionSpec(name: "fps", valueName: "n", help: "Frames per second, for files without timestamps.")
    static let timeUnit = OptionSpec(
        name: "time-unit", valueName: "unit",
        help: "s, ms or us: the unit of a time column whose name does not say it (timestamp).")
    static let imageSize = OptionSpec(
        name: "image-size", valueName: "WxH", help: "Image size for normalised coordinates, e.g. 1920x1080.")
    static let minConfidence = OptionSpec(
        name: "min-confidence", valueName: "x", help: "Keypoints below this confidence count as missing (default: 0.5)."
    )
    static let allowNaN = OptionSpec(
        name: "allow-nan", help: "Accept NaN/Infinity tokens in JSON and flag those values.")
    static let person = OptionSpec(
        name: "person", valueName: "rule",
        help:
            "Who to grade when a frame has several people: most-confident (default) or largest chooses on the first frame and then follows that person; or an index N (0-based) in every frame."
    )
}

struct ParsedArguments {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { flags.contains(name) }
}

enum ArgumentParser {
    static func parse(_ args: [String], options: [OptionSpec]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") {
                result.positionals.append(a)
                continue
            }
            if a == "--" {
                onlyPositionals = true
                continue
            }
            var name: String
            var inlineValue: String?
            if a.hasPrefix("--") {
                let body = a.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inlineValue = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
            } else {
                guard a.count == 2, let c = a.dropFirst().first, let spec = options.first(where: { $0.short == c })
                else {
                    throw UsageError(message: "Unknown option '\(a)'.")
                }
                name = spec.name
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                let hint = closest(name, among: options.map(\.name)).map { " Did you mean '--\($0)'?" } ?? ""
                throw UsageError(message: "Unknown option '--\(name)'.\(hint)")
            }
            if spec.isFlag {
                if inlineValue != nil { throw UsageError(message: "Option '--\(name)' takes no value.") }
                result.flags.insert(name)
                continue
            }
            let value: String
            if let v = inlineValue {
                value = v
            } else {
                guard i < args.count else {
                    throw UsageError(message: "Missing value for '--\(name) <\(spec.valueName ?? "value")>'.")
                }
                value = args[i]
                i += 1
            }
            if result.values[name] != nil { throw UsageError(message: "Option '--\(name)' given more than once.") }
            result.values[name] = value
        }
        return result
    }

    /// The options block of a help text.
    static func helpLines(_ options: [OptionSpec]) -> String {
        let rows = options.map { o -> (String, String) in
            var left = o.short.map { "-\($0), " } ?? ""
            left += "--\(o.name)"
            if let v = o.valueName { left += " <\(v)>" }
            return (left, o.help)
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + $0.1 }.joined(
            separator: "\n")
    }
}
