import XCTest

final class ClusterIOPlaceholderTests: XCTestCase {
    func testTargetBuilds() {}
}
