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
}
