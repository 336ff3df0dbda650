// The CSV readers' fast path (plain records split in one pass) must give exactly what the
// careful path gives, and a file read through 64 KiB windows exactly what the same bytes read
// in one piece give: the same frames, values, flags and errors with their locations. The fast
// side reads the file, so window refills land inside frames and records; the careful side
// reads the bytes from memory. (MediaPipe JSON has one path: the JSON scanner read on demand.)
import Foundation
import PoseFormats
import PoseModel
import PoseSynth
import Testing

struct FastPathTests {
    /// Everything a reader says, as text: frames with every keypoint and issue, or the error.
    static func transcript(_ path: String, fast: Bool, options base: ReadOptions = .init()) -> String {
        var options = base
        options.fastPaths = fast
        do {
            let r =
                fast
                ? try PoseReader.readRecording(path: path, options: options)
                : try PoseReader.readRecording(
                    .memory(Array(FileManager.default.contents(atPath: path) ?? Data())), path: path, options: options)
            var out = "\(r.info)\n"
            for f in r.frames { out += "\(f.index) \(String(describing: f.time)) \(f.keypoints) \(f.issues)\n" }
            return out
        } catch let InputOrFormatError.format(error) {
            return "error \(error)"
        } catch {
            return "error \(error)"
        }
    }

    static var mediapipeFiles: [String] {
        var files: [String] = []
        for dir in ["mediapipe", "defects", "formats"] {
            let folder = PackagePaths.fixtures + "/" + dir
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasSuffix(".json") || name.hasSuffix(".csv") || name.hasSuffix(".jsonl") {
                files.append(folder + "/" + name)
            }
        }
        return files.sorted()
    }

    @Test(arguments: mediapipeFiles)
    func fastAndCarefulPathsAgree(_ path: String) {
        var spec = ReadOptions()
        spec.joints = StretchSpec.scissorStance.joints
        var world = spec
        world.coordinates = .world
        world.allowNonFiniteJSON = true
        for options in [ReadOptions(), spec, world] {
            let fast = Self.transcript(path, fast: true, options: options)
            let careful = Self.transcript(path, fast: false, options: options)
            #expect(fast == careful, "\(path)")
        }
    }

    /// A long recording in one JSON line and in CSV, read through 64 KiB windows, with defects
    /// that send single frames to the careful path in the middle of fast ones.
    @Test func longFilesWithDefectsAgree() throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 20, fps: 30, noisePixels: 1.5)
        let dir = NSTemporaryDirectory() + "posecheck-fastpath-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var json = MediaPipeExport.json(r, options: .init(shape: .wrapped, includeWorld: true))
        json = json.replacingOccurrences(of: "\n", with: " ")
        // A frame with an extra key, one with a NaN (an error: strict JSON), one with escapes.
        var variants: [(String, String)] = [("plain", json)]
        variants.append(
            ("extra-key", json.replacingOccurrences(of: "{\"frame\":100,", with: "{\"frame\":100,\"note\":\"x\",")))
        variants.append(("escape", json.replacingOccurrences(of: "{\"frame\":200,", with: "{\"fr\\u0061me\":200,")))
        variants.append(("crlf", json.replacingOccurrences(of: "},{\"x\"", with: "},\r\n{\"x\"")))
        variants.append(
            (
                "nan",
                json.replacingOccurrences(
                    of: "{\"frame\":300,\"timestamp_ms\":", with: "{\"frame\":300,\"timestamp_ms\":NaN,\"t\":")
            ))
        variants.append(
            ("duplicate", json.replacingOccurrences(of: "{\"frame\":400,", with: "{\"frame\":400,\"frame\":400,")))
        // Replaces the first landmark of frame `frame` (image landmarks) with `object`.
        func landmark(_ frame: Int, _ object: String) -> String {
            guard let f = json.range(of: "{\"frame\":\(frame),"),
                let l = json.range(of: "{\"x\":", range: f.upperBound..<json.endIndex),
                let end = json.range(of: "}", range: l.upperBound..<json.endIndex)
            else { return json }
            return json.replacingCharacters(in: l.lowerBound..<end.upperBound, with: object)
        }
        variants.append(("no-x-huge-z", landmark(500, "{\"y\":0.5,\"z\":1e400,\"visibility\":0.9}")))
        variants.append(("presence-only", landmark(510, "{\"x\":0.5,\"y\":0.5,\"z\":0,\"presence\":0.25}")))
        variants.append(
            ("huge-presence", landmark(520, "{\"x\":0.5,\"y\":0.5,\"z\":0,\"visibility\":0.5,\"presence\":1e999}")))
        variants.append(("shuffled-keys", landmark(530, "{\"visibility\":0.5,\"z\":0,\"y\":0.5,\"x\":0.5}")))
        // Python's json.dumps layout (a space after each colon and comma) and landmarks that
        // match neither written layout.
        let spaced = json.replacingOccurrences(of: "\":", with: "\": ").replacingOccurrences(of: ",\"", with: ", \"")
        variants.append(("spaced", spaced))
        variants.append(
            (
                "spaced-odd",
                spaced.replacingOccurrences(
                    of: "{\"x\": 0.", with: "{\"x\" : 0.", options: [], range: spaced.range(of: "{\"x\": 0."))
            ))
        variants.append(
            ("brace-space", landmark(540, "{\"x\":0.5,\"y\":0.5,\"z\":0,\"visibility\":0.9,\"presence\":0.8 }")))
        variants.append(("no-presence", landmark(550, "{\"x\":0.5,\"y\":0.5,\"z\":0,\"visibility\":0.9}")))
        variants.append(
            ("six-keys", landmark(560, "{\"x\":0.5,\"y\":0.5,\"z\":0,\"visibility\":0.9,\"presence\":0.8,\"x\":1}")))
        variants.append(
            ("bad-number", landmark(570, "{\"x\":0.5,\"y\":05,\"z\":0,\"visibility\":0.9,\"presence\":0.8}")))
        // JSON Lines: documents after the first take the fast path too.
        let jsonl = MediaPipeExport.json(r, options: .init(shape: .lines, includeWorld: true))
        variants.append(("lines", jsonl))
        variants.append(("lines-crlf", jsonl.replacingOccurrences(of: "\n", with: "\r\n")))
        variants.append(
            ("lines-blank", jsonl.replacingOccurrences(of: "\n{\"frame\":100,", with: "\n\n  \n{\"frame\":100,")))
        // Two frames on a line, without a line end between them: each read.
        variants.append(
            ("lines-joined", jsonl.replacingOccurrences(of: "\n{\"frame\":200,", with: " {\"frame\":200,")))
        variants.append(
            (
                "lines-extra-key-escape",
                jsonl.replacingOccurrences(of: "{\"frame\":100,", with: "{\"frame\":100,\"note\":\"x\",")
                    .replacingOccurrences(of: "{\"frame\":200,", with: "{\"fr\\u0061me\":200,")
            ))
        variants.append(
            (
                "lines-nan",
                jsonl.replacingOccurrences(
                    of: "{\"frame\":300,\"timestamp_ms\":", with: "{\"frame\":300,\"timestamp_ms\":NaN,\"t\":")
            ))
        variants.append(
            ("lines-garbage", jsonl.replacingOccurrences(of: "\n{\"frame\":400,", with: "\n]{\"frame\":400,")))
        for (name, text) in variants where name.hasPrefix("lines-") {
            #expect(text != jsonl, "\(name) changes nothing")
        }
        var csv = MediaPipeExport.csv(r)
        variants.append(("csv", csv))
        csv = csv.replacingOccurrences(of: "\n", with: "\r\n")
        variants.append(("csv-crlf", csv))
        var lines = MediaPipeExport.csv(r).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[50] =
            "\"" + lines[50].replacingOccurrences(of: ",", with: "\",\"", options: [], range: lines[50].range(of: ","))
            + "\""
        lines[80] = lines[80].replacingOccurrences(of: "0.", with: "0,", options: [], range: lines[80].range(of: "0."))
        variants.append(("csv-quoted", lines.joined(separator: "\n")))
        for (name, text) in variants {
            let path = dir + "/\(name)." + (name.hasPrefix("csv") ? "csv" : "json")
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let fast = Self.transcript(path, fast: true)
            #expect(fast == Self.transcript(path, fast: false), "\(name)")
            #expect(
                fast.hasPrefix("error") == ["nan", "duplicate", "six-keys", "bad-number"].contains(name),
                "\(name): \(fast.prefix(200))")
            // A damaged line of JSON Lines is a flagged frame, the lines after it read.
            let damagedLine = ["lines-nan", "lines-garbage"].contains(name)
            #expect(fast.contains("this frame is not valid JSON") == damagedLine, "\(name)")
            if !name.hasPrefix("csv") {
                var world = ReadOptions()
                world.coordinates = .world
                #expect(
                    Self.transcript(path, fast: true, options: world)
                        == Self.transcript(path, fast: false, options: world), "\(name), world")
            }
        }
    }
}
