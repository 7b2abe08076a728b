#if canImport(Glibc)
import Glibc
#endif

/// Users and groups as the system's name service (NSS) knows them, looked up with the
/// reentrant `getpwuid_r`, `getgrnam_r` and `getgrouplist`, safe from any thread.
public struct GroupDirectory: Sendable {
    /// The largest buffer a single lookup may grow to after `ERANGE`.
    public static let maximumBufferSize = 1 << 20

    /// Creates a directory over the system's name service.
    public init() {}

    /// Whether `uid` (whose primary group is `primaryGID`) is in any of the named groups, as its
    /// primary group, one of the `supplementary` groups its process holds (`SO_PEERGROUPS`: a service's
    /// `SupplementaryGroups=`), or a supplementary one in the group database. Unknown group names are ignored.
    public func isMember(uid: UInt32, primaryGID: UInt32, supplementary: [UInt32] = [], ofAnyGroupNamed names: [String])
        -> Bool
    {
        let wanted = Set(names.compactMap(groupID(named:)))
        guard !wanted.isEmpty else { return false }
        if wanted.contains(primaryGID) || supplementary.contains(where: wanted.contains) { return true }
        guard let user = userName(uid: uid) else { return false }
        return !wanted.isDisjoint(with: groupIDs(ofUser: user, primaryGID: primaryGID))
    }

    /// The id of the group called `name`, or nil when there is none.
    public func groupID(named name: String) -> UInt32? {
        withGrowingBuffer { buffer, size in
            var group = group()
            var result: UnsafeMutablePointer<group>?
            let status = getgrnam_r(name, &group, buffer, size, &result)
            return (status, result == nil ? nil : group.gr_gid)
        }
    }

    /// The login name of `uid`, or nil when it has none.
    public func userName(uid: UInt32) -> String? {
        withGrowingBuffer { buffer, size in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let status = getpwuid_r(uid, &entry, buffer, size, &result)
            let name: UnsafeMutablePointer<CChar>? = entry.pw_name
            return (status, result == nil ? nil : name.map { String(cString: $0) })
        }
    }

    /// Every group of the user `name`: `primaryGID` and the supplementary groups.
    public func groupIDs(ofUser name: String, primaryGID: UInt32) -> [UInt32] {
        var capacity: Int32 = 32
        while capacity <= 65_536 {
            var count = capacity
            var ids = [gid_t](repeating: 0, count: Int(capacity))
            if getgrouplist(name, primaryGID, &ids, &count) >= 0 {
                return Array(ids.prefix(Int(count)))
            }
            // count now holds the number needed; grow to at least that.
            capacity = max(capacity * 2, count)
        }
        return [primaryGID]
    }

    /// Runs a `*_r` lookup with a buffer that starts at 1 KiB and doubles on `ERANGE` up to
    /// ``maximumBufferSize``; `EINTR` retries, any other failure is "not found".
    private func withGrowingBuffer<Value>(
        _ lookup: (UnsafeMutablePointer<CChar>, Int) -> (status: Int32, value: Value?)
    ) -> Value? {
        var size = 1024
        while size <= Self.maximumBufferSize {
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let (status, value) = lookup(buffer, size)
            switch status {
            case 0: return value
            case ERANGE: size *= 2
            case EINTR: continue
            default: return nil
            }
        }
        return nil
    }
}
