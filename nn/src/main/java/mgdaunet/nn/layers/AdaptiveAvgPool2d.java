package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/**
 * Average pooling to a fixed outH x outW grid, PyTorch's {@code nn.AdaptiveAvgPool2d} where the grid
 * divides the input exactly (equal tiles); 1 x 1 is global average pooling. A digit head pools its
 * feature map to a 4 x 6 grid this way, so that the position of a digit survives.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outHeight, outWidth;

    public AdaptiveAvgPool2d(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output grid " + outHeight + "x" + outWidth + " must be at least 1x1");
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** Global average pooling: N x C x H x W to N x C x 1 x 1. */
    public static AdaptiveAvgPool2d global() {
        return new AdaptiveAvgPool2d(1, 1);
    }

    @Override
    protected Variable compute(Variable x) {
        return F.adaptiveAvgPool2d(x, outHeight, outWidth);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outHeight + "x" + outWidth + ")";
    }
}
