package integration;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import app.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/relays")
@Tag(name = "Operations")
class RelaysController {

    private static final String BROKER = "^(kafka|redis)$";
    private static final EventTypes EVENT_TYPES = EventTypes.scan();

    private final Relays relays;
    private final RelayReplays replays;

    RelaysController(Relays relays, RelayReplays replays) {
        this.relays = relays;
        this.replays = replays;
    }

    @GetMapping
    @Operation(summary = "Each switched-on broker's publisher and stock-arrivals consumer",
            description = "Publishers: running, in error, position, lag (events stored after it) and last error."
                    + " Consumers: running, last error, the dead letters waiting.")
    Relays.RelayStatus status() {
        return relays.status();
    }

    @PostMapping("/{broker}/replays")
    @Operation(summary = "Re-publish the stored events of a time window to a broker",
            description = "Events stored at or after `from` and before `to`, of the listed types (all when the list"
                    + " is empty), each with `isReplay`, `originalTimestamp` and `replayTimestamp` in its metadata."
                    + " The live publisher goes on meanwhile. Follow the Location for progress.")
    @ApiResponse(responseCode = "202", description = "Started; Location gives its progress")
    @ApiResponse(responseCode = "400", description = "No window, `from` not before `to`, or an unknown event type",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "That broker is not switched on",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RelayReplays.Progress> replay(@PathVariable @Pattern(regexp = BROKER,
            message = "must be kafka or redis") String broker, @RequestBody @Valid ReplayRequest request) {
        if (!request.from().isBefore(request.to())) {
            throw problem(HttpStatus.BAD_REQUEST, "validation", "Invalid window",
                    "from (" + request.from() + ") must be before to (" + request.to() + ").");
        }
        Set<String> types = new TreeSet<>();
        for (String type : request.eventTypes() == null ? List.<String>of() : request.eventTypes()) {
            if (type == null || !EVENT_TYPES.isKnown(type)) {
                throw problem(HttpStatus.BAD_REQUEST, "validation", "Unknown event type",
                        "Unknown event type '" + type + "'; known: " + EVENT_TYPES.simpleNames() + ".");
            }
            types.add(EventTypes.simpleNameOf(type));
        }
        BrokerPublisher publisher = relays.publisher(broker).orElseThrow(() -> problem(HttpStatus.CONFLICT,
                "broker-off", "Broker not switched on", "Publishing to " + broker + " is off (eventshop." + broker
                        + ".enabled)."));
        RelayReplays.Replay replay = replays.start(publisher, request.from(), request.to(), types);
        return ResponseEntity.accepted()
                .location(URI.create("/api/admin/relays/" + broker + "/replays/" + replay.id()))
                .body(replay.progress());
    }

    @GetMapping("/{broker}/replays/{id}")
    @Operation(summary = "A replay's progress: events scanned and published, done, error")
    @ApiResponse(responseCode = "404", description = "No such replay (replays are forgotten on restart)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    RelayReplays.Progress progress(@PathVariable @Pattern(regexp = BROKER, message = "must be kafka or redis")
                                   String broker, @PathVariable @Size(max = 64) String id) {
        return replays.find(broker, id).map(RelayReplays.Replay::progress)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "No replay '" + id + "' to " + broker + "."));
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        return new ErrorResponseException(status, Problems.of(status, type, title, detail), null);
    }

    /** {@code eventTypes}: simple names ({@code OrderCreated}), empty or absent for all. */
    record ReplayRequest(@NotNull Instant from, @NotNull Instant to, @Size(max = 50) List<String> eventTypes) {
    }
}
