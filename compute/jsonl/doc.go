// Package jsonl is the JSON Lines protocol of the attention engine, as
// spoken by "paperlab compute": one request per input line, one response
// per input line, in order.
//
// Requests are JSON objects with an "op" and the op's fields:
//
//	{"op":"softmax","x":[…],"temperature"?:T}
//	{"op":"attention","q":[[…]],"k":[[…]],"v":[[…]],"scale"?:s,"mask"?:"causal"|[[0|1…]],"digits"?:d}
//	{"op":"multihead","x_q","x_kv","heads","w_q","w_k","w_v","w_o","b_q"?,"b_k"?,"b_v"?,"b_o"?,"mask"?,"digits"?}
//	{"op":"linear_map","x","w","b"?}
//	{"op":"positional_encoding","positions":n,"d_model":d,"base"?:b}
//	{"op":"span","vectors":[[…]],"target":[…]}
//	{"op":"similarity","q":[[…]],"k":[[…]]}
//	{"op":"score_stats","d_k":[…],"keys":m,"trials":t,"seed":s}
//	{"op":"pe_shift","positions":n,"d_model":d,"shift":k,"base"?:b}
//
// Numbers are read from their decimal text exactly ("0.1" is one tenth).
// Every op also accepts "digits" (0–30); attention then adds
// "decimal": {"weights","output"}, multihead "decimal": {"output",
// "head_weights"}, and the other ops certify all their numeric fields. A
// null optional field counts as absent.
//
// A response is {"ok":true,"result":{…},"checks":[…]} or
// {"ok":false,"error":"…"} naming the field and the problem. A blank line
// gets an error response, so one line in always gives one line out. Lines
// may be up to MaxLineBytes long; the compute package's limits apply to
// every matrix.
package jsonl
