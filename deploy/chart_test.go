// Package deploy_test checks what operators deploy, without a cluster or a
// container runtime. The Helm chart in helm/demarc: helm
// lint and helm template for several values files, every rendered manifest
// decoded strictly into the Kubernetes API's own Go types, and what the
// chart promises (probes, non-root, read-only root file systems, secrets
// only in Secrets) checked on the decoded objects.
//
// The Kubernetes types are imported by this test only: the demarc binary
// does not depend on them.
package deploy_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

const chart = "helm/demarc"

// helmVersion is the helm the suite installs (scripts/test.sh).
const helmVersion = "v4.3.2"

// helmBin finds helm v4 on $PATH or in $(go env GOPATH)/bin. Without it the
// test fails: a chart that is never rendered must not pass.
func helmBin(t *testing.T) string {
	t.Helper()
	candidates := []string{}
	if p, err := exec.LookPath("helm"); err == nil {
		candidates = append(candidates, p)
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			candidates = append(candidates, filepath.Join(dir, "bin", "helm"))
		}
	}
	for _, p := range candidates {
		out, err := exec.Command(p, "version", "--template", "{{.Version}}").Output()
		if err == nil && strings.HasPrefix(strings.TrimSpace(string(out)), "v4") {
			return p
		}
	}
	t.Fatalf("helm v4 is not installed (looked at %v): install it with `go install helm.sh/helm/v4/cmd/helm@%s` (scripts/test.sh does), then run the test again", candidates, helmVersion)
	return ""
}

func helm(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(helmBin(t), args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+t.TempDir(), "HELM_CONFIG_HOME="+t.TempDir(), "HELM_DATA_HOME="+t.TempDir())
	err := cmd.Run()
	if err != nil {
		return out.String() + errb.String(), fmt.Errorf("helm %s: %w\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String(), nil
}

// manifests holds the decoded objects of one rendering.
type manifests struct {
	raw             string
	kinds           []string
	deployment      *appsv1.Deployment
	secrets         []*corev1.Secret
	services        []*corev1.Service
	ingresses       []*networkingv1.Ingress
	pdbs            []*policyv1.PodDisruptionBudget
	hpas            []*autoscalingv2.HorizontalPodAutoscaler
	serviceMonitors []*monitoringv1.ServiceMonitor
	serviceAccounts []*corev1.ServiceAccount
}

// strict decodes doc into v, rejecting fields the type does not have.
func strict(doc []byte, v any) error {
	return yaml.UnmarshalStrict(doc, v)
}

// render runs helm template with the values file and decodes every
// manifest strictly.
func render(t *testing.T, values string, extra ...string) *manifests {
	t.Helper()
	args := append([]string{"template", "r1", chart, "--namespace", "demarc-test", "-f", values}, extra...)
	out, err := helm(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	m := &manifests{raw: out}
	r := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(out)))
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: splitting the manifests: %v", values, err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			t.Fatalf("%s: %v in\n%s", values, err, doc)
		}
		kind := tm.APIVersion + "/" + tm.Kind
		m.kinds = append(m.kinds, kind)
		var obj any
		switch kind {
		case "apps/v1/Deployment":
			if m.deployment != nil {
				t.Fatalf("%s: two Deployments", values)
			}
			m.deployment = &appsv1.Deployment{}
			obj = m.deployment
		case "v1/Secret":
			obj = add(&m.secrets)
		case "v1/Service":
			obj = add(&m.services)
		case "v1/ServiceAccount":
			obj = add(&m.serviceAccounts)
		case "networking.k8s.io/v1/Ingress":
			obj = add(&m.ingresses)
		case "policy/v1/PodDisruptionBudget":
			obj = add(&m.pdbs)
		case "autoscaling/v2/HorizontalPodAutoscaler":
			obj = add(&m.hpas)
		case "monitoring.coreos.com/v1/ServiceMonitor":
			obj = add(&m.serviceMonitors)
		default:
			t.Fatalf("%s: the chart renders a %s, which this test does not know: add its type here", values, kind)
		}
		if err := strict(doc, obj); err != nil {
			t.Errorf("%s: a %s does not decode strictly into its API type: %v\n%s", values, kind, err, doc)
		}
	}
	sort := slices.Clone(m.kinds)
	slices.Sort(sort)
	m.kinds = sort
	if m.deployment == nil {
		t.Fatalf("%s: no Deployment rendered", values)
	}
	return m
}

// add appends a new T to list and returns it, for decoding into.
func add[T any](list *[]*T) *T {
	v := new(T)
	*list = append(*list, v)
	return v
}

var commentLine = regexp.MustCompile(`(?m)^\s*#.*$`)

func stripComments(doc []byte) []byte { return commentLine.ReplaceAll(doc, nil) }

// valuesCase is one values file with what it must render.
type valuesCase struct {
	file  string
	kinds []string
	// secrets are strings of the values file that must appear nowhere in
	// plain text, and what each Secret key must decode to.
	secrets map[string]string
	// modelArg is the model argument of demarc serve.
	modelArg string
	gitSync  bool
	replicas int32 // 0 when the autoscaler decides
}

func cases() []valuesCase {
	return []valuesCase{{
		file:  "testdata/minimal.yaml",
		kinds: []string{"apps/v1/Deployment", "policy/v1/PodDisruptionBudget", "v1/Secret", "v1/Service", "v1/ServiceAccount"},
		secrets: map[string]string{
			"DEMARC_DB": "postgres://demarc:plain-db-password@db.example.org:5432/demarc?sslmode=require",
		},
		modelArg: "/git/current", gitSync: true, replicas: 3,
	}, {
		file: "testdata/full.yaml",
		kinds: []string{"apps/v1/Deployment", "autoscaling/v2/HorizontalPodAutoscaler", "monitoring.coreos.com/v1/ServiceMonitor",
			"networking.k8s.io/v1/Ingress", "policy/v1/PodDisruptionBudget", "v1/Secret", "v1/Service", "v1/ServiceAccount"},
		secrets: map[string]string{
			"DEMARC_DB":                 "postgres://demarc:plain-db-password@db.example.org:5432/demarc?sslmode=verify-full",
			"DEMARC_SESSION_KEY":        "cGxhaW4tc2Vzc2lvbi1rZXktcGxhaW4tc2Vzc2lvbi1rZXktMDEyMzQ1",
			"DEMARC_OIDC_CLIENT_SECRET": "plain-oidc-client-secret",
		},
		modelArg: "/git/current/model", gitSync: true,
	}, {
		file:     "testdata/existing-secret.yaml",
		kinds:    []string{"apps/v1/Deployment", "v1/Service"},
		modelArg: "--example", replicas: 1,
	}}
}

func TestChart(t *testing.T) {
	if _, err := helm(t, "lint", chart, "--strict", "-f", "testdata/minimal.yaml"); err != nil {
		t.Fatal(err)
	}
	flags := serveFlags(t)
	for _, c := range cases() {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			if out, err := helm(t, "lint", chart, "--strict", "-f", c.file); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			m := render(t, c.file)
			if !slices.Equal(m.kinds, c.kinds) {
				t.Errorf("rendered %v; want %v", m.kinds, c.kinds)
			}
			checkSecrets(t, m, c)
			checkPod(t, m, c, flags)
			checkSelectors(t, m)
		})
	}
}

// TestChartServiceMonitorNeedsItsAPI: without force, the ServiceMonitor is
// rendered only when the cluster serves its API.
func TestChartServiceMonitorNeedsItsAPI(t *testing.T) {
	vals := filepath.Join(t.TempDir(), "values.yaml")
	b, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vals, append(b, []byte("serviceMonitor:\n  enabled: true\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if m := render(t, vals); len(m.serviceMonitors) != 0 {
		t.Error("a ServiceMonitor is rendered for a cluster without monitoring.coreos.com/v1")
	}
	m := render(t, vals, "--api-versions", "monitoring.coreos.com/v1/ServiceMonitor")
	if len(m.serviceMonitors) != 1 {
		t.Fatal("no ServiceMonitor for a cluster with monitoring.coreos.com/v1")
	}
	ep := m.serviceMonitors[0].Spec.Endpoints
	if len(ep) != 1 || ep[0].Path != "/metrics" || ep[0].Port != "http" {
		t.Errorf("ServiceMonitor endpoints %+v; want port http, path /metrics", ep)
	}
}

// TestChartRefusesBadValues: values that cannot work fail the rendering
// with a message saying what to set.
func TestChartRefusesBadValues(t *testing.T) {
	for _, c := range []struct{ name, values, want string }{
		{"no database", "model:\n  gitSync:\n    repo: https://g/m.git\nauth:\n  proxy:\n    trustedProxies: [10.0.0.0/8]\n", "database.url is required"},
		{"sqlite", "model:\n  gitSync:\n    repo: https://g/m.git\ndatabase:\n  url: /data/demarc.db\nauth:\n  proxy:\n    trustedProxies: [10.0.0.0/8]\n", "must be a PostgreSQL URL"},
		{"no repository", "database:\n  url: postgres://h/d\nauth:\n  proxy:\n    trustedProxies: [10.0.0.0/8]\n", "model.gitSync.repo is required"},
		{"proxy without trusted ranges", "model:\n  gitSync:\n    repo: https://g/m.git\ndatabase:\n  url: postgres://h/d\n", "auth.proxy.trustedProxies is required"},
		{"anonymous unasked", "model:\n  gitSync:\n    repo: https://g/m.git\ndatabase:\n  url: postgres://h/d\nauth:\n  mode: none\n", "auth.allowAnonymous=true"},
		{"oidc half set", "model:\n  gitSync:\n    repo: https://g/m.git\ndatabase:\n  url: postgres://h/d\nauth:\n  mode: oidc\n  oidc:\n    issuer: https://i\n", "auth.oidc.clientId"},
	} {
		t.Run(c.name, func(t *testing.T) {
			vals := filepath.Join(t.TempDir(), "values.yaml")
			if err := os.WriteFile(vals, []byte(c.values), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := helm(t, "template", "r1", chart, "-f", vals)
			if err == nil {
				t.Fatalf("rendered; want a failure saying %q", c.want)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("failed with %q; want it to say %q", out, c.want)
			}
		})
	}
}

// checkSecrets: secret values are in a Secret (base64, as Kubernetes stores
// them) and nowhere else, not even in plain text in the Secret; the pod
// reads them by reference; there is no ConfigMap.
func checkSecrets(t *testing.T, m *manifests, c valuesCase) {
	t.Helper()
	for key, plain := range c.secrets {
		if strings.Contains(m.raw, plain) {
			t.Errorf("the value of %s is in the rendered manifests in plain text", key)
		}
		found := false
		for _, s := range m.secrets {
			if v, ok := s.Data[key]; ok {
				found = true
				if string(v) != plain {
					t.Errorf("Secret %s: %s decodes to %q; want the value given", s.Name, key, v)
				}
			}
			if len(s.StringData) > 0 {
				t.Errorf("Secret %s has stringData, which is stored as given in the manifest", s.Name)
			}
		}
		if !found {
			t.Errorf("no Secret holds %s", key)
		}
	}
	for _, s := range m.secrets {
		if k := s.Data["DEMARC_SESSION_KEY"]; k != nil {
			if raw, err := base64.StdEncoding.DecodeString(string(k)); err != nil || len(raw) < 32 {
				t.Errorf("Secret %s: DEMARC_SESSION_KEY is not 32+ bytes in base64 (%d bytes, %v): demarc would refuse it", s.Name, len(raw), err)
			}
		}
	}
	if slices.Contains(m.kinds, "v1/ConfigMap") {
		t.Error("the chart renders a ConfigMap; settings that are secret belong in a Secret, and nothing else needs one")
	}
	pod := m.deployment.Spec.Template.Spec
	for _, ctr := range slices.Concat(pod.InitContainers, pod.Containers) {
		for _, e := range ctr.Env {
			if strings.HasPrefix(e.Name, "DEMARC_") && (e.Value != "" || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil) {
				t.Errorf("container %s: %s is not read from a Secret", ctr.Name, e.Name)
			}
			for _, plain := range c.secrets {
				if strings.Contains(e.Value, plain) {
					t.Errorf("container %s: env %s holds a secret value", ctr.Name, e.Name)
				}
			}
		}
		for _, a := range ctr.Args {
			for _, plain := range c.secrets {
				if strings.Contains(a, plain) {
					t.Errorf("container %s: an argument holds a secret value", ctr.Name)
				}
			}
		}
	}
}

// checkPod: probes on /readyz and /healthz, no root, read-only root file
// systems, resources, a grace period longer than the drain, and demarc's
// arguments known to demarc serve.
func checkPod(t *testing.T, m *manifests, c valuesCase, flags map[string]bool) {
	t.Helper()
	d := m.deployment
	if c.replicas == 0 && d.Spec.Replicas != nil {
		t.Errorf("replicas %d set while the autoscaler decides", *d.Spec.Replicas)
	}
	if c.replicas != 0 && (d.Spec.Replicas == nil || *d.Spec.Replicas != c.replicas) {
		t.Errorf("replicas %v; want %d", d.Spec.Replicas, c.replicas)
	}
	if ru := d.Spec.Strategy.RollingUpdate; ru == nil || ru.MaxUnavailable == nil || ru.MaxUnavailable.IntValue() != 0 {
		t.Error("a rolling update may take a replica away before its replacement is ready (maxUnavailable must be 0)")
	}
	pod := d.Spec.Template.Spec
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
		t.Error("the pod may run as root")
	}
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		t.Error("the pod mounts a service account token it does not need")
	}
	var demarc *corev1.Container
	names := []string{}
	for i, ctr := range slices.Concat(pod.InitContainers, pod.Containers) {
		names = append(names, ctr.Name)
		sc := ctr.SecurityContext
		switch {
		case sc == nil:
			t.Errorf("container %s has no securityContext", ctr.Name)
			continue
		case sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || (sc.RunAsUser != nil && *sc.RunAsUser == 0):
			t.Errorf("container %s may run as root", ctr.Name)
		case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
			t.Errorf("container %s has a writable root file system", ctr.Name)
		case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
			t.Errorf("container %s allows privilege escalation", ctr.Name)
		case sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL"):
			t.Errorf("container %s keeps Linux capabilities", ctr.Name)
		}
		if ctr.Resources.Requests.Memory().IsZero() || ctr.Resources.Limits.Memory().IsZero() {
			t.Errorf("container %s has no memory request or limit", ctr.Name)
		}
		if i >= len(pod.InitContainers) && ctr.Name == "demarc" {
			demarc = &pod.Containers[i-len(pod.InitContainers)]
		}
	}
	want := []string{"demarc"}
	if c.gitSync {
		want = []string{"git-sync-init", "demarc", "git-sync"}
	}
	if !slices.Equal(names, want) {
		t.Errorf("containers %v; want %v", names, want)
	}
	if demarc == nil {
		t.Fatal("no demarc container")
	}
	probe := func(what string, p *corev1.Probe, path string) {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != path || p.HTTPGet.Port.String() != "http" {
			t.Errorf("%s probe %+v; want GET %s on port http", what, p, path)
		}
	}
	probe("readiness", demarc.ReadinessProbe, "/readyz")
	probe("liveness", demarc.LivenessProbe, "/healthz")
	probe("startup", demarc.StartupProbe, "/healthz")
	if len(demarc.Ports) != 1 || demarc.Ports[0].Name != "http" || demarc.Ports[0].ContainerPort != 8080 {
		t.Errorf("ports %+v; want http 8080", demarc.Ports)
	}
	if len(demarc.Args) < 2 || demarc.Args[0] != "serve" || demarc.Args[1] != c.modelArg {
		t.Errorf("args %v; want serve %s …", demarc.Args, c.modelArg)
	}
	drain := 0
	for _, a := range demarc.Args[1:] {
		if !strings.HasPrefix(a, "--") {
			if a != c.modelArg {
				t.Errorf("unexpected argument %q", a)
			}
			continue
		}
		name, val, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !flags[name] {
			t.Errorf("argument %s: demarc serve has no flag --%s", a, name)
		}
		if name == "drain-timeout" {
			if _, err := fmt.Sscanf(val, "%ds", &drain); err != nil {
				t.Errorf("--drain-timeout=%s is not whole seconds", val)
			}
		}
	}
	if drain == 0 {
		t.Error("no --drain-timeout")
	}
	if g := pod.TerminationGracePeriodSeconds; g == nil || *g <= int64(drain) {
		t.Errorf("terminationGracePeriodSeconds %v is not above --drain-timeout %ds: the kubelet would kill requests in flight", g, drain)
	}
	if c.gitSync {
		mounted := false
		for _, vm := range demarc.VolumeMounts {
			if vm.Name == "model" && strings.HasPrefix(c.modelArg, vm.MountPath+"/") && vm.ReadOnly {
				mounted = true
			}
		}
		if !mounted {
			t.Errorf("the model volume is not mounted read-only above %s in demarc", c.modelArg)
		}
	}
}

// checkSelectors: the Service, the PodDisruptionBudget and the autoscaler
// find the Deployment's pods.
func checkSelectors(t *testing.T, m *manifests) {
	t.Helper()
	labels := m.deployment.Spec.Template.Labels
	matches := func(sel map[string]string) bool {
		for k, v := range sel {
			if labels[k] != v {
				return false
			}
		}
		return len(sel) > 0
	}
	for _, s := range m.services {
		if !matches(s.Spec.Selector) {
			t.Errorf("Service %s selects %v, not the pods (%v)", s.Name, s.Spec.Selector, labels)
		}
	}
	for _, p := range m.pdbs {
		if p.Spec.Selector == nil || !matches(p.Spec.Selector.MatchLabels) {
			t.Errorf("PodDisruptionBudget %s does not select the pods", p.Name)
		}
	}
	for _, h := range m.hpas {
		if h.Spec.ScaleTargetRef.Kind != "Deployment" || h.Spec.ScaleTargetRef.Name != m.deployment.Name {
			t.Errorf("HorizontalPodAutoscaler %s scales %+v, not the Deployment", h.Name, h.Spec.ScaleTargetRef)
		}
	}
	for _, i := range m.ingresses {
		for _, r := range i.Spec.Rules {
			for _, p := range r.HTTP.Paths {
				if p.Backend.Service == nil || len(m.services) == 0 || p.Backend.Service.Name != m.services[0].Name {
					t.Errorf("Ingress %s routes to %+v, not the Service", i.Name, p.Backend.Service)
				}
			}
		}
	}
}

// serveFlags are the long flags of the real `demarc serve`, from the help
// of the binary the Dockerfile builds.
func serveFlags(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command(imageBinary(t), "serve", "--help").Output()
	if err != nil {
		t.Fatalf("demarc serve --help: %v", err)
	}
	flags := map[string]bool{}
	for _, f := range regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([a-z][a-z-]*)`).FindAllStringSubmatch(string(out), -1) {
		flags[f[1]] = true
	}
	if !flags["drain-timeout"] || !flags["addr"] {
		t.Fatalf("could not read the flags of demarc serve from its help: %v", flags)
	}
	return flags
}
