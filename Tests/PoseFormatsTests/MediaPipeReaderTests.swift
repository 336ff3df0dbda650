// MediaPipe readers: every JSON shape, image sizes, and the defects real exports contain
// (PoseCheck docs, "Input formats", "Defects").
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct MediaPipeReaderTests {
    static let rec = Scenarios.recording("scissor-stance", front: .left, duration: 0.5, fps: 10)

    static func read(_ text: String, path: String = "in", options: ReadOptions = .init()) throws -> Recording {
        try PoseReader.readRecording(.memory(Array(text.utf8)), path: path, options: options)
    }

    static func kneeFlexions(_ r: Recording) -> [Double?] {
        let result = Evaluator.evaluate(r, spec: .scissorStance, front: .left)
        return result.frames.map { $0.checks[0].value }
    }

    /// A UTF-16 export (Windows "Unicode" text), with or without a byte-order mark, JSON or CSV,
    /// is named as such (a JSON one was called an invalid CSV, or failed at its second byte).
    @Test func utf16FilesAreNamed() throws {
        let json = MediaPipeExport.json(Self.rec)
        let csv = MediaPipeExport.csv(Self.rec)
        for (text, littleEndian, mark) in [
            (json, true, true), (json, true, false), (csv, false, true), (csv, false, false),
        ] {
            var bytes: [UInt8] = mark ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
            for unit in text.utf16 {
                let (low, high) = (UInt8(unit & 0xFF), UInt8(unit >> 8))
                bytes += littleEndian ? [low, high] : [high, low]
            }
            let e = try #require(throws: FormatError.self) {
                try PoseReader.readRecording(.memory(bytes), path: "utf16")
            }
            let order = littleEndian ? "little-endian" : "big-endian"
            #expect(e.code == "unsupported_encoding", "\(e)")
            #expect(
                e.message.hasPrefix("this file is UTF-16 text (\(order), with\(mark ? "" : "out") a byte-order mark)"),
                "\(e)")
        }
        // Without a mark, 16 bytes decide: a shorter input is not judged, so spaces after it
        // cannot change its reading (a fuzzed 9-byte input was UTF-16 alone, not padded).
        let short: [UInt8] = [0x0A, 0, 0x0A, 0, 0x0A, 0, 0x0A, 0, 0]
        for bytes in [short, short + Array(repeating: 0x20, count: 100)] {
            let e = try #require(throws: FormatError.self) {
                try PoseReader.readRecording(
                    .memory(bytes), path: "short", options: ReadOptions(format: .mediapipeJSON))
            }
            #expect(e.code != "unsupported_encoding" && e.location?.line == 2, "\(e)")
        }
    }

    @Test("JSON shapes read alike", arguments: [MediaPipeExport.JSONShape.wrapped, .list, .lines])
    func shapes(_ shape: MediaPipeExport.JSONShape) throws {
        let r = try Self.read(MediaPipeExport.json(Self.rec, options: .init(shape: shape)))
        #expect(r.frames.count == 5)
        #expect(r.info.format == "mediapipe-json")
        #expect(r.info.timeSource == "timestamps")
        guard case .normalizedImage(1280, 720, .file) = r.info.space else {
            Issue.record("\(r.info.space)")
            return
        }
        for (v, f) in zip(Self.kneeFlexions(r), Self.rec.frames) {
            #expect(abs((v ?? 0) - f.parameters.frontKneeFlexion) < 0.01)
        }
    }

    @Test func tasksMultiPoseAndProtobufDictShapes() throws {
        let one = #"{"x":0.5,"y":0.5,"z":0,"visibility":0.9}"#
        let pose = "[" + Array(repeating: one, count: 33).joined(separator: ",") + "]"
        let tasks = #"[{"landmarks": [\#(pose), \#(pose)], "timestamp_ms": 0}]"#
        let r = try Self.read(tasks)
        #expect(r.frames[0].issues.map(\.code) == ["multiple_people"])
        #expect(r.frames[0][.nose] != nil)
        #expect(r.info.notes.contains { $0.contains("first pose") })
        let proto = #"[{"pose_landmarks": {"landmark": \#(pose)}}]"#
        #expect(try Self.read(proto).frames[0][.leftKnee] != nil)
    }

    @Test func undetectedFramesAreFlaggedNotDropped() throws {
        let text = #"[{"pose_landmarks": []}, {"pose_landmarks": null}, {"landmarks": [[]]}]"#
        let r = try Self.read(text)
        #expect(r.frames.map(\.index) == [0, 1, 2])
        #expect(r.frames.allSatisfy { $0.issues.map(\.code) == ["no_person"] })
    }

    @Test func imageSizeFromFileOptionOrAssumed() throws {
        // A 1920×1080 video: normalised x and y are divided by different sizes.
        let wide = Scenarios.recording(
            "scissor-stance", front: .left, duration: 0.2, fps: 10,
            camera: Camera(imageWidth: 1920, imageHeight: 1080, originX: 900, originY: 1000))
        let noSize = MediaPipeExport.json(wide, options: .init(includeImageSize: false))
        let assumed = try Self.read(noSize)
        #expect(assumed.info.notes.contains { $0.contains("square pixels assumed") })
        #expect(abs((Self.kneeFlexions(assumed)[0] ?? 0) - 92) > 1)  // distorted, and said so
        let given = try Self.read(noSize, options: ReadOptions(imageSize: ImageSize(width: 1920, height: 1080)))
        #expect(abs((Self.kneeFlexions(given)[0] ?? 0) - 92) < 0.01)
        #expect(!given.info.notes.contains { $0.contains("square") })
    }

    @Test func aGivenFrameRateReplacingTheFilesIsNoted() throws {
        let text = MediaPipeExport.json(Self.rec, options: .init(includeTime: false))
        var options = ReadOptions()
        options.frameRate = 25
        let r = try Self.read(text, options: options)
        #expect(r.info.frameRate == 25 && r.info.timeSource == ReadOptions.frameRateSource)
        #expect(r.info.notes.contains("the file's 10 fps replaced by ReadOptions.frameRate = 25"), "\(r.info.notes)")
        options.frameRate = 10
        #expect(!(try Self.read(text, options: options)).info.notes.contains { $0.contains("replaced") })
        #expect(try Self.read(text).info.timeSource == ReadOptions.fileFrameRateSource)
        // The other readers that take a rate from the file say so too.
        options.frameRate = 50
        for name in ["angles/hands-down-lunge-in-form.angles.json", "formats/markers.trc"] {
            let r = try PoseReader.readRecording(
                try ByteInput.open(path: PackagePaths.fixtures + "/" + name), path: name, options: options)
            #expect(
                r.info.notes.contains("the file's 10 fps replaced by ReadOptions.frameRate = 50"),
                "\(name): \(r.info.notes)")
        }
    }

    @Test func worldLandmarksOnRequest() throws {
        let r = try Self.read(MediaPipeExport.json(Self.rec), options: ReadOptions(coordinates: .world))
        #expect(r.info.space.isThreeDimensional)
        // An export of image landmarks only is refused, as a CSV is, and as an export of world
        // landmarks only is when image coordinates are asked for.
        let imageOnly = MediaPipeExport.json(Self.rec, options: .init(includeWorld: false))
        let error = #expect(throws: FormatError.self) {
            try Self.read(imageOnly, options: ReadOptions(coordinates: .world))
        }
        #expect(error?.code == "no_world_landmarks")
        #expect(error?.message.contains("image landmarks only") == true)
        // A later frame without world landmarks is flagged alone.
        let full = MediaPipeExport.json(Self.rec)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(full.utf8)) as? [String: Any])
        var frames = try #require(object["frames"] as? [[String: Any]])
        frames[2].removeValue(forKey: "pose_world_landmarks")
        var edited = object
        edited["frames"] = frames
        let text = String(decoding: try JSONSerialization.data(withJSONObject: edited), as: UTF8.self)
        let r2 = try Self.read(text, options: ReadOptions(coordinates: .world))
        #expect(r2.frames.map { $0.issues.map(\.code) } == [[], [], ["no_world_landmarks"], [], []])
    }

    @Test func jsonValueDefectsAreFlaggedPerJoint() throws {
        var lms = Array(repeating: #"{"x":0.5,"y":0.5,"z":0,"visibility":0.9}"#, count: 33)
        lms[25] = #"{"x":1.4,"y":0.5,"z":0,"visibility":0.9}"#  // left knee outside the image
        lms[27] = #"{"x":NaN,"y":0.5,"z":0,"visibility":0.9}"#  // left ankle NaN (lenient mode)
        lms[26] = #"{"x":0.5,"y":0.5,"z":0,"visibility":3.2}"#  // right knee: visibility logit
        lms[28] = #"{"y":0.5}"#  // right ankle: no x
        let text = "[{\"pose_landmarks\": [" + lms.joined(separator: ",") + "]}]"
        var options = ReadOptions()
        options.allowNonFiniteJSON = true
        let f = try Self.read(text, options: options).frames[0]
        #expect(
            Set(f.issues.map(\.code)) == ["out_of_frame", "non_finite", "visibility_out_of_range", "missing_value"])
        #expect(f[.leftKnee] == nil && f[.leftAnkle] == nil && f[.rightKnee] == nil && f[.rightAnkle] == nil)
        #expect(f[.leftHip] != nil)
        // Strict by default: the bare NaN token is an error with its location.
        #expect(throws: FormatError.self) { try Self.read(text) }
    }

    /// A visibility of `NaN` or `Infinity` (read with allowNonFiniteJSON) leaves nothing to
    /// trust the joint by: flagged `non_finite`, the joint missing (it was kept as if confident).
    @Test func aNonFiniteVisibilityIsFlagged() throws {
        var lms = Array(repeating: #"{"x":0.5,"y":0.5,"z":0,"visibility":0.9}"#, count: 33)
        lms[25] = #"{"x":0.5,"y":0.5,"z":0,"visibility":NaN}"#
        lms[26] = #"{"x":0.5,"y":0.5,"z":0,"visibility":Infinity,"presence":0.9}"#
        let text = "[{\"pose_landmarks\": [" + lms.joined(separator: ",") + "]}]"
        var options = ReadOptions()
        options.allowNonFiniteJSON = true
        let f = try Self.read(text, options: options).frames[0]
        #expect(f.issues.map(\.code) == ["non_finite", "non_finite"])
        #expect(f.issues.map(\.joints) == [[.leftKnee], [.rightKnee]])
        #expect(f.issues.first?.message == "left knee visibility or presence is not finite")
        #expect(f[.leftKnee] == nil && f[.rightKnee] == nil && f[.leftHip] != nil)
    }

    @Test func wrongLandmarkCountIsALayoutMismatch() throws {
        let text =
            "[{\"pose_landmarks\": [" + Array(repeating: #"{"x":0.5,"y":0.5}"#, count: 17).joined(separator: ",")
            + "]}]"
        #expect(try Self.read(text).frames[0].issues.map(\.code) == ["layout_mismatch"])
    }

    @Test func duplicateKeyInAFrameIsAnError() throws {
        let text = #"[{"pose_landmarks": [], "pose_landmarks": []}]"#
        let e = try #require(throws: FormatError.self) { try Self.read(text, path: "dup.json") }
        #expect(
            e.code == "duplicate_key"
                && e.description == "dup.json:1:25: error: invalid JSON: duplicate key \"pose_landmarks\" in one object"
        )
    }

    // MARK: CSV

    static let csv = MediaPipeExport.csv(rec, options: .init(includeWorld: false))
    static var csvLines: [String] { csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    static func csvWith(_ edit: (inout [String]) -> Void) -> String {
        var lines = csvLines
        edit(&lines)
        return lines.joined(separator: "\n")
    }

    @Test func csvReadsLikeJSON() throws {
        let a = Self.kneeFlexions(try Self.read(Self.csv))
        let b = Self.kneeFlexions(try Self.read(MediaPipeExport.json(Self.rec)))
        #expect(a.count == 5 && zip(a, b).allSatisfy { abs(($0 ?? 0) - ($1 ?? 1)) < 1e-9 })
    }

    @Test func headerOnlyIsZeroFrames() throws {
        let r = try Self.read(Self.csvLines[0] + "\n")
        #expect(r.frames.isEmpty)
    }

    /// JSON Lines of only a metadata line that gives a size or a rate: no frames, as a CSV of
    /// only its header and `{"fps": 30, "frames": []}` (it had been refused as no pose export,
    /// "found only )"). An object that gives neither is still no pose export, said in words.
    @Test func aMetadataLineAloneIsZeroFrames() throws {
        for text in [#"{"fps": 30}"#, #"{"image_width": 1280, "image_height": 720, "tool": "x"}"#] {
            let r = try Self.read(text + "\n", path: "meta.jsonl")
            #expect(r.frames.isEmpty && r.info.format == "mediapipe-json", "\(text)")
        }
        #expect(try Self.read(#"{"fps": 30}"#, path: "meta.jsonl").info.frameRate == 30)
        for (text, found) in [("{}", "(found no landmarks)"), (#"{"tool": "x", "fps": null}"#, "(found only tool)")] {
            #expect(throws: FormatError.self) { _ = try Self.read(text, path: "x.json") }
            do {
                _ = try Self.read(text, path: "x.json")
            } catch {
                #expect("\(error)".contains(found), "\(error)")
            }
        }
    }

    /// pandas writes its index as a first column without a name: the note of ignored columns
    /// names it by its place (it had said "ignored columns: " and nothing).
    @Test func anUnnamedColumnIsNamedByItsPlace() throws {
        let r = try Self.read(",frame,nose_x,nose_y\n0,0,0.5,0.5\n")
        #expect(r.info.notes.contains("ignored columns: column 1 (no name)"), "\(r.info.notes)")
    }

    @Test func headerNamesMatchInAnyCaseAndSeparator() throws {
        for name in [
            "left_knee", "LEFT_KNEE", "Left-Knee", "left knee", "Left.Knee", "LKnee", "KneeLeft", "left_leg_joint",
        ] {
            #expect(KeypointNames.joint(name) == .leftKnee, "\(name)")
        }
        #expect(KeypointNames.joint("left_knée") == nil)
        #expect(KeypointNames.joint("") == nil)
        // Sports2D's and Pose2Sim's BlazePose names of the face (they were ignored).
        let face: [(String, Joint)] = [
            ("LEyeInner", .leftEyeInner), ("REyeOuter", .rightEyeOuter), ("LMouth", .mouthLeft),
            ("RMouth", .mouthRight),
        ]
        for (name, joint) in face { #expect(KeypointNames.joint(name) == joint, "\(name)") }
        // Index layouts, 0- and 1-based, in any case, and names with `.` or spaces before the component.
        let byIndex = try Self.read("frame,X0,Y0,x25,y25,v25\n0,0.1,0.2,0.3,0.4,0.9\n")
        #expect(byIndex.frames[0][.leftKnee]?.confidence == 0.9)
        let dotted = try Self.read("Frame,Left Knee.X,left knee y,LEFT_KNEE_VISIBILITY\n0,0.3,0.4,0.9\n")
        #expect(dotted.frames[0][.leftKnee]?.confidence == 0.9)
    }

    @Test(
        "content decides the format, whatever the case and spacing of its header",
        arguments: [
            ("  EndHeader \t\r\ntime\tknee_angle_r\n0\t10\n", PoseFormat.opensimMot),
            ("name\nNROWS=1\nendheader\ntime\tknee_angle_r\n0\t10\n", .opensimMot),
            ("\u{FEFF}\n\nPathFileType\t4\t(X/Y/Z)\tx.trc\n", .trc),
            ("time,LEFT_KNEE_FLEXION,right knee flexion\n0,90,5\n", .anglesCSV),
            ("time,ShoulderLeft_X,ShoulderLeft_Y\n0,0.1,0.2\n", .kinectV2CSV),
            ("frame,landmark,x,y\n0,LEFT_KNEE,0.1,0.2\n", .longCSV),
            ("frame,nose_x,nose_y\n0,0.1,0.2\n", .mediapipeCSV),
            ("frame,endheader_x\n", .mediapipeCSV),
        ])
    func detection(_ text: String, format: PoseFormat) {
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == format)
    }

    /// Replaces field `k` (0-based) of data row `row` (1-based line index).
    static func replacing(row: Int, field k: Int, with v: String) -> String {
        csvWith { lines in
            var f = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[k] = v
            lines[row] = f.joined(separator: ",")
        }
    }

    static let leftKneeX = 4 + 25 * 4  // frame, timestamp_ms, image_width, image_height, then 4 per landmark

    @Test(
        "CSV cell defects are flagged on the joint",
        arguments: [
            ("", "missing_value"), ("nan", "non_finite"), ("inf", "non_finite"), ("\"0,512\"", "unparseable_number"),
            ("0x1p-1", "unparseable_number"), (" 0.5", "unparseable_number"), ("1.7", "out_of_frame"),
        ])
    func cellDefects(_ cell: String, _ code: String) throws {
        let r = try Self.read(Self.replacing(row: 2, field: Self.leftKneeX, with: cell))
        let f = r.frames[1]
        #expect(f.issues.map(\.code) == [code], "\(cell)")
        #expect(f[.leftKnee] == nil)
        #expect(r.frames[0].issues.isEmpty && r.frames[2].issues.isEmpty)
        if code == "unparseable_number" { #expect(f.issues[0].message.contains("line 3, field \(Self.leftKneeX + 1)")) }
    }

    @Test func rowDefects() throws {
        let allEmpty = Self.csvWith { lines in
            var f = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for i in 4..<f.count { f[i] = "" }
            lines[1] = f.joined(separator: ",")
        }
        #expect(try Self.read(allEmpty).frames[0].issues.map(\.code) == ["no_person"])
        let short = Self.csvWith { $0[2] = String($0[2].prefix(40)) }
        #expect(try Self.read(short).frames[1].issues.map(\.code) == ["wrong_field_count"])
        let truncated = String(Self.csv.dropLast(30))
        let t = try Self.read(truncated)
        #expect(t.frames.count == 5 && t.frames[4].issues.map(\.code) == ["wrong_field_count"])
        let duplicate = Self.csvWith { $0.insert($0[2], at: 3) }
        let d = try Self.read(duplicate)
        #expect(
            d.frames.count == 6 && d.frames[2].issues.map(\.code) == ["duplicate_frame"]
                && d.frames[2].issues[0].message.contains("line 4"))
        let swapped = Self.csvWith { $0.swapAt(2, 3) }
        #expect(try Self.read(swapped).frames[2].issues.map(\.code) == ["out_of_order"])
    }

    @Test func fileLevelCSVErrors() throws {
        let european = "nose_x;nose_y\n0,5;0,4\n"
        let e1 = try #require(throws: FormatError.self) { try Self.read(european, path: "eu.csv") }
        #expect(e1.code == "delimiter_mismatch" && e1.location?.line == 1 && e1.location?.column == 1)
        // As Excel saves it: a byte-order mark and CRLF line ends.
        let excel = "\u{FEFF}nose_x;nose_y\r\n0,5;0,4\r\n"
        let excelError = try #require(throws: FormatError.self) { try Self.read(excel, path: "eu.csv") }
        #expect(excelError.code == "delimiter_mismatch")
        let semicolons = Self.csv.replacingOccurrences(of: ",", with: ";")
        #expect(try Self.read(semicolons).frames.count == 5)
        let dupColumn = "nose_x,nose_y,NOSE_X\n0.5,0.5,0.5\n"
        let e2 = try #require(throws: FormatError.self) { try Self.read(dupColumn) }
        #expect(e2.code == "duplicate_column" && e2.location?.column == 15)
        let e3 = try #require(throws: FormatError.self) { try Self.read("name,age\nbob,3\n") }
        #expect(e3.code == "not_pose_export" && e3.kind == .invalidContent)
        let e4 = try #require(throws: FormatError.self) {
            try Self.read(Self.csv, options: ReadOptions(coordinates: .world))
        }
        #expect(e4.code == "no_world_landmarks")
        let e5 = try #require(throws: FormatError.self) { try Self.read("") }
        #expect(e5.code == "empty_input" && e5.location?.line == 1)
    }

    @Test func csvUnitsAreDecidedAndReported() throws {
        // Pixel coordinates (the pose-classification layout): no scaling, reported.
        var pixels = "nose_x,nose_y\n"
        pixels += "640.5,300.25\n"
        let r = try Self.read(pixels)
        #expect(r.info.space == .imagePixels)
        #expect(r.info.notes.contains { $0.contains("pixels") })
        // One normalised landmark outside the image on the first row (a foot below it, as
        // MediaPipe places it) leaves the file normalised, at the size its columns give, and
        // that landmark is flagged out of frame.
        let offFrame =
            "image_width,image_height,nose_x,nose_y,left_ankle_x,left_ankle_y,left_hip_x,left_hip_y\n"
            + "1080,1920,0.5,0.2,0.45,1.6,0.5,0.55\n"
        let n = try Self.read(offFrame)
        guard case .normalizedImage(let width, let height, _) = n.info.space else {
            Issue.record("read as \(n.info.space)")
            return
        }
        #expect(width == 1080 && height == 1920)
        let issues = n.frames[0].issues
        #expect(issues.contains { $0.code == "out_of_frame" && $0.joints == [.leftAnkle] })
        #expect(n.frames[0][.leftHip] != nil)
        // Pixels, however many landmarks a converter wrote as 0,0 (not detected).
        let zeros =
            "nose_x,nose_y,left_eye_x,left_eye_y,right_eye_x,right_eye_y,left_hip_x,left_hip_y\n"
            + "0,0,0,0,0,0,640,700\n"
        #expect(try Self.read(zeros).info.space == .imagePixels)
        // Pixels even with an odd value near the origin.
        #expect(try Self.read("nose_x,nose_y,left_hip_x,left_hip_y\n640,300,0.5,700\n").info.space == .imagePixels)
    }
}
