package dev.modelx.format.paddle.pir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelx.format.paddle.PaddleFormatException;

import dev.modelx.graph.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes PIR programs serialized as JSON (Paddle 3's inference.json), with Jackson. */
public final class PirJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2000).build()).build());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PirJson() {
    }

    public static PirProgram read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new PaddleFormatException(file, "malformed PIR JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(root, file);
    }

    public static PirProgram parse(String json, Path file) {
        try {
            return parse(MAPPER.readTree(json), file);
        } catch (JsonProcessingException e) {
            throw new PaddleFormatException(file, "malformed PIR JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static PirProgram parse(JsonNode root, Path file) {
        if (root == null || !root.isObject()) {
            throw new PaddleFormatException(file, "PIR JSON must be an object");
        }
        JsonNode base = root.path("base_code");
        if (!"pir".equals(base.path("magic").asText())) {
            throw new PaddleFormatException(file, "base_code.magic is '" + base.path("magic").asText() + "', expected 'pir'");
        }
        JsonNode regions = root.path("program").path("regions");
        if (!regions.isArray() || regions.isEmpty()) {
            throw new PaddleFormatException(file, "program.regions is missing or empty");
        }
        List<PirRegion> out = new ArrayList<>();
        for (JsonNode r : regions) {
            out.add(region(r, file));
        }
        if (out.get(0).blocks().isEmpty()) {
            throw new PaddleFormatException(file, "the top region has no block");
        }
        return new PirProgram(base.path("version").asLong(0), base.path("trainable").asBoolean(false), out);
    }

    private static PirRegion region(JsonNode r, Path file) {
        List<PirBlock> blocks = new ArrayList<>();
        for (JsonNode b : array(r, "blocks", file, "region " + r.path("#").asText())) {
            List<PirValue> args = new ArrayList<>();
            for (JsonNode a : b.path("args")) {
                args.add(new PirValue(a.path("#").asLong(), PirType.of(a.path("TT"))));
            }
            List<PirOp> ops = new ArrayList<>();
            for (JsonNode o : array(b, "ops", file, "block " + b.path("#").asText())) {
                ops.add(op(o, file));
            }
            blocks.add(new PirBlock(b.path("#").asText(), args, ops));
        }
        return new PirRegion(r.path("#").asText(), blocks);
    }

    private static PirOp op(JsonNode o, Path file) {
        String id = o.path("#").asText();
        if (id.isEmpty()) {
            throw new PaddleFormatException(file, "op without a name: " + abbreviate(o));
        }
        if (id.equals("p")) {
            JsonNode a = o.path("A");
            if (!a.isArray() || a.size() < 4 || !a.get(3).isTextual()) {
                throw new PaddleFormatException(file, "parameter op needs A = [is_distributed, is_parameter, need_clip, name]: " + abbreviate(o));
            }
            JsonNode out = o.path("O");
            PirValue result = new PirValue(out.path("%").asLong(), PirType.of(out.path("TT")));
            int[] flags = {a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt()};
            return new PirOp(PirOp.PARAMETER, List.of(), List.of(result), Map.of(), Map.of(), List.of(), a.get(3).asText(), flags);
        }
        List<Long> operands = new ArrayList<>();
        for (JsonNode i : o.path("I")) {
            operands.add(i.path("%").asLong());
        }
        List<PirValue> results = new ArrayList<>();
        for (JsonNode r : o.path("O")) {
            results.add(new PirValue(r.path("%").asLong(), PirType.of(r.path("TT"))));
        }
        Map<String, PirAttribute> attrs = attributes(o.path("A"));
        Map<String, PirAttribute> resultAttrs = attributes(o.path("OA"));
        List<PirRegion> regions = new ArrayList<>();
        for (JsonNode r : o.path("regions")) {
            regions.add(region(r, file));
        }
        return new PirOp(PirDialects.expand(id), operands, results, attrs, resultAttrs, regions, null, null);
    }

    private static Map<String, PirAttribute> attributes(JsonNode list) {
        Map<String, PirAttribute> out = new LinkedHashMap<>();
        for (JsonNode a : list) {
            out.put(a.path("N").asText(), PirAttribute.of(a.path("AT")));
        }
        return out;
    }

    private static JsonNode array(JsonNode parent, String key, Path file, String where) {
        JsonNode n = parent.path(key);
        if (!n.isArray()) {
            throw new PaddleFormatException(file, where + ": '" + key + "' must be an array");
        }
        return n;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    // ---- writing ----

    public static JsonNode toJson(PirProgram p) {
        ObjectNode root = F.objectNode();
        root.putObject("base_code").put("magic", "pir").put("trainable", p.trainable()).put("version", p.version());
        ArrayNode regions = root.putObject("program").putArray("regions");
        p.regions().forEach(r -> regions.add(regionJson(r)));
        return root;
    }

    public static String toJsonString(PirProgram p) {
        return toJson(p).toString();
    }

    /** Writes atomically (temp file beside {@code file}, then a move). */
    public static void write(PirProgram p, Path file) throws IOException {
        JsonNode json = toJson(p);
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, json));
    }

    private static JsonNode regionJson(PirRegion r) {
        ObjectNode o = F.objectNode().put("#", r.id());
        ArrayNode blocks = o.putArray("blocks");
        for (PirBlock b : r.blocks()) {
            ObjectNode bj = blocks.addObject().put("#", b.id());
            ArrayNode args = bj.putArray("args");
            b.args().forEach(a -> args.addObject().put("#", a.id()).set("TT", a.type().toJson()));
            ArrayNode ops = bj.putArray("ops");
            b.ops().forEach(op -> ops.add(opJson(op)));
        }
        return o;
    }

    private static JsonNode opJson(PirOp op) {
        ObjectNode o = F.objectNode();
        if (op.isParameter()) {
            o.put("#", "p");
            int[] fl = op.parameterFlags() == null ? new int[] {0, 1, 0} : op.parameterFlags();
            o.putArray("A").add(fl[0]).add(fl[1]).add(fl[2]).add(op.parameterName());
            PirValue v = op.results().get(0);
            o.putObject("O").put("%", v.id()).set("TT", v.type().toJson());
            o.putArray("DA");
            o.putArray("QA");
            o.putArray("OA").add(1).add(1).add(1);
            return o;
        }
        o.put("#", PirDialects.compress(op.name()));
        ArrayNode a = o.putArray("A");
        op.attributes().forEach((n, v) -> a.addObject().put("N", n).set("AT", v.toJson()));
        ArrayNode in = o.putArray("I");
        op.operands().forEach(id -> in.addObject().put("%", id));
        ArrayNode out = o.putArray("O");
        op.results().forEach(v -> out.addObject().put("%", v.id()).set("TT", v.type().toJson()));
        ArrayNode oa = o.putArray("OA");
        op.resultAttributes().forEach((n, v) -> oa.addObject().put("N", n).set("AT", v.toJson()));
        if (!op.regions().isEmpty()) {
            ArrayNode rs = o.putArray("regions");
            op.regions().forEach(r -> rs.add(regionJson(r)));
        }
        return o;
    }
}
