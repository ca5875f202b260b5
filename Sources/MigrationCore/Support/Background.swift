import Dispatch

/// A value worked out on another thread while the caller goes on with something else;
/// `value` waits for it. (The input digest, for one, needs nothing the planner makes.)
public final class Background<Value: Sendable>: @unchecked Sendable {
    // Written once by the worker before `done` is signalled, read only after waiting for it.
    private var result: Value?
    private let done = DispatchGroup()

    public init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    public var value: Value {
        done.wait()
        return result!
    }
}
