/// A stored, reviewable migration plan: the data `plan` prints, `report` renders and
/// `apply` executes. It is a value; nothing in it runs.
public struct Plan: Codable, Equatable, Sendable {
    public var header: Header
    public var summary: Summary
    public var findings: [Finding]
    public var steps: [Step]
    public var roles: [RoleChange]
    /// Facts of the plan kind that reports show beyond the steps (issuer-move: which roles
    /// trust which old provider, which stay unchanged and why).
    public var notes: PlanNotes

    public init(
        header: Header, summary: Summary, findings: [Finding], steps: [Step], roles: [RoleChange],
        notes: PlanNotes = PlanNotes()
    ) {
        self.header = header
        self.summary = summary
        self.findings = findings
        self.steps = steps
        self.roles = roles
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case header = "plan"
        case summary, findings, steps, roles, notes
    }

    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, steps: steps)
    }

    /// Every member but the steps as `Plan` encodes them, so the stored form
    /// (`Plan+StoredForm.swift`) differs from the printed one in the steps alone.
    func encode(to encoder: any Encoder, steps: [some Encodable & Sendable]) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(header, forKey: .header)
        try container.encode(summary, forKey: .summary)
        try container.encode(findings, forKey: .findings)
        try container.encode(steps, forKey: .steps, concurrentlyFor: encoder)
        try container.encode(roles, forKey: .roles, concurrentlyFor: encoder)
        try container.encode(notes, forKey: .notes)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        header = try container.decode(Header.self, forKey: .header)
        summary = try container.decode(Summary.self, forKey: .summary)
        findings = try container.decode([Finding].self, forKey: .findings)
        steps = try container.decode([Step].self, forKey: .steps)
        roles = try container.decode([RoleChange].self, forKey: .roles)
        notes = try container.decode(PlanNotes.self, forKey: .notes)
        // Issuer-move plans stored before the facts were typed carry Markdown instead.
        if header.kind == .issuerMove && notes.issuerMove == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .notes, in: container,
                debugDescription: "it was stored by an earlier irsa-migrate without typed issuer-move notes; make the plan again")
        }
    }

    public struct Header: Equatable, Sendable {
        public var id: String
        /// ISO 8601 UTC, from the injected clock.
        public var createdAt: String
        /// `sha256:` of the canonical inventory the plan was made from.
        public var inputDigest: String
        public var options: PlanOptions

        public init(id: String, createdAt: String, inputDigest: String, options: PlanOptions) {
            self.id = id
            self.createdAt = createdAt
            self.inputDigest = inputDigest
            self.options = options
        }

        public var kind: PlanKind { options.kind }
    }

    public struct Summary: Codable, Equatable, Sendable {
        /// Workloads the plan switches to IRSA (kiam-to-irsa) or 0.
        public var workloads: Int
        /// Service accounts the plan creates or annotates.
        public var serviceAccounts: Int
        /// Roles whose trust policy the plan changes.
        public var roles: Int
        public var steps: Int
        /// Items left out of the steps because of an error finding.
        public var blocked: Int

        public init(workloads: Int, serviceAccounts: Int, roles: Int, steps: Int, blocked: Int) {
            self.workloads = workloads
            self.serviceAccounts = serviceAccounts
            self.roles = roles
            self.steps = steps
            self.blocked = blocked
        }
    }
}

extension Plan.Header: Codable {
    private enum CodingKeys: String, CodingKey { case id, kind, createdAt, inputDigest, options }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(inputDigest, forKey: .inputDigest)
        try container.encode(options.recorded, forKey: .options)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        createdAt = try container.decode(String.self, forKey: .createdAt)
        inputDigest = try container.decode(String.self, forKey: .inputDigest)
        let kind = try container.decode(PlanKind.self, forKey: .kind)
        do {
            options = try PlanOptions(kind: kind, recorded: try container.decode([String: String].self, forKey: .options))
        } catch let error as PlanFormatError {
            throw DecodingError.dataCorruptedError(forKey: .options, in: container, debugDescription: error.description)
        }
    }
}

public enum PlanKind: String, Codable, Sendable, CaseIterable {
    case kiamToIRSA = "kiam-to-irsa"
    case issuerMove = "issuer-move"
    case instanceRole = "instance-role"
}
