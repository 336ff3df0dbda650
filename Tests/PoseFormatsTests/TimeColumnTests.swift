// A frame's time under the names real exports give it (`ms`, `t_ms`, `time_sec`, `timestamp_us`,
// …), in every format, read in the unit the name states; a `timestamp` whose name states no
// unit is read only in the unit the caller gives (`ReadOptions.timeUnit`), and said either way.
import PoseFormats
import PoseModel
import PoseScanning
import Testing

struct TimeColumnTests {
    /// Three frames 100 ms apart, starting at 2 s.
    static let seconds = [2.0, 2.1, 2.2]

    /// The times as a column or key named `name` writes them: `unitsPerSecond` to the second.
    static func cells(_ unitsPerSecond: Double) -> [String] {
        seconds.map { "\(($0 * unitsPerSecond * 1000).rounded() / 1000)" }
    }

    /// A MediaPipe CSV of three frames (two landmarks each) with the time under `name`.
    static func mediaPipeCSV(_ name: String, _ cells: [String]) -> String {
        "frame,\(name),left_knee_x,left_knee_y,right_knee_x,right_knee_y\n"
            + cells.enumerated().map { "\($0.offset),\($0.element),0.4,0.6,0.5,0.6\n" }.joined()
    }

    /// One row per landmark.
    static func longCSV(_ name: String, _ cells: [String]) -> String {
        "frame,\(name),landmark,x,y\n"
            + cells.enumerated().map { "\($0.offset),\($0.element),left_knee,0.4,0.6\n" }.joined()
    }

    static func angleCSV(_ name: String, _ cells: [String]) -> String {
        "\(name),front_knee_flexion\n" + cells.map { "\($0),90\n" }.joined()
    }

    static func mediaPipeJSON(_ name: String, _ cells: [String]) -> String {
        let landmark = #"{"x": 0.4, "y": 0.6, "z": 0, "visibility": 0.9}"#
        return "{\"frames\": ["
            + cells.enumerated().map {
                "{\"frame\": \($0.offset), \"\(name)\": \($0.element), \"pose_landmarks\": [\(landmark)]}"
            }
            .joined(separator: ", ") + "]}"
    }

    static func angleJSON(_ name: String, _ cells: [String]) -> String {
        "[" + cells.map { "{\"\(name)\": \($0), \"front_knee_flexion\": 90}" }.joined(separator: ", ") + "]"
    }

    static let formats: [(name: String, text: @Sendable (String, [String]) -> String)] = [
        ("MediaPipe CSV", mediaPipeCSV), ("long CSV", longCSV), ("angle CSV", angleCSV),
        ("MediaPipe JSON", mediaPipeJSON), ("angle JSON", angleJSON),
    ]

    static func read(_ text: String, unit: TimeUnit? = nil) throws -> Recording {
        var options = ReadOptions(imageSize: ImageSize(width: 1280, height: 720))
        options.timeUnit = unit
        return try PoseReader.readRecording(.memory(Array(text.utf8)), path: "export", options: options)
    }

    static func times(_ r: Recording) -> [Double?] {
        r.frames.map { $0.time.map { ($0 * 1e6).rounded() / 1e6 } }
    }

    @Test(
        "a time named with its unit is read in it, in every format",
        arguments: [
            ("ms", 1000.0), ("t_ms", 1000), ("time_msec", 1000), ("timeMs", 1000), ("time_sec", 1), ("t_s", 1),
            ("time_seconds", 1), ("timestamp_sec", 1), ("timestamp_us", 1_000_000), ("time_us", 1_000_000), ("t", 1),
        ], formats.indices)
    func namedUnit(_ column: (name: String, unitsPerSecond: Double), _ format: Int) throws {
        let (formatName, text) = Self.formats[format]
        let r = try Self.read(text(column.name, Self.cells(column.unitsPerSecond)))
        #expect(Self.times(r) == Self.seconds, "\(formatName), \(column.name): \(Self.times(r))")
        #expect(r.info.timeSource == "timestamps", "\(formatName), \(column.name)")
        #expect(!r.info.notes.contains { $0.contains("\"\(column.name)\"") }, "\(formatName): \(r.info.notes)")
    }

    @Test("a timestamp without a unit is read only in the unit given, and said", arguments: formats.indices)
    func unitlessTimestamp(_ format: Int) throws {
        let (formatName, text) = Self.formats[format]
        let what = formatName.hasSuffix("JSON") ? "key" : "column"
        let unread = try Self.read(text("timestamp", Self.cells(1000)))
        #expect(unread.frames.allSatisfy { $0.time == nil }, "\(formatName)")
        #expect(
            unread.info.notes.contains(
                "\(what) \"timestamp\" not read: its name does not say the unit of its times; ReadOptions.timeUnit = s, ms or us reads it"
            ), "\(formatName): \(unread.info.notes)")
        for unit in TimeUnit.allCases {
            let r = try Self.read(text("timestamp", Self.cells(unit.unitsPerSecond)), unit: unit)
            #expect(Self.times(r) == Self.seconds, "\(formatName), \(unit): \(Self.times(r))")
            #expect(
                r.info.notes.contains("\(what) \"timestamp\" read in \(unit.name) (ReadOptions.timeUnit)"),
                "\(formatName): \(r.info.notes)")
        }
    }

    @Test("tfjs and Vision read a timestamp in their own unit unless one is given")
    func keypointFormatsTimestamp() throws {
        let keypoints = #"[{"x": 500, "y": 400, "score": 0.9, "name": "left_knee"}]"#
        let tfjs =
            "["
            + Self.cells(1000).map { #"{"timestamp": \#($0), "keypoints": \#(keypoints)}"# }
            .joined(separator: ", ") + "]"
        #expect(Self.times(try Self.read(tfjs)) == Self.seconds)
        let seconds =
            "["
            + Self.cells(1).map { #"{"timestamp": \#($0), "keypoints": \#(keypoints)}"# }
            .joined(separator: ", ") + "]"
        #expect(Self.times(try Self.read(seconds, unit: .seconds)) == Self.seconds)
    }

    @Test(
        "a frame number under the names exports give it",
        arguments: ["frame_idx", "frame_no", "frame_id", "frameNumber"])
    func frameNumberNames(_ name: String) throws {
        let text = "\(name),ms,left_knee_x,left_knee_y\n5,0,0.4,0.6\n6,100,0.4,0.6\n8,200,0.4,0.6\n"
        let r = try Self.read(text)
        #expect(r.frames.filter { !$0.isNotRead }.map(\.index) == [5, 6, 8], "\(name)")
    }
}
