package org.dmct.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dmct.core.internal.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only evidence log ({@code evidence.jsonl}): one JSON object per line, UTF-8, each line chained to the one
 * before by the SHA-256 of its exact bytes.
 *
 * <p>Line format, fields in this order: {@code seq} (1, 2, ...), {@code time} (the event's time, ISO-8601 UTC with
 * milliseconds), {@code type}, the type's own fields (see {@link EvidenceTypes}), and last {@code prev}: the lower-case
 * hex SHA-256 of the previous line's bytes without its newline (64 zeros on the first line). The final chain hash is
 * the SHA-256 of the last line; the manifest records it with the line count. {@link EvidenceReader} verifies a log.
 *
 * <p>Threading: any thread may {@link #append}; values are converted to JSON on the caller's thread (so byte arrays and
 * mutable maps are not retained), then one dedicated writer thread numbers, chains and writes the records in the order
 * the appends were made. Event-loop threads therefore never wait for the disk. The file is created new: an existing
 * file is never appended to or overwritten, except by {@link #continueChain}, which a resumed run uses to chain on
 * from the last intact line (docs/evidence.md).
 *
 * <p>Durability policy: records are buffered; {@link #checkpoint()} flushes the buffer and forces the file to the
 * storage device ({@code fsync}, data and metadata). The runner checkpoints at every test boundary (after each test's
 * verdict, before the next test starts) and {@link #finish()} does so at the end of the run. A crash therefore loses at
 * most the records of the test in progress, and the log on disk is always a valid chain prefix (possibly with one
 * incomplete last line, which the reader reports).
 *
 * <p>Failure: the first I/O error stops the log (later appends are dropped) and makes {@link #checkpoint()} and
 * {@link #finish()} complete exceptionally, so the run can stop with an infrastructure error instead of producing
 * evidence with holes.
 */
public final class EvidenceWriter implements AutoCloseable {
    /** The {@code prev} of the first line. */
    public static final String GENESIS = "0".repeat(64);

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceWriter.class);
    private static final Set<String> RESERVED = Set.of("seq", "time", "type", "prev");

    private final Path file;
    private final Clock clock;
    private final FileChannel channel;
    private final OutputStream out;
    private final ExecutorService writer;
    private final Object lock = new Object();
    private final AtomicLong dropped = new AtomicLong();
    private final CompletableFuture<ChainState> finished = new CompletableFuture<>();
    private boolean closing;
    private final AtomicInteger queuedCheckpoints = new AtomicInteger();
    // Writer-thread state.
    private final List<CompletableFuture<Void>> syncWaiters = new ArrayList<>();
    private long seq;
    private String lastHash;
    private final MessageDigest digest = Hashing.sha256();
    private final FrameLine frameLine = new FrameLine();
    private volatile Throwable failure;

    private EvidenceWriter(Path file, Clock clock, FileChannel channel, ChainState from) {
        this.seq = from.lines();
        this.lastHash = from.lastLineHash();
        this.file = file;
        this.clock = clock;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dmct-evidence-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates a new log file; an existing file is refused ({@link java.nio.file.FileAlreadyExistsException}). */
    public static EvidenceWriter create(Path file, Clock clock) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new EvidenceWriter(file, clock, channel, new ChainState(0, GENESIS));
    }

    /**
     * Continues an existing log after its last line, whose number and hash {@code from} gives (a resumed run; see
     * {@link EvidenceRecovery}, which cuts a torn last line off first). The file must end exactly after that line:
     * the caller has verified it, and the new lines chain on from it.
     */
    public static EvidenceWriter continueChain(Path file, Clock clock, ChainState from) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new EvidenceWriter(file, clock, channel, from);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends a record timed by the log's clock at the moment it joins the chain, so that times never go backwards
     * along the log.
     */
    public void append(String type, Map<String, ?> fields) {
        append(type, null, fields);
    }

    /**
     * Appends a record with an explicit event time ({@code null}: now, by the log's clock). {@code fields} are written
     * in their iteration order (use a LinkedHashMap); null values are written as JSON null. Never blocks on I/O; after
     * {@link #finish()} or a write failure the record is dropped and counted ({@link #droppedRecords()}).
     */
    public void append(String type, Instant time, Map<String, ?> fields) {
        Objects.requireNonNull(type, "type");
        Map<String, JsonNode> body = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (RESERVED.contains(k)) {
                throw new IllegalArgumentException("evidence field name '" + k + "' is reserved");
            }
            body.put(k, EvidenceJson.toJson(v));
        });
        synchronized (lock) {
            if (refused(type)) {
                return;
            }
            Instant at = time != null ? time : clock.instant();
            writer.execute(() -> write(type, at, body));
        }
    }

    /**
     * Appends a {@link EvidenceTypes#FRAME} record: the same line, byte for byte, as {@link #append(String, Map)} with
     * the fields {@code requestId, dmc, device, direction, hex} (lower-case hex of {@code frame}), {@code length} and
     * {@code note}, in that order. Every frame of a run comes here, so the caller's thread (an event loop) only copies
     * the bytes, and the writer thread encodes the line without a JSON tree or a hex string. Never blocks on I/O.
     */
    public void appendFrame(String requestId, String dmc, String device, String direction, byte[] frame,
                            String note) {
        byte[] copy = frame == null ? new byte[0] : frame.clone();
        synchronized (lock) {
            if (refused(EvidenceTypes.FRAME)) {
                return;
            }
            Instant at = clock.instant();
            writer.execute(() -> writeFrame(at, requestId, dmc, device, direction, copy, note));
        }
    }

    /** Under the lock: true (and counted) when the log no longer takes records. */
    private boolean refused(String type) {
        if (closing || failure != null) {
            long n = dropped.incrementAndGet();
            if (n == 1) {
                LOG.warn("evidence record '{}' arrived after the log was closed or failed; it is not written", type);
            }
            return true;
        }
        return false;
    }

    private void writeFrame(Instant time, String requestId, String dmc, String device, String direction, byte[] frame,
                            String note) {
        if (failure != null) {
            return;
        }
        if (!FrameLine.fits(requestId, dmc, device, direction, note)) {
            // Text beyond ASCII: Jackson's encoding of it is the reference, so it writes this record.
            Map<String, JsonNode> body = new LinkedHashMap<>();
            body.put("requestId", EvidenceJson.toJson(requestId));
            body.put("dmc", EvidenceJson.toJson(dmc));
            body.put("device", EvidenceJson.toJson(device));
            body.put("direction", EvidenceJson.toJson(direction));
            body.put("hex", EvidenceJson.toJson(frame));
            body.put("length", EvidenceJson.toJson(frame.length));
            body.put("note", EvidenceJson.toJson(note));
            write(EvidenceTypes.FRAME, time, body);
            return;
        }
        try {
            frameLine.encode(seq + 1, EvidenceJson.time(time), requestId, dmc, device, direction, frame, note, lastHash);
            out.write(frameLine.bytes(), 0, frameLine.length());
            out.write('\n');
            seq++;
            digest.update(frameLine.bytes(), 0, frameLine.length());
            lastHash = HexFormat.of().formatHex(digest.digest());
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void write(String type, Instant time, Map<String, JsonNode> body) {
        if (failure != null) {
            return;
        }
        try {
            ObjectNode node = EvidenceJson.mapper().createObjectNode();
            node.put("seq", seq + 1);
            node.put("time", EvidenceJson.time(time));
            node.put("type", type);
            body.forEach(node::set);
            node.put("prev", lastHash);
            byte[] line = EvidenceJson.mapper().writeValueAsBytes(node);
            out.write(line);
            out.write('\n');
            seq++;
            lastHash = HexFormat.of().formatHex(digest.digest(line));
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.error("cannot write evidence log {}: {}", file, e.toString());
        }
    }

    /**
     * Flushes everything appended so far and forces it to the storage device. Completes (on the writer thread) when
     * the records are durable; exceptionally if the log has failed.
     */
    public CompletableFuture<Void> checkpoint() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closing) {
                finished.whenComplete((s, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(null);
                    }
                });
                return done;
            }
            queuedCheckpoints.incrementAndGet();
            writer.execute(() -> {
                syncWaiters.add(done);
                // Group commit: when more checkpoints are queued behind this one, the last of them forces the file
                // once for all; with a thousand DMCs at test boundaries, one fsync each would be the run's pace.
                if (queuedCheckpoints.decrementAndGet() > 0) {
                    return;
                }
                syncToDisk();
                for (CompletableFuture<Void> waiter : syncWaiters) {
                    if (failure != null) {
                        waiter.completeExceptionally(new IOException("evidence log " + file + " failed: " + failure,
                                failure));
                    } else {
                        waiter.complete(null);
                    }
                }
                syncWaiters.clear();
            });
        }
        return done;
    }

    /** Flushes and forces the log to disk unless it has already failed; runs on the writer thread. */
    private void syncToDisk() {
        try {
            if (failure == null) {
                out.flush();
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Writes what is queued, forces it to disk and closes the file. Later appends are dropped. Completes with the chain
     * state (line count and final chain hash), or exceptionally if the log failed. Idempotent.
     */
    public CompletableFuture<ChainState> finish() {
        synchronized (lock) {
            if (closing) {
                return finished;
            }
            closing = true;
            writer.execute(() -> {
                syncToDisk();
                try {
                    channel.close();
                } catch (IOException e) {
                    fail(e);
                }
                if (failure != null) {
                    finished.completeExceptionally(new IOException("evidence log " + file + " failed: " + failure,
                            failure));
                } else {
                    finished.complete(new ChainState(seq, lastHash));
                }
            });
            writer.shutdown();
        }
        return finished;
    }

    /** Records appended after the log closed or failed; they are not in the file. */
    public long droppedRecords() {
        return dropped.get();
    }

    /** The first write failure, if any. */
    public Throwable failure() {
        return failure;
    }

    /** {@link #finish()} and wait for it (not from an event loop). */
    @Override
    public void close() {
        try {
            finish().join();
        } catch (RuntimeException e) {
            LOG.debug("evidence log closed after a failure", e);
        }
    }
}
