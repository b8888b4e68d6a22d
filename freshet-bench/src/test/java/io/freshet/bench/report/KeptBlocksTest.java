package io.freshet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptBlocksTest {

    @TempDir
    Path dir;

    @Test
    void findsEveryCompleteBlockInOrderWithItsMarkers() throws Exception {
        Path file = dir.resolve("benchmarks.md");
        String profile = "<!-- kept:profile (bench/profile.sh) -->\n## Profile\ntext\n<!-- kept:profile:end -->";
        String notes = "<!-- kept:notes -->\nmore\n<!-- kept:notes:end -->";
        Files.writeString(file, "# generated\n\n" + profile + "\n\ngenerated again\n" + notes
            + "\n<!-- kept:open -->\nno end marker\n");

        assertThat(KeptBlocks.existing(file)).containsExactly(profile, notes);
    }

    @Test
    void aMissingFileOrOneWithoutBlocksKeepsNothing() throws Exception {
        assertThat(KeptBlocks.existing(dir.resolve("missing.md"))).isEmpty();
        Path file = dir.resolve("plain.md");
        Files.writeString(file, "# nothing kept\n<!-- metrics-cost:begin -->\n");
        assertThat(KeptBlocks.existing(file)).isEmpty();
    }
}
