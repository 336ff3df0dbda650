// Which JSON export a document is, decided from the shape of its data: where the frames are
// (a list, a list under some member, one document per line), and what a frame holds (landmark
// objects with x and y, people with keypoint number lists, bodies with joint positions, joints
// by name, tensors of numbers, angle values). Metadata beside the frames (a tool name, a list of
// joint names, a null frame rate) never decides: a member that is not a list of frames and a
// frame member that holds no data are simply not looked at.
import PoseModel
import PoseScanning

enum JSONShape {
    /// Frames (or list elements) examined before giving up: undetected frames (`null`, `[]`)
    /// may open a recording.
    static let examined = 16
    /// Rows of numbers read of a list before giving up: more than a skeleton has points.
    static let examinedRows = 64

    /// The format of a JSON document, from its first frames. A document whose frames decide
    /// nothing (no frame holds a person) reads as MediaPipe, whose reader reports what it found.
    static func detect(_ input: ByteInput) -> PoseFormat {
        decidedFormat(input) ?? .mediapipeJSON
    }

    /// The format the first frames show, or nil when they show none (or the JSON is invalid
    /// before they do).
    static func decidedFormat(_ input: ByteInput) -> PoseFormat? {
        var scanner = JSONScanner(input, path: "", allowNonFinite: true)
        scanner.allowsMultipleDocuments = true
        scanner.rejectsDuplicateKeys = false
        // What a document without anyone showed (an OpenPose frame of no people): the format
        // when no document with data decides one.
        var withoutAnyone: PoseFormat?
        // Invalid JSON decides nothing either: the reader reports the error with its place.
        do throws(FormatError) {
            // JSON Lines: a line per frame, and lines in which nobody is detected are not counted.
            var documents = 0
            while documents < examined, let first = try scanner.next() {
                let (format, read) = try format(ofDocumentAfter: first, &scanner)
                if holdsNothing(read) {
                    withoutAnyone = withoutAnyone ?? format
                    continue
                }
                if let format { return format }
                documents += 1
            }
        } catch {}
        return withoutAnyone
    }

    /// Reads a document as far as it takes to decide: the elements of each list it holds
    /// (directly or in a member) one at a time, up to `examined`, so a long recording is not read
    /// to detect it; usually its first frame decides. Also the document as read (its lists
    /// only as far as they were read), when nothing decided.
    private static func format(ofDocumentAfter first: JSONEvent, _ scanner: inout JSONScanner) throws(FormatError)
        -> (PoseFormat?, read: JSONValue)
    {
        let location = scanner.eventLocation
        let document: JSONValue
        switch first {
        case .beginArray:
            let (elements, decided) = try firstElements(&scanner) { element in
                isCOCOAnnotation(element) ? .cocoJSON : format(ofFrame: element)
            }
            document = JSONValue(.array(elements), location: location)
            if let decided { return (decided, document) }
        case .beginObject:
            var members: [JSONValue.Member] = []
            while let event = try scanner.next(), event != .endObject {
                guard case .key(let key) = event, let value = try scanner.next() else { break }
                guard value == .beginArray else {
                    members.append(JSONValue.Member(key, try scanner.readValue(after: value)))
                    continue
                }
                let listLocation = scanner.eventLocation
                let (elements, decided) = try firstElements(&scanner) { element in
                    isCOCOAnnotation(element) ? .cocoJSON : format(ofFrame: element)
                }
                members.append(JSONValue.Member(key, JSONValue(.array(elements), location: listLocation)))
                if let decided { return (decided, JSONValue(.object(members), location: location)) }
            }
            document = JSONValue(.object(members), location: location)
        default:
            document = try scanner.readValue(after: first)
        }
        return (format(ofDocument: document), document)
    }

    /// After `[`: elements until one `decides` (then the rest is left unread), up to `examined`
    /// of them that hold data (`holdsNothing`: a recording may open with any number of frames
    /// in which nobody is detected, and skipping the rest of its list would read the whole file
    /// twice); those are returned. A list undecided by then is skipped to its end.
    private static func firstElements(
        _ scanner: inout JSONScanner,
        decides: (JSONValue) -> PoseFormat?
    ) throws(FormatError) -> (elements: [JSONValue], decided: PoseFormat?) {
        var elements: [JSONValue] = []
        var withData = 0
        // Rows of numbers are a frame's points (`[[y, x, score] × 17]`), whose count tells the
        // layout: read up to `examinedRows` of them.
        var rows = 0
        // What a frame without anyone showed (an OpenPose frame's empty `people`): the format
        // when no frame with data decides one (a tool's frames of people with `keypoints`).
        var withoutAnyone: PoseFormat?
        while withData < examined {
            guard let event = try scanner.next() else { return (elements, withoutAnyone) }
            if event == .endArray { return (elements, withoutAnyone) }
            let element = try scanner.readValue(after: event)
            if holdsNothing(element) {
                withoutAnyone = withoutAnyone ?? decides(element)
                continue
            }
            if let format = decides(element) { return (elements, format) }
            if isRow(element) && rows < examinedRows {
                rows += 1
            } else {
                withData += 1
            }
            elements.append(element)
        }
        try scanner.skipStructurally(after: .beginArray)
        return (elements, withoutAnyone)
    }

    /// A frame in which nobody was detected: `null`, an empty list or object, an object whose
    /// containers are all empty or null (`{"frame": 3, "pose_landmarks": []}`), with at least
    /// one of them (an object of scalars alone, such as a COCO image entry, holds data), or an
    /// object of a frame's number, time and image size alone (`{"frame": 3, "timestamp_ms":
    /// 100}`: scripts leave the landmarks out).
    static func holdsNothing(_ element: JSONValue) -> Bool {
        func empty(_ value: JSONValue) -> Bool {
            value.isNull || value.array?.isEmpty == true || value.members?.isEmpty == true
        }
        if empty(element) { return true }
        if holdsFrameKeysOnly(element) { return true }
        guard let members = element.members else { return false }
        let containers = members.filter { $0.value.isNull || $0.value.array != nil || $0.value.members != nil }
        return !containers.isEmpty && containers.allSatisfy { empty($0.value) }
    }

    /// A whole document: a COCO file, an OpenPose frame, a list of frames, an object holding a
    /// list of frames beside its metadata, or one frame (a JSON Lines line).
    static func format(ofDocument document: JSONValue) -> PoseFormat? {
        if let elements = document.array {
            if elements.contains(where: isCOCOAnnotation) { return .cocoJSON }
            if let format = format(ofFrames: elements) { return format }
            // The document may itself be one frame that is a list (a tensor, a landmark list).
            return format(ofFrame: document)
        }
        guard let members = document.members else { return nil }
        for member in members {
            if let elements = member.value.array, elements.contains(where: isCOCOAnnotation) { return .cocoJSON }
        }
        if isOpenPoseFrame(document) { return .openposeJSON }
        for member in members {
            if let elements = member.value.array, let format = format(ofFrames: elements) { return format }
        }
        return format(ofFrame: document)
    }

    /// The first frame of a list that shows what it is.
    static func format(ofFrames frames: [JSONValue]) -> PoseFormat? {
        for frame in frames {
            if let format = format(ofFrame: frame) { return format }
        }
        return nil
    }

    /// One frame: nil when it holds no data to tell (null, empty lists, metadata only).
    static func format(ofFrame frame: JSONValue) -> PoseFormat? {
        if let elements = frame.array {
            if !elements.isEmpty, isTensor(frame) { return format(ofTensor: frame) }
            if elements.contains(where: isPoint) { return .mediapipeJSON }
            if elements.contains(where: { $0.array?.contains(where: isPoint) ?? false }) { return .mediapipeJSON }
            return format(ofPoses: elements)
        }
        guard let members = frame.members else { return nil }
        if isOpenPoseFrame(frame) { return .openposeJSON }
        // MediaPipe's own landmark key decides first, wherever it is among the members (a
        // hand's `keypoints` beside it sort before it in a file written with sorted keys);
        // points named as Vision names them are Vision's, as below.
        let landmarks = members.contains { member in
            (MediaPipeJSONReader.landmarkKeys.contains(member.key)
                || MediaPipeJSONReader.worldKeys.contains(member.key))
                && (holdsNumberPoints(member.value) || holdsPoints(member.value) && !holdsVisionNames(member.value))
        }
        if landmarks { return .mediapipeJSON }
        for member in members {
            if member.key == "keypoints" || member.key == "keypoints3D" {
                guard holdsPoints(member.value) else { continue }
                // tfjs names its keypoints and scores them; without names and with MediaPipe's
                // visibility, or 33 of them, they are MediaPipe's landmarks as a script wrote
                // them (`{"frame_id": 3, "keypoints": [{x, y, visibility}, …]}`). (A list read
                // to decide the format may hold only its first elements.)
                let points = member.value.array ?? []
                let unnamed = !points.isEmpty && points.allSatisfy { $0["name"] == nil }
                let mediaPipe = points.count == 33 || points.contains { $0["visibility"] != nil }
                return member.key == "keypoints" && unnamed && mediaPipe ? .mediapipeJSON : .tfjsJSON
            }
            guard holdsPoints(member.value) else { continue }
            return holdsVisionNames(member.value) ? .appleVisionJSON : .mediapipeJSON
        }
        // MoveNet's output kept per frame beside its number under a name that says it is
        // (`{"frame": 3, "keypoints_with_scores": [[[[y, x, score] × 17]]]}`); under another
        // name (`keypoints`) 17 rows of 3 are as likely another tool's [x, y, score], which
        // `--format movenet-json` reads as MoveNet's. 33 landmarks as lists of numbers under
        // `keypoints` are MediaPipe's, as 33 landmark objects there are.
        for member in members where isTensor(member.value) {
            let rows = KeypointJSONReader.flattenRows(member.value)
            if isMoveNetOutput(rows), Self.moveNetKeys.contains(member.key) { return .movenetJSON }
            if member.key == "keypoints", rows.count == 33, holdsNumberPoints(member.value) { return .mediapipeJSON }
        }
        for member in members {
            if let bodies = member.value.array, bodies.contains(where: { $0["joint_positions"].map(isTensor) ?? false })
            {
                return .azureKinectJSON
            }
        }
        if namedJoints(frame) >= 3 { return .appleVisionJSON }
        for member in members where member.value.members != nil && namedJoints(member.value) >= 3 {
            // Joints by name under MediaPipe's own key: MediaPipe landmarks in a layout it does
            // not write, which its reader flags on each frame (Vision's coordinates run y up, so
            // reading them as Vision's would turn the body upside down).
            let landmarkKey =
                MediaPipeJSONReader.landmarkKeys.contains(member.key)
                || MediaPipeJSONReader.worldKeys.contains(member.key)
            return landmarkKey ? .mediapipeJSON : .appleVisionJSON
        }
        for member in members {
            if let poses = member.value.array, let format = format(ofPoses: poses) { return format }
        }
        let angles = members.contains { member in
            AngleChannel(label: member.key) != nil
                && (member.value.number != nil || member.value.isNull || isNonFinite(member.value))
        }
        return angles ? .anglesJSON : nil
    }

    /// A list of points one of which Apple Vision's names (`name` or `joint`).
    private static func holdsVisionNames(_ value: JSONValue) -> Bool {
        value.array?.contains { isVisionName($0["name"]?.string ?? $0["joint"]?.string) } ?? false
    }

    /// A list of tfjs poses: objects with a `keypoints` list of points, or of `[x, y]` lists
    /// (MMPose's instances, their scores beside them).
    private static func format(ofPoses poses: [JSONValue]) -> PoseFormat? {
        for pose in poses where pose.members != nil {
            if let keypoints = pose["keypoints"] ?? pose["keypoints3D"],
                holdsPoints(keypoints) || holdsNumberPoints(keypoints) || holdsPointTriples(keypoints)
            {
                return .tfjsJSON
            }
        }
        return nil
    }

    /// An object with numeric `x` and `y`.
    static func isPoint(_ value: JSONValue) -> Bool {
        isNumber(value["x"]) && isNumber(value["y"])
    }

    /// A list of numbers only (a point's `[x, y, z]`, a tensor's row).
    static func isRow(_ value: JSONValue) -> Bool {
        guard let numbers = value.array else { return false }
        return !numbers.isEmpty && numbers.allSatisfy { $0.number != nil }
    }

    /// A flat list of `x, y, score` triples for a skeleton's points (COCO's and OpenPose's way,
    /// `[x0, y0, s0, x1, …]`): as many as one skeleton has.
    static func holdsPointTriples(_ value: JSONValue) -> Bool {
        guard let numbers = value.array, numbers.count % 3 == 0, numbers.allSatisfy({ isNumber($0) }) else {
            return false
        }
        return !KeypointLayout.candidates(count: numbers.count / 3).isEmpty
    }

    /// An object of a frame's number, time and image size alone (at least one of them).
    static func holdsFrameKeysOnly(_ element: JSONValue) -> Bool {
        guard let members = element.members, !members.isEmpty else { return false }
        return members.allSatisfy {
            TimeColumn(label: $0.key) != nil || MediaPipeJSONReader.metadataKeys[$0.key] != nil
        }
    }

    /// A landmark container: a list of points, a list of lists of points (one per pose), or a
    /// protobuf-style `{"landmark": [...]}`.
    static func holdsPoints(_ value: JSONValue) -> Bool {
        if let elements = value.array {
            return elements.contains(where: isPoint)
                || elements.contains { $0.array?.contains(where: isPoint) ?? false }
        }
        if let inner = value["landmark"] ?? value["landmarks"] { return holdsPoints(inner) }
        return false
    }

    /// Landmarks written as lists `[x, y, z, visibility, presence]` (2 to 5 numbers, as the
    /// MediaPipe reader takes them), one list per pose or not: read so only under MediaPipe's
    /// landmark keys, since elsewhere such rows are a tensor or joint positions.
    static func holdsNumberPoints(_ value: JSONValue) -> Bool {
        guard let elements = value.array, let first = elements.first?.array else { return false }
        let row = first.first?.array ?? first
        return (2...5).contains(row.count) && row.allSatisfy { isNumber($0) }
    }

    private static func isNumber(_ value: JSONValue?) -> Bool {
        guard let value else { return false }
        return value.number != nil || isNonFinite(value)
    }

    private static func isNonFinite(_ value: JSONValue) -> Bool {
        if case .nonFinite = value.kind { return true }
        return false
    }

    /// A frame that is a tensor (`isTensor`): MediaPipe's landmarks when its rows are 33 (a pose's,
    /// or several poses') of 2 to 5 numbers (`[x, y, z, visibility]`); else MoveNet's output
    /// (whose reader says when it is not: another shape).
    static func format(ofTensor frame: JSONValue) -> PoseFormat {
        let rows = KeypointJSONReader.flattenRows(frame)
        guard let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else { return .movenetJSON }
        let landmarks = !rows.isEmpty && rows.count % 33 == 0 && (2...5).contains(width)
        return landmarks ? .mediapipeJSON : .movenetJSON
    }

    /// The names MoveNet's output goes by in a frame object: TF Hub's signature output and the
    /// tutorial's variable.
    static let moveNetKeys: Set<String> = ["keypoints_with_scores", "output_0", "movenet", "movenet_keypoints"]

    /// MoveNet's output rows: SinglePose's 17 of [y, x, score] (`[1, 1, 17, 3]`, or squeezed
    /// to `[17, 3]`), or MultiPose's rows of 56 numbers (`[1, 6, 56]`).
    static func isMoveNetOutput(_ rows: [[Double]]) -> Bool {
        rows.count == 17 && rows.allSatisfy { $0.count == 3 } || !rows.isEmpty && rows.allSatisfy { $0.count == 56 }
    }

    /// Nested lists of numbers only, at least two deep (a model's output tensor, a list of
    /// `[x, y, z]` rows).
    static func isTensor(_ value: JSONValue) -> Bool {
        guard let elements = value.array, !elements.isEmpty else { return false }
        if elements.allSatisfy({ isNumber($0) }) { return false }
        return elements.allSatisfy { element in
            guard let inner = element.array, !inner.isEmpty else { return false }
            return inner.allSatisfy { isNumber($0) } || isTensor(element)
        }
    }

    /// An OpenPose frame: a `people` list whose people hold keypoint number lists.
    static func isOpenPoseFrame(_ value: JSONValue) -> Bool {
        guard let people = value["people"]?.array else { return false }
        return people.isEmpty
            || people.contains { person in
                person.members?.contains {
                    $0.key.hasSuffix("_keypoints_2d") && $0.value.array?.allSatisfy { isNumber($0) } == true
                } ?? false
            }
    }

    /// A COCO annotation or result: an image id and a keypoint number list.
    static func isCOCOAnnotation(_ value: JSONValue) -> Bool {
        value["image_id"] != nil && value["keypoints"]?.array?.allSatisfy { isNumber($0) } == true
    }

    /// Members of an object that name a joint and hold a point (`{x, y}` or `[x, y, c]`).
    static func namedJoints(_ value: JSONValue) -> Int {
        guard let members = value.members else { return 0 }
        return members.count { member in
            guard KeypointNames.joint(member.key) != nil else { return false }
            if isPoint(member.value) { return true }
            guard let numbers = member.value.array else { return false }
            return numbers.count >= 2 && numbers.allSatisfy { isNumber($0) }
        }
    }

    /// Apple Vision's joint names: raw (`left_shoulder_1_joint`) or Swift (`leftShoulder`).
    private static func isVisionName(_ name: String?) -> Bool {
        guard let name else { return false }
        return name.hasSuffix("_joint") || name == "root"
            || (name.first?.isLowercase == true && name.contains { $0.isUppercase } && KeypointNames.joint(name) != nil)
    }
}
