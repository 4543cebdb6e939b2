#!/usr/bin/env bash
# Signs the approvals of the rule fixtures (G009, G010) and of the bundled
# example opcc-casework-system again with the test keys here: run it when
# that example changes or the canonical form of an assessment does, either
# of which voids its approvals (as it should). Usage:
# tests/keys/sign-fixtures.sh [path to dpia] (default: target/debug/dpia
# under CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
dpia="${1:-${CARGO_TARGET_DIR:-target}/debug/dpia}"
keys="$PWD/tests/keys"
rules="$PWD/tests/fixtures/rules"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/assessments"
cp tests/fixtures/cli/dpia.yaml "$work/"

sign() { # file in $work/assessments, role, key, name, date
  (cd "$work" && "$dpia" sign "assessments/$1.yaml" --role "$2" --key "$keys/$3" --name "$4" --date "$5" >/dev/null)
}

# G009: approved with R1's residual likelihood `remote`, raised since.
sed 's/residual: {likelihood: possible,/residual: {likelihood: remote,/' "$rules/G009/fail.yaml" >"$work/assessments/g009-fail.yaml"
cp "$rules/G009/pass.yaml" "$work/assessments/g009-pass.yaml"
sign g009-fail residual-risks siro "Sam Jones" 2026-11-02
sign g009-pass residual-risks siro "Sam Jones" 2026-11-02

# G010: the DPO's approval, its record edited to name someone else.
cp "$rules/G010/fail.yaml" "$work/assessments/g010-fail.yaml"
cp "$rules/G010/pass.yaml" "$work/assessments/g010-pass.yaml"
sign g010-fail dpo-advice dpo "Pat Jones" 2026-11-03
sign g010-pass residual-risks siro "Sam Jones" 2026-11-02
sed -i 's/name: "Pat Jones"/name: "Alex Jones"/' "$work/assessments/g010-fail.approvals.yaml"

for id in g009-fail g009-pass; do cp "$work/assessments/$id.approvals.yaml" "$rules/G009/"; done
for id in g010-fail g010-pass; do cp "$work/assessments/$id.approvals.yaml" "$rules/G010/"; done
echo "signed the fixtures of G009 and G010"

# The bundled example signed in the README: the OPCC casework DPIA.
rm -f assessments/opcc-casework-system.approvals.yaml
for role in measures residual-risks; do
  "$dpia" sign assessments/opcc-casework-system.yaml --role "$role" --key tests/keys/siro \
    --name "Test SIRO (tests/keys/siro)" --date 2026-12-01 >/dev/null
done
"$dpia" sign assessments/opcc-casework-system.yaml --role dpo-advice --key tests/keys/dpo \
  --name "Test DPO (tests/keys/dpo)" --date 2026-12-01 >/dev/null
echo "signed the bundled example opcc-casework-system"
