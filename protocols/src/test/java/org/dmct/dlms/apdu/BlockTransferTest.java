package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET with block transfer: the server-side splitter and the client-side assembler, alone and together. */
class BlockTransferTest {

    private static final InvokeIdAndPriority IIP = InvokeIdAndPriority.of(8);

    private static DlmsData eventLog() {
        GetResponse.Normal resp = (GetResponse.Normal) ApduCodec.decode(
                Vectors.find("wrapper.jsonl", "get event log", "SERVER").cosemPlain()).apdu();
        return resp.result().data();
    }

    private static GetResponse.WithDataBlock block(long n, boolean last, byte[] data) {
        return new GetResponse.WithDataBlock(IIP, last, n, data, null);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 64, 128, 139, 140, 255, 1024, 2030, 65535})
    void splitterAndAssemblerMoveTheEventLogIntact(int maxPdu) {
        DlmsData log = eventLog();
        GetBlockSplitter server = GetBlockSplitter.forData(IIP, log, maxPdu);
        GetBlockAssembler client = new GetBlockAssembler();
        GetResponse.WithDataBlock b = server.firstBlock();
        int blocks = 0;
        while (true) {
            blocks++;
            // every block goes through the codec, as on the wire, and fits the PDU size
            byte[] wire = ApduCodec.encode(b);
            assertThat(wire.length).isLessThanOrEqualTo(maxPdu);
            GetResponse.WithDataBlock received = (GetResponse.WithDataBlock) ApduCodec.decode(wire).apdu();
            GetBlockAssembler.Step step = client.accept(received);
            if (step instanceof GetBlockAssembler.NeedNext next) {
                assertThat(next.request().blockNumber()).isEqualTo(blocks);
                GetRequest.Next request = (GetRequest.Next) ApduCodec.decode(ApduCodec.encode(next.request())).apdu();
                b = server.respondTo(request);
            } else {
                assertThat(step).isInstanceOf(GetBlockAssembler.Complete.class);
                GetBlockAssembler.Complete done = (GetBlockAssembler.Complete) step;
                assertThat(done.result().data()).isEqualTo(log);
                assertThat(done.rawData()).isEqualTo(AxdrCodec.encode(log));
                break;
            }
        }
        assertThat(blocks).isEqualTo(server.blockCount());
        assertThat(server.isComplete()).isTrue();
        assertThat(client.isFinished()).isTrue();
        assertThat(client.receivedBytes()).isEqualTo(AxdrCodec.encode(log).length);
        if (maxPdu == 65535) {
            assertThat(blocks).isEqualTo(1);
        }
    }

    @Test
    void blockPayloadSizes() {
        assertThat(GetBlockSplitter.maxBlockPayload(12)).isEqualTo(2);
        assertThat(GetBlockSplitter.maxBlockPayload(137)).isEqualTo(127);
        assertThat(GetBlockSplitter.maxBlockPayload(138)).isEqualTo(127);
        assertThat(GetBlockSplitter.maxBlockPayload(139)).isEqualTo(128);
        assertThat(GetBlockSplitter.maxBlockPayload(65535)).isEqualTo(65523);
        assertThatThrownBy(() -> GetBlockSplitter.maxBlockPayload(10)).hasMessageContaining("cannot hold a data block");
        assertThat(GetBlockSplitter.needsBlockTransfer(new GetResponse.Normal(IIP, GetDataResult.of(eventLog())), 2030)).isTrue();
        assertThat(GetBlockSplitter.needsBlockTransfer(new GetResponse.Normal(IIP, GetDataResult.of(DlmsData.u8(1))), 2030)).isFalse();
    }

    @Test
    void splitterRefusesAWrongBlockNumberAndLateRequests() {
        GetBlockSplitter s = new GetBlockSplitter(IIP, new byte[100], 30);
        assertThat(s.blockCount()).isEqualTo(5);
        assertThat(s.firstBlock().blockNumber()).isEqualTo(1);
        assertThatThrownBy(s::firstBlock).isInstanceOf(IllegalStateException.class);
        GetResponse.WithDataBlock wrong = s.respondTo(new GetRequest.Next(IIP, 3));
        assertThat(wrong.error()).isEqualTo(DataAccessResult.DATA_BLOCK_NUMBER_INVALID);
        assertThat(wrong.lastBlock()).isTrue();
        assertThat(s.isComplete()).isTrue();
        assertThat(s.respondTo(new GetRequest.Next(IIP, 1)).error()).isEqualTo(DataAccessResult.NO_LONG_GET_IN_PROGRESS);
    }

    @Test
    void splitterAnswersNextAfterTheLastBlockWithNoLongGetInProgress() {
        GetBlockSplitter s = new GetBlockSplitter(IIP, new byte[5], 100);
        GetResponse.WithDataBlock only = s.firstBlock();
        assertThat(only.lastBlock()).isTrue();
        assertThat(s.respondTo(new GetRequest.Next(IIP, 1)).error()).isEqualTo(DataAccessResult.NO_LONG_GET_IN_PROGRESS);
    }

    @Test
    void outOfOrderBlockFails() {
        GetBlockAssembler a = new GetBlockAssembler();
        GetBlockAssembler.Step s = a.accept(block(2, false, new byte[] {1}));
        assertThat(s).isEqualTo(new GetBlockAssembler.Failed("out-of-order block 2, expected block 1"));
        assertThat(a.isFinished()).isTrue();
        assertThat(a.accept(block(1, true, new byte[] {0}))).isInstanceOf(GetBlockAssembler.Failed.class)
                .asString().contains("after the transfer had finished");
    }

    @Test
    void skippedBlockFails() {
        GetBlockAssembler a = new GetBlockAssembler();
        assertThat(a.accept(block(1, false, new byte[] {1}))).isInstanceOf(GetBlockAssembler.NeedNext.class);
        assertThat(((GetBlockAssembler.Failed) a.accept(block(3, false, new byte[] {1}))).reason())
                .isEqualTo("out-of-order block 3, expected block 2");
    }

    @Test
    void duplicateBlockFails() {
        GetBlockAssembler a = new GetBlockAssembler();
        a.accept(block(1, false, new byte[] {1}));
        assertThat(((GetBlockAssembler.Failed) a.accept(block(1, false, new byte[] {1}))).reason())
                .isEqualTo("duplicate block 1, expected block 2");
    }

    @Test
    void changedInvokeIdFails() {
        GetBlockAssembler a = new GetBlockAssembler();
        a.accept(block(1, false, new byte[] {1}));
        GetBlockAssembler.Step s = a.accept(new GetResponse.WithDataBlock(InvokeIdAndPriority.of(9), true, 2, new byte[1], null));
        assertThat(((GetBlockAssembler.Failed) s).reason()).contains("invoke id 9").contains("started with 8");
    }

    @Test
    void oversizedTotalFails() {
        GetBlockAssembler a = new GetBlockAssembler(100, false);
        assertThat(a.accept(block(1, false, new byte[60]))).isInstanceOf(GetBlockAssembler.NeedNext.class);
        assertThat(((GetBlockAssembler.Failed) a.accept(block(2, false, new byte[60]))).reason())
                .isEqualTo("block 2 brings the total to 120 bytes, above the limit of 100");
        assertThatThrownBy(() -> new GetBlockAssembler(0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedReassembledDataFails() {
        GetBlockAssembler a = new GetBlockAssembler();
        a.accept(block(1, false, Vectors.bytes("0203")));
        GetBlockAssembler.Step s = a.accept(block(2, true, Vectors.bytes("1101")));
        assertThat(((GetBlockAssembler.Failed) s).reason()).contains("malformed").contains("structure claims 3 elements");
        GetBlockAssembler b = new GetBlockAssembler();
        assertThat(((GetBlockAssembler.Failed) b.accept(block(1, true, Vectors.bytes("110100")))).reason())
                .contains("trailing");
    }

    @Test
    void serverErrorEndsTheTransfer() {
        GetBlockAssembler a = new GetBlockAssembler();
        a.accept(block(1, false, new byte[] {1, 2}));
        GetBlockAssembler.Step s = a.accept(new GetResponse.WithDataBlock(IIP, true, 2, null, DataAccessResult.LONG_GET_ABORTED));
        GetBlockAssembler.Complete c = (GetBlockAssembler.Complete) s;
        assertThat(c.result().isSuccess()).isFalse();
        assertThat(c.result().error()).isEqualTo(DataAccessResult.LONG_GET_ABORTED);
        assertThat(c.rawData()).containsExactly(1, 2);
        assertThat(a.isFinished()).isTrue();
    }

    @Test
    void withListTransfer() {
        List<GetDataResult> results = List.of(GetDataResult.of(eventLog()), GetDataResult.error(DataAccessResult.OBJECT_UNDEFINED),
                GetDataResult.of(DlmsData.visible("P4X2G04")));
        byte[] encoded = ApduCodec.encodeGetDataResults(results);
        GetBlockSplitter server = new GetBlockSplitter(IIP, encoded, 512);
        GetBlockAssembler client = new GetBlockAssembler(1 << 20, true);
        GetBlockAssembler.Step step = client.accept(server.firstBlock());
        while (step instanceof GetBlockAssembler.NeedNext next) {
            step = client.accept(server.respondTo(next.request()));
        }
        GetBlockAssembler.CompleteList done = (GetBlockAssembler.CompleteList) step;
        assertThat(done.results()).isEqualTo(results);
        assertThat(Arrays.equals(done.rawData(), encoded)).isTrue();
    }
}
