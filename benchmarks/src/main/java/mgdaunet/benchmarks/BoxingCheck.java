package mgdaunet.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.VectorMath;
import mgdaunet.tensor.spatial.BatchNorm2d;
import mgdaunet.tensor.spatial.Conv2d;
import mgdaunet.tensor.spatial.ConvGeometry;

/**
 * Tells a JVM whose C2 code boxes the Vector API values of the weight-gradient kernels (and of
 * batch-norm's ReLU gradient) from a good one, by the bytes each call allocates: the U-Net's
 * stride-1 conv weight gradients and batch-norm + ReLU backwards, in training order, one thread.
 * Prints one line per op after each round; a good JVM's weight gradient allocates about nothing.
 *
 * <p>It reproduces the boxing rarely (1 of 12 JVMs of the build whose short training runs boxed in
 * 19 of 31 one-thread JVMs): to tell whether a build boxes, count the bytes a short training run allocates instead
 * (benchmarks/README.md, "Fixed: some JVMs boxed"). This tells which ops allocate once a JVM does box.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar mgdaunet.benchmarks.BoxingCheck [rounds] [batch]</pre>
 */
public final class BoxingCheck {
    /** Cin x Cout x H x W of the seed U-Net's 3x3 convolutions with 32 or more output channels. */
    private static final int[][] CONVS = {
            {16, 32, 32, 48}, {32, 32, 32, 48}, {32, 48, 16, 24}, {48, 48, 16, 24}, {48, 64, 8, 12}, {64, 64, 8, 12},
            {128, 64, 8, 12}, {112, 48, 16, 24}, {80, 32, 32, 48}};

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rng = new SplittableRandom(42);
        int nc = CONVS.length;
        ConvGeometry[] g = new ConvGeometry[nc];
        float[][] x = new float[nc][], dy = new float[nc][], dw = new float[nc][];
        Tensor[] bx = new Tensor[nc], bdy = new Tensor[nc], br = new Tensor[nc], gamma = new Tensor[nc], mean = new Tensor[nc], inv = new Tensor[nc];
        for (int i = 0; i < nc; i++) {
            int[] s = CONVS[i];
            g[i] = ConvGeometry.conv2d(new int[] {batch, s[0], s[2], s[3]}, new int[] {s[1], s[0], 3, 3}, 1, 1);
            x[i] = ConvBenchmark.random(rng, g[i].inputSize());
            dy[i] = ConvBenchmark.random(rng, g[i].outputSize());
            dw[i] = new float[g[i].weightSize()];
            int[] shape = {batch, s[1], s[2], s[3]};
            bx[i] = Tensor.of(ConvBenchmark.random(rng, g[i].outputSize()), shape);
            bdy[i] = Tensor.of(ConvBenchmark.random(rng, g[i].outputSize()), shape);
            br[i] = Tensor.of(ConvBenchmark.random(rng, g[i].outputSize()), shape);
            gamma[i] = Tensor.of(ConvBenchmark.random(rng, s[1]), s[1]);
            mean[i] = Tensor.of(ConvBenchmark.random(rng, s[1]), s[1]);
            inv[i] = Tensor.full(1f, s[1]);
        }
        long[] wBytes = new long[nc], bnBytes = new long[nc];
        double sink = 0;
        // The training's other Vector API code in between, as MGDA's Gram matrix calls it once a step.
        float[] d = ConvBenchmark.random(rng, 1 << 16);
        long lastWeight = 0;
        for (int round = 1; round <= rounds; round++) {
            sink += VectorMath.dot(d, d) + VectorMath.sumOfSquares(d);
            for (int i = nc - 1; i >= 0; i--) {
                long t0 = bean.getCurrentThreadAllocatedBytes();
                BatchNorm2d.Gradients bg = BatchNorm2d.backward(bdy[i], bx[i], br[i], gamma[i], mean[i], inv[i]);
                long t1 = bean.getCurrentThreadAllocatedBytes();
                Conv2d.backwardWeight(g[i], dy[i], x[i], dw[i]);
                long t2 = bean.getCurrentThreadAllocatedBytes();
                bnBytes[i] = t1 - t0;
                wBytes[i] = t2 - t1;
                sink += dw[i][0] + bg.input().data()[0];
            }
            StringBuilder sb = new StringBuilder("round " + round + " weight KB");
            long wTotal = 0, bnTotal = 0;
            for (int i = 0; i < nc; i++) {
                sb.append(' ').append(wBytes[i] / 1024);
                wTotal += wBytes[i];
                bnTotal += bnBytes[i];
            }
            sb.append(" | bn KB");
            for (int i = 0; i < nc; i++) sb.append(' ').append(bnBytes[i] / 1024);
            sb.append(" | total weight KB ").append(wTotal / 1024).append(" bn KB ").append(bnTotal / 1024);
            System.out.println(sb);
            lastWeight = wTotal;
        }
        System.out.println("sink " + (float) sink);
        // A good JVM's weight gradients allocate a few KB per round once compiled; a boxing one tens to
        // hundreds of MB. Until C2 has compiled the kernels (about 10 rounds) they allocate anyway.
        if (rounds < 20) System.out.println("too few rounds to tell (the kernels may not be compiled yet)");
        else System.out.println(lastWeight > (1 << 20) ? "BOXING: the weight-gradient kernels allocate" : "no boxing");
    }
}
