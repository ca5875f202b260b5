import Foundation

/// The only place that exits: every command returns its exit code or throws.
MemoryReturn.fixThreshold()
let code = await CommandLineInterface.run(Array(CommandLine.arguments.dropFirst()))
exit(code)
