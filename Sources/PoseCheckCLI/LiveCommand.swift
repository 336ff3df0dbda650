import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
// `posecheck live --stretch ID`: grade frames from standard input as a tracker writes them.
import PoseScanning
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum LiveCommand {
    static let usage =
        "posecheck live --stretch <id> [--image-size <WxH>] [--fps <n>] [--front left|right|auto] [--output text|jsonl]"

    static let options: [OptionSpec] = [
        OptionSpec(
            name: "stretch", short: "s", valueName: "id",
            help: "scissor-stance (1), hands-down-lunge (2) or reach-up-twist (3)."),
        OptionSpec(
            name: "front", valueName: "side",
            help:
                "The side of the front leg: left, right or auto (default: auto; results are provisional until the vote settles)."
        ),
        OptionSpec(name: "fps", valueName: "n", help: "Frames per second, for rows without timestamps."),
        .imageSize,
        .timeUnit,
        .minConfidence,
        .allowNaN,
        OptionSpec(
            name: "smooth", valueName: "method",
            help:
                "none, median:K (default median:5: results two frames late), one-euro[:MINCUTOFF,BETA] or butterworth:HZ."
        ),
        OptionSpec(
            name: "output", valueName: "format",
            help:
                "text (default: one updating line on a terminal, a line per frame otherwise) or jsonl (one object per frame, then the summary)."
        ),
        .help,
    ]

    static var help: String {
        """
        OVERVIEW: Grade frames from standard input as a tracker writes them: JSON Lines (a MediaPipe frame object, a frame's landmark list or a MoveNet tensor a line) or CSV (a header, then one row a frame).

        USAGE: \(usage)

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        Each frame's status, advice and hold progress are printed as soon as the smoothing window
        allows; at the end of the input, or on Ctrl-C, the summary.

        EXIT CODES: 0 pass; 1 fail or not assessable; 64 usage error; 65 malformed input.

        """
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        var settings: GradingSettings
        let jsonLines: Bool
        do throws(UsageError) {
            let p = try ArgumentParser.parse(args, options: options)
            if p.has("help") {
                console.out(help)
                return ExitCode.pass
            }
            if let first = p.positionals.first {
                throw UsageError(message: "Unexpected argument '\(first)': live reads standard input.")
            }
            settings = try GradingFlags.parse(p)
            if settings.routine {
                throw UsageError(message: "'live' needs one stretch; '--stretch auto' is not graded live yet.")
            }
            switch p.value("output") ?? "text" {
            case "text": jsonLines = false
            case "jsonl": jsonLines = true
            case let other:
                throw UsageError.unknown("output format", plural: "formats", other, among: ["text", "jsonl"])
            }
        } catch {
            return PoseCheckCommand.usageError(error, command: "live", usage: usage, console: console)
        }
        return PoseCheckCommand.handling(console) { () throws(CommandFailure) -> Int32 in
            var live = LiveGrader(options: settings.options)
            var printer = LivePrinter(
                spec: settings.options.effectiveSpec, jsonLines: jsonLines, updating: console.isTerminal && !jsonLines)
            StandardInput.catchInterrupt()
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            do throws(FormatError) {
                while let n = StandardInput.read(into: &chunk) {
                    for r in try live.push(chunk[0..<n]) { console.out(printer.line(r)) }
                    console.flush()
                    if let failure = live.failure { throw failure }
                }
                for r in try live.finish() { console.out(printer.line(r)) }
                if let failure = live.failure { throw failure }
            } catch {
                console.out(printer.interrupted())
                throw .format(error)
            }
            guard let graded = live.graded else {
                console.out(printer.interrupted())
                throw .format(
                    FormatError(
                        .unreadable, code: "empty_input", message: "no frame arrived on standard input", path: "-"))
            }
            console.out(printer.summary(graded))
            return graded.summary.verdict == .pass ? ExitCode.pass : ExitCode.notPassed
        }
    }
}

/// The live lines: one per frame (or one updating line on a terminal), then the summary.
struct LivePrinter {
    let spec: StretchSpec
    let jsonLines: Bool
    let updating: Bool
    /// The frames' results for the summary, for each side the vote may end with (one when the
    /// side is fixed).
    private var collectors: [Side?: ReportCollector] = [:]
    private var onLine = false

    init(spec: StretchSpec, jsonLines: Bool, updating: Bool) {
        self.spec = spec
        self.jsonLines = jsonLines
        self.updating = updating
    }

    /// Adds the frame's results to the summary of each side they are for (the text summary's:
    /// JSON Lines end with the summary alone).
    private mutating func collect(_ live: LiveFrameResult) {
        guard !jsonLines else { return }
        guard !live.resultsBySide.isEmpty else {
            collectors[live.front, default: ReportCollector(spec: spec)].add(live.frame, live.result)
            return
        }
        for (side, result) in live.resultsBySide {
            collectors[side, default: ReportCollector(spec: spec)].add(live.frame, result)
        }
    }

    /// What a person acts on for this frame: the advice of each check out of its band.
    func advice(_ r: FrameResult) -> [String] {
        zip(r.checks, spec.checks).compactMap { check, checkSpec in check.advice(band: checkSpec.band) }
    }

    mutating func line(_ live: LiveFrameResult) -> String {
        collect(live)
        let r = live.result
        if jsonLines {
            var w = JSONWriter()
            w.beginObject()
            w.field("frame", r.index)
            w.field("time", r.time)
            w.field("status", r.status.rawValue)
            w.field("score", r.score)
            w.field("frontSide", live.front?.rawValue)
            w.field("provisional", live.provisional)
            w.field("holdSeconds", live.holdSeconds)
            w.field("requiredHoldSeconds", live.requiredHoldSeconds)
            w.key("advice")
            w.beginArray()
            for a in advice(r) { w.string(a) }
            w.endArray()
            // Why a frame is not what it seems, as `check --output jsonl` says it.
            JSONResultWriter.write(r.issues, to: &w)
            w.endObject()
            return w.flush() + "\n"
        }
        var text = "frame \(r.index)"
        if let t = r.time { text += "  \(formatNumber(t, digits: 2)) s" }
        text += "  " + TextWriter.statusWord(r.status)
        text += "  score " + (r.score.map { formatNumber($0, digits: 0) } ?? "–")
        let hold = live.holdSeconds.map { formatNumber($0, digits: 1) } ?? "?"
        text += "  hold \(hold) of \(formatNumber(live.requiredHoldSeconds, digits: 0)) s"
        text += "  front \(live.front?.rawValue ?? "unknown")" + (live.provisional ? " (provisional)" : "")
        let fixes = advice(r)
        if !fixes.isEmpty { text += "  to fix: " + fixes.joined(separator: "; ") }
        if updating {
            onLine = true
            return "\r\u{1B}[K" + text
        }
        return text + "\n"
    }

    /// Ends an updating line before other output.
    mutating func interrupted() -> String {
        guard onLine else { return "" }
        onLine = false
        return "\n"
    }

    mutating func summary(_ graded: GradedRecording) -> String {
        let end = interrupted()
        let context = Grader.reportContext(graded.context, includeFrames: false)
        let summary = graded.summary.withCommandLineHints(graded.context.info)
        if jsonLines {
            var w = JSONWriter()
            w.beginObject()
            w.field("frames", graded.context.frameCount)
            w.field("frontSide", graded.context.front.side?.rawValue)
            // How the stream was read, and whether the results it gave were for another side.
            w.key("notes")
            w.beginArray()
            for note in context.notes { w.string(note) }
            w.endArray()
            w.key("summary")
            JSONResultWriter.writeSummary(summary, spec: graded.context.spec, to: &w)
            w.endObject()
            return end + w.flush() + "\n"
        }
        var writer = TextWriter()
        let begin = writer.begin(context)
        writer.adopt(collectors[graded.context.front.side] ?? ReportCollector(spec: spec))
        return end + begin + writer.end(summary)
    }
}

/// Standard input read as bytes arrive, and Ctrl-C noticed between reads.
enum StandardInput {
    static let interruptedFlag = Atomic<Bool>(false)

    /// On SIGINT, reading stops (and the summary is printed) instead of the process dying.
    static func catchInterrupt() {
        signal(SIGINT) { _ in StandardInput.interruptedFlag.store(true, ordering: .relaxed) }
    }

    /// The next bytes (as soon as any are there), or nil at the end of input or after Ctrl-C.
    static func read(into buffer: inout [UInt8]) -> Int? {
        while !interruptedFlag.load(ordering: .relaxed) {
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 100)
            if ready < 0 && errno != EINTR { return nil }
            guard ready > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            return n > 0 ? n : nil
        }
        return nil
    }
}
