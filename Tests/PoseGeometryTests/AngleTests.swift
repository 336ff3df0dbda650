// Edge-case ladders for the geometry: right angle, straight, folded, coincident, non-finite.
import PoseGeometry
import Testing

struct AngleTests {
    static func deg(_ a: Angle?) -> Double? { a?.degrees }

    @Test(
        "interior angle at a vertex",
        arguments: [
            (Vector2(1, 0), Vector2(0, 1), 90.0),  // right angle
            (Vector2(1, 0), Vector2(-1, 0), 180.0),  // straight
            (Vector2(1, 0), Vector2(2, 0), 0.0),  // folded: both rays the same way
            (Vector2(1, 0), Vector2(1, 1), 45.0),
            (Vector2(1, 0), Vector2(-1, 1e-12), 180.0 - 1e-12 * 180 / .pi),  // nearly straight, no acos cancellation
            (Vector2(3, 4), Vector2(-4, 3), 90.0),
        ])
    func interior(_ a: Vector2, _ b: Vector2, _ expected: Double) throws {
        let got = try #require(Self.deg(angle(at: Vector2(0, 0), from: a, to: b)))
        #expect(abs(got - expected) < 1e-9)
    }

    @Test(
        "degenerate input is not measurable, never NaN",
        arguments: [
            (Vector3(0, 0, 0), Vector3(0, 0, 0), Vector3(1, 0, 0)),  // vertex coincides with an end
            (Vector3(1, 1, 1), Vector3(1, 1, 1), Vector3(1, 1, 1)),  // all coincident
            (Vector3(0, 0, 0), Vector3(.nan, 0, 0), Vector3(1, 0, 0)),  // NaN
            (Vector3(0, 0, 0), Vector3(.infinity, 0, 0), Vector3(1, 0, 0)),  // infinity
            (Vector3(0, 0, 0), Vector3(1, 0, 0), Vector3(0, -.infinity, 0)),
        ])
    func degenerate(_ v: Vector3, _ a: Vector3, _ b: Vector3) {
        #expect(angle(at: v, from: a, to: b) == nil)
    }

    @Test func tinyButValidSegmentsStillMeasure() throws {
        let got = try #require(angle(between: Vector2(1e-200, 0), and: Vector2(0, 1e-200)))
        #expect(abs(got.degrees - 90) < 1e-9)
        let huge = try #require(angle(between: Vector2(1e308, 1e308), and: Vector2(1, 0)))
        #expect(abs(huge.degrees - 45) < 1e-9)
    }

    @Test func inclinationFromVertical() throws {
        let up = Vector3(0, 1, 0)
        #expect(abs(try #require(inclination(of: Vector3(0, 2, 0), from: up)).degrees) < 1e-12)
        #expect(abs(try #require(inclination(of: Vector3(1, 1, 0), from: up)).degrees - 45) < 1e-9)
        #expect(abs(try #require(inclination(of: Vector3(0, -1, 0), from: up)).degrees - 180) < 1e-9)
        #expect(inclination(of: Vector3.zero, from: up) == nil)
    }

    @Test(
        "signed angle lies in (-180, 180]",
        arguments: [
            (Vector2(1, 0), Vector2(0, 1), 90.0),
            (Vector2(1, 0), Vector2(0, -1), -90.0),
            (Vector2(1, 0), Vector2(-1, 0), 180.0),
            (Vector2(1, 0), Vector2(-1, -0.0), 180.0),  // atan2 would give -180 here
            (Vector2(0, 1), Vector2(-1, 0), 90.0),
            (Vector2(1, 1), Vector2(1, 1), 0.0),
        ])
    func signed(_ u: Vector2, _ v: Vector2, _ expected: Double) throws {
        let got = try #require(signedAngle(from: u, to: v)).degrees
        #expect(abs(got - expected) < 1e-9)
        #expect(got > -180 && got <= 180)
    }

    @Test func signedAngleProjectsOntoThePlane() throws {
        // Out-of-plane components are ignored: seen along z, x→y is +90°.
        let got = try #require(signedAngle(from: Vector3(1, 0, 5), to: Vector3(0, 1, -3), around: Vector3(0, 0, 2)))
        #expect(abs(got.degrees - 90) < 1e-9)
        #expect(signedAngle(from: Vector3(0, 0, 1), to: Vector3(1, 0, 0), around: Vector3(0, 0, 1)) == nil)
        #expect(signedAngle(from: Vector3(1, 0, 0), to: Vector3(0, 1, 0), around: .zero) == nil)
    }

    @Test func projections() throws {
        let p = try #require(projection(of: Vector3(3, 4, 5), ontoAxis: Vector3(0, 2, 0)))
        #expect(p == Vector3(0, 4, 0))
        #expect(try #require(scalarProjection(of: Vector2(3, 4), ontoAxis: Vector2(-2, 0))) == -3)
        #expect(
            try #require(projection(of: Vector3(3, 4, 5), ontoPlaneWithNormal: Vector3(0, 0, 9))) == Vector3(3, 4, 0))
        #expect(projection(of: Vector3(1, 2, 3), ontoAxis: Vector3.zero) == nil)
        #expect(projection(of: Vector3(.nan, 2, 3), ontoPlaneWithNormal: Vector3(0, 0, 1)) == nil)
    }

    @Test func acosIsClamped() throws {
        #expect(try #require(Angle.acosClamped(1 + 1e-15)).radians == 0)
        #expect(try #require(Angle.acosClamped(-1 - 1e-15)).radians == .pi)
        #expect(Angle.acosClamped(.nan) == nil)
    }
}
