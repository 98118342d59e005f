package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1:21567",
            "::1, [::1]:21567",
            "::, [::]:21567",
            "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]:21567",
            "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]:21567",
            "fe80:0:0:0:0:0:0:0, [fe80::]:21567",
            "0.0.0.0, 0.0.0.0:21567",
    })
    void formatsLikePeopleWriteThem(String literal, String expected) throws Exception {
        assertEquals(expected, Addresses.format(new InetSocketAddress(InetAddress.getByName(literal), 21567)));
    }
}
