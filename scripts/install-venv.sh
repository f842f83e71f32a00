#!/usr/bin/env bash
# `make install`: the virtual environment and the pinned packages, saying at each step how far it is.
# pip's own output goes to $VENV/pip.log; on a failure its last lines are shown.
set -euo pipefail

PY=${1:-python3}
VENV=${2:-.venv}
LOCK=requirements.lock
total=$(grep -cE '^[A-Za-z0-9_.-]+==' "$LOCK")
log="$VENV/pip.log"

# One line per package on a terminal is noise: there the counter rewrites its own line.
if [ -t 1 ]; then eol='\r'; else eol='\n'; fi

echo "[1/3] Создаю виртуальное окружение $VENV ($PY -m venv)"
"$PY" -m venv "$VENV"

echo "[2/3] Устанавливаю пакеты: $total из $LOCK (подробности: $log)"
count_packages() {
    awk -v total="$total" -v eol="$eol" '
        BEGIN { line = "      %d/%d  %-50s" eol }
        /^(Collecting|Processing) / {
            n++; name = $2; sub(/^.*\//, "", name); sub(/-py[23].*$|-cp3.*$/, "", name)
            printf(line, n, total, name); fflush()
        }
        /^Installing collected packages/ {
            if (eol == "\r") printf "\n"
            print "      распаковываю и устанавливаю…"; fflush()
        }'
}
if ! "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off -r "$LOCK" 2>&1 \
        | tee "$log" | count_packages; then
    echo "pip не смог установить пакеты; последние строки $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi

echo "[3/3] Устанавливаю eci из этого каталога (pip install -e .)"
if ! "$VENV/bin/pip" install --disable-pip-version-check --no-deps -e . >>"$log" 2>&1; then
    echo "pip не смог установить eci; последние строки $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
echo "Готово: команды в $VENV/bin (eci, pytest)."
