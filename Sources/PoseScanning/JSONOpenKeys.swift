// The keys of the open objects of a JSON document, for the duplicate-key check.
//
// One flat stack of entries over all the open objects, innermost last. Each object's keys
// follow a marker entry, which remembers where the enclosing object's keys begin. A key is
// held as its words (`JSONKeyText`); a key longer than 16 bytes also by its bytes, which end
// where its entry says (and begin where the entry before it ends, a marker included).
//
// The storage is reused, so the check allocates nothing per object or key; objects are small,
// so a linear scan of the innermost object's keys beats hashing.

/// The keys of the open objects, innermost last, for finding a key met twice in one object.
struct JSONOpenKeys {
    /// A key, or an object's marker (`text.count == -1`, `text.low` the enclosing marker).
    private struct Entry {
        var text: JSONKeyText
        /// Where the long keys' bytes end, this key's included.
        var bytesEnd: Int
    }

    /// The entries' memory: one allocation, grown by doubling.
    private final class Storage {
        var entries: UnsafeMutablePointer<Entry>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            entries = .allocate(capacity: capacity)
        }

        /// Another allocation holding the first `count` entries.
        func copy(count: Int) -> Storage {
            let other = Storage(capacity: capacity)
            other.entries.initialize(from: entries, count: count)
            return other
        }

        func grow(count: Int) {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: 2 * capacity)
            bigger.initialize(from: entries, count: count)
            entries.deallocate()
            entries = bigger
            capacity *= 2
        }

        deinit { entries.deallocate() }
    }

    private var storage = Storage(capacity: 64)
    private var count = 0
    /// The innermost object's marker; -1 outside every object.
    private var marker = -1
    /// The bytes of the keys longer than 16 bytes, one after another.
    private var longKeyBytes: [UInt8] = []

    /// Room for one more entry, in storage this value alone uses (a copy of a scanner must
    /// not write into its original's keys).
    @inline(__always)
    private mutating func makeRoom() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: count) }
        if count == storage.capacity { storage.grow(count: count) }
    }

    /// Where the long keys' bytes end so far.
    private var bytesEnd: Int { count == 0 ? 0 : storage.entries[count - 1].bytesEnd }

    /// An object opens: its keys start empty.
    mutating func enterObject() {
        makeRoom()
        var text = JSONKeyText()
        text.count = -1
        text.low = UInt64(bitPattern: Int64(marker))
        (storage.entries + count).initialize(to: Entry(text: text, bytesEnd: bytesEnd))
        marker = count
        count += 1
    }

    /// The innermost object closes: its keys are forgotten.
    mutating func leaveObject() {
        count = marker
        marker = Int(Int64(bitPattern: storage.entries[marker].text.low))
    }

    /// Adds `text` (with `bytes`, the whole key, when it is longer than 16 bytes) to the
    /// innermost object's keys: false, adding nothing, when the object already has it.
    @inline(__always)
    mutating func add(_ text: JSONKeyText, bytes: [UInt8]) -> Bool {
        let entries = storage.entries
        var i = marker + 1
        while i < count {
            if entries[i].text == text, text.count <= 16 || sameBytes(i, bytes) { return false }
            i += 1
        }
        var end = bytesEnd
        if text.count > 16 { end = storeLongKey(bytes, from: end) }
        makeRoom()
        (storage.entries + count).initialize(to: Entry(text: text, bytesEnd: end))
        count += 1
        return true
    }

    /// Whether entry `i`'s long key is `bytes`.
    @inline(never)
    private func sameBytes(_ i: Int, _ bytes: [UInt8]) -> Bool {
        let entries = storage.entries
        return longKeyBytes[entries[i - 1].bytesEnd..<entries[i].bytesEnd].elementsEqual(bytes)
    }

    /// Stores a long key's bytes from `start`; where they end.
    @inline(never)
    private mutating func storeLongKey(_ bytes: [UInt8], from start: Int) -> Int {
        longKeyBytes.removeSubrange(start...)
        longKeyBytes.append(contentsOf: bytes)
        return longKeyBytes.count
    }
}
