package dev.modelx.format.paddle.pir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelx.format.paddle.PaddleDataTypes;
import dev.modelx.graph.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * One PIR attribute value as serialized: id ("0.a_f32", "1.a_intarray", ...), data ("D") and, for floats
 * that are NaN or infinite, the void data ("VD": "NaN", "INF", "-INF"). Kept as JSON so every kind
 * round-trips; the accessors decode bool, i32, i64, index, f32, f64, str, array, type, tensorname, c64,
 * c128, intarray, scalar, dtype, place and layout.
 */
public record PirAttribute(String id, JsonNode data, String voidData) {

    public String kind() {
        return PirDialects.localName(id);
    }

    public static PirAttribute of(JsonNode node) {
        JsonNode vd = node.get("VD");
        return new PirAttribute(node.path("#").asText(), node.get("D"), vd == null ? null : vd.asText());
    }

    public double asDouble() {
        if (voidData != null) {
            return switch (voidData) {
                case "NaN" -> Double.NaN;
                case "INF" -> Double.POSITIVE_INFINITY;
                case "-INF" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("Unknown PIR void data '" + voidData + "'");
            };
        }
        if (kind().equals("a_scalar")) {
            return scalarValue().asDouble();
        }
        if (data != null && data.isBoolean()) {
            return data.asBoolean() ? 1 : 0;
        }
        if (data == null || !data.isNumber()) {
            throw new IllegalArgumentException("PIR attribute " + id + " holds no number: " + data);
        }
        return data.asDouble();
    }

    public long asLong() {
        if (kind().equals("a_scalar")) {
            JsonNode v = scalarValue();
            return v.isBoolean() ? (v.asBoolean() ? 1 : 0) : v.asLong();
        }
        if (data != null && data.isBoolean()) {
            return data.asBoolean() ? 1 : 0;
        }
        if (data == null || !data.isNumber()) {
            throw new IllegalArgumentException("PIR attribute " + id + " holds no integer: " + data);
        }
        return data.asLong();
    }

    public boolean asBoolean() {
        if (data != null && data.isBoolean()) {
            return data.asBoolean();
        }
        return asLong() != 0;
    }

    public String asString() {
        return data == null ? "" : data.asText();
    }

    /** The elements of an a_array attribute. */
    public List<PirAttribute> asArray() {
        List<PirAttribute> out = new ArrayList<>();
        if (data != null && data.isArray()) {
            for (JsonNode n : data) {
                out.add(of(n));
            }
        }
        return out;
    }

    /** An intarray (or an array of integer attributes) as longs. */
    public long[] asLongs() {
        if (kind().equals("a_array")) {
            return asArray().stream().mapToLong(PirAttribute::asLong).toArray();
        }
        long[] out = new long[data == null ? 0 : data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.get(i).asLong();
        }
        return out;
    }

    public double[] asDoubles() {
        return asArray().stream().mapToDouble(PirAttribute::asDouble).toArray();
    }

    /** The element type named by an a_dtype attribute. */
    public DataType asDataType() {
        return PaddleDataTypes.fromPirName(asString())
                .orElseThrow(() -> new IllegalArgumentException("Unknown PIR dtype '" + asString() + "'"));
    }

    /** The dtype name of an a_scalar attribute ("float32", "int64", ...). */
    public String scalarType() {
        return data != null && data.size() > 0 ? data.get(0).asText() : "";
    }

    public PirType asType() {
        return PirType.of(data);
    }

    /** Real and imaginary parts of a c64/c128 attribute. */
    public double[] asComplex() {
        return new double[] {data.get(0).asDouble(), data.get(1).asDouble()};
    }

    private JsonNode scalarValue() {
        return data.get(1);
    }

    public JsonNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("#", id);
        if (voidData != null) {
            o.put("VD", voidData);
        } else if (data != null) {
            o.set("D", data);
        }
        return o;
    }

    // ---- builders (what Paddle writes for each kind) ----

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public static PirAttribute bool(boolean v) {
        return new PirAttribute("0.a_bool", F.booleanNode(v), null);
    }

    public static PirAttribute i32(int v) {
        return new PirAttribute("0.a_i32", F.numberNode(v), null);
    }

    public static PirAttribute i64(long v) {
        return new PirAttribute("0.a_i64", F.numberNode(v), null);
    }

    public static PirAttribute f32(float v) {
        return floating("0.a_f32", v, F.numberNode(v));
    }

    public static PirAttribute f64(double v) {
        return floating("0.a_f64", v, F.numberNode(v));
    }

    private static PirAttribute floating(String id, double v, JsonNode d) {
        if (Double.isNaN(v)) {
            return new PirAttribute(id, null, "NaN");
        }
        if (Double.isInfinite(v)) {
            return new PirAttribute(id, null, v > 0 ? "INF" : "-INF");
        }
        return new PirAttribute(id, d, null);
    }

    public static PirAttribute str(String v) {
        return new PirAttribute("0.a_str", F.textNode(v), null);
    }

    public static PirAttribute array(List<PirAttribute> items) {
        ArrayNode a = F.arrayNode();
        items.forEach(i -> a.add(i.toJson()));
        return new PirAttribute("0.a_array", a, null);
    }

    public static PirAttribute intArray(long... v) {
        ArrayNode a = F.arrayNode();
        for (long x : v) {
            a.add(x);
        }
        return new PirAttribute("1.a_intarray", a, null);
    }

    public static PirAttribute dtype(DataType t) {
        return new PirAttribute("1.a_dtype", F.textNode(PaddleDataTypes.toPirName(t)), null);
    }

    public static PirAttribute place(int type, int device, String deviceType) {
        ArrayNode a = F.arrayNode().add(type).add(device).add(deviceType);
        return new PirAttribute("1.a_place", a, null);
    }
}
