"""A TLS client nobody on this project wrote: Python's ssl module (OpenSSL underneath).

usage: tls_client.py HOST PORT CA_FILE 1.2|1.3 CERT|- KEY|- once|wait-close
Prints PROTOCOL, REPLY and, with wait-close, how the server ended the session:
"CLOSE clean" after a close_notify, "CLOSE ragged" after a bare TCP close.
"""
import socket
import ssl
import sys

host, port, ca, version, cert, key, mode = sys.argv[1:8]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_verify_locations(ca)
# Python sets OP_IGNORE_UNEXPECTED_EOF by default, which makes a bare TCP close look like a
# close_notify; clear it so the two can be told apart.
context.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
wanted = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
context.minimum_version = wanted
context.maximum_version = wanted
if cert != "-":
    context.load_cert_chain(cert, key)
try:
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=host, suppress_ragged_eofs=False) as tls:
            print("PROTOCOL", tls.version(), flush=True)
            tls.sendall(b"hello from python\n")
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = tls.recv(4096)
                if not chunk:
                    break
                reply += chunk
            print("REPLY", reply.decode("latin-1").rstrip("\n"), flush=True)
            if mode == "wait-close":
                try:
                    rest = tls.recv(4096)
                    print("CLOSE clean" if rest == b"" else "CLOSE data", flush=True)
                except ssl.SSLError as e:  # SSLEOFError, or UNEXPECTED_EOF_WHILE_READING
                    print("CLOSE ragged" if "EOF" in str(e) else "CLOSE error " + str(e), flush=True)
except ssl.SSLCertVerificationError as e:
    print("VERIFY-FAILED", e.verify_message, flush=True)
    sys.exit(3)
except (ssl.SSLError, OSError) as e:
    print("ERROR", type(e).__name__, e, flush=True)
    sys.exit(4)
