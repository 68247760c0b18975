package mgdaunet.app.data;

/**
 * Turns an IDX image file and its label file into a {@link DigitSet}, checking that they belong
 * together: unsigned-byte images of rank 3, unsigned-byte labels of rank 1, as many labels as
 * images, labels within range.
 */
final class IdxDigits {
    private IdxDigits() {}

    /**
     * @param transposed the images are stored column by column (EMNIST): turn them upright
     * @param labelBase  the smallest label the files use (1 for EMNIST letters): subtracted so labels start at 0
     */
    static DigitSet of(String name, NdArray images, String imagesFile, NdArray labels, String labelsFile, boolean transposed, int labelBase) {
        if (images.dtype() != DType.UINT8 || images.rank() != 3) {
            throw new DataFileException(imagesFile, "expected images as unsigned bytes, count x rows x cols; found " + images.dtype().displayName() + " " + Idx.dims(images.shape()));
        }
        if (labels.dtype() != DType.UINT8 || labels.rank() != 1) {
            throw new DataFileException(labelsFile, "expected labels as unsigned bytes, one per image; found " + labels.dtype().displayName() + " " + Idx.dims(labels.shape()));
        }
        int n = images.dim(0), rows = images.dim(1), cols = images.dim(2);
        if (labels.dim(0) != n) {
            throw new DataFileException(labelsFile, labels.dim(0) + " labels for the " + n + " images of " + imagesFile);
        }
        byte[] raw = labels.rawBytes();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int l = (raw[i] & 0xFF) - labelBase;
            if (l < 0 || l > 61) {
                throw new DataFileException(labelsFile, "label " + (raw[i] & 0xFF) + " of image " + i + " is out of range (" + labelBase + " to " + (61 + labelBase) + ")");
            }
            out[i] = l;
        }
        byte[] pixels = transposed ? transpose(images.rawBytes(), n, rows, cols) : images.rawBytes();
        return transposed ? new DigitSet(name, pixels, out, cols, rows) : new DigitSet(name, pixels, out, rows, cols);
    }

    private static byte[] transpose(byte[] src, int n, int rows, int cols) {
        byte[] dst = new byte[src.length];
        for (int i = 0; i < n; i++) {
            int base = i * rows * cols;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) dst[base + c * rows + r] = src[base + r * cols + c];
            }
        }
        return dst;
    }
}
