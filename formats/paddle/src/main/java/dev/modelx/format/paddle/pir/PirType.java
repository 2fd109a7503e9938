package dev.modelx.format.paddle.pir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelx.format.paddle.PaddleDataTypes;
import dev.modelx.graph.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PIR type as serialized: its id ("0.t_f32", "0.t_dtensor", "0.t_vec", "1.t_dtensor_array", ...) and its
 * data ("D"), kept as JSON so every kind survives a round trip; accessors decode the kinds modelx uses.
 */
public record PirType(String id, JsonNode data) {

    public String kind() {
        return PirDialects.localName(id);
    }

    public boolean isNull() {
        return "NULL".equals(id);
    }

    /** A dense tensor or dense tensor array (their data starts with the element type and dims). */
    public boolean isTensor() {
        return kind().equals("t_dtensor") || kind().equals("t_dtensor_array") || kind().equals("t_selectedrows");
    }

    public boolean isTensorArray() {
        return kind().contains("array");
    }

    public boolean isVector() {
        return kind().equals("t_vec");
    }

    /** The element type of a tensor type, or of a builtin scalar type itself. */
    public Optional<DataType> elementType() {
        if (isTensor() && data != null && data.size() > 0) {
            return new PirType(data.get(0).path("#").asText(), data.get(0).get("D")).elementType();
        }
        return PaddleDataTypes.fromPirTypeId(kind());
    }

    /** Tensor dims (-1 for unknown), or null for non-tensor types. */
    public long[] dims() {
        if (!isTensor() || data == null || data.size() < 2) {
            return null;
        }
        JsonNode d = data.get(1);
        long[] out = new long[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(i).asLong();
        }
        return out;
    }

    public String layout() {
        return isTensor() && data != null && data.size() > 2 ? data.get(2).asText() : null;
    }

    /** LoD of a dense tensor type (list of levels), empty when none. */
    public List<long[]> lod() {
        List<long[]> out = new ArrayList<>();
        if (kind().equals("t_dtensor") && data != null && data.size() > 3) {
            for (JsonNode level : data.get(3)) {
                long[] l = new long[level.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = level.get(i).asLong();
                }
                out.add(l);
            }
        }
        return out;
    }

    /** The element types of a vector type. */
    public List<PirType> elements() {
        List<PirType> out = new ArrayList<>();
        if (isVector() && data != null) {
            for (JsonNode t : data) {
                out.add(of(t));
            }
        }
        return out;
    }

    public static PirType of(JsonNode node) {
        return new PirType(node.path("#").asText(), node.get("D"));
    }

    public JsonNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("#", id);
        if (data != null) {
            o.set("D", data);
        }
        return o;
    }

    /** A dense tensor type as Paddle writes it: [element, dims, "NCHW", [], 0]. */
    public static PirType denseTensor(DataType element, long... dims) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode d = f.arrayNode();
        d.add(f.objectNode().put("#", "0." + PaddleDataTypes.toPirTypeId(element)));
        ArrayNode ds = d.addArray();
        for (long x : dims) {
            ds.add(x);
        }
        d.add("NCHW");
        d.addArray();
        d.add(0);
        return new PirType("0.t_dtensor", d);
    }
}
