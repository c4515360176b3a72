#!/usr/bin/env bash
# Installs the Debian packages the edition needs, only those missing.
#   build: pango/harfbuzz (WeasyPrint renders the PDF), fonts with Cyrillic and Chinese.
#   test:  poppler-utils (pdftoppm/pdftotext look at the PDF), chromium (headless screenshots),
#          a Java runtime for jing (checks that our RELAX NG means the same to jing as to libxml2).
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk)
if [ "${1:-}" = "--test" ]; then want+=(poppler-utils chromium openjdk-17-jre-headless); fi
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
