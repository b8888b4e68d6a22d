package io.freshet.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The journal check behind log.zero.fill.ahead.bytes' default, on what the kernel shows of two real ext4 mounts. */
class FileSystemJournalTest {

    /** /proc/fs/ext4/vda/options of an ext4 made without a journal (this project's build machines). */
    private static final String NO_JOURNAL = "rw\nbsddf\nnogrpid\nblock_validity\ndioread_nolock\ndiscard\ndelalloc\n"
        + "nowarn_on_error\nnojournal_checksum\nbarrier\nauto_da_alloc\ncommit=5\n";
    /** The same of an ext4 made with mkfs.ext4's defaults (a journal, ordered data). */
    private static final String JOURNAL = "rw\nbsddf\nnogrpid\nblock_validity\ndelalloc\njournal_checksum\nbarrier\n"
        + "auto_da_alloc\ncommit=5\ndata=ordered\ninode_readahead_blks=32\n";

    private static Function<Path, String> proc(Map<String, String> options) {
        return path -> options.getOrDefault(path.toString(), "");
    }

    @Test
    void ext4IsJournaledOnlyWhenItsOptionsNameADataMode() {
        Function<Path, String> read = proc(Map.of("/proc/fs/ext4/vda/options", NO_JOURNAL,
            "/proc/fs/ext4/loop0/options", JOURNAL));

        assertThat(FileSystemJournal.journaled("ext4", "/dev/vda", read)).isFalse();
        assertThat(FileSystemJournal.journaled("ext4", "/dev/loop0", read)).isTrue();
        assertThat(FileSystemJournal.journaled("ext4", "/dev/unknown", read)).as("options unreadable").isFalse();
    }

    @Test
    void fileSystemsThatAlwaysJournalDoAndTheRestDoNot() {
        Function<Path, String> nothing = path -> "";

        assertThat(FileSystemJournal.journaled("xfs", "/dev/sdb1", nothing)).isTrue();
        assertThat(FileSystemJournal.journaled("ext3", "/dev/sdb1", nothing)).isTrue();
        assertThat(FileSystemJournal.journaled("tmpfs", "tmpfs", nothing)).isFalse();
        assertThat(FileSystemJournal.journaled("btrfs", "/dev/sdb1", nothing)).as("copy on write").isFalse();
        assertThat(FileSystemJournal.journaled("overlay", "overlay", nothing)).isFalse();
    }

    @Test
    void aDirectoryThatDoesNotExistYetIsJudgedByItsNearestParent() {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-dir-" + System.nanoTime(), "data");
        assertThat(FileSystemJournal.journaled(missing))
            .isEqualTo(FileSystemJournal.journaled(Path.of(System.getProperty("java.io.tmpdir"))));
    }
}
