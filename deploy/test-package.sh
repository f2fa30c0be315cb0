#!/usr/bin/env bash
# The package test: builds the Debian package (deploy/package.sh) unless INTEGRA_DEB names one,
# checks its metadata and unit, installs it with dpkg into a scratch root (maintainer scripts
# included, chrootless with DPKG_ROOT), starts the installed integrad as the package's own user
# with the installed configuration, talks to it with the installed CLI and over HTTP, stops it,
# and purges the package again. Exit 0 only if every check passed. Needs root (dpkg, setpriv).
# Usage: bash deploy/test-package.sh            (README: "Packages")
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)

fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
pass() { echo "test-package: ok   $*"; }
[[ $(id -u) == 0 ]] || fail "needs root (dpkg --root, and setpriv to run integrad as its user)"

deb=${INTEGRA_DEB:-}
if [[ -z "$deb" ]]; then
  bash deploy/package.sh
  deb=$(ls -1t build/release/integra_*.deb | head -1)
fi
[[ -f "$deb" ]] || fail "no package at '$deb'"
echo "test-package: testing $deb"

# 1. Metadata: name, dependencies found by dpkg-shlibdeps, conffile, maintainer scripts.
info=$(dpkg-deb --info "$deb")
grep -q '^ Package: integra$' <<<"$info" || fail "control: Package is not integra"
for dep in librocksdb libgrpc++ libprotobuf adduser; do
  grep -q "^ Depends:.*$dep" <<<"$info" || fail "control: Depends lacks $dep"
done
pass "control file names integra and its shared-library dependencies"
[[ $(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles) == /etc/integra/integrad.toml ]] \
  || fail "conffiles is not exactly /etc/integra/integrad.toml"
control_files=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)
for s in postinst prerm postrm; do
  grep -qx "./$s" <<<"$control_files" || fail "no $s in the package"
done
pass "conffile and maintainer scripts"
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for f in ./usr/bin/integrad ./usr/bin/integra ./usr/share/integra/web/index.html \
         ./etc/integra/integrad.toml ./lib/systemd/system/integrad.service \
         ./usr/share/integra/data/knowledge/seed.textproto \
         ./usr/share/integra/data/reference/laender.csv ./usr/share/doc/integra/operations.md \
         ./usr/share/doc/integra/copyright; do
  grep -qx -- "$f" <<<"$contents" || fail "the package lacks $f"
done
pass "files: binaries, dashboard, configuration, unit, data, docs"
sim=$(apt-get install --simulate "$(realpath "$deb")" 2>&1) \
  || { echo "$sim" >&2; fail "apt cannot satisfy the package's dependencies on this system"; }
grep -q '^Inst integra ' <<<"$sim" || { echo "$sim" >&2; fail "apt would not install integra"; }
pass "apt install would succeed here (dependencies resolvable: apt-get install --simulate)"

# 2. Scratch root with an empty dpkg database and a minimal user database.
scratch=$(mktemp -d /tmp/integra-pkg.XXXXXX)
chmod 0755 "$scratch"  # a root as a root file system is: integrad runs as user integra
pid=
cleanup() {
  [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch"/{etc,var/lib/dpkg/info,var/lib/dpkg/updates,var/log}
touch "$scratch/var/lib/dpkg/status"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$scratch/etc/passwd"
printf 'root:x:0:\n' >"$scratch/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$scratch/etc/shadow"
printf 'root:*::\n' >"$scratch/etc/gshadow"
chmod 0640 "$scratch/etc/shadow" "$scratch/etc/gshadow"
dpkg_root=(dpkg --root="$scratch" --force-script-chrootless --force-depends
           --log="$scratch/var/log/dpkg.log")
"${dpkg_root[@]}" -i "$deb" >"$scratch/dpkg-install.log" 2>&1 \
  || { cat "$scratch/dpkg-install.log" >&2; fail "dpkg -i into the scratch root"; }
# The scratch root has no libraries registered: dependency warnings are expected there.
grep -v -e 'depends on' -e 'is not installed' -e 'dependency problems' "$scratch/dpkg-install.log" || true
pass "installed into $scratch (postinst ran)"

# 3. What postinst made: the user, the state dir, the first ADMIN token.
user_line=$(grep '^integra:' "$scratch/etc/passwd") || fail "postinst made no user integra"
uid=$(cut -d: -f3 <<<"$user_line"); gid=$(cut -d: -f4 <<<"$user_line")
[[ $(cut -d: -f7 <<<"$user_line") == /usr/sbin/nologin ]] || fail "user integra has a login shell"
(( uid > 0 && uid < 1000 )) || fail "user integra is no system user (uid $uid)"
[[ $(stat -c '%a %u' "$scratch/var/lib/integra") == "700 $uid" ]] \
  || fail "/var/lib/integra is $(stat -c '%a %u' "$scratch/var/lib/integra"), want 700 $uid"
[[ $(stat -c '%a %u' "$scratch/etc/integra/admin.token") == "600 0" ]] \
  || fail "/etc/integra/admin.token is not 0600 root"
pass "system user integra (uid $uid, nologin), /var/lib/integra 0700, admin.token 0600 root"

# 4. The unit: hardening present, and systemd's own checker accepts it.
unit=$scratch/lib/systemd/system/integrad.service
for line in User=integra ProtectSystem=strict StateDirectory=integra NoNewPrivileges=yes \
            'ExecStart=/usr/bin/integrad --config /etc/integra/integrad.toml'; do
  grep -qxF "$line" "$unit" || fail "the unit lacks '$line'"
done
if command -v systemd-analyze >/dev/null; then
  # Verified against the host's systemd; ExecStart pointed at the installed binary (the host
  # has no /usr/bin/integrad).
  mkdir -p "$scratch/verify"
  sed "s|^ExecStart=/usr/bin/integrad|ExecStart=$scratch/usr/bin/integrad|" "$unit" \
    >"$scratch/verify/integrad.service"
  out=$(systemd-analyze verify "$scratch/verify/integrad.service" 2>&1) \
    || { echo "$out" >&2; fail "systemd-analyze verify"; }
  grep -i "integrad.service" <<<"$out" && fail "systemd-analyze verify warns about the unit"
  # systemd's own exposure score (0 = locked down, 10 = unprotected); "OK" is below 2.5.
  exposure=$(systemd-analyze security --offline=yes "$scratch/verify/integrad.service" 2>&1 \
             | sed -n 's/.*Overall exposure level for integrad.service: \([0-9.]*\).*/\1/p')
  [[ -n "$exposure" ]] || fail "systemd-analyze security gave no exposure level"
  awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' \
    || fail "systemd-analyze security rates the unit $exposure (want <= 2.0)"
  pass "unit hardened (systemd-analyze security: exposure $exposure); systemd-analyze verify accepts it"
else
  pass "unit hardened (systemd-analyze not installed: verify skipped)"
fi

# 5. Start the installed integrad as user integra with the installed configuration (paths
#    moved into the scratch root, ports free ones), and use it.
ports=$(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
read -r grpc_port http_port <<<"$ports"
cd "$scratch"
INTEGRA_DATA_DIR=$scratch/var/lib/integra INTEGRA_WEB_ROOT=$scratch/usr/share/integra/web \
INTEGRA_LISTEN=127.0.0.1:$grpc_port INTEGRA_HTTP=127.0.0.1:$http_port \
  setpriv --reuid="$uid" --regid="$gid" --clear-groups \
  "$scratch/usr/bin/integrad" --config "$scratch/etc/integra/integrad.toml" \
  >"$scratch/integrad.log" 2>&1 &
pid=$!
http_get() {  # URL -> prints "STATUS BODY..."; no curl on a minimal Debian
  python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=5); print(r.status, r.read().decode(errors="replace"))
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode(errors="replace"))
except Exception as e:
    print(0, e)
PY
}
ready=
for _ in $(seq 1 300); do  # bounded wait for readiness, up to 30 s
  kill -0 "$pid" 2>/dev/null || { cat "$scratch/integrad.log" >&2; fail "integrad exited at start"; }
  if [[ $(http_get "http://127.0.0.1:$http_port/readyz") == 200* ]]; then ready=1; break; fi
  sleep 0.1
done
[[ -n "$ready" ]] || { cat "$scratch/integrad.log" >&2; fail "integrad not ready within 30 s"; }
pass "installed integrad runs as uid $uid and is ready"
grep -q 'sync = true.*integrad.toml' < <(INTEGRA_WEB_ROOT=$scratch/usr/share/integra/web \
  "$scratch/usr/bin/integrad" --config "$scratch/etc/integra/integrad.toml" --print-config) \
  || fail "--print-config does not show the packaged sync = true"
[[ $(http_get "http://127.0.0.1:$http_port/") == 200*'<html'* ]] || fail "the dashboard is not served"
[[ $(http_get "http://127.0.0.1:$http_port/metrics") == *integra_* ]] || fail "/metrics has no integra_ series"
pass "dashboard, /metrics served from the installed web root"
cli=("$scratch/usr/bin/integra" --server "127.0.0.1:$grpc_port"
     --token-file "$scratch/etc/integra/admin.token")
"${cli[@]}" kb load "$scratch/usr/share/integra/data/knowledge/seed.textproto" >/dev/null \
  || fail "integra kb load with the packaged ADMIN token"
"${cli[@]}" unit import "$scratch/usr/share/integra/data/reference/laender.csv" >/dev/null \
  || fail "integra unit import of the packaged Länder"
out=$("${cli[@]}" unit get 05) || fail "integra unit get 05"
grep -q "Nordrhein-Westfalen" <<<"$out" || fail "unit 05 is not Nordrhein-Westfalen: $out"
out=$("$scratch/usr/bin/integra" --server "127.0.0.1:$grpc_port" unit get 05 2>&1) \
  && fail "a call without a token succeeded (the packaged config allows no anonymous reads)"
pass "the packaged ADMIN token writes; calls without a token are refused"
kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "integrad did not stop within 30 s of SIGTERM"
wait "$pid" || fail "integrad exited with $? on SIGTERM"
pid=
[[ -z $(find "$scratch/var/lib/integra" ! -uid "$uid") ]] \
  || fail "files in the data dir not owned by integra: $(find "$scratch/var/lib/integra" ! -uid "$uid")"
pass "stopped cleanly on SIGTERM; every data file owned by integra"

# 6. Purge: configuration and token go, the data stays.
"${dpkg_root[@]}" --purge integra >"$scratch/dpkg-purge.log" 2>&1 \
  || { cat "$scratch/dpkg-purge.log" >&2; fail "dpkg --purge"; }
[[ ! -e "$scratch/usr/bin/integrad" && ! -e "$scratch/etc/integra/integrad.toml" \
   && ! -e "$scratch/etc/integra/admin.token" ]] || fail "purge left binaries, config or token"
[[ -e "$scratch/var/lib/integra/CURRENT" ]] || fail "purge removed the data"
pass "purge removes program, configuration and token, keeps /var/lib/integra"
echo "test-package: all checks passed"
