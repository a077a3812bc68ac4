package spec

import "testing"

func TestNeedsAWSCredentials(t *testing.T) {
	tests := []struct {
		model  string
		params map[string]any
		key    string
		want   bool
	}{
		{"bedrock/anthropic.claude-sonnet-4-20250514-v1:0", nil, "bedrock-api-key", false},
		{"sagemaker/my-endpoint", nil, "a-key", true},
		{"bedrock/anthropic.claude-sonnet-4-20250514-v1:0", nil, "", true},
		{"bedrock/converse/us.amazon.nova-pro-v1:0", nil, "", true},
		{"sagemaker/my-endpoint", nil, "", true},
		{"sagemaker_chat/my-endpoint", nil, "", true},
		{"anthropic.claude-3-haiku-20240307-v1:0", nil, "", true},
		{"us.anthropic.claude-sonnet-4-20250514-v1:0", nil, "", true},
		{"my-model", map[string]any{"custom_llm_provider": "bedrock"}, "", true},
		{"azure/gpt-4o", nil, "", false},
		{"openai/gpt-4o", nil, "", false},
		{"anthropic/claude-sonnet-4", nil, "", false},
		{"gpt-4o", nil, "", false},
		{"bedrock/x", map[string]any{"custom_llm_provider": "openai"}, "", false},
	}
	for _, tt := range tests {
		if got := (Model{Model: tt.model, Params: tt.params, APIKeySecret: tt.key}).NeedsAWSCredentials(); got != tt.want {
			t.Errorf("%s %v: %v, want %v", tt.model, tt.params, got, tt.want)
		}
	}
}
