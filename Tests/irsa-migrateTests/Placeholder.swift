import XCTest

final class irsamigratePlaceholderTests: XCTestCase {
    func testTargetBuilds() {}
}
