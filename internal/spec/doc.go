// Package spec defines the AIGateway document (aigateway.yaml): its Go types,
// a strict position-aware decoder, the deep merge of an environment over the
// base spec, defaults, validation and the JSON Schema generated from the types.
//
// Every error it returns for user input is an *Error (or a List of them) that
// names file, line, column and the field path, so that the CLI and the Argo
// CD plugin can print one precise message per problem.
package spec
