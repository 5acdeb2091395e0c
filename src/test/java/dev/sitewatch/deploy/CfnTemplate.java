package dev.sitewatch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The repository's {@code template.yaml} as plain maps and lists. CloudFormation's short tags become their long form
 * ({@code !Ref X} → {@code {"Ref": "X"}}, {@code !GetAtt A.B} → {@code {"Fn::GetAtt": ["A", "B"]}}), so tests read
 * the template the way CloudFormation does. SnakeYAML comes with Quarkus (jackson-dataformat-yaml).
 */
final class CfnTemplate {

    static final Path FILE = Path.of("template.yaml");

    private static final Map<String, String> SHORT_TAGS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Cidr", "Fn::Cidr"));

    private final Map<String, Object> root;

    private CfnTemplate(Map<String, Object> root) {
        this.root = root;
    }

    static CfnTemplate load() throws IOException {
        return load(FILE);
    }

    static CfnTemplate load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new CfnConstructor()).load(reader);
            return new CfnTemplate(root);
        }
    }

    Map<String, Object> root() {
        return root;
    }

    /**
     * Parameters of a full deployment, as docs/deploy.md's second deploy runs it: the API with its certificate and the
     * optional dead-letter stream; everything else at its default.
     */
    static final Map<String, String> FULL = Map.of(
            "ApiImageTag", "1.0.0",
            "ApiCertificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
            "DeadLetterStreamEnabled", "true");

    /** The template of a {@link #FULL} deployment. */
    static CfnTemplate deployed() throws IOException {
        return deployed(FULL);
    }

    /**
     * The template as CloudFormation would create it with these parameters (the others at their defaults): conditions
     * evaluated, {@code Fn::If} replaced by its chosen branch, {@code AWS::NoValue} dropped, and the resources whose
     * condition is false left out.
     */
    static CfnTemplate deployed(Map<String, String> parameters) throws IOException {
        CfnTemplate raw = load();
        Map<String, String> values = new LinkedHashMap<>();
        map(raw.root, "Parameters").forEach((name, p) -> {
            Object d = asMap(p).get("Default");
            values.put(name, d == null ? null : String.valueOf(d));
        });
        values.putAll(parameters);
        Conditions conditions = new Conditions(map(raw.root, "Conditions"), values);
        Map<String, Object> root = new LinkedHashMap<>(raw.root);
        Map<String, Object> resources = new LinkedHashMap<>();
        map(raw.root, "Resources").forEach((id, r) -> {
            Object condition = asMap(r).get("Condition");
            if (condition == null || conditions.holds(String.valueOf(condition))) {
                resources.put(id, conditions.resolve(r));
            }
        });
        root.put("Resources", resources);
        if (raw.root.get("Globals") != null) {
            root.put("Globals", conditions.resolve(raw.root.get("Globals")));
        }
        return new CfnTemplate(root);
    }

    private static final Object NO_VALUE = Map.of("Ref", "AWS::NoValue");

    /** The template's conditions under given parameter values. */
    private record Conditions(Map<String, Object> definitions, Map<String, String> parameters) {

        boolean holds(String name) {
            Object definition = definitions.get(name);
            if (definition == null) {
                throw new AssertionError("no condition " + name + " in " + FILE);
            }
            return truth(definition);
        }

        private boolean truth(Object expression) {
            Map<String, Object> m = asMap(expression);
            if (m.containsKey("Condition")) {
                return holds(String.valueOf(m.get("Condition")));
            }
            if (m.containsKey("Fn::Equals")) {
                List<Object> operands = asList(m.get("Fn::Equals"));
                return String.valueOf(value(operands.get(0))).equals(String.valueOf(value(operands.get(1))));
            }
            if (m.containsKey("Fn::Not")) {
                return !truth(asList(m.get("Fn::Not")).get(0));
            }
            if (m.containsKey("Fn::And")) {
                return asList(m.get("Fn::And")).stream().allMatch(this::truth);
            }
            if (m.containsKey("Fn::Or")) {
                return asList(m.get("Fn::Or")).stream().anyMatch(this::truth);
            }
            throw new AssertionError("unsupported condition " + expression);
        }

        private Object value(Object operand) {
            String ref = refTo(operand);
            if (ref != null) {
                if (!parameters.containsKey(ref)) {
                    throw new AssertionError("condition refers to " + ref + ", not a parameter");
                }
                return parameters.get(ref);
            }
            return operand;
        }

        /** {@code node} with every {@code Fn::If} resolved and every {@code AWS::NoValue} dropped. */
        Object resolve(Object node) {
            if (node instanceof Map<?, ?> m) {
                if (m.size() == 1 && m.get("Fn::If") instanceof List<?> branches) {
                    return resolve(holds(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
                }
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> {
                    Object resolved = resolve(v);
                    if (!NO_VALUE.equals(resolved)) {
                        out.put(String.valueOf(k), resolved);
                    }
                });
                return out;
            }
            if (node instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                for (Object item : l) {
                    Object resolved = resolve(item);
                    if (!NO_VALUE.equals(resolved)) {
                        out.add(resolved);
                    }
                }
                return out;
            }
            return node;
        }
    }

    /** Logical id → resource ({@code Type}, {@code Properties}, ...), in template order. */
    Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        map(root, "Resources").forEach((id, r) -> out.put(id, asMap(r)));
        return out;
    }

    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    Map<String, Object> resource(String id) {
        Map<String, Object> r = resources().get(id);
        if (r == null) {
            throw new AssertionError("no resource " + id + " in " + FILE);
        }
        return r;
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource, "Properties");
    }

    /** The default of a parameter, as CloudFormation passes it on: a string. */
    String parameterDefault(String name) {
        Object p = map(root, "Parameters").get(name);
        if (p == null) {
            throw new AssertionError("no parameter " + name + " in " + FILE);
        }
        Object d = asMap(p).get("Default");
        return d == null ? null : String.valueOf(d);
    }

    Map<String, Object> globalsFunction() {
        return map(map(root, "Globals"), "Function");
    }

    /** {@code m.get(key)} as a map; an absent key is an empty map. */
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? Map.of() : asMap(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object v) {
        if (!(v instanceof Map)) {
            throw new AssertionError("expected a mapping, got " + v);
        }
        return (Map<String, Object>) v;
    }

    /** A value that may be one item or a list of them, as a list (IAM's Action and Resource). */
    static List<Object> asList(Object v) {
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
    }

    /** {@code {"Ref": id}} → id, anything else → null. */
    static String refTo(Object v) {
        return v instanceof Map<?, ?> m && m.size() == 1 && m.get("Ref") instanceof String s ? s : null;
    }

    /**
     * {@code {"Ref": "XFunction.Alias"}} (SAM's reference to a function's {@code AutoPublishAlias}) → XFunction,
     * anything else (the function itself: its unpublished $LATEST, which SnapStart does not cover) → null.
     */
    static String aliasOf(Object v) {
        String ref = refTo(v);
        return ref != null && ref.endsWith(".Alias") ? ref.substring(0, ref.length() - ".Alias".length()) : null;
    }

    /** {@code {"Fn::GetAtt": [id, attr]}} → id, anything else → null. */
    static String getAttOf(Object v) {
        if (v instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::GetAtt") instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(0));
        }
        return null;
    }

    private static final class CfnConstructor extends SafeConstructor {

        CfnConstructor() {
            super(new LoaderOptions());
            SHORT_TAGS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new Function(function)));
        }

        private final class Function extends AbstractConstruct {
            private final String name;

            Function(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute.Path splits at the first dot only
                    value = name.equals("Fn::GetAtt") && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(name, value);
            }
        }
    }
}
