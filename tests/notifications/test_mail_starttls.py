"""STARTTLS with authentication against an aiosmtpd server holding a self-signed certificate."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from mail_test_kit import ScriptedHandler
from test_mail_delivery import reminder

from notifications.service import DeliveryPending


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for localhost."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    root: Path = tmp_path_factory.mktemp("tls")
    key, cert = root / "key.pem", root / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class Accounts:
    """Accepts one login, remembering whether the session was encrypted when it authenticated."""

    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bool]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data == LoginPassword(b"eci", b"s3cret")
        if ok:
            self.logins.append((auth_data.login, session.ssl is not None))
        return AuthResult(success=ok)


def _tls_server(smtp_server, context: ssl.SSLContext, handler: ScriptedHandler, accounts: Accounts):
    return smtp_server(
        handler, tls_context=context, require_starttls=True, auth_required=True,
        auth_require_tls=True, authenticator=accounts,
    )  # fmt: skip


async def test_starttls_with_a_self_signed_certificate_works_when_allowed(
    smtp_server, make_notifier, self_signed
):
    handler, accounts = ScriptedHandler([]), Accounts()
    server = _tls_server(smtp_server, self_signed, handler, accounts)
    kit = make_notifier(
        server.port, starttls=True, allow_self_signed=True, smtp_user="eci", smtp_password="s3cret"
    )
    result = await kit.notifier.send_notice(reminder())
    await kit.close()
    assert result.message_ids
    assert len(handler.accepted) == 1
    assert accounts.logins == [(b"eci", True)]


async def test_a_self_signed_certificate_is_refused_unless_allowed(smtp_server, make_notifier, self_signed):
    handler, accounts = ScriptedHandler([]), Accounts()
    server = _tls_server(smtp_server, self_signed, handler, accounts)
    kit = make_notifier(server.port, starttls=True, smtp_user="eci", smtp_password="s3cret", attempts=1)
    with pytest.raises(DeliveryPending, match="(?i)certificate"):
        await kit.notifier.send_notice(reminder())
    await kit.close()
    assert handler.accepted == []
