package query;

import java.util.List;
import java.util.concurrent.Flow;

/** Keeps every line of a streamed HTTP response as it arrives, for tests that watch a server-sent-event stream. */
record LineCollector(List<String> lines) implements Flow.Subscriber<String> {

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        lines.add(line);
    }

    @Override
    public void onError(Throwable throwable) {
    }

    @Override
    public void onComplete() {
    }
}
