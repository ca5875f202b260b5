/// What `--version` prints. The version is the source's own; the commit and the build date
/// come from `BuildInfo+Generated.swift`, which `make build-info` writes (untracked, gitignored)
/// and which counts only when compiled with `-DIRSA_MIGRATE_BUILD_INFO` (as `make install`
/// does). A plain `swift build` says "unknown" for both rather than something stale or made up.
enum BuildInfo {
    static var line: String {
        "irsa-migrate \(ToolVersion.current) (commit \(GeneratedBuildInfo.commit), built \(GeneratedBuildInfo.date))"
    }
}

#if !IRSA_MIGRATE_BUILD_INFO
    enum GeneratedBuildInfo {
        static let commit = "unknown"
        static let date = "unknown"
    }
#endif
