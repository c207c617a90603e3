// helm-render renders a Helm chart the way `helm template` does, with Helm's own engine pieces:
// Go's text/template, the sprig function library, and Helm's include/tpl/required/toYaml/fromYaml.
// There is no helm binary on the build machine, so this is how the chart is rendered in tests.
//
// Build offline from Debian's packages (golang-go, golang-github-masterminds-sprig-dev,
// golang-k8s-sigs-yaml-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run tools/helm-render/main.go CHART [-f values.yaml]... [--set-release NAME]
//
// It prints the manifests as one YAML stream, each prefixed with "# Source: <template>".
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: helm-render CHART [-f values.yaml]... [--release NAME] [--namespace NS]")
	}
	chartDir := os.Args[1]
	release := map[string]interface{}{"Name": "koordinering", "Namespace": "default", "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1}
	var overrides []string
	for i := 2; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "-f":
			i++
			overrides = append(overrides, os.Args[i])
		case "--release":
			i++
			release["Name"] = os.Args[i]
		case "--namespace":
			i++
			release["Namespace"] = os.Args[i]
		default:
			fail("unknown argument " + os.Args[i])
		}
	}

	chartMeta := readYaml(filepath.Join(chartDir, "Chart.yaml"))
	values := readYaml(filepath.Join(chartDir, "values.yaml"))
	for _, f := range overrides {
		values = merge(values, readYaml(f))
	}
	// Helm exposes Chart.yaml's fields capitalised (.Chart.Name, .Chart.AppVersion).
	chart := map[string]interface{}{}
	for k, v := range chartMeta {
		chart[strings.ToUpper(k[:1])+k[1:]] = v
	}
	top := map[string]interface{}{
		"Values":       values,
		"Release":      release,
		"Chart":        chart,
		"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.30.0", "Major": "1", "Minor": "30"}},
		"Template":     map[string]interface{}{"BasePath": filepath.Join(chartDir, "templates")},
	}

	root := template.New("chart").Option("missingkey=zero")
	funcs := sprig.TxtFuncMap()
	funcs["toYaml"] = func(v interface{}) string {
		out, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(out), "\n")
	}
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		_ = yaml.Unmarshal([]byte(s), &m)
		return m
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return v, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	root.Funcs(funcs)

	files, _ := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	sort.Strings(files)
	for _, f := range files {
		text, err := os.ReadFile(f)
		check(err)
		_, err = root.New(filepath.Base(f)).Parse(string(text))
		check(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "_") || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, top); err != nil {
			fail(err.Error())
		}
		fmt.Printf("---\n# Source: %s\n%s\n", name, strings.TrimSpace(buf.String()))
	}
}

func readYaml(path string) map[string]interface{} {
	text, err := os.ReadFile(path)
	check(err)
	m := map[string]interface{}{}
	check(yaml.Unmarshal(text, &m))
	return m
}

// merge overlays b on a, as Helm merges -f files over the chart's values.
func merge(a, b map[string]interface{}) map[string]interface{} {
	for k, v := range b {
		if bm, ok := v.(map[string]interface{}); ok {
			if am, ok := a[k].(map[string]interface{}); ok {
				a[k] = merge(am, bm)
				continue
			}
		}
		a[k] = v
	}
	return a
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "helm-render:", msg)
	os.Exit(1)
}
