# Shared by scripts/serve, scripts/test and scripts/bench: a fresh machine gets a .venv
# with the project installed; later runs reinstall only when pyproject.toml changed.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

ensure_venv() {
  local extra="${1:-}" stamp want
  if [ ! -x "$VENV/bin/python" ]; then
    echo "creating $VENV" >&2
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
  fi
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)${extra}"
  stamp="$VENV/.installed"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "installing the project${extra:+ with [$extra]} into $VENV" >&2
    "$VENV/bin/pip" install -q -e "$ROOT${extra:+[$extra]}"
    echo "$want" > "$stamp"
  fi
}

apt_install() {
  # Debian packages the tests need (chromium for browser tests, poppler for PDF checks).
  local missing=()
  for pair in "$@"; do
    local cmd="${pair%%:*}" pkg="${pair##*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
