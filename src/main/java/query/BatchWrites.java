package query;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Where a projection's handlers leave their changes instead of writing them one statement per event: each handler
 * records its event's change in memory as its last step, and the batch's changes are written when the batch is about
 * to commit, in its transaction and before its token, each touched row once or in one multi-row statement. A handler
 * that throws has recorded nothing, so a failed event leaves nothing behind and the rest of the batch is written.
 * <p>
 * When those writes fail the whole batch rolls back, and nobody can tell which event's change was at fault. The
 * next batch of that processor segment, the same events tried again, therefore writes each event's change right
 * away in its handler, where the dead-lettering invoker sees the failure and parks only that event (the handler runs
 * in a savepoint then, see {@code app.operations}). Outside a processor's batch (the dead-letter retrier handles one
 * letter at a time and records a failed retry in the same transaction) each change is written right away too.
 */
@Component
class BatchWrites {

    /** How a projection collects one batch's changes; {@link #write()} writes them and forgets them. */
    interface Changes {

        void write();
    }

    /** Group and segment of the batches that rolled back and are being tried again, on this instance. */
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();

    /**
     * Records one event's change: {@code change} is applied to the changes {@code group} collects in the running
     * batch ({@code newChanges} makes them for the batch's first event).
     */
    <C extends Changes> void record(String group, Supplier<C> newChanges, Consumer<C> change) {
        UnitOfWork<?> batch = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root() : null;
        Object segment = batch == null ? null : batch.resources().get("Processor[" + group + "]/SegmentId");
        if (segment == null) {
            C changes = newChanges.get();
            change.accept(changes);
            changes.write();
            return;
        }
        String retryKey = group + "/" + segment;
        C changes = batch.getOrComputeResource(BatchWrites.class.getName() + "/" + group,
                key -> collect(batch, retryKey, newChanges.get()));
        change.accept(changes);
        if (retrying.contains(retryKey)) {
            changes.write();
        }
    }

    private <C extends Changes> C collect(UnitOfWork<?> batch, String retryKey, C changes) {
        batch.onPrepareCommit(committing -> changes.write());
        batch.onRollback(rolledBack -> retrying.add(retryKey));
        batch.afterCommit(committed -> retrying.remove(retryKey));
        return changes;
    }
}
