//go:build oracle_noresize

package main

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	api "k8s.io/kubernetes/pkg/apis/core"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
)

// Before 1.33 there is no pods/resize subresource (build tag oracle_noresize).
func resizeStrategy() rest.RESTUpdateStrategy { return nil }

func validateResize(newPod, oldPod *api.Pod, opts corevalidation.PodValidationOptions) field.ErrorList {
	return nil
}
