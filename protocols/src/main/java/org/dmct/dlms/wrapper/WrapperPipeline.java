package org.dmct.dlms.wrapper;

import io.netty.channel.ChannelPipeline;
import org.dmct.dlms.RawFrameListener;

/**
 * Installs the wrapper stack on a pipeline: {@value #DECODER}, {@value #ENCODER} and
 * {@value #APDU_CODEC}, after which the next handler receives {@link org.dmct.dlms.apdu.ApduDecodeResult}s
 * and {@link MalformedWrapperInput}s and writes {@link org.dmct.dlms.apdu.Apdu}s.
 */
public final class WrapperPipeline {

    /** Name of the frame decoder in the pipeline. */
    public static final String DECODER = "dlms-wrapper-decoder";
    /** Name of the frame encoder in the pipeline. */
    public static final String ENCODER = "dlms-wrapper-encoder";
    /** Name of the APDU codec in the pipeline. */
    public static final String APDU_CODEC = "dlms-apdu-codec";

    private WrapperPipeline() { }

    /**
     * Adds the three handlers at the end of the pipeline.
     *
     * @param pipeline the pipeline
     * @param localWPort our wPort
     * @param remoteWPort the peer's wPort
     * @param maxPayloadLength largest payload accepted, 0..65535
     * @param listener sees every unit sent and received
     * @return the pipeline
     */
    public static ChannelPipeline install(ChannelPipeline pipeline, int localWPort, int remoteWPort,
                                          int maxPayloadLength, RawFrameListener listener) {
        return pipeline.addLast(DECODER, new WrapperFrameDecoder(maxPayloadLength, listener))
                .addLast(ENCODER, new WrapperFrameEncoder(listener))
                .addLast(APDU_CODEC, new ApduFrameCodec(localWPort, remoteWPort));
    }

    /**
     * Adds the three handlers with the largest payload limit.
     *
     * @param pipeline the pipeline
     * @param localWPort our wPort
     * @param remoteWPort the peer's wPort
     * @param listener sees every unit sent and received
     * @return the pipeline
     */
    public static ChannelPipeline install(ChannelPipeline pipeline, int localWPort, int remoteWPort,
                                          RawFrameListener listener) {
        return install(pipeline, localWPort, remoteWPort, WrapperFrame.MAX_PAYLOAD_LENGTH, listener);
    }
}
