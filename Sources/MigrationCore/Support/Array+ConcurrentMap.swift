import Dispatch

extension Array where Element: Sendable {
    /// `map` on several threads at once, the results in order: the same as `map` when
    /// `transform` only reads what it shares.
    func concurrentMap<Result>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        // Each iteration writes only its own slot.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: count) { index in results[index] = transform(self[index]) }
        return results.map { $0! }
    }

    /// `transform` of each run of `size` consecutive elements, on several threads at once, the
    /// results in order: a slice is enough work to pay for handing it to a thread.
    func concurrentMap<Result>(slicesOf size: Int, _ transform: @Sendable (ArraySlice<Element>) -> Result) -> [Result] {
        indices.slices(of: size).concurrentMap { transform(self[$0]) }
    }
}

extension Range<Int> {
    /// Consecutive ranges of `size` (the last one shorter) covering this one.
    func slices(of size: Int) -> [Range<Int>] {
        stride(from: lowerBound, to: upperBound, by: size).map { $0..<Swift.min($0 + size, upperBound) }
    }
}
