/// One file `irsa-migrate export` writes: its path under the output directory and its text.
/// The content is computed here and unit-tested; the CLI only writes it.
public struct ExportFile: Equatable, Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }

    /// JSON, which is also valid YAML: no YAML library needed to write or read it.
    static func json(_ path: String, _ value: JSONValue) -> ExportFile {
        ExportFile(path: path, contents: value.serialized(.pretty) + "\n")
    }
}

/// What one owner gets: its files and a line per file for INDEX.md, by phase.
struct OwnerExport {
    var owner: Owner
    var files: [ExportFile] = []
    var entries: [Phase: [String]] = [:]
    /// Manifests and patches a kustomization lists (paths relative to the owner's folder).
    var kustomizeResources: [String] = []
    var kustomizePatches: [(path: String, target: ObjectRef)] = []

    mutating func add(_ file: ExportFile, phase: Phase, _ what: String) {
        files.append(file)
        entries[phase, default: []].append("`\(file.path)`: \(what)")
    }
}
