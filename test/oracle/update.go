package main

import (
	"context"
	"encoding/json"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	podutil "k8s.io/kubernetes/pkg/api/pod"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	podregistry "k8s.io/kubernetes/pkg/registry/core/pod"
)

var podKind = schema.GroupVersionKind{Version: "v1", Kind: "Pod"}

// decodePod does what the API server does with a v1 body: JSON into v1.Pod, v1 defaults, then
// conversion to the internal type (the codec factory's decoder to the internal version).
func decodePod(data []byte) (*api.Pod, error) {
	obj, _, err := legacyscheme.Codecs.UniversalDecoder().Decode(data, &podKind, nil)
	if err != nil {
		return nil, err
	}
	pod, ok := obj.(*api.Pod)
	if !ok {
		return nil, fmt.Errorf("decoded a %T, not a Pod", obj)
	}
	return pod, nil
}

func validateUpdate(req request) response {
	oldPod, err := decodePod(req.Old)
	if err != nil {
		return response{DecodeError: "old: " + err.Error()}
	}
	newPod, err := decodePod(req.New)
	if err != nil {
		return response{DecodeError: err.Error()}
	}
	var strategy rest.RESTUpdateStrategy = podregistry.Strategy
	if req.Op == "resize" {
		strategy = resizeStrategy()
		if strategy == nil {
			return response{Error: "this release has no pods/resize subresource"}
		}
	}
	if req.Stage == "validate" {
		opts := podutil.GetValidationOptionsFromPodSpecAndMeta(&newPod.Spec, &oldPod.Spec, &newPod.ObjectMeta, &oldPod.ObjectMeta)
		opts.ResourceIsPod = true
		var errs field.ErrorList
		if req.Op == "resize" {
			errs = validateResize(newPod, oldPod, opts)
		} else {
			errs = corevalidation.ValidatePodUpdate(newPod, oldPod, opts)
		}
		return fromErrorList(errs)
	}
	ns := req.Namespace
	if ns == "" {
		ns = oldPod.Namespace
	}
	ctx := genericapirequest.WithNamespace(context.Background(), ns)
	// What the request handler puts in the context; declarative validation (1.36+) reads it.
	sub := ""
	if req.Op == "resize" {
		sub = "resize"
	}
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Verb: "patch", APIPrefix: "api", APIVersion: "v1",
		Namespace: ns, Resource: "pods", Subresource: sub, Name: oldPod.Name,
	})
	err = rest.BeforeUpdate(strategy, ctx, newPod, oldPod)
	if err == nil {
		valid := true
		return response{Valid: &valid}
	}
	statusErr, ok := err.(apierrors.APIStatus)
	if !ok {
		return response{Error: err.Error()}
	}
	st := statusErr.Status()
	resp := response{Status: &statusAnswer{Code: st.Code, Reason: string(st.Reason), Message: st.Message}}
	if st.Details != nil {
		resp.Status.Causes, _ = json.Marshal(st.Details.Causes)
		for _, c := range st.Details.Causes {
			resp.Errors = append(resp.Errors, fieldError{Field: c.Field, Type: string(c.Type), Message: c.Message})
		}
	}
	valid := false
	resp.Valid = &valid
	return resp
}

func fromErrorList(errs field.ErrorList) response {
	valid := len(errs) == 0
	resp := response{Valid: &valid}
	for _, e := range errs {
		fe := fieldError{Field: e.Field, Type: string(e.Type), Detail: e.Detail, Message: e.ErrorBody()}
		if e.BadValue != nil {
			fe.BadValue = fmt.Sprintf("%#v", e.BadValue)
		}
		resp.Errors = append(resp.Errors, fe)
	}
	return resp
}

// setGates sets feature gates for one request; restore puts back the defaults of the ones it set.
func setGates(gates map[string]bool) (func(), error) {
	if len(gates) == 0 {
		return func() {}, nil
	}
	known := utilfeature.DefaultMutableFeatureGate.GetAll()
	defaults := map[string]bool{}
	for name := range gates {
		spec, ok := known[featureName(name)]
		if !ok {
			return func() {}, fmt.Errorf("unknown feature gate %q in this release", name)
		}
		defaults[name] = spec.Default
	}
	restore := func() { _ = utilfeature.DefaultMutableFeatureGate.SetFromMap(defaults) }
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(gates); err != nil {
		restore()
		return func() {}, err
	}
	return restore, nil
}
