package mgdaunet.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code mgda-unet} command: the only place in the project that talks to users. */
@Command(name = "mgda-unet", mixinStandardHelpOptions = true, version = "mgda-unet 0.1.0",
        description = "Trains, evaluates and runs a multi-task U-Net with MGDA-UB, in pure Java.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
            DataCommand.class, SummaryCommand.class, CompletionCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Set by {@code --verbose} anywhere on the command line (it is inherited by every subcommand). */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error as well as its one-line message.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with every subcommand and the project's error handling (bad input: one line, exit code 2). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setOverwrittenOptionsAllowed(true); // a flag given twice: the last one counts, as in most command lines
        UserInputErrors errors = new UserInputErrors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
