package org.dmct.adapters.dlms.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.GeneralGloCipheredApdu;
import org.dmct.dlms.security.CipheringContext;
import org.dmct.dlms.security.DecipherResult;
import org.dmct.dlms.security.SecurityPolicy;
import org.dmct.dlms.security.SecuritySuite;
import org.dmct.dlms.security.SystemTitle;

/**
 * A transparent TCP relay between an interop client and the server it talks to, which also cuts both byte streams
 * into transport units (wrapper frames, or HDLC frames reassembled into APDUs) so that a matrix cell can check what
 * went over the wire whatever the client and the server are: that a long answer came as GET data blocks, that over
 * HDLC it spanned several frames, that the release was answered. Bytes are forwarded unchanged and at once; the
 * cutting happens on a copy, so the tap cannot alter the exchange it observes. Connections are accepted one after
 * the other for as long as the tap is open (a cell may associate more than once).
 *
 * <p>In a secured cell the tap holds the cell's keys, as an authorised observer would: it learns the two system
 * titles from the AARQ's calling-AP-title and the AARE's responding-AP-title and deciphers every glo- or
 * general-glo-ciphered APDU of that association (with our own {@link CipheringContext}, which also rejects a replayed
 * or stale invocation counter), so the cell's checks see the plain APDUs while each {@link Unit} still says whether
 * it was ciphered on the wire. An APDU that does not decipher is recorded in {@link #cipherFailures()}.
 */
final class FrameTap implements AutoCloseable {
    /** Which side sent a unit. */
    enum From { CLIENT, SERVER }

    /**
     * One APDU as it crossed the tap.
     *
     * @param from the sender
     * @param apdu the APDU (wrapper payload, or the HDLC information fields of its frames joined, LLC header removed)
     * @param frames how many transport frames carried it (1 on the wrapper)
     * @param finalBits how many of those frames had the HDLC poll/final bit set (1 on the wrapper)
     * @param ciphered true when it crossed glo- or general-glo-ciphered and {@code apdu} is its deciphered form
     * @param secured true when it belongs to an association opened with high level security (from its AARQ to its
     *        RLRE), which must cipher every xDLMS APDU
     * @param invocationCounter the sender's invocation counter of a deciphered APDU, else -1
     */
    record Unit(From from, byte[] apdu, int frames, int finalBits, boolean ciphered, boolean secured,
                long invocationCounter) {
        int tag() {
            return apdu.length == 0 ? -1 : apdu[0] & 0xFF;
        }

        /** True for a GET-Response-With-Datablock (C4 02). */
        boolean isGetDataBlock() {
            return apdu.length > 1 && tag() == 0xC4 && apdu[1] == 0x02;
        }

        @Override
        public String toString() {
            return from + " " + frames + " frame(s), " + finalBits + " with P/F, " + (ciphered ? "ciphered " : "")
                    + HexFormat.of().formatHex(apdu, 0, Math.min(apdu.length, 24))
                    + (apdu.length > 24 ? "..." : "");
        }
    }

    private final LinkSpec.Transport transport;
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Unit> units = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<String> hdlcFrameErrors = new CopyOnWriteArrayList<>();
    private final List<String> cipherFailures = new CopyOnWriteArrayList<>();
    private final MatrixFixture.Security security;
    /** The current association's ciphering, one context per direction; null outside a secured association. */
    private CipheringContext fromClient;
    private CipheringContext fromServer;
    private boolean secured;

    FrameTap(LinkSpec.Transport transport, int targetPort, MatrixFixture.Security security) throws IOException {
        this.security = security;
        this.transport = transport;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        start("tap-accept", this::acceptLoop);
    }

    /** The port clients connect to instead of the server's. */
    int port() {
        return listener.getLocalPort();
    }

    /** A position in the record; {@link #since(int)} gives what came after it. */
    int mark() {
        return units.size();
    }

    List<Unit> since(int mark) {
        return List.copyOf(units.subList(mark, units.size()));
    }

    List<Unit> all() {
        return List.copyOf(units);
    }

    /** HDLC frames the tap could not cut (never expected: the peers and our codec agree on framing). */
    List<String> framingErrors() {
        return List.copyOf(hdlcFrameErrors);
    }

    /** Ciphered APDUs the tap could not open with the cell's keys (never expected). */
    List<String> cipherFailures() {
        return List.copyOf(cipherFailures);
    }

    /**
     * Records one APDU as it crossed, deciphering it within a secured association. Synchronized: the two
     * directions have a thread each, and an AARE must be seen before the answers it opens.
     */
    private synchronized void record(From from, byte[] wire, int frames, int finalBits) {
        ApduDecodeResult decoded = ApduCodec.decode(wire);
        Apdu apdu = decoded.isSuccess() ? decoded.apdu() : null;
        if (apdu instanceof AarqApdu aarq) {
            AuthenticationMechanism mechanism = aarq.mechanismName();
            secured = mechanism != null && mechanism.id() >= AuthenticationMechanism.HIGH_GMAC.id();
            fromClient = secured ? context(aarq.callingApTitle(), "AARQ calling-AP-title") : null;
            fromServer = null;
        } else if (apdu instanceof AareApdu aare && secured) {
            fromServer = context(aare.respondingApTitle(), "AARE responding-AP-title");
        }
        byte[] plain = wire;
        long invocationCounter = -1;
        boolean ciphered = apdu instanceof CipheredApdu || apdu instanceof GeneralGloCipheredApdu;
        if (ciphered) {
            CipheringContext context = from == From.CLIENT ? fromClient : fromServer;
            if (context == null) {
                cipherFailures.add(from + ": ciphered APDU outside a secured association, or before its AARE: "
                        + HexFormat.of().formatHex(wire, 0, Math.min(wire.length, 16)));
            } else {
                DecipherResult r = context.decipher(apdu);
                if (r.isSuccess()) {
                    plain = r.plaintext().orElseThrow().bytes();
                    invocationCounter = r.invocationCounter();
                } else {
                    cipherFailures.add(from + ": " + r.failure().orElseThrow() + " " + r.message().orElse(""));
                }
            }
        }
        units.add(new Unit(from, plain, frames, finalBits, ciphered, secured, invocationCounter));
        if (secured && from == From.SERVER && plain.length > 0 && (plain[0] & 0xFF) == 0x63) {
            secured = false; // RLRE: the association is over
        }
    }

    private CipheringContext context(byte[] senderTitle, String where) {
        if (!security.secured()) {
            cipherFailures.add("a high level security association in a cell without security");
            return null;
        }
        if (senderTitle == null || senderTitle.length != SystemTitle.LENGTH) {
            cipherFailures.add("no 8-byte system title in the " + where);
            return null;
        }
        return CipheringContext.builder()
                .suite(security.suite() == 1 ? SecuritySuite.SUITE_1 : SecuritySuite.SUITE_0)
                .policy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                // the tap only opens APDUs; its own title is never used
                .ownSystemTitle(SystemTitle.of(new byte[SystemTitle.LENGTH]))
                .peerSystemTitle(SystemTitle.of(senderTitle))
                .encryptionKey(MatrixKeys.ENCRYPTION_KEY.clone())
                .authenticationKey(MatrixKeys.AUTHENTICATION_KEY.clone())
                .build();
    }

    private void acceptLoop() throws IOException {
        while (!listener.isClosed()) {
            Socket client = listener.accept();
            sockets.add(client);
            Socket server = new Socket();
            sockets.add(server);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            start("tap-up", () -> pump(client, server, From.CLIENT));
            start("tap-down", () -> pump(server, client, From.SERVER));
        }
    }

    private void pump(Socket inSocket, Socket outSocket, From from) throws IOException {
        InputStream in = inSocket.getInputStream();
        OutputStream out = outSocket.getOutputStream();
        Cutter cutter = transport == LinkSpec.Transport.TCP_WRAPPER ? new WrapperCutter(from) : new HdlcCutter(from);
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                // Cut before forwarding: a unit is recorded before the peer can answer it, so the record keeps
                // the order in which the two sides spoke although each direction has a thread of its own.
                cutter.accept(Arrays.copyOf(buffer, n));
                out.write(buffer, 0, n);
                out.flush();
            }
        } finally {
            // Half-close so the other side sees the end of the stream as it would without the tap.
            if (!outSocket.isClosed()) {
                try {
                    outSocket.shutdownOutput();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }

    private interface Cutter {
        void accept(byte[] chunk);
    }

    /** IEC 62056-47: 8-byte header (version, source wPort, destination wPort, length) then the APDU. */
    private final class WrapperCutter implements Cutter {
        private final From from;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        WrapperCutter(From from) {
            this.from = from;
        }

        @Override
        public void accept(byte[] chunk) {
            pending.writeBytes(chunk);
            byte[] b = pending.toByteArray();
            int at = 0;
            while (b.length - at >= 8) {
                int length = ((b[at + 6] & 0xFF) << 8) | (b[at + 7] & 0xFF);
                if (b.length - at < 8 + length) {
                    break;
                }
                record(from, Arrays.copyOfRange(b, at + 8, at + 8 + length), 1, 1);
                at += 8 + length;
            }
            pending.reset();
            pending.write(b, at, b.length - at);
        }
    }

    /**
     * IEC 62056-46 frames: flag, format (type 0xA, segmentation bit, 11-bit length), addresses ending in a byte with
     * bit 0 set, control, HCS, information, FCS, flag. I-frames are joined while their segmentation bit is set; the
     * three-byte LLC header at the start of each APDU is dropped. Supervisory and unnumbered frames are skipped.
     */
    private final class HdlcCutter implements Cutter {
        private final From from;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final ByteArrayOutputStream apdu = new ByteArrayOutputStream();
        private int frames;
        private int finalBits;

        HdlcCutter(From from) {
            this.from = from;
        }

        @Override
        public void accept(byte[] chunk) {
            pending.writeBytes(chunk);
            byte[] b = pending.toByteArray();
            int at = 0;
            while (true) {
                while (at < b.length && b[at] == 0x7E && at + 1 < b.length && b[at + 1] == 0x7E) {
                    at++; // an opening flag right after a closing one
                }
                if (b.length - at < 3) {
                    break;
                }
                if (b[at] != 0x7E) {
                    hdlcFrameErrors.add(from + ": byte outside a frame at " + at + ": "
                            + HexFormat.of().formatHex(b, at, Math.min(b.length, at + 16)));
                    at++;
                    continue;
                }
                int length = ((b[at + 1] & 0x07) << 8) | (b[at + 2] & 0xFF);
                if (b.length - at < length + 2) {
                    break;
                }
                frame(Arrays.copyOfRange(b, at + 1, at + 1 + length), (b[at + 1] & 0x08) != 0);
                at += length + 2;
            }
            pending.reset();
            pending.write(b, at, b.length - at);
        }

        private void frame(byte[] f, boolean segmented) {
            int i = 2;
            while (i < f.length && (f[i] & 1) == 0) {
                i++; // destination address
            }
            i++;
            while (i < f.length && (f[i] & 1) == 0) {
                i++; // source address
            }
            i++;
            if (i >= f.length) {
                hdlcFrameErrors.add(from + ": frame too short " + HexFormat.of().formatHex(f));
                return;
            }
            int control = f[i] & 0xFF;
            boolean information = (control & 1) == 0;
            if (!information) {
                return;
            }
            int infoStart = i + 3; // control, HCS
            int infoEnd = f.length - 2; // FCS
            if (infoEnd < infoStart) {
                return;
            }
            byte[] info = Arrays.copyOfRange(f, infoStart, infoEnd);
            if (apdu.size() == 0 && info.length >= 3 && (info[0] & 0xFF) == 0xE6) {
                info = Arrays.copyOfRange(info, 3, info.length);
            }
            apdu.writeBytes(info);
            frames++;
            if ((control & 0x10) != 0) {
                finalBits++;
            }
            if (!segmented) {
                record(from, apdu.toByteArray(), frames, finalBits);
                apdu.reset();
                frames = 0;
                finalBits = 0;
            }
        }
    }

    private void start(String name, IoRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                // a socket closed by either side or by close(): the relay of that connection ends
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        List<Thread> all = new ArrayList<>(threads);
        for (Thread t : all) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @FunctionalInterface
    private interface IoRunnable {
        void run() throws IOException;
    }
}
