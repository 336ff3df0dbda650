// Vectors in two and three dimensions: the only spatial types the rest of PoseCheck needs.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operations angle measurement needs, shared by `Vector2` and `Vector3`.
public protocol EuclideanVector: Hashable, Sendable {
    static var zero: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
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
    @inlinable public var length: Double { dot(self).squareRoot() }
    @inlinable public var lengthSquared: Double { dot(self) }
    @inlinable public static prefix func - (v: Self) -> Self { v * -1 }
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
    @inlinable public var scaledDown: Self? {
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
    public var x: Double
    public var y: Double
    @inlinable public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
    @inlinable public init(x: Double, y: Double) { self.x = x; self.y = y }
    public static let zero = Vector2(0, 0)
    @inlinable public static func + (l: Vector2, r: Vector2) -> Vector2 { Vector2(l.x + r.x, l.y + r.y) }
    @inlinable public static func - (l: Vector2, r: Vector2) -> Vector2 { Vector2(l.x - r.x, l.y - r.y) }
    @inlinable public static func * (l: Vector2, r: Double) -> Vector2 { Vector2(l.x * r, l.y * r) }
    @inlinable public func dot(_ o: Vector2) -> Double { x * o.x + y * o.y }
    /// The z component of the 3D cross product (signed area).
    @inlinable public func cross(_ o: Vector2) -> Double { x * o.y - y * o.x }
    @inlinable public func crossLength(_ o: Vector2) -> Double { abs(cross(o)) }
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite }
    @inlinable public var maxMagnitude: Double { max(abs(x), abs(y)) }
    @inlinable public var description: String { "(\(x), \(y))" }
}

/// A 3D vector or point.
public struct Vector3: EuclideanVector, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double
    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }
    @inlinable public init(x: Double, y: Double, z: Double) { self.x = x; self.y = y; self.z = z }
    @inlinable public init(_ v: Vector2, z: Double = 0) { self.init(v.x, v.y, z) }
    public static let zero = Vector3(0, 0, 0)
    @inlinable public static func + (l: Vector3, r: Vector3) -> Vector3 { Vector3(l.x + r.x, l.y + r.y, l.z + r.z) }
    @inlinable public static func - (l: Vector3, r: Vector3) -> Vector3 { Vector3(l.x - r.x, l.y - r.y, l.z - r.z) }
    @inlinable public static func * (l: Vector3, r: Double) -> Vector3 { Vector3(l.x * r, l.y * r, l.z * r) }
    @inlinable public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
    @inlinable public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    @inlinable public func crossLength(_ o: Vector3) -> Double { cross(o).length }
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
    @inlinable public var maxMagnitude: Double { max(abs(x), abs(y), abs(z)) }
    @inlinable public var xy: Vector2 { Vector2(x, y) }
    @inlinable public var description: String { "(\(x), \(y), \(z))" }
}
