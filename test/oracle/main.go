// The oracle: upstream Kubernetes' own code answering, one JSON line in, one JSON line out, what the
// API server of one release does with a pod update (decode + default + PrepareForUpdate + validate,
// as rest.BeforeUpdate runs it) and what its strategic merge patch computes. podpatch's tests and
// bench compare their answers with it (test/oracle/README.md). Built per release from go.<release>.mod.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

type request struct {
	ID  json.RawMessage `json:"id,omitempty"`
	Op  string          `json:"op"`
	Old json.RawMessage `json:"old,omitempty"`
	New json.RawMessage `json:"new,omitempty"`
	// Stage "server" (default): rest.BeforeUpdate with the pod (or resize) strategy, as a PUT/PATCH
	// reaches it. "validate": only GetValidationOptionsFromPodSpecAndMeta + ValidatePodUpdate/Resize
	// on the decoded pair (what upstream's table tests call).
	Stage     string          `json:"stage,omitempty"`
	Gates     map[string]bool `json:"gates,omitempty"`
	Namespace string          `json:"namespace,omitempty"`
	Original  json.RawMessage `json:"original,omitempty"`
	Modified  json.RawMessage `json:"modified,omitempty"`
	Patch     json.RawMessage `json:"patch,omitempty"`
}

type fieldError struct {
	Field    string `json:"field"`
	Type     string `json:"type"`
	Detail   string `json:"detail"`
	BadValue string `json:"badValue,omitempty"`
	// Message is field.Error.ErrorBody(): the text after "<field>: " in the API's messages.
	Message string `json:"message"`
}

type statusAnswer struct {
	Code    int32           `json:"code"`
	Reason  string          `json:"reason"`
	Message string          `json:"message"`
	Causes  json.RawMessage `json:"causes,omitempty"`
}

type response struct {
	ID      json.RawMessage `json:"id,omitempty"`
	Release string          `json:"release"`
	Valid   *bool           `json:"valid,omitempty"`
	Errors  []fieldError    `json:"errors,omitempty"`
	Status  *statusAnswer   `json:"status,omitempty"`
	// DecodeError: the body did not decode into a v1 Pod (wrong JSON types); the server answers 400.
	DecodeError string          `json:"decodeError,omitempty"`
	Result      json.RawMessage `json:"result,omitempty"`
	Error       string          `json:"error,omitempty"`
}

// release is set at build time (-ldflags -X main.release=1.33.13).
var release = "dev"

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		var req request
		var resp response
		if err := json.Unmarshal(line, &req); err != nil {
			resp = response{Error: "bad request line: " + err.Error()}
		} else {
			resp = answer(req)
			resp.ID = req.ID
		}
		resp.Release = release
		if err := enc.Encode(resp); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// One answer per line, flushed: callers wait for it before sending the next request.
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func answer(req request) response {
	switch req.Op {
	case "update", "resize":
		restore, err := setGates(req.Gates)
		defer restore()
		if err != nil {
			return response{Error: err.Error()}
		}
		return validateUpdate(req)
	case "smp-create":
		return createStrategicPatch(req.Original, req.Modified)
	case "smp-apply":
		return applyStrategicPatch(req.Original, req.Patch)
	case "info":
		return response{Result: json.RawMessage(fmt.Sprintf(`{"resize":%t}`, resizeStrategy() != nil))}
	}
	return response{Error: fmt.Sprintf("unknown op %q", req.Op)}
}
