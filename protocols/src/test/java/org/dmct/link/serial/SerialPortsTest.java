package org.dmct.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialPortsTest {

    @TempDir
    Path dir;

    @Test
    void listsWhatJSerialCommEnumeratesButNeverPtys() throws Exception {
        try (PtyPair pair = PtyPair.start(dir, Duration.ofSeconds(20))) {
            List<SerialPortInfo> ports = SerialPorts.list();
            String pts = Files.readSymbolicLink(pair.a()).toString();
            assertThat(ports).allSatisfy(port -> {
                assertThat(port.path()).isNotBlank();
                assertThat(port.systemName()).isNotBlank();
                assertThat(port.manufacturer()).isNotNull();
            });
            assertThat(ports).extracting(SerialPortInfo::path).doesNotContain(pts).isSorted();
            assertThatThrownBy(() -> ports.add(new SerialPortInfo("/dev/ttyS9", "ttyS9", "", java.util.Optional.empty()))).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
