#!/usr/bin/env bash
# Install everything guidegen needs on a Debian machine with Python 3.11 (run as root, or with sudo).
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(espeak-ng ffmpeg chromium fonts-noto-core)
# Node may come from elsewhere (nvm, the machine image): only ask apt for it when there is none.
command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".[test]"
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --silent --no-audit --no-fund 2>/dev/null || npm install --silent --no-audit --no-fund
fi
command -v pyenv >/dev/null && pyenv rehash || true  # make the guidegen command visible under pyenv
echo "guidegen setup done: $(guidegen --version)"
