import Foundation
import PoseFormats
import PoseSynth
import Synchronization
import Testing

// `posecheck live`: frames written to the binary's standard input at 30 fps; each frame's result
// must come back before the frames after its smoothing window are written. Ctrl-C (SIGINT) with
// standard input still open ends the stream: the summary is printed and the exit code is the
// verdict's.
#if canImport(Glibc)
import Glibc
#endif

// Serialized: the latency test measures milliseconds, and the interrupt test's children would
// compete with it for the CPU.
@Suite(.serialized)
struct LiveCommandTests {
    /// The fixture's rows, repeated to `count` frames at 30 fps (frame numbers and timestamps
    /// rewritten), as CSV lines after the header.
    static func rows(count: Int) throws -> (header: String, rows: [String]) {
        let path = PackagePaths.fixtures + "/mediapipe/scissor-stance-in-form.csv"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let body = Array(lines.dropFirst())
        let rows = (0..<count).map { i -> String in
            let cells = body[i % body.count].split(separator: ",", omittingEmptySubsequences: false).dropFirst(2)
            let time = Double(i) * 1000 / 30
            return (["\(i)", String(format: "%.3f", time)] + cells.map(String.init)).joined(separator: ",")
        }
        return (lines[0], rows)
    }

    @Test(.enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"))
    func eachResultArrivesWithinTheSmoothingDelay() throws {
        let frameCount = 90
        let smoothingDelayFrames = 2  // median:5 needs the two frames after a frame
        let interval = 1.0 / 30
        let (header, rows) = try Self.rows(count: frameCount)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        p.arguments = ["live", "--stretch", "1", "--output", "jsonl"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()

        let arrivals = Mutex<[Int: Date]>([:])
        let summary = Mutex<String?>(nil)
        let reader = Thread {
            var pending = Data()
            while true {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    if line.hasPrefix("{\"frame\":"), let index = Int(line.dropFirst(9).prefix { $0.isNumber }) {
                        arrivals.withLock { $0[index] = Date() }
                    } else {
                        summary.withLock { $0 = line }
                    }
                }
            }
        }
        reader.start()

        let writer = input.fileHandleForWriting
        writer.write(Data((header + "\n").utf8))
        var latencies: [Double] = []
        let start = Date()
        for (i, row) in rows.enumerated() {
            // Keep the tracker's pace: frame i is written at i/30 s.
            let due = start.addingTimeInterval(Double(i) * interval)
            if due > Date() { Thread.sleep(until: due) }
            writer.write(Data((row + "\n").utf8))
            let written = Date()
            let ready = i - smoothingDelayFrames
            guard ready >= 0 else { continue }
            // The result of frame `ready` must arrive before the next frame is written.
            let deadline = written.addingTimeInterval(1)
            var arrived: Date?
            while arrived == nil && Date() < deadline {
                arrived = arrivals.withLock { $0[ready] }
                if arrived == nil { Thread.sleep(forTimeInterval: 0.001) }
            }
            let at = try #require(arrived, "no result for frame \(ready) within 1 s of frame \(i)")
            latencies.append(max(0, at.timeIntervalSince(written)))
        }
        try writer.close()
        p.waitUntilExit()
        while reader.isExecuting { Thread.sleep(forTimeInterval: 0.01) }

        #expect(arrivals.withLock { $0.count } == frameCount)
        #expect(summary.withLock { $0 }?.contains("\"verdict\":\"pass\"") == true)
        let sorted = latencies.sorted()
        let median = sorted[sorted.count / 2]
        let worst = sorted.last ?? 0
        print(
            "live latency after the completing frame: median \(Int(median * 1000)) ms, worst \(Int(worst * 1000)) ms over \(sorted.count) frames"
        )
        // What is required is causal: no frame after the next was written before the result of
        // the frame its smoothing window completes (the loop above waits for it, and fails past
        // a deadline a buffering tool would miss). How soon it comes is measured and printed,
        // not asserted: a loaded machine (the 2-core CI runner with other builds) makes a timed
        // assertion fail on a correct tool.
        #expect(latencies.count == frameCount - smoothingDelayFrames)
    }

    /// Ctrl-C while the tracker is still writing: SIGINT to the running binary, whose standard
    /// input stays open, must end reading, print the last frames and the summary, and exit 0
    /// (the frames held a pass).
    ///
    /// The child is started with `posix_spawn` rather than `Process`: its signal mask is emptied
    /// and SIGINT's action reset, so that what the test's own threads block or ignore cannot keep
    /// the signal from arriving, and it is waited for with `waitpid` against a deadline, so a
    /// binary that ignores the signal fails the test (and is killed) instead of hanging it.
    @Test(
        .enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"),
        arguments: ["text", "jsonl"])
    func interruptPrintsTheSummaryAndExitsWithTheVerdict(_ output: String) throws {
        let frameCount = 60  // 2 s at 30 fps: the stretch's 1 s hold passes
        let smoothingDelayFrames = 2
        let (header, rows) = try Self.rows(count: frameCount)
        let child = try SpawnedChild(EndToEndTests.binary, ["live", "--stretch", "1", "--output", output])
        defer { child.reap() }

        child.write(([header] + rows).map { $0 + "\n" }.joined())
        // Every result the smoothing window allows before the end of input: the binary is then
        // reading (its handler installed) and waiting for more, with standard input open.
        let isFrameLine: (String) -> Bool = { output == "jsonl" ? $0.hasPrefix("{\"frame\":") : $0.hasPrefix("frame ") }
        let waited = child.waitForOutput(seconds: 60) {
            $0.filter(isFrameLine).count >= frameCount - smoothingDelayFrames
        }
        try #require(waited, "the live results did not arrive: \(child.output.suffix(3))")

        kill(child.pid, SIGINT)
        let status = try #require(
            child.waitForExit(seconds: 20), "posecheck live did not exit within 20 s of SIGINT (killed)")
        let lines = child.finishOutput()
        #expect(status.signal == nil, "killed by signal \(status.signal ?? 0)")
        #expect(status.exitCode == 0)
        // The frames held back by the smoothing window come out at the interrupt.
        #expect(lines.filter(isFrameLine).count == frameCount)
        if output == "jsonl" {
            #expect(lines.last?.contains("\"frames\":\(frameCount)") == true)
            #expect(lines.last?.contains("\"verdict\":\"pass\"") == true)
        } else {
            let summary = try #require(lines.firstIndex { $0.hasPrefix("PASS") }, "no summary in \(lines.suffix(5))")
            #expect(lines[summary].contains("scissor-stance"))
            #expect(lines[summary...].contains { $0.contains("frames: \(frameCount) total") })
        }
    }
}

extension LiveCommandTests {
    /// The text summary at the end of a live stream is the one `check` prints for the same
    /// file (after its first line, which names the file): the score over time from the
    /// results for the side the vote ends with, and the front side decided over every frame.
    @Test(
        .enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"),
        arguments: [("scissor-stance", "1"), ("hands-down-lunge", "2"), ("reach-up-twist", "3")])
    func theSummaryIsChecks(_ stretchName: String, _ stretch: String) throws {
        // Longer than the vote needs to settle (30 frames showing both knees), with noise.
        let recording = Scenarios.recording(stretchName, violated: nil, front: .right, duration: 8, fps: 10)
        let path = NSTemporaryDirectory() + "posecheck-live-summary-\(getpid())-\(stretch).csv"
        try MediaPipeExport.csv(recording).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (out, status) = try Self.live(["--stretch", stretch], input: path)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { !$0.hasPrefix("frame ") }, "no summary in \(out.suffix(300))")
        let check = runCLI(["check", path, "--stretch", stretch])
        #expect(
            lines[(start + 1)...].joined(separator: "\n")
                == check.out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(
                    separator: "\n"))
        #expect(status == check.code)
    }

    /// `posecheck live` with `arguments`, reading the file at `path`: its output and exit code.
    static func live(_ arguments: [String], input path: String) throws -> (out: String, status: Int32) {
        let live = Process()
        live.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        live.arguments = ["live"] + arguments
        live.standardInput = FileHandle(forReadingAtPath: path)
        let pipe = Pipe()
        live.standardOutput = pipe
        try live.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        live.waitUntilExit()
        return (out, live.terminationStatus)
    }

    /// `--output jsonl` says why a frame is not what it seems: its flags under `issues`, as
    /// `check --output jsonl` gives them (a damaged line was a bare "notAssessable"), and
    /// `--allow-nan` reads Python's NaN there as `check` does.
    @Test(.enabled(if: EndToEndTests.available, "the posecheck binary is not built next to the tests"))
    func jsonLinesOutputCarriesTheFlags() throws {
        let jsonl = try String(contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe.jsonl", encoding: .utf8)
        var lines = jsonl.split(separator: "\n").map(String.init)
        lines[3] = String(lines[3].prefix(60))
        lines[5] = lines[5].replacingOccurrences(of: #""visibility":0.99}"#, with: #""visibility":NaN}"#)
        let path = NSTemporaryDirectory() + "posecheck-live-flags-\(getpid()).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for nan in [false, true] {
            let out = try Self.live(
                ["--stretch", "1", "--output", "jsonl"] + (nan ? ["--allow-nan"] : []), input: path
            ).out
            let frames = out.split(separator: "\n").filter { $0.hasPrefix("{\"frame\":") }
            #expect(frames.count == lines.count)
            #expect(
                frames[3].contains(#""issues":[{"code":"unreadable_frame","message":"this frame is not valid JSON"#))
            let code = nan ? #""code":"non_finite""# : #""code":"unreadable_frame""#
            #expect(frames[5].contains(code), "\(frames[5].suffix(300))")
            #expect(frames[0].contains(#""issues":[]"#))
        }
    }
}

/// A child process with pipes on its standard input and output, for signalling tests.
final class SpawnedChild: @unchecked Sendable {
    let pid: pid_t
    private let input: Int32
    private var inputOpen = true
    private let collected = Collected()
    private let reader: Thread
    private var exited = false

    /// The child's output so far, shared with the thread that reads it.
    final class Collected: Sendable {
        let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
    }

    init(_ path: String, _ arguments: [String]) throws {
        func pipeFDs() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            // Neither end leaks into the child beyond the dup2 below.
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }
        let stdin = try pipeFDs()
        let stdout = try pipeFDs()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.write, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(stdin.read)
        close(stdout.write)
        guard spawned == 0 else {
            close(stdin.write)
            close(stdout.read)
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        self.pid = pid
        self.input = stdin.write
        let collected = self.collected
        let fd = stdout.read
        reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                collected.state.withLock { $0.bytes += buffer[0..<n] }
            }
            close(fd)
            collected.state.withLock { $0.closed = true }
        }
        reader.start()
    }

    /// Writes to the child's standard input, which stays open.
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }

    /// The complete lines written so far.
    var output: [String] {
        let bytes = collected.state.withLock { $0.bytes }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Polls the output until `done` holds for its lines; false when `seconds` pass first.
    func waitForOutput(seconds: Double, _ done: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if done(output) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return done(output)
    }

    /// How the child ended: its exit code, or the signal that killed it.
    struct Status {
        var exitCode: Int32?
        var signal: Int32?
    }

    /// Waits for the child to exit; nil (after killing it) when `seconds` pass first.
    func waitForExit(seconds: Double) -> Status? {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return nil }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                exited = true
                return nil
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        exited = true
        // The wait status as <sys/wait.h>'s macros read it (Swift does not import them).
        let signal = status & 0x7F
        return signal == 0 ? Status(exitCode: (status >> 8) & 0xFF, signal: nil) : Status(exitCode: nil, signal: signal)
    }

    /// Closes standard input and returns every line, once the child has closed its output
    /// (at most 10 s after exiting: a grandchild could hold the pipe).
    func finishOutput() -> [String] {
        closeInput()
        let deadline = Date().addingTimeInterval(10)
        while !collected.state.withLock({ $0.closed }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return output
    }

    private func closeInput() {
        guard inputOpen else { return }
        inputOpen = false
        close(input)
    }

    /// Kills and waits for the child if the test ended before it exited.
    func reap() {
        closeInput()
        guard !exited else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        exited = true
    }
}
