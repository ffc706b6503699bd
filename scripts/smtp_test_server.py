"""A real SMTP server for Muffle's tests (aiosmtpd), delivering into a maildir.

Two listeners: plain SMTP on --port and STARTTLS-required on --tls-port, with a self-signed
certificate for 127.0.0.1 whose CA is written to --cert-dir/cert.pem (the tests trust it
through SMTP_CA_FILE). Recipients steer failures, so tests can exercise both:
  tempfail…@…  the first RCPT for that address gets 451 (temporary), later ones succeed
  bounce…@…    every RCPT gets 550 (permanent)
"""

import argparse
import asyncio
import datetime
import ipaddress
import os
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class Handler(Mailbox):
    def __init__(self, maildir):
        super().__init__(maildir)
        self.seen = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 mailbox unavailable"
        if local.startswith("tempfail"):
            count = self.seen.get(address, 0)
            self.seen[address] = count + 1
            if count == 0:
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def self_signed(cert_dir):
    """A throwaway CA (cert.pem, what clients trust) and a server certificate it signs for
    127.0.0.1 and localhost (WebPKI clients refuse a CA certificate as the server's own)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def builder(subject, issuer, public_key):
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "muffle-test-ca")])
    ca = (
        builder(ca_name, ca_name, ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (
        builder(name, ca_name, key.public_key())
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    os.makedirs(cert_dir, exist_ok=True)
    pem = serialization.Encoding.PEM
    paths = {name: os.path.join(cert_dir, name) for name in ("cert.pem", "server.pem", "key.pem")}
    with open(paths["cert.pem"], "wb") as f:
        f.write(ca.public_bytes(pem))
    with open(paths["server.pem"], "wb") as f:
        f.write(cert.public_bytes(pem))
    with open(paths["key.pem"], "wb") as f:
        f.write(
            key.private_bytes(
                pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return paths["server.pem"], paths["key.pem"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls-port", type=int, required=True)
    parser.add_argument("--cert-dir", required=True)
    args = parser.parse_args()

    # An existing but empty folder is not yet a maildir: give it its three subfolders.
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(args.maildir, sub), exist_ok=True)
    handler = Handler(args.maildir)
    plain = Controller(handler, hostname="127.0.0.1", port=args.port)
    cert, key = self_signed(args.cert_dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    tls = Controller(
        handler,
        hostname="127.0.0.1",
        port=args.tls_port,
        tls_context=context,
        require_starttls=True,
    )
    plain.start()
    tls.start()
    print("ready", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        plain.stop()
        tls.stop()


if __name__ == "__main__":
    main()
