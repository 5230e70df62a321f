#!/usr/bin/env bash
# Rebuild static/css/app.css from static/src/*.scss.
# For people changing the Sass; not run by CI. Needs node + npm.
# Usage (from anywhere): bash static/build-css.sh
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.3.0"
SASS_VERSION="1.108.2"

static_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

cd "$work_dir"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "sass@${SASS_VERSION}" >/dev/null

# --quiet-deps silences deprecation warnings raised inside govuk-frontend.
npx --no-install sass \
  --no-source-map \
  --style=compressed \
  --quiet-deps \
  --load-path="$work_dir/node_modules" \
  "$static_dir/src/app.scss" "$work_dir/app.css"

# Guard rails: no GDS Transport, no third-party URLs, no crown/crest images.
if grep -qiE 'GDS Transport|\.woff2?|govuk-crest|url\((["'\'']?)https?:' "$work_dir/app.css"; then
  echo "build-css.sh: compiled CSS references GOV.UK fonts/crest or remote URLs" >&2
  exit 1
fi

cp "$work_dir/app.css" "$static_dir/css/app.css"
echo "Wrote $static_dir/css/app.css ($(wc -c < "$static_dir/css/app.css") bytes)"
