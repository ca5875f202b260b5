#!/usr/bin/env bash
# Checks an installed irsa-migrate (make install-test runs it): no Swift runtime library linked,
# runs from another directory with an empty environment, completes in bash, and answers as a kubectl plugin with
# help and errors that name `kubectl irsa-migrate`. Usage: check-install.sh PREFIX REPOSITORY
set -euo pipefail
prefix=$1 repo=$2
bin=$prefix/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "install-test: $*" >&2; exit 1; }

echo "== ldd $bin/irsa-migrate ($(du -h "$bin/irsa-migrate" | cut -f1), $(stat -c %s "$bin/irsa-migrate") bytes)"
ldd "$bin/irsa-migrate" | tee ldd.txt
if grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime|icu' ldd.txt; then
  fail "the binary links a Swift runtime library (above); it must be built with --static-swift-stdlib"
fi
grep -q 'not found' ldd.txt && fail "a library the binary needs is missing (above)"

version=$(env -i "$bin/irsa-migrate" --version)
echo "== env -i irsa-migrate --version: $version"
[[ $version =~ ^irsa-migrate\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ [0-9a-f]{7,}(-dirty)?,\ built\ 20[0-9-]+T[0-9:]+Z\)$ ]] \
  || fail "--version printed '$version', expected version, commit and build date"

help=$(env -i "$bin/kubectl-irsa_migrate" --help)
grep -q '^Usage: kubectl irsa-migrate COMMAND' <<<"$help" || fail "the plugin's help does not name 'kubectl irsa-migrate': $help"

plugin=$(env -i HOME="$work" PATH="$bin:/usr/local/bin:/usr/bin:/bin" kubectl irsa-migrate --version)
echo "== PATH=\$PREFIX/bin:\$PATH kubectl irsa-migrate --version: $plugin"
[[ $plugin == "$version" ]] || fail "kubectl irsa-migrate --version printed '$plugin'"

status=0
error=$(env -i HOME="$work" PATH="$bin:/usr/bin:/bin" kubectl irsa-migrate frobnicate 2>&1 >/dev/null) || status=$?
[[ $status == 64 && $error == "kubectl irsa-migrate: unknown command frobnicate. See 'kubectl irsa-migrate --help'." ]] \
  || fail "kubectl irsa-migrate frobnicate: exit $status, '$error'"

completion=$(bash -c "source '$prefix/share/bash-completion/completions/irsa-migrate'
  COMP_WORDS=(irsa-migrate apply --phase c); COMP_CWORD=3; _irsa_migrate; echo \"\${COMPREPLY[*]}\"")
[[ $completion == "cutover cleanup" ]] || fail "bash completion of 'apply --phase c' offered '$completion'"
for file in share/zsh/site-functions/_irsa-migrate share/fish/vendor_completions.d/irsa-migrate.fish; do
  [[ -s $prefix/$file ]] || fail "no completion script at $prefix/$file"
done
echo "== completions: bash completes 'apply --phase c' to '$completion'; zsh and fish scripts installed"

# A real plan and status through the system SQLite, from this directory, with nothing set.
env -i "$bin/irsa-migrate" plan kiam-to-irsa --snapshot "$repo/examples/estate" \
  --issuer https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE \
  --role-base-arn arn:aws:iam::111122223333:role/ >plan.txt 2>plan.err || fail "plan failed: $(cat plan.err)"
[[ -s irsa-migrate.db ]] || fail "plan wrote no irsa-migrate.db in the working directory"
env -i "$bin/irsa-migrate" status | grep -q pending || fail "status shows no pending steps"
echo "== env -i plan and status from $work: ok ($(tail -n 1 plan.err))"
