package app.operations;

import java.time.Instant;
import java.util.List;

import app.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin")
@Tag(name = "Operations")
class OperationsController {

    private static final String NAME = "^[A-Za-z0-9._-]{1,255}$";
    private static final String NAME_MESSAGE = "must be 1 to 255 letters, digits, '.', '-' or '_'";

    private final Processors processors;
    private final DeadLetters deadLetters;

    OperationsController(Processors processors, DeadLetters deadLetters) {
        this.processors = processors;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/processors")
    @Operation(summary = "Every event processor: running, error, replaying, segments and position",
            description = "`position` is the lowest global event position the processor's segments have reached"
                    + " (null for subscribing processors, which have none); compare it with the head of the event"
                    + " store, or read the lag from the `eventshop_processor_lag_events` metric.")
    @ApiResponse(responseCode = "200", description = "The processors, by name")
    List<Processors.ProcessorStatus> processors() {
        return processors.all();
    }

    @GetMapping("/processors/{name}")
    @Operation(summary = "One event processor")
    @ApiResponse(responseCode = "200", description = "The processor")
    @ApiResponse(responseCode = "404", description = "No processor of that name",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Processors.ProcessorStatus processor(@Parameter(example = "order-summary") @PathVariable @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        return processors.find(name).orElseThrow(() -> new Processors.NotFound(name));
    }

    @PostMapping("/processors/{name}/replay")
    @Operation(summary = "Rebuild a projection from the event store, from the start or from a point in time",
            description = "Stops the processor, resets its tokens and starts it again; the rebuild then runs in the"
                    + " background (watch `replaying`, `position` and `replayUntil`). Without a body (or with `{}`) the"
                    + " projection's tables and its"
                    + " dead letters are cleared and every event is handled again. With `from` (ISO-8601) the tables"
                    + " are kept and only events stored at or after that instant are handled again; rows that"
                    + " already reflect an event are left as they are.")
    @ApiResponse(responseCode = "202", description = "The replay has started; the processor's status")
    @ApiResponse(responseCode = "400", description = "Malformed name or body",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No processor of that name",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The processor cannot be replayed (not a streaming processor,"
            + " or its tokens are held elsewhere)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Processors.ProcessorStatus> replay(
            @Parameter(example = "order-summary") @PathVariable @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "Leave it empty"
                    + " (or `{}`) to rebuild from the start. `{\"from\": \"2026-01-31T12:00:00Z\"}` replays only the"
                    + " events stored since then, keeping the tables.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "rebuild",
                            summary = "rebuild from the start", value = "{}")))
            @RequestBody(required = false) @Valid ReplayRequest request) {
        Instant from = request == null ? null : request.from();
        return ResponseEntity.accepted().body(processors.replay(name, from));
    }

    @GetMapping("/dead-letters")
    @Operation(summary = "Dead letters per processing group",
            description = "Each parked sequence (the events of one aggregate) with its letters, oldest first: the"
                    + " event, the cause, the first and last try, the number of tries and when the next automatic"
                    + " try is due. A `parked` letter has used up its tries and waits for an operator.")
    @ApiResponse(responseCode = "200", description = "Every group that has a dead-letter queue, empty or not")
    List<GroupLetters> deadLetters() {
        return deadLetters.groups().stream()
                .filter(deadLetters::hasQueue)
                .map(group -> {
                    List<DeadLetters.Sequence> sequences = deadLetters.sequences(group);
                    return new GroupLetters(group, sequences.stream().mapToLong(s -> s.letters().size()).sum(),
                            sequences);
                })
                .toList();
    }

    @PostMapping("/dead-letters/{group}/retry")
    @Operation(summary = "Retry every dead-lettered sequence of a group now, parked ones too",
            description = "Each sequence is handled again from its first letter; a sequence whose letters all"
                    + " succeed leaves the queue, one that fails again stays with one more try counted.")
    @ApiResponse(responseCode = "200", description = "How many sequences were drained and how many letters remain")
    @ApiResponse(responseCode = "404", description = "No dead-letter queue for that group",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    RetryResult retry(@Parameter(example = "order-summary") @PathVariable @Pattern(regexp = NAME, message = NAME_MESSAGE) String group) {
        requireQueue(group);
        int drained = deadLetters.retryAll(group);
        return new RetryResult(group, drained, deadLetters.size(group));
    }

    @DeleteMapping("/dead-letters/{group}/{sequenceId}")
    @Operation(summary = "Evict a dead-lettered sequence",
            description = "Its events are dropped from the queue and will not be applied by this group unless the"
                    + " projection is replayed. Use it for events that must never be applied.")
    @ApiResponse(responseCode = "204", description = "Evicted")
    @ApiResponse(responseCode = "404", description = "No such group or sequence",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> evict(@PathVariable @Pattern(regexp = NAME, message = NAME_MESSAGE) String group,
                               @Parameter(description = "The sequence id as the list shows it (the aggregate id)")
                               @PathVariable @Size(min = 1, max = 255) String sequenceId) {
        requireQueue(group);
        if (!deadLetters.evict(group, sequenceId)) {
            throw notFound("No dead letters of sequence '" + sequenceId + "' in group '" + group + "'.");
        }
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(Processors.NotFound.class)
    ResponseEntity<ProblemDetail> unknownProcessor(Processors.NotFound ex) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
    }

    @ExceptionHandler(Processors.CannotReplay.class)
    ResponseEntity<ProblemDetail> cannotReplay(Processors.CannotReplay ex) {
        return problem(HttpStatus.CONFLICT, "cannot-replay", "Cannot replay", ex.getMessage());
    }

    private void requireQueue(String group) {
        if (!deadLetters.hasQueue(group)) {
            throw notFound("Processing group '" + group + "' has no dead-letter queue.");
        }
    }

    private static ErrorResponseException notFound(String detail) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail), null);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, type, title, detail));
    }

    /** {@code from}: replay only events stored at or after this instant; absent for a replay from the start. */
    record ReplayRequest(@PastOrPresent @Schema(format = "date-time", description = "replay only the events stored at"
            + " or after this instant; leave it out to rebuild from the start", example = "2026-01-31T12:00:00Z")
                         Instant from) {
    }

    record GroupLetters(String group, long letters, List<DeadLetters.Sequence> sequences) {
    }

    record RetryResult(String group, int drainedSequences, long remainingLetters) {
    }
}
