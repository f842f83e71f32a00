"""A real IMAP server for the intake's tests: Dovecot, started by the tests in a folder of its own.

Debian's `dovecot-imapd` (`.ci/run` installs it where missing). The instance listens on a free port of
127.0.0.1, authenticates one user from a passwd file and keeps mail as Maildir under the folder; it runs
beside (never instead of) a system Dovecot, which it does not touch.
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from notifications.sink import free_port

USER, PASSWORD = "sdacha", "s3cret/@pw%"  # characters a URL must percent-encode


@dataclass(frozen=True)
class Dovecot:
    """A running Dovecot: where it listens and the mailbox URL of its one user."""

    port: int
    root: Path

    @property
    def url(self) -> str:
        from urllib.parse import quote

        return f"imap://{USER}:{quote(PASSWORD, safe='')}@127.0.0.1:{self.port}/INBOX"

    def client(self) -> imaplib.IMAP4:
        """A logged-in client (the test's view of the mailbox)."""
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(USER, PASSWORD)  # type: ignore[arg-type]
        client.select("INBOX")
        return client

    def deliver(self, raw: bytes) -> None:
        """Put a message in the mailbox, as the ministry's mail server would."""
        client = self.client()
        try:
            client.append("INBOX", None, None, raw)  # type: ignore[arg-type]
        finally:
            client.logout()

    def unseen(self) -> int:
        """How many messages are not yet marked seen."""
        client = self.client()
        try:
            _, data = client.search(None, "UNSEEN")
            return len(data[0].split())
        finally:
            client.logout()

    def clear(self) -> None:
        """Empty the mailbox."""
        client = self.client()
        try:
            client.store("1:*", "+FLAGS", r"(\Deleted)")
            client.expunge()
        except imaplib.IMAP4.error:
            pass  # already empty
        finally:
            client.logout()


def _binary() -> str:
    found = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if found is None:
        pytest.fail("Dovecot is not installed: apt-get install dovecot-imapd (.ci/run does it)")
    return found


def _owner() -> tuple[str, str]:
    # Dovecot will not keep mail as root: as root, the package's own `dovecot` user owns the mail.
    if os.getuid() == 0:
        return "dovecot", "dovecot"
    user = pwd.getpwuid(os.getuid())
    return user.pw_name, str(os.getgid())


def _config(root: Path, port: int) -> str:
    user, group = _owner()
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = eci-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def _until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Dovecot exited ({process.returncode}): {log.read_text(errors='replace')[-500:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("Dovecot did not start listening")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One Dovecot for the session."""
    binary = _binary()
    # Not under pytest's temporary folder: that is private to its owner, and Dovecot's own processes
    # (the `dovecot` user when the tests run as root) must reach the passwd file and the mail.
    root = Path(tempfile.mkdtemp(prefix="eci-dovecot-"))
    root.chmod(0o755)
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    if os.getuid() == 0:
        for sub in ("mail", "home"):
            shutil.chown(root / sub, "dovecot", "dovecot")
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(_config(root, port), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _until_listening(port, process, root / "dovecot.log")
        yield Dovecot(port, root)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
