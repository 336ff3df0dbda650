import PoseCheckCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let code = PoseCheckCommand.main(CommandLine.arguments)
Console.standard.flush()
exit(code)
