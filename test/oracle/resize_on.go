//go:build !oracle_noresize

package main

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	api "k8s.io/kubernetes/pkg/apis/core"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	podregistry "k8s.io/kubernetes/pkg/registry/core/pod"
)

// Releases since 1.33 serve pods/resize with their own strategy.
func resizeStrategy() rest.RESTUpdateStrategy { return podregistry.ResizeStrategy }

func validateResize(newPod, oldPod *api.Pod, opts corevalidation.PodValidationOptions) field.ErrorList {
	return corevalidation.ValidatePodResize(newPod, oldPod, opts)
}
