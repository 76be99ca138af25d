#if canImport(Glibc)
import Glibc
#endif

/// Headroom for OpenBLAS under an address-space limit (`ulimit -v`, `RLIMIT_AS`).
///
/// OpenBLAS 0.3.x takes a 128 MiB work buffer (`BUFFER_SIZE`) the first time a thread makes a level-3 BLAS or LAPACK
/// call, through `malloc`, which reserves a new 64 MiB glibc arena for that thread as well. When the limit refuses the
/// buffer, `blas_memory_alloc` retries forever: the process spins at 100% CPU instead of failing. Hedgebook therefore
/// checks, once at start, that the limit leaves room for those buffers (a trial reservation of `PROT_NONE` pages,
/// released at once) and otherwise stops with a sentence. Without a limit (the usual case) nothing is checked.
public enum AddressSpace {
    /// The address space OpenBLAS takes per calling thread: the 128 MiB buffer and a 64 MiB arena.
    public static let bytesPerBLASThread = 192 << 20
    /// What the rest of a run (Swift heap, thread stacks, result arrays) needs beyond the buffers.
    public static let marginBytes = 64 << 20

    /// The soft `RLIMIT_AS` in bytes, or nil when unlimited.
    public static var limit: Int? {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &r) == 0, r.rlim_cur != rlim_t.max else { return nil }
        return r.rlim_cur > UInt64(Int.max) ? nil : Int(r.rlim_cur)
    }

    /// Nil when `threads` threads can each take their OpenBLAS buffer (or no limit is set); otherwise the reason, as a
    /// sentence naming the limit and what would suffice.
    public static func shortfall(threads: Int) -> String? {
        guard let limit else { return nil }
        let needed = max(1, threads) * bytesPerBLASThread + marginBytes
        let p = mmap(nil, needed, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        if let p, p != MAP_FAILED {
            munmap(p, needed)
            return nil
        }
        let mib = 1 << 20
        return "the address-space limit (ulimit -v \(limit / 1024) KiB) leaves less than \(needed / mib) MiB free "
            + "beyond what the process already holds: OpenBLAS takes a \(bytesPerBLASThread / mib) MiB work area per "
            + "computing thread (\(max(1, threads)) at once here) and, when refused, retries forever instead of failing; "
            + "raise the limit by about \(needed / mib) MiB or remove it"
    }
}
