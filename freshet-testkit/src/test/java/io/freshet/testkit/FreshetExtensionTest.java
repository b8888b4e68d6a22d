package io.freshet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

@Timeout(60)
class FreshetExtensionTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass().withProperty("num.partitions", "3");

    @Test
    void shouldServeClientsDuringTheTest() throws Exception {
        Records.produce(FRESHET.bootstrapServers(), "extension", 0, 10);

        assertThat(Records.readAll(FRESHET.bootstrapServers(), "extension")).hasSize(11);
    }

    @Test
    void shouldInjectTheSameBroker(EmbeddedFreshet broker) {
        assertThat(broker).isSameAs(FRESHET.broker());
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void shouldKeepTheDataDirectoryOfAFailedTest() {
        FailingTest.dataDir.set(null);
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FailingTest.class)).build(), listener);

        assertThat(listener.getSummary().getTotalFailureCount()).isEqualTo(1);
        Path kept = FailingTest.dataDir.get();
        assertThat(kept).isDirectory();
        EmbeddedFreshet.deleteRecursively(kept);
    }

    /** Run only through the launcher above (Surefire runs top-level classes matching *Test, not this one). */
    static class FailingTest {
        static final AtomicReference<Path> dataDir = new AtomicReference<>();

        @RegisterExtension
        final FreshetExtension freshet = FreshetExtension.perTest();

        @Test
        void fails() {
            dataDir.set(freshet.broker().dataDir());
            throw new AssertionError("failing on purpose");
        }
    }
}
