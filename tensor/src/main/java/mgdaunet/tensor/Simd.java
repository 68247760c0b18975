package mgdaunet.tensor;

/**
 * Chooses between the Vector API kernels and their scalar twins.
 *
 * <p>{@code -Dmgdaunet.simd=false} runs every kernel through its plain-Java twin: the reference the
 * SIMD paths are tested against, and a fallback should the incubating Vector API misbehave on some
 * platform. Read once at class load so the JIT folds the branch away.
 */
public final class Simd {
    private Simd() {}

    /** True unless {@code -Dmgdaunet.simd=false}. */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("mgdaunet.simd", "true"));
}
