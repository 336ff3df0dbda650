// Flags shared by `check` and `grade`, mapped onto the library's `GradingOptions`.
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The grading options the flags give, and the `--spec` file still to load.
struct GradingSettings: Sendable {
    var options: GradingOptions
    var specFile: String?
    var routine: Bool { options.routine }
}

struct OutputSettings {
    var format: OutputFormat = .text
    var file: String?
    var colour: ColourChoice = .auto

    enum ColourChoice: String { case auto, always, never }

    /// Colour on a terminal only, never into a file, never with NO_COLOR set.
    func useColour(console: Console) -> Bool {
        switch colour {
        case .always: return true
        case .never: return false
        case .auto: return file == nil && console.isTerminal && getenv("NO_COLOR") == nil && format == .text
        }
    }
}

enum GradingFlags {
    static let options: [OptionSpec] = [
        OptionSpec(
            name: "stretch", short: "s", valueName: "id",
            help:
                "scissor-stance (1), hands-down-lunge (2), reach-up-twist (3), or auto: find each stretch of a routine."
        ),
        OptionSpec(name: "spec", valueName: "file", help: "A custom stretch spec (JSON) instead of --stretch."),
        OptionSpec(
            name: "front", valueName: "side",
            help: "The side of the front leg: left, right or auto (default: auto, decided once per recording)."),
        .fps,
        .imageSize,
        .timeUnit,
        .minConfidence,
        OptionSpec(
            name: "coordinates", valueName: "space",
            help: "image (default) or world (MediaPipe world landmarks, metres)."),
        OptionSpec(
            name: "format", valueName: "format",
            help: "Force the input format: \(PoseFormat.allCases.map(\.rawValue).joined(separator: ", "))."),
        OptionSpec(
            name: "skeleton", valueName: "layout",
            help:
                "Keypoint layout when the count is ambiguous (25 points: body-25 or body-25b): \(KeypointLayout.all.map(\.id).joined(separator: ", "))."
        ),
        .person,
        OptionSpec(
            name: "knee-sign", valueName: "sign",
            help:
                "OpenSim knee_angle convention: auto (default: from the data), positive (Rajagopal, Pose2Sim) or negative (gait2392) = flexion."
        ),
        .allowNaN,
        OptionSpec(
            name: "smooth", valueName: "method",
            help:
                "none, median:K (default median:5), one-euro[:MINCUTOFF,BETA] or butterworth:HZ. Never bridges gaps over 0.25 s."
        ),
        OptionSpec(
            name: "dip-tolerance", valueName: "s",
            help: "Seconds out of form that do not break a hold (default: the spec's, 0.5)."),
    ]

    /// `--jobs <n>`, 1 to 1024, when given.
    static func jobs(_ p: ParsedArguments) throws(UsageError) -> Int? {
        guard let j = p.value("jobs") else { return nil }
        guard let n = Int(j), n >= 1, n <= 1024 else {
            throw UsageError(message: "Invalid value '\(j)' for '--jobs <n>': expected a whole number from 1 to 1024.")
        }
        return n
    }

    static func outputOptions(_ formats: String) -> [OptionSpec] {
        [
            OptionSpec(name: "output", valueName: "format", help: "\(formats)."),
            OptionSpec(
                name: "output-file", short: "o", valueName: "file",
                help: "Write the output to a file instead of standard output."),
            OptionSpec(
                name: "color", valueName: "when",
                help: "auto (default: on a terminal, unless NO_COLOR is set), always or never."),
        ]
    }

    static func parseOutput(_ p: ParsedArguments, allowed: [OutputFormat]) throws(UsageError) -> OutputSettings {
        var out = OutputSettings()
        if let o = p.value("output") {
            guard let v = OutputFormat(rawValue: o), allowed.contains(v) else {
                throw UsageError.unknown("output format", plural: "formats", o, among: allowed.map(\.rawValue))
            }
            out.format = v
        }
        out.file = p.value("output-file")
        if let c = p.value("color") {
            guard let v = OutputSettings.ColourChoice(rawValue: c) else {
                throw UsageError(message: "Invalid value '\(c)' for '--color <when>': expected auto, always or never.")
            }
            out.colour = v
        }
        return out
    }

    static func parse(_ p: ParsedArguments) throws(UsageError) -> GradingSettings {
        var s = GradingSettings(options: GradingOptions(spec: .scissorStance))
        if let f = p.value("fps") {
            guard let v = Double(f), v.isFinite, v > 0, f.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw UsageError(message: "Invalid value '\(f)' for '--fps <n>': expected a positive number.")
            }
            s.options.frameRate = v
        }
        if let u = p.value("time-unit") {
            guard let unit = TimeUnit(rawValue: u) else {
                throw UsageError(message: "Invalid value '\(u)' for '--time-unit <unit>': expected s, ms or us.")
            }
            s.options.read.timeUnit = unit
        }
        if let v = p.value("image-size") {
            guard let size = ImageSize(parsing: v) else {
                throw UsageError(message: "Invalid value '\(v)' for '--image-size <WxH>': expected e.g. 1920x1080.")
            }
            s.options.read.imageSize = size
        }
        if let c = p.value("min-confidence") {
            guard let v = Double(c), v >= 0, v <= 1, c.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw UsageError(
                    message: "Invalid value '\(c)' for '--min-confidence <x>': expected a number from 0 to 1.")
            }
            s.options.evaluation.minConfidence = v
        }
        if let c = p.value("coordinates") {
            guard let v = CoordinateChoice(rawValue: c) else {
                throw UsageError(message: "Invalid value '\(c)' for '--coordinates <space>': expected image or world.")
            }
            s.options.read.coordinates = v
        }
        if let f = p.value("format") {
            guard let v = PoseFormat(rawValue: f) else {
                throw UsageError.unknown("format", plural: "formats", f, among: PoseFormat.allCases.map(\.rawValue))
            }
            s.options.read.format = v
        }
        if let k = p.value("knee-sign") {
            guard let v = KneeSign(rawValue: k) else {
                throw UsageError(
                    message: "Invalid value '\(k)' for '--knee-sign <sign>': expected auto, positive or negative.")
            }
            s.options.read.kneeSign = v
        }
        if let k = p.value("skeleton") {
            guard KeypointLayout.named(k) != nil else {
                throw UsageError.unknown("skeleton", plural: "skeletons", k, among: KeypointLayout.all.map(\.id))
            }
            s.options.read.skeleton = k
        }
        if let v = p.value("person") {
            guard let rule = PersonSelection(parsing: v) else {
                throw UsageError(
                    message:
                        "Invalid value '\(v)' for '--person <rule>': expected most-confident, largest or a 0-based index."
                )
            }
            s.options.read.person = rule
        }
        s.options.read.allowNonFiniteJSON = p.has("allow-nan")
        if let m = p.value("smooth") {
            guard let method = SmoothingMethod(parsing: m) else {
                throw UsageError(
                    message:
                        "Invalid value '\(m)' for '--smooth <method>': expected none, median:K (K odd), one-euro[:MINCUTOFF,BETA] or butterworth:HZ."
                )
            }
            s.options.smoothing = method
        }
        if let d = p.value("dip-tolerance") {
            guard let v = Double(d), v.isFinite, v >= 0, d.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw UsageError(
                    message: "Invalid value '\(d)' for '--dip-tolerance <s>': expected seconds, 0 or more.")
            }
            s.options.dipTolerance = v
        }
        if let f = p.value("front") {
            switch f {
            case "left": s.options.front = .left
            case "right": s.options.front = .right
            case "auto": s.options.front = .auto
            default:
                throw UsageError(message: "Invalid value '\(f)' for '--front <side>': expected left, right or auto.")
            }
        }
        switch (p.value("stretch"), p.value("spec")) {
        case (nil, nil): throw UsageError(message: "Missing expected option '--stretch <id>' (or '--spec <file>').")
        case (_?, _?): throw UsageError(message: "Give either '--stretch <id>' or '--spec <file>', not both.")
        case ("auto"?, nil):
            s.options.routine = true
        case (let id?, nil):
            guard let spec = StretchSpec.builtin(named: id) else {
                let names = StretchSpec.builtins.map(\.id)
                throw UsageError.unknown(
                    "stretch", plural: "stretches", id, among: names,
                    known: names.joined(separator: ", ") + " (or 1, 2, 3)")
            }
            s.options.spec = spec
        case (nil, let file?):
            s.specFile = file
        }
        return s
    }

    /// Loads `--spec` (the library applies the rest when it grades).
    static func finish(_ s: inout GradingSettings) throws(CommandFailure) {
        guard let file = s.specFile else { return }
        let input: ByteInput
        do { input = try ByteInput.open(path: file) } catch { throw .input(error) }
        do { s.options.spec = try SpecFile.load(input, path: file) } catch { throw .format(error) }
    }
}
