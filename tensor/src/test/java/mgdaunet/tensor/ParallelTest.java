package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
            Parallel.forEach(n, hits::incrementAndGet);
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "task " + i + " of " + n);
        }
    }

    @Test
    void rangesCoverWithoutOverlap() {
        int n = 1001;
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forRange(n, 10, (s, e) -> {
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void nestedCallsRunInlineAndExceptionsPropagate() {
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        Parallel.forEach(4, i -> Parallel.forEach(4, j -> hits.incrementAndGet(i * 4 + j)));
        for (int i = 0; i < 16; i++) assertEquals(1, hits.get(i));
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(8, i -> {
            if (i == 5) throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void threadCountCanBeChanged() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(3);
            assertEquals(3, Parallel.threads());
            AtomicIntegerArray hits = new AtomicIntegerArray(50);
            Parallel.forEach(50, hits::incrementAndGet);
            for (int i = 0; i < 50; i++) assertEquals(1, hits.get(i));
            assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        } finally {
            Parallel.setThreads(before);
        }
    }
}
