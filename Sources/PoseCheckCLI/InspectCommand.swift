// `posecheck inspect FILE`: what the file is and how it will be read, before grading it.
import PoseFormats
import PoseModel
import PoseReports
import PoseScanning

enum InspectCommand {
    static let usage =
        "posecheck inspect <file> [--format <format>] [--image-size <WxH>] [--coordinates image|world] [--output text|json]"

    static let options: [OptionSpec] = [
        OptionSpec(
            name: "format", valueName: "format",
            help: "Force the input format: \(PoseFormat.allCases.map(\.rawValue).joined(separator: ", "))."),
        .imageSize,
        .timeUnit,
        OptionSpec(name: "coordinates", valueName: "space", help: "image (default) or world."),
        .fps,
        .allowNaN,
        OptionSpec(
            name: "skeleton", valueName: "layout",
            help:
                "Keypoint layout when the count is ambiguous: \(KeypointLayout.all.map(\.id).joined(separator: ", "))."),
        .person,
        OptionSpec(
            name: "knee-sign", valueName: "sign",
            help: "OpenSim knee_angle convention: auto (default), positive or negative = flexion."),
        OptionSpec(name: "output", valueName: "format", help: "text (default) or json."),
        .help,
    ]

    static var help: String {
        """
        OVERVIEW: Show how a pose export will be read: format, coordinates, frames, time, joints, confidence, defects.

        USAGE: \(usage)

        OPTIONS:
        \(ArgumentParser.helpLines(options))

        """
    }

    struct Report {
        var info: RecordingInfo
        var frames = 0
        var withPerson = 0
        /// Frames the input holds nothing readable of (missing, cut short, not valid JSON).
        var notRead = 0
        var firstTime: Double?, lastTime: Double?
        /// The frames from the first with a trusted time to the last (frames without one between
        /// them included; those before or after, a cut frame at the end, not).
        var timedSpan = 0
        var jointFrames = Array(repeating: 0, count: Joint.count)
        var confidenceSum = 0.0, confidenceCount = 0, lowConfidence = 0
        var issueCounts: [String: Int] = [:]
        var severalPeople = 0
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        var read = ReadOptions()
        var json = false
        let path: String
        do throws(UsageError) {
            var p = try ArgumentParser.parse(args, options: options)
            if p.has("help") {
                console.out(help)
                return ExitCode.pass
            }
            guard let f = p.positionals.first else { throw UsageError(message: "Missing expected argument '<file>'.") }
            guard p.positionals.count == 1 else {
                throw UsageError(message: "Unexpected argument '\(p.positionals[1])'.")
            }
            path = f
            switch p.value("output") ?? "text" {
            case "text": json = false
            case "json": json = true
            case let o: throw UsageError.unknown("output format", plural: "formats", o, among: ["text", "json"])
            }
            p.values["stretch"] = "1"  // the shared parser wants a stretch; inspect grades nothing
            read = try GradingFlags.parse(p).options.read
        } catch {
            return PoseCheckCommand.usageError(error, command: "inspect", usage: usage, console: console)
        }
        return PoseCheckCommand.handling(console) { () throws(CommandFailure) -> Int32 in
            var source: any PoseFrameSource
            do throws(InputOrFormatError) { source = try PoseReader.open(path: path, options: read) } catch {
                throw CommandFailure(error)
            }
            var r: Report
            do throws(FormatError) {
                r = Report(info: source.info)
                // Times as grading judges them: the range is of trusted times, and the rest are flagged.
                let timing = EvaluationOptions().completed(by: source.info)
                var clock = FrameClock(
                    frameRate: timing.frameRate, dipTolerance: StretchSpec.scissorStance.dipToleranceSeconds,
                    timestamps: timing.timestamps)
                var framesFromFirstTime = 0
                while let f = try source.nextFrame() {
                    r.frames += 1
                    let reading = clock.read(f)
                    let timed = f.time != nil ? reading.time : nil
                    if r.firstTime != nil || timed != nil { framesFromFirstTime += 1 }
                    if let t = timed {
                        r.firstTime = r.firstTime ?? t
                        r.lastTime = t
                        r.timedSpan = framesFromFirstTime
                    }
                    if let issue = reading.issue, !f.issues.contains(where: { $0.code == issue.code }) {
                        r.issueCounts[issue.code, default: 0] += 1
                    }
                    if f.hasAnyKeypoint { r.withPerson += 1 }
                    if f.isNotRead { r.notRead += 1 }
                    for issue in f.issues { r.issueCounts[issue.code, default: 0] += 1 }
                    if f.issues.contains(where: { $0.code == "multiple_people" }) { r.severalPeople += 1 }
                    for j in Joint.allCases {
                        guard let k = f[j] else { continue }
                        r.jointFrames[j.rawValue] += 1
                        if let c = k.confidence {
                            r.confidenceSum += c
                            r.confidenceCount += 1
                            if c < 0.5 { r.lowConfidence += 1 }
                        }
                    }
                }
                r.info = source.info.withCommandLineHints
            } catch {
                throw .format(error)
            }
            console.out(json ? Self.json(r, path) : Self.text(r, path))
            return ExitCode.pass
        }
    }

    static func fps(_ r: Report) -> Double? {
        guard let a = r.firstTime, let b = r.lastTime, b > a else { return r.info.frameRate }
        return Double(r.timedSpan - 1) / (b - a)
    }

    static func text(_ r: Report, _ path: String) -> String {
        var s = "\(path)\n"
        s += "  format: \(r.info.format)\n"
        s += "  skeleton: \(r.info.skeleton ?? "none (joint angles)")\n"
        s += "  coordinates: \(r.info.space.summary(imageSizeOption: ReportHints.commandLine.imageSizeOption))\n"
        let angles = r.info.space == .jointAngles
        s += angles ? "  frames: \(r.frames)\n" : "  frames: \(r.frames), \(r.withPerson) with a person\n"
        if !angles {
            s +=
                "  people per frame: none on \(r.frames - r.withPerson - r.notRead), one on \(r.withPerson - r.severalPeople), several on \(r.severalPeople)"
            if r.notRead > 0 { s += "; \(r.notRead) not read (missing, cut short or unreadable: see the flags)" }
            s +=
                r.severalPeople > 0
                ? " (one graded, chosen by --person on the first and followed from frame to frame; see the multiple_people flags)\n"
                : "\n"
        }
        if let a = r.firstTime, let b = r.lastTime {
            s +=
                "  time: \(formatNumber(a, digits: 3))–\(formatNumber(b, digits: 3)) s from \(r.info.timeSource ?? "timestamps")"
            s += fps(r).map { ", about \(formatNumber($0, digits: 2)) fps\n" } ?? "\n"
        } else if let f = r.info.frameRate {
            let source = r.info.timeSource.map {
                $0 == ReadOptions.fileFrameRateSource ? "from the file" : "from \($0)"
            }
            s += "  time: \(formatNumber(f, digits: 2)) fps" + (source.map { " (\($0))" } ?? "") + "\n"
        } else {
            s += "  time: unknown (no timestamps; \(ReportHints.frameTimes(r.info)) to time holds)\n"
        }
        if !angles {
            let present = Joint.allCases.filter { r.jointFrames[$0.rawValue] > 0 }
            s += "  joints present: \(present.count): \(present.map(\.snakeName).joined(separator: ", "))\n"
        }
        if r.confidenceCount > 0 {
            s +=
                "  confidence: mean \(formatNumber(r.confidenceSum / Double(r.confidenceCount), digits: 2)), \(r.lowConfidence) of \(r.confidenceCount) keypoints below 0.5\n"
        }
        if !r.issueCounts.isEmpty {
            s +=
                "  flagged: "
                + r.issueCounts.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
                + "\n"
        }
        for n in r.info.notes { s += "  note: \(n)\n" }
        return s
    }

    static func json(_ r: Report, _ path: String) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("path", path)
        w.field("format", r.info.format)
        w.field("skeleton", r.info.skeleton)
        w.field("coordinates", r.info.space.summary(imageSizeOption: ReportHints.commandLine.imageSizeOption))
        w.field("frames", r.frames)
        w.field("framesWithPerson", r.withPerson)
        w.field("framesWithSeveralPeople", r.severalPeople)
        w.field("framesNotRead", r.notRead)
        w.field("timeSource", r.info.timeSource)
        w.field("firstTime", r.firstTime)
        w.field("lastTime", r.lastTime)
        w.field("fps", fps(r))
        w.key("joints")
        w.beginObject()
        for j in Joint.allCases where r.jointFrames[j.rawValue] > 0 { w.field(j.snakeName, r.jointFrames[j.rawValue]) }
        w.endObject()
        w.field("meanConfidence", r.confidenceCount > 0 ? r.confidenceSum / Double(r.confidenceCount) : nil)
        w.field("keypointsBelowHalfConfidence", r.lowConfidence)
        w.key("flagged")
        w.beginObject()
        for (k, v) in r.issueCounts.sorted(by: { $0.key < $1.key }) { w.field(k, v) }
        w.endObject()
        w.key("notes")
        w.beginArray()
        for n in r.info.notes { w.string(n) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
