package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.cosem.ObisCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SET and ACTION block transfer: each splitter against its assembler through the codec, and every way it goes wrong. */
class SetActionBlockTransferTest {

    private static final InvokeIdAndPriority IIP = InvokeIdAndPriority.of(5);
    private static final AttributeDescriptor IMAGE = AttributeDescriptor.of(1, "0-0:96.1.0.255", 2);
    private static final MethodDescriptor TRANSFER = new MethodDescriptor(18, ObisCode.parse("0-0:44.0.0.255"), 2);
    private static final SelectiveAccess ENTRIES = SelectiveAccess.byEntry(1, 0, 1, 0);

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Values up to 20 KB: a long octet-string and a nested structure, at PDU sizes 64, 256 and 1024. */
    static Stream<Arguments> transfers() {
        List<DlmsData> rows = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            rows.add(DlmsData.structure(DlmsData.u32(i), DlmsData.octets(pattern(12)), DlmsData.enumValue(i % 7)));
        }
        DlmsData table = DlmsData.array(rows);
        assertThat(AxdrCodec.encode(table).length).isBetween(15_000, 20_480);
        List<Arguments> out = new ArrayList<>();
        for (int pdu : new int[] {64, 256, 1024}) {
            for (DlmsData value : List.of(DlmsData.octets(pattern(20_000)), DlmsData.octets(pattern(300)), table,
                    DlmsData.octets(pattern(3)))) {
                out.add(Arguments.of(pdu, value));
            }
        }
        return out.stream();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Apdu> T overTheWire(T apdu, int maxPdu) {
        byte[] wire = ApduCodec.encode(apdu);
        assertThat(wire.length).as("%s fits the PDU", apdu).isLessThanOrEqualTo(maxPdu);
        return (T) ApduCodec.decode(wire).apdu();
    }

    @ParameterizedTest(name = "SET, max PDU {0}")
    @MethodSource("transfers")
    void setSplitterAndAssemblerMoveTheValueIntact(int maxPdu, DlmsData value) {
        SetBlockSplitter client = SetBlockSplitter.forData(IIP, IMAGE, ENTRIES, value, maxPdu);
        SetBlockAssembler server = new SetBlockAssembler();
        SetRequest request = client.firstRequest();
        int blocks = 0;
        while (true) {
            blocks++;
            SetBlockAssembler.Step step = server.accept(overTheWire(request, maxPdu));
            if (step instanceof SetBlockAssembler.Acknowledge ack) {
                assertThat(ack.response().blockNumber()).isEqualTo(blocks);
                request = ((SetBlockSplitter.Send) client.accept(overTheWire(ack.response(), maxPdu))).request();
            } else {
                SetBlockAssembler.Complete done = (SetBlockAssembler.Complete) step;
                assertThat(done.value()).isEqualTo(value);
                assertThat(done.attribute()).isEqualTo(IMAGE);
                assertThat(done.selectiveAccess()).isEqualTo(ENTRIES);
                SetBlockSplitter.Step end = client.accept(overTheWire(done.response(DataAccessResult.SUCCESS), maxPdu));
                assertThat(end).isEqualTo(new SetBlockSplitter.Complete(DataAccessResult.SUCCESS, blocks, true));
                break;
            }
        }
        assertThat(blocks).isEqualTo(client.blockCount());
        assertThat(client.isFinished()).isTrue();
        assertThat(server.isFinished()).isTrue();
        assertThat(server.receivedBytes()).isEqualTo(AxdrCodec.encode(value).length);
    }

    @ParameterizedTest(name = "ACTION, max PDU {0}")
    @MethodSource("transfers")
    void actionParametersAndReturnParametersMoveIntactBothWays(int maxPdu, DlmsData value) {
        ActionParameterSplitter client = ActionParameterSplitter.forData(IIP, TRANSFER, value, maxPdu);
        ActionParameterAssembler server = new ActionParameterAssembler();
        ActionRequest request = client.firstRequest();
        ActionParameterAssembler.Complete invoked;
        while (true) {
            ActionParameterAssembler.Step step = server.accept(overTheWire(request, maxPdu));
            if (step instanceof ActionParameterAssembler.Acknowledge ack) {
                request = ((ActionParameterSplitter.Send) client.accept(overTheWire(ack.response(), maxPdu))).request();
            } else {
                invoked = (ActionParameterAssembler.Complete) step;
                break;
            }
        }
        assertThat(invoked.parameters()).isEqualTo(value);
        assertThat(invoked.method()).isEqualTo(TRANSFER);
        assertThat(invoked.lastBlockNumber()).isEqualTo(client.blockCount());

        // the method echoes its parameters: long return parameters go back in blocks
        ActionReturnSplitter returning = ActionReturnSplitter.forData(invoked.invokeIdAndPriority(), value, maxPdu);
        ActionResponse first = returning.firstBlock();
        ActionParameterSplitter.Complete answered =
                (ActionParameterSplitter.Complete) client.accept(overTheWire(first, maxPdu));
        assertThat(answered.allBlocksSent()).isTrue();
        ActionReturnAssembler assembler = new ActionReturnAssembler();
        ActionResponse response = answered.response();
        int blocks = 0;
        while (true) {
            blocks++;
            ActionReturnAssembler.Step step = assembler.accept(response);
            if (step instanceof ActionReturnAssembler.NeedNext next) {
                response = overTheWire(returning.respondTo(overTheWire(next.request(), maxPdu)), maxPdu);
            } else {
                ActionReturnAssembler.Complete done = (ActionReturnAssembler.Complete) step;
                assertThat(done.result()).isEqualTo(
                        new ActionResponseWithOptionalData(ActionResult.SUCCESS, GetDataResult.of(value)));
                break;
            }
        }
        assertThat(blocks).isEqualTo(returning.blockCount());
        assertThat(returning.isComplete()).isTrue();
    }

    private static List<SetRequest> allSetBlocks(DlmsData value, int maxPdu) {
        SetBlockSplitter client = SetBlockSplitter.forData(IIP, IMAGE, null, value, maxPdu);
        List<SetRequest> blocks = new ArrayList<>();
        blocks.add(client.firstRequest());
        while (blocks.size() < client.blockCount()) {
            blocks.add(((SetBlockSplitter.Send) client.accept(
                    new SetResponse.BlockAcknowledged(IIP, blocks.size()))).request());
        }
        return blocks;
    }

    @Test
    void setAssemblerRefusesAWrongBlockNumber() {
        List<SetRequest> blocks = allSetBlocks(DlmsData.octets(pattern(500)), 64);
        SetBlockAssembler server = new SetBlockAssembler();
        server.accept(blocks.get(0));
        SetBlockAssembler.Refused refused = (SetBlockAssembler.Refused) server.accept(blocks.get(2));
        assertThat(refused.response()).isEqualTo(new SetResponse.LastBlock(IIP, DataAccessResult.DATA_BLOCK_NUMBER_INVALID, 3));
        assertThat(refused.reason()).contains("block 3 received, expected block 2");
        // the transfer is over: the right block now finds no transfer in progress
        SetBlockAssembler.Refused late = (SetBlockAssembler.Refused) server.accept(blocks.get(1));
        assertThat(late.response().result()).isEqualTo(DataAccessResult.NO_LONG_SET_IN_PROGRESS);
    }

    @Test
    void setAssemblerWithAMissingLastBlockNeverCompletes() {
        List<SetRequest> blocks = allSetBlocks(DlmsData.octets(pattern(500)), 64);
        SetBlockAssembler server = new SetBlockAssembler();
        for (SetRequest block : blocks.subList(0, blocks.size() - 1)) {
            assertThat(server.accept(block)).isInstanceOf(SetBlockAssembler.Acknowledge.class);
        }
        assertThat(server.isFinished()).isFalse();
        // a block numbered past the missing one is refused, not taken as the end
        SetBlockAssembler.Refused refused = (SetBlockAssembler.Refused) server.accept(new SetRequest.WithDataBlock(IIP,
                new DataBlock(true, blocks.size() + 1, new byte[] {1})));
        assertThat(refused.response().result()).isEqualTo(DataAccessResult.DATA_BLOCK_NUMBER_INVALID);
    }

    @Test
    void setAssemblerRefusesABlockAfterTheLastAndOneWithoutAFirst() {
        List<SetRequest> blocks = allSetBlocks(DlmsData.octets(pattern(200)), 64);
        SetBlockAssembler server = new SetBlockAssembler();
        blocks.forEach(server::accept);
        assertThat(server.isFinished()).isTrue();
        SetBlockAssembler.Refused after = (SetBlockAssembler.Refused) server.accept(
                new SetRequest.WithDataBlock(IIP, new DataBlock(true, blocks.size() + 1, new byte[] {0})));
        assertThat(after.response()).isEqualTo(
                new SetResponse.LastBlock(IIP, DataAccessResult.NO_LONG_SET_IN_PROGRESS, blocks.size() + 1));
        assertThat(after.reason()).contains("after the transfer had ended");

        SetBlockAssembler.Refused orphan = (SetBlockAssembler.Refused) new SetBlockAssembler().accept(blocks.get(1));
        assertThat(orphan.response().result()).isEqualTo(DataAccessResult.NO_LONG_SET_IN_PROGRESS);
        assertThat(orphan.reason()).contains("before a set-request-with-first-datablock");
    }

    @Test
    void setAssemblerRefusesAnOversizedValueAMalformedValueAndAnotherInvokeId() {
        List<SetRequest> blocks = allSetBlocks(DlmsData.octets(pattern(500)), 64);
        SetBlockAssembler small = new SetBlockAssembler(90);
        small.accept(blocks.get(0));
        SetBlockAssembler.Refused big = (SetBlockAssembler.Refused) small.accept(blocks.get(1));
        assertThat(big.response().result()).isEqualTo(DataAccessResult.LONG_SET_ABORTED);
        assertThat(big.reason()).contains("above the limit of 90");

        SetBlockAssembler server = new SetBlockAssembler();
        SetBlockAssembler.Refused malformed = (SetBlockAssembler.Refused) server.accept(new SetRequest.WithFirstDataBlock(
                IIP, IMAGE, null, new DataBlock(true, 1, new byte[] {0x09, 0x05, 1, 2})));
        assertThat(malformed.response()).isEqualTo(new SetResponse.LastBlock(IIP, DataAccessResult.LONG_SET_ABORTED, 1));
        assertThat(malformed.reason()).contains("malformed");

        SetBlockAssembler other = new SetBlockAssembler();
        other.accept(blocks.get(0));
        SetBlockAssembler.Refused stranger = (SetBlockAssembler.Refused) other.accept(new SetRequest.WithDataBlock(
                InvokeIdAndPriority.of(6), new DataBlock(false, 2, new byte[] {1})));
        assertThat(stranger.response().result()).isEqualTo(DataAccessResult.LONG_SET_ABORTED);
        assertThatThrownBy(() -> other.accept(new SetRequest.Normal(IIP, IMAGE, DlmsData.u8(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setSplitterChecksEveryResponse() {
        DlmsData value = DlmsData.octets(pattern(500));
        SetBlockSplitter wrongAck = SetBlockSplitter.forData(IIP, IMAGE, null, value, 64);
        wrongAck.firstRequest();
        assertThat(wrongAck.accept(new SetResponse.BlockAcknowledged(IIP, 2)))
                .isEqualTo(new SetBlockSplitter.Failed("server acknowledged block 2 but block 1 was sent"));
        assertThat(wrongAck.accept(new SetResponse.BlockAcknowledged(IIP, 1)))
                .isInstanceOf(SetBlockSplitter.Failed.class);

        SetBlockSplitter refused = SetBlockSplitter.forData(IIP, IMAGE, null, value, 64);
        refused.firstRequest();
        refused.accept(new SetResponse.BlockAcknowledged(IIP, 1));
        assertThat(refused.accept(new SetResponse.LastBlock(IIP, DataAccessResult.READ_WRITE_DENIED, 2)))
                .isEqualTo(new SetBlockSplitter.Complete(DataAccessResult.READ_WRITE_DENIED, 2, false));
        assertThat(refused.isFinished()).isTrue();

        SetBlockSplitter early = SetBlockSplitter.forData(IIP, IMAGE, null, value, 64);
        early.firstRequest();
        assertThat(early.accept(new SetResponse.LastBlock(IIP, DataAccessResult.SUCCESS, 1)))
                .isInstanceOf(SetBlockSplitter.Failed.class);

        SetBlockSplitter stranger = SetBlockSplitter.forData(IIP, IMAGE, null, value, 64);
        stranger.firstRequest();
        assertThat(((SetBlockSplitter.Failed) stranger.accept(new SetResponse.BlockAcknowledged(InvokeIdAndPriority.of(2), 1)))
                .reason()).contains("invoke id 2");

        SetBlockSplitter single = SetBlockSplitter.forData(IIP, IMAGE, null, DlmsData.u8(1), 64);
        assertThat(single.firstRequest().block().lastBlock()).isTrue();
        assertThat(single.accept(new SetResponse.BlockAcknowledged(IIP, 1))).isInstanceOf(SetBlockSplitter.Failed.class);
        assertThatThrownBy(() -> SetBlockSplitter.forData(IIP, IMAGE, null, value, 19))
                .hasMessageContaining("cannot hold a data block");
    }

    private static List<ActionRequest> allActionBlocks(DlmsData value, int maxPdu) {
        ActionParameterSplitter client = ActionParameterSplitter.forData(IIP, TRANSFER, value, maxPdu);
        List<ActionRequest> blocks = new ArrayList<>();
        blocks.add(client.firstRequest());
        while (blocks.size() < client.blockCount()) {
            blocks.add(((ActionParameterSplitter.Send) client.accept(
                    new ActionResponse.NextPblock(IIP, blocks.size()))).request());
        }
        return blocks;
    }

    @Test
    void actionParameterAssemblerRefusesWrongMissingAndLateBlocks() {
        List<ActionRequest> blocks = allActionBlocks(DlmsData.octets(pattern(500)), 64);
        ActionParameterAssembler wrong = new ActionParameterAssembler();
        wrong.accept(blocks.get(0));
        ActionParameterAssembler.Refused refused = (ActionParameterAssembler.Refused) wrong.accept(blocks.get(2));
        assertThat(refused.response()).isEqualTo(new ActionResponse.Normal(IIP, ActionResult.LONG_ACTION_ABORTED));
        assertThat(refused.reason()).contains("block 3 received, expected block 2");

        ActionParameterAssembler missing = new ActionParameterAssembler();
        blocks.subList(0, blocks.size() - 1).forEach(b ->
                assertThat(missing.accept(b)).isInstanceOf(ActionParameterAssembler.Acknowledge.class));
        assertThat(missing.isFinished()).isFalse();

        ActionParameterAssembler done = new ActionParameterAssembler();
        blocks.forEach(done::accept);
        ActionParameterAssembler.Refused late = (ActionParameterAssembler.Refused) done.accept(blocks.get(1));
        assertThat(late.response().result()).isEqualTo(ActionResult.NO_LONG_ACTION_IN_PROGRESS);

        ActionParameterAssembler small = new ActionParameterAssembler(60);
        small.accept(blocks.get(0));
        assertThat(((ActionParameterAssembler.Refused) small.accept(blocks.get(1))).reason()).contains("above the limit");
    }

    @Test
    void actionParameterSplitterChecksEveryResponse() {
        DlmsData value = DlmsData.octets(pattern(500));
        ActionParameterSplitter wrongAck = ActionParameterSplitter.forData(IIP, TRANSFER, value, 64);
        wrongAck.firstRequest();
        assertThat(wrongAck.accept(new ActionResponse.NextPblock(IIP, 3)))
                .isEqualTo(new ActionParameterSplitter.Failed("server acknowledged block 3 but block 1 was sent"));

        ActionParameterSplitter aborted = ActionParameterSplitter.forData(IIP, TRANSFER, value, 64);
        aborted.firstRequest();
        ActionResponse.Normal abort = new ActionResponse.Normal(IIP, ActionResult.LONG_ACTION_ABORTED);
        assertThat(aborted.accept(abort)).isEqualTo(new ActionParameterSplitter.Complete(abort, false));

        ActionParameterSplitter early = ActionParameterSplitter.forData(IIP, TRANSFER, value, 64);
        early.firstRequest();
        assertThat(early.accept(new ActionResponse.Normal(IIP, ActionResult.SUCCESS)))
                .isInstanceOf(ActionParameterSplitter.Failed.class);
    }

    @Test
    void actionReturnSplitterAndAssemblerRefuseWrongAndLateBlocks() {
        DlmsData value = DlmsData.octets(pattern(500));
        ActionReturnSplitter server = ActionReturnSplitter.forData(IIP, value, 64);
        ActionResponse.WithPblock first = server.firstBlock();
        assertThat(server.respondTo(new ActionRequest.NextPblock(IIP, 2)))
                .isEqualTo(new ActionResponse.Normal(IIP, ActionResult.LONG_ACTION_ABORTED));
        assertThat(server.respondTo(new ActionRequest.NextPblock(IIP, 1)))
                .isEqualTo(new ActionResponse.Normal(IIP, ActionResult.NO_LONG_ACTION_IN_PROGRESS));

        ActionReturnAssembler client = new ActionReturnAssembler();
        client.accept(first);
        ActionReturnAssembler.Step step = client.accept(new ActionResponse.WithPblock(IIP,
                new DataBlock(true, 3, new byte[] {1})));
        assertThat(((ActionReturnAssembler.Failed) step).reason()).isEqualTo("out-of-order block 3, expected block 2");
        assertThat(client.accept(first)).isInstanceOf(ActionReturnAssembler.Failed.class);

        ActionReturnAssembler duplicate = new ActionReturnAssembler();
        duplicate.accept(first);
        assertThat(((ActionReturnAssembler.Failed) duplicate.accept(first)).reason()).startsWith("duplicate block 1");

        ActionReturnAssembler aborted = new ActionReturnAssembler();
        aborted.accept(first);
        assertThat(aborted.accept(new ActionResponse.Normal(IIP, ActionResult.LONG_ACTION_ABORTED)))
                .isEqualTo(new ActionReturnAssembler.Complete(
                        new ActionResponseWithOptionalData(ActionResult.LONG_ACTION_ABORTED), first.block().rawLength()));

        ActionReturnAssembler malformed = new ActionReturnAssembler();
        assertThat(((ActionReturnAssembler.Failed) malformed.accept(new ActionResponse.WithPblock(IIP,
                new DataBlock(true, 1, new byte[] {0x09, 0x09})))).reason()).contains("malformed");
    }
}
