package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ACSE and plain xDLMS APDU jDLMS exchanged decodes, and re-encodes to the very same bytes. */
class VectorRoundTripTest {

    static Stream<Arguments> apdus() {
        List<Arguments> args = new ArrayList<>();
        for (Vectors.Line line : Vectors.all()) {
            if (line.acse() != null) {
                args.add(Arguments.of(line + " [acse]", line.acse()));
            }
            if (line.cosemPlain() != null) {
                args.add(Arguments.of(line + " [cosem_plain]", line.cosemPlain()));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apdus")
    void decodesAndReencodesExactly(String name, byte[] bytes) {
        ApduDecodeResult result = ApduCodec.decode(bytes);

        assertThat(result.isSuccess()).as("%s: %s", name, result).isTrue();
        assertThat(Vectors.hex(ApduCodec.encode(result.apdu()))).isEqualTo(Vectors.hex(bytes));
        // decoding the re-encoding gives an equal value: equals is by content throughout
        assertThat(ApduCodec.decode(ApduCodec.encode(result.apdu())).apdu()).isEqualTo(result.apdu());
    }

    @Test
    void everyFileContributesApdus() {
        for (String file : Vectors.FILES) {
            assertThat(Vectors.load(file).stream().filter(l -> l.cosemPlain() != null).count())
                    .as(file).isGreaterThanOrEqualTo(18);
        }
        assertThat(apdus().count()).isGreaterThan(60);
    }
}
