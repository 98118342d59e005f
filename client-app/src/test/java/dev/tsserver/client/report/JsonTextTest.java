package dev.tsserver.client.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void escapesQuotesBackslashesAndLineBreaks() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\"", JsonText.quote("a\"b\\c\n\r\t"));
    }

    @Test
    void escapesOtherControlCharactersAsUnicode() {
        assertEquals("\"\\u0001x\\u001f\"", JsonText.quote("\u0001x\u001f"));
    }

    @Test
    void keepsNonAsciiTextAsIs() {
        assertEquals("\"caf\u00e9 \u2713\"", JsonText.quote("caf\u00e9 \u2713"));
    }

    @Test
    void nullIsTheJsonNull() {
        assertEquals("null", JsonText.quote(null));
    }
}
