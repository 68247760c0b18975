package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import mgdaunet.app.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void defaultScenesComeFromDisjointTrainAndTestDigits() {
        Datasets.Split s = Datasets.load(null, null, 40, 10, 5, false);
        DigitSource mnist = DigitSources.embedded();
        SceneSet train = M2nistScenes.generate(mnist.train(), 40, Seeds.derive(5, Datasets.TRAIN_STREAM));
        SceneSet test = M2nistScenes.generate(mnist.test(), 10, Seeds.derive(5, Datasets.TEST_STREAM));
        assertArrayEquals(train.images(), s.train().images(), "training scenes are drawn from the 8,000 training digits");
        assertArrayEquals(test.images(), s.test().images(), "test scenes are drawn from the 2,000 test digits");
        assertArrayEquals(s.train().images(), Datasets.load(null, null, 40, 10, 5, false).train().images(), "deterministic for a seed");
        assertEquals(4000, Datasets.DEFAULT_TRAIN);
        assertEquals(1000, Datasets.DEFAULT_TEST);
    }

    @Test
    void multiMnistLayout() {
        Datasets.Split s = Datasets.load(null, Layout.MULTIMNIST, 20, 5, 1, false);
        assertEquals(28, s.train().height());
        assertEquals(5, s.test().size());
        assertTrue(s.train().name().startsWith("multimnist train scenes"), s.train().name());
    }

    @Test
    void sceneFilesAreSplitInOrder() {
        SceneSet all = M2nistScenes.generate(DigitSources.embedded().test(), 12, 2);
        M2nistFiles.write(all, dir, M2nistFiles.Dtypes.COMPACT);
        Datasets.Split s = Datasets.load(dir, null, 8, 4, 99, false);
        assertArrayEquals(all.slice(0, 8).images(), s.train().images());
        assertArrayEquals(all.slice(8, 12).masks(), s.test().masks());
        UserInputException few = assertThrows(UserInputException.class, () -> Datasets.load(dir, null, 10, 4, 1, false));
        assertEquals(dir + ": holds 12 scenes, fewer than the 10 training + 4 test scenes asked for", few.getMessage());
        UserInputException layout = assertThrows(UserInputException.class, () -> Datasets.load(dir, Layout.MULTIMNIST, 8, 4, 1, false));
        assertTrue(layout.getMessage().contains("holds scenes of 64 x 84, not multimnist's 28 x 28"), layout.getMessage());
    }

    @Test
    void idxFoldersAreGeneratedFrom() {
        DigitSource mnist = DigitSources.embedded();
        byte[] px = java.util.Arrays.copyOf(mnist.test().pixels(), 50 * 784);
        byte[] labels = new byte[50];
        for (int i = 0; i < 50; i++) labels[i] = (byte) mnist.test().labels()[i];
        for (String split : new String[] {"train", "t10k"}) {
            Idx.write(dir.resolve(split + "-images-idx3-ubyte.gz"), NdArray.ofUnsignedBytes(px, 50, 28, 28), true);
            Idx.write(dir.resolve(split + "-labels-idx1-ubyte.gz"), NdArray.ofUnsignedBytes(labels, 50), true);
        }
        Datasets.Split s = Datasets.load(dir, null, 30, 7, 3, false);
        assertEquals(30, s.train().size());
        assertEquals(64, s.train().height());
    }

    @Test
    void aFolderOfNeitherKindIsExplained() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        UserInputException e = assertThrows(UserInputException.class, () -> Datasets.load(dir, null, 4, 1, 1, false));
        assertTrue(e.getMessage().startsWith(dir + ": neither M2NIST files"), e.getMessage());
        UserInputException sizes = assertThrows(UserInputException.class, () -> Datasets.load(null, null, 0, 1, 1, false));
        assertTrue(sizes.getMessage().contains("at least one image"), sizes.getMessage());
    }
}
