// helm-render renders a Helm chart the way `helm template` does, with Helm's own engine pieces:
// Go's text/template, the sprig function library, and Helm's include/tpl/required/toYaml/fromYaml.
// There is no helm binary on the build machine, so this is how the chart is rendered in tests.
//
// Build offline from Debian's packages (golang-go, golang-github-masterminds-sprig-dev,
// golang-k8s-sigs-yaml-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run tools/helm-render/main.go CHART [-f values.yaml]... [--set a.b=v]... [--release NAME] [--namespace NS] [--notes]
//
// It prints the manifests as one YAML stream, each prefixed with "# Source: <template>" (templates
// in subfolders too, e.g. templates/tests/), and with --notes NOTES.txt after them as comments.
// --set takes a dotted key and a string value, as skaffold's setValueTemplates pass them (no
// list indexes or type guessing). lookup answers nothing, as under helm template. The chart's
// values.schema.json is not applied here: tools/chart-check.mjs validates the merged values.
package main

import (
	"bytes"
	"encoding/json"
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
	var sets []string
	notes := false
	for i := 2; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "-f":
			i++
			overrides = append(overrides, os.Args[i])
		case "--set":
			i++
			sets = append(sets, os.Args[i])
		case "--notes":
			notes = true
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
	for _, s := range sets {
		eq := strings.Index(s, "=")
		if eq < 1 {
			fail("--set wants key=value: " + s)
		}
		set(values, strings.Split(s[:eq], "."), s[eq+1:])
	}
	if path := os.Getenv("HELM_RENDER_VALUES_OUT"); path != "" {
		out, err := json.Marshal(values)
		check(err)
		check(os.WriteFile(path, out, 0o644))
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
	// helm template has no cluster to look in: lookup finds nothing.
	funcs["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	root.Funcs(funcs)

	templatesDir := filepath.Join(chartDir, "templates")
	var files []string
	check(filepath.Walk(templatesDir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, path)
		}
		return err
	}))
	sort.Strings(files)
	for _, f := range files {
		text, err := os.ReadFile(f)
		check(err)
		rel, _ := filepath.Rel(templatesDir, f)
		_, err = root.New(rel).Parse(string(text))
		check(err)
	}
	var notesText string
	for _, f := range files {
		name, _ := filepath.Rel(templatesDir, f)
		if name == "NOTES.txt" {
			var buf bytes.Buffer
			if err := root.ExecuteTemplate(&buf, name, top); err != nil {
				fail(err.Error())
			}
			notesText = buf.String()
			continue
		}
		if strings.HasPrefix(filepath.Base(name), "_") || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, name, top); err != nil {
			fail(err.Error())
		}
		fmt.Printf("---\n# Source: %s\n%s\n", name, strings.TrimSpace(buf.String()))
	}
	if notes {
		fmt.Println("---\n# NOTES.txt")
		for _, line := range strings.Split(strings.TrimRight(notesText, "\n"), "\n") {
			fmt.Println("# " + line)
		}
	}
}

// set puts a --set value at its dotted path, making maps on the way.
func set(values map[string]interface{}, path []string, value string) {
	for _, key := range path[:len(path)-1] {
		next, ok := values[key].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			values[key] = next
		}
		values = next
	}
	values[path[len(path)-1]] = value
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
