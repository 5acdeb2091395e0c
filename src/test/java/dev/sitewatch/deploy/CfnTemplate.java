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
