#!/usr/bin/env bash
# The hook in .pre-commit-hooks.yaml, run as pre-commit runs it (`pre-commit
# try-repo` builds vp with cargo, language: rust) in a plan repository made
# from plans/: a clean commit passes, a plan with a mistake fails with its
# finding. Usage: tests/pre-commit.sh [PRE_COMMIT]  (.ci/run runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
vp_repo=$PWD
pre_commit=${1:-pre-commit}
# pre-commit builds vp with `cargo install` (a release build). What is tested
# here is the hook, not vp's speed: build without optimisation, as a debug
# build, which takes a third of the time on CI's two cores.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_INCREMENTAL=false
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q plans-repo
cd plans-repo
git config user.email ci@example.invalid
git config user.name ci
cp -r "$vp_repo/plans" plans
git add plans
git commit -qm "planerna"

echo "== pre-commit try-repo: a clean plan"
sed -i 's/^år: 2020$/år: 2020   # oförändrad/' plans/2020/hagersten-liljeholmen/resursenheten.yaml
git add plans
"$pre_commit" try-repo "$vp_repo" vp-validate --files plans/2020/hagersten-liljeholmen/resursenheten.yaml

echo "== pre-commit try-repo: a plan with a mistake must fail"
file=plans/2020/hagersten-liljeholmen/resursenheten.yaml
ref=$(grep -m1 -o 'nämndmål: [a-z0-9-]*' "$file" | cut -d' ' -f2)
sed -i "0,/nämndmål: $ref/s//nämndmål: ${ref}x/" "$file"
git add plans
if out=$("$pre_commit" try-repo "$vp_repo" vp-validate --files "$file" 2>&1); then
  echo "$out"
  echo "pre-commit.sh: the hook passed a plan with an unknown nämndmål" >&2
  exit 1
fi
if ! grep -q "VP012" <<<"$out"; then
  echo "$out"
  echo "pre-commit.sh: the hook failed without VP012" >&2
  exit 1
fi
echo "pre-commit.sh: the hook passes a clean plan and stops one with VP012"
