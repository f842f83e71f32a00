"""Who vouches for a reply's `From:` address: the receiving server's Authentication-Results, or the
intake's own DKIM, SPF and DMARC checks where it is the receiving server.

- `Authentication-Results` (RFC 8601) is read only from the configured receiving server, by its
  authserv-id: the topmost header with that id. A header with any other id is ignored wherever it
  stands, since anyone can write one, above or below the server's own.
- With no such server configured, the intake verifies the message itself: DKIM signatures (dkimpy),
  SPF for the SMTP envelope's MAIL FROM and connecting address (pyspf), and DMARC alignment of each
  with the `From:` domain (organisational domains from the public suffix list). DNS goes through
  `Resolver`, which tests replace with local answers (`StaticResolver`).
- The policy says what must hold (`dkim`: a valid signature by the From domain; `dmarc`: DMARC pass,
  that is an aligned DKIM signature or an aligned SPF pass); `none` checks nothing beyond the token.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from domain.intake.events import MailEnvelope, MailVerdicts


class Resolver(Protocol):
    """DNS answers in pyspf's shape: A/AAAA addresses, MX (preference, host), TXT lists of bytes."""

    def lookup(self, name: str, qtype: str) -> list[Any]:
        """The records of `name` of type `qtype` ([] if none)."""
        ...


class SystemResolver:
    """The host's DNS (dnspython), with a short lifetime per query."""

    def __init__(self, lifetime: float = 5.0) -> None:
        import dns.resolver

        self._resolver = dns.resolver.Resolver()
        self._resolver.lifetime = lifetime

    def lookup(self, name: str, qtype: str) -> list[Any]:
        import dns.exception
        import dns.resolver

        try:
            answers = self._resolver.resolve(name, qtype)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.NoNameservers):
            return []
        except dns.exception.DNSException:
            return []
        found: list[Any] = []
        for rdata in answers:
            if qtype in ("A", "AAAA"):
                found.append(rdata.address)
            elif qtype == "MX":
                found.append((rdata.preference, str(rdata.exchange).rstrip(".")))
            elif qtype == "PTR":
                found.append(str(rdata.target).rstrip("."))
            elif qtype == "TXT":
                found.append(list(rdata.strings))
        return found


class StaticResolver:
    """Answers from a table: {"name TYPE": [value, …]}, TXT values as strings (for tests and for hosts
    with no DNS, from the JSON file `ECI_INTAKE_DNS_ANSWERS` names)."""

    def __init__(self, answers: dict[str, list[Any]]) -> None:
        self.answers = {k.lower(): v for k, v in answers.items()}

    @classmethod
    def from_file(cls, path: Path) -> StaticResolver:
        """The table in a JSON file."""
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def lookup(self, name: str, qtype: str) -> list[Any]:
        values = self.answers.get(f"{name.rstrip('.').lower()} {qtype.lower()}", [])
        if qtype == "TXT":
            return [[v.encode() if isinstance(v, str) else v] for v in values]
        if qtype == "MX":
            return [tuple(v) for v in values]
        return list(values)


@cache
def _suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def organisational(domain: str) -> str:
    """The registrable domain of `domain` (mail.mari.example → mari.example)."""
    domain = domain.lower().rstrip(".")
    return str(_suffixes().privatesuffix(domain) or domain)


def aligned(one: str, other: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1): the same organisational domain."""
    return bool(one) and bool(other) and organisational(one) == organisational(other)


def domain_of(address: str) -> str:
    """The domain part of an address, lower-cased."""
    return address.rpartition("@")[2].strip().strip(">").lower()


@dataclass(frozen=True)
class SenderFacts:
    """What was established about the sender: results and the domains each one is for."""

    dkim: str = "none"
    dkim_domains: tuple[str, ...] = ()
    spf: str = "none"
    spf_domain: str = ""
    dmarc: str = "none"
    by: str = ""

    def verdicts(self) -> MailVerdicts:
        """As recorded on `IntakeMailReceived`."""
        return MailVerdicts(dkim=self.dkim, spf=self.spf, dmarc=self.dmarc, by=self.by or None)


def trusted_results(headers: Sequence[str], authserv_id: str) -> SenderFacts | None:
    """The verdicts of the topmost Authentication-Results whose authserv-id is the configured one."""
    import authres

    for header in headers:
        try:
            parsed = authres.AuthenticationResultsHeader.parse_value(" ".join(header.split()))
        except Exception:  # authres raises its own syntax errors and more on a forged header
            continue
        if str(parsed.authserv_id).lower() != authserv_id.lower():
            continue
        found: dict[str, tuple[str, dict[str, str]]] = {}
        for result in parsed.results:
            properties = {f"{p.type}.{p.name}".lower(): str(p.value) for p in result.properties}
            found.setdefault(str(result.method).lower(), (str(result.result).lower(), properties))
        dkim, dkim_props = found.get("dkim", ("none", {}))
        spf, spf_props = found.get("spf", ("none", {}))
        dmarc, _ = found.get("dmarc", ("none", {}))
        signer = dkim_props.get("header.d") or domain_of(dkim_props.get("header.i", ""))
        return SenderFacts(
            dkim=dkim, dkim_domains=(signer,) if signer else (), spf=spf,
            spf_domain=domain_of(spf_props.get("smtp.mailfrom", "")), dmarc=dmarc,
            by=f"authserv:{authserv_id}",
        )  # fmt: skip
    return None


def _dkim(raw: bytes, resolver: Resolver) -> tuple[str, tuple[str, ...]]:
    import dkim

    def txt(name: bytes, timeout: int = 5) -> bytes | None:
        records = resolver.lookup(name.decode("ascii", "replace").rstrip("."), "TXT")
        return b"".join(records[0]) if records else None

    try:
        checker = dkim.DKIM(raw, timeout=5)
        signatures = [h for h in checker.headers if h[0].lower() == b"dkim-signature"][:5]
    except Exception:  # dkimpy's message parser refusing the message
        return "permerror", ()
    if not signatures:
        return "none", ()
    passed: list[str] = []
    for index in range(len(signatures)):
        try:
            if checker.verify(idx=index, dnsfunc=txt):
                passed.append(checker.domain.decode("ascii", "replace").lower())
        except Exception:  # a malformed signature is a failed one
            continue
    return ("pass", tuple(passed)) if passed else ("fail", ())


def _spf(envelope: MailEnvelope, resolver: Resolver) -> tuple[str, str]:
    import spf

    if not envelope.peer:
        return "none", ""
    sender = envelope.mail_from or f"postmaster@{envelope.helo}"
    with _dns_of(resolver):
        try:
            result, _ = spf.check2(i=envelope.peer, s=sender, h=envelope.helo or "unknown", querytime=10)
        except Exception:  # pyspf raises on a malformed address
            return "permerror", domain_of(sender)
    return str(result), domain_of(sender)


class _dns_of:  # noqa: N801 - a context manager named for what it does
    """pyspf looks DNS up through a module-level function: route it to `resolver` for one check."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver

    def __enter__(self) -> None:
        import spf

        def lookup(name: str, qtype: str, strict: Any = True, timeout: Any = 20) -> list[Any]:
            return [((name, qtype), value) for value in self.resolver.lookup(name, qtype)]

        self.saved = spf.DNSLookup
        spf.DNSLookup = lookup

    def __exit__(self, *exc: object) -> None:
        import spf

        spf.DNSLookup = self.saved


def verify_here(
    raw: bytes, envelope: MailEnvelope | None, from_domain: str, resolver: Resolver
) -> SenderFacts:
    """The intake's own checks, as the receiving server: DKIM, SPF for the envelope, DMARC alignment."""
    dkim_result, signers = _dkim(raw, resolver)
    spf_result, spf_domain = _spf(envelope, resolver) if envelope is not None else ("none", "")
    dkim_ok = any(aligned(d, from_domain) for d in signers)
    spf_ok = spf_result == "pass" and aligned(spf_domain, from_domain)
    return SenderFacts(
        dkim=dkim_result, dkim_domains=signers, spf=spf_result, spf_domain=spf_domain,
        dmarc="pass" if dkim_ok or spf_ok else "fail", by="intake",
    )  # fmt: skip


def vouches(facts: SenderFacts, policy: str, from_domain: str) -> bool:
    """Whether the facts satisfy the policy for mail from `from_domain`."""
    if policy == "none":
        return True
    dkim_ok = facts.dkim == "pass" and any(aligned(d, from_domain) for d in facts.dkim_domains)
    if facts.by.startswith("authserv:") and facts.dkim == "pass" and not facts.dkim_domains:
        dkim_ok = False  # a verdict that names no signing domain cannot be aligned
    if policy == "dkim":
        return dkim_ok
    spf_ok = facts.spf == "pass" and aligned(facts.spf_domain, from_domain)
    return dkim_ok or spf_ok or (facts.by.startswith("authserv:") and facts.dmarc == "pass")
