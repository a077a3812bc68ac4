package argocd

// PreviewProject gives the tests the previews' AppProject.
var PreviewProject = previewProject
