package mgdaunet.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data flags of {@code train} and {@code evaluate}. Unset flags are null: {@code train} fills in
 * its defaults, {@code evaluate} the values the checkpoint's run used.
 */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", order = 1,
            description = "A folder of IDX digit files (MNIST, Fashion-MNIST, EMNIST) to make scenes from, or of M2NIST .npy files "
                    + "(combined.npy, segmented.npy) to read (default: scenes from the 10,000 embedded MNIST digits).")
    Path data;

    @Option(names = "--layout", paramLabel = "LAYOUT", order = 2,
            description = "Scenes to generate: m2nist (64 x 84, 2-3 digits) or multimnist (28 x 28, 2 overlapping digits) (default: m2nist).")
    String layout;

    @Option(names = "--train-size", paramLabel = "N", order = 3, description = "Training scenes (default: 4000).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", order = 4, description = "Test scenes, used for validation after each epoch (default: 1000).")
    Integer testSize;

    @Option(names = "--transposed", order = 5, description = "The IDX images are stored transposed (EMNIST; implied by file names starting with 'emnist').")
    Boolean transposed;
}
