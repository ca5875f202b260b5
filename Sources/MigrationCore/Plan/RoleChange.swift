/// A role whose trust policy the plan changes, for review: both documents and their sizes.
public struct RoleChange: Codable, Equatable, Sendable {
    public var arn: String
    public var quota: Int
    public var sizeBefore: Int
    public var sizeAfter: Int
    public var before: JSONValue
    public var after: JSONValue

    public init(arn: String, quota: Int, sizeBefore: Int, sizeAfter: Int, before: JSONValue, after: JSONValue) {
        self.arn = arn
        self.quota = quota
        self.sizeBefore = sizeBefore
        self.sizeAfter = sizeAfter
        self.before = before
        self.after = after
    }
}
