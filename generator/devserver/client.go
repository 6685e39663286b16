package devserver

import _ "embed"

// eventsPath is the development server's event stream. No built site has a
// folder named _paperlab.
const eventsPath = "/_paperlab/events"

// clientJS is the live-reload script every served page carries. It holds
// no "</script".
//
//go:embed client.js
var clientJS string
