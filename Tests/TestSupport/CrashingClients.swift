import Foundation

/// Wrapper scripts for kubectl and aws that run the real client, except at one armed call:
/// there they kill their parent, irsa-migrate, with SIGKILL, either before the call runs or
/// right after it returned. A crash at a chosen point of apply, with no hook in the tool.
public struct CrashingClients {
    public enum Moment: String, Sendable {
        /// The call never runs: the step is `applying` and nothing was changed.
        case before
        /// The call ran: the change landed, and the journal never heard of it.
        case after
    }

    public let kubectl: URL
    public let aws: URL
    let trigger: URL

    public init(realAWS: String, in directory: URL) throws {
        trigger = directory.appendingPathComponent("crash-at")
        kubectl = directory.appendingPathComponent("kubectl")
        aws = directory.appendingPathComponent("aws")
        for (script, real) in [(kubectl, "kubectl"), (aws, realAWS)] {
            // `mv` claims the trigger, so exactly one of several concurrent calls crashes.
            let text = """
                #!/bin/sh
                trigger='\(trigger.path)'
                if [ -f "$trigger" ] && read -r moment call < "$trigger"; then
                  case " $* " in
                    *" $call "*)
                      if mv "$trigger" "$trigger.taken" 2>/dev/null; then
                        [ "$moment" = after ] && \(real) "$@"
                        kill -KILL "$PPID"
                        exit 137
                      fi;;
                  esac
                fi
                exec \(real) "$@"

                """
            try Data(text.utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
    }

    /// Arms one crash: at the first call whose arguments contain `call` (e.g. `rollout status`).
    public func arm(_ moment: Moment, at call: String) throws {
        try Data("\(moment.rawValue) \(call)\n".utf8).write(to: trigger)
    }

    /// Whether the armed crash happened.
    public var fired: Bool { !FileManager.default.fileExists(atPath: trigger.path) }
}
