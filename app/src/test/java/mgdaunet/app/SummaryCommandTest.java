package mgdaunet.app;

import static mgdaunet.app.DataCommandTest.assertUserError;
import static mgdaunet.app.DataCommandTest.run;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SummaryCommandTest {
    @Test
    void theSeedUNetsSummary() {
        DataCommandTest.Run r = run("summary");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("U-Net: nearest upsampling, 1 input channel, 11 classes, widths [16, 32, 48, 64], bottleneck 64"), out);
        assertTrue(out.contains("input [1, 1, 64, 84], output [1, 11, 64, 84]"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("trunk.enc.0.0 (Conv2d)") && l.contains("[1, 16, 64, 96]") && l.endsWith("160")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("trunk.ups.0 (Upsample)") && l.contains("[1, 64, 8, 12]") && l.endsWith(" 0")), out);
        assertTrue(out.contains("Trainable params: 412,747"), out);
        assertTrue(out.contains("Non-trainable params: 1,536"), out);
    }

    @Test
    void theTransposedVariantAndOtherShapes() {
        DataCommandTest.Run r = run("summary", "--upsampling", "transposed");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Trainable params: 459,035"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("trunk.ups.0 (ConvTranspose2d)") && l.endsWith("16,448")), r.out());

        DataCommandTest.Run small = run("summary", "--input", "2x3x30x40", "--widths", "8,16", "--bottleneck", "24", "--classes", "0", "--no-bias");
        assertEquals(0, small.code(), small.err());
        assertTrue(small.out().startsWith("U-Net: nearest upsampling, 3 input channels, no head (returns the last feature map), widths [8, 16], "
                + "bottleneck 24, convolutions without bias"), small.out());
        assertTrue(small.out().contains("input [2, 3, 30, 40], output [2, 8, 30, 40]"), small.out());
        assertTrue(small.out().lines().anyMatch(l -> l.startsWith("enc.0.0 (Conv2d)") && l.contains("[2, 8, 32, 40]") && l.endsWith("216")), small.out());
    }

    @Test
    void badFlagsAreOneLineErrorsWithExitCode2() {
        assertUserError(run("summary", "--upsampling", "bilinear"), "unknown --upsampling 'bilinear'", "nearest or transposed");
        assertUserError(run("summary", "--input", "1x64x84"), "--input '1x64x84' must be four sizes", "1x1x64x84");
        assertUserError(run("summary", "--input", "1x1x0x84"), "--input: 0 must be at least 1", "0");
        assertUserError(run("summary", "--widths", "16,x"), "--widths: 'x' is not a whole number", "x");
        assertUserError(run("summary", "--classes", "-1"), "--classes: -1 must be at least 0", "-1");
        assertUserError(run("summary", "--bottleneck", "0"), "--bottleneck: 0 must be at least 1", "0");
        assertUserError(run("summary", "--input", "4096x1x512x512"), "--input 4096x1x512x512", "GiB");
    }

    @Test
    void helpListsTheOptions() {
        DataCommandTest.Run h = run("summary", "--help");
        assertEquals(0, h.code());
        for (String flag : new String[] {"--upsampling", "--input", "--widths", "--bottleneck", "--classes", "--no-bias"}) {
            assertTrue(h.out().contains(flag), flag + " in " + h.out());
        }
        assertTrue(run("--help").out().contains("summary"));
    }
}
