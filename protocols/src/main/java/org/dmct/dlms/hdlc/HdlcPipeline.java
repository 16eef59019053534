package org.dmct.dlms.hdlc;

import io.netty.channel.ChannelPipeline;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.hdlc.internal.HdlcClientLink;
import org.dmct.dlms.hdlc.internal.HdlcServerLink;

/**
 * Installs the HDLC stack on a pipeline: {@value #DECODER}, {@value #ENCODER} and a link handler.
 * On a client the handler added next sees exactly what it sees over the TCP wrapper: it
 * receives {@link org.dmct.dlms.apdu.ApduDecodeResult}s (responses, and pushes in I or UI frames),
 * {@link MalformedHdlcInput}s and {@link HdlcLinkFailure}s, and writes {@link org.dmct.dlms.apdu.Apdu}s;
 * closing the channel first disconnects the link (DISC). On a server it receives
 * {@link HdlcServerRequest}s (plus the same two failure messages) and writes {@link HdlcServerResponse}s.
 */
public final class HdlcPipeline {

    /** Name of the frame decoder in the pipeline. */
    public static final String DECODER = "dlms-hdlc-decoder";
    /** Name of the frame encoder in the pipeline. */
    public static final String ENCODER = "dlms-hdlc-encoder";
    /** Name of the client link handler in the pipeline. */
    public static final String CLIENT_LINK = "dlms-hdlc-client-link";
    /** Name of the server link handler in the pipeline. */
    public static final String SERVER_LINK = "dlms-hdlc-server-link";

    private HdlcPipeline() { }

    /**
     * Adds the client stack at the end of the pipeline. If the channel is already active the
     * link opens (SNRM) at once, otherwise when it becomes active.
     *
     * @param pipeline the pipeline
     * @param settings addresses, proposed parameters and timing
     * @param listener sees every frame sent and received and every malformed input
     * @return the pipeline
     */
    public static ChannelPipeline installClient(ChannelPipeline pipeline, HdlcClientSettings settings,
                                                RawFrameListener listener) {
        return pipeline.addLast(DECODER, new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH, settings.interFrameTimeout(),
                        listener))
                .addLast(ENCODER, new HdlcFrameEncoder(listener))
                .addLast(CLIENT_LINK, new HdlcClientLink(settings));
    }

    /**
     * Adds the server stack at the end of the pipeline.
     *
     * @param pipeline the pipeline
     * @param settings the logical devices served and the limits
     * @param listener sees every frame sent and received and every malformed input
     * @return the pipeline
     */
    public static ChannelPipeline installServer(ChannelPipeline pipeline, HdlcServerSettings settings,
                                                RawFrameListener listener) {
        return pipeline.addLast(DECODER, new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH, settings.interFrameTimeout(),
                        listener))
                .addLast(ENCODER, new HdlcFrameEncoder(listener))
                .addLast(SERVER_LINK, new HdlcServerLink(settings));
    }
}
