import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes UCI-Online-Retail-style order lines like a shop's web backend: as CSV to a rotating log file that the
 * Kinesis Agent tails, or straight to a Kinesis endpoint as the JSON records the agent's CSVTOJSON would produce.
 * Single file, JDK only: run it with {@code java LogGenerator.java --help}.
 */
public final class LogGenerator {

    static final String USAGE = """
            Usage: java LogGenerator.java (--out FILE | --kinesis-endpoint URL) [options]

            Output (exactly one):
              --out FILE               append CSV order lines to FILE, rotating it to FILE.1, FILE.2, ...
              --kinesis-endpoint URL   PutRecords the lines as JSON (the agent's CSVTOJSON shape) to URL
            Options:
              --rotate-mb N            rotate FILE when it would exceed N MB (default 10)
              --rotate-keep N          rotated files to keep (default 5)
              --stream NAME            Kinesis stream (default website-orders)
              --region NAME            signing region (default us-east-1)
              --rate N                 order lines per second (default 2)
              --flood-start S          start a flood S seconds after start (default: no flood)
              --flood-duration S       flood length in seconds (default 60)
              --flood-rate N           lines per second during the flood (default 20)
              --bot-customer ID        the flood's extra lines all come from this customer (a bot)
              --malformed-rate F       fraction of deliberately malformed records, 0..1 (default 0)
              --seed N                 same seed, same lines (apart from timestamps) (default: random)
              --duration S             stop after S seconds (default 0 = run until Ctrl-C)
              --count N                stop after N lines, malformed ones included (default 0 = no limit)
              --stats-every S          print the actual rate to stderr every S seconds (default 5)
              --help                   this text
            Credentials for Kinesis: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (default local/local).
            """;

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LogGenerator: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        Sink sink = options.out() != null
                ? new FileSink(options.out(), (long) (options.rotateMb() * 1024 * 1024), options.rotateKeep())
                : new KinesisSink(options.endpoint(), options.stream(), SigV4.fromEnv(options.region()));
        Generator generator = new Generator(options, sink);
        Thread main = Thread.currentThread();
        // Ctrl-C: stop producing, flush what is buffered, print the totals, then let the JVM go.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            generator.stop();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            generator.run();
        } catch (IOException | RuntimeException e) {
            System.err.println("[loggen] failed: " + e.getMessage());
            Runtime.getRuntime().halt(1); // not exit(): the hook would wait for this very thread
        }
    }

    record Options(Path out, double rotateMb, int rotateKeep, URI endpoint, String stream, String region,
                   double rate, double floodStart, double floodDuration, double floodRate, String botCustomer,
                   double malformedRate, long seed, double duration, long count, double statsEvery, boolean help) {

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    given.put("--help", "true");
                } else if (arg.startsWith("--") && arg.contains("=")) {
                    given.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else if (arg.startsWith("--") && i + 1 < args.length) {
                    given.put(arg, args[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
            }
            given.keySet().stream().filter(k -> !USAGE.contains(k + " ")).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("unknown option " + k);
            });
            boolean help = given.containsKey("--help");
            Path out = given.containsKey("--out") ? Path.of(given.get("--out")) : null;
            URI endpoint = given.containsKey("--kinesis-endpoint") ? URI.create(given.get("--kinesis-endpoint")) : null;
            if (!help && (out == null) == (endpoint == null)) {
                throw new IllegalArgumentException("give exactly one of --out FILE and --kinesis-endpoint URL");
            }
            Options o = new Options(out, number(given, "--rotate-mb", 10), (int) number(given, "--rotate-keep", 5),
                    endpoint, given.getOrDefault("--stream", "website-orders"),
                    given.getOrDefault("--region", "us-east-1"), number(given, "--rate", 2),
                    number(given, "--flood-start", -1), number(given, "--flood-duration", 60),
                    number(given, "--flood-rate", 20), given.get("--bot-customer"),
                    number(given, "--malformed-rate", 0),
                    given.containsKey("--seed") ? (long) number(given, "--seed", 0) : System.nanoTime(),
                    number(given, "--duration", 0), (long) number(given, "--count", 0),
                    number(given, "--stats-every", 5), help);
            if (o.rate <= 0 || o.floodRate <= 0 || o.rotateMb <= 0 || o.rotateKeep < 1 || o.statsEvery <= 0) {
                throw new IllegalArgumentException("rates, --rotate-mb, --rotate-keep and --stats-every must be > 0");
            }
            if (o.malformedRate < 0 || o.malformedRate > 1) {
                throw new IllegalArgumentException("--malformed-rate must be between 0 and 1");
            }
            return o;
        }

        private static double number(Map<String, String> given, String key, double fallback) {
            String value = given.get(key);
            try {
                return value == null ? fallback : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " needs a number, not " + value);
            }
        }

        boolean inFlood(double second) {
            return floodStart >= 0 && second >= floodStart && second < floodStart + floodDuration;
        }
    }

    /** One order line, every value text, in the CSV column order (the agent's customFieldNames). */
    record Line(String invoiceNo, String stockCode, String description, String quantity, String invoiceDate,
                String unitPrice, String customer, String country) {

        static final List<String> FIELDS = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
                "InvoiceDate", "UnitPrice", "Customer", "Country");

        List<String> values() {
            return List.of(invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customer, country);
        }

        /**
         * RFC 4180 CSV, quoting only fields that contain a comma. The agent's CSVTOJSON splits on its delimiter
         * regex, which skips commas inside quotes and consumes the quotes next to a delimiter; it knows no escaped
         * quotes, so values never carry one (see README).
         */
        String csv() {
            StringBuilder sb = new StringBuilder();
            for (String value : values()) {
                String clean = value.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
                sb.append(sb.isEmpty() ? "" : ",").append(clean.contains(",") ? '"' + clean + '"' : clean);
            }
            return sb.toString();
        }

        String json() {
            return json(FIELDS, values());
        }

        static String json(List<String> fields, List<String> values) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < fields.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(quote(fields.get(i))).append(':').append(quote(values.get(i)));
            }
            return sb.append('}').toString();
        }

        static String quote(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return sb.append('"').toString();
        }
    }

    record Item(String stockCode, String description, String price) {
    }

    record Customer(String id, String country) {
    }

    /** The shop: a catalogue, a customer base weighted to the UK, and invoices of 1 to 8 lines. */
    static final class Shop {
        static final List<Item> CATALOGUE = List.of(
                new Item("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "2.55"),
                new Item("71053", "WHITE METAL LANTERN", "3.39"),
                new Item("84406B", "CREAM CUPID HEARTS COAT HANGER", "2.75"),
                new Item("84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", "3.39"),
                new Item("84029E", "RED WOOLLY HOTTIE WHITE HEART.", "3.39"),
                new Item("22752", "SET 7 BABUSHKA NESTING BOXES", "7.65"),
                new Item("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", "4.25"),
                new Item("22633", "HAND WARMER UNION JACK", "1.85"),
                new Item("22632", "HAND WARMER RED POLKA DOT", "1.85"),
                new Item("84879", "ASSORTED COLOUR BIRD ORNAMENT", "1.69"),
                new Item("22745", "POPPY'S PLAYHOUSE BEDROOM", "2.10"),
                new Item("22748", "POPPY'S PLAYHOUSE KITCHEN", "2.10"),
                new Item("22310", "IVORY KNITTED MUG COSY", "1.65"),
                new Item("84969", "BOX OF 6 ASSORTED COLOUR TEASPOONS", "4.25"),
                new Item("22623", "BOX OF VINTAGE JIGSAW BLOCKS", "4.95"),
                new Item("22622", "BOX OF VINTAGE ALPHABET BLOCKS", "9.95"),
                new Item("21754", "HOME BUILDING BLOCK WORD", "5.95"),
                new Item("21755", "LOVE BUILDING BLOCK WORD", "5.95"),
                new Item("21777", "RECIPE BOX WITH METAL HEART", "7.95"),
                new Item("48187", "DOORMAT NEW ENGLAND", "7.95"),
                new Item("22960", "JAM MAKING SET WITH JARS", "4.25"),
                new Item("22913", "RED COAT RACK PARIS FASHION", "4.95"),
                new Item("22912", "YELLOW COAT RACK PARIS FASHION", "4.95"),
                new Item("22914", "BLUE COAT RACK PARIS FASHION", "4.95"),
                new Item("21756", "BATH BUILDING BLOCK WORD", "5.95"),
                new Item("22728", "ALARM CLOCK BAKELIKE PINK", "3.75"),
                new Item("22727", "ALARM CLOCK BAKELIKE RED", "3.75"),
                new Item("22726", "ALARM CLOCK BAKELIKE GREEN", "3.75"),
                new Item("21724", "PANDA AND BUNNIES STICKER SHEET", "0.85"),
                new Item("21883", "STARS GIFT TAPE", "0.65"),
                new Item("10002", "INFLATABLE POLITICAL GLOBE", "0.85"),
                new Item("21791", "VINTAGE HEADS AND TAILS CARD GAME", "1.25"),
                new Item("21035", "SET/2 RED RETROSPOT TEA TOWELS", "2.95"),
                new Item("22326", "ROUND SNACK BOXES SET OF4 WOODLAND", "2.95"),
                new Item("22629", "SPACEBOY LUNCH BOX", "1.95"),
                new Item("22659", "LUNCH BOX I LOVE LONDON", "1.95"),
                new Item("22631", "CIRCUS PARADE LUNCH BOX", "1.95"),
                new Item("85099B", "JUMBO BAG RED RETROSPOT", "1.95"),
                new Item("20725", "LUNCH BAG RED RETROSPOT", "1.65"),
                new Item("47566", "PARTY BUNTING", "4.95"),
                new Item("22423", "REGENCY CAKESTAND 3 TIER", "12.75"),
                new Item("84997D", "CHILDRENS CUTLERY POLKADOT PINK", "4.15"),
                new Item("POST", "POSTAGE", "18.00"),
                // descriptions with commas, as shop staff type them; written quoted
                new Item("22720", "SET OF 3 CAKE TINS, PANTRY DESIGN", "4.95"),
                new Item("23084", "RABBIT NIGHT LIGHT, WARM WHITE", "2.08"),
                new Item("21212", "PACK OF 72 RETROSPOT CAKE CASES, ASSORTED", "0.55"),
                new Item("22386", "JUMBO BAG PINK POLKADOT, LARGE", "2.08"),
                new Item("85014B", "RED RETROSPOT UMBRELLA, FOLDING", "5.95"),
                new Item("22197", "POPCORN HOLDER, SMALL", "0.85"),
                new Item("23203", "JUMBO BAG VINTAGE DOILY, RED, WHITE", "2.08"));
        static final String[] COUNTRIES = {"United Kingdom", "Germany", "France", "EIRE", "Spain", "Netherlands",
                "Belgium", "Switzerland", "Portugal", "Australia", "Norway"};
        static final int[] COUNTRY_WEIGHTS = {82, 3, 3, 3, 1, 2, 1, 1, 1, 1, 2};
        static final int[] QUANTITIES = {1, 1, 2, 2, 3, 4, 6, 6, 8, 10, 12, 12, 24, 48};
        static final DateTimeFormatter UCI_DATE = DateTimeFormatter.ofPattern("M/d/yyyy H:mm", Locale.ROOT);

        private final Random random;
        private final List<Customer> customers = new ArrayList<>();
        private int nextInvoice = 536365;

        Shop(Random random) {
            this.random = random;
            for (int i = 0; i < 400; i++) {
                customers.add(new Customer(String.valueOf(12346 + random.nextInt(5942)), country()));
            }
        }

        /** A new invoice: a quarter without a customer, about 2 % of the lines cancellations. */
        Invoice invoice(String customer) {
            boolean cancelled = random.nextDouble() < 0.06; // cancellations are short: ~2 % of lines
            int lines = cancelled ? 1 + random.nextInt(2) : 1 + random.nextInt(8);
            String no = (cancelled ? "C" : "") + nextInvoice++;
            String date = LocalDateTime.now(ZoneOffset.UTC).format(UCI_DATE);
            if (customer != null) {
                return new Invoice(no, date, customer, "United Kingdom", cancelled, lines);
            }
            if (random.nextDouble() < 0.25) {
                return new Invoice(no, date, "", country(), cancelled, lines);
            }
            Customer c = customers.get(random.nextInt(customers.size()));
            return new Invoice(no, date, c.id(), c.country(), cancelled, lines);
        }

        Line line(Invoice invoice) {
            Item item = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
            int quantity = QUANTITIES[random.nextInt(QUANTITIES.length)] * (invoice.cancelled ? -1 : 1);
            invoice.linesLeft--;
            return new Line(invoice.no, item.stockCode(), item.description(), String.valueOf(quantity),
                    invoice.date, item.price(), invoice.customer, invoice.country);
        }

        private String country() {
            int pick = random.nextInt(100);
            for (int i = 0; i < COUNTRIES.length; i++) {
                pick -= COUNTRY_WEIGHTS[i];
                if (pick < 0) {
                    return COUNTRIES[i];
                }
            }
            return COUNTRIES[0];
        }
    }

    static final class Invoice {
        final String no;
        final String date;
        final String customer;
        final String country;
        final boolean cancelled;
        int linesLeft;

        Invoice(String no, String date, String customer, String country, boolean cancelled, int linesLeft) {
            this.no = no;
            this.date = date;
            this.customer = customer;
            this.country = country;
            this.cancelled = cancelled;
            this.linesLeft = linesLeft;
        }
    }

    interface Sink {
        void line(Line line) throws IOException;

        /** A deliberately malformed record, as is. */
        void raw(String text) throws IOException;

        /** Called often; sends what has waited long enough. */
        void tick() throws IOException;

        void close() throws IOException;

        default String summary() {
            return "";
        }
    }

    /** Paces the lines, switches the flood on and off, and reports the rate. */
    static final class Generator {
        private final Options options;
        private final Sink sink;
        private final Shop shop;
        private final Random traffic; // bot and malformed choices: they never shift the shop's own sequence
        private volatile boolean running = true;
        private Invoice invoice;
        private Invoice botInvoice;

        Generator(Options options, Sink sink) {
            this.options = options;
            this.sink = sink;
            this.shop = new Shop(new Random(options.seed()));
            this.traffic = new Random(options.seed() * 31 + 17);
        }

        void stop() {
            running = false;
        }

        void run() throws IOException {
            long start = System.nanoTime();
            long total = 0;
            long malformed = 0;
            long lastStatsTotal = 0;
            double lastStats = 0;
            double due = 0;
            try {
                while (running && (options.count() == 0 || total < options.count())) {
                    double now = (System.nanoTime() - start) / 1e9;
                    if (options.duration() > 0 && now >= options.duration()) {
                        break;
                    }
                    if (now - lastStats >= options.statsEvery()) {
                        System.err.printf(Locale.ROOT, "[loggen] %.0f s: %.1f lines/s, %d lines, %d malformed, flood %s%n",
                                now, (total - lastStatsTotal) / (now - lastStats), total, malformed,
                                options.inFlood(now) ? "ON" : "off");
                        lastStats = now;
                        lastStatsTotal = total;
                    }
                    if (due > now) {
                        sink.tick();
                        Thread.sleep(Math.max(1, (long) (Math.min(due - now, 0.1) * 1000)));
                        continue;
                    }
                    boolean flood = options.inFlood(due);
                    if (traffic.nextDouble() < options.malformedRate()) {
                        sink.raw(malformed());
                        malformed++;
                    } else {
                        sink.line(next(flood));
                    }
                    total++;
                    due = Math.max(due, now - 1) + 1 / (flood ? options.floodRate() : options.rate());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sink.close();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "[loggen] done: %d lines (%d malformed) in %.1f s, %.1f lines/s%s%n",
                        total, malformed, seconds, total / Math.max(seconds, 1e-3), sink.summary());
            }
        }

        /** Garbage, a line without InvoiceNo, or a cut-off record: all must end in the archiver's quarantine. */
        private String malformed() {
            Item item = Shop.CATALOGUE.get(traffic.nextInt(Shop.CATALOGUE.size()));
            Line line = new Line("", item.stockCode(), item.description(), "1", "12/1/2010 8:26", item.price(), "",
                    "United Kingdom");
            return switch (traffic.nextInt(3)) {
                case 0 -> "WARN checkout: payment gateway timeout after 3000 ms, basket " + traffic.nextInt(99999);
                case 1 -> options.out() != null ? line.csv()
                        : Line.json(Line.FIELDS.subList(1, 8), line.values().subList(1, 8));
                default -> options.out() != null ? "GET /basket/add?sku=" + item.stockCode() + " HTTP/1.1 502"
                        : line.json().substring(0, 40);
            };
        }

        private Line next(boolean flood) {
            boolean bot = flood && options.botCustomer() != null && options.floodRate() > options.rate()
                    && traffic.nextDouble() < 1 - options.rate() / options.floodRate();
            if (bot) {
                if (botInvoice == null || botInvoice.linesLeft == 0) {
                    botInvoice = shop.invoice(options.botCustomer());
                }
                return shop.line(botInvoice);
            }
            if (invoice == null || invoice.linesLeft == 0) {
                invoice = shop.invoice(null);
            }
            return shop.line(invoice);
        }
    }

    /** Appends CSV lines like a web backend's log, renaming it to FILE.1 (FILE.2, ...) when it grows too big. */
    static final class FileSink implements Sink {
        private final Path file;
        private final long maxBytes;
        private final int keep;
        private OutputStream out;
        private long size;
        private long lastRotation;

        FileSink(Path file, long maxBytes, int keep) throws IOException {
            this.file = file.toAbsolutePath();
            this.maxBytes = maxBytes;
            this.keep = keep;
            Files.createDirectories(this.file.getParent());
            open();
        }

        @Override
        public void line(Line line) throws IOException {
            raw(line.csv());
        }

        @Override
        public void raw(String text) throws IOException {
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            // The agent cannot tell apart files rotated less than a second apart.
            if (size > 0 && size + bytes.length > maxBytes && System.currentTimeMillis() - lastRotation >= 1000) {
                rotate();
            }
            out.write(bytes); // unbuffered: the agent sees each line at once
            size += bytes.length;
        }

        @Override
        public void tick() {
        }

        private void rotate() throws IOException {
            out.close();
            for (int i = keep - 1; i >= 1; i--) {
                Path older = Path.of(file + "." + i);
                if (Files.exists(older)) {
                    Files.move(older, Path.of(file + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, Path.of(file + ".1"), StandardCopyOption.REPLACE_EXISTING);
            lastRotation = System.currentTimeMillis();
            open();
        }

        private void open() throws IOException {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            size = Files.size(file);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Sends records with PutRecords in batches of up to 500, re-sending the records a response reports failed. */
    static final class KinesisSink implements Sink {
        private static final int MAX_RECORDS = 500;
        private static final int MAX_BYTES = 4 * 1024 * 1024; // PutRecords allows 5 MB; keep a margin
        private static final long FLUSH_AFTER_NANOS = Duration.ofMillis(500).toNanos();
        private static final int MAX_ATTEMPTS = 8;
        private static final Pattern FAILED = Pattern.compile("\"FailedRecordCount\"\\s*:\\s*(\\d+)");
        private static final Pattern ENTRY = Pattern.compile("\\{[^{}]*}");

        record Entry(String data, String partitionKey) {
        }

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI endpoint;
        private final String stream;
        private final SigV4 signer;
        private final List<Entry> pending = new ArrayList<>();
        private int pendingBytes;
        private long oldestPending;
        private long sent;
        private long retried;
        private long dropped;

        KinesisSink(URI endpoint, String stream, SigV4 signer) {
            this.endpoint = endpoint;
            this.stream = stream;
            this.signer = signer;
        }

        @Override
        public void line(Line line) throws IOException {
            raw(line.json());
        }

        @Override
        public void raw(String data) throws IOException {
            if (pending.isEmpty()) {
                oldestPending = System.nanoTime();
            }
            // the agent ends each record with a newline; its RANDOM partition key is a random double
            pending.add(new Entry(data + "\n", String.valueOf(ThreadLocalRandom.current().nextDouble(1_000_000))));
            pendingBytes += data.length() * 4 / 3 + 64;
            if (pending.size() >= MAX_RECORDS || pendingBytes >= MAX_BYTES) {
                flush();
            }
        }

        @Override
        public void tick() throws IOException {
            if (!pending.isEmpty() && System.nanoTime() - oldestPending >= FLUSH_AFTER_NANOS) {
                flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        @Override
        public String summary() {
            return ", " + sent + " put, " + retried + " retried, " + dropped + " dropped";
        }

        private void flush() throws IOException {
            List<Entry> batch = List.copyOf(pending);
            pending.clear();
            pendingBytes = 0;
            for (int attempt = 1; !batch.isEmpty(); attempt++) {
                List<Entry> failed = put(batch);
                sent += batch.size() - failed.size();
                if (failed.isEmpty()) {
                    return;
                }
                if (attempt == MAX_ATTEMPTS) {
                    dropped += failed.size();
                    System.err.println("[loggen] dropped " + failed.size() + " records after " + attempt + " attempts");
                    return;
                }
                retried += failed.size();
                batch = failed;
                try {
                    // full jitter, 100 ms doubling up to 5 s
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(5000, 100L << attempt)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // shutting down: try once more, then give up
                }
            }
        }

        /** One PutRecords call; returns the records to send again. */
        private List<Entry> put(List<Entry> batch) throws IOException {
            StringBuilder body = new StringBuilder("{\"StreamName\":").append(Line.quote(stream)).append(",\"Records\":[");
            for (int i = 0; i < batch.size(); i++) {
                body.append(i == 0 ? "" : ",").append("{\"Data\":\"")
                        .append(Base64.getEncoder().encodeToString(batch.get(i).data().getBytes(StandardCharsets.UTF_8)))
                        .append("\",\"PartitionKey\":").append(Line.quote(batch.get(i).partitionKey())).append('}');
            }
            byte[] payload = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
            try {
                signer.sign(endpoint, "Kinesis_20131202.PutRecords", payload).forEach(request::header);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot sign requests", e);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                System.err.println("[loggen] PutRecords failed, will retry: " + e);
                return batch;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batch;
            }
            String text = response.body();
            if (response.statusCode() >= 500 || response.statusCode() != 200 && (text.contains("Throughput")
                    || text.contains("LimitExceeded") || text.contains("Throttling"))) {
                return batch; // the whole request was turned away, but may pass later
            }
            if (response.statusCode() != 200) {
                throw new IOException("PutRecords to " + endpoint + " answered " + response.statusCode() + ": " + text);
            }
            Matcher failedCount = FAILED.matcher(text);
            if (failedCount.find() && Integer.parseInt(failedCount.group(1)) == 0) {
                return List.of();
            }
            int recordsAt = text.indexOf("\"Records\"");
            Matcher entry = ENTRY.matcher(recordsAt < 0 ? "" : text.substring(recordsAt));
            List<Entry> failed = new ArrayList<>();
            int i = 0;
            for (; entry.find() && i < batch.size(); i++) {
                if (entry.group().contains("\"ErrorCode\"")) {
                    failed.add(batch.get(i));
                }
            }
            return i == batch.size() ? failed : batch; // an answer we cannot match up: send everything again
        }
    }

    /** AWS Signature Version 4 for the Kinesis JSON protocol (a POST to the endpoint's path, no query string). */
    record SigV4(String accessKey, String secretKey, String sessionToken, String region) {
        static final String SERVICE = "kinesis";
        static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

        /** Credentials from the usual environment variables; an emulator takes anything, so local/local. */
        static SigV4 fromEnv(String region) {
            String key = System.getenv("AWS_ACCESS_KEY_ID");
            String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
            String token = System.getenv("AWS_SESSION_TOKEN");
            return key == null || secret == null ? new SigV4("local", "local", null, region)
                    : new SigV4(key, secret, token == null || token.isBlank() ? null : token, region);
        }

        Map<String, String> sign(URI uri, String target, byte[] payload) throws GeneralSecurityException {
            return sign(uri, target, payload, LocalDateTime.now(ZoneOffset.UTC).format(AMZ_DATE));
        }

        /** The headers to add to the request, {@code Authorization} included. */
        Map<String, String> sign(URI uri, String target, byte[] payload, String amzDate)
                throws GeneralSecurityException {
            Map<String, String> headers = new TreeMap<>();
            headers.put("content-type", "application/x-amz-json-1.1");
            headers.put("host", host(uri));
            String payloadHash = hex(sha256(payload));
            headers.put("x-amz-content-sha256", payloadHash); // the SDK sends it too; harmless, and it pins the body
            headers.put("x-amz-date", amzDate);
            headers.put("x-amz-target", target);
            if (sessionToken != null) {
                headers.put("x-amz-security-token", sessionToken);
            }
            String signedHeaders = String.join(";", headers.keySet());
            StringBuilder canonical = new StringBuilder("POST\n")
                    .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()).append("\n\n");
            headers.forEach((name, value) -> canonical.append(name).append(':').append(value.strip()).append('\n'));
            canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
            String scope = amzDate.substring(0, 8) + "/" + region + "/" + SERVICE + "/aws4_request";
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
            for (String part : List.of(region, SERVICE, "aws4_request")) {
                key = hmac(key, part);
            }
            Map<String, String> result = new LinkedHashMap<>(headers);
            result.remove("host"); // java.net.http sets it itself, to the same value
            result.put("authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                    + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex(hmac(key, toSign)));
            return result;
        }

        /** What java.net.http sends as Host: the port only when it is not the scheme's default. */
        static String host(URI uri) {
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(uri.getScheme()) ? port == 443 : port == 80);
            return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
        }

        private static byte[] sha256(byte[] data) throws GeneralSecurityException {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }

        private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }

        private static String hex(byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
    }
}
