import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the app's time went in a flight recording: the CPU of its threads and of the machine, the collector's pauses,
 * the execution samples by thread, by the code running (the package of the sampled frame), by the project's code they
 * ran under and by library anywhere on the stack, and the allocation by thread, by the project's code that allocated
 * and by class.
 *
 * java benchmark/JfrShares.java recording.jfr [--rows 15] [--threads 'http-nio.*'] [--from 16:22:05 --to 16:22:35]
 *
 * With a pattern of thread names ({@code http-nio.*exec.*}: the request threads), also what those threads waited
 * for: their parks, monitor waits and socket reads at or above the recording's thresholds, by where they waited (the
 * innermost frame outside the JDK). With {@code --from} and {@code --to} (UTC times of day, as benchmark/run logs
 * them), only the events in that window.
 * <p>
 * Record from the app's start, so that starting the recording does not make the JIT compile again during the
 * measured window: {@code benchmark/run --jvm "-XX:StartFlightRecording:settings=default,filename=app.jfr"}. The
 * default settings sample running Java threads every 20 ms, cheap enough to leave a run's figures nearly as they are,
 * and record waits of 20 ms or more; {@code locking-threshold=2ms,socket-threshold=2ms} added to those options record
 * shorter ones.
 */
public class JfrShares {

    /** Packages of the project's own code. */
    private static final List<String> PROJECT = List.of("app.", "orders.", "payments.", "inventory.", "query.",
            "integration.");

    /** Libraries counted wherever they appear on a sampled stack (a sample counts once per library). */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.postgresql.", "PostgreSQL JDBC driver");
        LIBRARIES.put("com.zaxxer.hikari.", "Hikari pool");
        LIBRARIES.put("org.hibernate.", "Hibernate");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("org.axonframework.", "Axon");
        LIBRARIES.put("org.springframework.security.", "Spring Security");
        LIBRARIES.put("org.springframework.web.", "Spring MVC");
        LIBRARIES.put("org.apache.catalina.", "Tomcat");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("ch.qos.logback.", "Logback");
        LIBRARIES.put("com.github.kagkarlsson.", "db-scheduler");
    }

    public static void main(String[] args) throws IOException {
        int rows = 15;
        Pattern waitingThreads = null;
        LocalTime from = LocalTime.MIN;
        LocalTime to = LocalTime.MAX;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[i + 1]);
                case "--threads" -> waitingThreads = Pattern.compile(args[i + 1]);
                case "--from" -> from = LocalTime.parse(args[i + 1]);
                case "--to" -> to = LocalTime.parse(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Integer> nativeByThread = new HashMap<>();
        Map<String, double[]> waits = new HashMap<>();
        Map<String, double[]> threadLoads = new HashMap<>();
        long[] allocated = new long[1];
        Map<String, Double> allocationByThread = new HashMap<>();
        Map<String, Double> allocationBySite = new HashMap<>();
        Map<String, Double> allocationByClass = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> bySelfPackage = new HashMap<>();
        Map<String, Integer> byProjectFrame = new HashMap<>();
        Map<String, Integer> byLibrary = new HashMap<>();
        int samples = 0;
        double jvmCpu = 0;
        double machineCpu = 0;
        int cpuReadings = 0;
        double pauseMs = 0;
        int pauses = 0;

        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            LocalTime at = LocalTime.ofInstant(event.getStartTime(), ZoneOffset.UTC);
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    add(byThread, threadGroup(event.getThread("sampledThread").getJavaName()));
                    List<RecordedFrame> frames = stack.getFrames();
                    add(bySelfPackage, packageOf(className(frames.get(0)), 3));
                    add(byProjectFrame, outermostProjectFrame(frames));
                    Set<String> libraries = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String name = className(frame);
                        LIBRARIES.forEach((prefix, library) -> {
                            if (name.startsWith(prefix)) {
                                libraries.add(library);
                            }
                        });
                    }
                    libraries.forEach(library -> add(byLibrary, library));
                }
                case "jdk.NativeMethodSample" -> {
                    if (event.getThread("sampledThread") != null) {
                        add(nativeByThread, threadGroup(event.getThread("sampledThread").getJavaName()));
                    }
                }
                case "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.SocketRead" -> {
                    if (waitingThreads != null && event.getThread() != null
                            && waitingThreads.matcher(event.getThread().getJavaName()).matches()) {
                        String where = event.getEventType().getName().substring(4) + " in "
                                + innermostFrameOutsideTheJdk(event.getStackTrace());
                        double ms = event.getDuration().toNanos() / 1e6;
                        double[] counted = waits.computeIfAbsent(where, key -> new double[3]);
                        counted[0]++;
                        counted[1] += ms;
                        counted[2] = Math.max(counted[2], ms);
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocated[0] += weight;
                    allocationByThread.merge(threadGroup(event.getThread("eventThread").getJavaName()),
                            (double) weight, Double::sum);
                    RecordedStackTrace stack = event.getStackTrace();
                    String site = stack == null ? "?" : innermostProjectFrame(stack.getFrames());
                    allocationBySite.merge(site, (double) weight, Double::sum);
                    allocationByClass.merge(event.getClass("objectClass").getName(), (double) weight, Double::sum);
                }
                case "jdk.ThreadCPULoad" -> {
                    String thread = threadGroup(event.getThread("eventThread").getJavaName()) + "\u0000"
                            + event.getThread("eventThread").getJavaThreadId();
                    double[] load = threadLoads.computeIfAbsent(thread, key -> new double[2]);
                    load[0] += event.getFloat("user") + event.getFloat("system");
                    load[1]++;
                }
                case "jdk.CPULoad" -> {
                    jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                    cpuReadings++;
                }
                case "jdk.GarbageCollection" -> {
                    pauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                    pauses++;
                }
                default -> { }
            }
        }
        System.out.printf(Locale.ROOT, "%d execution samples", samples);
        if (cpuReadings > 0) {
            System.out.printf(Locale.ROOT,
                    "; CPU: the JVM %.0f %%, the machine %.0f %% (of all cores, mean of %d readings)",
                    100 * jvmCpu / cpuReadings, 100 * machineCpu / cpuReadings, cpuReadings);
        }
        System.out.printf(Locale.ROOT, "; %d collections, %.0f ms of pauses%n", pauses, pauseMs);
        Map<String, Double> cpuByThread = new HashMap<>();
        threadLoads.forEach((thread, load) ->
                cpuByThread.merge(thread.substring(0, thread.indexOf('\u0000')), load[0] / load[1], Double::sum));
        printShares("CPU by thread (jdk.ThreadCPULoad, % of the machine's cores, the mean of each thread's "
                + "readings, summed over the threads of a group)", cpuByThread, 1, rows);
        printShares("by thread", byThread, samples, rows);
        printShares("by code running (package of the sampled frame)", bySelfPackage, samples, rows);
        printShares("by the project's outermost frame on the stack", byProjectFrame, samples, rows);
        printShares("by library anywhere on the stack", byLibrary, samples, rows);
        int nativeSamples = nativeByThread.values().stream().mapToInt(Integer::intValue).sum();
        printShares("by thread, of the samples in native code (socket reads, polls; " + nativeSamples + " samples)",
                nativeByThread, nativeSamples, rows);
        System.out.printf(Locale.ROOT, "%nallocated (jdk.ObjectAllocationSample, estimated): %.0f MB%n",
                allocated[0] / 1e6);
        printShares("allocation by thread", allocationByThread, allocated[0], rows);
        printShares("allocation by the innermost project frame on the stack", allocationBySite, allocated[0], rows);
        printShares("allocation by class", allocationByClass, allocated[0], rows);
        if (waitingThreads != null) {
            System.out.printf("%nwaits of threads %s (count, total ms, longest ms):%n", waitingThreads);
            waits.entrySet().stream()
                    .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                    .limit(rows)
                    .forEach(entry -> System.out.printf(Locale.ROOT, "  %6.0f  %8.1f  %6.1f  %s%n",
                            entry.getValue()[0], entry.getValue()[1], entry.getValue()[2], entry.getKey()));
        }
    }

    private static String innermostProjectFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = className(frame);
            if (PROJECT.stream().anyMatch(name::startsWith)) {
                return name.replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda") + "." + frame.getMethod().getName();
            }
        }
        return "(no project code)";
    }

    /** The largest amounts, each as its share of the total (and its count, when the amounts are counts). */
    private static void printShares(String title, Map<String, ? extends Number> amounts, double total, int rows) {
        System.out.printf("%n%s:%n", title);
        amounts.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue().doubleValue(), a.getValue().doubleValue()))
                .limit(rows)
                .forEach(entry -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%s%n",
                        100 * entry.getValue().doubleValue() / total,
                        entry.getValue() instanceof Integer count ? String.format("%6d  ", count) : "",
                        entry.getKey()));
    }

    private static String innermostFrameOutsideTheJdk(RecordedStackTrace stack) {
        if (stack == null) {
            return "?";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String name = className(frame);
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return name + "." + frame.getMethod().getName();
            }
        }
        return "(the JDK only)";
    }

    /** Threads of one pool or processor together: their numbers dropped. */
    static String threadGroup(String thread) {
        return thread == null ? "(unknown)" : thread.replaceAll("\\d+", "#");
    }

    private static String outermostProjectFrame(List<RecordedFrame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String name = className(frames.get(i));
            if (PROJECT.stream().anyMatch(name::startsWith)) {
                String simple = name.substring(name.lastIndexOf('.') + 1).replaceAll("\\$\\$.*", "");
                return name.substring(0, name.lastIndexOf('.') + 1) + simple + "."
                        + frames.get(i).getMethod().getName();
            }
        }
        return "(no project code)";
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod() == null ? "?" : frame.getMethod().getType().getName();
    }

    static String packageOf(String className, int depth) {
        String[] parts = className.split("\\.");
        if (parts.length <= 1) {
            return className;
        }
        int keep = Math.min(depth, parts.length - 1);
        return String.join(".", java.util.Arrays.copyOf(parts, keep));
    }

    private static void add(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }

}
