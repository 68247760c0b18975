package mgdaunet.app.report;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The most heap a run has kept alive: after every garbage collection, the heap still in use (live
 * data plus whatever the collector left for later), and the high-water mark of that. This is what
 * a run needs of {@code -Xmx}; the heap in use between collections also holds garbage and says
 * little. Listening starts with {@link #start()} (the JVM's collector notifications).
 */
public final class HeapPeak {
    private HeapPeak() {}

    private static final AtomicLong PEAK = new AtomicLong();
    private static boolean started;

    /** Starts listening (once per JVM; later calls do nothing). */
    public static synchronized void start() {
        if (started) return;
        started = true;
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) continue;
            emitter.addNotificationListener((n, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
                }
                PEAK.accumulateAndGet(used, Math::max);
            }, null, null);
        }
    }

    /** The peak heap in use after a collection since {@link #start()}, in MB (0 before the first collection). */
    public static long peakMb() {
        return PEAK.get() / (1024 * 1024);
    }

    /** The heap in use right now (live data and garbage not yet collected), in MB. */
    public static long usedNowMb() {
        MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return u.getUsed() / (1024 * 1024);
    }
}
