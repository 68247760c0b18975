package mgdaunet.benchmarks;

import java.util.Arrays;

/** Parses benchmark shape parameters such as {@code "25x16x64x96"}. */
final class Shapes {
    private Shapes() {}

    static int[] parse(String s) {
        return Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }
}
