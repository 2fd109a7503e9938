package dev.modelx.graph;

import dev.modelx.graph.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryNumpyType() throws Exception {
        Tensor[] tensors = {
                Tensor.ofFloats(new long[]{2, 2}, 1, -2, Float.NaN, Float.POSITIVE_INFINITY),
                Tensor.ofDoubles(new long[]{3}, 1e-300, 2, 3),
                Tensor.ofLongs(new long[]{}, 42),
                Tensor.ofInts(new long[]{1, 0}),
                Tensor.ofBooleans(new long[]{3}, true, false, true),
                Tensor.of(DataType.UINT8, new long[]{2}, new byte[]{(byte) 255, 0}),
                Tensor.of(DataType.FLOAT16, new long[]{1}, new short[]{(short) 0x3c00}),
                Tensor.ofStrings(new long[]{2}, "héllo", "x"),
        };
        for (Tensor t : tensors) {
            Path f = dir.resolve("t.npy");
            Npy.write(t, f);
            assertEquals(t, Npy.read(f), t.toString());
        }
    }

    @Test
    void readsBigEndianArrays() throws Exception {
        String header = "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }";
        ByteArrayOutputStream out = npyHeader(header);
        out.write(new byte[]{0, 0, 0, 1, 0, 0, 1, 0});
        Path f = dir.resolve("be.npy");
        Files.write(f, out.toByteArray());
        assertArrayEquals(new int[]{1, 256}, Npy.read(f).ints());
    }

    @Test
    void refusesPickledObjectArrays() throws Exception {
        ByteArrayOutputStream out = npyHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }");
        Path f = dir.resolve("o.npy");
        Files.write(f, out.toByteArray());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("pickled"), e.getMessage());
    }

    @Test
    void truncatedDataNamesSizes() throws Exception {
        ByteArrayOutputStream out = npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000,), }");
        out.write(new byte[8]);
        Path f = dir.resolve("short.npy");
        Files.write(f, out.toByteArray());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("short.npy") && e.getMessage().contains("4000000"), e.getMessage());
    }

    @Test
    void randomBytesAreNotNpy() throws Exception {
        Path f = dir.resolve("junk.npy");
        Files.write(f, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertThrows(ModelFormatException.class, () -> Npy.read(f));
    }

    private static ByteArrayOutputStream npyHeader(String header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(new byte[]{(byte) h.length, (byte) (h.length >>> 8)});
        out.writeBytes(h);
        return out;
    }
}
