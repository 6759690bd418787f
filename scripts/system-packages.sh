#!/usr/bin/env bash
# Install the Debian packages DIWI needs when missing: PostGIS for PostgreSQL 15, GDAL tools, Chromium,
# Pango (WeasyPrint PDFs), poppler-utils, MapServer (the local WFS registry server) and QGIS
# (the styled-layer check).
set -euo pipefail
need=()
pg_bin="$(scripts/pg-bin.sh 2>/dev/null || true)"
[[ -n "$pg_bin" && -x "$pg_bin/postgres" ]] || need+=(postgresql-15)
[[ -n "$(ls /usr/share/postgresql/15/extension/postgis.control 2>/dev/null)" ]] || need+=(postgresql-15-postgis-3)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
[[ -x /usr/bin/chromium ]] || need+=(chromium)  # browser tests (Playwright drives it)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # PDF reports rendered to PNG in the tests
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint (PDF reports)
{ dpkg -s mapserver-bin && dpkg -s cgi-mapserver; } >/dev/null 2>&1 || need+=(mapserver-bin cgi-mapserver)  # local WFS 2.0 registry server
if [[ -z "${DIWI_SKIP_QGIS:-}" ]]; then  # QGIS renders the registry layers with our styles in the tests
  dpkg -s python3-qgis >/dev/null 2>&1 || need+=(qgis python3-qgis)
fi
if [[ -n "${DIWI_EXTRA_DEBS:-}" ]]; then
  for deb in $DIWI_EXTRA_DEBS; do dpkg -s "$deb" >/dev/null 2>&1 || need+=("$deb"); done
fi
[[ ${#need[@]} -eq 0 ]] && exit 0
if [[ "$(id -u)" -ne 0 ]]; then
  echo "DIWI needs these Debian packages: ${need[*]}" >&2
  echo "Run as root, or: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
