package dev.sitewatch.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Probes one check once, with OkHttp: its {@link EventListener} reports when name lookup, TCP connect, TLS handshake
 * and the first byte of the answer happened, which the JDK's HttpClient does not expose. Every probe opens a new
 * connection (the pool keeps none), so each one measures what a new visitor meets: DNS (as the JVM caches it),
 * connect and TLS included. Redirects are followed; the phases of every hop are added up. Trusts the JVM's CAs and
 * an optional PEM file of further ones ({@code sitewatch.checks.extra-ca-file}), never everything.
 */
public final class ProbeClient {

    static final String USER_AGENT = "Sitewatch-Prober/1.0 (+site checks)";
    private final OkHttpClient base;
    private final int maxBodyBytes;
    private final Clock clock;
    /** Clients per timeout: they share the base client's (empty) pool, its dispatcher and its TLS set-up. */
    private final Map<Integer, OkHttpClient> byTimeout = new ConcurrentHashMap<>();

    public ProbeClient(int maxBodyBytes, Path extraCaFile) {
        this(maxBodyBytes, extraCaFile, Clock.systemUTC());
    }

    ProbeClient(int maxBodyBytes, Path extraCaFile, Clock clock) {
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .retryOnConnectionFailure(false) // a failure is the finding; the second opinion is the prober's
                .followRedirects(true)
                .eventListenerFactory(call -> {
                    Timings timings = call.request().tag(Timings.class);
                    return timings != null ? timings : EventListener.NONE;
                });
        if (extraCaFile != null) {
            X509TrustManager trust = trustManager(extraCaFile);
            builder.sslSocketFactory(sslContext(trust).getSocketFactory(), trust);
        }
        this.base = builder.build();
    }

    /** One attempt: never throws, every failure is a result with a reason. */
    public ProbeResult probe(Check check) {
        Timings timings = new Timings();
        Instant at = clock.instant();
        Request request = request(check, timings);
        OkHttpClient client = byTimeout.computeIfAbsent(check.timeoutMs(), ms -> base.newBuilder()
                .callTimeout(Duration.ofMillis(ms)).connectTimeout(Duration.ofMillis(ms))
                .readTimeout(Duration.ofMillis(ms)).writeTimeout(Duration.ofMillis(ms)).build());
        long started = System.nanoTime();
        try (Response response = client.newCall(request).execute()) {
            String text = read(response.body(), check.expectedBody() != null);
            long end = System.nanoTime();
            Instant notAfter = notAfter(response.handshake());
            int status = response.code();
            if (!check.expectedStatus().contains(status)) {
                return timings.result(at, false, ProbeResult.STATUS, "HTTP " + status + ", expected "
                        + check.expectedStatus(), status, started, end, notAfter);
            }
            if (check.expectedBody() != null && !text.contains(check.expectedBody())) {
                return timings.result(at, false, ProbeResult.BODY, "HTTP " + status + " but the body lacks '"
                        + ascii(check.expectedBody(), 40) + "'", status, started, end, notAfter);
            }
            return timings.result(at, true, null, "HTTP " + status, status, started, end, notAfter);
        } catch (IOException e) {
            long end = System.nanoTime();
            String[] why = failure(e, check);
            return timings.result(at, false, why[0], why[1], 0, started, end, null);
        }
    }

    private Request request(Check check, Timings timings) {
        Request.Builder request = new Request.Builder().url(check.url()).tag(Timings.class, timings);
        boolean userAgent = false;
        for (Map.Entry<String, String> header : check.headers().entrySet()) {
            request.header(header.getKey(), header.getValue());
            userAgent |= header.getKey().equalsIgnoreCase("User-Agent");
        }
        if (!userAgent) {
            request.header("User-Agent", USER_AGENT);
        }
        RequestBody body = null;
        if (check.body() != null) {
            String type = check.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                    .map(Map.Entry::getValue).findFirst().orElse("application/json; charset=utf-8");
            body = RequestBody.create(check.body(), MediaType.parse(type));
        } else if (List.of("POST", "PUT", "PATCH").contains(check.method())) {
            body = RequestBody.create(new byte[0], null);
        }
        return request.method(check.method(), body).build();
    }

    /** Reads the body (at most {@code maxBodyBytes}): its text when it is to be searched, else it is only drained. */
    private String read(ResponseBody body, boolean keep) throws IOException {
        if (body == null) {
            return "";
        }
        byte[] buffer = new byte[8192];
        java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
        int total = 0;
        try (InputStream in = body.byteStream()) {
            int n;
            while (total < maxBodyBytes && (n = in.read(buffer, 0, Math.min(buffer.length, maxBodyBytes - total))) > 0) {
                total += n;
                if (kept != null) {
                    kept.write(buffer, 0, n);
                }
            }
        }
        if (kept == null) {
            return "";
        }
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        return kept.toString(charset == null ? StandardCharsets.UTF_8 : charset);
    }

    /** {reason, detail} of a failed call. */
    static String[] failure(IOException e, Check check) {
        if (e instanceof UnknownHostException) {
            return new String[] {ProbeResult.DNS, "host not found: " + ascii(host(check), 60)};
        }
        if (e instanceof ConnectException) {
            return new String[] {ProbeResult.CONNECTION_REFUSED, "connection refused by " + ascii(host(check), 60)};
        }
        if (e instanceof InterruptedIOException) {
            return new String[] {ProbeResult.TIMEOUT, "no answer within " + check.timeoutMs() + " ms"};
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return new String[] {ProbeResult.TLS, "certificate not valid for " + ascii(host(check), 60)};
        }
        if (e instanceof SSLException) {
            return new String[] {ProbeResult.TLS, tlsDetail(e)};
        }
        return new String[] {ProbeResult.CONNECTION, "connection failed: " + ascii(String.valueOf(e.getMessage()), 80)};
    }

    private static String tlsDetail(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "certificate expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate not yet valid";
            }
            if (t instanceof CertPathValidatorException v && v.getReason() != null
                    && v.getReason().toString().equals("EXPIRED")) {
                return "certificate expired";
            }
            if (t.getClass().getName().endsWith("SunCertPathBuilderException")
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return "certificate not trusted (unknown or self-signed issuer)";
            }
        }
        return "TLS handshake failed: " + ascii(String.valueOf(e.getMessage()), 80);
    }

    private static String host(Check check) {
        try {
            java.net.URI uri = java.net.URI.create(check.url());
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return check.url();
        }
    }

    private static Instant notAfter(Handshake handshake) {
        if (handshake == null) {
            return null;
        }
        List<Certificate> peer = handshake.peerCertificates();
        return !peer.isEmpty() && peer.get(0) instanceof X509Certificate leaf ? leaf.getNotAfter().toInstant() : null;
    }

    static String ascii(String value, int max) {
        String clean = value.chars().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() <= max ? clean : clean.substring(0, max) + "...";
    }

    /** The JVM's trusted CAs plus those of {@code pem}. */
    static X509TrustManager trustManager(Path pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + i++, ca);
            }
            try (InputStream in = Files.newInputStream(pem)) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("extra-" + i++, ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) Arrays.stream(factory.getTrustManagers())
                    .filter(t -> t instanceof X509TrustManager).findFirst().orElseThrow();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the extra CA certificates in " + pem + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager trust : factory.getTrustManagers()) {
            if (trust instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM has no X509 trust manager");
    }

    private static SSLContext sslContext(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When each phase of one call started and ended (nanoTime), over all its hops. */
    static final class Timings extends EventListener {
        private long callStart;
        private long dnsStart;
        private long dnsNanos = -1;
        private long connectStart;
        private long connectNanos = -1;
        private long tlsStart;
        private long tlsNanos = -1;
        private long firstByte = -1;

        @Override
        public void callStart(Call call) {
            callStart = System.nanoTime();
        }

        @Override
        public void dnsStart(Call call, String domainName) {
            dnsStart = System.nanoTime();
        }

        @Override
        public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
            dnsNanos = Math.max(0, dnsNanos) + System.nanoTime() - dnsStart;
        }

        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            connectStart = System.nanoTime();
        }

        @Override
        public void secureConnectStart(Call call) {
            tlsStart = System.nanoTime();
            connectNanos = Math.max(0, connectNanos) + tlsStart - connectStart;
        }

        @Override
        public void secureConnectEnd(Call call, Handshake handshake) {
            tlsNanos = Math.max(0, tlsNanos) + System.nanoTime() - tlsStart;
        }

        @Override
        public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
            if (tlsStart == 0 || tlsStart < connectStart) { // plain http: the whole connect was TCP
                connectNanos = Math.max(0, connectNanos) + System.nanoTime() - connectStart;
            }
        }

        @Override
        public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException e) {
            if (tlsStart == 0 || tlsStart < connectStart) {
                connectNanos = Math.max(0, connectNanos) + System.nanoTime() - connectStart;
            } else {
                tlsNanos = Math.max(0, tlsNanos) + System.nanoTime() - tlsStart;
            }
        }

        @Override
        public void responseHeadersStart(Call call) {
            firstByte = System.nanoTime();
        }

        ProbeResult result(Instant at, boolean up, String reason, String detail, int status, long started, long end,
                           Instant notAfter) {
            long start = callStart != 0 ? callStart : started;
            return new ProbeResult(at, up, reason, detail, status, ms(dnsNanos), ms(connectNanos), ms(tlsNanos),
                    firstByte < 0 ? null : ms(firstByte - start), (int) Math.max(0, (end - start) / 1_000_000),
                    notAfter);
        }

        private static Integer ms(long nanos) {
            return nanos < 0 ? null : (int) (nanos / 1_000_000);
        }
    }

}
