// Angles between directions. Every function returns `nil` ("not measurable") for degenerate
// input: a zero-length vector, coincident points, or a non-finite component. None returns NaN.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An angle. Stored in radians, read in degrees. Unsigned results lie in [0°, 180°];
/// signed results in (−180°, 180°]. Nothing wraps beyond those ranges.
public struct Angle: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The angle in radians. Any finite value is stored as given; the functions in this module
    /// return values in the ranges stated on `Angle`.
    public var radians: Double
    /// An angle of `radians` radians.
    @inlinable public init(radians: Double) { self.radians = radians }
    /// An angle of `degrees` degrees, converted to radians (180° is π).
    @inlinable public init(degrees: Double) { self.radians = degrees * .pi / 180 }
    /// An angle of `d` degrees: `.degrees(90)` reads like the literal it stands for.
    @inlinable public static func degrees(_ d: Double) -> Angle { Angle(degrees: d) }
    /// An angle of `r` radians.
    @inlinable public static func radians(_ r: Double) -> Angle { Angle(radians: r) }
    /// The angle in degrees (π radians is 180°).
    @inlinable public var degrees: Double { radians * 180 / .pi }
    /// No rotation: the angle between two directions that point the same way.
    public static let zero = Angle(radians: 0)
    /// A half turn (180°, π radians): the angle at the middle of three points on a straight line.
    public static let straight = Angle(radians: .pi)
    /// Orders by the stored radians, so 10° < 20°; no wrapping, since results never exceed 180°.
    @inlinable public static func < (l: Angle, r: Angle) -> Bool { l.radians < r.radians }
    /// The angle in degrees with a degree sign, at full precision (for debugging; reports round).
    @inlinable public var description: String { "\(degrees)°" }

    /// `acos` with its input clamped to [-1, 1], so rounding just past ±1 gives 0 or π, not NaN.
    @inlinable public static func acosClamped(_ cosine: Double) -> Angle? {
        guard cosine.isFinite else { return nil }
        return Angle(radians: acos(min(1, max(-1, cosine))))
    }
}

/// The unsigned angle between two directions, in [0°, 180°]; `nil` when either is degenerate.
///
/// Computed as `atan2(|u × v|, u · v)` rather than `acos` of the normalised dot product:
/// `acos` near ±1 loses half its significant digits, which matters for "straight leg" checks.
/// The ratio does not depend on the vectors' lengths, so they are only scaled into [-1, 1]
/// (no square roots): tiny and huge vectors neither underflow nor overflow.
@inlinable public func angle<V: EuclideanVector>(between u: V, and v: V) -> Angle? {
    guard let a = u.scaledDown, let b = v.scaledDown else { return nil }
    let r = atan2(a.crossLength(b), a.dot(b))
    guard r.isFinite else { return nil }
    return Angle(radians: r)
}

/// The interior angle at `vertex` formed by the rays to `a` and `b`, in [0°, 180°]:
/// 180° when the three points are in a straight line with the vertex between them, 0° when
/// the rays overlap. `nil` when the vertex coincides with either end point.
@inlinable public func angle<V: EuclideanVector>(at vertex: V, from a: V, to b: V) -> Angle? {
    angle(between: a - vertex, and: b - vertex)
}

/// The inclination of `v` from `axis`: 0° when `v` points along the axis, 90° perpendicular,
/// 180° opposite.
@inlinable public func inclination<V: EuclideanVector>(of v: V, from axis: V) -> Angle? {
    angle(between: v, and: axis)
}

/// The signed angle that rotates `u` onto `v`, seen in the plane whose normal is `normal`,
/// in (−180°, 180°]. Positive is counter-clockwise when looking against the normal (the
/// right-hand rule). Both vectors are first projected onto the plane; `nil` when either
/// projection or the normal is degenerate.
@inlinable public func signedAngle(from u: Vector3, to v: Vector3, around normal: Vector3) -> Angle? {
    guard let n = normal.normalized,
        let a = projection(of: u, ontoPlaneWithNormal: n)?.normalized,
        let b = projection(of: v, ontoPlaneWithNormal: n)?.normalized
    else { return nil }
    let r = atan2(a.cross(b).dot(n), a.dot(b))
    guard r.isFinite else { return nil }
    // atan2 returns [-π, π]; map -π to π so the range is (−180°, 180°].
    return Angle(radians: r == -.pi ? .pi : r)
}

/// The signed angle from `u` to `v` in the plane, counter-clockwise positive, in (−180°, 180°].
@inlinable public func signedAngle(from u: Vector2, to v: Vector2) -> Angle? {
    signedAngle(from: Vector3(u), to: Vector3(v), around: Vector3(0, 0, 1))
}

/// The component of `v` along `axis` (a vector along the axis); `nil` when the axis is degenerate.
@inlinable public func projection<V: EuclideanVector>(of v: V, ontoAxis axis: V) -> V? {
    guard let a = axis.normalized, v.isFinite else { return nil }
    return a * v.dot(a)
}

/// The signed length of `v` along `axis`; `nil` when the axis is degenerate.
@inlinable public func scalarProjection<V: EuclideanVector>(of v: V, ontoAxis axis: V) -> Double? {
    guard let a = axis.normalized, v.isFinite else { return nil }
    return v.dot(a)
}

/// `v` with its component along `normal` removed: its shadow on the plane through the origin
/// with that normal. `nil` when the normal is degenerate or `v` is not finite.
@inlinable public func projection(of v: Vector3, ontoPlaneWithNormal normal: Vector3) -> Vector3? {
    guard let n = normal.normalized, v.isFinite else { return nil }
    return v - n * v.dot(n)
}
