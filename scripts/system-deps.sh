#!/usr/bin/env bash
# Installs the Debian packages the edition needs, only those missing.
# The list, with what each package is for, is edition/system-packages.txt (also read by `edition doctor`):
#   build and optional packages always; test packages too with --test.
set -euo pipefail
list="$(dirname "$0")/../edition/system-packages.txt"
want=()
while read -r package need _; do
  case "$package" in ''|'#'*) continue ;; esac
  if [ "$need" != test ] || [ "${1:-}" = "--test" ]; then want+=("$package"); fi
done < "$list"
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "edition: missing system packages: ${missing[*]}" >&2
  echo "edition: install them with your package manager (Debian: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
