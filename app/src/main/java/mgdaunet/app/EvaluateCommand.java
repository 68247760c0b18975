package mgdaunet.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** placeholder */
@Command(name = "evaluate", mixinStandardHelpOptions = true)
public final class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
