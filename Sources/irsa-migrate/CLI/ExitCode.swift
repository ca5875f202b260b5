/// The exit codes of every command (Terraform's rule for `plan --detailed-exitcode`).
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let changesPlanned: Int32 = 2
    static let usage: Int32 = 64
}
