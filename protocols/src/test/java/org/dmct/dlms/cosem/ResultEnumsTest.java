package org.dmct.dlms.cosem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResultEnumsTest {

    @Test
    void dataAccessResultCodesAndNames() {
        assertThat(DataAccessResult.READ_WRITE_DENIED.code()).isEqualTo(3);
        assertThat(DataAccessResult.READ_WRITE_DENIED.dlmsName()).isEqualTo("read-write-denied");
        assertThat(DataAccessResult.OTHER_REASON.code()).isEqualTo(250);
        assertThat(DataAccessResult.DATA_BLOCK_NUMBER_INVALID.code()).isEqualTo(19);
        assertThat(DataAccessResult.fromCode(4)).isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
        for (DataAccessResult r : DataAccessResult.values()) {
            assertThat(DataAccessResult.fromCode(r.code())).isSameAs(r);
        }
        assertThat(Arrays.stream(DataAccessResult.values()).mapToInt(DataAccessResult::code))
                .containsExactly(0, 1, 2, 3, 4, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 250);
        assertThatThrownBy(() -> DataAccessResult.fromCode(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown data-access-result code 5");
        assertThat(DataAccessResult.lookup(251)).isEmpty();
    }

    @Test
    void actionResultCodesAndNames() {
        assertThat(ActionResult.NO_LONG_ACTION_IN_PROGRESS.dlmsName()).isEqualTo("no-long-action-in-progress");
        assertThat(Arrays.stream(ActionResult.values()).mapToInt(ActionResult::code))
                .containsExactly(0, 1, 2, 3, 4, 9, 11, 12, 13, 14, 15, 16, 250);
        for (ActionResult r : ActionResult.values()) {
            assertThat(ActionResult.fromCode(r.code())).isSameAs(r);
        }
        assertThatThrownBy(() -> ActionResult.fromCode(17)).hasMessageContaining("unknown action-result code 17");
    }
}
