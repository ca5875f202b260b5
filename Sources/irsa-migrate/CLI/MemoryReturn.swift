#if os(Linux)
    import CMalloc
#endif

/// Lets freed large buffers go back to the system at once.
///
/// glibc serves a block above its mmap threshold (128 KiB) from a mapping of its own, but
/// each free of such a block raises the threshold to that block's size, up to 32 MiB. Once
/// the first tens of megabytes of a large plan were freed, the next ones came from the heap
/// and stayed resident: `plan` of a 10,000-workload estate peaked at 280 MB resident where
/// its live memory never passed 130 MB. A threshold set once turns that adjustment off.
enum MemoryReturn {
    static func fixThreshold() {
        #if os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }
}
