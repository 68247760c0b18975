package mgdaunet.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mgda-unet} command: the only place in the project that talks to users. */
@Command(name = "mgda-unet", mixinStandardHelpOptions = true, version = "mgda-unet 0.1.0",
        description = "Trains, evaluates and runs a multi-task U-Net with MGDA-UB, in pure Java.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
