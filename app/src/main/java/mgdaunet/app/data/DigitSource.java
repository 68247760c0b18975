package mgdaunet.app.data;

/**
 * A digit data set split as its files split it: {@code train} digits make training scenes and
 * {@code test} digits make test scenes, so that no digit image is in both.
 */
public record DigitSource(String name, DigitSet train, DigitSet test) {
}
