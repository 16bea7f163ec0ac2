package query;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

/**
 * A server-sent-event stream written straight to the servlet's asynchronous response, and ended by completing it.
 *
 * <p>Spring MVC's {@code SseEmitter} ends a stream by dispatching the request once more through the filters and the
 * dispatcher (where its handler is looked up again), only to complete the response: about a seventh of the request
 * threads' work under load, where every order is followed to its end (benchmark/NOTES.md, sixth round). Completed
 * here, the web server closes the response without that dispatch.
 *
 * <p>Events are written in the format {@code SseEmitter} writes. {@link #send} and {@link #end} may be called from
 * any thread; the first end, whatever its cause (the last event, the client gone, the timeout, the shutdown), runs
 * the end action once.
 */
final class EventStream {

    private static final byte[] END_OF_EVENT = {'\n'};

    private final AsyncContext async;
    private final OutputStream out;
    private final ObjectMapper json;
    private final Consumer<EventStream> onEnd;
    private boolean ended;

    private EventStream(AsyncContext async, OutputStream out, ObjectMapper json, Consumer<EventStream> onEnd) {
        this.async = async;
        this.out = out;
        this.json = json;
        this.onEnd = onEnd;
    }

    /**
     * Starts the stream: the response is committed (status 200, its headers and those the filters add on commit)
     * before this returns, on the request's own thread, so that nothing else writes headers while events are sent
     * from another. A client already gone gets a stream that has ended.
     */
    static EventStream start(HttpServletRequest request, HttpServletResponse response, Duration timeout,
                             ObjectMapper json, Consumer<EventStream> onEnd) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeout.toMillis());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        OutputStream out;
        try {
            out = response.getOutputStream();
            response.flushBuffer();
        } catch (IOException gone) {
            EventStream ended = new EventStream(async, OutputStream.nullOutputStream(), json, onEnd);
            ended.end();
            return ended;
        }
        EventStream started = new EventStream(async, out, json, onEnd);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                started.end();
            }

            @Override
            public void onError(AsyncEvent event) {
                started.end();
            }

            @Override
            public void onComplete(AsyncEvent event) {
                started.end();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        return started;
    }

    /** Writes one event with its JSON data and flushes it; a client that left ends the stream. */
    void send(String name, String id, Object data) {
        byte[] event;
        try {
            event = ("event:" + name + "\nid:" + id + "\ndata:" + json.writeValueAsString(data) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException unwritable) {
            end();
            throw new IllegalArgumentException("Cannot write " + data.getClass().getSimpleName() + " as JSON",
                    unwritable);
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            try {
                out.write(event);
                out.flush();
                // The blank line that ends the event goes out on its own: a client that has left answers the first
                // write with a reset, so that this one fails and the stream ends with this event rather than the next
                // (Spring MVC's emitter, which flushes each part of an event, did the same).
                out.write(END_OF_EVENT);
                out.flush();
                return;
            } catch (IOException gone) {
                // ended below, outside the write's lock
            }
        }
        end();
    }

    /** Ends the stream (the response is complete) and runs the end action; only the first call does anything. */
    void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            try {
                async.complete();
            } catch (IllegalStateException alreadyComplete) {
                // completed by the web server (a gone client, a timeout that came first)
            }
        }
        onEnd.accept(this);
    }

    synchronized boolean hasEnded() {
        return ended;
    }
}
