package org.dmct.dlms.wrapper;

import java.util.ArrayList;
import java.util.List;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.Vectors;

/** Keeps what a RawFrameListener was told, in order, as hex. */
final class RecordingListener implements RawFrameListener {

    final List<String> sent = new ArrayList<>();
    final List<String> received = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();

    @Override
    public void frameSent(byte[] frame) {
        sent.add(Vectors.hex(frame));
    }

    @Override
    public void frameReceived(byte[] frame) {
        received.add(Vectors.hex(frame));
    }

    @Override
    public void malformedFrameReceived(byte[] bytes, String reason) {
        malformed.add(Vectors.hex(bytes) + " " + reason);
    }
}
