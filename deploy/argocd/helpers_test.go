package argocd_test

import (
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func metav1CreateOptions() metav1.CreateOptions {
	return metav1.CreateOptions{FieldManager: "aigw-test"}
}

func isExists(err error) bool { return apierrors.IsAlreadyExists(err) }
