package app.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import app.axon.OtherInstances;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Gives each instance its fair share of every processor's segments. Axon's tracking processors claim every segment
 * they have a thread for, so the instance started first would take them all; every heartbeat this instance counts
 * the live instances, and releases the segments it holds beyond its share (the number of segments divided by the
 * live instances, rounded up) for one claim timeout, in which the others claim them. When an instance stops, its row
 * and its claims go at once and the others take its segments on their next claim attempt; when it dies, they take
 * them once its claims time out. An instance counts as dead sooner than its claims expire, so that the survivors do
 * not give away again the segments they have just taken over. The count also tells the aggregate cache whether
 * other instances write to the store now ({@link OtherInstances}).
 */
@Component
class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final ClusterNodes nodes;
    private final ClusterSettings settings;
    private final EventProcessingConfiguration processing;
    private final OtherInstances otherInstances;
    private volatile ScheduledExecutorService heartbeat;

    SegmentBalancer(ClusterNodes nodes, ClusterSettings settings, EventProcessingConfiguration processing,
                    OtherInstances otherInstances) {
        this.nodes = nodes;
        this.settings = settings;
        this.processing = processing;
        this.otherInstances = otherInstances;
    }

    @Override
    public void start() {
        nodes.forgetLongGone();
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = heartbeat;
        heartbeat = null;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
                nodes.leave();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException databaseGone) {
                log.warn("Could not say goodbye to the other instances: {}", databaseGone.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeat != null;
    }

    private void beat() {
        try {
            nodes.alive();
            int live = nodes.live();
            otherInstances.counted(live);
            processing.eventProcessors().values().forEach(processor -> {
                if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                    balance(streaming, live);
                }
            });
        } catch (RuntimeException failed) {
            // the database may be away for a while; the claims in the token store stay the source of truth
            log.debug("Cluster heartbeat failed: {}", failed.getMessage());
        }
    }

    /**
     * The number of segments is read from the masks of the segments held (a processor split evenly into n segments
     * gives each the mask n - 1), which saves a query on the token store per processor and heartbeat.
     */
    private void balance(StreamingEventProcessor processor, int live) {
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        int segments = held.values().stream().mapToInt(status -> status.getSegment().getMask() + 1).max().orElse(0);
        int share = (segments + live - 1) / live;
        List<Integer> ids = held.keySet().stream().sorted().toList();
        for (int i = share; i < ids.size(); i++) {
            log.info("Releasing segment {} of {} for another instance ({} segments, {} instances)",
                    ids.get(i), processor.getName(), segments, live);
            processor.releaseSegment(ids.get(i), settings.claimTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
