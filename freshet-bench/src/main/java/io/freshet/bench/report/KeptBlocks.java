package io.freshet.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written parts of a generated report that a regeneration keeps: each between a line starting with
 * {@code <!-- kept:NAME } and the line {@code <!-- kept:NAME:end -->} (for instance the profile findings in
 * docs/benchmarks.md, which come from bench/profile.sh, not from the run that rewrites the file).
 */
public final class KeptBlocks {

    private static final String BEGIN = "<!-- kept:";

    private KeptBlocks() {
    }

    /** The kept blocks now in {@code file}, markers included, in file order. */
    public static List<String> existing(Path file) throws IOException {
        List<String> blocks = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return blocks;
        }
        String text = Files.readString(file);
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                return blocks;
            }
            int nameEnd = begin + BEGIN.length();
            while (nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd))
                && text.charAt(nameEnd) != ':' && text.charAt(nameEnd) != '-') {
                nameEnd++;
            }
            String name = text.substring(begin + BEGIN.length(), nameEnd);
            String endMarker = BEGIN + name + ":end -->";
            int end = text.indexOf(endMarker, nameEnd);
            if (name.isEmpty() || end < 0) {
                return blocks;
            }
            blocks.add(text.substring(begin, end + endMarker.length()));
            from = end + endMarker.length();
        }
    }
}
