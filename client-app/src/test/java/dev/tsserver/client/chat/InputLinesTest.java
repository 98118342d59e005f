package dev.tsserver.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InputLinesTest {

    private static List<String> lines(InputStream in, int maxLine) throws IOException {
        InputLines lines = new InputLines(in, maxLine);
        List<String> result = new ArrayList<>();
        byte[] line;
        while ((line = lines.next()) != null) {
            result.add(new String(line, UTF_8));
        }
        return result;
    }

    private static List<String> lines(String input) throws IOException {
        return lines(new ByteArrayInputStream(input.getBytes(UTF_8)), 100);
    }

    @Test
    void splitsAtLfAndDropsACrBeforeIt() throws IOException {
        assertEquals(List.of("a", "b", "c\rd"), lines("a\nb\r\nc\rd\n"));
    }

    @Test
    void keepsEmptyLinesAndALastLineWithoutLf() throws IOException {
        assertEquals(List.of("", "a", "", "tail"), lines("\na\n\ntail"));
    }

    @Test
    void endOfInputAfterALfAddsNoEmptyLine() throws IOException {
        assertEquals(List.of("a"), lines("a\n"));
        assertEquals(List.of(), lines(""));
    }

    @Test
    void bytesAreNeverDecoded() throws IOException {
        byte[] input = {(byte) 0xff, (byte) 0xfe, 0x00, '\n', (byte) 0xc3, 0x28, '\r', '\n'};
        InputLines lines = new InputLines(new ByteArrayInputStream(input), 100);
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}, lines.next());
        assertArrayEquals(new byte[] {(byte) 0xc3, 0x28}, lines.next());
        assertNull(lines.next());
    }

    @Test
    void linesSplitAcrossReadsAreJoined() throws IOException {
        InputStream oneByteAtATime = new ByteArrayInputStream("hello\r\nworld\n".getBytes(UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals(List.of("hello", "world"), lines(oneByteAtATime, 100));
    }

    @Test
    void aLineOfExactlyTheLimitPassesAndOneMoreByteIsRefused() throws IOException {
        assertEquals(List.of("12345", "12345"), lines(new ByteArrayInputStream("12345\n12345\r\n".getBytes(UTF_8)), 5));
        InputLines lines = new InputLines(new ByteArrayInputStream("ok\n123456\n".getBytes(UTF_8)), 5);
        assertArrayEquals("ok".getBytes(UTF_8), lines.next());
        InputLines.InputLineTooLongException e = assertThrows(InputLines.InputLineTooLongException.class, lines::next);
        assertEquals("input line 2 is longer than --max-frame 5 bytes", e.getMessage());
    }

    @Test
    void afterARefusedLineTheNextLineIsRead() throws IOException {
        InputStream smallReads = new ByteArrayInputStream("toolong\nok\nlonger still\r\n12345".getBytes(UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        InputLines lines = new InputLines(smallReads, 5);
        assertThrows(InputLines.InputLineTooLongException.class, lines::next);
        assertArrayEquals("ok".getBytes(UTF_8), lines.next());
        assertEquals(2, lines.lineNumber());
        InputLines.InputLineTooLongException e = assertThrows(InputLines.InputLineTooLongException.class, lines::next);
        assertEquals("input line 3 is longer than --max-frame 5 bytes", e.getMessage());
        assertArrayEquals("12345".getBytes(UTF_8), lines.next());
        assertEquals(4, lines.lineNumber());
        assertNull(lines.next());
    }

    @Test
    void aLongLineIsRefusedBeforeItIsBufferedWhole() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThrows(InputLines.InputLineTooLongException.class, () -> new InputLines(endless, 1000).next());
    }
}
