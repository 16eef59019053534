package org.dmct.dlms.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.junit.jupiter.api.Test;

/** The full client-side wrapper stack: APDUs out, decode results in, every unit seen by the listener. */
class ApduFrameCodecTest {

    private final RecordingListener listener = new RecordingListener();
    private final EmbeddedChannel client = new EmbeddedChannel();

    ApduFrameCodecTest() {
        WrapperPipeline.install(client.pipeline(), 16, 1, listener);
    }

    @Test
    void sendsApdusAsTheCapturedFrames() {
        client.writeOutbound(new GetRequest.Normal(InvokeIdAndPriority.of(1), AttributeDescriptor.of(3, "1-0:1.8.0.255", 2)));
        ByteBuf out = client.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        byte[] expected = Vectors.find("wrapper.jsonl", "get register value", "CLIENT").frame();
        assertThat(Vectors.hex(bytes)).isEqualTo(Vectors.hex(expected));
        assertThat(listener.sent).containsExactly(Vectors.hex(expected));
    }

    @Test
    void receivesDecodeResults() {
        byte[] frame = Vectors.find("wrapper.jsonl", "get register value", "SERVER").frame();
        client.writeInbound(Unpooled.wrappedBuffer(frame));
        ApduDecodeResult r = client.readInbound();
        GetResponse.Normal resp = (GetResponse.Normal) r.apdu();
        assertThat(resp.result().data()).isEqualTo(DlmsData.u32(1234568));
        assertThat(listener.received).containsExactly(Vectors.hex(frame));
    }

    @Test
    void malformedApduInAGoodFrameIsAFailedResultNotAnException() {
        client.writeInbound(Unpooled.wrappedBuffer(Vectors.bytes("0001000100100004C4014107")));
        ApduDecodeResult r = client.readInbound();
        assertThat(r.isFailure()).isTrue();
        assertThat(r.reason()).contains("unknown get-data-result choice 7");
        assertThat(r.bytes()).containsExactly(0xC4, 0x01, 0x41, 0x07);
        assertThat(client.isActive()).isTrue();
    }

    @Test
    void frameForOtherWPortsIsAFailedResult() {
        client.writeInbound(Unpooled.wrappedBuffer(Vectors.bytes("0001000200100009C4014100060012D688")));
        ApduDecodeResult r = client.readInbound();
        assertThat(r.reason()).isEqualTo("frame from wPort 2 to wPort 16, expected from 1 to 16");
        assertThat(r.bytes()).hasSize(9);
    }

    @Test
    void malformedWrapperInputPassesThrough() {
        client.writeInbound(Unpooled.wrappedBuffer(Vectors.bytes("7EA0")));
        Object o = client.readInbound();
        assertThat(o).isInstanceOf(MalformedWrapperInput.class);
        assertThat(listener.malformed).hasSize(1);
    }
}
