// Vectors in two and three dimensions: the only spatial types the rest of PoseCheck needs.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operations angle measurement needs, shared by `Vector2` and `Vector3`.
public protocol EuclideanVector: Hashable, Sendable {
    /// The zero vector, also the origin.
    static var zero: Self { get }
    /// The component-wise sum.
    static func + (lhs: Self, rhs: Self) -> Self
    /// The component-wise difference: the vector from `rhs` to `lhs`.
    static func - (lhs: Self, rhs: Self) -> Self
    /// Each component multiplied by `rhs`.
    static func * (lhs: Self, rhs: Double) -> Self
    /// The dot product: |a||b| cos θ.
    func dot(_ other: Self) -> Double
    /// The length of the cross product: |a||b| sin θ. Used with `dot` for an angle that is
    /// accurate near 0° and 180°, where `acos` loses digits.
    func crossLength(_ other: Self) -> Double
    /// True when every component is finite (no NaN, no infinity).
    var isFinite: Bool { get }
    /// The largest absolute component: the scale used to decide whether a vector is degenerate.
    var maxMagnitude: Double { get }
}

extension EuclideanVector {
    /// The Euclidean length, `√(v · v)`. For lengths of very small or large vectors use
    /// `scaledDown` first: squaring can underflow to 0 or overflow to infinity.
    @inlinable public var length: Double { dot(self).squareRoot() }
    /// The squared length, `v · v`: cheaper than `length` when only comparing lengths.
    @inlinable public var lengthSquared: Double { dot(self) }
    /// The vector pointing the opposite way, with the same length.
    @inlinable public static prefix func - (v: Self) -> Self { v * -1 }
    /// Each component divided by `rhs`; dividing by 0 gives non-finite components (see `isFinite`).
    @inlinable public static func / (lhs: Self, rhs: Double) -> Self { lhs * (1 / rhs) }

    /// The unit vector in this direction, or `nil` when the vector is degenerate: non-finite,
    /// or zero length (coincident points).
    @inlinable public var normalized: Self? {
        // Its largest component is ±1 (to rounding), so its length is between about 1 and √3:
        // never zero, never infinite.
        guard let scaled = scaledDown else { return nil }
        return scaled / scaled.length
    }

    /// This vector divided by its largest absolute component, so that the largest is ±1: the
    /// direction at a scale where tiny (1e-200) and huge (1e308) vectors neither underflow to
    /// zero length nor overflow to infinity. `nil` when degenerate (as `normalized`).
    @inlinable @inline(__always) public var scaledDown: Self? {
        guard isFinite else { return nil }
        let m = maxMagnitude
        guard m > 0 else { return nil }
        let scaled = self / m
        guard scaled.isFinite else { return nil }
        return scaled
    }

    /// The midpoint of two points.
    @inlinable public static func midpoint(_ a: Self, _ b: Self) -> Self { (a + b) * 0.5 }

    /// The distance between two points.
    @inlinable public func distance(to other: Self) -> Double { (other - self).length }
}

/// A 2D vector or point.
public struct Vector2: EuclideanVector, CustomStringConvertible {
    /// The horizontal component (to the right in PoseCheck's y-up coordinates).
    public var x: Double
    /// The vertical component (up in PoseCheck's y-up coordinates).
    public var y: Double
    /// A vector from its components, unlabelled: `Vector2(3, 4)`.
    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
    /// A vector from its labelled components.
    @inlinable public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
    /// The zero vector, also the origin.
    public static let zero = Vector2(0, 0)
    /// The component-wise sum: a point moved by a vector, or two displacements combined.
    @inlinable public static func + (l: Vector2, r: Vector2) -> Vector2 { Vector2(l.x + r.x, l.y + r.y) }
    /// The component-wise difference: the vector from `r` to `l`.
    @inlinable public static func - (l: Vector2, r: Vector2) -> Vector2 { Vector2(l.x - r.x, l.y - r.y) }
    /// Each component multiplied by `r`.
    @inlinable public static func * (l: Vector2, r: Double) -> Vector2 { Vector2(l.x * r, l.y * r) }
    /// The dot product `l.x·r.x + l.y·r.y`: |a||b| cos θ.
    @inlinable public func dot(_ o: Vector2) -> Double { x * o.x + y * o.y }
    /// The z component of the 3D cross product (signed area).
    @inlinable public func cross(_ o: Vector2) -> Double { x * o.y - y * o.x }
    /// The absolute value of `cross(_:)`: |a||b| sin θ, for `angle(between:and:)`.
    @inlinable public func crossLength(_ o: Vector2) -> Double { abs(cross(o)) }
    /// True when both components are finite (no NaN, no infinity).
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite }
    /// The larger absolute component, `max(|x|, |y|)`; 0 only for the zero vector.
    @inlinable public var maxMagnitude: Double { max(abs(x), abs(y)) }
    /// The components in parentheses, at full precision: `(3.0, 4.0)`.
    @inlinable public var description: String { "(\(x), \(y))" }
}

/// A 3D vector or point.
public struct Vector3: EuclideanVector, CustomStringConvertible {
    /// The first component: horizontal in PoseCheck's y-up coordinates.
    public var x: Double
    /// The second component: up in PoseCheck's y-up coordinates.
    public var y: Double
    /// The third component: depth in PoseCheck's coordinates; 0 for 2D data lifted into 3D (see
    /// `init(_:z:)`).
    public var z: Double
    /// A vector from its components, unlabelled: `Vector3(1, 2, 3)`.
    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
    /// A vector from its labelled components.
    @inlinable public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
    /// A 2D vector lifted into 3D with depth `z` (0 by default), so 2D data can use 3D maths.
    @inlinable public init(_ v: Vector2, z: Double = 0) { self.init(v.x, v.y, z) }
    /// The zero vector, also the origin.
    public static let zero = Vector3(0, 0, 0)
    /// The component-wise sum: a point moved by a vector, or two displacements combined.
    @inlinable public static func + (l: Vector3, r: Vector3) -> Vector3 { Vector3(l.x + r.x, l.y + r.y, l.z + r.z) }
    /// The component-wise difference: the vector from `r` to `l`.
    @inlinable public static func - (l: Vector3, r: Vector3) -> Vector3 { Vector3(l.x - r.x, l.y - r.y, l.z - r.z) }
    /// Each component multiplied by `r`.
    @inlinable public static func * (l: Vector3, r: Double) -> Vector3 { Vector3(l.x * r, l.y * r, l.z * r) }
    /// The dot product `l.x·r.x + l.y·r.y + l.z·r.z`: |a||b| cos θ.
    @inlinable public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
    /// The cross product, perpendicular to both vectors by the right-hand rule, with length
    /// |a||b| sin θ; the zero vector when they are parallel.
    @inlinable public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    /// The length of `cross(_:)`: |a||b| sin θ, for `angle(between:and:)`.
    @inlinable public func crossLength(_ o: Vector3) -> Double { cross(o).length }
    /// True when all three components are finite (no NaN, no infinity).
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
    /// The largest absolute component, `max(|x|, |y|, |z|)`; 0 only for the zero vector.
    @inlinable public var maxMagnitude: Double { max(abs(x), abs(y), abs(z)) }
    /// The first two components, dropping depth: the vector seen along the z axis.
    @inlinable public var xy: Vector2 { Vector2(x, y) }
    /// The components in parentheses, at full precision: `(1.0, 2.0, 3.0)`.
    @inlinable public var description: String { "(\(x), \(y), \(z))" }
}
