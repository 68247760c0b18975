package mgdaunet.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mgda-unet} command: the only place in the project that talks to users. */
@Command(name = "mgda-unet", mixinStandardHelpOptions = true, version = "mgda-unet 0.1.0",
        description = "Trains, evaluates and runs a multi-task U-Net with MGDA-UB, in pure Java.",
        subcommands = {CommandLine.HelpCommand.class, DataCommand.class, SummaryCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with every subcommand and the project's error handling (bad input: one line, exit code 2). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserInputErrors());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
