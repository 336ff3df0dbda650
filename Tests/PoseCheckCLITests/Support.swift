// Test support: run the CLI in process, find the package's folders.
import PoseCheckCLI
import PoseFormats
import PoseScanning
import PoseSynth
import Synchronization

final class Captured: Sendable {
    let out = Mutex("")
    let err = Mutex("")
    var console: Console {
        Console(out: { s in self.out.withLock { $0 += s } }, err: { s in self.err.withLock { $0 += s } })
    }
}

struct CLIResult {
    var code: Int32
    var out: String
    var err: String
}

func runCLI(_ args: [String]) -> CLIResult {
    let c = Captured()
    let code = PoseCheckCommand.main(["posecheck"] + args, console: c.console)
    return CLIResult(code: code, out: c.out.withLock { $0 }, err: c.err.withLock { $0 })
}

let fixturesRoot = PackagePaths.fixtures

func parseJSON(_ text: String) throws -> JSONValue {
    try JSONScanner.parseDocument(.memory(Array(text.utf8)), path: "<output>")
}
