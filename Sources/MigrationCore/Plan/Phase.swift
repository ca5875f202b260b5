/// The phases of a migration, in the order they run.
public enum Phase: String, Codable, Sendable, CaseIterable, Comparable {
    case prepare, cutover, verify, cleanup

    private var rank: Int {
        switch self {
        case .prepare: 0
        case .cutover: 1
        case .verify: 2
        case .cleanup: 3
        }
    }

    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rank < rhs.rank }
}
