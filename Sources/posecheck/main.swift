import PoseCheckCLI
exit(PoseCheckCommand.main(CommandLine.arguments))
