package io.freshet.bench.txn;

/**
 * The loop's transform, and the values it works on: ASCII letters. Input values are lower-case letters; the
 * loop writes them upper-cased, so the output can be checked record by record.
 */
public final class Uppercase {

    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Uppercase() {
    }

    /** A value of {@code size} lower-case ASCII letters, "abc...zabc...". */
    public static byte[] lowerCaseValue(int size) {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = ALPHABET[i % ALPHABET.length];
        }
        return value;
    }

    /** A copy with a-z turned into A-Z; every other byte unchanged. */
    public static byte[] apply(byte[] value) {
        byte[] out = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            out[i] = b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
        }
        return out;
    }

    /** True if no byte is a lower-case ASCII letter (what {@link #apply} leaves). */
    public static boolean isUpperCase(byte[] value) {
        for (byte b : value) {
            if (b >= 'a' && b <= 'z') {
                return false;
            }
        }
        return true;
    }
}
