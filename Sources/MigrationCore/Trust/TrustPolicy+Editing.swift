/// Edits as pure functions: each returns a new policy and leaves untouched statements as read.
extension TrustPolicy {
    /// Appends `added` in order. A Sid that is already taken gets the first free numeric
    /// suffix (`Sid2`, `Sid3`, ...), because IAM rejects duplicate Sids. Equivalent statements
    /// are not skipped: callers decide idempotence with `contains(equivalentTo:)`.
    public func adding(_ added: [TrustStatement]) -> TrustPolicy {
        var copy = self
        for statement in added {
            copy.statements.append(statement.withUniqueSid(among: copy.statements))
        }
        return copy
    }

    public func removing(where shouldRemove: (TrustStatement) -> Bool) -> TrustPolicy {
        var copy = self
        copy.statements.removeAll(where: shouldRemove)
        return copy
    }

    /// Removes every statement equivalent to one of `removed`.
    public func removing(_ removed: [TrustStatement]) -> TrustPolicy {
        let unwanted = Set(removed.map(\.canonicalText))
        return removing { unwanted.contains($0.canonicalText) }
    }

    /// Puts `new` where the first statement equivalent to `old` is; unchanged when there is
    /// none. Later duplicates of `old` stay, so an edit touches one statement and its rollback
    /// restores exactly that one. `new` keeps its Sid unless another statement has it.
    public func replacing(_ old: TrustStatement, with new: TrustStatement) -> TrustPolicy {
        let target = old.canonicalText
        guard let position = statements.firstIndex(where: { $0.canonicalText == target }) else { return self }
        var copy = self
        var others = statements
        others.remove(at: position)
        copy.statements[position] = new.withUniqueSid(among: others)
        return copy
    }

    /// Merges simple-shape IRSA statements (see `WebIdentityShape`) that share provider,
    /// issuer, audiences and operators into the first of them, subjects unioned. What may
    /// assume the role does not change (`accessGrants()` stays equal); the document shrinks,
    /// which is what the planner tries before declaring a role over the size quota.
    public func compactingWebIdentity() -> TrustPolicy {
        struct GroupKey: Hashable {
            var provider: String
            var issuer: String
            var audiences: [String]
            var subjectOperator: String
            var audienceOperator: String?
        }
        var firstPosition: [GroupKey: Int] = [:]
        // Subjects to merge into the first statement of each group, merged once at the end:
        // merging one statement at a time re-sorted and re-parsed the growing list each time.
        var subjectsToMerge: [Int: [String]] = [:]
        var merged: [TrustStatement] = []
        for statement in statements {
            guard let shape = statement.webIdentityShape else {
                merged.append(statement)
                continue
            }
            let key = GroupKey(
                provider: shape.provider, issuer: shape.issuer, audiences: shape.audiences,
                subjectOperator: shape.subjectOperator.lowercased(), audienceOperator: shape.audienceOperator?.lowercased())
            if let position = firstPosition[key] {
                subjectsToMerge[position, default: []] += shape.subjects
            } else {
                firstPosition[key] = merged.count
                merged.append(statement)
            }
        }
        guard merged.count != statements.count else { return self }
        for (position, subjects) in subjectsToMerge { merged[position] = merged[position].mergingSubjects(subjects) }
        var copy = self
        copy.statements = merged
        return copy
    }
}

extension TrustStatement {
    /// This statement, with its Sid suffixed (`Sid2`, `Sid3`, ...) when one of `others` has it.
    /// An empty or missing Sid never collides.
    func withUniqueSid(among others: [TrustStatement]) -> TrustStatement {
        guard let sid, !sid.isEmpty else { return self }
        let taken = Set(others.compactMap(\.sid))
        guard taken.contains(sid) else { return self }
        var suffix = 2
        while taken.contains("\(sid)\(suffix)") { suffix += 1 }
        return withSid("\(sid)\(suffix)")
    }
}
