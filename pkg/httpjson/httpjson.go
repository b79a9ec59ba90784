// Package httpjson writes the HTTP API's JSON bodies and its one error shape:
// {"error":{"code":"...","message":"..."}}.
package httpjson

import (
	"encoding/json"
	"net/http"
)

// Write sends v as JSON with the status.
func Write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ErrorBody is the API's error shape.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Error sends the error shape. Messages must be safe for clients: for 5xx
// use "internal error" and log the detail instead.
func Error(w http.ResponseWriter, status int, code, message string) {
	var b ErrorBody
	b.Error.Code, b.Error.Message = code, message
	Write(w, status, b)
}
