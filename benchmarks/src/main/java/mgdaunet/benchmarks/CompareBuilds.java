package mgdaunet.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the engine in one JVM, each jar in its own class loader (its own classes, thread
 * pool and JIT profile), timed in turn on the seed U-Net: one forward (evaluation mode, no graph) or
 * one training step (as {@link UNetStepBenchmark}) of build A, then of build B, the order
 * alternating, so both see the same machine load. On a shared machine JMH runs of two builds,
 * minutes apart, differ by more than most changes they are meant to resolve; this does not (two
 * copies of one build measure within about 2%). Only the public API is called (by reflection), so
 * any two jars that have it compare, e.g. {@code benchmarks.jar} built before and after a change.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar mgdaunet.benchmarks.CompareBuilds \
 *     before.jar after.jar [forward|trainStep [batch [NEAREST|TRANSPOSED [warm-up [pairs]]]]]</pre>
 *
 * Prints both medians and B / A (of the medians, and the median of the per-pair ratios): below 1
 * means B is faster.
 */
public final class CompareBuilds {
    private CompareBuilds() {}

    /** One build's U-Net, optimizer and data, driven through its own classes. */
    private static final class Build {
        final Object net, adam, x, loss;
        final int[] targets;
        final Method eval, train, forward, value, noGrad, zeroGrad, lossForward, backward, step, item;

        Build(Path jar, int batch, String upsampling) throws Exception {
            ClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> tensor = cl.loadClass("mgdaunet.tensor.Tensor"), variable = cl.loadClass("mgdaunet.autograd.Variable");
            Class<?> config = cl.loadClass("mgdaunet.nn.unet.UNetConfig"), unet = cl.loadClass("mgdaunet.nn.unet.UNet");
            Class<?> ups = cl.loadClass("mgdaunet.nn.unet.Upsampling"), module = cl.loadClass("mgdaunet.nn.Module");
            Class<?> adamClass = cl.loadClass("mgdaunet.nn.optim.Adam"), options = cl.loadClass("mgdaunet.nn.optim.Adam$Options");
            Class<?> graph = cl.loadClass("mgdaunet.autograd.Graph"), ce = cl.loadClass("mgdaunet.nn.loss.CrossEntropyLoss");
            Method rng = tensor.getMethod("rng", long.class);
            Object cfg = config.getMethod("withUpsampling", ups).invoke(config.getMethod("seed").invoke(null),
                    ups.getMethod("valueOf", String.class).invoke(null, upsampling));
            net = unet.getConstructor(config, java.util.random.RandomGenerator.class).newInstance(cfg, rng.invoke(null, 1L));
            Object opts = options.getMethod("withLr", double.class).invoke(options.getMethod("adam").invoke(null), 1e-3);
            adam = adamClass.getConstructor(List.class, options).newInstance(module.getMethod("parameters").invoke(net), opts);
            Object data = tensor.getMethod("uniform", java.util.random.RandomGenerator.class, float.class, float.class, int[].class)
                    .invoke(null, rng.invoke(null, 2L), 0f, 1f, new int[] {batch, 1, 64, 84});
            x = variable.getMethod("constant", tensor).invoke(null, data);
            targets = new int[batch * 64 * 84];
            var r = (java.util.random.RandomGenerator) rng.invoke(null, 3L);
            for (int i = 0; i < targets.length; i++) targets[i] = r.nextInt(11);
            loss = ce.getConstructor().newInstance();
            eval = module.getMethod("eval");
            train = module.getMethod("train");
            forward = module.getMethod("forward", variable);
            value = variable.getMethod("value");
            noGrad = graph.getMethod("noGrad");
            zeroGrad = adamClass.getMethod("zeroGrad");
            lossForward = ce.getMethod("forward", variable, int[].class);
            backward = variable.getMethod("backward");
            step = adamClass.getMethod("step");
            item = variable.getMethod("item");
        }

        /** Nanoseconds of one evaluation-mode forward without a graph. */
        long forward() throws Exception {
            long t0 = System.nanoTime();
            eval.invoke(net);
            try (AutoCloseable scope = (AutoCloseable) noGrad.invoke(null)) {
                value.invoke(forward.invoke(net, x));
            }
            return System.nanoTime() - t0;
        }

        /** Nanoseconds of one training step: forward, pixel cross-entropy, backward, Adam. */
        long trainStep() throws Exception {
            long t0 = System.nanoTime();
            train.invoke(net);
            zeroGrad.invoke(adam);
            Object l = lossForward.invoke(loss, forward.invoke(net, x), targets);
            backward.invoke(l);
            step.invoke(adam);
            item.invoke(l);
            return System.nanoTime() - t0;
        }

        long run(boolean training) throws Exception {
            return training ? trainStep() : forward();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CompareBuilds A.jar B.jar [forward|trainStep [batch [NEAREST|TRANSPOSED [warm-up [pairs]]]]]");
            System.exit(2);
        }
        boolean training = args.length > 2 && args[2].equals("trainStep");
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        String upsampling = args.length > 4 ? args[4] : "NEAREST";
        int warm = args.length > 5 ? Integer.parseInt(args[5]) : 20, pairs = args.length > 6 ? Integer.parseInt(args[6]) : 40;
        Build[] builds = {new Build(Path.of(args[0]), batch, upsampling), new Build(Path.of(args[1]), batch, upsampling)};
        for (int i = 0; i < warm; i++) for (Build b : builds) b.run(training);
        long[][] t = new long[2][pairs];
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            for (int k = 0; k < 2; k++) {
                int which = k ^ (i & 1);  // A first on even pairs, B first on odd ones
                t[which][i] = builds[which].run(training);
            }
            ratios[i] = (double) t[1][i] / t[0][i];
        }
        double a = median(t[0]), b = median(t[1]);
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%s %s batch %d, %d pairs: A %.1f ms, B %.1f ms (medians); B / A %.3f (medians), %.3f (median of pair ratios)%n",
                training ? "trainStep" : "forward", upsampling, batch, pairs, a / 1e6, b / 1e6, b / a, ratios[pairs / 2]);
        System.exit(0);  // the two builds' thread pools are not daemons in every version
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
