package org.dmct.link.serial;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Two pseudo-terminals joined back to back by {@code socat}, a null-modem cable in software: what one end
 * writes the other reads. The simulator serves a meter on {@link #a()} while an adapter (or a third-party DLMS
 * client) opens {@link #b()}, exactly as it would open a USB probe. It is in main code rather than in tests
 * because {@code dmct simulate} offers the same pair to people who want to point their own tools at a simulated
 * meter. Linux and macOS only; socat must be installed ({@code apt-get install socat}, {@code brew install socat}).
 *
 * <p>{@link #start(Path, Duration)} runs {@code socat -d -d pty,raw,echo=0,link=DIR/a pty,raw,echo=0,link=DIR/b}
 * and returns once socat reports its transfer loop running and both links exist. {@link #kill()} ends socat
 * abruptly (the ports "disappear"); {@link #close()} ends it and removes the links.
 */
public final class PtyPair implements AutoCloseable {

    private static final String READY_MARKER = "starting data transfer loop";

    private final Process socat;
    private final Path a;
    private final Path b;
    private final List<String> log;

    private PtyPair(Process socat, Path a, Path b, List<String> log) {
        this.socat = socat;
        this.a = a;
        this.b = b;
        this.log = log;
    }

    /**
     * Starts socat with links {@code a} and {@code b} in {@code directory} and waits until it is ready.
     *
     * @param directory an existing directory for the two links
     * @param timeout how long socat may take to get ready
     * @return the running pair
     * @throws IllegalStateException when socat is not installed, exits, or is not ready in time; the message
     *                               says which, with socat's own output
     */
    public static PtyPair start(Path directory, Duration timeout) {
        return start(directory, timeout, System.getenv("PATH"));
    }

    static PtyPair start(Path directory, Duration timeout, String searchPath) {
        return start(directory.resolve("a"), directory.resolve("b"), timeout, searchPath);
    }

    /**
     * Starts socat with the two links at the given paths (their directories must exist; a stale link left at
     * either path by an earlier run is replaced) and waits until it is ready.
     *
     * @param linkA the first end's link, e.g. the path a lab file names
     * @param linkB the second end's link
     * @param timeout how long socat may take to get ready
     * @return the running pair
     * @throws IllegalStateException as {@link #start(Path, Duration)}, or when a path holds something other than a link
     */
    public static PtyPair start(Path linkA, Path linkB, Duration timeout) {
        return start(linkA, linkB, timeout, System.getenv("PATH"));
    }

    private static PtyPair start(Path linkA, Path linkB, Duration timeout, String searchPath) {
        Path socatBinary = findSocat(searchPath).orElseThrow(() -> new IllegalStateException(
                "socat is not on the PATH: install socat (apt-get install -y socat, or brew install socat) "
                        + "to get virtual serial port pairs"));
        Path a = linkA.toAbsolutePath();
        Path b = linkB.toAbsolutePath();
        for (Path link : List.of(a, b)) {
            if (Files.isSymbolicLink(link)) {
                try {
                    Files.delete(link);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot remove the stale pty link " + link + ": " + e.getMessage(), e);
                }
            } else if (Files.exists(link)) {
                throw new IllegalStateException("cannot make a pty link at " + link + ": something else is there");
            }
        }
        Path directory = a.getParent();
        Process process;
        try {
            process = new ProcessBuilder(socatBinary.toString(), "-d", "-d",
                    "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + socatBinary + ": " + e.getMessage(), e);
        }
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        // socat's diagnostics are the only readiness signal it gives; the thread also keeps the pipe drained.
        Thread logReader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    log.add(line);
                    if (line.contains(READY_MARKER)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("socat exited"));
        }, "dmct-socat-log " + directory);
        logReader.setDaemon(true);
        logReader.start();
        PtyPair pair = new PtyPair(process, a, b, log);
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pair.close();
            throw new IllegalStateException("interrupted while waiting for socat", e);
        } catch (ExecutionException | TimeoutException e) {
            pair.close();
            throw new IllegalStateException("socat did not open a pty pair in " + directory + " within " + timeout
                    + " (" + (e instanceof TimeoutException ? "timed out" : e.getCause().getMessage())
                    + "); socat said: " + String.join(" | ", pair.log()), e);
        }
        if (!Files.exists(a) || !Files.exists(b)) {
            pair.close();
            throw new IllegalStateException("socat reported ready but the links " + a + " and " + b
                    + " do not both exist; socat said: " + String.join(" | ", pair.log()));
        }
        return pair;
    }

    private static Optional<Path> findSocat(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "socat"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The first end's link, e.g. {@code /tmp/x/a} pointing at {@code /dev/pts/5}. */
    public Path a() {
        return a;
    }

    /** The second end's link. */
    public Path b() {
        return b;
    }

    /** True while socat runs. */
    public boolean isAlive() {
        return socat.isAlive();
    }

    /** What socat has printed so far (its {@code -d -d} notices), for failure messages. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /**
     * Kills socat at once (SIGKILL), as when it crashes: both ptys hang up and their links dangle.
     *
     * @param timeout how long to wait for the process to be gone
     * @return true when it is gone
     */
    public boolean kill(Duration timeout) {
        socat.destroyForcibly();
        try {
            return socat.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends socat (SIGTERM, then SIGKILL if it lingers) and removes the links. */
    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                kill(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        } catch (IOException e) {
            // socat removes its links itself on SIGTERM; a leftover link in a temp directory is harmless.
        }
    }

    @Override
    public String toString() {
        return "pty pair " + a + " <-> " + b + (isAlive() ? "" : " (socat ended)");
    }
}
