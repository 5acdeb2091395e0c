import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes UCI-Online-Retail-style order lines like a shop's web backend: CSV lines appended to {@code DIR/orders.log},
 * rotated to {@code orders.log.1}, {@code orders.log.2} ..., which the Kinesis Agent tails (agent.json's
 * {@code filePattern} is {@code /var/log/website/*.log*}). Single file, JDK only: run it with
 * {@code java LogGenerator.java --help}.
 */
public final class LogGenerator {

    static final String USAGE = """
            Usage: java LogGenerator.java --out DIR [options]

              --out DIR                append CSV order lines to DIR/orders.log (DIR is created)
            Options:
              --rotate-mb N            rename orders.log to orders.log.1 (.1 to .2, ...) when it would exceed N MB
                                       (default 10)
              --rotate-keep N          rotated files to keep (default 5)
              --rate N                 order lines per second (default 2)
              --flood-start S          start a flood S seconds after start (default: no flood)
              --flood-duration S       flood length in seconds (default 60)
              --flood-rate N           lines per second during the flood (default 20)
              --bot-customer ID        the flood's extra lines all come from this customer (a bot)
              --malformed-rate F       fraction of lines that are no order line, 0..1 (default 0)
              --seed N                 same seed, same lines (apart from timestamps) (default: random)
              --duration S             stop after S seconds (default 0 = run until Ctrl-C)
              --count N                stop after N lines, malformed ones included (default 0 = no limit)
              --stats-every S          print the actual rate to stderr every S seconds (default 5)
              --help                   this text
            """;

    /** Matches agent.json's filePattern {@code *.log*}, rotated files included. */
    static final String FILE_NAME = "orders.log";

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
        LogFile log = new LogFile(options.out().resolve(FILE_NAME), (long) (options.rotateMb() * 1024 * 1024),
                options.rotateKeep());
        Generator generator = new Generator(options, log);
        Thread main = Thread.currentThread();
        // Ctrl-C: stop producing, close the file, print the totals, then let the JVM go.
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

    record Options(Path out, double rotateMb, int rotateKeep, double rate, double floodStart, double floodDuration,
                   double floodRate, String botCustomer, double malformedRate, long seed, double duration, long count,
                   double statsEvery, boolean help) {

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
            if (!help && out == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            if (out != null && Files.isRegularFile(out)) {
                throw new IllegalArgumentException("--out names a directory, not a file: " + out
                        + " (the lines go to DIR/" + FILE_NAME + ")");
            }
            Options o = new Options(out, number(given, "--rotate-mb", 10), (int) number(given, "--rotate-keep", 5),
                    number(given, "--rate", 2), number(given, "--flood-start", -1),
                    number(given, "--flood-duration", 60), number(given, "--flood-rate", 20),
                    given.get("--bot-customer"), number(given, "--malformed-rate", 0),
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

    /** One order line, every value text, in the CSV column order (agent.json's customFieldNames). */
    record Line(String invoiceNo, String stockCode, String description, String quantity, String invoiceDate,
                String unitPrice, String customer, String country) {

        List<String> values() {
            return List.of(invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customer, country);
        }

        /**
         * RFC 4180 CSV, quoting only fields that contain a comma. The agent's CSVTOJSON splits on its delimiter
         * regex, which skips commas inside quotes and consumes the quotes next to a delimiter; it knows no escaped
         * quotes, so values never carry one (see README).
         */
        String csv() {
            List<String> columns = new ArrayList<>();
            for (String value : values()) {
                String clean = value.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
                columns.add(clean.contains(",") ? '"' + clean + '"' : clean);
            }
            return String.join(",", columns);
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

    /** Paces the lines, switches the flood on and off, and reports the rate. */
    static final class Generator {
        private final Options options;
        private final LogFile log;
        private final Shop shop;
        private final Random traffic; // bot and malformed choices: they never shift the shop's own sequence
        private volatile boolean running = true;
        private Invoice invoice;
        private Invoice botInvoice;

        Generator(Options options, LogFile log) {
            this.options = options;
            this.log = log;
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
                        Thread.sleep(Math.max(1, (long) (Math.min(due - now, 0.1) * 1000)));
                        continue;
                    }
                    boolean flood = options.inFlood(due);
                    if (traffic.nextDouble() < options.malformedRate()) {
                        log.append(malformed());
                        malformed++;
                    } else {
                        log.append(next(flood).csv());
                    }
                    total++;
                    due = Math.max(due, now - 1) + 1 / (flood ? options.floodRate() : options.rate());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                log.close();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "[loggen] done: %d lines (%d malformed) in %.1f s, %.1f lines/s%n",
                        total, malformed, seconds, total / Math.max(seconds, 1e-3));
            }
        }

        /**
         * What else ends up in a web backend's log: an application log line, an order line without its InvoiceNo,
         * an access-log line. The agent turns each into a record all the same (see README).
         */
        private String malformed() {
            Item item = Shop.CATALOGUE.get(traffic.nextInt(Shop.CATALOGUE.size()));
            return switch (traffic.nextInt(3)) {
                case 0 -> "WARN checkout: payment gateway timeout after 3000 ms, basket " + traffic.nextInt(99999);
                case 1 -> new Line("", item.stockCode(), item.description(), "1", "12/1/2010 8:26", item.price(), "",
                        "United Kingdom").csv();
                default -> "GET /basket/add?sku=" + item.stockCode() + " HTTP/1.1 502";
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

    /** Appends lines like a web backend's log, renaming it to FILE.1 (FILE.2, ...) when it grows too big. */
    static final class LogFile {
        private final Path file;
        private final long maxBytes;
        private final int keep;
        private OutputStream out;
        private long size;
        private long lastRotation;

        LogFile(Path file, long maxBytes, int keep) throws IOException {
            this.file = file.toAbsolutePath();
            this.maxBytes = maxBytes;
            this.keep = keep;
            Files.createDirectories(this.file.getParent());
            open();
        }

        void append(String text) throws IOException {
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            // The agent cannot tell apart files rotated less than a second apart.
            if (size > 0 && size + bytes.length > maxBytes && System.currentTimeMillis() - lastRotation >= 1000) {
                rotate();
            }
            out.write(bytes); // unbuffered: the agent sees each line at once
            size += bytes.length;
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

        void close() throws IOException {
            out.close();
        }
    }
}
