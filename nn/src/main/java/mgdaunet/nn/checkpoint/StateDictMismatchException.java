package mgdaunet.nn.checkpoint;

import java.util.List;

/**
 * Named tensors that do not fit where they are loaded: names the target expects but the source
 * lacks, names the source has but the target does not know, and names whose shapes differ. The
 * message is one line; the accessors give the full lists.
 */
public final class StateDictMismatchException extends IllegalArgumentException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misShaped;

    StateDictMismatchException(String message, List<String> missing, List<String> unexpected, List<String> misShaped) {
        super(message);
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misShaped = List.copyOf(misShaped);
    }

    /** Names the target expects that the source lacks. */
    public List<String> missing() {
        return missing;
    }

    /** Names in the source the target does not know. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** Names present on both sides with different shapes. */
    public List<String> misShaped() {
        return misShaped;
    }
}
