// Eight bytes at a time: the bit tricks the scanners share. Each mask has bit 7 set in exactly
// the bytes that match (no false positives), so `trailingZeroBitCount >> 3` is the index of the
// first match in a word loaded little-endian, and `nonzeroBitCount` the number of matches.
enum ByteMasks {
    static let high: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The word at `offset`, its first byte lowest.
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Bytes equal to `b`: XOR zeroes them; adding 0x7F to the low seven bits sets bit 7 of
    /// every other byte without carries between bytes.
    @inline(__always)
    static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(b))
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// Bytes that are not ASCII digits: XOR 0x30 maps '0'…'9' to 0…9, and adding 0x76 to the
    /// low seven bits sets bit 7 from 10 up.
    @inline(__always)
    static func nonDigits(_ w: UInt64) -> UInt64 {
        let x = w ^ 0x3030_3030_3030_3030
        return (((x & low7) &+ 0x7676_7676_7676_7676) | x) & high
    }

    /// UTF-8 continuation bytes (10xxxxxx): bit 7 set and bit 6 clear.
    @inline(__always)
    static func continuations(_ w: UInt64) -> UInt64 { w & ~(w << 1) & high }

    /// True when some byte may be below `n` (≤ 128) or at or above 0x80; false means none is.
    @inline(__always)
    static func mayHaveBelow(_ n: UInt8, orHigh w: UInt64) -> Bool {
        ((w &- ones &* UInt64(n)) & ~w | w) & high != 0
    }
}
