package mgdaunet.app.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import mgdaunet.app.UserInputException;
import mgdaunet.app.data.DType;
import mgdaunet.app.data.DataFileException;
import mgdaunet.app.data.NdArray;
import mgdaunet.app.data.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputImagesTest {
    @TempDir
    Path dir;

    private Path png(String name, BufferedImage img) throws IOException {
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void greyColourAndTransparentPngsBecomeGreyInZeroToOne() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 0, 0, 255);
        grey.getRaster().setSample(2, 1, 0, 51);
        BufferedImage grey16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(1, 0, 0, 65535);
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, 0xFFFFFF);
        rgb.setRGB(2, 1, 0x333333);
        rgb.setRGB(0, 0, 0xFF0000);
        BufferedImage argb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 0, 0xFFFFFFFF);
        argb.setRGB(2, 1, 0x00FFFFFF); // white but transparent: black

        List<InputImages.Image> in = InputImages.read(List.of(png("g.png", grey), png("g16.png", grey16), png("c.png", rgb), png("a.png", argb)));
        assertEquals(4, in.size());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 51 / 255f}, in.get(0).grey());
        assertEquals(1f, in.get(1).grey()[1]);
        assertArrayEquals(new float[] {(float) (0.299 * 255 / 255.0), 1, 0, 0, 0, 51 / 255f}, in.get(2).grey(), 1e-7f);
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0}, in.get(3).grey());
        assertEquals("g", in.get(0).stem());
        assertEquals(2, in.get(0).height());
        assertEquals(3, in.get(0).width());
    }

    @Test
    void npyBatchesOfEveryAcceptedShape() {
        Path hw = dir.resolve("one.npy"), nhw = dir.resolve("batch.npy"), n1hw = dir.resolve("nchw.npy"), unit = dir.resolve("unit.npy");
        NpyWriter.write(hw, NdArray.ofUnsignedBytes(new byte[] {0, (byte) 255, 51, 0, 0, 0}, 2, 3));
        byte[] twelve = new byte[12];
        twelve[7] = (byte) 255;
        NpyWriter.write(nhw, NdArray.ofUnsignedBytes(twelve, 2, 2, 3));
        NpyWriter.write(n1hw, NdArray.ofUnsignedBytes(twelve, 2, 1, 2, 3));
        NpyWriter.write(unit, NdArray.of(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new int[] {1, 2, 3}, new double[] {0, 0.5, 1, 0, 0, 0}));
        List<InputImages.Image> in = InputImages.read(List.of(hw, nhw, n1hw, unit));
        assertEquals(1 + 2 + 2 + 1, in.size());
        assertEquals("one", in.get(0).stem());
        assertArrayEquals(new float[] {0, 1, 51 / 255f, 0, 0, 0}, in.get(0).grey(), "divided by 255 as the data sets divide");
        assertEquals("batch-0", in.get(1).stem());
        assertEquals(nhw + "[1]", in.get(2).source());
        assertEquals(1f, in.get(2).grey()[1]);
        assertArrayEquals(in.get(2).grey(), in.get(4).grey(), "N x 1 x H x W reads as N x H x W");
        assertArrayEquals(new float[] {0, 0.5f, 1, 0, 0, 0}, in.get(5).grey(), "values within [0, 1] are kept");
    }

    @Test
    void whatIsNotAnImageIsNamed() throws IOException {
        Path cube = dir.resolve("cube.npy"), neg = dir.resolve("neg.npy"), empty = dir.resolve("empty.npy");
        NpyWriter.write(cube, NdArray.ofUnsignedBytes(new byte[2 * 3 * 4 * 5], 2, 3, 4, 5));
        NpyWriter.write(neg, NdArray.of(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new int[] {2, 2}, new double[] {0, -1, 0, 0}));
        NpyWriter.write(empty, NdArray.ofUnsignedBytes(new byte[0], 0, 4, 4));
        assertStarts(cube, "shape (2, 3, 4, 5): a 4-d batch must be N x 1 x H x W");
        assertStarts(neg, "value -1.0 at index 1 is not a grey level in [0, 255]");
        assertStarts(empty, "shape (0, 4, 4) holds no image");
        Path txt = java.nio.file.Files.writeString(dir.resolve("a.txt"), "x");
        assertStarts(txt, "not a .png image or a .npy batch");
        assertStarts(dir.resolve("absent.png"), "no such file");

        var e = assertThrows(UserInputException.class, () -> InputImages.requireSize(InputImages.read(List.of(png("s.png", new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY)))), 64, 84));
        assertEquals(dir.resolve("s.png") + ": an image of 4 x 5; the network takes 64 x 84", e.getMessage());
    }

    private static void assertStarts(Path file, String problem) {
        var e = assertThrows(DataFileException.class, () -> InputImages.read(List.of(file)));
        assertTrue(e.getMessage().startsWith(file + ": " + problem), e.getMessage());
    }
}
