package mgdaunet.nn.unet;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of a {@link UNet}.
 *
 * @param inChannels  channels of the input images
 * @param classes     output classes (a 1x1 conv head); 0 for none: the network then returns its last
 *                    feature map, {@code widths[0]} channels at the input's size (the shared
 *                    representation of a multi-task model)
 * @param widths      encoder widths, one block (and one 2x2 max-pool) per entry; the decoder mirrors them
 * @param bottleneck  width of the block between encoder and decoder
 * @param upsampling  nearest or transposed-conv upsampling in the decoder
 * @param bias        convolutions with bias (PyTorch's default, the seed's); without, batch-norm's shift does that job
 */
public record UNetConfig(int inChannels, int classes, List<Integer> widths, int bottleneck, Upsampling upsampling, boolean bias) {
    public UNetConfig {
        widths = List.copyOf(widths);
        if (inChannels < 1 || classes < 0 || bottleneck < 1 || widths.isEmpty() || widths.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("UNet config: input channels " + inChannels + " and bottleneck " + bottleneck
                    + " must be >= 1, classes " + classes + " >= 0 (0: no head), widths " + widths + " non-empty and >= 1");
        }
        if (widths.size() > 16) throw new IllegalArgumentException("UNet config: " + widths.size() + " encoder blocks is too deep (at most 16)");
        if (upsampling == null) throw new IllegalArgumentException("UNet config: upsampling must be NEAREST or TRANSPOSED");
    }

    /**
     * The seed notebook's network: 1 input channel, 11 classes, widths 16, 32, 48, 64, bottleneck 64,
     * nearest upsampling, convolutions with bias (412,747 parameters).
     */
    public static UNetConfig seed() {
        return new UNetConfig(1, 11, List.of(16, 32, 48, 64), 64, Upsampling.NEAREST, true);
    }

    public UNetConfig withInChannels(int c) {
        return new UNetConfig(c, classes, widths, bottleneck, upsampling, bias);
    }

    /** 0 for no head (the network returns its last feature map). */
    public UNetConfig withClasses(int c) {
        return new UNetConfig(inChannels, c, widths, bottleneck, upsampling, bias);
    }

    public UNetConfig withWidths(int... w) {
        return new UNetConfig(inChannels, classes, Arrays.stream(w).boxed().toList(), bottleneck, upsampling, bias);
    }

    public UNetConfig withBottleneck(int b) {
        return new UNetConfig(inChannels, classes, widths, b, upsampling, bias);
    }

    public UNetConfig withUpsampling(Upsampling u) {
        return new UNetConfig(inChannels, classes, widths, bottleneck, u, bias);
    }

    public UNetConfig withBias(boolean b) {
        return new UNetConfig(inChannels, classes, widths, bottleneck, upsampling, b);
    }

    /** Encoder blocks, each followed by a 2x2 max-pool. */
    public int depth() {
        return widths.size();
    }

    /** Input heights and widths are padded up to a multiple of this, 2^depth, and the output cropped back. */
    public int sizeMultiple() {
        return 1 << depth();
    }

    /** Channels of the output: the classes, or with no head the last feature map's {@code widths[0]}. */
    public int outChannels() {
        return classes > 0 ? classes : widths.getFirst();
    }
}
