// Every defect of the real exports (PoseCheck docs, "Input formats", "Defects") has a file in
// Fixtures/defects/ (or Fixtures/angles/), and its documented outcome is asserted here: an
// error with its code and location, or the frame kept and flagged with its reason.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct DefectFixtureTests {
    static let root = PackagePaths.fixtures + "/defects/"

    static func read(_ name: String, _ options: ReadOptions = .init()) throws -> Recording {
        do { return try PoseReader.readRecording(path: root + name, options: options) } catch {
            throw Failure(message: "\(name): \(error)")
        }
    }

    struct Failure: Error { var message: String }

    static func error(_ name: String, _ options: ReadOptions = .init()) -> FormatError? {
        do {
            _ = try PoseReader.readRecording(path: root + name, options: options)
            return nil
        } catch {
            if case .format(let e) = error { return e }
            return nil
        }
    }

    /// Rows whose outcome is an error: (row, file, code, line, column or nil).
    static let errors: [(Int, String, String, Int, Int?)] = [
        (1, "empty.csv", "empty_input", 1, 1),
        (1, "empty.json", "empty_input", 1, 1),
        (6, "semicolon-decimal-comma.csv", "delimiter_mismatch", 1, 1),
        (18, "unterminated-quote.csv", "unterminated_quote", 3, nil),
        (19, "duplicate-column.csv", "duplicate_column", 1, nil),
        (20, "latin1-header.csv", "invalid_utf8", 1, 10),
        (21, "utf16le.csv", "unsupported_encoding", 1, 1),
        (22, "nul-byte.csv", "nul_byte", 2, 10),
        (24, "huge-cell.csv", "field_too_large", 3, nil),
        (43, "mot-missing-endheader.mot", "missing_endheader", 15, 1),
        (47, "mot-excel.mot", "delimiter_mismatch", 11, 1),
    ]

    @Test("defects that are errors", arguments: errors.indices)
    func errorRows(_ i: Int) throws {
        let (row, file, code, line, column) = Self.errors[i]
        let e = try #require(Self.error(file), "row \(row): \(file) should be an error")
        #expect(e.code == code, "row \(row)")
        #expect(e.location?.line == line, "row \(row): \(String(describing: e.location))")
        if let column { #expect(e.location?.column == column, "row \(row): \(String(describing: e.location))") }
        #expect(e.description.hasPrefix(Self.root + file + ":\(line):"))
    }

    /// Rows whose outcome is a flagged frame: (row, file, frame position, code, words the message has).
    static let flags: [(Int, String, Int, String, String)] = [
        (7, "quoted-decimal-comma.csv", 2, "unparseable_number", "(line 4, field 103)"),
        (8, "nan-cells.csv", 1, "non_finite", "left knee"),
        (8, "nan-cells.csv", 2, "non_finite", "right knee"),
        (9, "empty-cell.csv", 1, "missing_value", "left knee has an empty cell"),
        (10, "no-person-row.csv", 1, "no_person", "every landmark cell is empty"),
        (11, "frame-gap.csv", 3, "frame_missing", "frame 3 is missing"),
        (12, "duplicate-frame.csv", 2, "duplicate_frame", "(line 4)"),
        (13, "out-of-order.csv", 2, "out_of_order", "frame number 1 comes after 2"),
        (15, "out-of-frame.csv", 1, "out_of_frame", "left knee"),
        (16, "short-row.csv", 1, "wrong_field_count", "line 3 has 50 fields"),
        (17, "truncated.csv", 2, "wrong_field_count", "line 4"),
        (23, "hex-float.csv", 1, "unparseable_number", "0x1p-1"),
        (23, "hex-float.csv", 2, "unparseable_number", "\" 0.5\""),
        (25, "openpose-no-people_keypoints.json", 0, "no_person", "no person"),
        (26, "openpose-missing-joints_keypoints.json", 0, "missing_joint", "not detected: right knee, right ankle"),
        (28, "openpose-two-people_keypoints.json", 0, "multiple_people", "graded person 1"),
        (29, "openpose-missing-frame", 2, "frame_missing", "frame 2 is missing"),
        (30, "openpose-truncated-file", 1, "unreadable_frame_file", "unexpected_eof"),
        (31, "openpose-mixed-layout", 1, "layout_mismatch", "18 keypoints where body-25 has 25"),
        (32, "openpose-74-numbers_keypoints.json", 0, "layout_mismatch", "74 numbers, not a multiple of 3"),
        (33, "openpose-nan-token", 1, "unreadable_frame_file", "invalid_token_NaN"),
        (34, "openpose-trailing-comma", 1, "unreadable_frame_file", "trailing_comma"),
        (35, "openpose-duplicate-key", 1, "unreadable_frame_file", "duplicate_key"),
        (36, "openpose-unpadded", 2, "frame_missing", "frame 3 is missing"),
        (37, "openpose-deep-nesting", 1, "unreadable_frame_file", "nesting_too_deep"),
        (38, "coco-inconsistent-visibility.json", 1, "inconsistent_visibility", "left knee"),
        (38, "coco-inconsistent-visibility.json", 2, "num_keypoints_mismatch", "num_keypoints is 5 but 17"),
        (39, "coco-two-people.json", 1, "multiple_people", "2 people"),
        (40, "coco-unknown-image.json", 2, "unknown_image", "image 42"),
        (41, "coco-wholebody-length.json", 1, "layout_mismatch", "399 keypoint values, COCO-17 has 51"),
        (8, "mot-nan-and-empty.mot", 1, "non_finite", "knee_angle_r"),
        (9, "mot-nan-and-empty.mot", 2, "missing_value", "knee_angle_r is empty"),
        (0, "mot-unwrapped-angle.mot", 1, "angle_discontinuity", "beyond ±180°"),
        (0, "openpose-3d-array_keypoints.json", 0, "layout_mismatch", "100 numbers"),
        (0, "visibility-logits.csv", 1, "visibility_out_of_range", "raw logits"),
        (0, "mixed-units.csv", 2, "units_ambiguous", "pixels and normalised values are mixed"),
    ]

    @Test("defects that flag a frame", arguments: flags.indices)
    func flagRows(_ i: Int) throws {
        let (row, file, position, code, words) = Self.flags[i]
        let r = try Self.read(file)
        let frame = try #require(
            r.frames.indices.contains(position) ? r.frames[position] : nil,
            "row \(row): \(file) has \(r.frames.count) frames")
        let issue = try #require(
            frame.issues.first { $0.code == code }, "row \(row) \(file): \(frame.issues.map(\.code))")
        #expect(issue.message.contains(words), "row \(row): \(issue.message)")
        // Only that frame is flagged with it, and the other frames are still read.
        #expect(
            r.frames.filter { $0.issues.contains { $0.code == code } }.count <= (code == "frame_missing" ? 7 : 2),
            "row \(row)")
        #expect(
            r.frames.contains { $0.issues.isEmpty } || r.frames.count == 1 || code == "frame_missing",
            "row \(row): every frame flagged")
    }

    @Test func cleanCSVDefectsRead() throws {
        // Rows 2–5: header only, BOM, CRLF, mixed line ends.
        #expect(try Self.read("header-only.csv").frames.isEmpty)
        for f in ["bom.csv", "crlf.csv", "mixed-line-ends.csv"] {
            let r = try Self.read(f)
            #expect(r.frames.count == 3, "\(f)")
            #expect(r.frames.allSatisfy { $0.issues.isEmpty && $0[.leftKnee] != nil }, "\(f)")
        }
    }

    @Test func lowConfidenceIsTheCheckReason() throws {
        // Rows 14 and 27: below the threshold, the check says whose confidence and by how much.
        let csv = Evaluator.evaluate(try Self.read("low-visibility.csv"), spec: .scissorStance, front: .left)
        #expect(csv.frames[1].checks[0].reason?.description == "left knee confidence 0.10 below 0.50")
        let op = Evaluator.evaluate(
            try Self.read("openpose-low-confidence_keypoints.json"), spec: .scissorStance, front: .left)
        #expect(op.frames[0].checks[1].reason?.description == "right knee confidence 0.05 below 0.50")
    }

    @Test func missingJointsAreNeverPointsAtTheOrigin() throws {
        let r = try Self.read("openpose-missing-joints_keypoints.json")
        #expect(r.frames[0][.rightKnee] == nil && r.frames[0][.rightAnkle] == nil)
        let result = Evaluator.evaluate(r, spec: .scissorStance, front: .left)
        #expect(result.frames[0].checks[1].reason?.description == "not detected: right knee, right ankle")
    }

    @Test func theSelectionRuleIsApplied() throws {
        let r = try Self.read("openpose-two-people_keypoints.json")
        let big = try Self.read("openpose-missing-joints_keypoints.json")  // same subject, full size
        #expect(r.frames[0][.leftKnee]?.position == big.frames[0][.leftKnee]?.position)
        var o = ReadOptions()
        o.person = .index(0)
        #expect(
            try Self.read("openpose-two-people_keypoints.json", o).frames[0][.leftKnee]?.position
                != big.frames[0][.leftKnee]?.position)
    }

    @Test func nanTokensAreReadUnderAllowNaN() throws {
        // Row 33, lenient mode: the value is read and flagged non_finite on its joint.
        var o = ReadOptions()
        o.allowNonFiniteJSON = true
        let r = try Self.read("openpose-nan-token", o)
        let issue = try #require(r.frames[1].issues.first { $0.code == "non_finite" })
        #expect(issue.joints == [.nose])
    }

    /// Row 46: times are judged by the one time model when the recording is graded, not by the reader.
    @Test func motTimeOrderIsFlaggedWhenGraded() throws {
        let r = try Self.read("mot-time-order.mot")
        let graded = Evaluator.evaluate(r, spec: .scissorStance, front: .right)
        let codes = graded.frames.map { $0.issues.map(\.code) }
        #expect(codes[2] == ["duplicate_frame"] && codes[4] == ["out_of_order"], "\(codes)")
        #expect(graded.frames[2].issues[0].message.contains("repeats"))
        #expect(graded.frames[4].issues[0].message.contains("is before"))
    }

    @Test func outOfOrderFramesAreNotAlsoMissing() throws {
        let r = try Self.read("out-of-order.csv")
        #expect(r.frames.map(\.index) == [0, 2, 1, 3])
        #expect(!r.frames.contains { $0.issues.contains { $0.code == "frame_missing" } })
    }

    @Test func longCSVWithoutFrameBoundariesIsCutNotBuffered() throws {
        var text = "frame,landmark,x,y\n"
        for i in 0..<2500 { text += "0,\(i % 33),0.5,0.5\n" }
        let r = try PoseReader.readRecording(.memory(Array(text.utf8)), path: "long.csv")
        #expect(r.frames.count == 3)
        #expect(
            r.frames.prefix(2).allSatisfy {
                $0.issues.contains {
                    $0.code == "layout_mismatch" && $0.message.hasPrefix("more than 1000 rows share frame 0")
                }
            })
    }

    @Test func unpaddedFrameNamesSortNumerically() throws {
        let r = try Self.read("openpose-unpadded")
        #expect(r.frames.map(\.index) == Array(1...10))
        #expect(r.frames.filter { $0.issues.contains { $0.code == "frame_missing" } }.map(\.index) == Array(3...9))
    }

    @Test func motHintsAndBlankLinesAreReported() throws {
        // Rows 42, 44, 45.
        #expect(
            try Self.read("mot-row-count.mot").info.notes.contains {
                $0.hasPrefix("the header says 50 rows (line 3) but the file has 4")
            })
        let tabs = try PoseReader.readRecording(
            path: PackagePaths.fixtures + "/angles/scissor-stance-in-form.trailing-tabs.mot")
        #expect(tabs.frames.count == 30 && tabs.info.notes.contains("ignored 2 blank or tab-only lines"))
        let radians = try PoseReader.readRecording(
            path: PackagePaths.fixtures + "/angles/scissor-stance-in-form.radians.sto")
        #expect(radians.info.notes.contains("angles in radians (inDegrees=no in the header), converted to degrees"))
    }
}
