import CGlibc

/// Keeps the daemon's resident memory close to what it uses.
///
/// glibc keeps memory freed by the large transient allocations of a pass or of a reply for all
/// agreements (tens of MB of JSON and evaluation values) in per-thread arenas: on the 2,000-agreement
/// benchmark the daemon sat at 170–240 MB resident while using a fraction of it. Two arenas are plenty
/// for a daemon whose work is serialised by actors, and after large work the free memory goes back to the
/// system.
enum MemoryHygiene {
    /// At start, before threads exist: two arenas, and blocks of 1 MiB or more (the buffers of large replies)
    /// mapped on their own so that freeing them gives the memory back at once.
    static func limitArenas() {
        tally_malloc_limit_arenas(2)
        tally_malloc_mmap_threshold(1 << 20)
        // Fixing the mmap threshold leaves glibc's trim threshold at 128 KiB: every free() that left more at the
        // top of a heap gave it back (madvise), and the next allocation faulted it in again — on the first start
        // of 2,000 agreements a third of the daemon's time went to page faults (perf). Free memory is given back
        // by `trim()` after the work instead.
        tally_malloc_trim_threshold(8 << 20)
    }

    /// After a pass, a large reply or a burst of calls: returns free heap memory to the system (a few ms at most).
    static func trim() {
        tally_malloc_trim()
    }

    /// Replies at least this large are followed by a trim.
    static let largeReply = 1 << 20
}
