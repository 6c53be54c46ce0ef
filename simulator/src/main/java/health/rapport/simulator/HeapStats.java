package health.rapport.simulator;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use over a run, for showing that memory stays flat:
 * <ul>
 * <li>the <b>live heap</b>, sampled by a full collection ({@code System.gc()}) at each tenth of the simulated
 * span when {@link #sampling} wraps the run's progress: the figure to compare between spans and scales;</li>
 * <li>the largest heap occupancy right after any collection (from the collectors' notifications; includes old
 * garbage not yet collected, so it depends on the heap size);</li>
 * <li>the heap pools' peak use (garbage included: mostly how much heap the JVM was allowed), and the
 * collections' count and time.</li>
 * </ul>
 */
public final class HeapStats implements AutoCloseable {

    /**
     * @param peakLiveBytes    largest heap in use after the sampling full collections (0 without sampling)
     * @param liveSamples      how many samples were taken
     * @param peakAfterGcBytes largest heap in use just after a collection (0 when no collection ran)
     * @param peakUsedBytes    sum of the heap pools' peak use
     * @param maxBytes         the heap's limit (-Xmx)
     */
    public record Snapshot(long peakLiveBytes, int liveSamples, long peakAfterGcBytes, long peakUsedBytes,
            long maxBytes, long collections, long collectionMillis) {

        public String describe() {
            String live = liveSamples == 0 ? "" : String.format(Locale.ROOT,
                    "peak live heap %.1f MB (full GC at each tenth of the span), ", mb(peakLiveBytes));
            return live + String.format(Locale.ROOT,
                    "peak heap after any GC %.1f MB, peak heap used %.1f MB (max %.0f MB), %d GCs (%.2f s)",
                    mb(peakAfterGcBytes), mb(peakUsedBytes), mb(maxBytes), collections, collectionMillis / 1000.0);
        }

        private static double mb(long bytes) {
            return bytes / (1024.0 * 1024.0);
        }
    }

    private final AtomicLong peakAfterGc = new AtomicLong();
    private long peakLive;
    private int liveSamples;
    private final List<Registration> registrations = new ArrayList<>();
    private final Set<String> heapPools;
    private final long collectionsAtStart;
    private final long millisAtStart;

    private record Registration(NotificationEmitter emitter, NotificationListener listener) {
    }

    private HeapStats() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::onNotification;
                emitter.addNotificationListener(listener, null, null);
                registrations.add(new Registration(emitter, listener));
            }
        }
        collectionsAtStart = count;
        millisAtStart = millis;
    }

    public static HeapStats start() {
        return new HeapStats();
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(used, Math::max);
    }

    /** Forces a full collection and records the heap then in use. */
    public long sampleLive() {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakLive = Math.max(peakLive, used);
        liveSamples++;
        return used;
    }

    /**
     * Wraps a run's progress so that the live heap is sampled at each tenth of the span (ten full collections:
     * a little slower, for measuring only).
     */
    public Progress sampling(Progress delegate) {
        return new Progress() {
            private int tenths;

            @Override
            public void update(double fraction, long messages, long encounters) {
                delegate.update(fraction, messages, encounters);
                while (tenths < 9 && fraction >= (tenths + 1) / 10.0) {
                    tenths++;
                    sampleLive();
                }
            }

            @Override
            public void done(long messages, long encounters) {
                sampleLive();
                delegate.done(messages, encounters);
            }
        };
    }

    public Snapshot snapshot() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Snapshot(peakLive, liveSamples, peakAfterGc.get(), peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(),
                count - collectionsAtStart, millis - millisAtStart);
    }

    @Override
    public void close() {
        for (Registration r : registrations) {
            try {
                r.emitter().removeNotificationListener(r.listener());
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
        registrations.clear();
    }
}
