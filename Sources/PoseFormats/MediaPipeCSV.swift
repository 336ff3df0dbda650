// MediaPipe pose exports as wide CSV: one row per frame, `<landmark>_x/_y/_z/_visibility`
// columns named with MediaPipe's landmark names (`nose_x`, `left_foot_index_visibility`; any
// letter case; `_vis`, `_presence` accepted), plus optional `frame`/`frame_number`,
// `time`/`time_s` (seconds) or `timestamp_ms` (milliseconds), `image_width`/`image_height`.
//
// Units: when every x and y on the first row with landmarks lies within [0, 1] the file is
// read as normalised and scaled by the image size; otherwise as pixels. The choice is reported.
import PoseModel

public struct MediaPipeCSVReader: PoseFrameSource {
    public private(set) var info: RecordingInfo
    private var csv: CSVScanner
    private let options: ReadOptions

    enum Component { case x, y, z, confidence }
    private struct LandmarkColumns {
        var x = -1, y = -1, z = -1, confidence = -1
    }
    private var columns = Array(repeating: LandmarkColumns(), count: 33)
    private var frameColumn = -1, timeColumn = -1, timeScale = 1.0
    private var widthColumn = -1, heightColumn = -1
    private var headerCount = 0
    private var numbering = FrameNumbering()
    private var pending: PoseFrame?
    private var pendingRead = false
    private var ignoredColumns: [String] = []

    public init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        let delimiter = try Self.detectDelimiter(input, path: path)
        csv = CSVScanner(input, path: path, delimiter: delimiter)
        info = RecordingInfo(format: PoseFormat.mediapipeCSV.rawValue, space: .imagePixels)
        guard try csv.nextRecord() else { throw FormatError(.invalidCSV, code: "empty_input", message: "the input is empty", path: path, location: SourceLocation(line: 1, column: 1, offset: 0)) }
        try readHeader(path: path)
        if options.coordinates == .world {
            throw FormatError(.invalidContent, code: "no_world_landmarks",
                              message: "this CSV has image landmarks only; world coordinates are not available",
                              path: path, location: csv.recordLocation)
        }
        // Decide units and image size from the first data row.
        var notes: [String] = []
        var fileSize: ImageSize?
        var normalized = true
        if try csv.nextRecord() {
            pendingRead = true
            if widthColumn >= 0, heightColumn >= 0, widthColumn < csv.fieldCount, heightColumn < csv.fieldCount,
                case .value(let w) = csv.number(widthColumn), case .value(let h) = csv.number(heightColumn), w > 0, h > 0 {
                fileSize = ImageSize(width: w, height: h)
            }
            normalized = firstRowLooksNormalized()
        }
        let space: CoordinateSpace
        if normalized {
            space = normalizedSpace(option: options.imageSize, file: fileSize, notes: &notes)
        } else {
            space = .imagePixels
            notes.append("coordinates read as pixels (values beyond [0, 1] on the first row)")
            if options.imageSize != nil { notes.append("--image-size ignored: the coordinates are already pixels") }
        }
        if !ignoredColumns.isEmpty {
            notes.append("ignored columns: \(ignoredColumns.prefix(8).joined(separator: ", "))\(ignoredColumns.count > 8 ? ", …" : "")")
        }
        var timeSource: String? = timeColumn >= 0 ? "timestamps" : nil
        if timeSource == nil, options.frameRate != nil { timeSource = "--fps" }
        info = RecordingInfo(format: PoseFormat.mediapipeCSV.rawValue, space: space, frameRate: options.frameRate,
                             timeSource: timeSource, notes: notes, skeleton: "mediapipe-33")
        if pendingRead { pending = frameFromRecord() }
    }

    /// Comma unless the header line is clearly separated by `;` or tabs. A `;` file whose data
    /// uses decimal commas cannot be told apart from wrong columns, so it is an error.
    static func detectDelimiter(_ input: ByteInput, path: String) throws(FormatError) -> UInt8 {
        var w = ByteWindow(input)
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var i = 0, inQuotes = false, line = 0
        var secondLineDecimalCommas = false
        var prev: UInt8 = 0, prevPrev: UInt8 = 0
        while let b = w.peek(at: i), i < 1 << 20 {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes {
                if b == 0x0A || b == 0x0D {
                    if line == 1 { break }
                    if counts[UInt8(ascii: ";"), default: 0] > counts[UInt8(ascii: ","), default: 0] { line = 1 } else { break }
                } else if line == 0, counts[b] != nil {
                    counts[b, default: 0] += 1
                } else if line == 1, prevPrev &- 48 < 10, prev == UInt8(ascii: ","), b &- 48 < 10 {
                    secondLineDecimalCommas = true
                }
            }
            prevPrev = prev
            prev = b
            i += 1
        }
        let comma = counts[UInt8(ascii: ","), default: 0], semi = counts[UInt8(ascii: ";"), default: 0], tab = counts[0x09, default: 0]
        if semi > comma && semi >= tab {
            if secondLineDecimalCommas {
                throw FormatError(.invalidCSV, code: "delimiter_mismatch",
                                  message: "the file is separated by ';' and uses decimal commas (European Excel); re-export it as comma-separated with decimal points",
                                  path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
            }
            return UInt8(ascii: ";")
        }
        if tab > comma { return 0x09 }
        return UInt8(ascii: ",")
    }

    private mutating func readHeader(path: String) throws(FormatError) {
        headerCount = csv.fieldCount
        var seen: [String: Int] = [:]
        var ignored: [String] = []
        var recognized = 0
        for i in 0..<csv.fieldCount {
            let name = csv.string(i)
            let key = name.lowercased()
            if let previous = seen[key] {
                throw FormatError(.invalidCSV, code: "duplicate_column",
                                  message: "duplicate column \"\(name)\" (also column \(previous + 1))",
                                  path: path, location: csv.fieldLocation(i))
            }
            seen[key] = i
            if let (joint, component) = Self.landmarkColumn(key) {
                recognized += 1
                guard options.joints?.contains(joint) ?? true else { continue }  // skipped, never converted
                switch component {
                case .x: columns[joint.rawValue].x = i
                case .y: columns[joint.rawValue].y = i
                case .z: columns[joint.rawValue].z = i
                case .confidence:
                    // visibility wins over presence when both exist.
                    if columns[joint.rawValue].confidence < 0 || key.hasSuffix("visibility") || key.hasSuffix("_vis") {
                        columns[joint.rawValue].confidence = i
                    }
                }
                continue
            }
            switch key {
            case "frame", "frame_number", "frame_index", "frame_idx": frameColumn = i
            case "time", "time_s", "timestamp_s", "seconds": timeColumn = i; timeScale = 1
            case "timestamp_ms", "time_ms": timeColumn = i; timeScale = 0.001
            case "image_width", "width": widthColumn = i
            case "image_height", "height": heightColumn = i
            default: ignored.append(name)
            }
        }
        guard recognized > 0 else {
            throw FormatError(.invalidContent, code: "not_pose_export",
                              message: "this CSV is not a MediaPipe pose export: no <landmark>_x/_y columns such as nose_x, left_knee_y",
                              path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        ignoredColumns = ignored
    }

    static func landmarkColumn(_ key: String) -> (Joint, Component)? {
        guard let us = key.lastIndex(of: "_") else { return nil }
        let name = String(key[..<us]), suffix = key[key.index(after: us)...]
        guard let joint = Joint(snakeName: name), joint.rawValue < 33 else { return nil }
        switch suffix {
        case "x": return (joint, .x)
        case "y": return (joint, .y)
        case "z": return (joint, .z)
        case "visibility", "vis", "presence": return (joint, .confidence)
        default: return nil
        }
    }

    private func firstRowLooksNormalized() -> Bool {
        for c in columns where c.x >= 0 && c.y >= 0 && c.x < csv.fieldCount && c.y < csv.fieldCount {
            for i in [c.x, c.y] {
                if case .value(let v) = csv.number(i), v < -0.5 || v > 1.5 { return false }
            }
        }
        // Also when the row has no values to judge by: MediaPipe writes normalised coordinates.
        return true
    }

    public mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        if let p = pending {
            pending = nil
            return p
        }
        guard try csv.nextRecord() else { return nil }
        return frameFromRecord()
    }

    private mutating func frameFromRecord() -> PoseFrame {
        let line = csv.recordLocation.line
        var number: Int?
        var time: Double?
        var issues: [FrameIssue] = []
        let n = csv.fieldCount
        if n != headerCount {
            issues.append(FrameIssue(code: "wrong_field_count", message: "line \(line) has \(n) fields, the header has \(headerCount)"))
        }
        if frameColumn >= 0, frameColumn < n, case .value(let v) = csv.number(frameColumn), v >= 0, v == v.rounded(), v < 1e15 {
            number = Int(v)
        }
        if timeColumn >= 0, timeColumn < n, case .value(let v) = csv.number(timeColumn) { time = v * timeScale }
        let (index, numberIssue) = numbering.index(for: number, line: line)
        var frame = PoseFrame(index: index, time: time, issues: issues)
        if let i = numberIssue { frame.issues.append(i) }
        guard n == headerCount else { return frame }
        var allEmpty = true
        let space = info.space
        let normalized: Bool = { if case .normalizedImage = space { return true }; return false }()
        for (j, c) in columns.enumerated() where c.x >= 0 && c.y >= 0 {
            guard let joint = Joint(rawValue: j) else { continue }
            if !csv.isEmpty(c.x) || !csv.isEmpty(c.y) { allEmpty = false }
            guard let x = value(c.x, joint, line, &frame), let y = value(c.y, joint, line, &frame) else { continue }
            let z = c.z >= 0 ? (value(c.z, joint, line, &frame) ?? 0) : 0
            var confidence: Double?
            if c.confidence >= 0 {
                guard let v = value(c.confidence, joint, line, &frame) else { continue }
                guard v >= 0 && v <= 1 else {
                    frame.issues.append(FrameIssue(code: "visibility_out_of_range", joints: [joint],
                                                   message: "\(joint) visibility \(v) is outside [0, 1] (raw logits?)"))
                    continue
                }
                confidence = v
            }
            if normalized && (x < 0 || x > 1 || y < 0 || y > 1) {
                frame.issues.append(FrameIssue(code: "out_of_frame", joints: [joint], message: "\(joint) is outside the image"))
                continue
            }
            frame[joint] = Keypoint(space.canonical(x: x, y: y, z: z), confidence: confidence)
        }
        if allEmpty {
            frame.issues = frame.issues.filter { $0.code != "missing_value" }
            frame.issues.append(FrameIssue(code: "no_person", message: "no person detected in this frame (every landmark cell is empty)"))
        }
        return frame
    }

    /// The number in a cell, or nil with the defect flagged on the joint.
    private func value(_ column: Int, _ joint: Joint, _ line: Int, _ frame: inout PoseFrame) -> Double? {
        if csv.isEmpty(column) {
            if !frame.issues.contains(where: { $0.code == "missing_value" && $0.joints == [joint] }) {
                frame.issues.append(FrameIssue(code: "missing_value", joints: [joint], message: "\(joint) has an empty cell (line \(line), field \(column + 1))"))
            }
            return nil
        }
        switch csv.number(column) {
        case .value(let v): return v
        case .nonFinite:
            frame.issues.append(FrameIssue(code: "non_finite", joints: [joint], message: "\(joint) is not finite (line \(line), field \(column + 1))"))
        case .invalid:
            frame.issues.append(FrameIssue(code: "unparseable_number", joints: [joint],
                                           message: "\(joint): \"\(csv.string(column))\" is not a number (line \(line), field \(column + 1))"))
        }
        return nil
    }
}
