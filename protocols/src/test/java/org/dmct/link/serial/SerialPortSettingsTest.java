package org.dmct.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dmct.link.serial.SerialPortSettings.Parity;
import org.dmct.link.serial.SerialPortSettings.StopBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerialPortSettingsTest {

    @Test
    void opticalProbeIs9600EightNoneOne() {
        SerialPortSettings probe = SerialPortSettings.opticalProbe("/dev/ttyUSB0");
        assertThat(probe.baudRate()).isEqualTo(9600);
        assertThat(probe.dataBits()).isEqualTo(8);
        assertThat(probe.parity()).isEqualTo(Parity.NONE);
        assertThat(probe.stopBits()).isEqualTo(StopBits.ONE);
        assertThat(probe).hasToString("/dev/ttyUSB0 9600 8N1");
    }

    @ParameterizedTest
    @CsvSource({
            "8, NONE, ONE, 10.0, 8N1",
            "8, EVEN, ONE, 11.0, 8E1",
            "7, EVEN, ONE, 10.0, 7E1",
            "8, NONE, TWO, 11.0, 8N2",
            "8, MARK, TWO, 12.0, 8M2",
            "6, SPACE, ONE, 9.0, 6S1",
            "5, NONE, ONE_POINT_FIVE, 7.5, 5N1.5",
            "5, ODD, ONE, 8.0, 5O1"})
    void bitsPerCharacterCountStartDataParityAndStopBits(int dataBits, Parity parity, StopBits stopBits,
                                                         double bits, String framing) {
        SerialPortSettings settings = new SerialPortSettings("COM3", 9600, dataBits, parity, stopBits);
        assertThat(settings.bitsPerCharacter()).isEqualTo(bits);
        assertThat(settings.framing()).isEqualTo(framing);
        assertThat(settings).hasToString("COM3 9600 " + framing);
    }

    @Test
    void transmitTimeAt9600EightNoneOneIsOneMillisecondAndAHalfPerTwoBytes() {
        SerialPortSettings settings = SerialPortSettings.opticalProbe("/dev/ttyUSB0");
        // 10 bits at 9600 bit/s = 1/960 s = 1 041 666.67 ns, rounded up.
        assertThat(settings.transmitNanos(1)).isEqualTo(1_041_667);
        assertThat(settings.transmitTime(96)).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.transmitTime(960)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.transmitNanos(0)).isZero();
    }

    @Test
    void charactersSentWithinIsTheInverseOfTransmitTime() {
        SerialPortSettings settings = new SerialPortSettings("/dev/pts/1", 9600, 8, Parity.EVEN, StopBits.ONE);
        for (long n = 0; n < 2000; n += 7) {
            long nanos = settings.transmitNanos(n);
            assertThat(settings.charactersSentWithin(nanos)).isEqualTo(n);
            if (n > 0) {
                assertThat(settings.charactersSentWithin(nanos - 1)).isEqualTo(n - 1);
            }
        }
        // A day on the line does not overflow.
        assertThat(settings.charactersSentWithin(Duration.ofDays(1).toNanos())).isEqualTo(86_400L * 9600 / 11);
    }

    @Test
    void rejectsImpossibleFramingsNamingThePort() {
        assertThatThrownBy(() -> new SerialPortSettings("/dev/ttyS0", 9600, 9, Parity.NONE, StopBits.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/dev/ttyS0").hasMessageContaining("9 data bits");
        assertThatThrownBy(() -> new SerialPortSettings("/dev/ttyS0", 9600, 4, Parity.NONE, StopBits.ONE))
                .hasMessageContaining("4 data bits");
        assertThatThrownBy(() -> new SerialPortSettings("/dev/ttyS0", 0, 8, Parity.NONE, StopBits.ONE))
                .hasMessageContaining("baud rate 0");
        assertThatThrownBy(() -> new SerialPortSettings("/dev/ttyS0", 5_000_000, 8, Parity.NONE, StopBits.ONE))
                .hasMessageContaining("baud rate 5000000");
        assertThatThrownBy(() -> new SerialPortSettings("/dev/ttyS0", 9600, 8, Parity.NONE, StopBits.ONE_POINT_FIVE))
                .hasMessageContaining("1.5 stop bits");
        assertThatThrownBy(() -> new SerialPortSettings("/dev/ttyS0", 9600, 5, Parity.NONE, StopBits.TWO))
                .hasMessageContaining("2 stop bits");
        assertThatThrownBy(() -> new SerialPortSettings(" ", 9600, 8, Parity.NONE, StopBits.ONE))
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> new SerialPortSettings(null, 9600, 8, Parity.NONE, StopBits.ONE))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SerialPortSettings.opticalProbe("COM1").transmitNanos(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withersKeepTheRest() {
        SerialPortSettings a = new SerialPortSettings("/tmp/a", 300, 7, Parity.EVEN, StopBits.ONE);
        assertThat(a.withPort("/tmp/b")).isEqualTo(new SerialPortSettings("/tmp/b", 300, 7, Parity.EVEN, StopBits.ONE));
        assertThat(a.withBaudRate(9600)).hasToString("/tmp/a 9600 7E1");
        assertThat(SerialPortSettings.eightNoneOne("COM4", 115200)).hasToString("COM4 115200 8N1");
    }
}
