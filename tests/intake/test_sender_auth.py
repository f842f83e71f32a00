"""Who vouches for a reply's From: only the configured receiving server's Authentication-Results, or
the intake's own DKIM (dkimpy), SPF (pyspf) and DMARC alignment, with DNS answered from a local table."""

from __future__ import annotations

import base64

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fixtures_intake import reply

from domain.intake.events import MailEnvelope
from eci.intake.sender_auth import StaticResolver, trusted_results, verify_here, vouches

SERVER = "mx.minzdrav.example"
GENUINE = MailEnvelope(mail_from="ivanova@mari.example", peer="192.0.2.10", helo="mail.mari.example")
FOREIGN = MailEnvelope(mail_from="bounce@mailer.example", peer="198.51.100.7", helo="mailer.example")


def _keys() -> tuple[bytes, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, base64.b64encode(der).decode()


PEM, PUBLIC = _keys()
DNS = StaticResolver({
    "s1._domainkey.mari.example TXT": [f"v=DKIM1; k=rsa; p={PUBLIC}"],
    "mari.example TXT": ["v=spf1 ip4:192.0.2.10 -all"],
    "mailer.example TXT": ["v=spf1 ip4:198.51.100.7 -all"],
})  # fmt: skip


def _signed(raw: bytes) -> bytes:
    return dkim.sign(raw, b"s1", b"mari.example", PEM, include_headers=[b"from", b"to", b"subject"]) + raw


def test_only_the_receiving_servers_own_results_are_read_wherever_others_stand() -> None:
    forged_above = f"{SERVER.replace('mx', 'mx2')}; dkim=pass header.d=mari.example; dmarc=pass"
    own = f"{SERVER}; dkim=fail header.d=mari.example; spf=softfail smtp.mailfrom=bounce@mailer.example"
    forged_below = f"{SERVER}; dkim=pass header.d=mari.example"
    facts = trusted_results((forged_above, own, forged_below), SERVER)
    assert facts is not None
    assert (facts.dkim, facts.spf, facts.by) == ("fail", "softfail", f"authserv:{SERVER}")
    assert not vouches(facts, "dkim", "mari.example")
    assert trusted_results((forged_above,), SERVER) is None, "no header of the server: no verdicts at all"


def test_a_genuine_signed_reply_passes_every_level() -> None:
    facts = verify_here(_signed(reply()), GENUINE, "mari.example", DNS)
    assert (facts.dkim, facts.spf, facts.dmarc) == ("pass", "pass", "pass")
    assert all(vouches(facts, level, "mari.example") for level in ("none", "dmarc", "dkim"))


def test_an_unsigned_reply_from_the_domains_own_server_passes_dmarc_by_spf_but_not_dkim() -> None:
    facts = verify_here(reply(), GENUINE, "mari.example", DNS)
    assert (facts.dkim, facts.spf, facts.dmarc) == ("none", "pass", "pass")
    assert vouches(facts, "dmarc", "mari.example")
    assert not vouches(facts, "dkim", "mari.example")


def test_a_spoofed_from_sent_by_another_server_passes_no_level_but_none() -> None:
    forged = (
        b"Authentication-Results: mx.minzdrav.example; dkim=pass header.d=mari.example; dmarc=pass\r\n"
        + reply()
    )
    facts = verify_here(forged, FOREIGN, "mari.example", DNS)
    assert facts.spf == "pass", "the foreign server may send for its own domain"
    assert facts.dmarc == "fail", "but that domain is not the From's"
    assert vouches(facts, "none", "mari.example")
    assert not vouches(facts, "dmarc", "mari.example")
    assert not vouches(facts, "dkim", "mari.example")


def test_a_signature_by_another_domain_does_not_vouch_for_the_from() -> None:
    raw = reply()
    other = dkim.sign(raw, b"s1", b"mailer.example", PEM, include_headers=[b"from"]) + raw
    dns = StaticResolver({**DNS.answers, "s1._domainkey.mailer.example txt": [f"v=DKIM1; k=rsa; p={PUBLIC}"]})
    facts = verify_here(other, FOREIGN, "mari.example", dns)
    assert facts.dkim == "pass"
    assert not vouches(facts, "dkim", "mari.example")
