package mgdaunet.tensor.spatial;

/**
 * Packs OIHW convolution weights as the left operand of the shifted GEMM (see {@link ShiftGemm}
 * for the packed layout), in the three arrangements the convolution kernels multiply by.
 */
final class ConvWeights {
    private ConvWeights() {}

    /** Forward: O rows over (c, ky, kx), the OIHW array as it is, with the bias. */
    static float[] forward(float[] w, float[] bias, int o, int k) {
        float[] packed = Scratch.floats(Scratch.PACKED, ShiftGemm.packedSize(o, k));
        ShiftGemm.pack(w, bias, o, k, packed);
        return packed;
    }

    /**
     * Stride-1 input gradient: C rows over (o, ky, kx) holding {@code w[o][c][kh-1-ky][kw-1-kx]}, the
     * kernel flipped and transposed, so that a convolution of the padded output gradient gives the
     * input gradient. {@code bias} (length C, may be null) serves the transposed convolution.
     */
    static float[] flippedTransposed(float[] w, float[] bias, int o, int c, int kh, int kw) {
        int mr = ShiftGemm.MR, taps = kh * kw, k = o * taps;
        float[] packed = Scratch.floats(Scratch.PACKED, ShiftGemm.packedSize(c, k));
        for (int b = 0, blocks = (c + mr - 1) / mr; b < blocks; b++) {
            int base = ShiftGemm.blockOffset(b, k);
            for (int i = 0; i < mr; i++) {
                int ci = b * mr + i;
                packed[base + i] = ci < c && bias != null ? bias[ci] : 0f;
                for (int oi = 0; oi < o; oi++) {
                    for (int t = 0; t < taps; t++) {
                        // tap t = (ky, kx) reads the weight at the mirrored tap taps - 1 - t.
                        packed[base + mr + ((oi * taps + t) * mr) + i] = ci < c ? w[(oi * c + ci) * taps + taps - 1 - t] : 0f;
                    }
                }
            }
        }
        return packed;
    }

    /** Strided input gradient: the C*kh*kw rows of W^T over O, for the GEMM into columns. */
    static float[] transposed(float[] w, int o, int k) {
        int mr = ShiftGemm.MR;
        float[] packed = Scratch.floats(Scratch.PACKED, ShiftGemm.packedSize(k, o));
        for (int b = 0, blocks = (k + mr - 1) / mr; b < blocks; b++) {
            int base = ShiftGemm.blockOffset(b, o);
            for (int i = 0; i < mr; i++) {
                int row = b * mr + i;
                packed[base + i] = 0f;
                for (int oi = 0; oi < o; oi++) packed[base + mr + oi * mr + i] = row < k ? w[oi * k + row] : 0f;
            }
        }
        return packed;
    }
}
