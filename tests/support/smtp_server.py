#!/usr/bin/env python3
"""An SMTP server for tests and benchmarks, on 127.0.0.1 with a port the OS picks.

It offers STARTTLS (or implicit TLS, or no TLS) with a certificate for 127.0.0.1 and localhost signed by a
test CA made at start, AUTH PLAIN/LOGIN for one user when asked, and stores every accepted message as
N.eml (the bytes as received) beside N.json (envelope sender, recipients, connection number).

Faults are chosen by the recipient's local part, so one server serves every test:
  reject-sender (as the sender)        553 at MAIL FROM
  fault-421, fault-451, fault-452      4xx at RCPT (421 also closes the connection)
  fault-550, fault-553, fault-554      5xx at RCPT
  drop-before-data                     closes the connection at RCPT without replying
  hang-before-data                     never answers RCPT
  reject-data-554, defer-data-451      the reply after the data (nothing stored)
  drop-during-data                     answers DATA with 354, then closes without reading (nothing stored)
  drop-after-data                      stores the message, then closes without replying
  timeout-after-data                   stores the message, then never replies

When listening it prints one JSON line to stdout (and writes it to --ready-file if given):
  {"port": N, "ca_pem": "<path of the CA certificate>"}
Uses Debian's python3-aiosmtpd and python3-cryptography.
"""

import argparse
import asyncio
import datetime
import ipaddress
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

RCPT_FAULTS = {
    "fault-421": "421 4.3.2 Service shutting down, try again later",
    "fault-451": "451 4.3.0 Temporary local problem, try again later",
    "fault-452": "452 4.2.2 Mailbox full, try again later",
    "fault-550": "550 5.1.1 Mailbox does not exist",
    "fault-553": "553 5.1.3 Mailbox name not allowed",
    "fault-554": "554 5.7.1 Relay access denied",
}
DATA_FAULTS = {
    "reject-data-554": "554 5.6.0 Message content rejected",
    "defer-data-451": "451 4.7.1 Greylisted, try again later",
}


def local_part(address):
    return address.rsplit("@", 1)[0].lower()


def make_certificates(folder):
    """A CA and a server certificate for 127.0.0.1/localhost signed by it; returns (ca, cert, key) paths."""
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Reach test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )

    paths = tuple(os.path.abspath(os.path.join(folder, name)) for name in ("ca.pem", "server.pem", "server.key"))
    with open(paths[0], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return paths


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Mailbox:
    """Stores accepted messages; the .json lands before the .eml so a reader that sees N.eml finds both."""

    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def store(self, envelope, connection):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos), "connection": connection}
        write_atomically(base + ".json", json.dumps(meta).encode())
        write_atomically(base + ".eml", bytes(envelope.original_content or b""))


class Sink:
    """Keeps nothing but one line per accepted message in received.log: recipients and Message-ID, for
    benchmarks, where writing every message would measure the disk instead of the client."""

    def __init__(self, folder):
        self.count = 0
        self.log = open(os.path.join(folder, "received.log"), "a", buffering=1)

    def store(self, envelope, connection):
        self.count += 1
        message_id = ""
        for line in bytes(envelope.original_content or b"").split(b"\r\n"):
            if not line:
                break
            if line[:11].lower() == b"message-id:":
                message_id = line[11:].strip().decode("ascii", "replace")
        self.log.write("%s\t%s\n" % (",".join(envelope.rcpt_tos), message_id))


class Handler:
    def __init__(self, mailbox, pipelining):
        self.mailbox = mailbox
        self.pipelining = pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # Real servers (Postfix, Gmail, Microsoft 365) offer PIPELINING; aiosmtpd answers pipelined commands
        # in order but does not say so by itself.
        session.host_name = hostname
        if self.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if local_part(address) == "reject-sender":
            return "553 5.7.1 Sender address rejected"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = local_part(address)
        if local == "drop-before-data":
            server.transport.close()
            await asyncio.Future()  # cancelled when the connection is gone
        if local == "hang-before-data":
            await asyncio.Future()
        if local in RCPT_FAULTS:
            reply = RCPT_FAULTS[local]
            if reply.startswith("421"):
                asyncio.get_running_loop().call_soon(server.transport.close)
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = {local_part(r) for r in envelope.rcpt_tos}
        for fault, reply in DATA_FAULTS.items():
            if fault in locals_:
                return reply
        self.mailbox.store(envelope, server.connection_number)
        if "drop-after-data" in locals_:
            server.transport.close()
            await asyncio.Future()
        if "timeout-after-data" in locals_:
            await asyncio.Future()
        return "250 2.0.0 OK: queued as %d" % self.mailbox.count


class FaultySMTP(SMTP):
    connection_number = 0

    async def smtp_DATA(self, arg):
        if any(local_part(r) == "drop-during-data" for r in self.envelope.rcpt_tos):
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            self.transport.close()
            return
        await super().smtp_DATA(arg)


async def turn_away(reader, writer):
    writer.write(b"421 4.7.0 Too many connections, try again later\r\n")
    await writer.drain()
    writer.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--maildir", required=True, help="folder where accepted messages are stored")
    parser.add_argument("--ready-file", help="also write the ready line to this file")
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (port-465 style)")
    tls.add_argument("--no-tls", action="store_true", help="offer no STARTTLS")
    parser.add_argument("--require-auth", nargs=2, metavar=("USERNAME", "PASSWORD"))
    parser.add_argument("--busy", action="store_true", help="greet every connection with 421 and close it")
    parser.add_argument("--no-pipelining", action="store_true", help="do not offer PIPELINING (RFC 2920)")
    parser.add_argument("--sink", action="store_true", help="store no message, only a line per message in received.log")
    args = parser.parse_args()

    os.makedirs(args.maildir, exist_ok=True)
    ca_path, cert_path, key_path = make_certificates(args.maildir)
    context = None
    if not args.no_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_path, key_path)

    authenticator = None
    if args.require_auth:
        username, password = (s.encode() for s in args.require_auth)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
                username,
                password,
            )
            # handled=False: aiosmtpd then answers 535 itself; its default would leave the client waiting.
            return AuthResult(success=ok, handled=False)

    mailbox = Sink(args.maildir) if args.sink else Mailbox(args.maildir)
    handler = Handler(mailbox, pipelining=not args.no_pipelining)
    connections = 0

    def factory():
        nonlocal connections
        connections += 1
        smtp = FaultySMTP(
            handler,
            hostname="reach-test-smtp",
            ident="Reach test SMTP",
            tls_context=context if not args.implicit_tls else None,
            require_starttls=context is not None and not args.implicit_tls,
            auth_required=authenticator is not None,
            # Implicit TLS is invisible to aiosmtpd's STARTTLS bookkeeping; the stream is encrypted anyway.
            auth_require_tls=context is not None and not args.implicit_tls,
            authenticator=authenticator,
            # A server that needs no sign-in offers none, as real ones do.
            auth_exclude_mechanism=None if authenticator else ["LOGIN", "PLAIN"],
        )
        smtp.connection_number = connections
        return smtp

    async def serve():
        loop = asyncio.get_running_loop()
        if args.busy:
            server = await asyncio.start_server(turn_away, host="127.0.0.1", port=0)
        else:
            server = await loop.create_server(
                factory, host="127.0.0.1", port=0, ssl=context if args.implicit_tls else None
            )
        port = server.sockets[0].getsockname()[1]
        line = json.dumps({"port": port, "ca_pem": ca_path})
        if args.ready_file:
            write_atomically(args.ready_file, line.encode())
        print(line, flush=True)
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        server.close()

    asyncio.run(serve())


if __name__ == "__main__":
    sys.exit(main())
