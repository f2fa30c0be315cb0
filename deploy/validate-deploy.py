#!/usr/bin/env python3
"""Checks the container and Kubernetes files of deploy/ without a container engine or cluster.

  python3 deploy/validate-deploy.py --integrad build/dev/services/integrad/integrad

What it checks (each failure names the file and the problem; exit 1 if any):
  - every YAML document parses; Kubernetes objects have apiVersion, kind, metadata.name;
  - the configuration integrad gets (the ConfigMap's TOML; the packaged integrad.toml with the
    INTEGRA_* variables of the Dockerfile and of compose) is accepted by the real integrad
    (`integrad --print-config` exits 0 only for known keys with valid values), and the
    addresses it listens on are the ports that the Dockerfile exposes, compose publishes and
    the StatefulSet's containerPorts, probes and Services use;
  - the image runs as a fixed non-root uid that compose and the pods (runAsUser, runAsNonRoot)
    agree on; Dockerfile stages are Debian 12; the entrypoint is the packaged binary;
  - probes ask integrad's real endpoints (/healthz, /readyz) on a named container port;
  - every volumeMount names a volume or a claim template; the data dir and backup dir are
    mounted where the configuration and the backup job expect them;
  - one replica (the data dir has one writer); the backup CronJob reaches the StatefulSet's
    first pod through the headless Service and writes into the mounted backup dir;
  - image tags carry the version of CMakeLists.txt's project().
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCKERFILE = "deploy/container/Dockerfile"
COMPOSE = "deploy/container/compose.yaml"
K8S = "deploy/k8s/integra.yaml"
PACKAGED_CONFIG = "deploy/debian/integrad.toml"
HEALTH_PATHS = {"/healthz", "/readyz"}
errors = []


def fail(where, message):
    errors.append(f"{where}: {message}")


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def project_version():
    m = re.search(r"project\(integra VERSION (\d+\.\d+\.\d+)", read("CMakeLists.txt"))
    return m.group(1)


# Keys naming files on integrad's host, which --print-config checks exist: the check gives
# them stand-ins under a temporary root and reports the values as configured.
PATH_KEYS = {"web_root": "dir", "tls_cert": "file", "tls_key": "file", "tls_client_ca": "file",
             "metrics_token_file": "file"}


def print_config(integrad, env=None, config_text=None):
    """Runs integrad --print-config on a configuration (default: the packaged file) and
    environment; returns (accepted, error text, effective key -> value)."""
    if config_text is None:  # the image's configuration: the packaged one
        config_text = read(PACKAGED_CONFIG)
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("INTEGRA_")}
    with tempfile.TemporaryDirectory() as stand_in:
        def relocate(key, value):
            if key not in PATH_KEYS or not value.startswith("/"):
                return value
            path = stand_in + value
            if PATH_KEYS[key] == "dir":
                os.makedirs(path, exist_ok=True)
                open(os.path.join(path, "index.html"), "w").close()
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").close()
            return path
        for k, v in (env or {}).items():
            run_env[k] = relocate(k[len("INTEGRA_"):].lower(), v) if k.startswith("INTEGRA_") else v
        text = re.sub(r'^(\w+)(\s*=\s*)"([^"]*)"',
                      lambda m: f'{m.group(1)}{m.group(2)}"{relocate(m.group(1), m.group(3))}"',
                      config_text, flags=re.M)
        config = os.path.join(stand_in, "integrad.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)
        p = subprocess.run([integrad, "--print-config", "--config", config], env=run_env,
                           capture_output=True, text=True, timeout=30)
    values = {}
    for line in p.stdout.splitlines():
        m = re.match(r'^(\w+) = ("(?:[^"\\]|\\.)*"|\S+)', line)
        if m:
            values[m.group(1)] = m.group(2).strip('"').replace(stand_in, "")
    return p.returncode == 0, p.stderr.strip().replace(stand_in, ""), values


def port_of(address, where):
    m = re.match(r"^.*:(\d+)$", address or "")
    if not m:
        fail(where, f"no port in address '{address}'")
        return None
    return int(m.group(1))


def check_dockerfile(integrad):
    text = read(DOCKERFILE)
    lines = [l.strip() for l in re.sub(r"\\\n", " ", text).splitlines()
             if l.strip() and not l.strip().startswith("#")]
    froms = [l.split()[1] for l in lines if l.upper().startswith("FROM ")]
    final = froms[-1] if froms else ""
    for image in froms:
        if not re.match(r"^(debian:12(-slim)?|node:\d+-bookworm(-slim)?)$", image):
            fail(DOCKERFILE, f"stage FROM {image} is not Debian 12 (bookworm)")
    if final != "debian:12-slim":
        fail(DOCKERFILE, f"the final stage is {final}, not debian:12-slim")
    ignored = read(".dockerignore").split() if os.path.exists(os.path.join(ROOT, ".dockerignore")) else []
    for heavy in ("build/", "var/", "web/node_modules/"):
        if heavy not in ignored:
            fail(".dockerignore", f"does not exclude {heavy} from the build context")
    if any(l.upper().startswith("ADD ") for l in lines):
        fail(DOCKERFILE, "ADD used (COPY only: no downloads or archives at build time)")
    users = [l.split()[1] for l in lines if l.upper().startswith("USER ")]
    uid = None
    if not users:
        fail(DOCKERFILE, "no USER: the image would run as root")
    else:
        m = re.match(r"^(\d+)(?::(\d+))?$", users[-1])
        if not m or int(m.group(1)) == 0:
            fail(DOCKERFILE, f"USER {users[-1]} is not a numeric non-root uid")
        else:
            uid = int(m.group(1))
            if not re.search(rf"useradd .*--uid {uid}\b", text):
                fail(DOCKERFILE, f"USER {uid} is not the uid the image gives user integra")
    env = {}
    for l in lines:
        if l.upper().startswith("ENV "):
            for k, v in re.findall(r"(\w+)=(\S+)", l[4:]):
                env[k] = v
    ok, err, values = print_config(integrad, env)
    if not ok:
        fail(DOCKERFILE, f"integrad refuses the image's environment: {err}")
    exposed = {int(p) for l in lines if l.upper().startswith("EXPOSE ") for p in l.split()[1:]}
    entry = [l for l in lines if l.upper().startswith("ENTRYPOINT ")]
    if not entry or '"/usr/bin/integrad"' not in entry[-1]:
        fail(DOCKERFILE, "ENTRYPOINT is not the packaged /usr/bin/integrad")
    if not any(l.upper().startswith("HEALTHCHECK ") and "/readyz" in l for l in lines):
        fail(DOCKERFILE, "no HEALTHCHECK asking /readyz")
    ports = {port_of(env.get("INTEGRA_LISTEN"), DOCKERFILE), port_of(env.get("INTEGRA_HTTP"), DOCKERFILE)}
    if exposed != ports:
        fail(DOCKERFILE, f"EXPOSE {sorted(exposed)} differs from the ports integrad listens on {sorted(ports)}")
    return uid, ports


def check_compose(integrad, uid, ports, version):
    doc = yaml.safe_load(read(COMPOSE))
    svc = doc.get("services", {}).get("integrad")
    if not svc:
        fail(COMPOSE, "no service integrad")
        return
    if svc.get("image") != f"integra:{version}":
        fail(COMPOSE, f"image {svc.get('image')} is not integra:{version}")
    if svc.get("build", {}).get("dockerfile") != DOCKERFILE:
        fail(COMPOSE, f"build.dockerfile is not {DOCKERFILE}")
    env = {k: str(v) for k, v in (svc.get("environment") or {}).items()}
    ok, err, values = print_config(integrad, env)
    if not ok:
        fail(COMPOSE, f"integrad refuses the service's environment: {err}")
    listen = {port_of(values.get("listen"), COMPOSE), port_of(values.get("http"), COMPOSE)}
    published = set()
    for p in svc.get("ports", []):
        parts = str(p).split(":")
        published.add(int(parts[-1]))
        if len(parts) == 3 and parts[0] not in ("127.0.0.1", "::1"):
            fail(COMPOSE, f"port {p} is published beyond the host's loopback")
    if published != listen or listen != ports:
        fail(COMPOSE, f"published container ports {sorted(published)} differ from integrad's {sorted(listen)}")
    mounts = {str(v).split(":")[1] for v in svc.get("volumes", [])}
    for need in ("/var/lib/integra", "/var/backups/integra"):
        if need not in mounts:
            fail(COMPOSE, f"no volume at {need}")
    hc = " ".join(svc.get("healthcheck", {}).get("test", []))
    if "/readyz" not in hc:
        fail(COMPOSE, "the health check does not ask /readyz")
    if "user" in svc and str(svc["user"]).split(":")[0] != str(uid):
        fail(COMPOSE, f"user {svc['user']} differs from the image's uid {uid}")


def check_k8s(integrad, uid, ports, version):
    docs = [d for d in yaml.safe_load_all(read(K8S)) if d]
    by_kind = {}
    for i, d in enumerate(docs):
        for field in ("apiVersion", "kind"):
            if field not in d:
                fail(K8S, f"document {i + 1} has no {field}")
        if not d.get("metadata", {}).get("name"):
            fail(K8S, f"document {i + 1} ({d.get('kind')}) has no metadata.name")
        by_kind.setdefault(d.get("kind"), []).append(d)
    for kind in ("ConfigMap", "StatefulSet", "Service", "CronJob"):
        if kind not in by_kind:
            fail(K8S, f"no {kind}")
    if errors:
        return
    config = by_kind["ConfigMap"][0]
    ok, err, values = print_config(integrad, {}, config["data"]["integrad.toml"])
    if not ok:
        fail(K8S, f"integrad refuses the ConfigMap's integrad.toml: {err}")
    grpc_port = port_of(values.get("listen"), K8S)
    http_port = port_of(values.get("http"), K8S)
    if {grpc_port, http_port} != ports:
        fail(K8S, f"the ConfigMap's ports {sorted({grpc_port, http_port})} differ from the image's {sorted(ports)}")
    sts = by_kind["StatefulSet"][0]
    spec = sts["spec"]
    if spec.get("replicas") != 1:
        fail(K8S, "the StatefulSet must have replicas: 1 (one writer per data dir)")
    pod = spec["template"]["spec"]
    sc = pod.get("securityContext", {})
    if sc.get("runAsNonRoot") is not True or sc.get("runAsUser") != uid:
        fail(K8S, f"pod securityContext must be runAsNonRoot with runAsUser {uid}")
    labels = spec["template"]["metadata"]["labels"]
    if spec["selector"]["matchLabels"] != labels:
        fail(K8S, "the StatefulSet's selector does not match its pod labels")
    c = pod["containers"][0]
    if c.get("image") != f"integra:{version}":
        fail(K8S, f"image {c.get('image')} is not integra:{version}")
    named_ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
    if named_ports.get("grpc") != grpc_port or named_ports.get("http") != http_port:
        fail(K8S, f"containerPorts {named_ports} differ from the configuration (grpc {grpc_port}, http {http_port})")
    scheme = "HTTPS" if values.get("tls_cert") else "HTTP"
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        get = c.get(probe, {}).get("httpGet")
        if not get:
            fail(K8S, f"no {probe}.httpGet")
            continue
        if get.get("path") not in HEALTH_PATHS:
            fail(K8S, f"{probe} asks {get.get('path')}, not one of {sorted(HEALTH_PATHS)}")
        if get.get("port") not in named_ports:
            fail(K8S, f"{probe} port {get.get('port')} is no container port")
        if get.get("scheme", "HTTP") != scheme:
            fail(K8S, f"{probe} scheme {get.get('scheme', 'HTTP')} but integrad serves {scheme}")
    if c.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
        fail(K8S, "readinessProbe must ask /readyz")
    volumes = {v["name"] for v in pod.get("volumes", [])}
    volumes |= {t["metadata"]["name"] for t in spec.get("volumeClaimTemplates", [])}
    mounts = {}
    for m in c.get("volumeMounts", []):
        if m["name"] not in volumes:
            fail(K8S, f"volumeMount {m['name']} names no volume")
        mounts[m["mountPath"]] = m
    for path in (values.get("data_dir"), "/var/backups/integra"):
        if path not in mounts:
            fail(K8S, f"nothing is mounted at {path}")
    for key in ("tls_cert", "tls_key"):
        if values.get(key) and not any(values[key].startswith(p + "/") for p in mounts):
            fail(K8S, f"{key} {values[key]} is in no mounted volume")
    if "/etc/integra/integrad.toml" not in mounts:
        fail(K8S, "the ConfigMap is not mounted at /etc/integra/integrad.toml")
    for svc in by_kind["Service"]:
        if svc["spec"]["selector"] != {k: labels[k] for k in svc["spec"]["selector"]}:
            fail(K8S, f"Service {svc['metadata']['name']} selects no pod of the StatefulSet")
        for p in svc["spec"]["ports"]:
            if p.get("targetPort") not in named_ports:
                fail(K8S, f"Service {svc['metadata']['name']} targets unknown port {p.get('targetPort')}")
    headless = [s["metadata"]["name"] for s in by_kind["Service"] if s["spec"].get("clusterIP") == "None"]
    if spec.get("serviceName") not in headless:
        fail(K8S, "the StatefulSet's serviceName is no headless Service")
    job = by_kind["CronJob"][0]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    bc = job["containers"][0]
    args = bc.get("args", [])
    if bc.get("command") != ["/usr/bin/integra"] or "backup" not in args:
        fail(K8S, "the CronJob does not run integra admin backup")
    else:
        server = args[args.index("--server") + 1]
        want = f"{sts['metadata']['name']}-0.{spec['serviceName']}:{grpc_port}"
        if server != want:
            fail(K8S, f"the backup job calls {server}, not the StatefulSet's pod {want}")
        to = args[args.index("--to") + 1]
        if to not in mounts:
            fail(K8S, f"the backup job writes to {to}, which is not mounted in integrad's pod")
        job_mounts = {m["mountPath"] for m in bc.get("volumeMounts", [])}
        for flag in ("--token-file", "--tls-ca"):
            if flag in args:
                path = args[args.index(flag) + 1]
                if not any(path.startswith(p + "/") for p in job_mounts):
                    fail(K8S, f"the backup job's {flag} {path} is in no mounted volume")
    if job.get("securityContext", {}).get("runAsNonRoot") is not True:
        fail(K8S, "the backup job must run as non-root")


def main():
    global ROOT
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--integrad", required=True, help="a built integrad binary")
    ap.add_argument("--root", default=ROOT, help="the repository to check (default: this one)")
    a = ap.parse_args()
    ROOT = a.root
    version = project_version()
    uid, ports = check_dockerfile(a.integrad)
    check_compose(a.integrad, uid, ports, version)
    check_k8s(a.integrad, uid, ports, version)
    for e in errors:
        print("validate-deploy: " + e, file=sys.stderr)
    if errors:
        return 1
    print(f"validate-deploy: ok ({DOCKERFILE}, {COMPOSE}, {K8S}; integra {version}, uid {uid}, ports {sorted(ports)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
