package org.dmct.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a local file in headless Chromium and reports what the page did, through the DevTools protocol over a
 * WebSocket: every network request it made, console errors, uncaught exceptions and log errors. Chromium is started
 * with {@code --remote-debugging-port=0} and the port is read from its "DevTools listening" line. A missing browser is
 * an error that says to install it: the check must not silently pass on a machine without one.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What loading the page did. */
    record PageLoad(List<String> requests, List<String> errors) {
    }

    private final Process process;
    private final Path profile;
    private final String browserWs;

    private HeadlessChromium(Process process, Path profile, String browserWs) {
        this.process = process;
        this.profile = profile;
        this.browserWs = browserWs;
    }

    static HeadlessChromium start() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing: install it (apt-get install -y chromium; .ci/run does"
                    + " this) so the DMCT Report's HTML can be checked in a real browser");
        }
        Path profile = Files.createTempDirectory("dmct-chromium-");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> ws = new CompletableFuture<>();
        StringBuilder stderr = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        ws.complete(m.group(1));
                    }
                }
                ws.completeExceptionally(new IOException("chromium exited without a DevTools endpoint"));
            } catch (IOException e) {
                ws.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HeadlessChromium(p, profile, ws.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (stderr) {
                throw new AssertionError("headless chromium did not open its DevTools endpoint: " + e + "\n" + stderr,
                        e);
            }
        }
    }

    /** Loads the file in the browser's page and collects what happened until the load event. */
    PageLoad load(Path file) throws Exception {
        URI browser = URI.create(browserWs);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getHost() + ":"
                + browser.getPort() + "/json/list")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonNode target : JSON.readTree(list)) {
            if ("page".equals(target.path("type").asText())) {
                pageWs = target.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageWs == null) {
            throw new AssertionError("chromium has no page target: " + list);
        }
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        messages.add(JSON.readTree(partial.toString()));
                    } catch (IOException e) {
                        messages.add(JSON.createObjectNode().put("method", "bad-json").put("text", e.toString()));
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
        try {
            int id = 0;
            for (String domain : List.of("Network", "Runtime", "Log", "Page")) {
                send(socket, ++id, domain + ".enable", JSON.createObjectNode());
                awaitReply(messages, id, new ArrayList<>(), new ArrayList<>());
            }
            String url = file.toUri().toString();
            List<String> requests = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            send(socket, ++id, "Page.navigate", JSON.createObjectNode().put("url", url));
            boolean loaded = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!loaded) {
                JsonNode m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("the page did not finish loading within 60 s");
                }
                loaded = "Page.loadEventFired".equals(m.path("method").asText());
                collect(m, requests, errors);
            }
            // A round trip after the load event: every event the page raised before it has arrived by then.
            send(socket, ++id, "Runtime.evaluate", JSON.createObjectNode().put("expression", "document.title"));
            awaitReply(messages, id, requests, errors);
            requests.removeIf(u -> u.equals(url));
            return new PageLoad(requests, errors);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static void send(WebSocket socket, int id, String method, ObjectNode params) throws Exception {
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(20, TimeUnit.SECONDS);
    }

    private static void awaitReply(BlockingQueue<JsonNode> messages, int id, List<String> requests,
                                   List<String> errors) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no DevTools reply to message " + id);
            }
            if (m.path("id").asInt(-1) == id) {
                if (m.has("error")) {
                    throw new AssertionError("DevTools refused message " + id + ": " + m.get("error"));
                }
                return;
            }
            collect(m, requests, errors);
        }
    }

    private static void collect(JsonNode m, List<String> requests, List<String> errors) {
        JsonNode params = m.path("params");
        switch (m.path("method").asText()) {
            case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
                    errors.add("console " + type + ": " + params.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                String level = params.path("entry").path("level").asText();
                if (level.equals("error") || level.equals("warning")) {
                    errors.add("log " + level + ": " + params.path("entry").path("text").asText() + " "
                            + params.path("entry").path("url").asText());
                }
            }
            case "bad-json" -> errors.add("DevTools sent bad JSON: " + m.path("text").asText());
            default -> {
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
