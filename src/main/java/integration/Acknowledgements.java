package integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A publisher's handler sends each event of a batch at once and waits for every acknowledgement before the batch
 * commits, so the processor's token moves past an event only once the broker has it. A send that fails or is not
 * acknowledged in time fails the batch: its transaction (and the token) rolls back and the processor tries the batch
 * again after a growing wait, showing as in error meanwhile.
 */
public final class Acknowledgements {

    private Acknowledgements() {
    }

    public static void awaitBeforeCommit(BrokerPublisher publisher, CompletableFuture<?> acknowledged) {
        if (!CurrentUnitOfWork.isStarted()) {
            await(List.of(acknowledged), publisher);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<CompletableFuture<?>> pending = batch.getOrComputeResource("acknowledgements-" + publisher.broker(),
                key -> {
                    List<CompletableFuture<?>> futures = new ArrayList<>();
                    batch.onPrepareCommit(unitOfWork -> await(futures, publisher));
                    return futures;
                });
        pending.add(acknowledged);
    }

    /** Waits for all, in order; the first failure ends the wait. */
    public static void await(List<CompletableFuture<?>> acknowledgements, BrokerPublisher publisher) {
        long deadline = System.nanoTime() + publisher.ackTimeout().toNanos();
        try {
            for (CompletableFuture<?> acknowledgement : acknowledgements) {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException failed) {
            throw new PublishFailed(publisher.broker(), failed.getCause());
        } catch (TimeoutException late) {
            throw new PublishFailed(publisher.broker(), new TimeoutException("no acknowledgement within "
                    + publisher.ackTimeout()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PublishFailed(publisher.broker(), interrupted);
        }
    }

    /** The broker did not acknowledge a message; the batch is retried. */
    public static final class PublishFailed extends RuntimeException {

        PublishFailed(String broker, Throwable cause) {
            super("Publishing to " + broker + " failed: " + cause, cause);
        }
    }
}
