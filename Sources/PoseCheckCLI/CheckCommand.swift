// `posecheck check FILE --stretch ID`: grade one recording, frame by frame.
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports

enum CheckCommand {
    static let usage =
        "posecheck check <file> --stretch <id> [--front left|right|auto] [--fps <n>] [--image-size <WxH>] [--min-confidence <x>] [--spec <file>] [--output text|json|jsonl|csv|html] [-o <file>] [--frames]"

    static let options: [OptionSpec] =
        GradingFlags.options
        + GradingFlags.outputOptions(
            "text (default), json (one document), jsonl (one object per frame), csv (one row per frame) or html (the visual report)"
        )
        + [
            OptionSpec(
                name: "frames", help: "Include per-frame lines in text output (the other formats always have them)."),
            .help,
        ]

    static var help: String {
        """
        OVERVIEW: Grade one recording against a stretch, frame by frame.

        USAGE: \(usage)

        ARGUMENTS:
          <file>  A pose export ('-': standard input), its format detected from the content (see --format): MediaPipe JSON or CSV,
                  OpenPose (a frame file, or a folder of frame files numbered by frame), COCO, tfjs, MoveNet, Apple Vision,
                  Kinect, TRC, or joint angles (OpenSim/Sports2D .mot/.sto, angle CSV/JSON).

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        EXIT CODES: 0 pass; 1 fail or not assessable; 64 usage error; 65 malformed input; 66 missing input; 73 cannot write the output file.

        """
    }

    static func run(_ args: [String], console: Console, command: String = "check", defaultOutput: OutputFormat = .text)
        -> Int32
    {
        var settings: GradingSettings
        let output: OutputSettings
        let path: String
        let frames: Bool
        do throws(UsageError) {
            let p = try ArgumentParser.parse(args, options: options)
            if p.has("help") {
                console.out(command == "check" ? help : ReportCommand.help)
                return ExitCode.pass
            }
            guard let file = p.positionals.first else {
                throw UsageError(message: "Missing expected argument '<file>'.")
            }
            guard p.positionals.count == 1 else {
                throw UsageError(
                    message:
                        "Unexpected argument '\(p.positionals[1])': \(command) takes one file (use 'posecheck grade' for many)."
                )
            }
            path = file
            settings = try GradingFlags.parse(p)
            var o = try GradingFlags.parseOutput(p, allowed: OutputFormat.allCases)
            if p.value("output") == nil { o.format = defaultOutput }
            output = o
            frames = p.has("frames") || output.format != .text
        } catch {
            return PoseCheckCommand.usageError(
                error, command: command, usage: command == "check" ? usage : ReportCommand.usage, console: console)
        }
        return PoseCheckCommand.handling(console) { () throws(CommandFailure) -> Int32 in
            try GradingFlags.finish(&settings)
            settings.options.readsEveryJoint = output.format == .html
            if settings.routine { return try RoutineCheck.run(path, settings, output, console: console) }
            let (out, close) = try PoseCheckCommand.target(output, console)
            defer { close() }
            var writer = makeWriter(output.format)
            let colour = output.useColour(console: console)
            if output.format == .html || (output.format == .text && !frames) {
                // Nothing is written per frame: one pass.
                let (outcome, collector) = try Grader.runOnce(path, settings)
                var context = outcome.context
                context.colour = colour
                out.out(writer.begin(context))
                writer.adopt(collector)
                out.out(writer.end(outcome.summary))
                return outcome.summary.verdict == .pass ? ExitCode.pass : ExitCode.notPassed
            }
            let outcome = try Grader.run(
                path, settings, includeFrames: frames,
                begin: { context in
                    var c = context
                    c.colour = colour
                    out.out(writer.begin(c))
                },
                frame: { f, r in
                    let text = writer.frame(r, pose: f)
                    if !text.isEmpty { out.out(text) }
                })
            out.out(writer.end(outcome.summary))
            return outcome.summary.verdict == .pass ? ExitCode.pass : ExitCode.notPassed
        }
    }
}
