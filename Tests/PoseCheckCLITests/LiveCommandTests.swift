// `posecheck live`: frames written to the binary's standard input at 30 fps; each frame's result
// must come back before the frames after its smoothing window are written.
import Foundation
import PoseFormats
import PoseSynth
import Synchronization
import Testing

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
        let input = Pipe(), output = Pipe()
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
        print("live latency after the completing frame: median \(Int(median * 1000)) ms, worst \(Int(worst * 1000)) ms over \(sorted.count) frames")
        // What is required is causal: no frame after the next was written before the result of
        // the frame its smoothing window completes (the loop above waits for it, and fails past
        // a deadline a buffering tool would miss). How soon it comes is measured and printed,
        // not asserted: a loaded machine (the 2-core CI runner with other builds) makes a timed
        // assertion fail on a correct tool.
        #expect(latencies.count == frameCount - smoothingDelayFrames)
    }
}
