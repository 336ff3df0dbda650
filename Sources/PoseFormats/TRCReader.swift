// TRC marker files (OpenSim, Pose2Sim, Sports2D; PoseCheck docs, "Input formats"): tab-separated
// (Pose2Sim 0.7's marker augmentation writes the first line with spaces),
//   PathFileType  4  (X/Y/Z)  <path>
//   DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  OrigDataStartFrame  OrigNumFrames
//   <values>
//   Frame#  Time  <marker 1>  ""  ""  <marker 2>  …
//   ""  ""  X1  Y1  Z1  X2  Y2  Z2  …
//   <frame>  <time>  <x>  <y>  <z>  …
// Markers are mapped to joints by name (OpenPose/Pose2Sim names such as RKnee, MediaPipe names,
// Kinect names); unknown markers are listed and ignored. Units `m`, `mm`, `cm` are world
// coordinates, y up (OpenSim's axes); `px` (Sports2D's `_px` file) is image pixels, y down.
// An empty or `nan` marker cell is a marker not tracked on that frame (`missing_joint`), and so
// is a marker a row leaves out (writers drop trailing empty cells), except in the last row: a
// last row with fewer fields than the named markers take is a file cut inside it, flagged
// `wrong_field_count`, and nothing of it is read (its last value may itself be cut).
import PoseModel
import PoseScanning

package struct TRCReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var csv: CSVScanner
    private var markers: [(column: Int, joint: Joint)] = []
    /// The fields of a whole row: up to the last named marker's Z.
    private var fieldsNeeded = 2
    private var numbering: FrameNumbering
    private let options: ReadOptions
    /// The frame count the header declares (`NumFrames`) until the end compares it with the
    /// frame rows read.
    private var declaredFrames: Int?
    private var rows = 0

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        numbering = FrameNumbering(continuing: options)
        var csv = CSVScanner(input, path: path, delimiter: 0x09)
        func record(_ what: String) throws(FormatError) -> [String] {
            guard try csv.nextRecord() else {
                throw FormatError(
                    .invalidContent, code: "truncated_header", message: "the TRC header ends before its \(what) line",
                    path: path, location: csv.location)
            }
            return csv.strings.map { $0.trimmingCharacters(in: " ") }
        }
        let first = try record("PathFileType")
        let firstWord = first.first?.split(whereSeparator: { $0 == " " }).first
        guard firstWord?.lowercased() == "pathfiletype" else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this is not a TRC file: the first line must start with PathFileType",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        let keys = try record("DataRate").map { $0.lowercased() }
        let values = try record("header values")
        func value(_ k: String) -> String? { keys.firstIndex(of: k).flatMap { $0 < values.count ? values[$0] : nil } }
        let names = try record("marker names")
        let namesLine = csv.recordLocation
        _ = try record("X1 Y1 Z1")
        var notes: [String] = []
        var ignored: [String] = []
        var markers: [(column: Int, joint: Joint)] = []
        var i = 2
        while i < names.count {
            let n = names[i]
            if !n.isEmpty {
                fieldsNeeded = i + 3
                if let j = KeypointNames.joint(n), options.joints?.contains(j) ?? true {
                    markers.append((i, j))
                } else if KeypointNames.joint(n) == nil {
                    ignored.append(n)
                }
            }
            i += 3
        }
        guard !markers.isEmpty || !ignored.isEmpty else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this TRC file names no markers (a TRC separates its columns with tabs)", path: path,
                location: namesLine)
        }
        if !ignored.isEmpty {
            notes.append(
                "markers not mapped to a joint, ignored: \(ignored.prefix(8).joined(separator: ", "))\(ignored.count > 8 ? ", …" : "")"
            )
        }
        let units = (value("units") ?? "m").lowercased()
        let space: CoordinateSpace
        switch units {
        case "mm": space = .world(unitsPerMetre: 1000, yDown: false)
        case "cm": space = .world(unitsPerMetre: 100, yDown: false)
        case "px", "pixels":
            space = .imagePixels
            notes.append("units px: image pixels, y down (Sports2D's _px file); Z ignored")
        default:
            space = .world(unitsPerMetre: 1, yDown: false)
            if units != "m" { notes.append("units \"\(units)\" not recognised: read as metres") }
        }
        self.csv = csv
        self.markers = markers
        declaredFrames = value("numframes").flatMap { Int($0) }
        var fileRate: Double?
        if let r = value("datarate").flatMap(Double.init), r > 0, r.isFinite { fileRate = r }
        let rate = options.frameRate(fromFile: fileRate, notes: &notes).rate
        info = RecordingInfo(
            format: PoseFormat.trc.rawValue, space: space, frameRate: rate, timeSource: "timestamps",
            notes: notes, skeleton: "trc-markers")
    }

    /// At the end of the rows: a header whose `NumFrames` is not the number of frame rows is
    /// said (Pose2Sim's filtered files declare one frame more than they hold).
    private mutating func noteFrameCount() {
        guard let declared = declaredFrames else { return }
        declaredFrames = nil  // said once, however often the end is asked for
        guard declared != rows else { return }
        info.notes.append(
            "the header declares \(declared) frames (NumFrames); the file has \(rows) frame rows, all read")
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        var blank = true
        while blank {
            guard try csv.nextRecord() else {
                noteFrameCount()
                return nil
            }
            blank = (0..<csv.fieldCount).allSatisfy(csv.isBlank)
        }
        rows += 1
        let line = csv.recordLocation.line
        var frame = PoseFrame(index: 0, line: line)
        // A short row's number and time are whole where a field follows them (a row cut short).
        let short = csv.fieldCount < fieldsNeeded
        let fields = csv.fieldCount
        let (number, numberIssue) =
            !short || fields > 1
            ? FrameCells.frameNumber(
                FrameCells.csvValue(csv.paddedNumber(0)), shown: FrameCells.shown(csv.string(0)),
                place: "line \(line), field 1") : (nil, nil)
        frame.index = numbering.index(for: number)
        if let numberIssue { frame.issues.append(numberIssue) }
        if !short || fields > 2 {
            let (time, issue) = FrameCells.time(
                FrameCells.csvValue(csv.paddedNumber(1)), unitsPerSecond: 1, shown: FrameCells.shown(csv.string(1)),
                place: "line \(line), field 2")
            frame.time = time
            if let issue { frame.issues.append(issue) }
        }
        var points: [RawPoint?] = []
        var bad: [Joint] = []
        var places: [String] = []
        for (column, joint) in markers {
            let c =
                column + 2 < csv.fieldCount
                ? [csv.paddedNumber(column), csv.paddedNumber(column + 1), csv.paddedNumber(column + 2)] : []
            if c.count == 3, case .value(let x) = c[0], case .value(let y) = c[1] {
                let z: Double = {
                    if case .value(let z) = c[2], info.space != .imagePixels { return z }
                    return 0
                }()
                points.append(RawPoint(x: x, y: y, z: z, confidence: nil))
                continue
            }
            points.append(nil)
            // An empty or nan cell is an untracked marker; anything else is a defect.
            let defect = c.indices.contains { k in
                if case .invalid = c[k] { return !csv.isBlank(column + k) }
                return false
            }
            if defect {
                bad.append(joint)
                places.append("\(joint) (line \(line), field \(column + 1))")
            }
        }
        if !bad.isEmpty {
            frame.issues.append(
                FrameIssue(
                    code: "unparseable_number", joints: bad, message: "not a number: \(places.joined(separator: ", "))")
            )
        }
        frame.place(
            RawPerson(points: points), layout: markers.map(\.joint), space: info.space, zeroIsMissing: false,
            only: options.joints)
        if !frame.hasAnyKeypoint && !frame.issues.contains(where: { $0.code == "missing_joint" }) {
            frame.issues.append(FrameIssue(code: "no_person", message: "no marker on this frame"))
        }
        // The last row, short: the file was cut inside it, and nothing of its markers is read
        // (asked once the row's fields are read: looking ahead moves the window).
        if short && csv.isLastRecord {
            var cut = PoseFrame(index: frame.index, time: frame.time, line: line)
            cut.issues = frame.issues.filter { $0.code == "invalid_frame_number" || $0.code == "time_missing" }
            cut.issues.append(
                FrameIssue(
                    code: "wrong_field_count",
                    message: "line \(line) has \(fields) fields, the markers take \(fieldsNeeded)"))
            return cut
        }
        return frame
    }
}
