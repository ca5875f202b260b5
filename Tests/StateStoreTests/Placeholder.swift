import XCTest

final class StateStorePlaceholderTests: XCTestCase {
    func testTargetBuilds() {}
}
