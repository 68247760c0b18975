package mgdaunet.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** placeholder */
@Command(name = "predict", mixinStandardHelpOptions = true)
public final class PredictCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
