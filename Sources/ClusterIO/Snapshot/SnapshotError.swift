/// Why a snapshot directory could not be read or written; each case says how to fix it.
public enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingDirectory(String)
    case missingFile(directory: String, file: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case decoding(DecodeError)

    public var description: String {
        switch self {
        case .missingDirectory(let directory):
            return "snapshot directory \(directory) does not exist; create one with: irsa-migrate snapshot --out \(directory)"
        case .missingFile(let directory, let file):
            return "snapshot \(directory) has no \(file); write one with: \(Self.recipe(file, directory))"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason); check the directory's permissions and free space"
        case .decoding(let error):
            return "snapshot file \(error.description)"
        }
    }

    private static func recipe(_ file: String, _ directory: String) -> String {
        switch file {
        case RawInventory.kubernetesFile:
            return "kubectl get \(Kubectl.inventoryKinds) -A -o json > \(directory)/\(file)"
        case RawInventory.iamRolesFile:
            return "aws iam list-roles --output json > \(directory)/\(file)"
        default:
            return "aws iam list-open-id-connect-providers --output json > \(directory)/\(file)"
        }
    }
}
