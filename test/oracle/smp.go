package main

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/component-base/featuregate"
)

func featureName(name string) featuregate.Feature { return featuregate.Feature(name) }

// createStrategicPatch: what kubectl and client-go send for a v1 Pod (CreateTwoWayMergePatch).
func createStrategicPatch(original, modified json.RawMessage) response {
	patch, err := strategicpatch.CreateTwoWayMergePatch(original, modified, corev1.Pod{})
	if err != nil {
		return response{Error: err.Error()}
	}
	return response{Result: patch}
}

// applyStrategicPatch: what the API server does with application/strategic-merge-patch+json.
func applyStrategicPatch(original, patch json.RawMessage) response {
	result, err := strategicpatch.StrategicMergePatch(original, patch, corev1.Pod{})
	if err != nil {
		return response{Error: err.Error()}
	}
	return response{Result: result}
}
