#!/usr/bin/env bash
# The Ballast demo: `ballast dev up` on a scratch copy of examples/demo-repo,
# then commit → applied, hand edit → healed, revert → rolled back.
#
# Usage: examples/demo.sh [path/to/ballast]   (`make demo` builds it and passes it)
# Needs git and kubectl on PATH. Every wait polls with a deadline.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ballast="${1:-${BALLAST:-ballast}}"
for tool in git kubectl "$ballast"; do
	if ! command -v "$tool" >/dev/null; then
		echo "demo: $tool not found (install it, or run \`make demo\`)" >&2
		exit 1
	fi
done

scratch="$(mktemp -d "${TMPDIR:-/tmp}/ballast-demo.XXXXXX")"
repo="$scratch/repo"
kubeconfig="$scratch/kubeconfig"
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$scratch"
}
trap cleanup EXIT

# Git and kubectl isolated from the user's settings; a fixed identity.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Ballast Demo" GIT_AUTHOR_EMAIL="demo@ballast.invalid"
export GIT_COMMITTER_NAME="Ballast Demo" GIT_COMMITTER_EMAIL="demo@ballast.invalid"
k() { kubectl --kubeconfig "$kubeconfig" --cache-dir "$scratch/kube-cache" "$@"; }
g() { git -C "$repo" "$@"; }

ms() { date +%s%3N; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
say() { printf '    %s\n' "$*"; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_for() {
	local seconds="$1" what="$2"
	shift 2
	local deadline=$(($(ms) + seconds * 1000))
	until "$@" >/dev/null 2>&1; do
		if [ "$(ms)" -gt "$deadline" ]; then
			echo "demo: timed out after ${seconds}s waiting for $what" >&2
			return 1
		fi
		sleep 0.1
	done
}

# greetings NS: the GREETING of every web-config ConfigMap in NS, sorted.
greetings() {
	k -n "$1" get configmaps -l app.kubernetes.io/part-of=demo \
		-o jsonpath='{range .items[*]}{.data.GREETING}{"\n"}{end}' | sort
}
greeting_is() { [ "$(greetings "$1")" = "$2" ]; }
replicas_are() { [ "$(k -n "$1" get deployment web -o jsonpath='{.spec.replicas}')" = "$2" ]; }
ready_replicas_are() { [ "$(k -n "$1" get deployment web -o jsonpath='{.status.readyReplicas}')" = "$2" ]; }

step "A scratch Git repository from examples/demo-repo"
cp -R "$here/demo-repo" "$repo"
g init -q -b main
g add -A
g commit -q -m "web app: staging and production"
say "$repo (branch main, $(g rev-parse --short HEAD))"

step "ballast dev up --path clusters/dev"
"$ballast" dev up --repo "$repo" --path clusters/dev --kubeconfig "$kubeconfig" \
	> >(sed -u 's/^/    | /') 2>&1 &
pid=$!
wait_for 60 "the kubeconfig" test -s "$kubeconfig"

step "Applied: the app in both environments"
both_ready() { ready_replicas_are staging 1 && ready_replicas_are production 3; }
wait_for 60 "deployment web ready in staging and production" both_ready
k get deployments,services,configmaps -n staging -l app.kubernetes.io/part-of=demo | sed 's/^/    /'
k get deployments -n production | sed 's/^/    /'

step "Commit a change: a new staging greeting"
sed -i.bak 's/GREETING=hello from staging/GREETING=hello from staging, v2/' \
	"$repo/apps/web/staging/kustomization.yaml"
rm -f "$repo/apps/web/staging/kustomization.yaml.bak"
g commit -q -am "staging: new greeting"
start=$(ms)
wait_for 30 "the new greeting in staging (and the old ConfigMap pruned)" \
	greeting_is staging "hello from staging, v2"
say "applied $(g rev-parse --short HEAD) in $(($(ms) - start)) ms (commit to ConfigMap replaced, old one pruned)"

step "Hand edit: scale production down with kubectl"
k -n production patch deployment web --type=merge -p '{"spec":{"replicas":1}}' | sed 's/^/    /'
start=$(ms)
if wait_for 5 "drift heal" replicas_are production 3 2>/dev/null; then
	say "healed in $(($(ms) - start)) ms: production is back to 3 replicas"
else
	say "not healed within 5 s (a build without drift heal?); requesting a reconcile"
	k -n flux-system annotate --overwrite kustomization flux-system \
		"reconcile.fluxcd.io/requestedAt=$(date +%s%N)" | sed 's/^/    /'
	wait_for 30 "the reconcile to restore 3 replicas" replicas_are production 3
	say "restored by the requested reconcile: production is back to 3 replicas"
fi

step "git revert: roll staging back"
g revert --no-edit HEAD | sed "s/^/    /"
start=$(ms)
wait_for 30 "the old greeting in staging" greeting_is staging "hello from staging"
say "rolled back to $(g rev-parse --short HEAD) in $(($(ms) - start)) ms"

step "Stop (SIGINT, as Ctrl-C)"
kill -INT "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [ "$status" -ne 0 ]; then
	echo "demo: ballast dev up exited with status $status" >&2
	exit 1
fi
say "ballast dev up exited cleanly; demo done"
