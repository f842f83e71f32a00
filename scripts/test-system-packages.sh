#!/usr/bin/env bash
# The system programs the tests start or open, installed where missing: PostgreSQL (the store's tests
# on both engines), Dovecot (the intake's IMAP tests), Chromium (pages opened headless), tmux (the TUI's
# smoke test in a real terminal), openssl (the STARTTLS test's certificate), Pango and DejaVu fonts
# (WeasyPrint lays out the summary's PDF with them). As root with apt-get they
# are installed; otherwise the script stops at once with one line naming what to install.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

missing=()
have pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
have dovecot || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
have chromium || have chromium-browser || missing+=(chromium)
have tmux || missing+=(tmux)
have openssl || missing+=(openssl)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "Устанавливаю системные пакеты для тестов: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi
echo "make test: не хватает системных пакетов, установите их: sudo apt-get install ${missing[*]}" >&2
exit 1
