#!/usr/bin/env bash
# ctest -L deploy: deploy/validate-deploy.py accepts the repository's container and Kubernetes
# files, and rejects copies with one mistake each, naming it.
# Usage: validate_deploy_test.sh SOURCE_DIR INTEGRAD PYTHON3
set -euo pipefail
src=$1 integrad=$2 python=$3
check() { "$python" "$src/deploy/validate-deploy.py" --integrad "$integrad" --root "$1"; }

check "$src" || { echo "FAIL: the repository's deploy files are rejected"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
# mutate NAME FILE SED-EXPRESSION EXPECTED-MESSAGE-PART
mutate() {
  local name=$1 file=$2 expr=$3 want=$4 tree=$work/$1 out
  mkdir -p "$tree/deploy"
  cp "$src/CMakeLists.txt" "$src/.dockerignore" "$tree/"
  cp -r "$src/deploy/container" "$src/deploy/k8s" "$src/deploy/debian" "$tree/deploy/"
  sed -i -e "$expr" "$tree/$file"
  if cmp -s "$src/$file" "$tree/$file"; then
    echo "FAIL $name: the mutation changed nothing in $file"; failures=$((failures + 1)); return
  fi
  if out=$(check "$tree" 2>&1); then
    echo "FAIL $name: accepted"; failures=$((failures + 1))
  elif ! grep -qF -- "$want" <<<"$out"; then
    echo "FAIL $name: rejected without naming '$want':"; echo "$out"; failures=$((failures + 1))
  else
    echo "ok   $name: $(grep -F -- "$want" <<<"$out" | head -1)"
  fi
}
mutate unknown-key deploy/k8s/integra.yaml 's/^    sync = true/    synch = true/' "unknown key 'synch'"
mutate bad-value deploy/container/compose.yaml 's/INTEGRA_LOG_FORMAT: "json"/INTEGRA_LOG_FORMAT: "yaml"/' "log_format must be one of"
mutate probe-path deploy/k8s/integra.yaml 's|path: /readyz|path: /ready|' "asks /ready"
mutate probe-scheme deploy/k8s/integra.yaml '0,/scheme: HTTPS/s//scheme: HTTP/' "but integrad serves HTTPS"
mutate port-mismatch deploy/k8s/integra.yaml 's/containerPort: 8080/containerPort: 8081/' "containerPorts"
mutate root-user deploy/container/Dockerfile 's/^USER 10001:10001/USER 0/' "not a numeric non-root uid"
mutate uid-mismatch deploy/k8s/integra.yaml '0,/runAsUser: 10001/s//runAsUser: 1000/' "runAsUser 10001"
mutate two-writers deploy/k8s/integra.yaml 's/replicas: 1 /replicas: 2 /' "replicas: 1"
mutate no-data-volume deploy/k8s/integra.yaml 's|mountPath: /var/lib/integra}|mountPath: /data}|' "nothing is mounted at /var/lib/integra"
mutate backup-target deploy/k8s/integra.yaml 's|"--to", "/var/backups/integra"|"--to", "/backup"|' "not mounted in integrad's pod"
mutate not-debian deploy/container/Dockerfile 's/^FROM debian:12 AS build/FROM ubuntu:24.04 AS build/' "is not Debian 12"
mutate public-port deploy/container/compose.yaml 's/"127.0.0.1:8080:8080"/"8080:8080"/;s/"127.0.0.1:50051:50051"/"0.0.0.0:50051:50051"/' "beyond the host's loopback"
mutate context .dockerignore '/^build\//d' "does not exclude build/"
mutate version deploy/k8s/integra.yaml '0,/image: integra:0.1.0/s//image: integra:0.0.9/' "is not integra:0.1.0"
(( failures == 0 )) || { echo "$failures mutation(s) not caught"; exit 1; }
echo "all mutations rejected"
