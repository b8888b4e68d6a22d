package io.freshet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What group members did, in the order each did it: assignments, records processed, commits the broker
 * acknowledged. Members in this JVM append to it directly; a member in another JVM writes the same events as lines
 * to a file ({@link #format}) that {@link #readFile} parses. {@link #check} then answers what a user checks: was
 * every record processed, which twice, and was each duplicate allowed (processed before without a commit covering it).
 */
final class ConsumptionLog {

    enum Kind { ASSIGNED, REVOKED, LOST, PROCESSED, COMMITTED }

    /** One event of one member. For PROCESSED, offset is the record's; for COMMITTED, the committed offset. */
    record Event(String member, Kind kind, int partition, long offset, String key, String value) {
    }

    private final List<Event> events = new ArrayList<>();

    synchronized void add(Event event) {
        events.add(event);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** One line per event: "A p", "R p", "L p", "P p offset key value", "C p offset". */
    static String format(Event e) {
        return switch (e.kind()) {
            case ASSIGNED -> "A " + e.partition();
            case REVOKED -> "R " + e.partition();
            case LOST -> "L " + e.partition();
            case PROCESSED -> "P " + e.partition() + " " + e.offset() + " " + e.key() + " " + e.value();
            case COMMITTED -> "C " + e.partition() + " " + e.offset();
        };
    }

    /** Appends the events of a member's file; a last line cut short by a kill is ignored. */
    void readFile(String member, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "A" -> add(new Event(member, Kind.ASSIGNED, Integer.parseInt(f[1]), -1, null, null));
                    case "R" -> add(new Event(member, Kind.REVOKED, Integer.parseInt(f[1]), -1, null, null));
                    case "L" -> add(new Event(member, Kind.LOST, Integer.parseInt(f[1]), -1, null, null));
                    case "P" -> add(new Event(member, Kind.PROCESSED, Integer.parseInt(f[1]), Long.parseLong(f[2]),
                            f[3], f[4]));
                    case "C" -> add(new Event(member, Kind.COMMITTED, Integer.parseInt(f[1]), Long.parseLong(f[2]),
                            null, null));
                    default -> { }
                }
            } catch (RuntimeException cutShort) {
                // only the last line can be incomplete: the writer flushes whole lines
            }
        }
    }

    /** Reads the events of every member's file into a new log. */
    static ConsumptionLog fromFiles(Map<String, Path> files) {
        ConsumptionLog log = new ConsumptionLog();
        files.forEach(log::readFile);
        return log;
    }

    record Position(int partition, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            return partition != o.partition ? Integer.compare(partition, o.partition) : Long.compare(offset, o.offset);
        }

        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }

    /**
     * The verdict on a log against the end offsets the topic had.
     *
     * @param missing        offsets below the end never processed by anyone
     * @param duplicates     records processed more than once: position -> times processed
     * @param uncovered      per member, the processings no acknowledged commit of that member covers
     * @param unexplained    duplicates with fewer uncovered processings than extra ones: a committed record came again
     * @param orderProblems  a member's records of a partition not in offset order between two assignments
     */
    record Check(int processed, Map<Position, Integer> duplicates, List<Position> missing,
                 Map<String, Set<Position>> uncovered, List<String> unexplained, List<String> orderProblems,
                 Map<String, Set<Integer>> partitionsProcessed) {

        int duplicateCount() {
            return duplicates.values().stream().mapToInt(n -> n - 1).sum();
        }

        @Override
        public String toString() {
            return "processed " + processed + ", duplicates " + duplicateCount() + " (first " + first(duplicates.keySet())
                    + "), missing " + missing.size() + " (first " + first(missing) + "), uncovered per member "
                    + uncovered.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()))
                    + ", unexplained duplicates " + unexplained.size() + " " + first(unexplained)
                    + ", order problems " + orderProblems.size() + " " + first(orderProblems)
                    + ", partitions per member " + partitionsProcessed;
        }

        private static <T> List<T> first(java.util.Collection<T> items) {
            return items.stream().limit(10).toList();
        }
    }

    /** Checks the log against {@code end}: partition -> end offset of the topic when everything was produced. */
    Check check(Map<Integer, Long> end) {
        List<Event> all = events();
        Map<Position, Integer> times = new TreeMap<>();
        Map<String, Set<Integer>> partitionsProcessed = new TreeMap<>();
        int processed = 0;
        for (Event e : all) {
            if (e.kind() == Kind.PROCESSED) {
                processed++;
                times.merge(new Position(e.partition(), e.offset()), 1, Integer::sum);
                partitionsProcessed.computeIfAbsent(e.member(), m -> new java.util.TreeSet<>()).add(e.partition());
            }
        }
        List<Position> missing = new ArrayList<>();
        end.forEach((partition, endOffset) -> {
            for (long o = 0; o < endOffset; o++) {
                if (!times.containsKey(new Position(partition, o))) {
                    missing.add(new Position(partition, o));
                }
            }
        });
        Map<Position, Integer> duplicates = new TreeMap<>();
        times.forEach((p, n) -> {
            if (n > 1) {
                duplicates.put(p, n);
            }
        });

        Map<String, List<Event>> byMember = new LinkedHashMap<>();
        all.forEach(e -> byMember.computeIfAbsent(e.member(), m -> new ArrayList<>()).add(e));
        Map<String, Set<Position>> uncovered = new TreeMap<>();
        List<String> orderProblems = new ArrayList<>();
        byMember.forEach((member, own) -> {
            uncovered.put(member, uncoveredOf(own));
            orderProblems.addAll(orderProblemsOf(member, own));
        });

        List<String> unexplained = new ArrayList<>();
        duplicates.forEach((position, n) -> {
            long uncoveredTimes = uncovered.values().stream().filter(s -> s.contains(position)).count();
            if (uncoveredTimes < n - 1) {
                unexplained.add(position + " processed " + n + " times, uncommitted in only " + uncoveredTimes
                        + " of them");
            }
        });
        return new Check(processed, duplicates, missing, uncovered, unexplained, orderProblems, partitionsProcessed);
    }

    /**
     * A member's processings that no later acknowledged commit of that same member, while it still held the partition,
     * covers (offset > record's). A commit after the partition was revoked, lost or assigned again does not cover
     * what was processed before: a member dropped from the group whose commit failed, given the partition back,
     * processes the same records again and commits them, and that first handling was never committed.
     */
    private static Set<Position> uncoveredOf(List<Event> own) {
        Map<Integer, Long> committedAfter = new HashMap<>();
        Set<Position> out = new java.util.TreeSet<>();
        for (int i = own.size() - 1; i >= 0; i--) {
            Event e = own.get(i);
            switch (e.kind()) {
                case COMMITTED -> committedAfter.merge(e.partition(), e.offset(), Math::max);
                // walking back, these end the holding the commits seen so far belong to (a revoking commit is
                // journaled before its REVOKED)
                case ASSIGNED, REVOKED, LOST -> committedAfter.remove(e.partition());
                case PROCESSED -> {
                    if (committedAfter.getOrDefault(e.partition(), -1L) <= e.offset()) {
                        out.add(new Position(e.partition(), e.offset()));
                    }
                }
            }
        }
        return out;
    }

    /** Within one assignment of a partition to a member, its records come one offset after the other. */
    private static List<String> orderProblemsOf(String member, List<Event> own) {
        Map<Integer, Long> last = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Event e : own) {
            switch (e.kind()) {
                case ASSIGNED, REVOKED, LOST -> last.remove(e.partition());
                case PROCESSED -> {
                    Long previous = last.put(e.partition(), e.offset());
                    if (previous != null && e.offset() != previous + 1) {
                        problems.add(member + ": partition " + e.partition() + " offset " + e.offset() + " after "
                                + previous);
                    }
                }
                default -> { }
            }
        }
        return problems;
    }

    /** Values processed by anyone, in the order of the log, by partition. */
    Map<Integer, List<Event>> processedByPartition() {
        return events().stream().filter(e -> e.kind() == Kind.PROCESSED)
                .collect(Collectors.groupingBy(Event::partition, TreeMap::new, Collectors.toList()));
    }

    long distinctProcessed() {
        return events().stream().filter(e -> e.kind() == Kind.PROCESSED)
                .map(e -> new Position(e.partition(), e.offset())).distinct().count();
    }
}
