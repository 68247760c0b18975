package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import mgdaunet.app.data.DigitSources;
import mgdaunet.app.data.Idx;
import mgdaunet.app.data.M2nistFiles;
import mgdaunet.app.data.NdArray;
import mgdaunet.app.data.NpyReader;
import mgdaunet.app.data.SceneSet;
import mgdaunet.app.data.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Exit code 2 and one line on standard error that starts with "mgda-unet: " + {@code start}, no stack trace. */
    static void assertUserError(Run r, String start, String part) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + r.err());
        assertFalse(line.contains("\tat ") || line.contains("Exception"), "no stack trace: " + r.err());
        assertTrue(line.startsWith("mgda-unet: " + start), "starts with " + start + ": " + line);
        assertTrue(line.contains(part), "says '" + part + "': " + line);
    }

    @Test
    void generateThenInspect() throws Exception {
        Path out = dir.resolve("scenes");
        Run g = run("data", "generate", "--out", out.toString(), "--count", "30", "--seed", "4");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith("generated 30 m2nist scenes (64 x 84) from embedded MNIST train digits (8000 images), seed 4"), g.out());
        for (String f : new String[] {"combined.npy", "segmented.npy", "left.npy", "right.npy", "count.npy", "grid.png"}) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        SceneSet set = M2nistFiles.read(out);
        assertEquals(30, set.size());
        assertArrayEquals(new int[] {30, 64, 84, 11}, NpyReader.readHeader(out.resolve("segmented.npy")).shape());
        var png = ImageIO.read(out.resolve("grid.png").toFile());
        assertTrue(png.getWidth() > 4 * 84 && png.getHeight() > 6 * 64, png.getWidth() + " x " + png.getHeight());

        Run i = run("data", "inspect", out.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("images: 30 of 64 x 84"), i.out());
        assertTrue(i.out().contains("digits per image (count.npy): 2: "), i.out());
        assertTrue(i.out().contains("background share: 9"), i.out());
        assertTrue(i.out().contains("inked pixels labelled background: 0; blank pixels labelled as a digit: 0"), i.out());
        int counted = 0;
        for (int c : set.labels(Task.COUNT)) counted += c == 2 ? 1 : 0;
        assertTrue(i.out().contains("2: " + counted + " ("), i.out());
    }

    @Test
    void theSameSeedWritesTheSameFiles() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        assertEquals(0, run("data", "generate", "--out", a.toString(), "--count", "8", "--seed", "7", "--grid", "0").code());
        assertEquals(0, run("data", "generate", "--out", b.toString(), "--count", "8", "--seed", "7", "--grid", "0").code());
        assertEquals(0, run("data", "generate", "--out", c.toString(), "--count", "8", "--seed", "8", "--grid", "0").code());
        assertArrayEquals(Files.readAllBytes(a.resolve("combined.npy")), Files.readAllBytes(b.resolve("combined.npy")));
        assertArrayEquals(Files.readAllBytes(a.resolve("segmented.npy")), Files.readAllBytes(b.resolve("segmented.npy")));
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("combined.npy")), Files.readAllBytes(c.resolve("combined.npy"))));
        assertFalse(Files.exists(a.resolve("grid.png")), "--grid 0 writes no PNG");
    }

    @Test
    void multiMnistAndSampleDtypes() {
        Path out = dir.resolve("mm");
        Run g = run("data", "generate", "--out", out.toString(), "--count", "12", "--layout", "multimnist", "--dtypes", "sample", "--digits", "test");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("12 multimnist scenes (28 x 28) from embedded MNIST test digits"), g.out());
        assertFalse(Files.exists(out.resolve("count.npy")));
        assertEquals("<f4", NpyReader.readHeader(out.resolve("combined.npy")).descr());
        assertEquals("<i4", NpyReader.readHeader(out.resolve("segmented.npy")).descr());
        Run i = run("data", "inspect", out.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("images: 12 of 28 x 28"), i.out());
    }

    @Test
    void generateFromAnIdxFolderAndInspectIt() {
        Path idx = dir.resolve("idx");
        var mnist = DigitSources.embedded().test();
        byte[] labels = new byte[40];
        for (int i = 0; i < 40; i++) labels[i] = (byte) mnist.labels()[i];
        try {
            Files.createDirectories(idx);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        for (String split : new String[] {"train", "t10k"}) {
            Idx.write(idx.resolve(split + "-images-idx3-ubyte.gz"), NdArray.ofUnsignedBytes(Arrays.copyOf(mnist.pixels(), 40 * 784), 40, 28, 28), true);
            Idx.write(idx.resolve(split + "-labels-idx1-ubyte.gz"), NdArray.ofUnsignedBytes(labels, 40), true);
        }
        Run g = run("data", "generate", "--out", dir.resolve("out").toString(), "--count", "5", "--source", idx.toString());
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("from " + idx + " (train) (40 images)"), g.out());
        Run i = run("data", "inspect", idx.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("IDX digit files, images of 28 x 28"), i.out());
        assertTrue(i.out().contains("40 images, 10 classes"), i.out());
    }

    @Test
    void inspectASingleNpyFile() {
        Path out = dir.resolve("one");
        assertEquals(0, run("data", "generate", "--out", out.toString(), "--count", "3", "--grid", "0").code());
        Run i = run("data", "inspect", out.resolve("left.npy").toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("NumPy format 1.0, int32 (3,) (<i4), 3 elements"), i.out());
    }

    @Test
    void badFilesExitWithTwoNamingTheFile() throws Exception {
        Path out = dir.resolve("bad");
        assertEquals(0, run("data", "generate", "--out", out.toString(), "--count", "4", "--grid", "0").code());
        byte[] masks = Files.readAllBytes(out.resolve("segmented.npy"));
        Files.write(out.resolve("segmented.npy"), Arrays.copyOf(masks, masks.length - 11));
        assertUserError(run("data", "inspect", out.toString()), out.resolve("segmented.npy").toString(), "truncated");
        Files.write(out.resolve("segmented.npy"), masks);
        Files.writeString(out.resolve("combined.npy"), "not numpy at all");
        assertUserError(run("data", "inspect", out.toString()), out.resolve("combined.npy").toString(), "not a .npy file");
        assertUserError(run("data", "inspect", out.resolve("combined.npy").toString()), out.resolve("combined.npy").toString(), "not a .npy file");
    }

    @Test
    void badArgumentsExitWithTwo() throws Exception {
        String out = dir.resolve("x").toString();
        assertUserError(run("data", "generate", "--out", out, "--layout", "mnist3"), "unknown layout 'mnist3'", "m2nist, multimnist");
        assertUserError(run("data", "generate", "--out", out, "--count", "0"), "--count must be at least 1", "0");
        assertUserError(run("data", "generate", "--out", out, "--dtypes", "f16"), "unknown --dtypes 'f16'", "compact or sample");
        assertUserError(run("data", "generate", "--out", out, "--digits", "val"), "unknown --digits 'val'", "train or test");
        assertUserError(run("data", "generate", "--out", out, "--source", dir.resolve("none").toString()), dir.resolve("none").toString(), "no such folder");
        assertUserError(run("data", "generate", "--out", out, "--count", "2000000000"), "--count 2000000000 needs about", "MGDA_UNET_JAVA_OPTS");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertUserError(run("data", "generate", "--out", file.toString(), "--count", "2"), file.toString(), "exists and is not a folder");
        assertUserError(run("data", "generate", "--out", file.resolve("sub").toString(), "--count", "2"), file.resolve("sub").toString(), "cannot create the folder");
        assertUserError(run("data", "inspect", dir.resolve("absent").toString()), dir.resolve("absent").toString(), "no such file or folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertUserError(run("data", "inspect", empty.toString()), empty.toString(), "neither M2NIST files");
        Run missing = run("data", "generate");
        assertEquals(2, missing.code(), "picocli's usage error");
        assertTrue(missing.err().contains("Missing required option: '--out=DIR'"), missing.err());
    }

    @Test
    void helpListsTheSubcommands() {
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("data"), top.out());
        Run data = run("data", "--help");
        assertEquals(0, data.code());
        assertTrue(data.out().contains("generate") && data.out().contains("inspect"), data.out());
        Run gen = run("data", "generate", "--help");
        assertTrue(gen.out().contains("--layout") && gen.out().contains("--source"), gen.out());
    }
}
