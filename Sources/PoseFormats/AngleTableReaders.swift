// Generic joint-angle tables: CSV with one row per frame, or JSON with one object per frame,
// whose columns (keys) are named after PoseCheck's metrics, per side or already front/back
// (`left_knee_flexion`, `front_knee_flexion`, `trunk_inclination`, …; PoseCheck docs, "Joint-angle exports").
// Sports2D and OpenSim column names are understood too (`AngleColumns.swift`), so a Sports2D
// table re-saved as CSV reads the same. Values are degrees (distances in leg lengths) in our
// conventions. Time: `time` (s), `timestamp_ms`, or `frame`.
import PoseModel
import PoseScanning

/// Shared by both containers: the note lines and the recording info.
private func angleInfo(
    _ format: PoseFormat, mapping: inout AngleMapping, options: ReadOptions, hasTime: Bool,
    extra: [String] = []
) -> RecordingInfo {
    mapping.buildRules(kneeFlexionSign: options.kneeSign == .negative ? -1 : 1)
    var notes = extra + mapping.notes
    if !mapping.duplicates.isEmpty {
        notes.append("ignored columns that repeat a quantity: \(mapping.duplicates.joined(separator: ", "))")
    }
    if let m = mapping.missingNote { notes.append(m) }
    notes.append("angles graded as exported: smoothing applies to keypoints only")
    return RecordingInfo(
        format: format.rawValue, space: .jointAngles, frameRate: options.frameRate,
        timeSource: hasTime ? "timestamps" : options.frameRate.map { _ in ReadOptions.frameRateSource }, notes: notes)
}

package struct AngleCSVReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var csv: CSVScanner
    private var mapping = AngleMapping()
    private var columnSlots: [(column: Int, slot: Int)] = []
    private var timing = FrameTimeColumns()
    private var headerCount = 0
    private var numbering: FrameNumbering

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        numbering = FrameNumbering(continuing: options)
        let delimiter = try MediaPipeCSVReader.detectDelimiter(input, path: path)
        csv = CSVScanner(input, path: path, delimiter: delimiter)
        guard try csv.nextRecord() else {
            throw FormatError(
                .invalidCSV, code: "empty_input", message: "the input is empty", path: path,
                location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        headerCount = csv.fieldCount
        var seen: [String: Int] = [:]
        for i in 0..<csv.fieldCount {
            let name = csv.string(i)
            if let previous = seen[name.lowercased()] {
                throw FormatError(
                    .invalidCSV, code: "duplicate_column",
                    message: "duplicate column \"\(name)\" (also column \(previous + 1))",
                    path: path, location: csv.fieldLocation(i))
            }
            seen[name.lowercased()] = i
            if !timing.take(name, column: i, unit: options.timeUnit), let slot = mapping.add(label: name) {
                columnSlots.append((i, slot))
            }
        }
        guard !mapping.isEmpty else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this CSV has no joint-angle column PoseCheck reads (e.g. left_knee_flexion, trunk_inclination)",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        info = angleInfo(
            .anglesCSV, mapping: &mapping, options: options, hasTime: timing.time >= 0,
            extra: timing.note.map { [$0] } ?? [])
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard try csv.nextRecord() else { return nil }
        let line = csv.recordLocation.line
        var frame = csv.frame(
            timing, fields: headerCount, numbering: &numbering)
        guard csv.fieldCount == headerCount else { return frame }
        var row = AngleRow(count: mapping.channels.count)
        for (column, slot) in columnSlots {
            let c = mapping.channels[slot]
            row.set(
                slot, csv.isEmpty(column) ? nil : csv.number(column), text: csv.string(column), channel: c.channel,
                label: c.label, radians: false, place: "line \(line), field \(column + 1)", frame: &frame)
        }
        frame.measured = row.measured(mapping)
        return frame
    }
}

/// Angle frames as JSON: a list of frame objects, `{"frames": [...], "fps": 30}`, or JSON Lines.
/// The first frame's keys fix the columns. A `null` value, or a key a later frame lacks, is a
/// missing value.
package struct AngleJSONReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var stream: JSONFrameStream
    private var mapping = AngleMapping()
    private var numbering: FrameNumbering
    private let timeUnit: TimeUnit?

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        numbering = FrameNumbering(continuing: options)
        timeUnit = options.timeUnit
        stream = try JSONFrameStream(
            input, path: path, options: options, framesKeys: ["frames"])
        let keys = stream.first?.members ?? []
        var skipped = stream.metadata.map(\.key).filter { $0 != "fps" && $0 != "frame_rate" }
        var timeNotes: [String] = []
        var hasTime = false
        for member in keys {
            // A repeated quantity is noted by the mapping; anything else unknown is listed here.
            if let (column, note) = TimeColumn.field(member.key, unit: timeUnit, what: "key") {
                timeNotes += note.map { [$0] } ?? []
                hasTime = hasTime || column.unitsPerSecond != nil
            } else if AngleChannel(label: member.key) == nil {
                skipped.append(member.key)
            } else {
                _ = mapping.add(label: member.key)
            }
        }
        guard !mapping.isEmpty else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this JSON has no joint-angle key PoseCheck reads (e.g. left_knee_flexion, trunk_inclination)",
                path: path, location: stream.first?.location ?? SourceLocation(line: 1, column: 1, offset: 0))
        }
        var fps: Double?
        if let r = stream.meta("fps")?.number ?? stream.meta("frame_rate")?.number, r > 0, r.isFinite { fps = r }
        var extra = (skippedKeysNote(skipped).map { [$0] } ?? []) + timeNotes
        var o = options
        let rateSource: String?
        (o.frameRate, rateSource) = options.frameRate(fromFile: fps, notes: &extra)
        info = angleInfo(
            .anglesJSON, mapping: &mapping, options: o, hasTime: hasTime, extra: extra)
        if rateSource == ReadOptions.fileFrameRateSource { info.timeSource = info.timeSource ?? rateSource }
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard let (value, line) = try stream.next() else { return stream.frameNotRead(&numbering, notes: &info.notes) }
        guard let members = value.members else {
            var f = PoseFrame(index: numbering.index(for: nil), line: line)
            f.issues.append(
                FrameIssue(
                    code: "not_a_frame", message: "line \(line): a frame must be an object, found \(value.typeName)"))
            return f
        }
        var frame = PoseFrame(index: 0, line: line)
        var number: Int?
        for member in members {
            let v = member.value
            guard let column = TimeColumn(label: member.key)?.reading(timeUnit) else { continue }
            let issue: FrameIssue?
            switch column {
            case .frame:
                (number, issue) = FrameCells.frameNumber(
                    v.number, shown: FrameCells.shown(v), place: FrameCells.place(of: v))
            case .time(let unitsPerSecond):
                (frame.time, issue) = FrameCells.time(
                    v.number, unitsPerSecond: unitsPerSecond, shown: FrameCells.shown(v),
                    place: FrameCells.place(of: v))
            case .unitless: continue
            }
            if let issue { frame.issues.append(issue) }
        }
        frame.index = numbering.index(for: number)
        var row = AngleRow(count: mapping.channels.count)
        var seen = Set<Int>()
        for member in members {
            let (k, v) = (member.key, member.value)
            guard TimeColumn(label: k) == nil, let c = AngleChannel(label: k), let slot = mapping.slot(c),
                seen.insert(slot).inserted
            else { continue }
            let parsed: ParsedNumber?
            switch v.kind {
            case .null: parsed = nil
            case .number(let d): parsed = .value(d)
            case .nonFinite: parsed = .nonFinite
            default: parsed = .invalid(offset: 0)
            }
            row.set(
                slot, parsed, text: v.string ?? v.typeName, channel: c, label: k, radians: false,
                place: "line \(v.location.line), column \(v.location.column)", frame: &frame)
        }
        for (slot, c) in mapping.channels.enumerated() where !seen.contains(slot) {
            row.set(
                slot, nil, text: "", channel: c.channel, label: c.label, radians: false, place: "line \(line)",
                frame: &frame)
        }
        frame.measured = row.measured(mapping)
        return frame
    }
}
