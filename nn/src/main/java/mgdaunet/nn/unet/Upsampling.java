package mgdaunet.nn.unet;

/** How the U-Net's decoder doubles the resolution before each skip concatenation. */
public enum Upsampling {
    /** Nearest-neighbour x2, no parameters: the seed notebook's network. */
    NEAREST,
    /** A learned conv-transpose with kernel 2 and stride 2, C to C channels. */
    TRANSPOSED
}
