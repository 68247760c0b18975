package mgdaunet.nn.unet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.nn.optim.Adam;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A small U-Net learns a batch of four synthetic scenes by heart: the whole training loop works. */
class UNetOverfitTest {
    static final int N = 4, H = 16, W = 20, CLASSES = 3;

    /** Bright (class 1) and dim (class 2) rectangles on a noisy dark background (class 0). */
    static Tensor scenes(int[] targets) {
        Random r = new Random(5);
        Tensor x = Tensor.zeros(N, 1, H, W);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) d[i] = 0.1f * r.nextFloat();
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < 3; k++) {
                int cls = 1 + (n + k) % 2, h = 3 + r.nextInt(5), w = 3 + r.nextInt(6), top = r.nextInt(H - h), left = r.nextInt(W - w);
                for (int y = top; y < top + h; y++) {
                    for (int xx = left; xx < left + w; xx++) {
                        d[(n * H + y) * W + xx] = (cls == 1 ? 0.9f : 0.45f) + 0.1f * r.nextFloat();
                        targets[(n * H + y) * W + xx] = cls;
                    }
                }
            }
        }
        return x;
    }

    @Test
    void segmentationLossFallsBelowFivePercentOfItsStartWithin200Steps() {
        int[] targets = new int[N * H * W];
        Variable x = Variable.constant(scenes(targets));
        for (boolean transposed : new boolean[] {false, true}) {
            UNetConfig config = UNetConfig.seed().withWidths(8, 16).withBottleneck(16).withClasses(CLASSES)
                    .withUpsampling(transposed ? Upsampling.TRANSPOSED : Upsampling.NEAREST);
            UNet net = new UNet(config, Tensor.rng(3));
            Adam adam = new Adam(net.parameters(), Adam.Options.adam().withLr(0.01));
            CrossEntropyLoss loss = new CrossEntropyLoss();
            float start = Float.NaN, last = Float.NaN;
            int step = 0;
            for (; step < 200; step++) {
                adam.zeroGrad();
                Variable l = loss.forward(net.forward(x), targets);
                last = l.item();
                if (step == 0) start = last;
                if (last < 0.05f * start) break;
                l.backward();
                adam.step();
            }
            assertTrue(last < 0.05f * start, config.upsampling() + ": loss " + start + " -> " + last + " after " + step + " steps");
        }
    }
}
