import Foundation
import ReinCLI

exit(Rein.main(CommandLine.arguments))
