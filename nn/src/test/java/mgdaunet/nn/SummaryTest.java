package mgdaunet.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.nn.unet.Upsampling;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void theSeedUNetsSummary() {
        UNet seed = new UNet(UNetConfig.seed(), Tensor.rng(1));
        Tensor meanBefore = seed.namedBuffers().get("trunk.enc.0.1.running_mean").copy();
        Summary s = seed.summary(1, 1, 64, 84);
        assertEquals(412_747, s.trainable());
        assertEquals(2 * 768, s.nonTrainable(), "running mean and var of 768 batch-norm channels");
        assertArrayEquals(new int[] {1, 11, 64, 84}, s.outputShape());
        Summary.Row first = s.rows().getFirst(), last = s.rows().getLast();
        assertEquals("trunk.enc.0.0", first.name());
        assertEquals("Conv2d", first.type());
        assertEquals("[1, 16, 64, 96]", Shape.str(first.outputShape()), "the input is padded to 64 x 96 inside");
        assertEquals(160, first.parameters());
        assertEquals("head.conv", last.name());
        assertEquals(16 * 11 + 11, last.parameters());
        // Every layer ran once except the shared 2x2 pool (once per encoder block): 4 blocks of 6,
        // 4 pools, the bottleneck's 6, 4 upsamplings, 4 decoder blocks of 6, the head.
        assertEquals(24 + 4 + 6 + 4 + 24 + 1, s.rows().size());
        assertEquals(412_747, s.rows().stream().mapToLong(Summary.Row::parameters).sum());
        List<String> pools = s.rows().stream().filter(r -> r.type().equals("MaxPool2d")).map(r -> Shape.str(r.outputShape())).toList();
        assertEquals(List.of("[1, 16, 32, 48]", "[1, 32, 16, 24]", "[1, 48, 8, 12]", "[1, 64, 4, 6]"), pools);
        // The fused batch-norm + ReLU pairs still report both layers.
        assertEquals("ReLU", s.rows().get(2).type());
        assertEquals("trunk.enc.0.2", s.rows().get(2).name());

        String table = s.toString();
        assertTrue(table.contains("trunk.enc.0.0 (Conv2d)"), table);
        assertTrue(table.contains("Trainable params: 412,747"), table);
        assertTrue(table.contains("Non-trainable params: 1,536"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("trunk.dec.0.0 (Conv2d)") && l.contains("[1, 64, 8, 12]") && l.endsWith("73,792")), table);

        assertTrue(seed.isTraining(), "the mode is restored");
        assertEquals(meanBefore, seed.namedBuffers().get("trunk.enc.0.1.running_mean"), "the summary does not move the statistics");
        assertEquals(0f, seed.namedBuffers().get("trunk.enc.0.1.num_batches_tracked").item());
    }

    @Test
    void theTransposedVariantsSummaryListsItsConvTransposes() {
        Summary s = new UNet(UNetConfig.seed().withUpsampling(Upsampling.TRANSPOSED), Tensor.rng(1)).summary(1, 1, 64, 84);
        assertEquals(459_035, s.trainable());
        var ups = s.rows().stream().filter(r -> r.type().equals("ConvTranspose2d")).toList();
        assertEquals(4, ups.size());
        assertEquals("trunk.ups.0", ups.getFirst().name());
        assertEquals(64 * 64 * 4 + 64, ups.getFirst().parameters());
        assertEquals("[1, 64, 8, 12]", Shape.str(ups.getFirst().outputShape()));
    }

    @Test
    void aModeSetByTheUserSurvivesTheSummary() {
        UNet net = new UNet(UNetConfig.seed().withWidths(4).withBottleneck(4), Tensor.rng(1));
        net.eval();
        net.trunk().children().get("mid").train();
        net.summary(2, 1, 6, 6);
        assertFalse(net.isTraining());
        assertTrue(net.trunk().children().get("mid").isTraining());
    }
}
