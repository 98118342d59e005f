package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances behind nginx's UDP {@code stream} proxy, configured from the template users
 * copy (deploy/nginx/nginx-udp.conf): every datagram is answered exactly once with a valid reply,
 * every instance answers some of them, a 60,000-byte datagram comes back whole, and stopping one
 * instance under load loses at most the datagrams in flight (deploy/nginx/README.md has the
 * measured figures). Skipped without nginx and its stream module, failed under {@code CI=true}.
 */
@Timeout(60)
class NginxUdpBalancingIT {

    private static final Path TEMPLATE = Path.of("..", "deploy", "nginx", "nginx-udp.conf");
    private static final Pattern READY = Pattern.compile("listening on udp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("admin on (http://127\\.0\\.0\\.1:\\d+)");
    /** A ctime reply: {@code [Www Mmm dd hh:mm:ss yyyy] payload}, day of month space-padded. */
    private static final Pattern CTIME_REPLY = Pattern.compile(
            "\\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\\d "
                    + "[0-2]\\d:[0-5]\\d:[0-6]\\d \\d{4}\\] (.*)", Pattern.DOTALL);

    private static final int INSTANCES = 3;
    private static final int DATAGRAMS = 2_000;
    /**
     * A stopping instance goes on answering UDP until its socket has been quiet for a moment or
     * the 3.5 s stop limit passes, so under this load it exits only after the limit: on an idle
     * machine 40,000 datagrams took 2.6 s and the run ended before instance 2 was gone.
     */
    private static final int MAX_DATAGRAMS = 200_000;
    private static final int SOCKETS = 6;
    private static final int WINDOW = 8;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @Test
    void balancesDatagramsOverInstancesAndLosesOnlyInFlightOnesWhenOneStops() throws Exception {
        String nginx = findNginx();
        Optional<String> loadModule = streamModuleLine(nginx);
        long testStart = System.nanoTime();
        try {
            List<Instance> instances = new ArrayList<>();
            for (int i = 1; i <= INSTANCES; i++) {
                instances.add(startInstance(i));
            }
            for (Instance instance : instances) {
                instance.awaitReady();
            }
            long instancesReady = System.nanoTime();
            InetSocketAddress front = startNginx(nginx, loadModule, instances);
            System.out.println("nginx-udp IT: " + INSTANCES + " instances ready after " + millisSince(testStart)
                    + " ms, nginx answering " + millisSince(instancesReady) + " ms later");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            assertLargestDatagramsPassWhole(front);

            long[] before = repliesSent(http, instances);
            RunResult steady = DatagramRun.of(front, "a", DATAGRAMS).run();
            long[] after = repliesSent(http, instances);
            System.out.println("nginx-udp IT: all up: " + steady);
            steady.assertClean();
            assertEquals(DATAGRAMS, steady.sent, "every datagram sent: " + steady);
            assertEquals(0, steady.lost, "no datagram lost through nginx with every instance up: " + steady);
            long answeredByInstances = 0;
            for (int i = 0; i < INSTANCES; i++) {
                long served = after[i] - before[i];
                assertTrue(served > 0, "instance " + (i + 1) + " answered some datagrams (balancing is real): "
                        + Arrays.toString(before) + " -> " + Arrays.toString(after));
                answeredByInstances += served;
            }
            assertEquals(DATAGRAMS, answeredByInstances, "each datagram reached exactly one instance once");

            // SIGTERM instance 2 a quarter into the load and go on until DATAGRAMS more have been
            // sent after it exited: nginx learns it is gone from the ICMP "port unreachable" of a
            // datagram it forwards there, marks it failed and sends elsewhere.
            Instance stopped = instances.get(1);
            CompletableFuture<Process> exited = stopped.process.onExit();
            AtomicInteger sentWhenExited = new AtomicInteger(-1);
            long[] beforeStop = repliesSent(http, instances);
            RunResult stopping = new DatagramRun(front, "b", sent -> {
                if (!exited.isDone()) {
                    return true;
                }
                sentWhenExited.compareAndSet(-1, sent);
                return sent < sentWhenExited.get() + DATAGRAMS;
            }, sent -> {
                if (sent == DATAGRAMS / 4) {
                    stopped.process.destroy();
                }
            }).run();
            System.out.println("nginx-udp IT: instance 2 stopped under load (exited after datagram "
                    + sentWhenExited.get() + "): " + stopping);
            assertTrue(exited.isDone() && sentWhenExited.get() >= 0, "instance 2 exited during the run");
            stopping.assertClean();
            for (int i : new int[] {0, 2}) {
                long served = repliesSent(http, instances.get(i)) - beforeStop[i];
                assertTrue(served > 0, "instance " + (i + 1) + " kept answering after instance 2 stopped");
            }
            String errorLog = Files.readString(dir.resolve("error.log"));
            long markedFailed = errorLog.lines().filter(l -> l.contains("upstream server temporarily disabled")).count();
            assertTrue(markedFailed > 0, "nginx marked the stopped instance failed:\n" + errorLog);
            // A client socket's session sticks to one instance only while it has replies
            // outstanding, so each time nginx sends to the stopped instance (at the stop, then one
            // session every fail_timeout while it stays down) it costs at most what the sockets had
            // in flight.
            System.out.println("nginx-udp IT: nginx marked instance 2 failed " + markedFailed + " time(s)");
            assertTrue(stopping.lost <= SOCKETS * WINDOW * markedFailed, "lost at most the datagrams in flight ("
                    + SOCKETS * WINDOW + ") each time nginx marked it failed (" + markedFailed + "): " + stopping);

            // Start it again on its port: nginx tries it again once fail_timeout has passed.
            Instance restarted = startInstance(2, stopped.udpPort);
            restarted.awaitReady();
            instances.set(1, restarted);
            long restartedAt = System.nanoTime();
            RunResult back = new DatagramRun(front, "c", sent -> sent < DATAGRAMS
                    || sent % 200 != 0 || repliesSentUnchecked(http, restarted) == 0, sent -> { }).run();
            long takenBackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            System.out.println("nginx-udp IT: instance 2 restarted, taken back within " + takenBackMillis + " ms: " + back);
            back.assertClean();
            assertEquals(0, back.lost, "no datagram lost once the instance is back: " + back);
            assertTrue(repliesSent(http, restarted) > 0, "the restarted instance is sent datagrams again: " + back);
        } finally {
            for (Process process : started) {
                stop(process);
            }
        }
    }

    /** nginx cuts datagrams at proxy_buffer_size; the template sizes it for the largest reply. */
    private static void assertLargestDatagramsPassWhole(InetSocketAddress front) throws IOException {
        byte[] payload = new byte[60_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(5000);
            socket.send(new java.net.DatagramPacket(payload, payload.length, front));
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[65_536], 65_536);
            socket.receive(reply);
            Matcher matcher = CTIME_REPLY.matcher(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1));
            assertTrue(matcher.matches(), "a [ctime] reply");
            assertArrayEquals(payload, matcher.group(3).getBytes(StandardCharsets.ISO_8859_1),
                    "the 60,000-byte payload came back whole through nginx");
        }
    }

    private Instance startInstance(int index) throws IOException {
        return startInstance(index, 0);
    }

    private Instance startInstance(int index, int port) throws IOException {
        // C1 only and the serial collector: three JVMs start at once on a shared machine, and this
        // test measures nginx's behaviour, not the server's peak speed.
        Process process = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar(),
                "--listen", "udp://127.0.0.1:" + port,
                "--admin", "127.0.0.1:0")
                .redirectError(dir.resolve("instance-" + index + (port == 0 ? "" : "-again") + ".log").toFile()).start();
        started.add(process);
        return new Instance(index, process);
    }

    /**
     * Starts nginx on a port the kernel just handed out. nginx cannot report a port it picked
     * itself (with {@code reuseport} each worker would bind its own), so a port taken by someone
     * else in between makes nginx exit at once, and the next attempt takes another port.
     */
    private InetSocketAddress startNginx(String nginx, Optional<String> loadModule, List<Instance> instances)
            throws Exception {
        String template = Files.readString(TEMPLATE);
        for (int attempt = 1; attempt <= 3; attempt++) {
            InetSocketAddress front;
            try (DatagramChannel probe = DatagramChannel.open()) {
                probe.bind(new InetSocketAddress("127.0.0.1", 0));
                front = (InetSocketAddress) probe.getLocalAddress();
            }
            List<String> upstreams = new ArrayList<>();
            for (Instance instance : instances) {
                upstreams.add("127.0.0.1:" + instance.udpPort);
            }
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, render(template, loadModule.orElse(""), dir.toAbsolutePath().toString(),
                    "127.0.0.1:" + front.getPort(), upstreams));
            Process process = new ProcessBuilder(nginx, "-p", dir.toAbsolutePath().toString(),
                    "-e", dir.resolve("error.log").toAbsolutePath().toString(),
                    "-c", conf.toAbsolutePath().toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            started.add(process);
            if (answersProbe(front, process)) {
                return front;
            }
            stop(process);
        }
        fail("nginx did not start:\n" + Files.readString(dir.resolve("error.log")));
        throw new AssertionError("unreachable");
    }

    /** Sends probes until one is answered through nginx (or nginx exits, or 20 s pass). */
    private static boolean answersProbe(InetSocketAddress front, Process nginx) throws IOException {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(200);
            byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && nginx.isAlive()) {
                socket.send(new java.net.DatagramPacket(probe, probe.length, front));
                try {
                    socket.receive(new java.net.DatagramPacket(new byte[256], 256));
                    return true;
                } catch (SocketTimeoutException notYet) {
                    // nginx not bound yet: probe again
                } catch (java.net.PortUnreachableException notYet) {
                    // ICMP for an earlier probe: probe again
                }
            }
            return false;
        }
    }

    /** The same substitution deploy/nginx/local-udp-cluster.sh makes: one server line per instance. */
    static String render(String template, String loadModuleLine, String stateDir, String front, List<String> upstreams) {
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            if (line.contains("@INSTANCE@")) {
                for (String upstream : upstreams) {
                    out.append(line.replace("@INSTANCE@", upstream)).append('\n');
                }
                continue;
            }
            out.append(line.replace("@STREAM_MODULE_LINE@", loadModuleLine).replace("@STATE_DIR@", stateDir)
                    .replace("@FRONT@", front)).append('\n');
        }
        return out.toString();
    }

    private static long[] repliesSent(HttpClient http, List<Instance> instances) throws Exception {
        long[] sent = new long[instances.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = repliesSent(http, instances.get(i));
        }
        return sent;
    }

    private static long repliesSentUnchecked(HttpClient http, Instance instance) {
        try {
            return repliesSent(http, instance);
        } catch (Exception e) {
            throw new IllegalStateException("metrics of instance " + instance.index, e);
        }
    }

    private static long repliesSent(HttpClient http, Instance instance) throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(instance.admin + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        Matcher matcher = Pattern.compile("^tsserver_replies_sent_total\\{listener=\"udp://127\\.0\\.0\\.1:"
                + instance.udpPort + "\"\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics.body());
        assertTrue(matcher.find(), "replies counter of instance " + instance.index + " in:\n" + metrics.body());
        return (long) Double.parseDouble(matcher.group(1));
    }

    /** SIGTERM, then SIGKILL for it and anything it started (nginx's workers) if it lingers. */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        Path jar = Path.of("target", "tsserver.jar");
        assertTrue(Files.isRegularFile(jar), "shaded jar built in the package phase");
        return jar.toString();
    }

    private static String findNginx() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        for (String entry : path == null ? new String[0] : path.split(File.pathSeparator)) {
            File file = new File(entry, "nginx");
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        return missing("nginx not found");
    }

    /** The load_module line for Debian's dynamic stream module; empty when nginx has it built in. */
    private static Optional<String> streamModuleLine(String nginx) throws Exception {
        for (String module : new String[] {"/usr/lib/nginx/modules/ngx_stream_module.so",
                "/usr/lib64/nginx/modules/ngx_stream_module.so"}) {
            if (new File(module).isFile()) {
                return Optional.of("load_module " + module + ";");
            }
        }
        Process version = new ProcessBuilder(nginx, "-V").redirectErrorStream(true).start();
        String configure;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(version.getInputStream(), StandardCharsets.UTF_8))) {
            configure = String.join("\n", reader.lines().toList());
        }
        version.waitFor(10, TimeUnit.SECONDS);
        if (Pattern.compile("--with-stream(\\s|$)").matcher(configure).find()) {
            return Optional.empty();
        }
        return missing("nginx has no stream module");
    }

    private static <T> T missing(String what) {
        String message = what + ": install the Debian packages 'nginx libnginx-mod-stream' "
                + "(apt-get install -y nginx libnginx-mod-stream) to run this test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: .ci/run should have installed them)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** One tsserver process; its ready lines are read off stdout by a thread of its own. */
    private static final class Instance {
        final int index;
        final Process process;
        final CompletableFuture<Integer> udp = new CompletableFuture<>();
        final CompletableFuture<String> adminUrl = new CompletableFuture<>();
        int udpPort;
        String admin;

        Instance(int index, Process process) {
            this.index = index;
            this.process = process;
            Thread reader = new Thread(this::readStdout, "instance-" + index + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void readStdout() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        udp.complete(Integer.parseInt(ready.group(1)));
                    }
                    Matcher admin = ADMIN.matcher(line);
                    if (admin.find()) {
                        adminUrl.complete(admin.group(1));
                    }
                }
            } catch (IOException closed) {
                // the process ended; the futures say what was missing
            }
            IllegalStateException ended = new IllegalStateException("instance " + index + " ended before its ready lines");
            udp.completeExceptionally(ended);
            adminUrl.completeExceptionally(ended);
        }

        void awaitReady() throws Exception {
            udpPort = udp.get(30, TimeUnit.SECONDS);
            admin = adminUrl.get(30, TimeUnit.SECONDS);
        }
    }

    /** What one run got back. */
    private record RunResult(int sent, int answered, int lost, int duplicates, int lateAfterGivingUp,
                             int empty, int invalid, String firstInvalid, long millis) {

        void assertClean() {
            assertEquals(0, invalid, "every reply is a [ctime] reply to a datagram sent: " + this);
            assertEquals(0, duplicates, "no datagram answered twice: " + this);
            // nginx passes an ICMP error from an instance on to the client as an empty datagram
            // (deploy/nginx/README.md); at most one per datagram lost.
            assertTrue(empty <= lost, "empty datagrams only for lost ones: " + this);
            assertEquals(sent, answered + lost, "each datagram answered or counted lost: " + this);
        }

        @Override
        public String toString() {
            return "sent " + sent + ", answered " + answered + ", lost " + lost + " (replies arriving after "
                    + REPLY_WAIT.toMillis() + " ms: " + lateAfterGivingUp + "), duplicates " + duplicates
                    + ", empty " + empty + ", invalid " + invalid + (firstInvalid == null ? "" : " (first: " + firstInvalid + ")")
                    + ", " + millis + " ms";
        }
    }

    /**
     * Sends numbered datagrams from {@link #SOCKETS} sockets, at most {@link #WINDOW} unanswered
     * per socket, while {@code keepSending} says so (given how many were sent) and at most
     * {@link #MAX_DATAGRAMS}; a datagram without a reply within {@link #REPLY_WAIT} counts as
     * lost. Every reply must be a ctime reply to a datagram this run sent, once.
     */
    private static final class DatagramRun {
        private final InetSocketAddress front;
        private final String tag;
        private final IntPredicate keepSending;
        private final IntConsumer beforeSend;
        private final long[] sentAt = new long[MAX_DATAGRAMS];
        private final byte[] state = new byte[MAX_DATAGRAMS]; // 0 unsent, 1 waiting, 2 answered, 3 lost
        private int sent;
        private int answered;
        private int lost;
        private int duplicates;
        private int late;
        private int empty;
        private int invalid;
        private String firstInvalid;

        DatagramRun(InetSocketAddress front, String tag, IntPredicate keepSending, IntConsumer beforeSend) {
            this.front = front;
            this.tag = tag;
            this.keepSending = keepSending;
            this.beforeSend = beforeSend;
        }

        static DatagramRun of(InetSocketAddress front, String tag, int count) {
            return new DatagramRun(front, tag, sent -> sent < count, sent -> { });
        }

        RunResult run() throws IOException {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(25);
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            List<ArrayDeque<Integer>> outstanding = new ArrayList<>();
            try (Selector selector = Selector.open()) {
                List<DatagramChannel> channels = new ArrayList<>();
                for (int s = 0; s < SOCKETS; s++) {
                    DatagramChannel channel = DatagramChannel.open();
                    channel.bind(new InetSocketAddress("127.0.0.1", 0));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, s);
                    channels.add(channel);
                    outstanding.add(new ArrayDeque<>());
                }
                try {
                    boolean sending = true;
                    while ((sending || answered + lost < sent) && System.nanoTime() < deadline) {
                        for (int s = 0; s < SOCKETS && sending; s++) {
                            ArrayDeque<Integer> waiting = outstanding.get(s);
                            while (waiting.size() < WINDOW) {
                                sending = sent < MAX_DATAGRAMS && keepSending.test(sent);
                                if (!sending) {
                                    break;
                                }
                                beforeSend.accept(sent);
                                byte[] datagram = (tag + "-" + sent).getBytes(StandardCharsets.US_ASCII);
                                sentAt[sent] = System.nanoTime();
                                state[sent] = 1;
                                waiting.add(sent);
                                sent++;
                                channels.get(s).send(ByteBuffer.wrap(datagram), front);
                            }
                        }
                        selector.select(20);
                        selector.selectedKeys().clear();
                        receiveAll(channels, buffer);
                        long now = System.nanoTime();
                        for (ArrayDeque<Integer> waiting : outstanding) {
                            waiting.removeIf(seq -> state[seq] == 2);
                            while (!waiting.isEmpty() && now - sentAt[waiting.peek()] > REPLY_WAIT.toNanos()) {
                                state[waiting.poll()] = 3;
                                lost++;
                            }
                        }
                    }
                    // Anything still to come now would be a duplicate or a late reply: wait a bounded
                    // while for it, on the selector.
                    long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (System.nanoTime() < quietUntil) {
                        selector.select(100);
                        selector.selectedKeys().clear();
                        receiveAll(channels, buffer);
                    }
                } finally {
                    for (DatagramChannel channel : channels) {
                        channel.close();
                    }
                }
            }
            return new RunResult(sent, answered, lost, duplicates, late, empty, invalid, firstInvalid,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        private void receiveAll(List<DatagramChannel> channels, ByteBuffer buffer) throws IOException {
            for (DatagramChannel channel : channels) {
                for (buffer.clear(); channel.receive(buffer) != null; buffer.clear()) {
                    buffer.flip();
                    onReply(StandardCharsets.ISO_8859_1.decode(buffer).toString());
                }
            }
        }

        private void onReply(String reply) {
            Matcher matcher = CTIME_REPLY.matcher(reply);
            int seq = -1;
            if (matcher.matches() && matcher.group(3).startsWith(tag + "-")) {
                try {
                    seq = Integer.parseInt(matcher.group(3).substring(tag.length() + 1));
                } catch (NumberFormatException notOurs) {
                    seq = -1;
                }
            }
            if (reply.isEmpty()) {
                empty++;
            } else if (seq < 0 || seq >= sent || state[seq] == 0) {
                invalid++;
                if (firstInvalid == null) {
                    firstInvalid = reply.length() > 80 ? reply.substring(0, 80) + "..." : reply;
                }
            } else if (state[seq] == 2) {
                duplicates++;
            } else if (state[seq] == 3) {
                late++;
            } else {
                state[seq] = 2;
                answered++;
            }
        }
    }
}
