package org.dmct.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.junit.jupiter.api.Test;

/** {@link LabReplicas}: derived ids and serials, templates in turn, free ports, nothing shared that must be unique. */
class LabReplicasTest {
    private static final Lab CI = new LabLoader().load(Path.of(System.getProperty("user.dir"))
            .resolve("../lab-config/labs/ci-simulated.yaml").normalize());

    @Test
    void copiesFollowTheTemplatesInTurnWithDerivedIdsAndSerials() {
        Lab lab = LabReplicas.of(CI, 7);
        assertThat(lab.dmcs()).extracting(LabDmc::id).containsExactly("DMC-ALPHA-0001", "DMC-BRAVO-0002",
                "DMC-CHARLIE-0003", "DMC-ALPHA-0004", "DMC-BRAVO-0005", "DMC-CHARLIE-0006", "DMC-ALPHA-0007");
        assertThat(lab.id()).isEqualTo("ci-simulated-x7");
        LabDmc charlie = lab.dmc("DMC-CHARLIE-0006").orElseThrow();
        LabDmc template = CI.dmc("DMC-CHARLIE").orElseThrow();
        assertThat(charlie.devices()).extracting(LabDevice::id).containsExactly("CHARLIE-CHF-0006",
                "CHARLIE-ESME-0006");
        for (int i = 0; i < template.devices().size(); i++) {
            LabDevice copy = charlie.devices().get(i);
            LabDevice original = template.devices().get(i);
            assertThat(copy.serialNumber()).isEqualTo(original.serialNumber() + "-0006");
            assertThat(copy.profile()).isSameAs(original.profile());
            assertThat(copy.firmware()).isEqualTo(original.firmware());
            assertThat(copy.logicalDevice()).isEqualTo(original.logicalDevice());
        }
        assertThat(lab.dmcs()).allSatisfy(d -> {
            assertThat(d.link().port()).isZero();
            assertThat(d.push()).isNull();
            assertThat(d.simulated()).isTrue();
        });
        Set<String> ids = new HashSet<>();
        Set<String> serials = new HashSet<>();
        lab.dmcs().forEach(d -> d.devices().forEach(x -> {
            assertThat(ids.add(x.id())).as(x.id()).isTrue();
            assertThat(serials.add(x.serialNumber())).as(x.serialNumber()).isTrue();
        }));
    }

    @Test
    void aCountWithinTheLabTakesItsFirstDmcsUnchanged() {
        Lab lab = LabReplicas.of(CI, 2);
        assertThat(lab.dmcs()).containsExactly(CI.dmcs().get(0), CI.dmcs().get(1));
        assertThat(lab.id()).isEqualTo(CI.id());
    }

    @Test
    void countsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> LabReplicas.of(CI, 0)).hasMessageContaining("1..9999");
        assertThatThrownBy(() -> LabReplicas.of(CI, 10_000)).hasMessageContaining("not 10000");
    }
}
