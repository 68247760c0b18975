package mgdaunet.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import mgdaunet.app.data.DataFileException;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.data.Task;
import mgdaunet.app.metrics.Argmax;
import mgdaunet.app.predict.InputImages;
import mgdaunet.app.render.Canvas;
import mgdaunet.app.render.Png;
import mgdaunet.app.report.Json;
import mgdaunet.app.train.RestoredModel;
import mgdaunet.app.train.TrainConfig;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mgda-unet predict}: masks and digits for PNG images or .npy batches. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run a checkpoint on images: PNG files (grey or colour) or .npy batches (N x H x W grey, 0-255 or 0-1),",
            "of the size the network was trained on (64 x 84 for M2NIST scenes), white digits on black.",
            "Writes a coloured mask PNG per image (if the network segments) and prints the digit predictions, as text or --json."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", order = 0, description = "A checkpoint of a run, or a bare state dict with --config.")
    Path checkpoint;

    @Option(names = "--config", paramLabel = "FILE", order = 1, description = "The config.json describing the network (default: the checkpoint's own).")
    Path config;

    @Option(names = "--out", defaultValue = "predictions", paramLabel = "DIR", order = 2,
            description = "Folder for the mask PNGs, <image>.mask.png (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", order = 3, description = "Print the predictions as JSON (one object per image) instead of text.")
    boolean json;

    @Option(names = "--invert", order = 4, description = "Invert the grey levels first (for dark digits on a light background).")
    boolean invert;

    @Option(names = "--batch-size", defaultValue = "50", paramLabel = "N", order = 5, description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", order = 6, description = "Compute threads (default: every core).")
    Integer threads;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG images and .npy batches.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            if (threads < 1) throw new UserInputException("--threads must be at least 1, got " + threads);
            Parallel.setThreads(threads);
        }
        if (batchSize < 1) throw new UserInputException("--batch-size must be at least 1, got " + batchSize);
        List<InputImages.Image> images = InputImages.read(inputs);
        RestoredModel restored = RestoredModel.load(checkpoint, config);
        TrainConfig c = restored.config();
        int h = c.model().inputHeight(), w = c.model().inputWidth(), px = h * w;
        InputImages.requireSize(images, h, w);
        boolean segments = c.tasks().contains(Task.SEG.id());
        if (segments) createFolder();
        PrintWriter text = spec.commandLine().getOut();
        JsonArray results = new JsonArray();
        Set<String> names = new HashSet<>();
        for (int from = 0; from < images.size(); from += batchSize) {
            List<InputImages.Image> batch = images.subList(from, Math.min(images.size(), from + batchSize));
            float[] x = new float[batch.size() * px];
            for (int i = 0; i < batch.size(); i++) {
                float[] g = batch.get(i).grey();
                for (int k = 0; k < px; k++) x[i * px + k] = invert ? 1 - g[k] : g[k];
            }
            Map<String, Variable> outputs;
            try (Graph.NoGrad ignored = Graph.noGrad()) {
                outputs = restored.model().forwardAll(Variable.constant(Tensor.wrap(x, batch.size(), 1, h, w)));
            }
            for (int i = 0; i < batch.size(); i++) {
                InputImages.Image img = batch.get(i);
                JsonObject o = new JsonObject();
                o.addProperty("image", img.source());
                StringBuilder line = new StringBuilder(img.source()).append(':');
                for (String t : c.tasks()) {
                    float[] logits = outputs.get(t).value().data();
                    int classes = c.model().classes().get(t);
                    if (t.equals(Task.SEG.id())) {
                        int[] mask = Argmax.pixels(java.util.Arrays.copyOfRange(logits, i * classes * px, (i + 1) * classes * px), 1, classes, h, w);
                        Path file = out.resolve(unique(names, img.stem()) + ".mask.png");
                        writeMask(mask, h, w, file);
                        long[] pixels = new long[classes];
                        for (int m : mask) pixels[m]++;
                        JsonObject seg = new JsonObject();
                        seg.addProperty("mask", file.toString());
                        JsonObject counts = new JsonObject();
                        line.append("  mask");
                        boolean any = false;
                        for (int k = 0; k < classes; k++) {
                            if (k == SceneSet.BACKGROUND || pixels[k] == 0) continue;
                            counts.addProperty(Integer.toString(k), pixels[k]);
                            line.append(any ? ", " : " ").append(k).append(" (").append(pixels[k]).append(" px)");
                            any = true;
                        }
                        if (!any) line.append(" empty");
                        line.append(" -> ").append(file);
                        seg.add("digit_pixels", counts);
                        o.add(t, seg);
                    } else {
                        double[] p = softmax(logits, i * classes, classes);
                        int best = 0;
                        for (int k = 1; k < classes; k++) if (p[k] > p[best]) best = k;
                        JsonObject d = new JsonObject();
                        d.addProperty("class", best);
                        d.addProperty("probability", p[best]);
                        d.add("probabilities", Json.toTree(p));
                        o.add(t, d);
                        line.append(String.format(Locale.ROOT, "  %s %d (%.2f)", t, best, p[best]));
                    }
                }
                if (json) results.add(o);
                else text.println(line);
            }
        }
        if (json) text.println(Json.toJson(results));
        text.flush();
        return 0;
    }

    private void createFolder() {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserInputException("--out " + out + ": exists and is not a folder");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw DataFileException.of(out, "cannot create the output folder (--out)", e);
        }
    }

    /** The mask in the class colours, at the image's size. */
    private static void writeMask(int[] mask, int h, int w, Path file) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Canvas.paintMask(img, mask, 0, h, w, 0, 0, 1);
        Png.write(img, file);
    }

    /** {@code stem}, or stem-2, stem-3... when two inputs share a name. */
    private static String unique(Set<String> taken, String stem) {
        String name = stem;
        for (int k = 2; !taken.add(name); k++) name = stem + "-" + k;
        return name;
    }

    /** Softmax of one row of logits, in double. */
    static double[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) max = Math.max(max, logits[offset + k]);
        double[] p = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) sum += p[k] = Math.exp(logits[offset + k] - max);
        for (int k = 0; k < n; k++) p[k] /= sum;
        return p;
    }
}
