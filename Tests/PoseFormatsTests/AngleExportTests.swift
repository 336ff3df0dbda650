// Joint-angle exports (OpenSim .mot/.sto, Sports2D .mot, generic angle CSV/JSON): the same
// synthetic recordings as the keypoint fixtures give the same values and statuses for every
// check each format can carry, and the .mot defects (PoseCheck docs, "Joint-angle exports") get their outcome.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct AngleExportTests {
    static func read(_ text: String, path: String = "in", options: ReadOptions = .init()) throws(FormatError)
        -> Recording
    {
        try PoseReader.readRecording(.memory(Array(text.utf8)), path: path, options: options)
    }

    /// The formats, their generator, and the checks each must carry.
    static let formats: [(name: String, export: @Sendable (Scenarios.Fixture) -> String, carries: Set<CheckID>)] = [
        (
            "opensim", { AngleExport.openSim($0.recording, name: $0.name) },
            [.frontKneeFlexion, .backKneeFlexion, .trunkInclination, .backHipExtension]
        ),
        (
            "opensim-legacy-radians-gait2392",
            {
                AngleExport.openSim(
                    $0.recording, name: $0.name, options: .init(header: .legacySIMM, radians: true, negativeKnee: true))
            },
            [.frontKneeFlexion, .backKneeFlexion, .trunkInclination, .backHipExtension]
        ),
        (
            "sports2d", { AngleExport.sports2D($0.recording) },
            [.frontKneeFlexion, .backKneeFlexion, .trunkInclination, .backHipExtension, .raisedArmElevation, .armLine]
        ),
        (
            "angles-csv", { AngleExport.genericCSV($0.recording, front: $0.front) },
            [
                .frontKneeFlexion, .backKneeFlexion, .trunkInclination, .backHipExtension, .feetGrounded, .handsOnFloor,
                .raisedArmElevation, .armLine, .gaze,
            ]
        ),
        (
            "angles-json", { AngleExport.genericJSON($0.recording, front: $0.front) },
            [
                .frontKneeFlexion, .backKneeFlexion, .trunkInclination, .backHipExtension, .feetGrounded, .handsOnFloor,
                .raisedArmElevation, .armLine, .gaze,
            ]
        ),
    ]

    @Test("angle exports match the keypoint fixtures", arguments: Scenarios.fixtures.map(\.name), formats.indices)
    func sameAsKeypoints(_ name: String, _ formatIndex: Int) throws {
        let fixture = try #require(Scenarios.fixtures.first { $0.name == name })
        let format = Self.formats[formatIndex]
        let spec = try #require(StretchSpec.builtin(named: fixture.stretch))
        let keypoints = try PoseReader.readRecording(
            .file(FileInput(path: PackagePaths.fixtures + "/mediapipe/\(name).json")), path: name)
        let angles = try Self.read(format.export(fixture), path: "\(name).\(format.name)")
        #expect(angles.info.space == .jointAngles)
        let k = Evaluator.evaluate(keypoints, spec: spec)
        let a = Evaluator.evaluate(angles, spec: spec)
        #expect(a.frames.count == k.frames.count)
        if fixture.violated == .backHipExtension {
            // The side camera sees the swung-out back leg end-on, so the keypoints cannot show it;
            // the angle export was measured on the same projection and says the hip fails.
            #expect(k.summary.verdict == .notAssessable)
            return
        }
        if a.front.method != "export" { #expect(a.front.side == k.front.side) }
        for (kf, af) in zip(k.frames, a.frames) {
            #expect(kf.index == af.index && kf.time == af.time)
            var requiredPassing = 0
            var requiredFailing = 0
            for (kc, ac) in zip(kf.checks, af.checks) {
                let expected = format.carries.contains(ac.check)
                if !expected {
                    #expect(ac.reason == .notInExport, "\(format.name) \(ac.check): \(String(describing: ac.reason))")
                    continue
                }
                let kv = try #require(kc.value, "\(name) keypoints \(kc.check) \(String(describing: kc.reason))")
                let av = try #require(ac.value, "\(name) \(format.name) \(ac.check) \(String(describing: ac.reason))")
                let tolerance = ac.check.unit == .degrees ? 0.01 : 1e-4
                #expect(
                    abs(kv - av) < tolerance,
                    "\(name) frame \(af.index) \(format.name) \(ac.check): keypoints \(kv), angles \(av)")
                #expect(kc.status == ac.status, "\(name) frame \(af.index) \(format.name) \(ac.check)")
                if ac.required { if ac.status == .pass { requiredPassing += 1 } else { requiredFailing += 1 } }
            }
            // The frame is graded on the checks the export carries.
            let expected: FrameStatus =
                requiredFailing > 0 ? .deviating : requiredPassing > 0 ? .inForm : .notAssessable
            #expect(af.status == expected)
        }
        // Per-check failures add up the same way, so a check's verdict is the same.
        for (ks, s) in zip(k.summary.checks, a.summary.checks) where format.carries.contains(s.check) {
            #expect(ks.failed == s.failed, "\(name) \(format.name) \(s.check)")
        }
        if spec.checks.filter(\.required).allSatisfy({ format.carries.contains($0.id) }) {
            #expect(a.summary.verdict == k.summary.verdict)
        }
    }

    static let rec = Scenarios.fixtures.first { $0.name == "scissor-stance-in-form" }!

    static func kneeValues(_ r: Recording) -> [Double] {
        Evaluator.evaluate(r, spec: .scissorStance, front: .left).frames.compactMap { $0.checks[0].value }
    }

    @Test func headerStylesRadiansAndKneeSignReadAlike() throws {
        let v4 = try Self.read(AngleExport.openSim(Self.rec.recording, name: "a"))
        let variants: [AngleExport.OpenSimOptions] = [
            .init(header: .legacySIMM), .init(radians: true), .init(negativeKnee: true), .init(trailingTabs: true),
            .init(header: .legacySIMM, radians: true, negativeKnee: true),
        ]
        let reference = Self.kneeValues(v4)
        #expect(reference.count == 30)
        for o in variants {
            let r = try Self.read(AngleExport.openSim(Self.rec.recording, name: "a", options: o))
            #expect(r.info.format == "opensim-mot")
            let values = Self.kneeValues(r)
            #expect(values.count == reference.count)
            for (x, y) in zip(values, reference) { #expect(abs(x - y) < 1e-5, "\(o)") }
            #expect(r.info.notes.contains { $0.contains("radians") } == o.radians)
            let sign = o.negativeKnee ? "negative = flexion" : "positive = flexion"
            #expect(
                r.info.notes.contains { $0.contains("knee sign decided from the data") && $0.contains(sign) },
                "\(r.info.notes)")
        }
        let tabs = try Self.read(AngleExport.openSim(Self.rec.recording, name: "a", options: .init(trailingTabs: true)))
        #expect(tabs.frames.count == 30)
        #expect(tabs.info.notes.contains("ignored 2 blank or tab-only lines"))
    }

    @Test func kneeSignOptionOverridesTheVote() throws {
        let text = AngleExport.openSim(Self.rec.recording, name: "a", options: .init(negativeKnee: true))
        var o = ReadOptions()
        o.kneeSign = .positive
        let r = try Self.read(text, options: o)
        #expect(r.info.notes.contains("knee sign from ReadOptions.kneeSign: positive = flexion"))
        // Read with the wrong sign, the front knee is "hyperextended" past what a knee can do:
        // flagged implausible and not assessable, never silently right.
        let result = Evaluator.evaluate(r, spec: .scissorStance, front: .left)
        #expect(
            result.frames.allSatisfy { $0.checks[0].reason?.code == "implausible_angle" && $0.status == .notAssessable }
        )
        #expect(result.summary.verdict == .notAssessable)
        o.kneeSign = .negative
        #expect(Self.kneeValues(try Self.read(text, options: o)) == Self.kneeValues(try Self.read(text)))
    }

    /// Pose2Sim's OpenSim model spreads lumbar flexion over a chain of joints (L5_S1 … L1_T12):
    /// their sum stands for lumbar extension, in the trunk and in the back hip, and the notes name
    /// the columns used. Before, L5_S1 alone was read and the notes named a lumbar_extension column
    /// the file did not have.
    @Test func aLumbarChainIsSummed() throws {
        let text = """
            Coordinates
            version=1
            nRows=1
            nColumns=10
            inDegrees=yes
            endheader
            time\tpelvis_tilt\thip_flexion_r\thip_flexion_l\tknee_angle_r\tknee_angle_l\tL5_S1_Flex_Ext\tL4_L5_Flex_Ext\tL3_L4_Flex_Ext\tL1_T12_Flex_Ext
            0\t-10\t80\t-20\t90\t5\t2\t3\t4\t5

            """
        let r = try Self.read(text, path: "chain.mot")
        let checks = Evaluator.evaluate(r, spec: .scissorStance, front: .right).frames[0].checks
        func value(_ c: CheckID) -> Double? { checks.first { $0.check == c }?.value }
        // Lumbar extension 2 + 3 + 4 + 5 = 14: the trunk tilts |-10 + 14| = 4°; the back (left)
        // thigh lies 14 - (-20) = 34° behind the trunk line.
        #expect(value(.trunkInclination).map { abs($0 - 4) < 1e-9 } == true)
        #expect(value(.backHipExtension).map { abs($0 - 34) < 1e-9 } == true)
        let chain = "L5_S1_Flex_Ext + L4_L5_Flex_Ext + L3_L4_Flex_Ext + L1_T12_Flex_Ext"
        #expect(
            r.info.notes.contains("back hip extension ← (\(chain)) − hip_flexion_* (the thigh against the trunk line)"))
        #expect(r.info.notes.contains { $0.hasPrefix("trunk inclination ← |pelvis_tilt + \(chain)|") })
    }

    @Test func sports2DColumnCountIsOneLessAndNotReported() throws {
        let r = try Self.read(AngleExport.sports2D(Self.rec.recording))
        #expect(r.info.format == "sports2d-mot")
        #expect(!r.info.notes.contains { $0.contains("columns") && $0.contains("header says") })
    }

    static let small = """
        Coordinates
        version=1
        nRows=3
        nColumns=4
        inDegrees=yes
        endheader
        time\tknee_angle_r\tknee_angle_l\thip_flexion_r

        """

    @Test func missingEndheaderIsAnErrorAtTheEnd() throws {
        let text = "Coordinates\nversion=1\nnRows=1\ntime\tknee_angle_r\n0\t1\n"
        do {
            _ = try Self.read(text, path: "m.mot")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "missing_endheader")
            #expect(error.location?.line == 6)
            #expect(error.description.hasPrefix("m.mot:6:1: error: no `endheader` line"))
        }
    }

    @Test func rowCountHintDisagreeingIsReportedWithItsLine() throws {
        let r = try Self.read(Self.small + "0\t10\t80\t-20\n0.1\t11\t81\t-21\n")
        #expect(r.frames.count == 2)
        #expect(
            r.info.notes.contains(
                "the header says 3 rows (line 3) but the file has 2; frames are counted from the data"))
        #expect(
            r.info.notes.contains("the header says 4 columns (line 4) but the label line has 4; the labels are used")
                == false)
        let wide = try Self.read(Self.small.replacingOccurrences(of: "nColumns=4", with: "nColumns=9") + "0\t1\t2\t3\n")
        #expect(
            wide.info.notes.contains("the header says 9 columns (line 4) but the label line has 4; the labels are used")
        )
    }

    @Test func repeatedAndDecreasingTimesAreFlagged() throws {
        let r = try Self.read(Self.small + "0\t10\t80\t-20\n0.1\t10\t80\t-20\n0.1\t10\t80\t-20\n0.05\t10\t80\t-20\n")
        // The reader passes the times on as written; the time model flags them when graded.
        #expect(r.frames.allSatisfy { $0.issues.isEmpty })
        let graded = Evaluator.evaluate(r, spec: .scissorStance, front: .right)
        #expect(graded.frames.map { $0.issues.map(\.code) } == [[], [], ["duplicate_frame"], ["out_of_order"]])
        #expect(graded.frames[2].issues[0].message == "time 0.100 s repeats the previous frame's (line 10)")
    }

    @Test func europeanExcelResaveIsADelimiterMismatchAtTheLabels() throws {
        let text = "Coordinates\r\nversion=1\r\nendheader\r\ntime;knee_angle_r;knee_angle_l\r\n0;10,5;80,2\r\n"
        do {
            _ = try Self.read(text, path: "e.mot")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "delimiter_mismatch")
            #expect(error.location?.line == 4)
        }
    }

    @Test func badCellsAreFlaggedOnTheirChecksOnly() throws {
        let r = try Self.read(
            Self.small + "0\tnan\t80\t-20\n0.1\t\t80\t-20\n0.2\t0x1p3\t80\t-20\n0.3\t400\t80\t-20\n0.4\t10\t80\t-20\n")
        let codes = r.frames.map { $0.issues.map(\.code) }
        #expect(codes == [["non_finite"], ["missing_value"], ["unparseable_number"], ["angle_discontinuity"], []])
        #expect(r.frames[1].issues[0].message == "knee_angle_r is empty (line 9, field 2)")
        let result = Evaluator.evaluate(r, spec: .scissorStance, front: .left)
        // The right knee is the back knee: its check is not assessable; the front knee still is.
        for f in result.frames.prefix(4) {
            #expect(f.checks[0].value != nil)
            #expect(f.checks[1].status == .notAssessable)
            #expect(f.status == .notAssessable)
        }
        #expect(result.frames[4].checks[1].value == 10)
    }

    @Test func notAnAngleExportSaysSo() throws {
        do {
            _ = try Self.read("Coordinates\nendheader\ntime\tpelvis_tx\n0\t1\n", path: "x.mot")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "not_pose_export")
            #expect(!error.description.contains("invalid"))
        }
    }

    @Test func spaceSeparatedLegacyFilesRead() throws {
        let r = try Self.read("name\nendheader\ntime knee_angle_r knee_angle_l\n0 10 80\n0.1 11 81\n")
        #expect(r.frames.count == 2)
        #expect(Self.kneeValues(r) == [80, 81])
    }

    @Test(
        "formats are detected from content",
        arguments: FixtureFiles.all().filter { $0.path.hasPrefix("angles/") }.map(\.path))
    func detection(_ path: String) throws {
        let expected: PoseFormat =
            path.hasSuffix(".angles.csv") ? .anglesCSV : path.hasSuffix(".angles.json") ? .anglesJSON : .opensimMot
        let input = try ByteInput.open(path: PackagePaths.fixtures + "/" + path)
        #expect(PoseReader.detect(input) == expected)
        let r = try PoseReader.readRecording(input, path: path)
        #expect(r.info.format == (path.contains("sports2d") ? "sports2d-mot" : expected.rawValue))
    }

    @Test func genericTablesFlagTheirDefects() throws {
        let csv = "frame,time,front_knee_flexion,back_knee_flexion\n0,0,90,5\n2,0.2,,5\n2,0.2,90,nan\n"
        let r = try Self.read(csv)
        #expect(r.info.format == "angles-csv")
        #expect(r.frames.map(\.index) == [0, 1, 2, 2])
        #expect(
            r.frames.map { $0.issues.map(\.code) } == [
                [], ["frame_missing"], ["missing_value"], ["non_finite", "duplicate_frame"],
            ])
        let json =
            #"[{"time":0,"left_knee_flexion":90,"right_knee_flexion":5},{"time":0.1,"left_knee_flexion":null,"right_knee_flexion":"x"}]"#
        let j = try Self.read(json)
        #expect(j.info.format == "angles-json")
        #expect(j.frames[1].issues.map(\.code) == ["missing_value", "unparseable_number"])
        let lines = "{\"time\":0,\"trunk_inclination\":3}\n{\"time\":0.1,\"trunk_inclination\":4}\n"
        #expect(try Self.read(lines).frames.count == 2)
    }
}
