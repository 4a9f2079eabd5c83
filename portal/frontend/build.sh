#!/bin/sh
# Rebuild portal/static from the pinned npm packages (see README.md). Only needed when
# govuk-frontend or portal.scss changes: portal/static is committed, so the demo, the tests
# and CI never need npm.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
frontend=node_modules/govuk-frontend/dist/govuk
static=../static
npx sass --no-source-map --style=compressed --pkg-importer=node portal.scss "$static/portal.css"
cp "$frontend/govuk-frontend.min.js" "$static/govuk-frontend.min.js"
# GOV.UK Frontend's images are the crown, the royal crest and GOV.UK's own icons, which a
# council's service must not use, so none is copied. The stylesheet names one, the crest of the
# footer's Crown copyright logo, which the portal's own footer never draws; any other asset it
# names stops the build.
others=$(grep -o 'url([^)]*)' "$static/portal.css" | sort -u | grep -v 'images/govuk-crest.svg' || true)
if [ -n "$others" ]; then
  echo "portal.css refers to assets not in $static:" >&2
  echo "$others" >&2
  exit 1
fi
version=$(node -p "require('govuk-frontend/package.json').version")
echo "govuk-frontend $version" > "$static/VERSION-govuk-frontend.txt"
echo "built portal/static with govuk-frontend $version"
