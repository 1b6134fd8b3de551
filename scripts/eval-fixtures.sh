#!/usr/bin/env bash
# Scores the many-article question sets on their synthetic knowledge bases, offline:
#   npm run -s eval:fixtures [-- zone-kb-3 zone-kb-7 …]   (default: every tests/fixtures/zone-kb* with a set)
# Each fixture's raw pages are ingested into a temporary folder with the fixture's own zone file, as a maintainer
# would add a site's pages; the knowledge/ folder of the repository is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run -s build
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  for dir in tests/fixtures/zone-kb*; do
    name=$(basename "$dir")
    [ -f "tests/eval/$name.jsonl" ] && sets+=("$name")
  done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %9s %7s %8s %8s\n' set questions overall answers refusals
for name in "${sets[@]}"; do
  mkdir -p "$work/$name/kb" "$work/$name/data"
  cp -r "tests/fixtures/$name/raw" "$work/$name/kb/"
  # (A page the cleaner rejects is the answerer's loss, not the end of the table: say so and go on.)
  node dist/cli/main.js ingest --dir "$work/$name/kb" >/dev/null 2>&1 || echo "$name: a page was rejected at ingest" >&2
  KNOWLEDGE_DIR="$work/$name/kb" ZONE_FILE="tests/fixtures/$name/zone.json" DATA_DIR="$work/$name/data" \
    node dist/cli/main.js eval --set "tests/eval/$name.jsonl" --json >"$work/$name/result.json"
  node -e '
    const { summary: s } = require(process.argv[1]);
    const f = (x) => (x === null ? "-" : x.toFixed(3));
    console.log(`${process.argv[2].padEnd(10)} ${String(s.total).padStart(9)} ${f(s.overall).padStart(7)} ${f(s.answerAccuracy).padStart(8)} ${f(s.refusalAccuracy).padStart(8)}`);
  ' "$work/$name/result.json" "$name"
done
