package org.dmct.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyPairTest {

    @TempDir
    Path dir;

    @Test
    void startsSocatWithTwoLinkedPtysAndRemovesThemOnClose() throws Exception {
        Path a;
        Path b;
        try (PtyPair pair = PtyPair.start(dir, Duration.ofSeconds(20))) {
            a = pair.a();
            b = pair.b();
            assertThat(a).isEqualTo(dir.resolve("a").toAbsolutePath());
            assertThat(Files.readSymbolicLink(a).toString()).startsWith("/dev/pts/");
            assertThat(Files.readSymbolicLink(b)).isNotEqualTo(Files.readSymbolicLink(a));
            assertThat(pair.isAlive()).isTrue();
            assertThat(pair.log()).anySatisfy(line -> assertThat(line).contains("starting data transfer loop"));
        }
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
    }

    @Test
    void killLeavesDanglingLinks() {
        try (PtyPair pair = PtyPair.start(dir, Duration.ofSeconds(20))) {
            assertThat(pair.kill(Duration.ofSeconds(20))).isTrue();
            assertThat(pair.isAlive()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(pair.a()));
            assertThat(Files.isSymbolicLink(pair.a())).isTrue();
        }
    }

    @Test
    void withoutSocatItFailsSayingToInstallIt() {
        assertThatThrownBy(() -> PtyPair.start(dir, Duration.ofSeconds(5), dir.resolve("empty-bin").toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("install socat");
    }
}
