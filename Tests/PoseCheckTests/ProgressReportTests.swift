// Progress across sessions as values: trends, left–right differences and dating, without files.
import Foundation
import PoseCheck
import PoseScanning
import PoseSynth
import Testing

struct ProgressReportTests {
    static let day = 86_400.0

    static func session(
        _ path: String, day: Double, front: Side?, knee: Double?, hold: Double? = 3, ambiguous: Bool = false
    ) -> ProgressSession {
        ProgressSession(
            path: path,
            date: SessionDate(secondsSince1970: 1_793_577_600 + day * Self.day, source: .fileName, evidence: path),
            stretch: "scissor-stance", front: front, frontAmbiguous: ambiguous, verdict: .pass, holdSeconds: hold,
            medians: [
                CheckMedian(check: .frontKneeFlexion, value: knee), CheckMedian(check: .feetGrounded, value: 0.02),
            ])
    }

    /// A median over fewer than `CheckMedian.minimumFrames` frames is kept in its session, but
    /// takes no part in the per-side medians, trends or left–right differences.
    @Test func aMedianOverTooFewFramesIsNotCounted() throws {
        func session(_ path: String, day: Double, front: Side, knee: Double, frames: Int) -> ProgressSession {
            var s = Self.session(path, day: day, front: front, knee: knee)
            s.medians[0].frames = frames
            return s
        }
        let r = ProgressReport(sessions: [
            session("a", day: 0, front: .left, knee: 80, frames: 30),
            session("b", day: 7, front: .left, knee: 160, frames: 1),
            session("c", day: 14, front: .left, knee: 82, frames: CheckMedian.minimumFrames),
            session("d", day: 0, front: .right, knee: 70, frames: 2),
        ])
        #expect(r.sessions.first { $0.path == "b" }?.median(.frontKneeFlexion) == 160)
        #expect(r.sessions.first { $0.path == "b" }?.countedMedian(.frontKneeFlexion) == nil)
        let t = try #require(r.trends.first { $0.measure == .check(.frontKneeFlexion) && $0.side == .left })
        #expect(t.sessions == 2 && abs((t.perWeek ?? 0) - 1) < 1e-9)
        let left = try #require(r.sides.first { $0.side == .left })
        #expect(left.medians.first { $0.check == .frontKneeFlexion }?.value == 81)
        // The right side's only knee median is too thin: no left–right difference.
        #expect(!r.asymmetry.contains { $0.check == .frontKneeFlexion })
        // Unknown counts (summaries kept from earlier runs) count.
        #expect(!CheckMedian(check: .frontKneeFlexion, value: 90).isThin)
    }

    @Test func noSessionsGiveNothing() {
        let r = ProgressReport(sessions: [])
        #expect(r.sides.isEmpty && r.asymmetry.isEmpty && r.trends.isEmpty)
    }

    @Test func oneSessionOrOneDayGivesNoSlope() throws {
        let one = ProgressReport(sessions: [Self.session("a", day: 0, front: .left, knee: 90)])
        let t = try #require(one.trends.first { $0.measure == .check(.frontKneeFlexion) })
        #expect(t.perWeek == nil && t.sessions == 1 && t.days == 1)
        let sameDay = ProgressReport(sessions: [
            Self.session("a", day: 0, front: .left, knee: 90), Self.session("b", day: 0.3, front: .left, knee: 99),
        ])
        #expect(sameDay.trends.first { $0.measure == .check(.frontKneeFlexion) }?.perWeek == nil)
    }

    @Test func slopeIsPerWeekAndExactOnALine() throws {
        let sessions = (0..<4).map { k in
            Self.session("s\(k)", day: Double(k) * 3.5, front: .right, knee: 80 + Double(k))
        }
        let r = ProgressReport(sessions: sessions.reversed())
        let t = try #require(r.trends.first { $0.measure == .check(.frontKneeFlexion) && $0.side == .right })
        // 1° every half week.
        #expect(abs((t.perWeek ?? 0) - 2) < 1e-9)
        #expect(t.perWeekStandardError.map { $0 < 1e-9 } == true)
        let scattered = ProgressReport(
            sessions: [80.0, 83, 81, 86].enumerated().map { k, v in
                Self.session("s\(k)", day: Double(k) * 7, front: .left, knee: v)
            })
        let s = try #require(scattered.trends.first { $0.measure == .check(.frontKneeFlexion) })
        // Slope 1.6°/week; residuals −0.1, 1.3, −2.3, 1.1: √(8.2 / 2 / 5) = 0.9055 (numpy.polyfit agrees).
        #expect(abs((s.perWeek ?? 0) - 1.6) < 1e-9)
        #expect(abs((s.perWeekStandardError ?? 0) - 0.9055) < 1e-3)
        #expect(r.sessions.map(\.path) == ["s0", "s1", "s2", "s3"])
        #expect(r.trends.first { $0.measure == .hold }?.perWeek == 0)
    }

    @Test func differenceIsLeftMinusRightOfTheSidesMedians() throws {
        let sessions = [
            Self.session("l1", day: 0, front: .left, knee: 80), Self.session("l2", day: 7, front: .left, knee: 84),
            Self.session("l3", day: 14, front: .left, knee: 200, ambiguous: true),
            Self.session("r1", day: 0, front: .right, knee: 95), Self.session("r2", day: 7, front: .right, knee: 97),
            Self.session("r3", day: 14, front: .right, knee: 93), Self.session("u", day: 14, front: nil, knee: 10),
        ]
        let r = ProgressReport(sessions: sessions)
        let a = try #require(r.asymmetry.first { $0.check == .frontKneeFlexion })
        #expect(a.left == 82 && a.right == 95 && a.difference == -13 && a.flagged)
        #expect(a.leftSessions == 2 && a.rightSessions == 3)
        let feet = try #require(r.asymmetry.first { $0.check == .feetGrounded })
        #expect(feet.difference == 0 && !feet.flagged && feet.threshold == 0.05)
        #expect(r.sides.map(\.sessions) == [2, 3])
    }

    @Test(
        "dates in names",
        arguments: [
            ("2026-11-10_lunge.json", "2026-11-10T00:00:00Z"), ("20261110.csv", "2026-11-10T00:00:00Z"),
            ("lunge_2026-11-10T08-30-15.json", "2026-11-10T08:30:15Z"),
            ("2026_11_10 0830 left.mot", "2026-11-10T08:30:00Z"),
            ("clip-20261110T083000.csv", "2026-11-10T08:30:00Z"), ("rec_202611100830.json", "2026-11-10T08:30:00Z"),
            ("2026-11-10-09-15.csv", "2026-11-10T09:15:00Z"), ("v2_2026.11.10.json", "2026-11-10T00:00:00Z"),
        ])
    func datesInNames(_ name: String, _ iso: String) throws {
        let found = try #require(SessionDating.dateInName(name))
        #expect(SessionDating.iso8601(found.seconds) == iso)
    }

    @Test(
        "not dates",
        arguments: [
            "1762790400.json", "frame_000123.json", "2026-13-01.csv", "2026-02-30.csv", "120261110.csv", "lunge.json",
            "2026-11.csv",
        ])
    func notDates(_ name: String) {
        #expect(SessionDating.dateInName(name) == nil)
    }

    @Test func isoAndUnixTimes() {
        #expect(SessionDating.parseISO8601("2026-11-10T08:30:00Z") == 1_794_299_400)
        #expect(SessionDating.parseISO8601("2026-11-10T09:30:00.5+01:00") == 1_794_299_400.5)
        #expect(SessionDating.parseISO8601("2026-11-10") == 1_794_268_800)
        #expect(SessionDating.parseISO8601("10/11/2026") == nil)
        #expect(SessionDating.unixTime(1_794_299_400) == 1_794_299_400)
        #expect(SessionDating.unixTime(1_794_299_400_000) == 1_794_299_400)
        #expect(SessionDating.unixTime(33.4) == nil)
        #expect(SessionDating.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(SessionDating.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test(
        "sides in names",
        arguments: [
            ("a/2026-11-10_left.csv", Side.left), ("a/Right-front.mot", .right), ("left/2026-11-10.json", .left),
            ("a/leftover.csv", nil), ("a/left-right.csv", nil), ("a/2026-11-10.csv", nil),
            ("right/2026_LEFT.json", .left),
        ] as [(String, Side?)])
    func sidesInNames(_ path: String, _ side: Side?) {
        #expect(ProgressSession.sideInName(ofPath: path) == side)
    }

    /// The progress snippet (PoseCheck docs, "Progress across sessions"), on two fixtures (one
    /// left-front, one right-front), dated by their modification times: its medians are those
    /// `posecheck progress` prints.
    @Test func articleExample() throws {
        let paths = ["scissor-stance-in-form.json", "scissor-stance-bad-front-knee-flexion.json"].map {
            PackagePaths.fixtures + "/mediapipe/" + $0
        }
        var sessions: [ProgressSession] = []
        for path in paths {  // one person's recordings
            let graded = try Grading.grade(path: path, options: GradingOptions(spec: .scissorStance))
            guard let date = SessionDating.date(ofRecordingAt: path) else { continue }  // metadata, name, or mtime
            sessions.append(
                ProgressSession(
                    path: path, date: date, stretch: .scissorStance, front: graded.context.front,
                    summary: graded.summary))
        }
        let progress = ProgressReport(sessions: sessions)
        var printed: [String] = []
        for a in progress.asymmetry where a.flagged { printed.append("\(a.check.plainName) \(a.difference)") }
        for t in progress.trends {
            printed.append("\(t.side) \(t.measure) \(t.perWeek.map { "\($0)/week" } ?? "–") \(t.sessions)")
        }
        #expect(sessions.count == 2 && Set(sessions.compactMap(\.front)) == [.left, .right])
        // The right-front fixture's front knee is bent 50° against about 92°: flagged, left − right
        // about +42°.
        let knee = try #require(progress.asymmetry.first { $0.check == .frontKneeFlexion })
        #expect(knee.flagged && abs(knee.difference - 42) < 3)
        #expect(printed.contains { $0.hasPrefix("Front knee bend") })
    }
}
