// Recordings that open with frames in which nobody is detected yet (a person walks into view),
// as real ones do: format detection decides at the first frame that shows a person, whatever
// comes before it, and reads no further (reading the rest of a long list to look for other
// members reads the file twice); a CSV's units (pixels or normalised) and image size come from
// its first row that shows them. Also landmark lists with every number MediaPipe writes.
import Foundation
import PoseModel
import PoseScanning
import PoseSynth
import Testing

@testable import PoseFormats

struct EmptyOpeningTests {
    static let size = ImageSize(width: 1280, height: 720)
    /// More frames without a person than detection examines with data (`JSONShape.examined`).
    static let empty = 40

    /// A synthetic recording whose first `empty` frames hold nobody, as `format` writes it.
    static func export(_ format: PoseFormat) -> (text: String, frames: Int) {
        var r = Scenarios.recording("scissor-stance", front: .left, duration: 6, fps: 10)
        for i in 0..<empty {
            r.frames[i].pose = nil
            r.frames[i].image = [:]
            r.frames[i].visibility = 0
        }
        let text =
            switch format {
            case .appleVisionJSON: KeypointExport.appleVision(r)
            case .tfjsJSON: KeypointExport.tfjs(r)
            case .azureKinectJSON: KeypointExport.azureKinect(r)
            default: MediaPipeExport.json(r)
            }
        return (text, r.frames.count)
    }

    @Test(
        "a recording that opens with many frames without a person is detected at its first person",
        arguments: [PoseFormat.mediapipeJSON, .appleVisionJSON, .tfjsJSON, .azureKinectJSON])
    func longEmptyOpening(_ format: PoseFormat) throws {
        let (text, count) = Self.export(format)
        let bytes = Array(text.utf8)
        #expect(JSONShape.decidedFormat(.memory(bytes)) == format)
        let frames = try PoseReader.readRecording(
            .memory(bytes), path: "export", options: ReadOptions(imageSize: Self.size)
        ).frames
        #expect(frames.count == count)
        #expect(frames.prefix(Self.empty).allSatisfy { $0.issues.map(\.code) == ["no_person"] })
        #expect(frames.dropFirst(Self.empty).allSatisfy { $0.issues.isEmpty && $0[.leftKnee] != nil })
    }

    @Test("JSON Lines that open with many lines without a person are detected at the first person")
    func longEmptyOpeningLines() throws {
        let (text, count) = Self.export(.tfjsJSON)
        let frames = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
        let lines = try frames.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        #expect(JSONShape.decidedFormat(.memory(bytes)) == .tfjsJSON)
        let read = try PoseReader.readRecording(
            .memory(bytes), path: "export.jsonl", options: ReadOptions(imageSize: Self.size)
        ).frames
        #expect(read.count == count)
        #expect(read.dropFirst(Self.empty).allSatisfy { $0.issues.isEmpty })
    }

    @Test("landmarks as lists of two to five numbers decide MediaPipe at the first frame", arguments: 2...6)
    func landmarkLists(_ length: Int) {
        let landmark = "[" + Array(repeating: "0.5", count: length).joined(separator: ", ") + "]"
        let frame = #"{"landmarks": ["# + Array(repeating: landmark, count: 33).joined(separator: ", ") + "]}"
        let text = #"{"frames": ["# + Array(repeating: frame, count: 40).joined(separator: ", ") + "]}"
        #expect(JSONShape.decidedFormat(.memory(Array(text.utf8))) == (length <= 5 ? .mediapipeJSON : nil))
    }

    @Test("a list whose entries hold only scalars still counts toward the examined elements")
    func scalarEntriesHoldData() {
        // COCO's image entries hold data (no empty container): after `examined` of them the
        // list is skipped, and the annotations decide.
        let images = (0..<40).map { #"{"id": \#($0), "file_name": "\#($0).jpg", "width": 640, "height": 480}"# }
        let text =
            #"{"images": ["# + images.joined(separator: ", ")
            + #"], "annotations": [{"image_id": 1, "keypoints": [1, 2, 2, 3, 4, 2]}]}"#
        #expect(JSONShape.decidedFormat(.memory(Array(text.utf8))) == .cocoJSON)
        let here = SourceLocation(line: 1, column: 1, offset: 0)
        let id = JSONValue.Member("id", JSONValue(.number(1), location: here))
        let landmarks = JSONValue.Member("pose_landmarks", JSONValue(.array([]), location: here))
        #expect(!JSONShape.holdsNothing(JSONValue(.object([id]), location: here)))
        #expect(JSONShape.holdsNothing(JSONValue(.object([id, landmarks]), location: here)))
        #expect(JSONShape.holdsNothing(JSONValue(.null, location: here)))
    }

    @Test("a pixel CSV that opens with empty rows is read in pixels from its first row with landmarks")
    func csvUnitsFromTheFirstRowWithLandmarks() throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 1, fps: 10)
        let plain = KeypointExport.mediaPipeCSV(r, layout: .deepLabCut)
        let lines = plain.split(separator: "\n").map(String.init)
        let header = lines.prefix(3)
        let rows = lines.dropFirst(3).enumerated().map { k, row in
            String(Self.empty + k) + row.drop { $0 != "," }
        }
        let empty = (0..<Self.empty).map { String($0) + String(repeating: ",", count: 99) }
        let text = (header + empty + rows).joined(separator: "\n") + "\n"
        let reference = try PoseReader.readRecording(.memory(Array(plain.utf8)), path: "plain.csv")
        let read = try PoseReader.readRecording(.memory(Array(text.utf8)), path: "opening.csv")
        #expect(read.info.notes.contains { $0.hasPrefix("coordinates read as pixels") }, "\(read.info.notes)")
        try #require(read.frames.count == Self.empty + reference.frames.count)
        #expect(read.frames.prefix(Self.empty).allSatisfy { $0.issues.map(\.code) == ["no_person"] })
        for (a, b) in zip(read.frames.dropFirst(Self.empty), reference.frames) {
            #expect(a.issues.isEmpty, "\(a.issues)")
            #expect(a[.leftKnee]?.position == b[.leftKnee]?.position)
        }
    }

    @Test(
        "a CSV without a header that opens with rows of empty or NaN cells reads them as frames without a person",
        arguments: ["", "nan", "NaN"])
    func headerlessCSVOpening(_ missing: String) throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 1, fps: 10)
        let plain = KeypointExport.mediaPipeCSV(r, layout: .headerless)
        let columns = plain.prefix { $0 != "\n" }.split(separator: ",", omittingEmptySubsequences: false).count
        let empty = Array(repeating: Array(repeating: missing, count: columns).joined(separator: ","), count: 3)
        let text = empty.joined(separator: "\n") + "\n" + plain
        let reference = try PoseReader.readRecording(.memory(Array(plain.utf8)), path: "plain.csv")
        let read = try PoseReader.readRecording(.memory(Array(text.utf8)), path: "opening.csv")
        #expect(read.info.notes.contains { $0.hasPrefix("no header (the first row is data)") }, "\(read.info.notes)")
        try #require(read.frames.count == 3 + reference.frames.count)
        for frame in read.frames.prefix(3) {
            #expect(frame.issues.map(\.code).contains("no_person"), "\(frame.issues)")
            #expect(!frame.issues.map(\.code).contains("non_finite"))
        }
        for (a, b) in zip(read.frames.dropFirst(3), reference.frames) {
            #expect(a[.leftKnee]?.position == b[.leftKnee]?.position)
        }
    }
}
