// Dev-time generator (not part of the oracle binaries): how encoding/json lays out the INTERNAL
// k8s.io/kubernetes/pkg/apis/core.PodSpec of one release, which ValidatePodUpdate's catch-all marshals
// (apimachinery pkg/util/diff.Diff -> json.MarshalIndent) into its unified diff. podpatch renders that
// diff from v1 JSON with src/core/rules/internalPodSpec.ts, driven by the layout written here.
//
//	cd test/oracle && go run -modfile=go.1.37.mod ./layout layout > ../../src/core/rules/internalPodSpecLayout.json
//	cd test/oracle && go run -modfile=go.1.37.mod ./layout marshal < pods.jsonl   # internal specs, one MarshalIndent per line (JSON string)
//
// `layout` uses reflection only, following encoding/json's rules: exported fields in struct order,
// the json tag's name and omitempty/omitzero where a type has tags (metav1 types do, core types do
// not), embedded structs without a tag name flattened, types with MarshalJSON/MarshalText marked.
package main

import (
	"bufio"
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
)

type field struct {
	Go   string `json:"go"`
	Type string `json:"type"`
	// V1 is the json key of the same-named field of the k8s.io/api/core/v1 peer type ("" when v1 has
	// no such field: a manual conversion fills it); JSON is the key encoding/json writes, when tagged.
	V1        string `json:"v1"`
	JSON      string `json:"json,omitempty"`
	Embedded  bool   `json:"embedded,omitempty"`
	OmitEmpty bool   `json:"omitempty,omitempty"`
	OmitZero  bool   `json:"omitzero,omitempty"`
}

// A named type: a struct's fields, or the JSON kind of a non-struct (string, int, bool, float,
// slice, map, or "marshaler"/"text" when the type or its pointer implements json.Marshaler /
// encoding.TextMarshaler).
type named struct {
	Kind      string  `json:"kind"`
	Fields    []field `json:"fields,omitempty"`
	PtrMethod bool    `json:"ptrMethod,omitempty"`
	// Elem (and Key): what a named map or slice type holds, e.g. core.ResourceList.
	Key  string `json:"key,omitempty"`
	Elem string `json:"elem,omitempty"`
	// V1Only: json keys of the v1 peer with no same-named internal field (converted by hand upstream).
	V1Only []string `json:"v1Only,omitempty"`
}

type layout struct {
	Comment string            `json:"//"`
	Module  string            `json:"module"`
	Root    string            `json:"root"`
	Types   map[string]*named `json:"types"`
}

var (
	marshalerType     = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

func kindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.Struct:
		return "struct"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
		return "slice"
	case reflect.Map:
		return "map"
	case reflect.Ptr:
		return "ptr"
	case reflect.Interface:
		return "interface"
	}
	return t.Kind().String()
}

// v1Fields: the json keys of a v1 struct's fields by Go name, and their types (to walk in parallel).
func v1Fields(v reflect.Type) (map[string]string, map[string]reflect.Type, []string) {
	keys, types, order := map[string]string{}, map[string]reflect.Type{}, []string{}
	if v == nil || v.Kind() != reflect.Struct {
		return keys, types, order
	}
	for i := 0; i < v.NumField(); i++ {
		sf := v.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" || (!sf.IsExported() && !sf.Anonymous) {
			continue
		}
		keys[sf.Name], types[sf.Name] = name, sf.Type
		order = append(order, sf.Name)
	}
	return keys, types, order
}

// elemPeer: the v1 peer of an element type, when the v1 type is a pointer/slice/map too.
func elemPeer(v reflect.Type) reflect.Type {
	if v == nil {
		return nil
	}
	switch v.Kind() {
	case reflect.Ptr, reflect.Slice, reflect.Array, reflect.Map:
		return v.Elem()
	}
	return nil
}

// collect records t (an internal type) and every named type under it; v is its v1 peer or nil.
func collect(t, v reflect.Type, types map[string]*named) {
	if t.Name() == "" {
		switch t.Kind() {
		case reflect.Ptr, reflect.Slice, reflect.Array:
			collect(t.Elem(), elemPeer(v), types)
		case reflect.Map:
			collect(t.Key(), nil, types)
			collect(t.Elem(), elemPeer(v), types)
		}
		return
	}
	key := t.String()
	if _, seen := types[key]; seen {
		return
	}
	n := &named{Kind: kindOf(t)}
	types[key] = n
	// encoding/json asks MarshalJSON first, then MarshalText (on T, or on *T when addressable).
	for _, m := range []struct {
		iface reflect.Type
		kind  string
	}{{marshalerType, "marshaler"}, {textMarshalerType, "text"}} {
		if t.Implements(m.iface) || reflect.PointerTo(t).Implements(m.iface) {
			n.Kind, n.PtrMethod = m.kind, !t.Implements(m.iface)
			return
		}
	}
	switch t.Kind() {
	case reflect.Map:
		n.Key, n.Elem = t.Key().String(), t.Elem().String()
		collect(t.Key(), nil, types)
		collect(t.Elem(), elemPeer(v), types)
		return
	case reflect.Slice:
		n.Elem = t.Elem().String()
		collect(t.Elem(), elemPeer(v), types)
		return
	case reflect.Struct:
	default:
		return
	}
	v1Keys, v1Types, v1Order := v1Fields(v)
	used := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		f := field{Go: sf.Name, Type: sf.Type.String(), JSON: name}
		if key, ok := v1Keys[sf.Name]; ok {
			f.V1, used[sf.Name] = key, true
		}
		f.OmitEmpty = strings.Contains(","+opts+",", ",omitempty,")
		f.OmitZero = strings.Contains(","+opts+",", ",omitzero,")
		ft := sf.Type
		if ft.Kind() == reflect.Ptr {
			ft = ft.Elem()
		}
		f.Embedded = sf.Anonymous && name == "" && ft.Kind() == reflect.Struct
		if sf.Anonymous && !sf.IsExported() && !f.Embedded {
			continue
		}
		n.Fields = append(n.Fields, f)
		collect(sf.Type, v1Types[sf.Name], types)
	}
	for _, goName := range v1Order {
		if !used[goName] {
			n.V1Only = append(n.V1Only, v1Keys[goName])
		}
	}
}

func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "k8s.io/kubernetes" {
				return d.Path + "@" + d.Version
			}
		}
	}
	return "k8s.io/kubernetes@unknown"
}

func writeLayout() error {
	types := map[string]*named{}
	root := reflect.TypeOf(api.PodSpec{})
	collect(root, reflect.TypeOf(v1.PodSpec{}), types)
	mod := moduleVersion()
	l := layout{
		Comment: "Generated by test/oracle/layout from " + mod + " (cd test/oracle && go run -modfile=go.<release>.mod ./layout layout): encoding/json's view of the internal core.PodSpec. Do not edit.",
		Module:  mod,
		Root:    root.String(),
		Types:   types,
	}
	return printLayout(l)
}

// marshal: each stdin line a v1 Pod; each stdout line the JSON string of json.MarshalIndent(spec, "", " ")
// of the pod decoded as the API server does (v1 defaults, conversion to internal); null when it does not decode.
func marshal() error {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	kind := schema.GroupVersionKind{Version: "v1", Kind: "Pod"}
	for in.Scan() {
		obj, _, err := legacyscheme.Codecs.UniversalDecoder().Decode(in.Bytes(), &kind, nil)
		if err != nil {
			// A body the API server would refuse with 400: no spec to show.
			fmt.Println("null")
			continue
		}
		text, err := json.MarshalIndent(obj.(*api.Pod).Spec, "", " ")
		if err != nil {
			return err
		}
		line, _ := json.Marshal(string(text))
		fmt.Println(string(line))
	}
	return in.Err()
}

func main() {
	var err error
	switch strings.Join(os.Args[1:], " ") {
	case "layout":
		err = writeLayout()
	case "marshal":
		err = marshal()
	default:
		err = fmt.Errorf("usage: layout | marshal")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// printLayout: one line per type and per field, sorted, so a release's changes read as a small diff.
func printLayout(l layout) error {
	var b strings.Builder
	str := func(v any) string { out, _ := json.Marshal(v); return string(out) }
	fmt.Fprintf(&b, "{\n \"//\": %s,\n \"module\": %s,\n \"root\": %s,\n \"types\": {", str(l.Comment), str(l.Module), str(l.Root))
	names := make([]string, 0, len(l.Types))
	for name := range l.Types {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		n := l.Types[name]
		sep := ","
		if i == len(names)-1 {
			sep = ""
		}
		if n.Kind != "struct" {
			fmt.Fprintf(&b, "\n  %s: %s%s", str(name), str(n), sep)
			continue
		}
		fmt.Fprintf(&b, "\n  %s: {\"kind\": \"struct\",", str(name))
		if len(n.V1Only) > 0 {
			fmt.Fprintf(&b, " \"v1Only\": %s,", str(n.V1Only))
		}
		b.WriteString(" \"fields\": [")
		for j, f := range n.Fields {
			fsep := ","
			if j == len(n.Fields)-1 {
				fsep = ""
			}
			fmt.Fprintf(&b, "\n   %s%s", str(f), fsep)
		}
		fmt.Fprintf(&b, "\n  ]}%s", sep)
	}
	b.WriteString("\n }\n}\n")
	_, err := os.Stdout.WriteString(b.String())
	return err
}
