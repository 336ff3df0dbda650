// OpenSim .mot/.sto motion files and Sports2D's .mot angle files (PoseCheck docs, "Joint-angle exports").
//
// Reading rule (as OpenSim's own Storage and public readers do): header lines up to and
// including `endheader`; the next non-empty line holds the column labels; rows of numbers
// follow. Both header styles work: OpenSim 4 (`Coordinates`, `version=1`, `nRows=`,
// `nColumns=`, `inDegrees=`) and legacy SIMM (`# SIMM Motion File Header:`, `datacolumns`,
// `datarows`). `inDegrees=no` means radians: converted and reported. `nRows`/`nColumns` and
// `datarows`/`datacolumns` are hints: a disagreement is reported, frames come from the data.
//
// Labels and cells are split on tabs (Sports2D's labels contain spaces); a file without tabs is
// split on runs of spaces. Cells may be padded with spaces. Trailing empty cells and lines of
// tabs only are tolerated (the lines are counted and reported). A label line separated by `;`
// (a file re-saved by European Excel, with decimal commas) is `delimiter_mismatch`.
import PoseModel
import PoseScanning

package struct MotReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var csv: CSVScanner
    private let path: String
    private var mapping = AngleMapping()
    /// Column index → channel slot.
    private var columnSlots: [(column: Int, slot: Int)] = []
    private var timeColumn = -1
    private var labelCount = 0
    private var whitespaceSplit = false
    private var tokens: [Substring] = []
    private var radians = false
    private var rowsHint: (value: Int, line: Int)?
    private var rowIndex = 0
    private var ignoredLines = 0
    private var finished = false

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.path = path
        csv = CSVScanner(input, path: path, delimiter: 0x09)
        info = RecordingInfo(format: PoseFormat.opensimMot.rawValue, space: .jointAngles)
        var notes: [String] = []
        let header = try Self.readHeader(&csv, path: path)
        radians = header.inDegrees == false
        if radians { notes.append("angles in radians (inDegrees=no in the header), converted to degrees") }
        if header.inDegrees == nil { notes.append("no inDegrees in the header: angles read as degrees") }
        rowsHint = header.rows
        try readLabels(path: path)
        if mapping.isEmpty {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "this motion file has no joint-angle column PoseCheck reads (knee_angle_r, hip_flexion_r, lumbar_extension, pelvis_tilt; Sports2D: right knee, right hip, trunk, right arm)",
                path: path, location: csv.recordLocation)
        }
        let vocabulary = mapping.vocabulary
        if let (n, line) = header.columns {
            // Sports2D counts its columns before adding `time`.
            let expected = vocabulary == .sports2D ? labelCount - 1 : labelCount
            if n != expected {
                notes.append(
                    "the header says \(n) columns (line \(line)) but the label line has \(labelCount); the labels are used"
                )
            }
        }
        var kneeSign = options.kneeSign
        if kneeSign == .auto && mapping.hasOpenSimKnee {
            let (negative, total) = try Self.countNegativeKnees(
                input, path: path, mapping: mapping, columns: columnSlots,
                skip: csv.recordCount, whitespace: whitespaceSplit)
            kneeSign = 2 * negative > total ? .negative : .positive
            notes.append(
                "knee sign decided from the data: \(negative) of \(total) knee values are negative, so \(kneeSign == .negative ? "negative = flexion (gait2392-style model)" : "positive = flexion (Rajagopal/Pose2Sim-style model)"); ReadOptions.kneeSign = positive or negative sets it"
            )
        } else if mapping.hasOpenSimKnee {
            notes.append(
                "knee sign from ReadOptions.kneeSign: \(kneeSign == .negative ? "negative" : "positive") = flexion")
        }
        mapping.buildRules(kneeFlexionSign: kneeSign == .negative ? -1 : 1)
        notes += mapping.notes
        if !mapping.duplicates.isEmpty {
            notes.append("ignored columns that repeat a quantity: \(mapping.duplicates.joined(separator: ", "))")
        }
        if let m = mapping.missingNote { notes.append(m) }
        notes.append("angles graded as exported: smoothing applies to keypoints only")
        let format: PoseFormat = vocabulary == .sports2D ? .sports2dMot : .opensimMot
        info = RecordingInfo(
            format: format.rawValue, space: .jointAngles, frameRate: options.frameRate,
            timeSource: timeColumn >= 0 ? "timestamps" : options.frameRate.map { _ in ReadOptions.frameRateSource },
            notes: notes)
    }

    struct Header {
        var inDegrees: Bool?
        var rows: (Int, Int)?
        var columns: (Int, Int)?
    }

    /// Reads header records up to `endheader`.
    static func readHeader(_ csv: inout CSVScanner, path: String) throws(FormatError) -> Header {
        var h = Header()
        while try csv.nextRecord() {
            let line = csv.recordLocation.line
            let text = csv.strings.joined(separator: " ").trimmingCharacters(in: " ")
            let lower = text.lowercased()
            if lower == "endheader" { return h }
            // `key=value` (OpenSim 4) or `key value` (SIMM).
            let parts = lower.split(whereSeparator: { $0 == "=" || $0 == " " }).map(String.init)
            guard parts.count == 2 else { continue }
            let value = parts[1]
            switch parts[0] {
            case "indegrees": h.inDegrees = value == "yes" ? true : value == "no" ? false : nil
            case "nrows", "datarows": if let n = Int(value) { h.rows = (n, line) }
            case "ncolumns", "datacolumns": if let n = Int(value) { h.columns = (n, line) }
            default: break
            }
        }
        throw FormatError(
            .invalidContent, code: "missing_endheader",
            message: "no `endheader` line: an OpenSim motion file needs one before the column labels",
            path: path, location: csv.location)
    }

    private mutating func readLabels(path: String) throws(FormatError) {
        while try csv.nextRecord() {
            if (0..<csv.fieldCount).allSatisfy(csv.isBlank) {
                ignoredLines += 1
                continue
            }
            var labels = csv.strings.map { $0.trimmingCharacters(in: " ") }
            while labels.last?.isEmpty == true { labels.removeLast() }
            if labels.count == 1 {
                if labels[0].contains(";") {
                    throw FormatError(
                        .invalidCSV, code: "delimiter_mismatch",
                        message:
                            "the column labels are separated by ';' (a file re-saved by European Excel, with decimal commas); OpenSim files are tab-separated",
                        path: path, location: csv.recordLocation)
                }
                whitespaceSplit = true
                labels = labels[0].split(separator: " ").map(String.init)
            }
            labelCount = labels.count
            for (i, l) in labels.enumerated() {
                if l.lowercased() == "time" {
                    timeColumn = i
                    continue
                }
                if let slot = mapping.add(label: l) { columnSlots.append((i, slot)) }
            }
            return
        }
        throw FormatError(
            .invalidContent, code: "no_labels", message: "no column labels after `endheader`",
            path: path, location: csv.location)
    }

    /// Counts negative OpenSim knee values over the whole file (a median's sign without storing values).
    static func countNegativeKnees(
        _ input: ByteInput, path: String, mapping: AngleMapping, columns: [(column: Int, slot: Int)],
        skip: Int, whitespace: Bool
    ) throws(FormatError) -> (Int, Int) {
        var scan = CSVScanner(input, path: path, delimiter: 0x09)
        for _ in 0..<skip { _ = try scan.nextRecord() }
        let knees = columns.filter {
            if case .openSimKnee = mapping.channels[$0.slot].channel { return true }
            return false
        }.map(\.column)
        var negative = 0
        var total = 0
        while try scan.nextRecord() {
            let cells: [ParsedNumber]
            if whitespace {
                let t = scan.fieldCount > 0 ? scan.string(0).split(separator: " ") : []
                cells = knees.map {
                    $0 < t.count ? DecimalNumber.parse(String(t[$0]), grammar: .decimal) : .invalid(offset: 0)
                }
            } else {
                cells = knees.map { $0 < scan.fieldCount ? scan.paddedNumber($0) : .invalid(offset: 0) }
            }
            for case .value(let v) in cells where v != 0 {
                total += 1
                if v < 0 { negative += 1 }
            }
        }
        return (negative, total)
    }

    // MARK: rows

    private var cellCount: Int { whitespaceSplit ? tokens.count : csv.fieldCount }
    private func cellBlank(_ i: Int) -> Bool { whitespaceSplit ? tokens[i].isEmpty : csv.isBlank(i) }
    private func cellNumber(_ i: Int) -> ParsedNumber {
        whitespaceSplit ? DecimalNumber.parse(String(tokens[i]), grammar: .decimal) : csv.paddedNumber(i)
    }
    private func cellText(_ i: Int) -> String {
        whitespaceSplit ? String(tokens[i]) : csv.string(i).trimmingCharacters(in: " ")
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard !finished else { return nil }
        while try csv.nextRecord() {
            if whitespaceSplit { tokens = csv.fieldCount == 1 ? csv.string(0).split(separator: " ") : [] }
            var n = cellCount
            while n > 0, cellBlank(n - 1) { n -= 1 }  // trailing tabs
            if n == 0 {
                ignoredLines += 1
                continue
            }
            return frame(cells: n)
        }
        finished = true
        finishNotes()
        return nil
    }

    private mutating func frame(cells n: Int) -> PoseFrame {
        let line = csv.recordLocation.line
        var frame = PoseFrame(index: rowIndex, line: line)
        rowIndex += 1
        if timeColumn >= 0, timeColumn < n {
            let (time, issue) = FrameCells.time(
                FrameCells.csvValue(cellNumber(timeColumn)), unitsPerSecond: 1,
                shown: FrameCells.shown(cellText(timeColumn)), place: "line \(line), field \(timeColumn + 1)")
            frame.time = time
            if let issue { frame.issues.append(issue) }
        }
        if n != labelCount {
            frame.issues.append(
                FrameIssue(code: "wrong_field_count", message: "line \(line) has \(n) values, the labels \(labelCount)")
            )
        }
        var row = AngleRow(count: mapping.channels.count)
        for (column, slot) in columnSlots where column < n {
            let c = mapping.channels[slot]
            row.set(
                slot, cellBlank(column) ? nil : cellNumber(column), text: cellText(column), channel: c.channel,
                label: c.label, radians: radians, place: "line \(line), field \(column + 1)", frame: &frame)
        }
        frame.measured = row.measured(mapping)
        return frame
    }

    /// Facts only known at the end: row count against the header's hint, ignored lines.
    private mutating func finishNotes() {
        if let (n, line) = rowsHint, n != rowIndex {
            info.notes.append(
                "the header says \(n) rows (line \(line)) but the file has \(rowIndex); frames are counted from the data"
            )
        }
        if ignoredLines > 0 {
            info.notes.append("ignored \(ignoredLines) blank or tab-only line\(ignoredLines == 1 ? "" : "s")")
        }
    }
}
