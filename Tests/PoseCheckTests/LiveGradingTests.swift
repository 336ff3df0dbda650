// Live grading through the library: bytes pushed in arbitrary chunks give the frames and the
// summary that grading the whole file gives.
import Foundation
import PoseCheck
import PoseScanning
import PoseSynth
import Testing

struct LiveGradingTests {
    static let recordings: [String] = {
        let base = PackagePaths.fixtures + "/mediapipe"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted() + ["../formats/mediapipe.jsonl"]
    }()

    static func spec(_ name: String) -> StretchSpec {
        StretchSpec.builtins.first { (name as NSString).lastPathComponent.hasPrefix($0.id) } ?? .scissorStance
    }

    @Test("chunked live grading summarises like Grading.grade", arguments: recordings)
    func liveEqualsWholeFile(_ name: String) throws {
        let path = PackagePaths.fixtures + "/mediapipe/" + name
        let options = GradingOptions(spec: Self.spec(name))
        let whole = try Grading.grade(path: path, options: options)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var live = LiveGrader(options: options)
        var results: [LiveFrameResult] = []
        var start = 0
        var chunkSize = 1
        while start < bytes.count {
            let end = min(bytes.count, start + chunkSize)
            results += try live.push(bytes[start..<end])
            start = end
            chunkSize = chunkSize * 3 % 997 + 1
        }
        results += try live.finish()
        let graded = try #require(live.graded)
        #expect(results.map(\.result.index) == Array(0..<whole.context.frameCount))
        #expect(graded.summary.verdict == whole.summary.verdict)
        #expect(graded.summary.longestHoldSeconds == whole.summary.longestHoldSeconds)
        #expect(graded.summary.meanScore == whole.summary.meanScore)
        #expect(graded.context.front.side == whole.context.front.side)
        #expect(results.last?.provisional == false || whole.context.front.framesUsed < Grading.settleFrames)
    }

    /// A malformed line after the first frame is one frame, flagged `unreadable_frame`, and the
    /// stream goes on, whatever the chunks the bytes came in (it stopped the stream, with no
    /// summary); a malformed first line still stops it, with the error at its line.
    @Test(arguments: [1, 7, 64, 1 << 16])
    func aMalformedLineIsAFlaggedFrame(chunkSize: Int) throws {
        let path = PackagePaths.fixtures + "/formats/mediapipe.jsonl"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        for bad in [0, lines.count / 2] {
            var damaged = lines
            damaged[bad] = #"{"frame": \#(bad), oops"#
            let bytes = Array((damaged.joined(separator: "\n") + "\n").utf8)
            var live = LiveGrader(options: GradingOptions(spec: .scissorStance))
            var results: [LiveFrameResult] = []
            var start = 0
            while start < bytes.count, live.failure == nil {
                let end = min(bytes.count, start + chunkSize)
                results += try live.push(bytes[start..<end])
                start = end
            }
            if bad == 0 {
                #expect(results.isEmpty)
                #expect(live.failure?.location?.line == 1)
                #expect(throws: FormatError.self) { _ = try live.finish() }
                continue
            }
            results += try live.finish()
            #expect(results.map(\.result.index) == Array(0..<lines.count))
            #expect(results[bad].result.issues.map(\.code) == ["unreadable_frame"])
            #expect(results[bad].result.issues.first?.message.contains("at line \(bad + 1), column ") == true)
            #expect(live.failure == nil && live.graded != nil)
        }
    }

    /// Damaged lines (a byte replaced, a line cut and the next written after it by a writer
    /// that restarted, a line cut and ended, a token after a whole frame, a frame twice on its
    /// line) stream as the same bytes read as a file.
    @Test func damagedLinesStreamAsTheFile() throws {
        let jsonl = try String(contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe.jsonl", encoding: .utf8)
        let lines = jsonl.split(separator: "\n").map(String.init)
        var damaged = lines
        damaged[2] = damaged[2].replacingOccurrences(of: #","y":"#, with: #" "y":"#)
        damaged[4] = String(lines[4].prefix(lines[4].count / 2)) + lines[5]
        damaged[7] = String(lines[7].prefix(100))
        damaged[6] = lines[6] + " -"
        damaged[8] = lines[8] + lines[8]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(getpid())-damaged.jsonl").path
        try (damaged.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.liveIsTheFile(path)
        // Lines that do not start a JSON object (`garbage`, `[1,2`), and frames
        // without numbers, numbered by their place: a damaged line takes one (the lines after
        // it were numbered one short, and a line not starting with `{` stopped the stream).
        var unnumbered = lines.map { $0.replacing(#/"frame":\d+,/#, with: "") }
        unnumbered[3] = "garbage"
        unnumbered[5] = "[1,2"
        try (unnumbered.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try Self.liveIsTheFile(path, sameWords: false)
    }

    /// Lines that are valid JSON but no frame with landmarks (an object without them, `{}`, an
    /// object holding `"frames"`, a string, a number, `null`, `[]`, a list of numbers) stream
    /// as the file reads them: no one in view, or a frame flagged `layout_mismatch`, in the
    /// same words. Before, a line read alone was taken for a whole file's first frame: refused
    /// as no pose export (a frame flagged `unreadable_frame`, "not valid JSON"), or read as a
    /// file's metadata or list of frames.
    @Test(arguments: [false, true])
    func linesThatAreNoFrameStreamAsTheFile(afterMetadata: Bool) throws {
        let jsonl = try String(contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe.jsonl", encoding: .utf8)
        var lines = jsonl.split(separator: "\n").map(String.init)
        lines[1] = #"{"frame":1,"timestamp_ms":100}"#
        lines[2] = "{}"
        lines[3] = #"{"frames": []}"#
        lines[4] = #""abc""#
        lines[5] = "5"
        lines[6] = "null"
        lines[7] = "[1,2]"
        lines[8] = "[]"
        if afterMetadata { lines.insert(#"{"image_width": 1280, "image_height": 720, "fps": 10}"#, at: 0) }
        try Self.withFile("no-frame-\(afterMetadata).jsonl", lines) { try Self.liveIsTheFile($0) }
    }

    /// The JSON formats other than MediaPipe read as JSON Lines (Apple Vision, tfjs, Azure
    /// Kinect, angle JSON): lines that are valid JSON but no frame (`[]`, `{}`, `null`, a number,
    /// a string) and a line opening with a byte-order mark (two files run together) stream as
    /// the file reads them. Before, a line read alone was a whole file: `[]` a list of no frames
    /// (the frame lost), `{}` an angle file without columns ("not valid JSON"), and the mark
    /// stepped over (the line graded, where the file flags it). After a first line that gives
    /// only an image size and a frame rate, the same (that line had been a frame without a
    /// person in the file, and each later line two frames in live).
    @Test(arguments: ["Apple Vision", "tfjs", "Azure Kinect", "angles"], [false, true])
    func otherFormatsLinesStreamAsTheFile(_ name: String, afterMetadata: Bool) throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 1.2, fps: 10)
        let text =
            switch name {
            case "Apple Vision": KeypointExport.appleVision(r)
            case "tfjs": KeypointExport.tfjs(r)
            case "Azure Kinect": KeypointExport.azureKinect(r)
            default: AngleExport.genericJSON(r, front: .left)
            }
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let frames =
            (document as? [Any])
            ?? (document as? [String: Any])?.values.compactMap { $0 as? [[String: Any]] }.max { $0.count < $1.count }
            ?? []
        var lines = try frames.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        #expect(lines.count == r.frames.count, "\(name)")
        for (i, line) in [(2, "[]"), (3, "{}"), (4, "null"), (5, "5"), (6, #""abc""#)] { lines[i] = line }
        lines[8] = "\u{FEFF}" + lines[8]
        // A first line of an image size and a frame rate describes the recording: no frame.
        if afterMetadata { lines.insert(#"{"image_width": 1280, "image_height": 720, "fps": 10}"#, at: 0) }
        try Self.withFile("\(name)-\(afterMetadata).jsonl", lines) { path in
            try Self.liveIsTheFile(path)
            let read = try PoseReader.readRecording(path: path)
            #expect(read.frames.count == r.frames.count, "\(name): a frame a line after the metadata")
        }
    }

    /// JSON Lines whose lines are lists (a frame's landmarks, as objects or as lists of
    /// numbers; MoveNet's output tensor a line) stream as the file reads them, a damaged line
    /// flagged alone. Before, the file's first list was its list of frames (each landmark a
    /// frame, refused; the second line "after the end of the document"), and a stream opening
    /// with `[` was taken for CSV, so its first damaged line stopped it.
    @Test(arguments: ["landmark objects", "landmark numbers", "MoveNet tensors"])
    func linesOfListsStreamAsTheFile(_ kind: String) throws {
        let file = kind == "MoveNet tensors" ? "/formats/movenet.json" : "/formats/mediapipe.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: PackagePaths.fixtures + file))
        let frames = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["frames"] as? [Any])
        let values: [Any] = frames.map { frame in
            guard let landmarks = (frame as? [String: Any])?["pose_landmarks"] as? [[String: Double]] else {
                return frame
            }
            guard kind == "landmark numbers" else { return landmarks }
            return landmarks.map { lm in ["x", "y", "z", "visibility"].map { lm[$0] ?? 0 } }
        }
        var lines = try values.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        lines.insert(#"{"image_width": 1280, "image_height": 720, "fps": 10}"#, at: 0)
        try Self.withFile("lists-\(kind).jsonl", lines) { path in
            let whole = try PoseReader.readRecording(path: path)
            #expect(whole.frames.count == frames.count && whole.frames.allSatisfy { $0.issues.isEmpty }, "\(kind)")
            try Self.liveIsTheFile(path)
        }
        lines.removeFirst()
        lines[3] = "garbage"
        lines[5] = String(lines[5].prefix(40))
        try Self.withFile("damaged-lists-\(kind).jsonl", lines) { path in
            let codes = try PoseReader.readRecording(
                path: path, options: ReadOptions(imageSize: .init(width: 1280, height: 720))
            ).frames.map { $0.issues.map(\.code) }
            #expect(
                codes.count == frames.count && codes[3] == ["unreadable_frame"] && codes[5] == ["unreadable_frame"],
                "\(kind)")
            try Self.liveIsTheFile(path)
        }
    }

    /// A stream whose first lines hold nobody in a format that only its later lines show
    /// (YOLO's `{"frame": 0, "persons": []}` before anyone is in view) streams as the file
    /// reads it: those lines wait for the first line that shows the format. Before, the first
    /// was taken for a metadata line and the second stopped the stream (no MediaPipe export).
    @Test func linesWithoutAnyoneBeforeTheFormatShowsStreamAsTheFile() throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 1.2, fps: 10)
        let frames = try #require(
            try JSONSerialization.jsonObject(with: Data(KeypointExport.tfjs(r).utf8)) as? [[String: Any]])
        var lines = try frames.enumerated().map { i, frame in
            // Frame 3: a pose without points, which shows no format either.
            let persons: Any = i < 3 ? [Any]() : i == 3 ? [["keypoints": [Any]()]] : frame["poses"] ?? []
            let line: [String: Any] = ["frame": i, "persons": persons]
            return String(
                decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self)
        }
        try Self.withFile("persons.jsonl", lines) { path in
            let read = try PoseReader.readRecording(path: path)
            #expect(read.info.format == PoseFormat.tfjsJSON.rawValue)
            #expect(read.frames.prefix(3).allSatisfy { $0.issues.map(\.code) == ["no_person"] })
            #expect(read.frames.dropFirst(4).allSatisfy { $0.hasAnyKeypoint })
            try Self.liveIsTheFile(path)
        }
        // After a metadata line, the same.
        lines.insert(#"{"fps": 10}"#, at: 0)
        try Self.withFile("persons-after-metadata.jsonl", lines) { try Self.liveIsTheFile($0) }
    }

    /// A CSV without a header streams as the file reads it, damaged rows and all: a row cut
    /// short, a row with a field too many, a row of empty cells, two rows run together. Before,
    /// a later row was read alone as a file's first row, whose count of numbers decides the
    /// layout: a short row stopped the stream ("no MediaPipe layout by position"), an empty one
    /// too ("duplicate column"), and a row with a field too many was graded.
    @Test func aCSVWithoutAHeaderStreamsAsTheFile() throws {
        let csv = try String(
            contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe-headerless.csv", encoding: .utf8)
        var rows = csv.split(separator: "\n").map(String.init)
        rows[2] = String(rows[2].prefix(rows[2].count / 2))
        rows[4] = rows[4] + ",0.5"
        rows[6] = String(repeating: ",", count: rows[6].filter { $0 == "," }.count)
        rows[7] = rows[7] + rows[8]
        try Self.withFile("headerless.csv", rows) { try Self.liveIsTheFile($0) }
    }

    /// A stream is refused for the coordinates it lacks at its first frame with landmarks, as a
    /// file is; after that, a line without them is a flagged frame, as in a file.
    @Test func coordinatesAreDecidedOnceForAStream() throws {
        let pose =
            "[" + Array(repeating: #"{"x":0.5,"y":0.5,"z":0,"visibility":0.9}"#, count: 33).joined(separator: ",") + "]"
        let both = #"{"pose_landmarks": \#(pose), "pose_world_landmarks": \#(pose)}"#
        let imageOnly = #"{"pose_landmarks": \#(pose)}"#
        var world = ReadOptions()
        world.coordinates = .world
        var feed = FrameFeed(options: world)
        feed.push(Array((#"{"pose_landmarks": []}"# + "\n" + both + "\n" + imageOnly + "\n").utf8))
        var codes: [[String]] = []
        while let frame = try feed.nextFrame() { codes.append(frame.issues.map(\.code)) }
        #expect(codes == [["no_person"], [], ["no_world_landmarks"]])
        var refused = FrameFeed(options: world)
        refused.push(Array((#"{"pose_landmarks": []}"# + "\n" + imageOnly + "\n").utf8))
        #expect(try refused.nextFrame()?.issues.map(\.code) == ["no_person"])
        let error = #expect(throws: FormatError.self) { _ = try refused.nextFrame() }
        #expect(error?.code == "no_world_landmarks" && error?.location?.line == 2)
    }

    /// A stream that settles on the right leg in front, then shows the left in front for far
    /// longer: the results given during the stream stay for the right once settled, while the
    /// decision and the summary are check's (the left, over every frame), and a note says that
    /// the two differ. Before, the summary stayed the settled side's, unlike check's.
    @Test func aVoteThatTurnsAfterSettlingEndsAsChecks() throws {
        // Four seconds with the right leg in front, then eighteen with the left, in one export.
        var stream = Scenarios.recording("hands-down-lunge", violated: nil, front: .right, duration: 4, fps: 10)
        stream.frames +=
            Scenarios.recording("hands-down-lunge", violated: nil, front: .left, duration: 18, fps: 10)
            .frames
        for k in stream.frames.indices {
            stream.frames[k].index = k
            stream.frames[k].time = Double(k) / 10
        }
        let csv = MediaPipeExport.csv(stream)
        let recording = try PoseReader.readRecording(.memory(Array(csv.utf8)), path: "stream")
        let options = GradingOptions(spec: .handsDownLunge)
        var session = LiveSession(options: options, info: recording.info)
        var results: [LiveFrameResult] = []
        for frame in recording.frames { results += session.push(frame) }
        results += session.finish()
        #expect(results.suffix(100).allSatisfy { $0.front == .right && !$0.provisional })
        let front = session.front
        #expect(front.side == .left && front.method == "auto" && !front.ambiguous)
        #expect(front.framesUsed > 150)
        let note = try #require(session.streamNote)
        #expect(note.hasPrefix("the results given during the stream were for the right side"))
        #expect(session.graded.context.info.notes.contains(note))
        // The summary is the one grading the whole recording gives.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("turned-\(getpid()).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try Grading.grade(path: path, options: options)
        #expect(whole.context.front.side == .left)
        #expect(session.summary.inForm == whole.summary.inForm)
        #expect(session.summary.longestHoldSeconds == whole.summary.longestHoldSeconds)
        #expect(session.summary.meanScore == whole.summary.meanScore)
    }

    @Test func aPrettyPrintedDocumentIsNotJSONLines() throws {
        var feed = FrameFeed()
        feed.push(Array("{\n  \"frames\": [\n    {\"pose_landmarks\": []}\n  ]\n}\n".utf8))
        let error = #expect(throws: FormatError.self) { _ = try feed.nextFrame() }
        #expect(error?.code == "unexpected_eof")
        #expect(error?.message.contains("one whole frame object per line (JSON Lines)") == true)
        #expect(error?.location?.line == 1)
    }

    /// A stream that ends inside its last line (the tracker stopped mid-line) reads as the same
    /// bytes in a file do: the frames before it graded, the cut frame flagged `cut_short`, the
    /// cut noted, and a summary (it ended the stream with an error and no summary).
    @Test func aStreamCutInsideItsLastLineReadsAsTheFile() throws {
        let jsonl = try String(contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe.jsonl", encoding: .utf8)
        let lines = jsonl.split(separator: "\n")
        let cut = lines.prefix(6).joined(separator: "\n") + "\n" + lines[6].prefix(lines[6].count / 2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(getpid())-cut.jsonl").path
        try cut.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.liveIsTheFile(path)
        var live = LiveGrader(options: GradingOptions(spec: .scissorStance))
        let results = try live.push(Array(cut.utf8)) + live.finish()
        #expect(results.map(\.result.index) == Array(0...6))
        #expect(results.last?.result.issues.first?.code == "cut_short")
        let notes = try #require(live.graded?.context.info.notes)
        #expect(notes.contains { $0.hasPrefix("the input ends at line 7, column ") }, "\(notes)")
        // A whole frame before the cut one on that line is read too (it was dropped).
        let two = lines.prefix(6).joined(separator: "\n") + "\n" + lines[6] + lines[7].prefix(lines[7].count / 2)
        try two.write(toFile: path, atomically: true, encoding: .utf8)
        try Self.liveIsTheFile(path)
    }

    @Test func aMalformedLineIsReportedAtItsLine() throws {
        var feed = FrameFeed()
        feed.push(Array("{\"frame\":0,\"timestamp_ms\":0,\"pose_landmarks\":[]}\n{\"frame\":1,".utf8))
        feed.push(Array("\n".utf8))
        feed.finish()
        var frames: [PoseFrame] = []
        while let frame = try feed.nextFrame() { frames.append(frame) }
        #expect(frames.map(\.index) == [0, 1])
        let issue = try #require(frames.last?.issues.first)
        #expect(issue.code == "unreadable_frame" && frames.last?.line == 2)
        #expect(issue.message.contains("at line 2, column 12"), "\(issue.message)")
    }

    /// A stream's frames are the file's: the same numbers, the same flags for repeated,
    /// out-of-order and missing rows and for mixed units, the same statuses, whatever the
    /// chunks. Each line was once read alone, so none of these was seen, and a CSV without a
    /// header had its first row taken for one (every row then read twice, faking a pass).
    @Test(
        arguments: [
            "formats/mediapipe-headerless.csv", "defects/out-of-order.csv", "defects/frame-gap.csv",
            "defects/duplicate-frame.csv", "defects/mixed-units.csv", "defects/no-person-row.csv",
            "defects/short-row.csv", "defects/empty-cell.csv", "defects/nan-cells.csv", "defects/truncated.csv",
            "defects/header-only.csv",
        ])
    func liveFramesAreTheFilesFrames(_ name: String) throws {
        try Self.liveIsTheFile(PackagePaths.fixtures + "/" + name)
    }

    /// A pixel CSV whose first rows hold nobody (the stream opens before anyone is in view):
    /// its units come from the first row with a person, streamed as in the file (the stream
    /// kept the units of its first line, normalised, and flagged every frame after it).
    @Test func aPixelCSVOpeningWithoutAPersonStreamsAsTheFile() throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 1.5, fps: 10)
        let lines = KeypointExport.mediaPipeCSV(r, layout: .deepLabCut).split(separator: "\n").map(String.init)
        let parts = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        let coords = lines[2].split(separator: ",", omittingEmptySubsequences: false)
        let header = "frame," + zip(parts, coords).dropFirst().map { "\($0)_\($1)" }.joined(separator: ",")
        let empty = (0..<5).map { String($0) + String(repeating: ",", count: parts.count - 1) }
        let rows = lines.dropFirst(3).map { row in String(5 + Int(row.prefix { $0 != "," })!) + row.drop { $0 != "," } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "live-opening-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pixels.csv").path
        try ([header] + empty + rows).joined(separator: "\n").appending("\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        try Self.liveIsTheFile(path)
        var live = LiveGrader(options: GradingOptions(spec: .scissorStance))
        _ = try live.push(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        _ = try live.finish()
        let notes = try #require(live.session?.info.notes)
        #expect(notes.contains { $0.hasPrefix("coordinates read as pixels") }, "\(notes)")
    }

    /// Every fifth frame written, without timestamps, one of them dropped: streamed, its frames
    /// are numbered, flagged and timed as the file's (the stride decided at the first jump).
    @Test func aStridedRecordingStreamsAsTheFile() throws {
        let text = try String(
            contentsOfFile: PackagePaths.fixtures + "/mediapipe/scissor-stance-in-form.csv", encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let kept = rows.enumerated().filter {
            $0.offset == 0 || (Int($0.element[0]).map { $0 % 5 == 0 && $0 != 25 } ?? false)
        }
        let lines = kept.map { row in
            row.element.enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: ",")
        }
        try Self.withFile("stride5.csv", lines) { try Self.liveIsTheFile($0) }
    }

    /// `lines` written, each ended, to a temporary file named `name` (this process's), given to
    /// `body`, then removed.
    static func withFile(_ name: String, _ lines: [String], _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(getpid())-\(name)").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    /// Grades `path` whole and streamed in chunks of 1, 5 and 65,536 bytes: the same frames,
    /// statuses, flags, hold and verdict.
    /// `sameWords`: the flags' messages too, not only their codes.
    static func liveIsTheFile(_ path: String, sameWords: Bool = true) throws {
        var options = GradingOptions(spec: .scissorStance)
        options.frameRate = 10
        var expected: [(index: Int, status: FrameStatus, issues: [String])] = []
        let whole = try Grading.grade(
            path: path, options: options, begin: { _ in },
            frame: { _, r in expected.append((r.index, r.status, r.issues.map { sameWords ? $0.message : $0.code })) })
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for chunkSize in [1, 5, 1 << 16] {
            var live = LiveGrader(options: options)
            var results: [LiveFrameResult] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunkSize)
                results += try live.push(bytes[start..<end])
                start = end
            }
            results += try live.finish()
            let graded = try #require(live.graded)
            #expect(results.map(\.result.index) == expected.map(\.index))
            #expect(results.map(\.result.status) == expected.map(\.status))
            // The flags' words too, with the lines they name.
            #expect(
                results.map { $0.result.issues.map { sameWords ? $0.message : $0.code } } == expected.map(\.issues))
            #expect(graded.summary.longestHoldSeconds == whole.summary.longestHoldSeconds)
            #expect(graded.summary.verdict == whole.summary.verdict)
        }
    }

    /// Two more shapes a stream takes, read as the file is: JSON Lines whose first line is
    /// metadata (image size, rate; it was refused as no pose export), and a CSV without a header
    /// or a frame column (its probe numbered the frames from 1, one step late).
    @Test func streamsOfOtherShapesAreReadAsTheirFiles() throws {
        let jsonl = try String(contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe.jsonl", encoding: .utf8)
        let metadata = #"{"image_width": 1280, "image_height": 720, "fps": 10}"# + "\n" + jsonl
        let headerless = try String(
            contentsOfFile: PackagePaths.fixtures + "/formats/mediapipe-headerless.csv", encoding: .utf8)
        let noNumbers =
            headerless.split(separator: "\n").map { $0.drop { $0 != "," }.dropFirst() }
            .joined(separator: "\n") + "\n"
        for (name, text) in [("metadata.jsonl", metadata), ("no-numbers.csv", noNumbers)] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(getpid())-\(name)").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var options = GradingOptions(spec: .scissorStance)
            options.frameRate = 10
            var expected: [(index: Int, time: Double?, status: FrameStatus)] = []
            _ = try Grading.grade(
                path: path, options: options, begin: { _ in },
                frame: { _, r in expected.append((r.index, r.time, r.status)) })
            var live = LiveGrader(options: options)
            var results = try live.push(Array(text.utf8))
            results += try live.finish()
            #expect(results.map(\.result.index) == expected.map(\.index), "\(name)")
            #expect(results.map(\.result.time) == expected.map(\.time), "\(name)")
            #expect(results.map(\.result.status) == expected.map(\.status), "\(name)")
            #expect(expected.count == 10, "\(name)")
        }
    }

    /// OpenPose frames decide their skeleton over many frames: a stream of them is refused at
    /// its first line, with what reads them, instead of failing wherever one frame alone is unclear.
    @Test func openPoseFramesAreNotReadALineAtATime() throws {
        let folder = PackagePaths.fixtures + "/formats/openpose-body-25"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
            .sorted()
        let first = try #require(names.first)
        let frame = try String(contentsOfFile: folder + "/" + first, encoding: .utf8).replacingOccurrences(
            of: "\n", with: "")
        var feed = FrameFeed()
        feed.push(Array((frame + "\n" + frame + "\n").utf8))
        feed.finish()
        let error = #expect(throws: FormatError.self) { while try feed.nextFrame() != nil {} }
        #expect(error?.code == "not_a_line_format" && error?.location?.line == 1)
        #expect(error?.message.contains("grade the frame files") == true)
    }

    /// A CSV with a row per person (a person column) streams as the file reads it: the rows of
    /// a frame are read together once a row of the next frame arrives, and the person graded is
    /// followed from line to line (each line's reader started a tracker of its own, and a row
    /// was a frame: the second of each `duplicate_frame`). Rows in either order, and a single
    /// person's id column.
    @Test func aCSVOfARowPerPersonStreamsAsTheFile() throws {
        let csv = try String(
            contentsOfFile: PackagePaths.fixtures + "/mediapipe/scissor-stance-in-form.csv", encoding: .utf8)
        var lines = csv.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let names = header.split(separator: ",")
        func bystander(_ row: String) -> String {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            return zip(names, cells).map { name, cell in
                guard name.hasSuffix("_x"), let x = Double(cell) else { return String(cell) }
                return String(x * 0.4 + 0.55)
            }.joined(separator: ",")
        }
        var rows: [String] = []
        for (i, row) in lines.enumerated() {
            let graded = "3," + row
            let other = "7," + bystander(row)
            if i >= 4 && i < 12 {
                rows += i % 2 == 0 ? [other, graded] : [graded, other]
            } else {
                rows.append(graded)
            }
        }
        try Self.withFile("two-people.csv", ["track_id," + header] + rows) { path in
            #expect(try PoseReader.readRecording(path: path).frames.count == lines.count)
            try Self.liveIsTheFile(path)
        }
        try Self.withFile("one-person.csv", ["person_id," + header] + lines.map { "0," + $0 }) {
            try Self.liveIsTheFile($0)
        }
    }

    /// A stream whose first line is `[]` (a frame without anyone) and whose later lines are
    /// landmark lists streams as the file reads it: `[]` was taken for a metadata line read
    /// before every line, each then read as two frames.
    @Test func aStreamOpeningWithAnEmptyListStreamsAsTheFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: PackagePaths.fixtures + "/formats/mediapipe.json"))
        let frames = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["frames"] as? [Any])
        let lists = try frames.map { frame in
            let landmarks = (frame as? [String: Any])?["pose_landmarks"] ?? []
            return String(decoding: try JSONSerialization.data(withJSONObject: landmarks), as: UTF8.self)
        }
        try Self.withFile("empty-first.jsonl", ["[]"] + lists) { path in
            #expect(try PoseReader.readRecording(path: path).frames.count == frames.count + 1)
            try Self.liveIsTheFile(path)
        }
    }

    /// A CSV with a row per landmark spreads a frame over several lines: a feed, which reads a
    /// line at a time, says so at the first row instead of making a frame of each row.
    @Test func aLongCSVIsNotReadALineAtATime() throws {
        let path = PackagePaths.fixtures + "/formats/mediapipe-long.csv"
        var feed = FrameFeed()
        feed.push(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        feed.finish()
        let error = #expect(throws: FormatError.self) { while try feed.nextFrame() != nil {} }
        #expect(error?.code == "not_a_line_format")
        #expect(error?.location?.line == 2)
    }
}
