// posecheck-bench: generates a MediaPipe-33 recording of N frames as CSV and JSON, then measures
// parse-and-score throughput (frames/s, MB/s) and peak memory, each in a fresh child process.
//
//   swift run -c release posecheck-bench [--frames 108000] [--keep DIR]
//   swift run -c release posecheck-bench --batch 1000     # grade --jobs 1 against --jobs 2
import Foundation
import PoseCheck
import PoseSynth

#if canImport(Glibc)
import Glibc
#endif

func peakRSSMegabytes() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024  // kilobytes on Linux
}

/// Child mode: `--measure FILE`: the same two passes as `posecheck check` (validate, count and
/// vote on the front side; then score every frame), with no output.
func measure(_ path: String) throws -> Never {
    let clock = ContinuousClock()
    let start = clock.now
    let input = try ByteInput.open(path: path)
    var source = try PoseReader.open(input, path: path)
    var vote = FrontSideVote(minConfidence: 0.5, threeD: false)
    var frames = 0
    while let f = try source.nextFrame() { frames += 1; vote.add(f) }
    let firstPass = clock.now - start
    source = try PoseReader.open(input, path: path)
    var session = EvaluationSession(spec: .scissorStance, front: vote.decision.side, threeD: false,
                                    options: EvaluationOptions(frameRate: source.info.frameRate))
    var inForm = 0
    while let f = try source.nextFrame() { if session.evaluate(f).status == .inForm { inForm += 1 } }
    let total = clock.now - start
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) * 1e-18
    let pass1 = Double(firstPass.components.seconds) + Double(firstPass.components.attoseconds) * 1e-18
    print("\(frames) \(seconds) \(pass1) \(peakRSSMegabytes()) \(session.summary.verdict.rawValue) \(inForm)")
    exit(0)
}

func fileSize(_ path: String) -> Double {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0) / 1_048_576
}

func generate(frames n: Int, into dir: String) throws -> (csv: String, json: String) {
    // A 10-second recording at 30 fps with pixel noise, repeated with continuing frame numbers.
    let base = Scenarios.recording("scissor-stance", front: .left, duration: 10, fps: 30, noisePixels: 1.5)
    let options = MediaPipeExport.Options(shape: .wrapped, includeWorld: true, decimals: 6)
    var csvOptions = options
    csvOptions.includeWorld = false
    let csvPath = dir + "/bench.csv", jsonPath = dir + "/bench.json"
    _ = FileManager.default.createFile(atPath: csvPath, contents: nil)
    _ = FileManager.default.createFile(atPath: jsonPath, contents: nil)
    let csv = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
    let json = try FileHandle(forWritingTo: URL(fileURLWithPath: jsonPath))
    defer { try? csv.close(); try? json.close() }
    let envelope = MediaPipeExport.jsonEnvelope(base, options: options)
    try csv.write(contentsOf: Data(MediaPipeExport.csvHeader(options: csvOptions).utf8))
    try json.write(contentsOf: Data(envelope.head.utf8))
    var csvChunk = "", jsonChunk = ""
    for i in 0..<n {
        let f = base.frames[i % base.frames.count]
        let t = Double(i) / base.fps
        csvChunk += MediaPipeExport.csvRow(base, f, index: i, time: t, options: csvOptions)
        jsonChunk += (i > 0 ? envelope.separator : "") + MediaPipeExport.jsonFrame(base, f, index: i, time: t, options: options)
        if i % 1000 == 999 || i == n - 1 {
            try csv.write(contentsOf: Data(csvChunk.utf8))
            try json.write(contentsOf: Data(jsonChunk.utf8))
            csvChunk = ""
            jsonChunk = ""
        }
    }
    try json.write(contentsOf: Data(envelope.tail.utf8))
    return (csvPath, jsonPath)
}

/// ns per number for our parser and for strtod, on export-style numbers.
func numberBenchmark() -> (ours: Double, strtod: Double) {
    var rng = SplitMix64(seed: 7)
    let texts = (0..<200_000).map { _ in String(format: "%.6f", Double(rng.next() % 2_000_000) / 1_000_000 - 0.5) }
    let bytes = texts.map { Array($0.utf8) }
    let clock = ContinuousClock()
    var sink = 0.0
    let ours = clock.measure {
        for _ in 0..<5 {
            for b in bytes {
                b.withUnsafeBufferPointer { if case .value(let v) = DecimalNumber.parse($0, grammar: .decimal) { sink += v } }
            }
        }
    }
    let c = clock.measure { for _ in 0..<5 { for t in texts { sink += t.withCString { strtod($0, nil) } } } }
    if sink == 42 { print("") }
    func ns(_ d: Duration) -> Double { (Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9) / Double(5 * bytes.count) }
    return (ns(ours), ns(c))
}

/// Writes `n` small exports (3 s at 30 fps, CSV and JSON alternating) and times
/// `posecheck grade` on them with one and with two jobs.
func batchBenchmark(_ n: Int) throws {
    let dir = NSTemporaryDirectory() + "posecheck-batch-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var bytes = 0
    for i in 0..<n {
        let stretch = StretchSpec.builtins[i % 3].id
        let r = Scenarios.recording(stretch, front: i % 2 == 0 ? .left : .right, duration: 3, fps: 30,
                                    noisePixels: 1.5, seed: UInt64(i + 1))
        let text = i % 2 == 0 ? MediaPipeExport.csv(r, options: .init(decimals: 6)) : MediaPipeExport.json(r, options: .init(includeWorld: false, decimals: 6))
        bytes += text.utf8.count
        try text.write(toFile: dir + "/rec\(i)." + (i % 2 == 0 ? "csv" : "json"), atomically: false, encoding: .utf8)
    }
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("posecheck").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("build posecheck first: swift build -c release --product posecheck")
        return
    }
    print("\(n) exports, \(formatNumber(Double(bytes) / 1_048_576, digits: 1)) MB, in \(dir)")
    var times: [Int: Double] = [:]
    for jobs in [1, 2, 1, 2] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["grade", dir, "--stretch", "1", "--jobs", String(jobs), "--output", "jsonl", "-o", "/dev/null"]
        let start = ContinuousClock.now
        try p.run()
        p.waitUntilExit()
        let d = ContinuousClock.now - start
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        times[jobs] = min(times[jobs] ?? .infinity, s)  // best of two
    }
    let one = times[1] ?? 0, two = times[2] ?? 0
    print("grade --jobs 1: \(formatNumber(one, digits: 2)) s; --jobs 2: \(formatNumber(two, digits: 2)) s; speed-up \(formatNumber(one / two, digits: 2))× (best of two runs each, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
}

let args = CommandLine.arguments
if let i = args.firstIndex(of: "--batch") {
    let n = i + 1 < args.count ? Int(args[i + 1]) ?? 1000 : 1000
    try batchBenchmark(n)
    exit(0)
}
if let i = args.firstIndex(of: "--measure"), i + 1 < args.count {
    do { try measure(args[i + 1]) } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(65)
    }
}
var frames = 108_000
if let i = args.firstIndex(of: "--frames"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { frames = n }
let keep = args.firstIndex(of: "--keep").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
let dir = keep ?? NSTemporaryDirectory() + "posecheck-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
print("generating \(frames) frames (\(formatNumber(Double(frames) / 30 / 60, digits: 1)) min at 30 fps) in \(dir)")
let (csvPath, jsonPath) = try generate(frames: frames, into: dir)
for (name, path) in [("CSV", csvPath), ("JSON", jsonPath)] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    p.arguments = ["--measure", path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let f = text.split(separator: " ").map(String.init)
    guard p.terminationStatus == 0, f.count >= 6, let n = Double(f[0]), let s = Double(f[1]), let p1 = Double(f[2]) else {
        print("\(name): measurement failed (\(text))")
        continue
    }
    let mb = fileSize(path)
    print("\(name): \(formatNumber(mb, digits: 1)) MB, \(Int(n)) frames; two passes (check): \(formatNumber(s, digits: 2)) s = \(formatNumber(n / s, digits: 0)) frames/s, \(formatNumber(2 * mb / s, digits: 1)) MB/s read; one pass: \(formatNumber(mb / p1, digits: 1)) MB/s; peak RSS \(formatNumber(Double(f[3]) ?? 0, digits: 1)) MB; verdict \(f[4])")
}
let nb = numberBenchmark()
print("numbers: \(formatNumber(nb.ours, digits: 1)) ns each (ours), \(formatNumber(nb.strtod, digits: 1)) ns (strtod)")
if keep == nil { try? FileManager.default.removeItem(atPath: dir) }
