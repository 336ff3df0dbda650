// COCO-17 keypoints: a dataset file (`images` + `annotations` with
// `keypoints: [x, y, v] × 17`, v = 0 not labelled, 1 labelled but hidden, 2 visible) or a
// results file (a list of `{image_id, keypoints, score}` where the third value is a
// confidence). One frame per image, in image-id order; pixels. A dataset is one document, so
// it is read whole (datasets are sets of images, not long streams).
//
// Visibility → confidence: v = 2 → 1, v = 1 → 0.5 (the annotator's estimate: kept at the
// default threshold), v = 0 → not detected. Defects: v = 0 with a non-zero position
// (`inconsistent_visibility`, on those joints), `num_keypoints` that disagrees with the v flags
// (`num_keypoints_mismatch`), an annotation whose image is not listed (`unknown_image`, a frame
// of its own after the listed images), a keypoint list that is not 3 × 17 long (`layout_mismatch`),
// several people on an image (the `--person` rule, reported).
import PoseModel
import PoseScanning

package struct COCOReader: PoseFrameSource {
    package private(set) var info: RecordingInfo
    private struct Image {
        var id: Double
        var annotations: [JSONValue]
        var listed: Bool
    }
    private var images: [Image] = []
    private var next = 0
    private let results: Bool
    private let options: ReadOptions
    private var tracker: PersonTracker

    package init(_ input: ByteInput, path: String, options: ReadOptions) throws(FormatError) {
        self.options = options
        tracker = PersonTracker(rule: options.person)
        guard options.coordinates == .image else { throw KeypointJSONReader.noWorld(path, "COCO") }
        let doc = try JSONScanner.parseDocument(input, path: path, allowNonFinite: options.allowNonFiniteJSON)
        var byImage: [Double: [JSONValue]] = [:]
        var listed: [Double] = []
        if let annotations = doc["annotations"]?.array {
            results = false
            listed = (doc["images"]?.array ?? []).compactMap { $0["id"]?.number }
            for a in annotations { if let id = a["image_id"]?.number { byImage[id, default: []].append(a) } }
        } else if let list = doc.array, list.allSatisfy({ $0["image_id"] != nil && $0["keypoints"] != nil }) {
            results = true
            for a in list { if let id = a["image_id"]?.number { byImage[id, default: []].append(a) } }
            listed = byImage.keys.sorted()
        } else {
            throw FormatError(
                .invalidContent, code: "not_pose_export",
                message: "this JSON is not COCO keypoints: expected \"annotations\" or a list of {image_id, keypoints}",
                path: path, location: doc.location)
        }
        let known = Set(listed)
        images = listed.sorted().map { Image(id: $0, annotations: byImage[$0] ?? [], listed: true) }
        images += byImage.keys.filter { !known.contains($0) }.sorted().map {
            Image(id: $0, annotations: byImage[$0] ?? [], listed: false)
        }
        var notes = [
            results
                ? "COCO results: the third keypoint value is a confidence"
                : "COCO dataset: v = 2 → confidence 1, v = 1 (hidden) → 0.5, v = 0 → not detected",
            "one frame per image, in image-id order",
        ]
        if let note = skippedKeysNote(Self.unknownKeys(doc)) { notes.append(note) }
        info = RecordingInfo(
            format: PoseFormat.cocoJSON.rawValue, space: .imagePixels, frameRate: options.frameRate,
            timeSource: options.frameRate.map { _ in ReadOptions.frameRateSource }, notes: notes, skeleton: "coco-17")
    }

    /// Top-level and annotation keys that are not part of COCO's keypoint format (to list them).
    static func unknownKeys(_ doc: JSONValue) -> [String] {
        let annotationKeys: Set = [
            "id", "image_id", "category_id", "keypoints", "num_keypoints", "bbox", "area", "iscrowd", "segmentation",
            "score",
        ]
        var keys = (doc.members ?? []).map(\.key).filter {
            !["info", "licenses", "images", "annotations", "categories"].contains($0)
        }
        for annotation in doc["annotations"]?.array ?? doc.array ?? [] {
            keys += (annotation.members ?? []).map(\.key).filter { !annotationKeys.contains($0) }
        }
        return keys
    }

    package mutating func nextFrame() throws(FormatError) -> PoseFrame? {
        guard next < images.count else { return nil }
        let image = images[next]
        var frame = PoseFrame(index: next)
        next += 1
        let imageID = formatNumber(image.id, digits: 0)
        guard image.listed else {
            frame.issues.append(
                FrameIssue(
                    code: "unknown_image", message: "annotations for image \(imageID), which is not in \"images\""))
            return frame
        }
        var people: [RawPerson] = []
        var personProblems: [[FrameIssue]] = []
        var problems: [FrameIssue] = []  // annotations that are no person at all
        for a in image.annotations {
            guard let k = a["keypoints"]?.array?.map(\.number), k.allSatisfy({ $0 != nil }), k.count == 51 else {
                let n = a["keypoints"]?.array?.count ?? 0
                problems.append(
                    FrameIssue(
                        code: "layout_mismatch",
                        message: "image \(imageID): an annotation has \(n) keypoint values, COCO-17 has 51"))
                continue
            }
            var pts: [RawPoint?] = []
            var inconsistent: [Joint] = []
            var labelled = 0
            for i in 0..<17 {
                let x = k[3 * i]!
                let y = k[3 * i + 1]!
                let v = k[3 * i + 2]!
                if results {
                    pts.append(RawPoint(x: x, y: y, z: 0, confidence: v))
                    continue
                }
                if v > 0 { labelled += 1 }
                if v == 0 && (x != 0 || y != 0), let j = KeypointLayout.coco17.joints[i] { inconsistent.append(j) }
                pts.append(v == 0 ? nil : RawPoint(x: x, y: y, z: 0, confidence: v >= 2 ? 1 : 0.5))
            }
            var mine: [FrameIssue] = []
            if !inconsistent.isEmpty {
                mine.append(
                    FrameIssue(
                        code: "inconsistent_visibility", joints: inconsistent,
                        message:
                            "v = 0 (not labelled) but a position is given: \(inconsistent.map(\.description).joined(separator: ", "))"
                    ))
            }
            if !results, let n = a["num_keypoints"]?.number, Int(exactly: n) != labelled {
                mine.append(
                    FrameIssue(
                        code: "num_keypoints_mismatch",
                        message:
                            "image \(imageID): num_keypoints is \(formatNumber(n, digits: 0)) but \(labelled) keypoints have v > 0"
                    ))
            }
            people.append(RawPerson(points: pts))
            personProblems.append(mine)
        }
        frame.issues += problems.map { p in
            var p = p
            if p.code == "layout_mismatch" && !people.isEmpty { p.informational = true }
            return p
        }
        guard !people.isEmpty else {
            tracker.nobody()
            if problems.isEmpty {
                frame.issues.append(FrameIssue(code: "no_person", message: "no annotation for image \(imageID)"))
            }
            return frame
        }
        guard let chosen = frame.choosePerson(people, tracker: &tracker, noun: "annotated") else { return frame }
        frame.issues += personProblems[chosen]
        frame.place(people[chosen], layout: KeypointLayout.coco17.joints, space: info.space, only: options.joints)
        return frame
    }
}
