/// How a payload type is stored: as the step's `forward` and `inverse` JSON values, which is
/// what the plan document shows. Each payload holds its facts once; an inverse that follows
/// from them (a trust edit's swapped lists) is written for readers and ignored when read.
protocol StepPayloadCoding: Equatable, Sendable {
    associatedtype Forward: Codable
    associatedtype Inverse: Codable
    var forward: Forward { get }
    /// Nil is written as `null`: the step has nothing to undo, or is a check.
    var inverse: Inverse? { get }
    init(forward: Forward, inverse: Inverse?) throws
    /// Whether `init(forward:inverse:)` ignores the inverse: the state file then leaves it out.
    static var inverseFollowsFromForward: Bool { get }
}

extension StepPayloadCoding {
    static var inverseFollowsFromForward: Bool { false }
}

/// The inverse of a step that has none (`null`).
struct NoInverse: Codable, Equatable, Sendable {}

extension StepPayloadCoding where Forward == Self {
    var forward: Self { self }
}

extension StepPayloadCoding where Forward == Self, Inverse == NoInverse {
    var inverse: NoInverse? { nil }
    init(forward: Self, inverse: NoInverse?) { self = forward }
    static var inverseFollowsFromForward: Bool { true }
}
