import Dispatch

/// Work on independent parts of a large input spread over the machine's cores, the results
/// kept in input order, so the output is the same as one thread's.
enum ParallelSlices {
    /// `transform` of each of about `count` contiguous slices of `indices`, in order. It runs
    /// on several threads at once: it must only read what it shares.
    static func map<Result>(_ indices: Range<Int>, count: Int, _ transform: @Sendable (Range<Int>) -> Result) -> [Result] {
        let size = max(1, (indices.count + count - 1) / max(1, count))
        let slices = stride(from: indices.lowerBound, to: indices.upperBound, by: size).map {
            $0..<min($0 + size, indices.upperBound)
        }
        // Each iteration writes only its own slot.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: slices.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: slices.count) { index in results[index] = transform(slices[index]) }
        return results.map { $0! }
    }
}
