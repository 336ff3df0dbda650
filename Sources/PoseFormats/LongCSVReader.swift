// Long keypoint CSV: one row per frame and landmark (PoseCheck docs, "Input formats"), e.g.
//   frame,landmark,x,y,z,visibility
//   0,0,0.51,0.22,-0.1,0.99
// The landmark is a MediaPipe index (0-based, or 1-based when the first frame's indices run
// 1–33) or a name of the shared vocabulary (`left_knee`, `LKnee`). Rows of one frame are
// consecutive; a frame's rows end where the frame number changes. Units as the wide CSV:
// normalised when the first frame's x and y lie within [0, 1], else pixels.
import PoseModel
import PoseScanning

package struct LongCSVReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var csv: CSVScanner
    private let options: ReadOptions
    private var timing = FrameTimeColumns(), landmarkColumn = -1
    private var xColumn = -1, yColumn = -1, zColumn = -1, confidenceColumn = -1
    private var headerCount = 0
    private var base = 0
    private var numbering: FrameNumbering

    /// One row as read (the scanner's fields are gone after the next record).
    private struct Row {
        var line: Int
        var frame: Int?
        var frameIssue: FrameIssue?
        var time: Double?
        var timeIssue: FrameIssue?
        var joint: Joint?
        var landmark: String
        var x: ParsedNumber, y: ParsedNumber, z: ParsedNumber?, confidence: ParsedNumber?
        /// The x and y cells are both empty or NaN: the landmark was not detected.
        var notDetected: Bool
        var fields: Int
    }
    private var lookahead: Row?
    private var firstGroup: [Row] = []
    private var firstOverflow = false

    static let maxRowsPerFrame = 1000
    static let landmarkNames: Set<String> = [
        "landmark", "landmark_id", "landmark_index", "landmark_idx", "landmark_name", "lm", "lm_id", "lm_index",
        "joint", "joint_id", "joint_index", "joint_name", "keypoint", "keypoint_id", "keypoint_index",
        "keypoint_name", "kp_id", "bodypart",
    ]
    /// The coordinate columns' names: plain, or with their units (`x_px`, MediaPipe's `z_norm`).
    static let xNames: Set<String> = ["x", "x_px", "x_norm", "x_pixel", "x_pixels"]
    static let yNames: Set<String> = ["y", "y_px", "y_norm", "y_pixel", "y_pixels"]
    static let zNames: Set<String> = ["z", "z_px", "z_norm"]

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        numbering = FrameNumbering(continuing: options)
        let delimiter = try MediaPipeCSVReader.detectDelimiter(input, path: path)
        csv = CSVScanner(input, path: path, delimiter: delimiter)
        info = RecordingInfo(format: PoseFormat.longCSV.rawValue, space: .imagePixels)
        guard try csv.nextRecord() else {
            throw FormatError(
                .invalidCSV, code: "empty_input", message: "the input is empty", path: path,
                location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        headerCount = csv.fieldCount
        for (i, name) in csv.strings.enumerated() {
            if timing.take(name, column: i, unit: options.timeUnit) { continue }
            let key = name.lowercased()
            if Self.xNames.contains(key) { xColumn = i }
            if Self.yNames.contains(key) { yColumn = i }
            if Self.zNames.contains(key) { zColumn = i }
            if Self.landmarkNames.contains(key) { landmarkColumn = i }
            // Visibility wins over presence and the other scores when several are written.
            if MediaPipeCSVReader.confidenceNames.contains(key), confidenceColumn < 0 || key == "visibility" {
                confidenceColumn = i
            }
        }
        let missing = [
            ("frame", timing.frame), ("landmark (landmark_id, lm_id, joint, keypoint …)", landmarkColumn),
            ("x", xColumn), ("y", yColumn),
        ].filter { $0.1 < 0 }.map(\.0)
        guard missing.isEmpty else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "a long keypoint CSV needs frame, landmark, x and y columns; this one has no \(missing.joined(separator: ", no "))",
                path: path, location: csv.recordLocation)
        }
        if options.coordinates == .world {
            throw FormatError(
                .invalidContent, code: "no_world_landmarks",
                message: "this CSV has image landmarks only; world coordinates are not available",
                path: path, location: csv.recordLocation)
        }
        // The first frame decides the index base and the units.
        lookahead = try readRow()
        (firstGroup, firstOverflow) = try readGroup()
        let indices = firstGroup.compactMap { Int($0.landmark) }
        if !indices.isEmpty, !indices.contains(0), indices.max() == 33 { base = 1 }
        var notes =
            [
                "one row per frame and landmark\(indices.isEmpty ? " (landmarks by name)" : ", landmark indices \(base)-based")"
            ] + (timing.note.map { [$0] } ?? [])
        let space: CoordinateSpace
        if firstUnits() ?? true {
            space = normalizedSpace(option: options.imageSize, file: nil, notes: &notes)
        } else {
            space = .imagePixels
            notes.append("coordinates read as pixels (values beyond [0, 1] on the first frame with coordinates)")
        }
        let timeSource = timing.time >= 0 ? "timestamps" : options.frameRate.map { _ in ReadOptions.frameRateSource }
        info = RecordingInfo(
            format: PoseFormat.longCSV.rawValue, space: space, frameRate: options.frameRate,
            timeSource: timeSource, notes: notes, skeleton: "mediapipe-33")
    }

    /// Frames read ahead for the units when the first has no coordinates (nobody detected).
    static let unitsLookahead = 1_000

    /// Whether the first frame with coordinates holds them normalised (each within [-0.5,
    /// 1.5]), read by a copy of the reader (its window reads on its own), at most
    /// `unitsLookahead` frames on; nil where none has any. A row the copy cannot read ends the
    /// look: the reader reports it at its place.
    private func firstUnits() -> Bool? {
        var probe = self
        var group = firstGroup
        for _ in 0..<Self.unitsLookahead {
            var seen = false
            for r in group {
                for case .value(let v) in [r.x, r.y] {
                    guard v >= -0.5 && v <= 1.5 else { return false }
                    seen = true
                }
            }
            if seen { return true }
            do throws(FormatError) {
                group = try probe.readGroup().rows
            } catch {
                return nil
            }
            if group.isEmpty { return nil }
        }
        return nil
    }

    private mutating func readRow() throws(FormatError) -> Row? {
        guard try csv.nextRecord() else { return nil }
        let n = csv.fieldCount
        func num(_ c: Int) -> ParsedNumber? { c >= 0 && c < n ? csv.number(c) : nil }
        let line = csv.recordLocation.line
        var frame: Int?
        var frameIssue: FrameIssue?
        if timing.frame >= 0, timing.frame < n { (frame, frameIssue) = csv.frameNumber(timing.frame, line: line) }
        var time: Double?
        var timeIssue: FrameIssue?
        if timing.time >= 0, timing.time < n {
            (time, timeIssue) = csv.time(timing.time, unitsPerSecond: timing.unitsPerSecond, line: line)
        }
        let landmark = landmarkColumn < n ? csv.string(landmarkColumn) : ""
        let notDetected =
            xColumn < n && yColumn < n && MediaPipeCSVReader.isMissing(csv, xColumn)
            && MediaPipeCSVReader.isMissing(csv, yColumn)
        return Row(
            line: line, frame: frame, frameIssue: frameIssue, time: time, timeIssue: timeIssue,
            joint: KeypointNames.joint(landmark), landmark: landmark,
            x: num(xColumn) ?? .invalid(offset: 0), y: num(yColumn) ?? .invalid(offset: 0), z: num(zColumn),
            confidence: num(confidenceColumn), notDetected: notDetected, fields: n)
    }

    /// The rows of the next frame, from `lookahead` on (none at the end), and whether the run
    /// was cut: a frame has one row per landmark, and a run far longer than that (a missing or
    /// constant frame column) is cut, so memory does not grow with the file.
    private mutating func readGroup() throws(FormatError) -> (rows: [Row], overflow: Bool) {
        var rows: [Row] = []
        guard let first = lookahead else { return (rows, false) }
        while let r = lookahead, r.frame == first.frame {
            guard rows.count < Self.maxRowsPerFrame else { return (rows, true) }
            rows.append(r)
            lookahead = try readRow()
        }
        return (rows, false)
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        var group = firstGroup
        firstGroup = []
        var overflow = firstOverflow
        firstOverflow = false
        if group.isEmpty { (group, overflow) = try readGroup() }
        guard let first = group.first else { return nil }
        var frame = PoseFrame(index: numbering.index(for: first.frame), time: first.time, line: first.line)
        for issue in [first.frameIssue, first.timeIssue] {
            if let issue { frame.issues.append(issue) }
        }
        if overflow {
            frame.issues.append(
                FrameIssue(
                    code: "layout_mismatch",
                    message:
                        "more than \(Self.maxRowsPerFrame) rows share frame \(first.frame.map(String.init) ?? "(none)") from line \(first.line): the frame column does not separate frames"
                ))
            return frame
        }
        var points = [RawPoint?](repeating: nil, count: Joint.count)
        var problems: [String] = []
        var badJoints: [Joint] = []
        for r in group {
            var joint = r.joint
            if let i = Int(r.landmark) { joint = i - base >= 0 && i - base < 33 ? Joint(rawValue: i - base) : nil }
            guard let j = joint else {
                problems.append("line \(r.line): unknown landmark \"\(r.landmark)\"")
                continue
            }
            guard r.fields == headerCount else {
                problems.append("line \(r.line) has \(r.fields) fields, the header has \(headerCount)")
                badJoints.append(j)
                continue
            }
            // Empty or NaN coordinates: the landmark is missing, as in a wide CSV.
            if r.notDetected { continue }
            guard case .value(let x) = r.x, case .value(let y) = r.y else {
                problems.append("line \(r.line): \(j) has no usable x, y")
                badJoints.append(j)
                continue
            }
            var z = 0.0
            if case .value(let v)? = r.z { z = v }
            var c: Double?
            if case .value(let v)? = r.confidence { c = v }
            points[j.rawValue] = RawPoint(x: x, y: y, z: z, confidence: c)
        }
        if !problems.isEmpty {
            frame.issues.append(
                FrameIssue(
                    code: badJoints.isEmpty ? "unknown_landmark" : "unparseable_number", joints: badJoints,
                    message: problems.joined(separator: "; "), informational: badJoints.isEmpty))
        }
        frame.place(
            RawPerson(points: points), layout: Joint.allCases.map { $0 }, space: info.space, zeroIsMissing: false,
            flagMissing: false, only: options.joints)
        if !frame.hasAnyKeypoint && !frame.issues.contains(where: \.isFrameWide) {
            frame.issues.append(FrameIssue(code: "no_person", message: "no landmark on this frame"))
        }
        return frame
    }
}
