package dev.tsserver.client.boundaries;

/** The bytes a client writes for one message under each codec, as the SPEC defines them. */
final class WireFraming {

    private WireFraming() {
    }

    /**
     * {@code raw}: the payload as is; {@code line}: the payload and LF; {@code length}: a
     * big-endian length field of {@code lengthPrefix} bytes, then the payload.
     */
    static byte[] frame(String codec, int lengthPrefix, byte[] payload) {
        return switch (codec) {
            case "raw" -> payload;
            case "line" -> {
                byte[] line = new byte[payload.length + 1];
                System.arraycopy(payload, 0, line, 0, payload.length);
                line[payload.length] = '\n';
                yield line;
            }
            case "length" -> {
                if (lengthPrefix < 4 && payload.length >= 1L << (8 * lengthPrefix)) {
                    throw new IllegalArgumentException(payload.length + " bytes do not fit a " + lengthPrefix
                            + "-byte length field");
                }
                byte[] frame = new byte[lengthPrefix + payload.length];
                for (int i = 0; i < lengthPrefix; i++) {
                    frame[i] = (byte) (payload.length >>> (8 * (lengthPrefix - 1 - i)));
                }
                System.arraycopy(payload, 0, frame, lengthPrefix, payload.length);
                yield frame;
            }
            default -> throw new IllegalArgumentException("no framing for codec '" + codec + "'");
        };
    }
}
