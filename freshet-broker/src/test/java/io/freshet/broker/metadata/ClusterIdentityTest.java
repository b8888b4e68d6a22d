package io.freshet.broker.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterIdentityTest {

    @TempDir
    Path dir;

    @Test
    void shouldGenerateTheClusterIdOnceAndKeepIt() throws IOException {
        ClusterIdentity first = ClusterIdentity.loadOrCreate(dir, 1);
        ClusterIdentity again = ClusterIdentity.loadOrCreate(dir, 1);
        assertThat(first.clusterId()).isNotBlank().isEqualTo(again.clusterId());
        assertThat(dir.resolve("meta.properties")).exists();
    }

    @Test
    void shouldRefuseADataDirectoryOfAnotherNode() throws IOException {
        ClusterIdentity.loadOrCreate(dir, 1);
        assertThatThrownBy(() -> ClusterIdentity.loadOrCreate(dir, 2)).isInstanceOf(IOException.class)
            .hasMessageContaining("node.id=1");
    }
}
