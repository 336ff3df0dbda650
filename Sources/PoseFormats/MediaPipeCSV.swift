// Wide keypoint CSV: one row per frame, a few columns per joint. The layouts seen in public
// MediaPipe and Kinect v2 exports, recognised from the header:
// - by name: `<landmark>_x/_y/_z/_visibility` with MediaPipe names (`nose_x`,
//   `LEFT_FOOT_INDEX_x`; `_vis`, `_presence`, `_score`, `_likelihood` accepted), or any name of
//   the shared vocabulary (OpenPose `RKnee`, Kinect v2 `KneeRight`; separators `_`, `.`, space);
// - by index: `x0…z32` or `x1…z33` (0- or 1-based, decided from the range, `v` = visibility),
//   `landmark_0_x`, `lm_0_x`;
// - by position, when the first row starts with numbers: a header of column numbers
//   (`0,1,…,131[,label]`, research code such as PosePilot's) or no header at all (the first
//   row is data; the Pose Classification Colab writes `sample_id, x0, y0, z0, …` in pixels):
//   33 × (x, y, z, visibility) or 33 × (x, y, z) in MediaPipe order, by count;
// - DeepLabCut-style: header rows `scorer` / (`individuals`) / `bodyparts` / `coords`.
// Optional `frame`/`frame_number`, `time`/`time_s` (seconds) or `timestamp_ms`,
// `image_width`/`image_height`.
//
// Units: Kinect v2 names are world metres (y up) with `<joint>_TrackingState` as confidence
// (Tracked 1, Inferred 0.3: predicted, below the default threshold, NotTracked 0). Otherwise,
// when most x and y on the first row with landmarks lie within [-1, 2] the file is normalised
// and scaled by the image size; else pixels. The choice is reported.
import PoseModel
import PoseScanning

package struct MediaPipeCSVReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private var csv: CSVScanner
    private let options: ReadOptions

    enum Component { case x, y, z, confidence }
    /// A column's joint: by name, or by index (resolved once the range is known).
    enum Target: Hashable { case joint(Joint), index(Int) }
    private struct LandmarkColumns {
        var x = -1, y = -1, z = -1, confidence = -1
    }
    private var columns = Array(repeating: LandmarkColumns(), count: Joint.count)
    /// The joints with both an x and a y column, in joint order: what each row reads.
    private var placed: [(joint: Joint, columns: LandmarkColumns)] = []
    private var timing = FrameTimeColumns()
    /// The keypoint layout: MediaPipe's, or COCO-17 for 17 numbered points.
    private var skeleton = KeypointLayout.mediapipe33.id
    private var widthColumn = -1, heightColumn = -1
    private var headerCount = 0
    private var numbering: FrameNumbering
    private var pending: PoseFrame?
    private var pendingRead = false
    private var ignoredColumns: [String] = []
    /// A column naming the person of each row (`track_id`, `person_id`, …): a frame's people are
    /// its rows, one a person (-1: none, a row a frame).
    private var personColumn = -1
    private var personColumnName = ""
    /// The frame `pending` belongs to (`rowFrame`).
    private var pendingKey: String?
    private var tracker: PersonTracker
    /// The tracker as the frames read so far left it (`PoseReader.personTracker(of:)`).
    var personTracker: PersonTracker { tracker }

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        numbering = FrameNumbering(continuing: options)
        tracker = options.stream?.tracker ?? PersonTracker(rule: options.person)
        // A later row of a stream without a header read alone (`FrameFeed`): its layout is the
        // stream's first row's, as in the whole file, and the row is the frame.
        let openingRow = options.stream.flatMap { $0.lastIndex != nil && !$0.opensWithHeader ? $0.openingLine : nil }
        let delimiter = try Self.detectDelimiter(openingRow.map { .memory($0) } ?? input, path: path)
        csv = CSVScanner(openingRow.map { .memory($0) } ?? input, path: path, delimiter: delimiter)
        csv.usesFastPath = options.fastPaths
        info = RecordingInfo(format: PoseFormat.mediapipeCSV.rawValue, space: .imagePixels)
        guard try csv.nextRecord() else {
            throw FormatError(
                .invalidCSV, code: "empty_input", message: "the input is empty", path: path,
                location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        try readHeader(path: path)
        if openingRow != nil {
            csv = CSVScanner(input, path: path, delimiter: delimiter)
            csv.usesFastPath = options.fastPaths
            guard try csv.nextRecord() else {
                throw FormatError(
                    .invalidCSV, code: "empty_input", message: "the input is empty", path: path,
                    location: SourceLocation(line: 1, column: 1, offset: 0))
            }
        }
        placed = Joint.allCases.compactMap { j in
            let c = columns[j.rawValue]
            return c.x >= 0 && c.y >= 0 ? (j, c) : nil
        }
        if options.coordinates == .world && !kinect {
            throw FormatError(
                .invalidContent, code: "no_world_landmarks",
                message: "this CSV has image landmarks only; world coordinates are not available",
                path: path, location: csv.recordLocation)
        }
        // Decide units and image size from the first data row that shows them: a recording may
        // open with rows in which nobody is detected.
        var notes: [String] = []
        var fileSize: ImageSize?
        var normalized = true
        var hasRow = headerKind == .headerless
        if !hasRow { hasRow = try csv.nextRecord() }
        if hasRow {
            pendingRead = true
            fileSize = imageSize(of: csv)
            let units = Self.looksNormalized(csv, placed)
            if !kinect, units == nil || fileSize == nil && widthColumn >= 0 && heightColumn >= 0 {
                let ahead = probeAhead()
                fileSize = fileSize ?? ahead.size
                normalized = units ?? ahead.normalized ?? true
            } else {
                normalized = units ?? true
            }
        }
        let space: CoordinateSpace
        if let n = layoutNote { notes.append(n) }
        if let decided = options.stream?.space {
            space = decided
        } else if kinect {
            space = .world(unitsPerMetre: 1, yDown: false)
            notes.append(
                "Kinect v2 joints: camera space in metres, y up; TrackingState Tracked → 1, Inferred → 0.3, NotTracked → 0"
            )
        } else if normalized {
            space = normalizedSpace(option: options.imageSize, file: fileSize, notes: &notes)
        } else {
            space = .imagePixels
            notes.append("coordinates read as pixels (most landmarks of the first row with landmarks beyond [-1, 2])")
            if options.imageSize != nil {
                notes.append("ReadOptions.imageSize ignored: the coordinates are already pixels")
            }
        }
        if let n = timing.note { notes.append(n) }
        if personColumn >= 0 {
            notes.append(
                "\(Self.personRowsNote) (column \"\(personColumnName)\"): the rows of a frame are its people, one graded (ReadOptions.person = \(options.person))"
            )
        }
        if !ignoredColumns.isEmpty {
            notes.append(
                "ignored columns: \(ignoredColumns.prefix(8).joined(separator: ", "))\(ignoredColumns.count > 8 ? ", …" : "")"
            )
        }
        var timeSource: String? = timing.time >= 0 ? "timestamps" : nil
        if timeSource == nil, options.frameRate != nil { timeSource = ReadOptions.frameRateSource }
        info = RecordingInfo(
            format: (kinect ? PoseFormat.kinectV2CSV : .mediapipeCSV).rawValue, space: space,
            frameRate: options.frameRate,
            timeSource: timeSource, notes: notes, skeleton: kinect ? "kinect-v2-25" : skeleton)
        if pendingRead {
            pending = frameFromRecord()
            pendingKey = rowFrame()
        }
    }

    /// Comma unless the header line is clearly separated by `;` or tabs. A `;` file whose data
    /// uses decimal commas cannot be told apart from wrong columns, so it is an error.
    static func detectDelimiter(_ input: ByteInput, path: String) throws(FormatError) -> UInt8 {
        var w = ByteWindow(input)
        var comma = 0
        var semi = 0
        var tab = 0
        var i = 0
        var inQuotes = false
        var line = 0
        var secondLineDecimalCommas = false
        var prev: UInt8 = 0
        var prevPrev: UInt8 = 0
        while let b = w.peek(at: i), i < 1 << 20 {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes {
                if b == 0x0A || b == 0x0D {
                    if line == 1 { break }
                    if semi > comma { line = 1 } else { break }
                    // CRLF, as Excel writes it, ends one line.
                    if b == 0x0D && w.peek(at: i + 1) == 0x0A { i += 1 }
                } else if line == 0, b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == 0x09 {
                    if b == UInt8(ascii: ",") { comma += 1 } else if b == 0x09 { tab += 1 } else { semi += 1 }
                } else if line == 1, prevPrev &- 48 < 10, prev == UInt8(ascii: ","), b &- 48 < 10 {
                    secondLineDecimalCommas = true
                }
            }
            prevPrev = prev
            prev = b
            i += 1
        }
        if semi > comma && semi >= tab {
            if secondLineDecimalCommas {
                throw FormatError(
                    .invalidCSV, code: "delimiter_mismatch",
                    message:
                        "the file is separated by ';' and uses decimal commas (European Excel); re-export it as comma-separated with decimal points",
                    path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
            }
            return UInt8(ascii: ";")
        }
        if tab > comma { return 0x09 }
        return UInt8(ascii: ",")
    }

    private enum HeaderKind { case named, headerless, deepLabCut }
    private var headerKind = HeaderKind.named
    private var kinect = false
    private var trackingState = Array(repeating: -1, count: Joint.count)
    private var layoutNote: String?

    private mutating func readHeader(path: String) throws(FormatError) {
        if try numberedLayout(path: path) { return }
        if numberedLayoutAfterEmptyRows(path: path) { return }
        var labels = csv.strings
        if labels.first?.lowercased() == "scorer" {
            // DeepLabCut: scorer / [individuals] / bodyparts / coords.
            headerKind = .deepLabCut
            var parts: [String]?
            var coords: [String]?
            for _ in 0..<3 {
                guard try csv.nextRecord() else { break }
                let row = csv.strings
                switch row.first?.lowercased() {
                case "bodyparts": parts = row
                case "coords": coords = row
                default: continue
                }
                if coords != nil { break }
            }
            guard let parts, let coords, parts.count == coords.count else {
                throw FormatError(
                    .invalidContent, code: "not_pose_export",
                    message: "a DeepLabCut-style header needs bodyparts and coords rows of equal length",
                    path: path, location: csv.recordLocation)
            }
            labels = zip(parts, coords).enumerated().map {
                $0.offset == 0 ? "frame" : "\($0.element.0)_\($0.element.1)"
            }
            layoutNote = "DeepLabCut-style header (scorer, bodyparts, coords)"
        }
        headerCount = csv.fieldCount
        var seen: [String: Int] = [:]
        var ignored: [String] = []
        var byIndex: [(column: Int, index: Int, component: Component, key: String)] = []
        var anyLandmark = false
        for (i, name) in labels.enumerated() {
            let key = name.lowercased()
            if let previous = seen[key] {
                throw FormatError(
                    .invalidCSV, code: "duplicate_column",
                    message: "duplicate column \"\(name)\" (also column \(previous + 1))",
                    path: path, location: csv.fieldLocation(i))
            }
            seen[key] = i
            if key.hasSuffix("trackingstate"), let j = KeypointNames.joint(String(key.dropLast("trackingstate".count)))
            {
                trackingState[j.rawValue] = i
                continue
            }
            if let (target, component) = Self.landmarkColumn(key) {
                anyLandmark = true
                switch target {
                case .joint(let joint):
                    if Self.isKinectName(key) { kinect = true }
                    assign(joint, component, column: i, key: key)
                case .index(let n): byIndex.append((i, n, component, key))
                }
                continue
            }
            if !readAuxiliary(name, column: i) { ignored.append(Self.columnName(name, column: i)) }
        }
        if !byIndex.isEmpty {
            // 1-based when no index is 0 and the largest is the last (the "Renotte" x1…x33
            // layout). Seventeen points are COCO's (YOLO's and MoveNet's kpt_0 … kpt_16), 33
            // MediaPipe's, unless ReadOptions.skeleton says which.
            let lo = byIndex.map(\.index).min() ?? 0
            let hi = byIndex.map(\.index).max() ?? 0
            let coco = options.skeleton.map { $0 == KeypointLayout.coco17.id } ?? (hi - lo == 16 && lo <= 1)
            let layout = coco ? KeypointLayout.coco17 : KeypointLayout.mediapipe33
            let base = lo >= 1 && hi == layout.count ? 1 : 0
            if coco { skeleton = layout.id }
            layoutNote =
                "landmarks by index (\(byIndex[0].key)…), \(base == 1 ? "1-based: indices run 1–\(layout.count)" : "0-based")\(coco ? ", in COCO-17 order" : "")"
            for c in byIndex {
                let i = c.index - base
                guard i >= 0, i < layout.count, let j = layout.joints[i] else {
                    ignored.append(Self.columnName(labels[c.column], column: c.column))
                    continue
                }
                assign(j, c.component, column: c.column, key: c.key)
            }
        }
        guard anyLandmark else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this CSV is not a pose export: no <landmark>_x/_y columns such as nose_x, left_knee_y",
                path: path, location: SourceLocation(line: 1, column: 1, offset: 0))
        }
        ignoredColumns = ignored
    }

    /// A column as a note names it: its header, or its place when the header is empty (pandas
    /// writes its index column without a name).
    static func columnName(_ name: String, column: Int) -> String {
        name.allSatisfy { $0 == " " || $0 == "\t" } ? "column \(column + 1) (no name)" : name
    }

    /// A frame, time or image-size column; false for any other (`TimeColumn.field`: a time
    /// column whose name does not say its unit is read in `ReadOptions.timeUnit`, noted).
    private mutating func readAuxiliary(_ name: String, column i: Int) -> Bool {
        if timing.take(name, column: i, unit: options.timeUnit) { return true }
        switch name.lowercased() {
        case "image_width", "width": widthColumn = i
        case "image_height", "height": heightColumn = i
        case let key where Self.personColumns.contains(key) && personColumn < 0:
            personColumn = i
            personColumnName = name
        default: return false
        }
        return true
    }

    /// How the notes begin to say that a frame's people are a row each (`FrameFeed` reads a
    /// stream's rows of one frame together).
    package static let personRowsNote = "a row per person"

    /// The names of a column that tells whose a row is, when a frame's people are a row each
    /// (trackers with several people, YOLO's track ids).
    static let personColumns: Set<String> = [
        "person", "person_id", "personid", "person_idx", "person_index", "track_id", "trackid", "track",
        "tracking_id", "pose_id", "pose_idx", "pose_index", "body_id", "instance_id", "pid", "tid",
    ]

    private mutating func assign(_ joint: Joint, _ component: Component, column i: Int, key: String) {
        guard options.joints?.contains(joint) ?? true else { return }  // skipped, never converted
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
    }

    /// Landmarks by column position, in MediaPipe order, when the first row holds a run of
    /// numbers: a header of column numbers (`0,1,…,131`, or from 1) or no header at all (the
    /// first row is data). A run of 132 numbers is 33 × (x, y, z, visibility), 99 is
    /// 33 × (x, y, z), and one more in front is a sample id (the Pose Classification Colab
    /// writes `sample_id, x0, y0, z0, …`). Named columns may come before the run (`frame`, a file
    /// name) and after it (a label): frame and time columns of a header are read, the others
    /// ignored. False when the first row holds no such run (a named header); an error when the
    /// whole row is numbers that fit no layout.
    private mutating func numberedLayout(path: String) throws(FormatError) -> Bool {
        let count = csv.fieldCount
        var start = 0
        while start < count, !isNumber(start) { start += 1 }
        var numbers: [Double] = []
        for i in start..<count {
            guard case .value(let v) = csv.number(i) else { break }
            numbers.append(v)
        }
        guard !numbers.isEmpty else { return false }
        let end = start + numbers.count
        let base = numbers.first == 1 ? 1.0 : 0
        let isHeader = numbers.enumerated().allSatisfy { $0.element == Double($0.offset) + base }
        let width: Int
        switch numbers.count {
        case 132, 133: width = 4
        case 99, 100: width = 3
        case 66, 67: width = 2
        default:
            guard start == 0 && end == count else { return false }  // names with a few numbers among them
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "the first row is \(numbers.count) numbers, which is no MediaPipe layout by position (33 × x, y[, z[, visibility]]: 66, 99 or 132 numbers, after an optional sample id)",
                path: path, location: csv.recordLocation)
        }
        let first = start + (numbers.count % 33 == 0 ? 0 : 1)
        if first > start && !isHeader { timing.frame = start }
        for j in 0..<33 {
            guard let joint = Joint(rawValue: j) else { continue }
            let column = first + width * j
            assign(joint, .x, column: column, key: "x")
            assign(joint, .y, column: column + 1, key: "y")
            if width >= 3 { assign(joint, .z, column: column + 2, key: "z") }
            if width == 4 { assign(joint, .confidence, column: column + 3, key: "visibility") }
        }
        var others: [String] = []
        for i in Array(0..<start) + Array(end..<count) {
            let name = csv.string(i)
            if !(isHeader && readAuxiliary(name.lowercased(), column: i)) {
                others.append(Self.columnName(name, column: i))
            }
        }
        headerKind = isHeader ? .named : .headerless
        headerCount = count
        ignoredColumns = isHeader ? others : []
        let components = ["x, y", "x, y, z", "x, y, z, visibility"][width - 2]
        let id =
            first > start
            ? (isHeader ? "column \(formatNumber(base, digits: 0)) ignored, then " : "sample id, then ") : ""
        let rest =
            others.isEmpty || isHeader
            ? "" : ", with \(others.count) other column\(others.count == 1 ? "" : "s") (ignored)"
        let last = formatNumber(base + Double(numbers.count - 1), digits: 0)
        layoutNote =
            isHeader
            ? "numbered columns \(formatNumber(base, digits: 0))–\(last): \(id)33 landmarks × (\(components)) in MediaPipe order, read as mediapipe-33 by column count and order"
            : "no header (the first row is data): \(id)33 landmarks × (\(components)) in MediaPipe order\(rest), read as mediapipe-33 by column count and order"
        return true
    }

    /// A first row without a single value (every cell empty or NaN: nobody detected yet) is no
    /// header: when a later row (within `unitsLookahead`) gives a layout by position without a
    /// header, that layout is read and the first row is the first frame. Not for a stream read a
    /// line at a time (`ReadOptions.stream`), which keeps a first line it cannot read as its
    /// header and gives it again before every line.
    private mutating func numberedLayoutAfterEmptyRows(path: String) -> Bool {
        guard options.stream == nil, csv.fieldCount > 1, Self.holdsNoValue(csv) else { return false }
        let before = self
        for _ in 0..<Self.unitsLookahead {
            guard (try? csv.nextRecord()) == true else { break }
            guard Self.holdsNoValue(csv) else {
                guard (try? numberedLayout(path: path)) == true, headerKind == .headerless else { break }
                // The layout is the later row's; reading starts again at the first row.
                csv = before.csv
                return true
            }
        }
        self = before
        return false
    }

    /// Whether every cell of a row is missing (`isMissing`).
    private static func holdsNoValue(_ row: CSVScanner) -> Bool {
        (0..<row.fieldCount).allSatisfy { isMissing(row, $0) }
    }

    /// Whether a cell holds no value: empty, or NaN (pandas and NumPy write NaN for one missing).
    static func isMissing(_ row: CSVScanner, _ column: Int) -> Bool {
        row.isEmpty(column)
            || row.withField(column) { cell in
                cell.count == 3 && cell[0] | 0x20 == UInt8(ascii: "n") && cell[1] | 0x20 == UInt8(ascii: "a")
                    && cell[2] | 0x20 == UInt8(ascii: "n")
            }
    }

    private func isNumber(_ column: Int) -> Bool {
        if case .value = csv.number(column) { return true }
        return false
    }

    /// Kinect v2 names: joint then side (`ShoulderLeft`), or the spine joints.
    static func isKinectName(_ key: String) -> Bool {
        let k = KeypointNames.normalize(key)
        return kinectPrefixes.contains { k.utf8.starts(with: $0.utf8) }
    }

    private static let kinectPrefixes =
        ["shoulder", "elbow", "wrist", "hip", "knee", "ankle", "foot", "hand"].flatMap { [$0 + "left", $0 + "right"] }
        + ["spinebase", "spinemid", "spineshoulder"]

    /// The names of a landmark's confidence (after `_` in a wide CSV, a column of a long one);
    /// a wide CSV also takes `v` and `c`.
    static let confidenceNames: Set<String> = [
        "visibility", "vis", "presence", "score", "likelihood", "confidence", "conf",
    ]

    /// The words a numbered landmark column's name may open with (`lmk0_x`, `landmark_0_x`).
    static let landmarkWords: Set<String> = [
        "landmark", "lm", "lmk", "kp", "keypoint", "kpt", "point", "pt", "p", "joint", "pose", "pose_landmark", "body",
    ]

    static func landmarkColumn(_ key: String) -> (Target, Component)? {
        func component(_ s: Substring) -> Component? {
            switch s {
            case "x": return .x
            case "y": return .y
            case "z": return .z
            case "v", "c": return .confidence
            default: return confidenceNames.contains(String(s)) ? .confidence : nil
            }
        }
        let utf8 = key.utf8
        func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
        func isSeparator(_ c: Character) -> Bool { c == "_" || c == "." }
        // A landmark by its number: the component before the number (x0, x_0, visibility_0,
        // v33), or after it behind a word for a landmark (landmark_0_x, lm_0_vis, lmk0_x,
        // kp_3_conf; a face's or a hand's numbered points are no pose landmarks).
        if let digits = utf8.firstIndex(where: isDigit) {
            let end = utf8[digits...].firstIndex { !isDigit($0) } ?? utf8.endIndex
            var head = key[..<digits]
            if head.last.map(isSeparator) == true { head.removeLast() }
            let tail = key[end...]
            if let n = Int(key[digits..<end]), n < 1000 {
                if tail.isEmpty, let c = component(head) { return (.index(n), c) }
                if tail.first.map(isSeparator) == true, Self.landmarkWords.contains(String(head)),
                    let c = component(tail.dropFirst())
                {
                    return (.index(n), c)
                }
            }
        }
        guard
            let sep = utf8.lastIndex(where: {
                $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: " ")
            })
        else { return nil }
        guard let c = component(key[utf8.index(after: sep)...]), let joint = KeypointNames.joint(key[..<sep]) else {
            return nil
        }
        return (.joint(joint), c)
    }

    /// Whether a row's landmarks are normalised: unless most of them lie beyond [-1, 2], as
    /// pixels do. A normalised landmark outside the image lies a little beyond [0, 1]
    /// (MediaPipe places a foot out of the picture at y = 1.6), and one such point must not turn
    /// the whole recording into pixels. A landmark at (0, 0), a converter's mark for one not
    /// detected, tells nothing; nil when the row has no landmark to judge by.
    private static func looksNormalized(_ row: CSVScanner, _ placed: [(joint: Joint, columns: LandmarkColumns)])
        -> Bool?
    {
        var within = 0
        var beyond = 0
        for (_, c) in placed where c.x < row.fieldCount && c.y < row.fieldCount {
            guard case .value(let x) = row.number(c.x), case .value(let y) = row.number(c.y), x != 0 || y != 0
            else { continue }
            if x < -1 || x > 2 || y < -1 || y > 2 { beyond += 1 } else { within += 1 }
        }
        return within + beyond == 0 ? nil : beyond <= within
    }

    /// The image size a row's `image_width` and `image_height` give, if they are positive.
    private func imageSize(of row: CSVScanner) -> ImageSize? {
        guard widthColumn >= 0, heightColumn >= 0, widthColumn < row.fieldCount, heightColumn < row.fieldCount,
            case .value(let w) = row.number(widthColumn), case .value(let h) = row.number(heightColumn), w > 0, h > 0
        else { return nil }
        return ImageSize(width: w, height: h)
    }

    /// Rows read ahead for the units and the image size when the first data row does not show
    /// them (37 s at 30 fps); after them, normalised coordinates are assumed, as MediaPipe writes.
    static let unitsLookahead = 1_000

    /// The units (`looksNormalized`) and image size of the first rows after the current one
    /// that show them, read by a copy of the scanner (its window reads on its own), at most
    /// `unitsLookahead` rows; nil where none does. A row the copy cannot read ends the look:
    /// the reader reports it at its place.
    private func probeAhead() -> (normalized: Bool?, size: ImageSize?) {
        var probe = csv
        var normalized: Bool?
        var size: ImageSize?
        do throws(FormatError) {
            for _ in 0..<Self.unitsLookahead {
                guard normalized == nil || size == nil && widthColumn >= 0, try probe.nextRecord() else { break }
                guard probe.fieldCount == headerCount else { continue }
                normalized = normalized ?? Self.looksNormalized(probe, placed)
                size = size ?? imageSize(of: probe)
            }
        } catch {}
        return (normalized, size)
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard personColumn < 0 else { return try nextFrameOfPeople() }
        if let p = pending {
            pending = nil
            return p
        }
        guard try csv.nextRecord() else { return nil }
        return frameFromRecord()
    }

    /// With a person column: the rows of the next frame (in a run, with its number, or its time
    /// without a frame column), a person each, as one frame with the person graded chosen as in
    /// other formats with several people a frame (`choosePerson`: followed from frame to frame).
    private mutating func nextFrameOfPeople() throws(FormatError) -> PoseFrame? {
        var rows: [PoseFrame] = []
        var key: String?
        if let p = pending {
            rows.append(p)
            key = pendingKey
            pending = nil
        } else {
            guard try csv.nextRecord() else { return nil }
            rows.append(frameFromRecord())
            key = rowFrame()
        }
        while let k = key, try csv.nextRecord() {
            // A row of the same frame takes no place of its own among frames without a number.
            let numberedBefore = numbering
            let row = frameFromRecord()
            let rowKey = rowFrame()
            guard rowKey == k else {
                pending = row
                pendingKey = rowKey
                break
            }
            numbering = numberedBefore
            rows.append(row)
        }
        return oneFrame(ofPeople: rows)
    }

    /// The frame a row belongs to: its frame number's cell as written, or its time's without a
    /// frame column (a cell that is no number, flagged on the frame, still groups the rows that
    /// repeat it); nil without either column.
    private func rowFrame() -> String? {
        let column = timing.frame >= 0 ? timing.frame : timing.time
        guard column >= 0, column < csv.fieldCount else { return nil }
        return csv.string(column)
    }

    /// One frame of `rows` (one person each): the row of the person graded, with the choice
    /// said; the flags of the other rows go with it, as information (their points are not
    /// graded).
    private mutating func oneFrame(ofPeople rows: [PoseFrame]) -> PoseFrame {
        let withPeople = rows.filter(\.hasAnyKeypoint)
        guard !withPeople.isEmpty else {
            tracker.nobody()
            return rows[0]
        }
        let people = withPeople.map { row in
            RawPerson(
                points: Joint.allCases.map { joint in
                    row[joint].map { RawPoint(x: $0.position.x, y: $0.position.y, z: 0, confidence: $0.confidence) }
                })
        }
        // The frame is placed, numbered and timed by its first row, whichever person is chosen.
        let start = PoseFrame(index: rows[0].index, line: rows[0].line)
        var choice = start
        let chosen = choice.choosePerson(people, tracker: &tracker).map { withPeople[$0] }
        var frame = chosen ?? start
        frame.index = rows[0].index
        frame.time = rows[0].time
        frame.issues += choice.issues
        for row in rows where row.line != chosen?.line {
            frame.issues += row.issues.filter { $0.code != "no_person" }.map {
                FrameIssue(
                    code: $0.code, joints: $0.joints,
                    message: "another person's row\(row.line.map { " (line \($0))" } ?? ""): \($0.message)",
                    informational: true)
            }
        }
        return frame
    }

    private mutating func frameFromRecord() -> PoseFrame {
        let line = csv.recordLocation.line
        var frame = csv.frame(
            timing, fields: headerCount, numbering: &numbering)
        guard csv.fieldCount == headerCount else { return frame }
        var allEmpty = true
        // Every landmark at (0, 0), none anywhere else nor unreadable: a converter's row for
        // nobody detected (NumPy zeros).
        var atOrigin = false
        var elsewhere = false
        var unitsAmbiguous: [Joint] = []
        let space = info.space
        if kinect { return kinectFrame(frame, line: line) }
        let normalized: Bool = {
            if case .normalizedImage = space { return true }
            return false
        }()
        let depthUsed = space.isThreeDimensional
        for (joint, c) in placed {
            guard let x = value(c.x, joint, line, &frame) else {
                if !Self.isMissing(csv, c.x) || !Self.isMissing(csv, c.y) {
                    allEmpty = false
                    elsewhere = true
                }
                continue
            }
            allEmpty = false
            guard let y = value(c.y, joint, line, &frame) else {
                elsewhere = true
                continue
            }
            if x == 0 && y == 0 { atOrigin = true } else { elsewhere = true }
            // Image-space depth is not used (canonical image coordinates are flat): read for a
            // spec, it is skipped like any column no check needs; reading everything, checked.
            let z =
                c.z >= 0 && (depthUsed || options.joints == nil)
                ? (value(c.z, joint, line, &frame, convert: depthUsed) ?? 0) : 0
            var confidence: Double?
            if c.confidence >= 0 {
                guard let v = value(c.confidence, joint, line, &frame) else { continue }
                guard v >= 0 && v <= 1 else {
                    frame.issues.append(
                        FrameIssue(
                            code: "visibility_out_of_range", joints: [joint],
                            message: "\(joint) visibility \(v) is outside [0, 1] (raw logits?)"))
                    continue
                }
                confidence = v
            }
            if normalized && (x < -1 || x > 2 || y < -1 || y > 2) {
                // Far outside [0, 1]: this row is in pixels while the file was read as normalised.
                unitsAmbiguous.append(joint)
                continue
            }
            if normalized && (x < 0 || x > 1 || y < 0 || y > 1) {
                frame.issues.append(
                    FrameIssue(code: "out_of_frame", joints: [joint], message: "\(joint) is outside the image"))
                continue
            }
            frame[joint] = Keypoint(space.canonical(x: x, y: y, z: z), confidence: confidence)
        }
        if atOrigin && !elsewhere {
            for (joint, _) in placed { frame[joint] = nil }
            frame.issues = frame.issues.filter { $0.code != "out_of_frame" }
            frame.issues.append(
                FrameIssue(code: "no_person", message: "no person detected in this frame (every landmark is at 0, 0)"))
        }
        if allEmpty {
            let nan = frame.issues.contains { $0.code == "non_finite" }
            frame.issues = frame.issues.filter { $0.code != "missing_value" && $0.code != "non_finite" }
            frame.issues.append(
                FrameIssue(
                    code: "no_person",
                    message: "no person detected in this frame (every landmark cell is empty\(nan ? " or NaN" : ""))"))
        }
        if !unitsAmbiguous.isEmpty {
            frame.issues.append(
                FrameIssue(
                    code: "units_ambiguous",
                    message:
                        "line \(line) holds pixel-sized values (\(unitsAmbiguous.prefix(3).map(\.description).joined(separator: ", "))) in a file read as normalised coordinates: pixels and normalised values are mixed"
                ))
        }
        return frame
    }

    /// Kinect v2 rows: metres, with TrackingState as confidence.
    private mutating func kinectFrame(_ start: PoseFrame, line: Int) -> PoseFrame {
        var frame = start
        var points = [RawPoint?](repeating: nil, count: Joint.count)
        for (joint, c) in placed {
            guard let x = value(c.x, joint, line, &frame), let y = value(c.y, joint, line, &frame),
                let z = c.z >= 0 ? value(c.z, joint, line, &frame) : 0
            else { continue }
            var confidence: Double?
            let t = trackingState[joint.rawValue]
            if t >= 0, t < csv.fieldCount {
                switch csv.number(t) {
                case .value(let v): confidence = v >= 2 ? 1 : v >= 1 ? 0.3 : 0
                default:
                    switch csv.string(t).lowercased() {
                    case "tracked": confidence = 1
                    case "inferred": confidence = 0.3
                    case "nottracked", "not tracked", "": confidence = 0
                    default: confidence = nil
                    }
                }
            }
            points[joint.rawValue] = RawPoint(x: x, y: y, z: z, confidence: confidence)
        }
        frame.place(
            RawPerson(points: points), layout: Joint.allCases.map { $0 }, space: info.space, zeroIsMissing: false,
            flagMissing: false, only: options.joints)
        if !frame.hasAnyKeypoint && !frame.issues.contains(where: \.isFrameWide) {
            frame.issues.append(FrameIssue(code: "no_person", message: "no body tracked in this frame"))
        }
        return frame
    }

    /// The number in a cell, or nil with the defect flagged on the joint.
    /// Without `convert`, a finite number is checked, not converted, and comes back as 0.
    private mutating func value(
        _ column: Int, _ joint: Joint, _ line: Int, _ frame: inout PoseFrame, convert: Bool = true
    ) -> Double? {
        // Its number; an empty cell (no number) is told apart only when there is no value.
        let parsed = convert ? csv.number(column) : csv.withField(column) { DecimalNumber.check($0, grammar: .decimal) }
        if case .value(let v) = parsed { return v }
        if csv.isEmpty(column) {
            if !frame.issues.contains(where: { $0.code == "missing_value" && $0.joints == [joint] }) {
                frame.issues.append(
                    FrameIssue(
                        code: "missing_value", joints: [joint],
                        message: "\(joint) has an empty cell (line \(line), field \(column + 1))"))
            }
            return nil
        }
        switch parsed {
        case .value(let v): return v
        case .nonFinite:
            frame.issues.append(
                FrameIssue(
                    code: "non_finite", joints: [joint],
                    message: "\(joint) is not finite (line \(line), field \(column + 1))"))
        case .invalid:
            frame.issues.append(
                FrameIssue(
                    code: "unparseable_number", joints: [joint],
                    message: "\(joint): \"\(csv.string(column))\" is not a number (line \(line), field \(column + 1))"))
        }
        return nil
    }
}
