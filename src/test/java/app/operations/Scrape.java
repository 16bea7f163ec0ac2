package app.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of /actuator/prometheus in the text format, read sample by sample. */
record Scrape(String text) {

    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)\\})? (\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        Matcher matcher = SAMPLE.matcher(text);
        while (matcher.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
        }
        return samples;
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples().forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The samples of {@code name} whose label {@code label} has {@code value}. */
    List<Double> values(String name, String label, String value) {
        return samples().stream()
                .filter(sample -> sample.name().equals(name) && value.equals(sample.labels().get(label)))
                .map(Sample::value)
                .toList();
    }

    List<Double> values(String name) {
        return samples().stream().filter(sample -> sample.name().equals(name)).map(Sample::value).toList();
    }
}
