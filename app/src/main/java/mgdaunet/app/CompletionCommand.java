package mgdaunet.app;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mgda-unet completion}: prints the bash (and zsh) completion script of the whole command. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash completion script for mgda-unet (zsh reads it too, after 'autoload -U +X bashcompinit && bashcompinit').",
            "Use it now:   source <(./mgda-unet completion)",
            "Install it:   ./mgda-unet completion > ~/.local/share/bash-completion/completions/mgda-unet"})
public final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
