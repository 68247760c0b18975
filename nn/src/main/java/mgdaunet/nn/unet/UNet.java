package mgdaunet.nn.unet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.layers.BatchNorm2d;
import mgdaunet.nn.layers.Conv2d;
import mgdaunet.nn.layers.ConvTranspose2d;
import mgdaunet.nn.layers.MaxPool2d;
import mgdaunet.nn.layers.ModuleList;
import mgdaunet.nn.layers.ReLU;
import mgdaunet.nn.layers.Sequential;
import mgdaunet.nn.layers.Upsample;
import mgdaunet.tensor.Buffers;

/**
 * The U-Net of the seed notebook, configurable ({@link UNetConfig}): an encoder of blocks (two
 * conv3x3 + batch-norm + ReLU each) with a 2x2 max-pool after each, a bottleneck block, and a
 * decoder that upsamples x2 (nearest or conv-transpose k2 s2), concatenates the encoder block's
 * output of the same resolution (the skip) after the upsampled map, and runs a block of the
 * mirrored width. An input whose height or width is not a multiple of 2^depth is padded with zeros
 * at the bottom and right and the output cropped back (64 x 84 runs at 64 x 96), so any size works.
 *
 * <p>Module names match the PyTorch reference ({@code ../shared/tools/pytorch_ref/unet_models.py})
 * one to one. Without a head this is its {@code UNetTrunk}: {@code enc.<i>.<j>}, {@code mid.<j>},
 * {@code ups.<i>} (conv-transpose weights, or parameterless upsampling), {@code dec.<i>.<j>}, with
 * j = 0, 1 the first conv and batch-norm and 3, 4 the second's (2 and 5 the ReLUs). With a head it is
 * the reference's {@code UNet}: that trunk under {@code trunk.} and the 1x1 conv under
 * {@code head.conv.}; the head runs before the crop (fewer channels to crop than the trunk has).
 */
public final class UNet extends Module {
    private final UNetConfig config;
    // Trunk parts (null in a network with a head, which holds a trunk instead).
    private final ModuleList<Sequential> enc, dec;
    private final ModuleList<Module> ups;
    private final Sequential mid;
    private final MaxPool2d pool;
    // Head parts (null without a head).
    private final UNet trunk;
    private final Head head;

    /** Builds the network with PyTorch's default initialization drawn from {@code rng}. */
    public UNet(UNetConfig config, RandomGenerator rng) {
        this.config = config;
        if (config.classes() > 0) {
            trunk = registerModule("trunk", new UNet(config.withClasses(0), rng));
            head = registerModule("head", new Head(new Conv2d(config.widths().getFirst(), config.classes(), 1, 1, 0, config.bias(), rng)));
            enc = dec = null;
            ups = null;
            mid = null;
            pool = null;
            return;
        }
        trunk = null;
        head = null;
        boolean bias = config.bias();
        List<Integer> widths = config.widths();
        enc = registerModule("enc", new ModuleList<>());
        int in = config.inChannels();
        for (int w : widths) {
            enc.add(block(in, w, bias, rng));
            in = w;
        }
        mid = registerModule("mid", block(in, config.bottleneck(), bias, rng));
        ups = registerModule("ups", new ModuleList<>());
        dec = registerModule("dec", new ModuleList<>());
        in = config.bottleneck();
        for (int i = widths.size() - 1; i >= 0; i--) {
            ups.add(config.upsampling() == Upsampling.TRANSPOSED ? ConvTranspose2d.upsampling(in, 2, bias, rng) : new Upsample(2));
            dec.add(block(in + widths.get(i), widths.get(i), bias, rng));
            in = widths.get(i);
        }
        pool = registerModule("pool", new MaxPool2d(2));
    }

    /** conv3x3 -> batch-norm -> ReLU, twice (the reference's {@code double_conv}). */
    private static Sequential block(int in, int out, boolean bias, RandomGenerator rng) {
        return new Sequential(new Conv2d(in, out, 3, 1, 1, bias, rng), new BatchNorm2d(out), new ReLU(),
                new Conv2d(out, out, 3, 1, 1, bias, rng), new BatchNorm2d(out), new ReLU());
    }

    /** The reference's {@code SegHead}: one 1x1 conv named {@code conv}. */
    private static final class Head extends Module {
        private final Conv2d conv;

        Head(Conv2d conv) {
            this.conv = registerModule("conv", conv);
        }

        @Override
        protected Variable compute(Variable z) {
            return conv.forward(z);
        }
    }

    @Override
    protected Variable compute(Variable x) {
        if (x.rank() != 4 || x.dim(1) != config.inChannels()) {
            throw new IllegalArgumentException("UNet: input must be N x " + config.inChannels() + " x H x W, got " + Arrays.toString(x.shape()));
        }
        int h = x.dim(2), w = x.dim(3), m = config.sizeMultiple();
        int padH = (m - h % m) % m, padW = (m - w % m) % m;
        // Pad and crop only when the size asks for it: each is a copy.
        Variable in = padH == 0 && padW == 0 ? x : F.pad2d(x, 0, padH, 0, padW, 0f);
        Variable out;
        if (head == null) {
            out = features(in);
        } else {
            Variable z = trunk.features(in);
            out = head.forward(z);
            recycle(z);
        }
        return padH == 0 && padW == 0 ? out : F.crop2d(out, 0, 0, h, w);
    }

    /** The trunk on an input whose size is already a multiple of 2^depth: the last feature map. */
    private Variable features(Variable x) {
        int depth = config.depth();
        List<Variable> skips = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            x = enc.get(i).forward(x);
            skips.add(x);
            x = pool.forward(x);
        }
        x = mid.forward(x);
        for (int i = 0; i < depth; i++) {
            Variable skip = skips.get(depth - 1 - i), below = x, joined;
            if (ups.get(i) instanceof Upsample up && !summarizing()) {
                // Nearest upsampling written straight into the concat: one full-size map less per level.
                joined = F.upsampleConcat(x, up.factor(), skip);
            } else {
                joined = F.concat(1, ups.get(i).forward(x), skip);
            }
            // The block outputs this level joined are dead once joined.
            recycle(below);
            recycle(skip);
            x = dec.get(i).forward(joined);
        }
        return x;
    }

    /**
     * In inference (no graph recorded, no summary taken) hands the array of {@code blockOutput}, an
     * activation of this network that nothing reads any more, back to {@link Buffers}, where the
     * next convolutions take their outputs: a forward pass then reuses arrays instead of having
     * the JVM zero-fill megabytes for each. Only convolution-block outputs: the pool keeps arrays
     * by exact size, and sizes no convolution asks for would only fill it.
     */
    private static void recycle(Variable blockOutput) {
        if (!Graph.isRecording() && !summarizing()) Buffers.give(blockOutput.value().data());
    }

    public UNetConfig config() {
        return config;
    }

    /** The part without the head (this network itself when it has none). */
    public UNet trunk() {
        return trunk == null ? this : trunk;
    }

    /** The 1x1 classification conv, or null without a head. */
    public Conv2d head() {
        return head == null ? null : head.conv;
    }

    @Override
    public String toString() {
        return "UNet(" + config + ")";
    }
}
