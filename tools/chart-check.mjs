#!/usr/bin/env node
// Checks the Helm chart offline, since no cluster exists here:
//   node tools/chart-check.mjs [--values FILE]... [--release NAME] [--expect-fail]
// Without --values it checks the chart with its default values and with each ci/*-values.yaml.
// For each case it renders the chart with tools/helm-render (Helm's engine), then
//   1. validates the merged values against the chart's values.schema.json (as helm install does),
//   2. validates every object: Kubernetes kinds against their OpenAPI schema (kubernetes-models),
//      the ServiceMonitor against the Prometheus operator's (@kubernetes-models/prometheus-operator),
//      Dapr's Component, Configuration, Resiliency and Subscription against the openAPIV3Schema of
//      Dapr's own CRDs (tools/chart-check/dapr-crds), with unknown fields refused as kubectl's
//      strict field validation does; an object of any other kind fails,
//   3. checks every pod (Deployments, Jobs, Pods, ...) against the Pod Security Standards'
//      "restricted" profile, control by control,
// and once checks skaffold.yaml against the JSON schema of its apiVersion.
// Exits 1 if anything fails. --expect-fail REGEX inverts that, for the negative tests in tools/test:
// it exits 0 only if some failure matches REGEX (so a negative test cannot pass by failing otherwise).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parseAllDocuments, parse } from "yaml";

const tools = dirname(fileURLToPath(import.meta.url));
const root = dirname(tools);
const chart = join(root, "charts/koordinering");

const args = process.argv.slice(2);
const valueFiles = [];
let release = "koordinering";
let expectFail = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--values") valueFiles.push(args[++i]);
  else if (args[i] === "--release") release = args[++i];
  else if (args[i] === "--expect-fail") expectFail = new RegExp(args[++i]);
  else { console.error(`chart-check: unknown argument ${args[i]}`); process.exit(2); }
}

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);
const stats = { objects: 0, pods: 0, podRules: 0, cases: 0 };

// ---------- rendering ----------
const renderer = join(tmpdir(), "koordinering-helm-render");
execFileSync("go", ["build", "-o", renderer, join(tools, "helm-render/main.go")], {
  cwd: root, stdio: "inherit",
  env: { ...process.env, GO111MODULE: "off", GOPATH: "/usr/share/gocode", GOCACHE: join(tmpdir(), "koordinering-gocache") },
});

function render(files) {
  const scratch = mkdtempSync(join(tmpdir(), "chart-check-"));
  const valuesOut = join(scratch, "values.json");
  try {
    const out = execFileSync(renderer, [chart, ...files.flatMap((f) => ["-f", f]), "--release", release], {
      env: { ...process.env, HELM_RENDER_VALUES_OUT: valuesOut }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    });
    return { manifests: out, values: JSON.parse(readFileSync(valuesOut, "utf8")) };
  } catch (e) {
    return { error: (e.stderr || e.message).toString().trim() };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------- schemas ----------
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const errorsOf = (validate) => (validate.errors || []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; ");

const valuesSchema = ajv.compile(JSON.parse(readFileSync(join(chart, "values.schema.json"), "utf8")));

// Kubernetes prunes fields a structural schema does not name, and kubectl's strict field
// validation refuses them: close every object schema that lists properties and does not keep
// unknown fields, so that a misspelt field fails here.
function closeSchema(schema) {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith("x-kubernetes-")) continue;
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closeSchema(s)])) : closeSchema(v);
  }
  if (out.properties && out.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  return out;
}
const crdValidators = new Map();
const crdDir = join(tools, "chart-check/dapr-crds");
for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml"))) {
  for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), "utf8"))) {
    const crd = doc.toJS();
    if (crd?.kind !== "CustomResourceDefinition") continue;
    for (const version of crd.spec.versions) {
      const schema = closeSchema(version.schema.openAPIV3Schema);
      // metadata is the API server's ObjectMeta, checked for every kind below.
      schema.properties.metadata = { type: "object" };
      crdValidators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
}

const modelModules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};
async function modelFor(apiVersion, kind) {
  const module = modelModules[apiVersion];
  if (!module) return undefined;
  return (await import(module))[kind];
}

// ObjectMeta as every object needs it: a DNS name, the chart's labels.
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function checkMetadata(where, object) {
  const name = object.metadata?.name ?? "";
  const limit = object.kind === "Service" || object.kind === "Pod" ? 63 : 253;
  if (!dnsLabel.test(name) && !(limit === 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))) fail(where, `name "${name}" is not a DNS name`);
  if (name.length > limit) fail(where, `name longer than ${limit}`);
  const labels = object.metadata?.labels ?? {};
  for (const label of ["helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/version"]) {
    if (!labels[label]) fail(where, `label ${label} missing`);
  }
  for (const [k, v] of Object.entries(labels)) {
    if (String(v).length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(String(v))) fail(where, `label ${k}=${v} is not a valid label value`);
  }
}

// ---------- Pod Security Standards, "restricted" (https://kubernetes.io/docs/concepts/security/pod-security-standards/) ----------
const allowedVolumeTypes = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const safeSysctls = new Set(["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]);
const allowedSELinuxTypes = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

function podSpecOf(object) {
  switch (object.kind) {
    case "Pod": return { spec: object.spec, meta: object.metadata };
    case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet": case "Job":
      return { spec: object.spec?.template?.spec, meta: object.spec?.template?.metadata };
    case "CronJob": return { spec: object.spec?.jobTemplate?.spec?.template?.spec, meta: object.spec?.jobTemplate?.spec?.template?.metadata };
    default: return undefined;
  }
}

function checkRestricted(where, podSpec, podMeta) {
  stats.pods++;
  const rule = (name, ok, detail) => { stats.podRules++; if (!ok) fail(where, `restricted: ${name}${detail ? ` (${detail})` : ""}`); };
  const psc = podSpec.securityContext ?? {};
  const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
  const annotations = podMeta?.annotations ?? {};

  // Baseline controls (restricted includes them).
  rule("Host Namespaces: hostNetwork, hostPID, hostIPC unset or false", !psc.hostNetwork && !podSpec.hostNetwork && !podSpec.hostPID && !podSpec.hostIPC);
  rule("Privileged Containers: privileged unset or false", containers.every((c) => !c.securityContext?.privileged));
  rule("Capabilities (baseline): no capability added beyond the default set", containers.every((c) => (c.securityContext?.capabilities?.add ?? []).every((cap) => ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"].includes(cap))));
  rule("HostPath Volumes: none", (podSpec.volumes ?? []).every((v) => !v.hostPath));
  rule("Host Ports: none", containers.every((c) => (c.ports ?? []).every((p) => !p.hostPort)));
  rule("AppArmor: unset, runtime/default or localhost/*", Object.entries(annotations).filter(([k]) => k.startsWith("container.apparmor.security.beta.kubernetes.io/")).every(([, v]) => v === "runtime/default" || v.startsWith("localhost/"))
    && [psc, ...containers.map((c) => c.securityContext ?? {})].every((sc) => !sc.appArmorProfile || ["RuntimeDefault", "Localhost"].includes(sc.appArmorProfile.type)));
  rule("SELinux: type unset or a container type, no user or role", [psc, ...containers.map((c) => c.securityContext ?? {})].every((sc) => !sc.seLinuxOptions || (allowedSELinuxTypes.has(sc.seLinuxOptions.type ?? "") && !sc.seLinuxOptions.user && !sc.seLinuxOptions.role)));
  rule("/proc Mount Type: Default", containers.every((c) => (c.securityContext?.procMount ?? "Default") === "Default"));
  rule("Seccomp (baseline): not Unconfined", [psc, ...containers.map((c) => c.securityContext ?? {})].every((sc) => sc.seccompProfile?.type !== "Unconfined"));
  rule("Sysctls: only the safe set", (psc.sysctls ?? []).every((s) => safeSysctls.has(s.name)), (psc.sysctls ?? []).map((s) => s.name).join(","));
  // Restricted controls.
  rule("Volume Types: only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret",
    (podSpec.volumes ?? []).every((v) => Object.keys(v).filter((k) => k !== "name").every((k) => allowedVolumeTypes.has(k))));
  rule("Privilege Escalation: allowPrivilegeEscalation false in every container", containers.every((c) => c.securityContext?.allowPrivilegeEscalation === false));
  rule("Running as Non-root: runAsNonRoot true in the pod or every container, never false",
    containers.every((c) => c.securityContext?.runAsNonRoot === true || (psc.runAsNonRoot === true && c.securityContext?.runAsNonRoot !== false)));
  rule("Running as Non-root user: runAsUser never 0", psc.runAsUser !== 0 && containers.every((c) => c.securityContext?.runAsUser !== 0));
  rule("Seccomp (restricted): RuntimeDefault or Localhost in the pod or every container",
    containers.every((c) => { const t = c.securityContext?.seccompProfile?.type ?? psc.seccompProfile?.type; return t === "RuntimeDefault" || t === "Localhost"; }));
  rule("Capabilities (restricted): drop ALL, add only NET_BIND_SERVICE",
    containers.every((c) => (c.securityContext?.capabilities?.drop ?? []).includes("ALL") && (c.securityContext?.capabilities?.add ?? []).every((cap) => cap === "NET_BIND_SERVICE")));
  // Not Pod Security Standards, but the chart's own rules for every pod: no API token, a read-only
  // root file system and resources for every container.
  rule("chart: automountServiceAccountToken false", podSpec.automountServiceAccountToken === false);
  rule("chart: readOnlyRootFilesystem in every container", containers.every((c) => c.securityContext?.readOnlyRootFilesystem === true));
  rule("chart: requests and a memory limit for every container", containers.every((c) => c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.memory));
  if (annotations["dapr.io/enabled"] === "true") {
    rule("chart: Dapr's built-in Kubernetes secret store off in a pod without a token", annotations["dapr.io/disable-builtin-k8s-secret-store"] === "true");
  }
}

// ---------- one case ----------
async function checkCase(name, files) {
  stats.cases++;
  const rendered = render(files);
  if (rendered.error) { fail(name, `rendering failed: ${rendered.error}`); return; }
  if (!valuesSchema(rendered.values)) fail(`${name} values`, `values.schema.json: ${errorsOf(valuesSchema)}`);
  const seen = new Set();
  for (const doc of parseAllDocuments(rendered.manifests)) {
    if (doc.errors.length) { fail(name, `YAML: ${doc.errors[0].message}`); continue; }
    const object = doc.toJS();
    if (!object) continue;
    stats.objects++;
    const where = `${name} ${object.kind}/${object.metadata?.name}`;
    const key = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
    if (seen.has(key)) fail(where, "rendered twice"); seen.add(key);
    checkMetadata(where, object);
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const crd = crdValidators.get(`${group}/${version}/${object.kind}`);
    if (crd) {
      if (!crd(object)) fail(where, `Dapr CRD schema: ${errorsOf(crd)}`);
    } else {
      const Model = await modelFor(object.apiVersion, object.kind);
      if (!Model) { fail(where, `no schema for ${object.apiVersion} ${object.kind}`); continue; }
      try { new Model(object).validate(); } catch (e) { fail(where, `schema: ${e.message}`); }
    }
    const pod = podSpecOf(object);
    if (pod) {
      if (!pod.spec) fail(where, "no pod spec");
      else checkRestricted(where, pod.spec, pod.meta);
    }
  }
}

function checkSkaffold() {
  const config = parse(readFileSync(join(root, "skaffold.yaml"), "utf8"));
  const version = /^skaffold\/(v[0-9a-z]+)$/.exec(config.apiVersion ?? "")?.[1];
  const file = version && join(tools, `chart-check/skaffold/${version}.json`);
  if (!file || !existsSync(file)) { fail("skaffold.yaml", `no schema kept for apiVersion ${config.apiVersion} (tools/chart-check/skaffold/)`); return; }
  const schema = JSON.parse(readFileSync(file, "utf8"));
  const validate = ajv.compile(schema);
  if (!validate(config)) fail("skaffold.yaml", `${version} schema: ${errorsOf(validate)}`);
  // Every per-image template names a built artifact.
  const artifacts = new Set((config.build?.artifacts ?? []).map((a) => a.image.replace(/[-/]/g, "_")));
  for (const release of config.deploy?.helm?.releases ?? []) {
    for (const [key, template] of Object.entries(release.setValueTemplates ?? {})) {
      for (const m of String(template).matchAll(/\{\{\.IMAGE_[A-Z_]+?_((?:koordinering)[A-Za-z0-9_]*)\}\}/g)) {
        if (!artifacts.has(m[1])) fail("skaffold.yaml", `${key} names no artifact: ${m[1]}`);
      }
    }
  }
}

const cases = valueFiles.length
  ? [[`values ${valueFiles.join(" + ")}`, valueFiles]]
  : [["default values", []], ...readdirSync(join(chart, "ci")).filter((f) => f.endsWith("-values.yaml")).sort().map((f) => [`ci/${f}`, [join(chart, "ci", f)]])];
for (const [name, files] of cases) await checkCase(name, files);
if (!valueFiles.length) checkSkaffold();

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`chart-check: ${stats.cases} value set(s), ${stats.objects} objects validated, ${stats.pods} pod specs checked against the restricted profile (${stats.podRules} rule checks), ${failures.length} failure(s)`);
if (expectFail) {
  if (!failures.some((f) => expectFail.test(f))) { console.log(`chart-check: expected a failure matching ${expectFail}, found none`); process.exit(1); }
  console.log(`chart-check: failed as expected (${expectFail})`);
  process.exit(0);
}
process.exit(failures.length ? 1 : 0);
