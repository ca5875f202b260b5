/// What the state file's `steps` row holds of one step, as stored text; the stored plan
/// body leaves these members out of its steps, and `Plan(storedJSON:rows:)` puts them back.
public struct StepRow: Sendable {
    public var position: Int
    public var id: String
    public var phase: String
    public var action: String
    public var target: String
    public var fingerprint: String
    public var status: String

    public init(
        position: Int, id: String, phase: String, action: String, target: String, fingerprint: String, status: String
    ) {
        self.position = position
        self.id = id
        self.phase = phase
        self.action = action
        self.target = target
        self.fingerprint = fingerprint
        self.status = status
    }
}

extension Plan {
    /// The plan as the state file keeps its body: each step without the members its `steps`
    /// row holds, without an inverse that reading ignores (a trust edit's swapped lists), and
    /// naming the steps it depends on by position instead of by id. Those repeats were a
    /// third of the body, and made the state file larger than its input.
    /// A plan whose positions are not unique (made by hand, never by a planner) is kept
    /// whole, since its steps could not be matched to their rows.
    public func storedJSON() throws -> [UInt8] {
        var positions: [String: Int] = [:]
        for step in steps { positions[step.id] = step.position }
        return Set(positions.values).count == steps.count
            ? try Plan.jsonEncoder().encodeBytes(StoredPlan(plan: self, positions: positions)) : try compactJSON()
    }

    /// Reads a body written by `storedJSON()`, with the plan's `steps` rows. A body stored
    /// whole (by an earlier irsa-migrate, or for a plan of repeated positions) reads as is.
    public init(storedJSON body: [UInt8], rows: [StepRow]) throws(PlanDecodingError) {
        try self.init(document: try Self.restoring(try Plan.parse(body), from: rows))
    }

    private static func restoring(_ document: JSONValue, from rows: [StepRow]) throws(PlanDecodingError) -> JSONValue {
        guard case .object(var members) = document,
            let index = members.firstIndex(where: { $0.key == CodingKeys.steps.stringValue }),
            case .array(let steps) = members[index].value
        else { return document }
        let byPosition = Dictionary(rows.map { ($0.position, $0) }, uniquingKeysWith: { _, last in last })
        // Each step on its own, on every core; the first failure in step order is the error.
        let slices = steps.indices.slices(of: 1024).concurrentMap { numbers in
            Result { () throws(PlanDecodingError) in
                try numbers.map { number throws(PlanDecodingError) in try restoring(steps[number], at: number, from: byPosition) }
            }
        }
        var restored: [JSONValue] = []
        restored.reserveCapacity(steps.count)
        for slice in slices { restored += try slice.get() }
        members[index].value = .array(restored)
        return .object(members)
    }

    /// A stored step with its row's members put back, and its dependencies named by id again.
    private static func restoring(
        _ step: JSONValue, at index: Int, from rows: [Int: StepRow]
    ) throws(PlanDecodingError) -> JSONValue {
        guard case .object(var members) = step, step[Step.CodingKeys.action.stringValue] == nil else { return step }
        func row(_ position: JSONValue?) throws(PlanDecodingError) -> StepRow {
            guard case .number(let text)? = position, let number = Int(text), let row = rows[number] else {
                throw PlanDecodingError(
                    description: "steps.\(index): no step row has position \(position?.serialized() ?? "(none)")")
            }
            return row
        }
        let own = try row(step[Step.CodingKeys.position.stringValue])
        let columns: KeyValuePairs<Step.CodingKeys, String> = [
            .id: own.id, .phase: own.phase, .action: own.action, .target: own.target, .fingerprint: own.fingerprint,
            .status: own.status,
        ]
        members += columns.map { JSONValue.Member($0.key.stringValue, .string($0.value)) }
        if let dependency = members.firstIndex(where: { $0.key == Step.CodingKeys.dependsOn.stringValue }),
            case .array(let positions) = members[dependency].value
        {
            var ids: [JSONValue] = []
            for position in positions {
                if case .string = position { ids.append(position) } else { ids.append(.string(try row(position).id)) }
            }
            members[dependency].value = .array(ids)
        }
        return .object(members)
    }
}

/// The stored body: `Plan`'s own encoding, with `StoredStep`s.
private struct StoredPlan: Encodable {
    let plan: Plan
    let positions: [String: Int]

    func encode(to encoder: any Encoder) throws {
        try plan.encode(to: encoder, steps: plan.steps.map { StoredStep(step: $0, positions: positions) })
    }
}

/// A step without its row's members. A dependency on a step outside the plan (never made
/// by a planner) keeps the step's dependencies as ids, which read back as they are.
private struct StoredStep: Encodable, Sendable {
    let step: Step
    let positions: [String: Int]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Step.CodingKeys.self)
        let dependencies = step.dependsOn.compactMap { positions[$0] }
        if dependencies.count == step.dependsOn.count {
            try step.encodeContent(to: &container, dependsOn: dependencies, inverses: false)
        } else {
            try step.encodeContent(to: &container, dependsOn: step.dependsOn, inverses: false)
        }
    }
}
