package app.console;

import java.time.Duration;
import java.time.Instant;

import app.operations.Processors;
import app.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's page and the answers its scripts ask for, all under {@code /console}. Dead letters are read,
 * retried and evicted through the admin API itself; what the admin API lacks (lag with its history, who holds a
 * segment, a replay's outcome, the live feed, an order's story) is answered here.
 */
@Controller
@Hidden
class ConsoleController {

    private static final String NAME = "^[A-Za-z0-9._-]{1,255}$";
    private static final String ID = "^[A-Za-z0-9_-]{1,64}$";

    private final ProcessorBoard board;
    private final Replays replays;
    private final LiveEvents live;
    private final OrderStory stories;
    private final Duration liveTimeout;

    ConsoleController(ProcessorBoard board, Replays replays, LiveEvents live, OrderStory stories,
                      @Value("${eventshop.console.live-timeout:30m}") Duration liveTimeout) {
        this.board = board;
        this.replays = replays;
        this.live = live;
        this.stories = stories;
        this.liveTimeout = liveTimeout;
    }

    @GetMapping({"/console", "/console/"})
    String page() {
        return "forward:/console/index.html";
    }

    @GetMapping("/console/api/processors")
    @ResponseBody
    ProcessorBoard.Board processors() {
        return board.board();
    }

    /** Full without a body or {@code from}; from a point in time with {@code {"from": "..."}}. */
    @PostMapping("/console/api/processors/{name}/replay")
    @ResponseBody
    ResponseEntity<Replays.Replay> replay(@PathVariable @Pattern(regexp = NAME) String name,
                                          @RequestBody(required = false) ReplayRequest request) {
        Instant from = request == null ? null : request.from();
        return ResponseEntity.accepted().body(replays.start(name, from));
    }

    @GetMapping(path = "/console/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestParam(required = false) @Size(max = 255) String type,
                      @RequestParam(required = false) @Size(max = 255) String aggregateId) {
        return live.watch(type, aggregateId, liveTimeout);
    }

    @GetMapping("/console/api/orders/{orderId}/story")
    @ResponseBody
    OrderStory.Story story(@PathVariable @Pattern(regexp = ID) String orderId) {
        return stories.of(orderId).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "No events of order '" + orderId + "' are stored."), null));
    }

    @ExceptionHandler(Processors.NotFound.class)
    ResponseEntity<ProblemDetail> unknownProcessor(Processors.NotFound ex) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
    }

    @ExceptionHandler(Processors.CannotReplay.class)
    ResponseEntity<ProblemDetail> cannotReplay(Processors.CannotReplay ex) {
        return problem(HttpStatus.CONFLICT, "cannot-replay", "Cannot replay", ex.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, type, title, detail));
    }

    /** {@code from}: replay only events stored at or after this instant; absent for a replay from the start. */
    record ReplayRequest(Instant from) {
    }
}
