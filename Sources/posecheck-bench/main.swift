// posecheck-bench: writes a MediaPipe-33 recording of N frames as CSV and JSON (full-precision
// floats, the issue's scale), then times `posecheck check` on each (in a child process, with its
// peak memory) beside the Python baselines in Tests/Bench (pandas.read_csv + numpy, json.load +
// numpy) doing the same angle math: five runs each (--runs N), taking turns, best against best.
//
//   swift build -c release --product posecheck && swift build -c release --product posecheck-bench
//   .build/release/posecheck-bench [--frames 100000] [--runs 5] [--keep DIR] # DIR: keep (and reuse) the files
//       [--openpose-frames 10000] [--keypoint-frames 20000] [--python PATH] [--only TEXT]
//   MediaPipe JSON in four layouts (json.dumps default, keys reversed, a "name" per landmark,
//   indent=2), an OpenPose folder, a COCO keypoints file and an Apple Vision export, each
//   against json.load + numpy (Tests/Bench/json_load.py, keypoints_load.py), in one run.
//   .build/release/posecheck-bench --numbers                         # ns per number, ours and strtod
//   .build/release/posecheck-bench --prefixes [TEXT] [--under BYTES] # every prefix of fixture files
//   .build/release/posecheck-bench --batch 1000                      # grade --jobs 1 against --jobs 2
import Foundation
import PoseCheck
import PoseScanning
import PoseSynth

#if canImport(Glibc)
import Glibc
#endif

func fileSize(_ path: String) -> Double {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0) / 1_048_576
}

/// How a Python exporter lays out the same MediaPipe JSON: `json.dumps` by default (`", "` and
/// `": "`), with every object's keys in reverse order, with a `"name"` key first in each
/// landmark (as many scripts write), and pretty-printed (`indent=2`).
enum JSONLayout: String, CaseIterable {
    case dumps = "json.dumps default"
    case reversedKeys = "keys reversed"
    case named = "a \"name\" key per landmark"
    case indented = "indent=2"

    var fileSuffix: String {
        switch self {
        case .dumps: return ""
        case .reversedKeys: return "-reversed"
        case .named: return "-named"
        case .indented: return "-indent2"
        }
    }
}

/// A JSON value to lay out; numbers and strings as their written text.
indirect enum JSONNode {
    case number(String)
    case string(String)
    case object([(String, JSONNode)])
    case array([JSONNode])
}

/// Writes `node` as Python's json.dumps would in `layout`, at nesting `level` (for indent=2).
func write(_ node: JSONNode, _ layout: JSONLayout, level: Int, into s: inout String) {
    let indented = layout == .indented
    func newLine(_ level: Int) { s += "\n" + String(repeating: " ", count: 2 * level) }
    switch node {
    case .number(let text): s += text
    case .string(let text): s += "\"" + text + "\""
    case .array(let items):
        guard !items.isEmpty else {
            s += "[]"
            return
        }
        s += "["
        for (i, item) in items.enumerated() {
            if i > 0 { s += indented ? "," : ", " }
            if indented { newLine(level + 1) }
            write(item, layout, level: level + 1, into: &s)
        }
        if indented { newLine(level) }
        s += "]"
    case .object(let written):
        guard !written.isEmpty else {
            s += "{}"
            return
        }
        let members = layout == .reversedKeys ? Array(written.reversed()) : written
        s += "{"
        for (i, (key, value)) in members.enumerated() {
            if i > 0 { s += indented ? "," : ", " }
            if indented { newLine(level + 1) }
            s += "\"" + key + "\": "
            write(value, layout, level: level + 1, into: &s)
        }
        if indented { newLine(level) }
        s += "}"
    }
}

/// Writes the benchmark recording the way a Python exporter does (the issue's scale: about
/// 2.5 KB of CSV and 4.5 KB of JSON a frame): full-precision floats (shortest round-trip form,
/// 16–18 significant digits), CSV `x,y,z,visibility` per landmark, JSON in every `JSONLayout`
/// with `visibility` and `presence`: the same values in every file.
func generate(frames n: Int, into dir: String) throws -> (csv: String, json: [JSONLayout: String]) {
    // A 10-second recording at 30 fps with pixel noise, repeated with continuing frame numbers.
    let base = Scenarios.recording("scissor-stance", front: .left, duration: 10, fps: 30, noisePixels: 1.5)
    let csvPath = dir + "/bench-\(n).csv"
    _ = FileManager.default.createFile(atPath: csvPath, contents: nil)
    let csv = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
    defer { try? csv.close() }
    var paths: [JSONLayout: String] = [:]
    var handles: [JSONLayout: FileHandle] = [:]
    var chunks: [JSONLayout: String] = [:]
    // The document around the frames, split where they go.
    let placeholder = "@FRAMES@"
    let document = JSONNode.object([
        ("fps", .number("30")), ("image_width", .number("1280")), ("image_height", .number("720")),
        ("frames", .array([.number(placeholder)])),
    ])
    var tails: [JSONLayout: String] = [:]
    for layout in JSONLayout.allCases {
        let path = dir + "/bench-\(n)\(layout.fileSuffix).json"
        paths[layout] = path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handles[layout] = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var text = ""
        write(document, layout, level: 0, into: &text)
        let parts = text.components(separatedBy: placeholder)
        chunks[layout] = parts[0]
        tails[layout] = parts[1] + "\n"
    }
    defer { for h in handles.values { try? h.close() } }
    try csv.write(contentsOf: Data(MediaPipeExport.csvHeader(options: .init(includeImageSize: false)).utf8))
    var rng = SplitMix64(seed: 11)
    func confidence() -> Double { 0.9 + Double(rng.next() % 100_000_000) / 1e9 + 1e-12 }
    let names = (0..<33).map { Joint(rawValue: $0)?.snakeName ?? "landmark_\($0)" }
    var csvChunk = ""
    for i in 0..<n {
        let f = base.frames[i % base.frames.count]
        let t = (Double(i) / base.fps * 1000).rounded()
        let marks = MediaPipeExport.landmarks(base, f)
        csvChunk += "\(i),\(JSONWriter.format(t))"
        var landmarks: [JSONNode] = []
        var named: [JSONNode] = []
        for (k, m) in marks.enumerated() {
            let v = confidence()
            let p = confidence()
            csvChunk += ",\(m.x),\(m.y),\(m.z),\(v)"
            let members: [(String, JSONNode)] = [
                ("x", .number("\(m.x)")), ("y", .number("\(m.y)")), ("z", .number("\(m.z)")),
                ("visibility", .number("\(v)")), ("presence", .number("\(p)")),
            ]
            landmarks.append(.object(members))
            named.append(.object([("name", .string(names[k]))] + members))
        }
        if marks.isEmpty { csvChunk += String(repeating: ",", count: 33 * 4) }
        csvChunk += "\n"
        for layout in JSONLayout.allCases {
            let frame = JSONNode.object([
                ("frame", .number("\(i)")), ("timestamp_ms", .number(JSONWriter.format(t))),
                ("pose_landmarks", .array(layout == .named ? named : landmarks)),
            ])
            if i > 0 { chunks[layout]! += layout == .indented ? ",\n    " : ", " }
            write(frame, layout, level: 2, into: &chunks[layout]!)
        }
        if i % 1000 == 999 || i == n - 1 {
            try csv.write(contentsOf: Data(csvChunk.utf8))
            csvChunk = ""
            for layout in JSONLayout.allCases {
                try handles[layout]!.write(contentsOf: Data(chunks[layout]!.utf8))
                chunks[layout] = ""
            }
        }
    }
    for layout in JSONLayout.allCases { try handles[layout]!.write(contentsOf: Data(tails[layout]!.utf8)) }
    return (csvPath, paths)
}

/// The other JSON formats of the benchmark, from a longer recording of the same scenario:
/// an OpenPose folder of `openPoseFrames` BODY_25 frame files (the 300 frames of the base
/// recording, repeated under continuing names), a COCO keypoints file and an Apple Vision export
/// of `frames` frames each.
func generateKeypointFormats(openPoseFrames: Int, frames: Int, into dir: String) throws -> (
    openPose: String, coco: String, vision: String
) {
    let folder = dir + "/openpose-\(openPoseFrames)"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let base = Scenarios.recording("scissor-stance", front: .left, duration: 10, fps: 30, noisePixels: 1.5)
    let documents = KeypointExport.openPose(base, layout: .body25)
    for i in 0..<openPoseFrames {
        let name = "clip_" + String(repeating: "0", count: max(0, 12 - String(i).count)) + "\(i)_keypoints.json"
        try documents[i % documents.count].contents.write(
            toFile: folder + "/" + name, atomically: false, encoding: .utf8)
    }
    let long = Scenarios.recording(
        "scissor-stance", front: .left, duration: Double(frames) / 30, fps: 30, noisePixels: 1.5)
    let coco = dir + "/coco-\(frames).json"
    let vision = dir + "/vision-\(frames).json"
    try KeypointExport.coco(long, results: false).write(toFile: coco, atomically: false, encoding: .utf8)
    try KeypointExport.appleVision(long).write(toFile: vision, atomically: false, encoding: .utf8)
    return (folder, coco, vision)
}

/// Bytes under `path`: a file's size, or the sum over a folder's files.
func totalSize(_ path: String) -> Double {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
        return fileSize(path)
    }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.reduce(0) { $0 + fileSize(path + "/" + $1) }
}

/// ns per number for our parser and for strtod, on export-style numbers.
func numberBenchmark() -> (ours: Double, strtod: Double) {
    var rng = SplitMix64(seed: 7)
    // Full precision, as the benchmark exports write them (16–17 significant digits).
    let texts = (0..<200_000).map { _ in "\(Double(rng.next() % 1_000_000_000_000) / 1e12 + 0.1)" }
    // One contiguous buffer, as a reader sees the bytes.
    var all: [UInt8] = []
    var spans: [(Int, Int)] = []
    for t in texts {
        spans.append((all.count, t.utf8.count))
        all += Array(t.utf8) + [UInt8(ascii: ",")]
    }
    all += [UInt8](repeating: 0x20, count: DecimalNumber.lookahead)
    let clock = ContinuousClock()
    var sink = 0.0
    let ours = clock.measure {
        all.withUnsafeBufferPointer { p in
            for _ in 0..<5 {
                for (start, n) in spans {
                    if case .value(let v) = DecimalNumber.parse(
                        p.baseAddress! + start, count: n, readable: p.count - start, grammar: .json)
                    {
                        sink += v
                    }
                }
            }
        }
    }
    let c = clock.measure { for _ in 0..<5 { for t in texts { sink += t.withCString { strtod($0, nil) } } } }
    if sink == 42 { print("") }
    func ns(_ d: Duration) -> Double {
        (Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9) / Double(5 * texts.count)
    }
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
        let r = Scenarios.recording(
            stretch, front: i % 2 == 0 ? .left : .right, duration: 3, fps: 30,
            noisePixels: 1.5, seed: UInt64(i + 1))
        let text =
            i % 2 == 0
            ? MediaPipeExport.csv(r, options: .init(decimals: 6))
            : MediaPipeExport.json(r, options: .init(includeWorld: false, decimals: 6))
        bytes += text.utf8.count
        try text.write(toFile: dir + "/rec\(i)." + (i % 2 == 0 ? "csv" : "json"), atomically: false, encoding: .utf8)
    }
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "posecheck"
    ).path
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
    let one = times[1] ?? 0
    let two = times[2] ?? 0
    print(
        "grade --jobs 1: \(formatNumber(one, digits: 2)) s; --jobs 2: \(formatNumber(two, digits: 2)) s; speed-up \(formatNumber(one / two, digits: 2))× (best of two runs each, \(ProcessInfo.processInfo.activeProcessorCount) cores)"
    )
}

/// `--prefixes [TEXT] [--under BYTES]`: every prefix of every fixture file (whose path contains
/// TEXT, of at most BYTES) (OpenPose folders file by file) through the
/// reader its bytes are detected as, on all cores. Each prefix must end with frames or a
/// located error; a prefix that takes over 10 s is reported as a hang and the run fails.
func prefixSweep(only filter: String?, under limit: Int) -> Int32 {
    let root = PackagePaths.fixtures
    var files: [(path: String, bytes: [UInt8])] = []
    if let e = FileManager.default.enumerator(atPath: root) {
        while let rel = e.nextObject() as? String {
            var dir: ObjCBool = false
            guard filter.map({ rel.contains($0) }) ?? true,
                FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &dir), !dir.boolValue,
                let data = FileManager.default.contents(atPath: root + "/" + rel), data.count <= limit
            else { continue }
            files.append((rel, Array(data)))
        }
    }
    files.sort { $0.bytes.count > $1.bytes.count }  // largest first, so the cores finish together
    let total = files.reduce(0) { $0 + $1.bytes.count + 1 }
    print(
        "\(files.count) files, \(total) prefixes, \(files.reduce(0.0) { $0 + Double($1.bytes.count) * Double($1.bytes.count + 1) / 2 }) bytes to read"
    )
    final class State: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        var started: [Double?]
        var current: [String]
        var read = 0, errors = 0, unlocated = 0, done = 0
        var slowest = (seconds: 0.0, what: "")
        /// Per file: runs still to finish, and its prefixes' outcomes (printed when it is done).
        var runsLeft: [Int] = []
        var fileCounts: [(read: Int, errors: Int, unlocated: Int)] = []
        init(workers: Int) {
            started = Array(repeating: nil, count: workers)
            current = Array(repeating: "", count: workers)
        }
    }
    let workers = ProcessInfo.processInfo.activeProcessorCount
    // Work in runs of up to 1024 prefixes of one file, so that the cores share large files.
    let runs: [(file: Int, prefixes: Range<Int>)] = files.enumerated().flatMap { i, f in
        stride(from: 0, through: f.bytes.count, by: 1024).map { k in (i, k..<min(k + 1024, f.bytes.count + 1)) }
    }
    let state = State(workers: workers)
    state.runsLeft = files.map { ($0.bytes.count + 1 + 1023) / 1024 }
    state.fileCounts = files.map { _ in (0, 0, 0) }
    let clock = ContinuousClock()
    let t0 = clock.now
    @Sendable func seconds() -> Double {
        let d = clock.now - t0
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    let group = DispatchGroup()
    let snapshot = files
    let options = ReadOptions(joints: StretchSpec.scissorStance.joints)
    for w in 0..<workers {
        group.enter()
        Thread {
            defer { group.leave() }
            while true {
                state.lock.lock()
                let i = state.next
                state.next += 1
                state.lock.unlock()
                guard i < runs.count else { return }
                let (rel, bytes) = snapshot[runs[i].file]
                var read = 0
                var errors = 0
                var unlocated = 0
                var slowest = (seconds: 0.0, what: "")
                for k in runs[i].prefixes {
                    let start = seconds()
                    state.lock.lock()
                    state.started[w] = start
                    state.current[w] = "\(rel) prefix \(k)"
                    state.lock.unlock()
                    do throws(FormatError) {
                        var source = try PoseReader.open(.memory(Array(bytes[..<k])), path: rel, options: options)
                        while try source.nextFrame() != nil {}
                        read += 1
                    } catch {
                        errors += 1
                        if error.location == nil { unlocated += 1 }
                    }
                    let took = seconds() - start
                    if took > slowest.seconds { slowest = (took, "\(rel) prefix \(k) of \(bytes.count)") }
                }
                state.lock.lock()
                state.started[w] = nil
                state.read += read
                state.errors += errors
                state.unlocated += unlocated
                state.done += runs[i].prefixes.count
                if slowest.seconds > state.slowest.seconds { state.slowest = slowest }
                let file = runs[i].file
                state.fileCounts[file].read += read
                state.fileCounts[file].errors += errors
                state.fileCounts[file].unlocated += unlocated
                state.runsLeft[file] -= 1
                if state.runsLeft[file] == 0 {
                    let c = state.fileCounts[file]
                    print(
                        "  \(rel): \(bytes.count + 1) prefixes, \(c.read) read to the end, \(c.errors) errors, \(c.unlocated) without a location"
                    )
                }
                state.lock.unlock()
            }
        }.start()
    }
    // The watchdog: a prefix that runs over 10 s is a hang.
    while group.wait(timeout: .now() + 5) == .timedOut {
        state.lock.lock()
        let now = seconds()
        let hung = state.started.indices.first { state.started[$0].map { now - $0 > 10 } ?? false }
        let line = "\(formatNumber(now, digits: 0)) s: \(state.done) of \(total) prefixes"
        let what = hung.map { state.current[$0] }
        state.lock.unlock()
        print(line)
        if let what {
            print("HANG: \(what) has run for over 10 s")
            return 1
        }
    }
    print(
        "done in \(formatNumber(seconds(), digits: 0)) s: \(state.read) prefixes read to the end, \(state.errors) ended with an error, \(state.unlocated) errors without a location; slowest prefix \(formatNumber(state.slowest.seconds * 1000, digits: 1)) ms (\(state.slowest.what))"
    )
    return state.unlocated == 0 ? 0 : 1
}

let args = CommandLine.arguments
let usage = """
    usage: posecheck-bench [--frames 100000] [--runs 5] [--keep DIR] [--openpose-frames 10000]
                           [--keypoint-frames 20000] [--python PATH] [--only TEXT]
           posecheck-bench --numbers | --prefixes [TEXT] [--under BYTES] | --batch [N] | --scan FILE
           posecheck-bench --read FILE
    Times `posecheck check` on generated recordings beside json.load + numpy (and pandas for the
    CSV); --keep DIR keeps the files and reuses them. Build both products in release first.
    --read times the reader alone over FILE (every frame, the joints stretch 1 uses, on one
    thread; best of 7): the part of `check` that one core cannot share.
    """
let options: Set = [
    "--frames", "--runs", "--keep", "--openpose-frames", "--keypoint-frames", "--python", "--only", "--numbers",
    "--prefixes", "--under", "--batch", "--scan", "--read",
]
if args.contains("--help") || args.contains("-h") {
    print(usage)
    exit(0)
}
if let unknown = args.dropFirst().first(where: { $0.hasPrefix("-") && !options.contains($0) }) {
    FileHandle.standardError.write(Data("posecheck-bench: unknown option \(unknown)\n\(usage)\n".utf8))
    exit(2)
}
// Forked now, while this process is small: see Launcher.swift.
let launcher = Launcher()
if let i = args.firstIndex(of: "--prefixes") {
    let limit = args.firstIndex(of: "--under").flatMap { $0 + 1 < args.count ? Int(args[$0 + 1]) : nil } ?? .max
    let filter = i + 1 < args.count && !args[i + 1].hasPrefix("--") ? args[i + 1] : nil
    exit(prefixSweep(only: filter, under: limit))
}
if let i = args.firstIndex(of: "--scan"), i + 1 < args.count {
    // The JSON scanner alone over a file: every value checked, none converted.
    let start = ContinuousClock.now
    do {
        var scanner = JSONScanner(try ByteInput.open(path: args[i + 1]), path: args[i + 1])
        try scanner.skipValue()
    } catch {
        print(error)
    }
    let d = ContinuousClock.now - start
    print("scan: \(d)")
    exit(0)
}
if let i = args.firstIndex(of: "--read"), i + 1 < args.count {
    var options = ReadOptions()
    options.joints = StretchSpec.builtins[0].joints
    var best = Duration.seconds(Int.max)
    for _ in 0..<7 {
        let start = ContinuousClock.now
        do {
            var source = try PoseReader.open(path: args[i + 1], options: options)
            while try source.nextFrame() != nil {}
        } catch {
            print(error)
            exit(1)
        }
        best = min(best, ContinuousClock.now - start)
    }
    print("read: \(best)")
    exit(0)
}
if args.contains("--numbers") {
    let nb = numberBenchmark()
    print(
        "numbers: \(formatNumber(nb.ours, digits: 1)) ns each (ours), \(formatNumber(nb.strtod, digits: 1)) ns (strtod)"
    )
    exit(0)
}
if let i = args.firstIndex(of: "--batch") {
    let n = i + 1 < args.count ? Int(args[i + 1]) ?? 1000 : 1000
    try batchBenchmark(n)
    exit(0)
}
var frames = 100_000
if let i = args.firstIndex(of: "--frames"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { frames = n }
var runs = 5
if let i = args.firstIndex(of: "--runs"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { runs = n }
var openPoseFrames = 10_000
if let i = args.firstIndex(of: "--openpose-frames"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 {
    openPoseFrames = n
}
var keypointFrames = 20_000
if let i = args.firstIndex(of: "--keypoint-frames"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 {
    keypointFrames = n
}
let keep = args.firstIndex(of: "--keep").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
let dir = keep ?? NSTemporaryDirectory() + "posecheck-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
// `--keep DIR` keeps the files; a later run with the same DIR and frame counts reuses them.
let reuse =
    keep != nil
    && FileManager.default.fileExists(atPath: dir + "/bench-\(frames)\(JSONLayout.indented.fileSuffix).json")
print(
    "\(reuse ? "reusing" : "generating") \(frames) frames (\(formatNumber(Double(frames) / 30 / 60, digits: 1)) min at 30 fps) in \(dir)"
)
let (csvPath, jsonPaths) =
    reuse
    ? (
        dir + "/bench-\(frames).csv",
        Dictionary(
            uniqueKeysWithValues: JSONLayout.allCases.map { ($0, dir + "/bench-\(frames)\($0.fileSuffix).json") })
    )
    : try generate(frames: frames, into: dir)
let reuseKeypoints =
    keep != nil && FileManager.default.fileExists(atPath: dir + "/vision-\(keypointFrames).json")
    && FileManager.default.fileExists(atPath: dir + "/openpose-\(openPoseFrames)")
let keypointPaths =
    reuseKeypoints
    ? (
        dir + "/openpose-\(openPoseFrames)", dir + "/coco-\(keypointFrames).json",
        dir + "/vision-\(keypointFrames).json"
    )
    : try generateKeypointFormats(openPoseFrames: openPoseFrames, frames: keypointFrames, into: dir)
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
    "posecheck"
).path
let scripts = PackagePaths.root + "/Tests/Bench"
// `--python PATH`: the interpreter of the baselines (python3 on the PATH unless given; a bare
// name is looked up on the PATH too, since children are started with execv).
let python =
    args.firstIndex(of: "--python").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
    .map { $0.contains("/") ? [$0] : ["/usr/bin/env", $0] } ?? ["/usr/bin/env", "python3"]
let hasNumpy = (try? launcher.run(python + ["-c", "import numpy"]))?.status == 0
let hasPandas = hasNumpy && (try? launcher.run(python + ["-c", "import pandas"]))?.status == 0
/// One benchmark file: what it is, its path, its frames, and the baseline that reads it.
struct BenchCase {
    var name: String
    var path: String
    var frames: Int
    var baseline: String
    var script: [String]
    var available: Bool
}
var cases = [
    BenchCase(
        name: "CSV", path: csvPath, frames: frames, baseline: "pandas.read_csv + numpy",
        script: ["pandas_csv.py", csvPath], available: hasPandas)
]
for layout in JSONLayout.allCases {
    let path = jsonPaths[layout]!
    cases.append(
        BenchCase(
            name: "MediaPipe JSON, \(layout.rawValue)", path: path, frames: frames, baseline: "json.load + numpy",
            script: ["json_load.py", path], available: hasNumpy))
}
cases.append(
    BenchCase(
        name: "OpenPose folder", path: keypointPaths.0, frames: openPoseFrames, baseline: "json.load + numpy",
        script: ["keypoints_load.py", "openpose", keypointPaths.0], available: hasNumpy))
cases.append(
    BenchCase(
        name: "COCO keypoints", path: keypointPaths.1, frames: keypointFrames, baseline: "json.load + numpy",
        script: ["keypoints_load.py", "coco", keypointPaths.1], available: hasNumpy))
cases.append(
    BenchCase(
        name: "Apple Vision", path: keypointPaths.2, frames: keypointFrames, baseline: "json.load + numpy",
        script: ["keypoints_load.py", "vision", keypointPaths.2], available: hasNumpy))
// `--only TEXT`: just the files whose name contains TEXT.
let only = args.firstIndex(of: "--only").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
var table: [String] = []
for c in cases where only.map({ c.name.contains($0) }) ?? true {
    let mb = totalSize(c.path)
    print("\(c.name): \(formatNumber(mb, digits: 1)) MB, \(c.frames) frames")
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("  build posecheck first: swift build -c release --product posecheck")
        break
    }
    // Best of `runs` (five unless --runs N) for each, run in turns (ours, theirs, ours, …) so
    // that the machine's drift touches both alike; the file is in the page cache after the
    // first run.
    if !c.available {
        print(
            "  \(c.baseline): skipped (\(python.joined(separator: " ")) without \(c.name == "CSV" ? "pandas and numpy" : "numpy"))"
        )
    }
    var ours: Run?
    var theirs: Run?
    var oursAll: [Double] = []
    var theirsAll: [Double] = []
    for _ in 0..<runs {
        let r = try launcher.run([binary, "check", c.path, "--stretch", "1"])
        guard r.status <= 1 else {
            print("  posecheck check failed (exit \(r.status)): \(r.output)")
            break
        }
        oursAll.append(r.seconds)
        if ours == nil || r.seconds < ours!.seconds { ours = r }
        guard c.available else { continue }
        let t = try launcher.run(python + [scripts + "/" + c.script[0]] + c.script.dropFirst())
        guard t.status == 0 else {
            print("  \(c.baseline) failed: \(t.output)")
            break
        }
        theirsAll.append(t.seconds)
        if theirs == nil || t.seconds < theirs!.seconds { theirs = t }
    }
    guard let ours else { continue }
    func list(_ xs: [Double]) -> String { xs.map { formatNumber($0, digits: 2) }.joined(separator: ", ") }
    print(
        "  posecheck check:         \(formatNumber(ours.seconds, digits: 2)) s = \(formatNumber(Double(c.frames) / ours.seconds, digits: 0)) frames/s, \(formatNumber(mb / ours.seconds, digits: 0)) MB/s; peak RSS \(formatNumber(ours.peakMB, digits: 1)) MB (runs: \(list(oursAll)) s)"
    )
    var row =
        "| \(c.name) | \(formatNumber(mb, digits: 0)) MB | \(formatNumber(ours.seconds, digits: 2)) s | \(formatNumber(mb / ours.seconds, digits: 0)) MB/s | \(formatNumber(ours.peakMB, digits: 1)) MB |"
    if let theirs {
        print(
            "  \(c.baseline): \(formatNumber(theirs.seconds, digits: 2)) s; peak RSS \(formatNumber(theirs.peakMB, digits: 0)) MB (runs: \(list(theirsAll)) s)"
        )
        print("  posecheck is \(formatNumber(theirs.seconds / ours.seconds, digits: 2))× faster (best against best)")
        row +=
            " \(formatNumber(theirs.seconds, digits: 2)) s | \(formatNumber(theirs.seconds / ours.seconds, digits: 1))× |"
    } else {
        row += " – | – |"
    }
    table.append(row)
}
print(
    "\n| file | size | posecheck check (best) | throughput | peak RSS | baseline (best) | ratio |\n|---|---|---|---|---|---|---|"
)
for row in table { print(row) }
let nb = numberBenchmark()
print("numbers: \(formatNumber(nb.ours, digits: 1)) ns each (ours), \(formatNumber(nb.strtod, digits: 1)) ns (strtod)")
if keep == nil { try? FileManager.default.removeItem(atPath: dir) }
