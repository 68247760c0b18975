package mgdaunet.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mgdaunet.nn.Summary;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.nn.unet.Upsampling;
import mgdaunet.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mgda-unet summary}: the U-Net's layers, output shapes and parameter counts for an input shape. */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a Keras-style summary of the U-Net (layer, output shape, parameters, totals) for an input shape.",
            "Default: the seed network (nearest upsampling, 1 input channel, 11 classes, widths 16, 32, 48, 64, bottleneck 64) on 1 x 1 x 64 x 84."})
public final class SummaryCommand implements Callable<Integer> {
    /** The largest activation a summary builds, in floats (1 GiB): beyond that the forward pass would not fit. */
    static final long MAX_ACTIVATION_FLOATS = 1L << 28;

    @Spec
    CommandSpec spec;

    @Option(names = "--upsampling", defaultValue = "nearest", paramLabel = "MODE",
            description = "nearest (the seed's) or transposed (conv-transpose k2 s2) (default: ${DEFAULT-VALUE}).")
    String upsampling;

    @Option(names = "--input", defaultValue = "1x1x64x84", paramLabel = "NxCxHxW",
            description = "Input shape: batch x channels x height x width; any height and width (padded to a multiple of 2^depth inside) (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--widths", defaultValue = "16,32,48,64", paramLabel = "W1,W2,...",
            description = "Encoder widths, one block and one 2x2 pooling each (default: ${DEFAULT-VALUE}).")
    String widths;

    @Option(names = "--bottleneck", paramLabel = "W", description = "Width of the bottleneck block (default: the last encoder width).")
    String bottleneck;

    @Option(names = "--classes", defaultValue = "11", paramLabel = "K",
            description = "Output classes of the 1x1 head; 0: no head, the network ends with its last feature map (default: ${DEFAULT-VALUE}).")
    String classes;

    @Option(names = "--no-bias", description = "Convolutions without bias (batch-norm's shift does that job).")
    boolean noBias;

    @Override
    public Integer call() {
        int[] shape = parseShape(input);
        List<Integer> w = parseList("--widths", widths);
        int b = bottleneck == null ? w.getLast() : parseInt("--bottleneck", bottleneck, 1);
        int k = parseInt("--classes", classes, 0);
        Upsampling up = switch (upsampling.toLowerCase(Locale.ROOT)) {
            case "nearest" -> Upsampling.NEAREST;
            case "transposed" -> Upsampling.TRANSPOSED;
            default -> throw new UserInputException("unknown --upsampling '" + upsampling + "'; expected nearest or transposed");
        };
        if (w.size() > 16) throw new UserInputException("--widths: " + w.size() + " encoder blocks is too deep (at most 16)");
        int widest = Math.max(b, w.stream().mapToInt(Integer::intValue).max().orElse(1));
        int m = 1 << w.size();
        long padded = (long) shape[0] * ((shape[2] + m - 1) / m * m) * ((shape[3] + m - 1) / m * m);
        if (padded * Math.max(widest, Math.max(k, shape[1])) * 2 > MAX_ACTIVATION_FLOATS) {
            throw new UserInputException("--input " + input + " with widths up to " + widest + " needs activations beyond "
                    + (MAX_ACTIVATION_FLOATS * 4 >> 30) + " GiB; use a smaller batch or image");
        }
        UNetConfig config = new UNetConfig(shape[1], k, w, b, up, !noBias);
        Summary s = new UNet(config, Tensor.rng(0)).summary(shape);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "U-Net: %s upsampling, %d input channel%s, %s, widths %s, bottleneck %d, convolutions %s bias%n",
                up.name().toLowerCase(Locale.ROOT), shape[1], shape[1] == 1 ? "" : "s",
                k == 0 ? "no head (returns the last feature map)" : k + " classes", w, b, noBias ? "without" : "with");
        out.print(s);
        out.flush();
        return 0;
    }

    /** "1x1x64x84" (or with commas) into four positive sizes. */
    static int[] parseShape(String text) {
        String[] parts = text.trim().split("[x,]", -1);
        if (parts.length != 4) throw new UserInputException("--input '" + text + "' must be four sizes N x C x H x W, e.g. 1x1x64x84");
        int[] shape = new int[4];
        for (int i = 0; i < 4; i++) shape[i] = parseInt("--input", parts[i], 1);
        return shape;
    }

    static List<Integer> parseList(String flag, String text) {
        List<Integer> out = new ArrayList<>();
        for (String p : text.trim().split(",", -1)) out.add(parseInt(flag, p, 1));
        return out;
    }

    static int parseInt(String flag, String text, int min) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UserInputException(flag + ": '" + text.trim() + "' is not a whole number");
        }
        if (v < min) throw new UserInputException(flag + ": " + v + " must be at least " + min);
        return v;
    }
}
