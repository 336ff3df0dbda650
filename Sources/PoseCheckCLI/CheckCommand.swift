// `posecheck check FILE --stretch ID`: grade one recording.
//
// The file is read twice, streaming both times: the first pass validates it, counts the
// frames and decides the front side; the second scores and writes. So a malformed file is
// reported before any output, and memory does not grow with the file.
import PoseFormats
import PoseModel
import PoseReports

enum CheckCommand {
    static let usage = "posecheck check <file> --stretch <id> [--front left|right|auto] [--fps <n>] [--image-size <WxH>] [--min-confidence <x>] [--spec <file>] [--output text|json] [--frames]"

    static let options: [OptionSpec] = [
        OptionSpec(name: "stretch", short: "s", valueName: "id", help: "scissor-stance (1), hands-down-lunge (2) or reach-up-twist (3)."),
        OptionSpec(name: "spec", valueName: "file", help: "A custom stretch spec (JSON) instead of --stretch."),
        OptionSpec(name: "front", valueName: "side", help: "The side of the front leg: left, right or auto (default: auto, decided once per recording)."),
        OptionSpec(name: "fps", valueName: "n", help: "Frames per second, for files without timestamps."),
        OptionSpec(name: "image-size", valueName: "WxH", help: "Image size for normalised coordinates, e.g. 1920x1080."),
        OptionSpec(name: "min-confidence", valueName: "x", help: "Keypoints below this confidence count as missing (default: 0.5)."),
        OptionSpec(name: "coordinates", valueName: "space", help: "image (default) or world (MediaPipe world landmarks, metres)."),
        OptionSpec(name: "format", valueName: "format", help: "Force the input format: \(PoseFormat.allCases.map(\.rawValue).joined(separator: ", "))."),
        OptionSpec(name: "output", short: "o", valueName: "format", help: "text (default) or json."),
        OptionSpec(name: "frames", help: "Include per-frame results in text output (JSON always has them)."),
        OptionSpec(name: "allow-nan", help: "Accept NaN/Infinity tokens in JSON and flag those values."),
        OptionSpec(name: "help", short: "h", help: "Show help information."),
    ]

    static var help: String {
        """
        OVERVIEW: Grade one recording against a stretch, frame by frame.

        USAGE: \(usage)

        ARGUMENTS:
          <file>  A pose export: MediaPipe JSON (list of frames, {"frames": [...]}, JSON Lines) or wide CSV.

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        EXIT CODES: 0 pass; 1 fail or not assessable; 64 usage error; 65 malformed input; 66 missing input.

        """
    }

    struct Settings {
        var path: String
        var spec: StretchSpec
        var specFile: String?
        var front: FrontSideChoice
        var read: ReadOptions
        var evaluation: EvaluationOptions
        var output: OutputFormat
        var frames: Bool
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        var settings: Settings
        do {
            let parsed = try ArgumentParser.parse(args, options: options)
            if parsed.has("help") {
                console.out(help)
                return ExitCode.pass
            }
            settings = try parse(parsed)
        } catch {
            return PoseCheckCommand.usageError(error, command: "check", usage: usage, console: console)
        }
        if let file = settings.specFile {
            do {
                settings.spec = try SpecFile.load(try ByteInput.open(path: file), path: file)
                if settings.read.coordinates == .world { settings.spec = settings.spec.adjustedForWorldCoordinates() }
            } catch let e as InputError {
                console.err("Error: \(e.description)\n")
                return ExitCode.noInput
            } catch let e as FormatError {
                PoseCheckCommand.report(e, console: console)
                return ExitCode.dataError
            } catch {
                console.err("Error: \(error)\n")
                return ExitCode.dataError
            }
        }
        return grade(settings, console: console)
    }

    static func parse(_ p: ParsedArguments) throws(UsageError) -> Settings {
        guard let path = p.positionals.first else { throw UsageError(message: "Missing expected argument '<file>'.") }
        guard p.positionals.count == 1 else {
            throw UsageError(message: "Unexpected argument '\(p.positionals[1])': check grades one file.")
        }
        var read = ReadOptions()
        var evaluation = EvaluationOptions()
        if let f = p.value("fps") {
            guard let v = Double(f), v.isFinite, v > 0, f.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw UsageError(message: "Invalid value '\(f)' for '--fps <n>': expected a positive number.")
            }
            read.frameRate = v
            evaluation.frameRate = v
        }
        if let s = p.value("image-size") {
            guard let size = ImageSize(parsing: s) else {
                throw UsageError(message: "Invalid value '\(s)' for '--image-size <WxH>': expected e.g. 1920x1080.")
            }
            read.imageSize = size
        }
        if let c = p.value("min-confidence") {
            guard let v = Double(c), v >= 0, v <= 1, c.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw UsageError(message: "Invalid value '\(c)' for '--min-confidence <x>': expected a number from 0 to 1.")
            }
            evaluation.minConfidence = v
        }
        if let c = p.value("coordinates") {
            guard let v = CoordinateChoice(rawValue: c) else {
                throw UsageError(message: "Invalid value '\(c)' for '--coordinates <space>': expected image or world.")
            }
            read.coordinates = v
        }
        if let f = p.value("format") {
            guard let v = PoseFormat(rawValue: f) else {
                let names = PoseFormat.allCases.map(\.rawValue)
                let hint = closest(f, among: names).map { " Did you mean '\($0)'?" } ?? " Known formats: \(names.joined(separator: ", "))."
                throw UsageError(message: "Unknown format '\(f)'.\(hint)")
            }
            read.format = v
        }
        read.allowNonFiniteJSON = p.has("allow-nan")
        var front = FrontSideChoice.auto
        if let f = p.value("front") {
            switch f {
            case "left": front = .left
            case "right": front = .right
            case "auto": front = .auto
            default: throw UsageError(message: "Invalid value '\(f)' for '--front <side>': expected left, right or auto.")
            }
        }
        var output = OutputFormat.text
        if let o = p.value("output") {
            guard let v = OutputFormat(rawValue: o) else {
                let hint = closest(o, among: OutputFormat.allCases.map(\.rawValue)).map { " Did you mean '\($0)'?" } ?? ""
                throw UsageError(message: "Unknown output format '\(o)'.\(hint)")
            }
            output = v
        }
        var spec: StretchSpec
        switch (p.value("stretch"), p.value("spec")) {
        case (nil, nil): throw UsageError(message: "Missing expected option '--stretch <id>' (or '--spec <file>').")
        case (_?, _?): throw UsageError(message: "Give either '--stretch <id>' or '--spec <file>', not both.")
        case (let id?, nil):
            guard let s = StretchSpec.builtin(named: id) else {
                let names = StretchSpec.builtins.map(\.id)
                let hint = closest(id, among: names).map { " Did you mean '\($0)'?" } ?? " Known stretches: \(names.joined(separator: ", ")) (or 1, 2, 3)."
                throw UsageError(message: "Unknown stretch '\(id)'.\(hint)")
            }
            spec = s
        case (nil, _?):
            spec = StretchSpec(id: "", name: "", checks: [], holdSeconds: 0)  // loaded by `run`
        }
        if read.coordinates == .world { spec = spec.adjustedForWorldCoordinates() }
        return Settings(path: path, spec: spec, specFile: p.value("spec"), front: front, read: read, evaluation: evaluation,
                        output: output, frames: p.has("frames") || output == .json)
    }

    static func grade(_ s: Settings, console: Console) -> Int32 {
        var s = s
        s.read.joints = s.spec.joints
        let input: ByteInput
        do { input = try ByteInput.open(path: s.path) } catch {
            console.err("Error: \(error.description)\n")
            return ExitCode.noInput
        }
        do {
            // Pass 1: validate, count, vote on the front side.
            var source = try PoseReader.open(input, path: s.path, options: s.read)
            let threeD = source.info.space.isThreeDimensional
            var vote = FrontSideVote(minConfidence: s.evaluation.minConfidence, threeD: threeD)
            var count = 0
            while let f = try source.nextFrame() {
                count += 1
                vote.add(f)
            }
            let decision = s.front.fixed.map(FrontSideDecision.fixed) ?? vote.decision
            // Pass 2: score and stream the report.
            source = try PoseReader.open(input, path: s.path, options: s.read)
            var evaluation = s.evaluation
            if evaluation.frameRate == nil { evaluation.frameRate = source.info.frameRate }
            var session = EvaluationSession(spec: s.spec, front: decision.side, threeD: threeD, options: evaluation)
            var writer = makeWriter(s.output)
            let context = ReportContext(path: s.path, info: source.info, spec: s.spec, front: decision,
                                        frameCount: count, includeFrames: s.frames)
            console.out(writer.begin(context))
            while let f = try source.nextFrame() {
                let text = writer.frame(session.evaluate(f))
                if !text.isEmpty { console.out(text) }
            }
            let summary = session.summary
            console.out(writer.end(summary))
            return summary.verdict == .pass ? ExitCode.pass : ExitCode.notPassed
        } catch {
            PoseCheckCommand.report(error, console: console)
            return ExitCode.dataError
        }
    }
}
