extension Step {
    /// `step 4 (add-trust-statements arn:...)`, how messages name a step.
    var label: String { "step \(position) (\(action.rawValue) \(target))" }

    /// The object reference of a Kubernetes target.
    func objectRef() throws(StepFailure) -> ObjectRef {
        guard let ref = target.objectRef else { throw StepFailure("\(label) has a target that is not a Kubernetes object") }
        return ref
    }
}
