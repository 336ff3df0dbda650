#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PoseCheckCLI

let code = PoseCheckCommand.main(CommandLine.arguments)
Console.standard.flush()
exit(code)
